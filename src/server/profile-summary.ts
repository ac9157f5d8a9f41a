/**
 * What the page needs to know about a model: its keypad and interior (to draw them), its
 * limits, and its procedures in words (so a person at the page can follow them). Made from
 * the profile's data, never from a list of model names (STYLE.md 6).
 */
import type { KeyName } from "../core/keys.ts";
import type { LockProfile, Procedure, Token } from "../core/profile-types.ts";
import type { ProfileSummary } from "./api-schemas.ts";

const ROLE_WORDS: Record<Extract<Token, { t: "digits" }>["role"], string> = {
  "new-user": "new code",
  "new-programming": "new programming code",
  confirm: "the same code again",
  auth: "programming code",
  existing: "the code to delete",
  literal: "",
};

function keyWord(profile: LockProfile, key: "program" | "lock"): string {
  return key === "program" ? "Program" : profile.keypad.confirmLabel;
}

function tokenWords(profile: LockProfile, t: Token): string {
  switch (t.t) {
    case "key":
      return keyWord(profile, t.key);
    case "digit":
      return t.digit;
    case "presses":
      return "Program × slot number";
    case "slot-number":
      return "slot number";
    case "digits":
      return t.role === "literal" ? (t.equals ?? "digits") : ROLE_WORDS[t.role];
  }
}

function procedureWords(profile: LockProfile, p: Procedure): string {
  const start =
    p.start.kind === "programming-code"
      ? [`programming code`, keyWord(profile, "lock")]
      : p.start.kind === "hold-program"
        ? [`hold Program ${p.start.holdMs / 1000} s`]
        : [];
  return [...start, ...p.tokens.map((t) => tokenWords(profile, t))].join(" · ");
}

/** Keys a procedure holds down: Program always, the keys of boot holds, the reset hole. */
function holdKeys(profile: LockProfile): KeyName[] {
  const keys = new Set<KeyName>(["program"]);
  for (const b of profile.boot) keys.add(b.key);
  if (profile.resetHole) keys.add("reset");
  return [...keys];
}

export function summarizeProfile(profile: LockProfile): ProfileSummary {
  const procedures = profile.procedures.map((p) => ({
    id: p.id,
    rule: p.rule,
    steps: procedureWords(profile, p),
  }));
  for (const b of profile.boot) {
    if (b.then === "refuse") continue; // not a procedure of this model: it only answers one
    const held = b.holdMs > 0 ? ` · keep holding ${b.holdMs / 1000} s` : "";
    const after =
      b.complete === "next-program-press"
        ? " · release · press Program"
        : b.complete === "on-release"
          ? " · release"
          : "";
    const kind = b.then === "hand-door" ? "door-handing-at-power-up" : "factory-reset-at-power-up";
    procedures.push({
      id: b.source ? `${kind}-${b.source.replace(/\W+/g, "-")}` : kind,
      rule: b.source ? `boot hold (${b.source})` : "boot hold",
      steps: `pack out · hold ${keyWord(profile, b.key)} · pack in${held}${after}`,
    });
  }
  if (profile.resetHole) {
    procedures.push({
      id: "factory-reset-with-reset-hole",
      rule: "B-RST-3",
      steps: `hold the reset hole ${profile.resetHole.holdMs / 1000} s`,
    });
  }
  return {
    id: profile.id,
    name: profile.name,
    models: [...profile.models],
    sources: [...profile.sources],
    keypad: {
      kind: profile.keypad.kind,
      confirmLabel: profile.keypad.confirmLabel,
      sharedButtons: [...profile.keypad.sharedButtons],
    },
    interior: { ...profile.interior },
    radio: profile.radio,
    pairing: profile.pairing && {
      method: profile.pairing.method,
      controllerStep: profile.pairing.controllerStep,
      lockStep: profile.pairing.lockStep,
      source: profile.pairing.source,
    },
    codes: {
      capacity: profile.codes.capacity,
      userLengthMin: profile.codes.userLengthMin,
      userLengthMax: profile.codes.userLengthMax,
      defaultProgrammingCode: profile.codes.defaultProgrammingCode,
    },
    battery: { lowV: profile.battery.lowV, criticalV: profile.battery.criticalV },
    holdKeys: holdKeys(profile),
    procedures,
  };
}
