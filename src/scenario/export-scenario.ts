/**
 * A running lock written out as a scenario file (SCENARIOS.md), so a support agent can rebuild
 * a customer's lock from it: the profile, whether it is handed and paired, door, pack, faults
 * the twin shows, temperature, settings that differ from the model's, the clock, the
 * programming code and the user codes with their windows and schedules.
 *
 * The lock keeps only keyed hashes of its codes (B-SEC-7), so codes cannot be read back. A code
 * the person told the page (their code, the programming code, codes they know) is written when
 * it matches the slot's hash; every other occupied slot gets a placeholder that obeys the
 * model's rules (length, B-CODE-4 prefixes, the 910's shared buttons), marked as such on its
 * line and in the file's header. The file ends with an `expect` of what the rebuilt lock shows.
 */
import { Document, isMap, isSeq, Scalar } from "yaml";
import type { YAMLMap } from "yaml";
import { checkNewCode, isProgrammingCode, slotOfCode, withSlot } from "../core/code-book.ts";
import { factoryPersistentState } from "../core/factory-state.ts";
import type { LockProfile } from "../core/profile-types.ts";
import type { PersistentState, StoredCode } from "../core/state.ts";
import type { WeeklyWindow } from "../core/radio-types.ts";
import { HEALTHY_MECHANISM } from "../twin/bolt-mechanism.ts";
import type { LockTwin } from "../twin/lock-twin.ts";
import { markNow, observe } from "../twin/observe-lock.ts";
import type { PackKind } from "../twin/battery-pack.ts";
import type { Person } from "../twin/person.ts";
import type { BatteryKind, WeeklySchedule } from "./scenario-types.ts";

export interface ExportOptions {
  /** The title line (`scenario:`). */
  readonly title: string;
  /** The pack the host believes is in (the twin knows cells, not the kind). */
  readonly packKind: PackKind | null;
  /** Where the lock came from, for the header (its id on the host). */
  readonly source?: string;
  /** What the person at the lock told the page: their code, other codes, the programming code. */
  readonly person?: Person;
  /** When the file was written, for its header (wall time). */
  readonly exportedAt?: Date;
}

/** What the exporter wrote, besides the text: which slots are placeholders. */
export interface ExportedScenario {
  readonly text: string;
  readonly placeholderSlots: readonly number[];
  readonly programmingCodePlaceholder: boolean;
}

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

export function exportScenario(twin: LockTwin, opts: ExportOptions): ExportedScenario {
  const profile = twin.profile;
  const stored = twin.persistent();
  const notes: string[] = [];
  const person = opts.person ?? {};

  // ---- the stored record: codes and the programming code ----
  let programmingCode: string | undefined;
  let programmingCodePlaceholder = false;
  const codes: { slot: number; code: string; placeholder: boolean; c: StoredCode }[] = [];
  if (stored) {
    let rebuilt = factoryPersistentState(profile, stored.secret);
    if (stored.programmingCode) {
      const known = person.programmingCode;
      if (known !== undefined && isProgrammingCode(profile, stored, known)) programmingCode = known;
      else if (profile.codes.defaultProgrammingCode !== null) {
        const d = profile.codes.defaultProgrammingCode;
        if (isProgrammingCode(profile, stored, d)) programmingCode = d;
      }
      if (programmingCode === undefined) {
        programmingCode = placeholderCode(profile, { ...rebuilt, programmingCode: null }, "programming", 0);
        programmingCodePlaceholder = true;
      }
      const check = checkNewCode(
        profile,
        { ...rebuilt, programmingCode: null },
        programmingCode,
        "programming",
        null,
      );
      if (check.ok) rebuilt = { ...rebuilt, programmingCode: check.stored };
    }
    // Every code the person knows, whatever slot they think it is in: the hash decides.
    const knownCodes = [person.code, person.typed, ...(person.otherCodes ?? []).map((c) => c.code)].filter(
      (c): c is string => c !== undefined && /^[0-9]+$/.test(c),
    );
    const occupied = stored.codes.flatMap((c, i) => (c ? [{ slot: i + 1, c }] : []));
    // Known codes first, so the placeholders keep clear of them.
    const unknown: typeof occupied = [];
    for (const o of occupied) {
      const code = knownCodes.find((k) => slotOfCode(profile, stored, k) === o.slot);
      const known = code === undefined ? undefined : { code };
      const check = known && checkNewCode(profile, rebuilt, known.code, "user", o.slot - 1);
      if (known && check && check.ok) {
        rebuilt = withSlot(rebuilt, o.slot, check.stored);
        codes.push({ slot: o.slot, code: known.code, placeholder: false, c: o.c });
      } else unknown.push(o);
    }
    for (const o of unknown) {
      const code = placeholderCode(profile, rebuilt, "user", o.slot);
      const check = checkNewCode(profile, rebuilt, code, "user", o.slot - 1);
      if (check.ok) rebuilt = withSlot(rebuilt, o.slot, check.stored);
      codes.push({ slot: o.slot, code, placeholder: true, c: o.c });
      if (o.c.usesLeft !== undefined)
        notes.push(`slot ${o.slot} had ${o.c.usesLeft} uses left; the scenario language cannot say so`);
    }
    codes.sort((a, b) => a.slot - b.slot);
  } else {
    notes.push("the lock's stored record could not be read: written as out of the box");
  }

  // ---- faults the twin shows now ----
  const faults: string[] = [];
  const handed = stored?.handing != null;
  const hasSetup = codes.length > 0 || (programmingCode !== undefined && programmingCodePlaceholder);
  const state: "factory" | "ready" = handed || hasSetup || stored?.paired === true ? "ready" : "factory";
  if (state === "ready" && !handed) faults.push("not-handed");
  if (handed && stored?.handing !== twin.extendDrive) faults.push("wrong-handing");
  if (twin.contactsCorroded) faults.push("contacts-corroded");
  if (twin.mech.strikeLoadN > HEALTHY_MECHANISM.strikeLoadN) faults.push("strike-misaligned");
  if (twin.mech.frictionN > HEALTHY_MECHANISM.frictionN) faults.push("bolt-dry");
  if (twin.mech.clutchSpringBroken) faults.push("clutch-spring-broken");
  else if (!twin.mech.clutchEngaged) faults.push("clutch-disengaged");
  if (!twin.mech.motorWorks) faults.push("motor-failed");
  if (twin.keypad.dirtyMissChance > 0) faults.push("keypad-dirty");
  if (twin.keypad.brokenKeys.length > 0) {
    faults.push("keypad-damaged");
    notes.push(
      `broken keys: ${twin.keypad.brokenKeys.join(", ")} (the fault breaks the first digit of the first code)`,
    );
  }
  if (stored?.mode === "vacation") faults.push("vacation-mode");
  else if (stored && stored.mode !== "normal") notes.push(`the lock was in ${stored.mode} mode`);
  if (profile.radio !== null && stored?.paired === true && !twin.hubKnowsLock) faults.push("hub-unpaired");
  if (profile.radio !== null && !twin.radioOnline) faults.push("radio-offline");
  if (twin.firmwareOutdated) faults.push("firmware-outdated");
  if (twin.powered && twin.firmware.state.lockedOutUntilMs !== null) faults.push("keypad-lockout");
  if (twin.cells === null) notes.push("the pack was out of the lock");
  let batteries: BatteryKind = "fresh";
  if (opts.packKind === "unlocks-only") {
    batteries = "critical";
    notes.push(
      "the pack was at the unlocks-only level, which the scenario language has no word for: written as critical",
    );
  } else if (opts.packKind !== null) batteries = opts.packKind;

  // ---- settings that differ from the model's ----
  const settings: Record<string, number | boolean> = {};
  for (const [k, v] of Object.entries(stored?.settings ?? {})) {
    if (profile.defaultSettings[k] !== v) settings[k] = v;
  }

  const lock: Record<string, unknown> = {
    profile: profile.id,
    state,
    door: twin.doorClosed ? "closed" : "open",
    batteries,
    ...(codes.length > 0 ? { codes: codes.map((c) => codeEntry(c.slot, c.code, c.c)) } : {}),
    ...(programmingCode !== undefined ? { programmingCode } : {}),
    ...(faults.length > 0 ? { faults } : {}),
    temperatureC: Math.round(twin.temperatureC * 10) / 10,
    ...(Object.keys(settings).length > 0 ? { settings } : {}),
    time: new Date(twin.clock.nowMs).toISOString(),
    ...(profile.radio !== null ? { paired: stored?.paired === true } : {}),
  };

  // ---- what the rebuilt lock must show ----
  const o = observe(twin, markNow(twin));
  const expect: Record<string, unknown> = {
    handed: o.handed,
    codes: o.codes,
    ...(profile.radio !== null ? { paired: stored?.paired === true && twin.hubKnowsLock } : {}),
  };
  const steps: Record<string, unknown>[] = [];
  if (o.bolt === "extended") {
    steps.push({ thumbturn: "lock" });
    expect["bolt"] = "extended";
  }
  steps.push({ expect });

  const doc = new Document({ scenario: opts.title, lock, steps });
  const placeholderSlots = codes.filter((c) => c.placeholder).map((c) => c.slot);
  doc.commentBefore = header(opts, profile, placeholderSlots, programmingCodePlaceholder, notes);
  markPlaceholders(doc, codes, programmingCodePlaceholder);
  return { text: doc.toString({ lineWidth: 0 }), placeholderSlots, programmingCodePlaceholder };
}

function codeEntry(slot: number, code: string, c: StoredCode): Record<string, unknown> {
  return {
    slot,
    code,
    ...(c.validFromMs === undefined ? {} : { validFrom: new Date(c.validFromMs).toISOString() }),
    ...(c.validUntilMs === undefined ? {} : { validUntil: new Date(c.validUntilMs).toISOString() }),
    ...(c.weekly === undefined ? {} : { schedule: toSchedule(c.weekly) }),
  };
}

/** The inverse of weekly-window.ts: core's day bits and minutes as `{ days, from, until }`. */
export function toSchedule(w: WeeklyWindow): WeeklySchedule {
  const hhmm = (m: number) =>
    `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
  return {
    days: DAYS.filter((_, i) => (w.dayMask & (1 << i)) !== 0),
    from: hhmm(w.fromMinute),
    until: hhmm(w.untilMinute),
  };
}

/**
 * A code the model accepts in this slot next to those already chosen: `9` and the slot
 * number first (easy to spot), then other digits until the rules hold.
 */
function placeholderCode(
  profile: LockProfile,
  p: PersistentState,
  kind: "user" | "programming",
  slot: number,
): string {
  const length = kind === "user" ? profile.codes.userLengthMin : profile.codes.programmingLengthMin;
  const first = `9${String(slot).padStart(length - 1, "0")}`.slice(0, length);
  const replacing = kind === "user" ? slot - 1 : null;
  if (checkNewCode(profile, p, first, kind, replacing).ok) return first;
  for (let n = 0; n < 200_000; n++) {
    const candidate = String((n * 7_919 + slot * 104_729) % 10 ** length).padStart(length, "0");
    if (checkNewCode(profile, p, candidate, kind, replacing).ok) return candidate;
  }
  return first; // every candidate refused: the file will say why when it is loaded
}

function header(
  opts: ExportOptions,
  profile: LockProfile,
  placeholders: readonly number[],
  programmingPlaceholder: boolean,
  notes: readonly string[],
): string {
  const lines = [
    ` A ${profile.name} exported by Latchkey${opts.source ? ` from lock ${opts.source}` : ""}${opts.exportedAt ? ` at ${opts.exportedAt.toISOString()}` : ""}.`,
    " Load it with POST /api/locks/import (or the page's Load a lock from a file), or run it:",
    "   latchkey scenario run FILE",
  ];
  if (placeholders.length > 0 || programmingPlaceholder) {
    lines.push(
      "",
      " PLACEHOLDER CODES: the lock keeps only keyed hashes of its codes (B-SEC-7), so they cannot",
      " be read back. Codes marked PLACEHOLDER are made up (same slot, window and schedule, the",
      " model's rules kept); the customer's real codes are not in this file.",
    );
    if (placeholders.length > 0) lines.push(` Placeholder slots: ${placeholders.join(", ")}.`);
    if (programmingPlaceholder) lines.push(" The programming code is a placeholder too.");
  }
  for (const n of notes) lines.push(` Note: ${n}.`);
  lines.push(
    " The lock block says the lock; the steps put its bolt where it was and check the rebuilt lock.",
  );
  return lines.join("\n");
}

function markPlaceholders(
  doc: Document,
  codes: readonly { slot: number; placeholder: boolean }[],
  programmingPlaceholder: boolean,
): void {
  const lock = doc.get("lock", true);
  if (!isMap(lock)) return;
  const list = (lock as YAMLMap).get("codes", true);
  if (isSeq(list)) {
    list.items.forEach((item, i) => {
      if (!isMap(item)) return;
      item.flow = true;
      if (codes[i]?.placeholder) item.comment = " PLACEHOLDER: the real code cannot be read back";
    });
  }
  if (programmingPlaceholder) {
    const pc = (lock as YAMLMap).get("programmingCode", true);
    if (pc instanceof Scalar) pc.comment = " PLACEHOLDER: the real programming code cannot be read back";
  }
  const settings = (lock as YAMLMap).get("settings", true);
  if (isMap(settings)) settings.flow = true;
  const faults = (lock as YAMLMap).get("faults", true);
  if (isSeq(faults)) faults.flow = true;
}
