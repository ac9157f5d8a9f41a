/**
 * Commands over the lock's radio (B-NET-1/2/3/5): remote lock and unlock (with a user code
 * when the lock asks for one), codes with a validity window, weekly schedule or a number of
 * uses, reading a slot back and a checksum of the code table, modes, settings, status, and
 * joining or leaving the controller's network as the profile's `pairing` says.
 *
 * Every command is answered by one result carrying its request id; lock and unlock are
 * answered when the bolt run ended (bolt-control.ts). A lock that is not paired is in no
 * network: it hears only pairing, and answers nothing else (the link says `lock.unpaired`).
 * The link being down is physical and never reaches the firmware (B-NET-5), so the keypad is
 * never affected.
 */
import type { LockStatus, RadioCommand, RefusalCode, WeeklyWindow } from "./radio-types.ts";
import { LOCK_MODES, MAX_CODE_USES } from "./radio-types.ts";
import type { StepContext } from "./step-context.ts";
import { answerOk, answerRefused, emitSignal, persist, record, report, reportEvent } from "./step-context.ts";
import { checkNewCode, countCodes, matchEntry, slotInfo, whyCodeIdle, withSlot } from "./code-book.ts";
import { resetWrongEntries, wrongEntry } from "./lockout.ts";
import type { StoredCode } from "./state.ts";
import { requestBolt } from "./bolt-control.ts";
import { cancelAutoLock, dropAutoLockWithoutCodes } from "./auto-lock.ts";
import { codeTableChecksum } from "./code-table-checksum.ts";
import { spendUse } from "./code-uses.ts";
import { packPercent } from "./pack-charge.ts";

export function onRadioCommand(ctx: StepContext, command: RadioCommand, requestId: string): void {
  if (ctx.profile.radio === null || ctx.profile.pairing === null) return;
  // Whatever arrives over the air is checked, never trusted to be well formed.
  if (typeof command !== "object" || command === null || typeof command.type !== "string") {
    if (ctx.s.persistent.paired) answerRefused(ctx, requestId, "command.invalid", "a command is { type, … }");
    return;
  }
  if (command.type === "pair") return pair(ctx, requestId);
  if (command.type === "unpair") return unpair(ctx, requestId);
  const p = ctx.s.persistent;
  if (!p.paired) return; // in no network: nothing reaches it, nothing is answered (B-NET-3)
  const ok = (): void => answerOk(ctx, requestId);
  const refuse = (code: RefusalCode, reason: string): void => answerRefused(ctx, requestId, code, reason);
  const capacity = ctx.profile.codes.capacity;
  const badSlot = (slot: unknown): string | null =>
    Number.isInteger(slot) && (slot as number) >= 1 && (slot as number) <= capacity
      ? null
      : `slot ${String(slot)} does not exist (1–${capacity})`;
  switch (command.type) {
    case "lock":
    case "unlock":
      return remoteBolt(ctx, command.type, command.code, requestId);
    case "setCode": {
      const slotProblem = badSlot(command.slot);
      if (slotProblem) return refuse("code.slot", slotProblem);
      const problem = extrasProblem(command);
      if (problem) return refuse(problem.code, problem.reason);
      const extras = {
        ...(command.validFromMs === undefined ? {} : { validFromMs: command.validFromMs }),
        ...(command.validUntilMs === undefined ? {} : { validUntilMs: command.validUntilMs }),
        ...(command.weekly === undefined ? {} : { weekly: command.weekly }),
        ...(command.uses === undefined ? {} : { usesLeft: command.uses }),
      };
      if (typeof command.code !== "string") return refuse("code.digits", "a code is made of digits only");
      const check = checkNewCode(ctx.profile, p, command.code, "user", command.slot - 1, extras);
      if (!check.ok) return refuse(check.code, check.reason);
      const changed = p.codes[command.slot - 1] != null;
      persist(ctx, withSlot(p, command.slot, check.stored));
      record(ctx, "code-added", "remote", { slot: command.slot });
      ok();
      reportEvent(ctx, {
        kind: changed ? "code-changed" : "code-added",
        source: "remote",
        slot: command.slot,
      });
      return;
    }
    case "deleteCode": {
      const slotProblem = badSlot(command.slot);
      if (slotProblem) return refuse("code.slot", slotProblem);
      const held = p.codes[command.slot - 1] != null;
      if (held) {
        persist(ctx, withSlot(p, command.slot, null));
        record(ctx, "code-deleted", "remote", { slot: command.slot });
        dropAutoLockWithoutCodes(ctx);
      }
      ok(); // deleting a free slot is done already: a retried command is harmless
      if (held) reportEvent(ctx, { kind: "code-deleted", source: "remote", slot: command.slot });
      return;
    }
    case "setSchedule": {
      const slotProblem = badSlot(command.slot);
      if (slotProblem) return refuse("code.slot", slotProblem);
      const held = p.codes[command.slot - 1];
      if (!held) return refuse("code.empty", `slot ${command.slot} holds no code: set one with setCode`);
      const problem = scheduleProblem(command, held);
      if (problem) return refuse("command.invalid", problem);
      persist(ctx, withSlot(p, command.slot, rescheduled(held, command)));
      record(ctx, "code-added", "remote", { slot: command.slot, detail: "schedule changed" });
      ok();
      reportEvent(ctx, { kind: "code-changed", source: "remote", slot: command.slot });
      return;
    }
    case "readSlot": {
      const slotProblem = badSlot(command.slot);
      if (slotProblem) return refuse("code.slot", slotProblem);
      return answerOk(ctx, requestId, slotInfo(p, command.slot));
    }
    case "readChecksum":
      return answerOk(ctx, requestId, { checksum: codeTableChecksum(p) });
    case "mode": {
      if (!LOCK_MODES.includes(command.mode))
        return refuse("command.invalid", `mode is normal, vacation, privacy or passage`);
      // Passage unlocks the door: a lock that asks for a code with a remote unlock asks for one
      // here too, or a controller could unlock through the mode without it.
      const passageSlot =
        command.mode === "passage"
          ? checkRemoteCode(
              ctx,
              command.code,
              requestId,
              "this lock asks for a user code to unlock, and passage unlocks",
            )
          : null;
      if (passageSlot === REFUSED) return;
      persist(ctx, { ...ctx.s.persistent, mode: command.mode });
      record(ctx, "mode", "remote", { detail: command.mode });
      // Every controller hears a change (a second hub, Matter's OperatingMode, the lock page);
      // setting the mode it is already in changes nothing, so nothing is reported.
      if (command.mode !== p.mode)
        reportEvent(ctx, { kind: "mode-changed", source: "remote", mode: command.mode });
      if (command.mode === "passage") {
        cancelAutoLock(ctx);
        requestBolt(ctx, "retracted", "remote", passageSlot ?? undefined);
        if (passageSlot !== null) spendUse(ctx, passageSlot);
      }
      return ok();
    }
    case "settings": {
      const problem =
        typeof command.settings === "object" && command.settings !== null
          ? checkSettings(ctx, command.settings)
          : "settings is a mapping of names to values";
      if (problem) return refuse("settings.invalid", problem);
      const settings = { ...p.settings, ...command.settings };
      persist(ctx, { ...p, settings });
      record(ctx, "settings", "remote", { detail: Object.keys(command.settings).join(", ") });
      // Every controller hears it (a second hub, Matter, the lock page), not only the sender.
      reportEvent(ctx, { kind: "settings-changed", source: "remote", settings });
      return ok();
    }
    case "status":
      return answerOk(ctx, requestId, statusOf(ctx));
    default:
      return refuse(
        "command.invalid",
        `unknown command ${JSON.stringify((command as { type?: unknown }).type)}`,
      );
  }
}

/** Remote lock or unlock: checked now, answered when the bolt run ends (bolt-control.ts). */
function remoteBolt(
  ctx: StepContext,
  type: "lock" | "unlock",
  code: string | undefined,
  requestId: string,
): void {
  const checked = checkRemoteCode(
    ctx,
    code,
    requestId,
    "this lock asks for a user code with a remote lock or unlock",
  );
  if (checked === REFUSED) return;
  const refusal = requestBolt(
    ctx,
    type === "lock" ? "extended" : "retracted",
    "remote",
    checked ?? undefined,
    requestId,
  );
  if (refusal) return answerRefused(ctx, requestId, refusal.code, refusal.reason);
  if (checked !== null) spendUse(ctx, checked);
}

const REFUSED = -1;

/**
 * The user code a remote command carries, checked like a keypad entry when one is given or the
 * lock asks for one (`requirePinForRemote`): the slot it matched, null when none was needed, or
 * REFUSED once the refusal is answered (a wrong code counts towards a lockout, B-SEC-6).
 */
function checkRemoteCode(
  ctx: StepContext,
  code: string | undefined,
  requestId: string,
  whyRequired: string,
): number | null {
  const p = ctx.s.persistent;
  const refuse = (c: RefusalCode, reason: string): number => {
    answerRefused(ctx, requestId, c, reason);
    return REFUSED;
  };
  if (code === undefined && p.settings["requirePinForRemote"] !== true) return null;
  if (code === undefined) return refuse("code.required", whyRequired);
  if (typeof code !== "string" || !/^[0-9]{1,12}$/.test(code))
    return refuse("code.digits", "a code is made of digits only");
  // The same lockout as the keypad (B-SEC-1, B-SEC-6): during one every code is refused, and a
  // wrong code counts, so a PIN sent over the radio is no way around it.
  const until = ctx.s.lockedOutUntilMs;
  if (until !== null)
    return refuse(
      "code.lockout",
      `codes are refused for ${Math.ceil((until - ctx.now) / 1000)} s more, until the lockout ends (B-SEC-1)`,
    );
  // Compared like a keypad entry, every slot in full (B-SEC-7).
  const match = matchEntry(ctx.profile, p, code, ctx.now);
  if (match.kind === "programming")
    return refuse("code.wrong", "the programming code never unlocks (B-SEC-3)");
  const wrong = (c: RefusalCode, reason: string): number => {
    refuse(c, reason);
    wrongEntry(ctx, `${reason} (remote)`, "remote");
    return REFUSED;
  };
  if (match.kind !== "user") return wrong("code.wrong", "that is not a user code of this lock");
  const stored = p.codes[match.slot - 1];
  const idle = stored ? whyCodeIdle(stored, match.slot) : null;
  if (idle !== null) return wrong(stored?.disabled ? "code.window" : "code.uses", idle);
  if (!match.inWindow) return wrong("code.window", `slot ${match.slot} is outside its window (B-CODE-8)`);
  resetWrongEntries(ctx);
  return match.slot;
}

/** Whether the lock is listening for a controller after its radio button was pressed. */
function listening(ctx: StepContext): boolean {
  const until = ctx.s.pairingUntilMs;
  return until !== null && ctx.now <= until;
}

/** The person pressed the radio button: announce, and listen for the profile's time. */
export function onRadioButton(ctx: StepContext): void {
  const pairing = ctx.profile.pairing;
  if (pairing === null || pairing.atLock !== "press-radio-button") return;
  ctx.s.pairingUntilMs = ctx.now + pairing.listenMs;
  report(ctx, { type: "announce", profileId: ctx.profile.id, method: pairing.method }, true);
}

/** The controller takes the lock into its network (profile `pairing`). */
function pair(ctx: StepContext, requestId: string): void {
  const pairing = ctx.profile.pairing;
  if (pairing === null) return;
  const p = ctx.s.persistent;
  if (p.paired) return answerRefused(ctx, requestId, "pair.already", "the lock is already paired");
  if (pairing.atLock === "press-radio-button" && !listening(ctx)) {
    return answerRefused(
      ctx,
      requestId,
      "pair.not-ready",
      `the lock is not ready to pair: ${pairing.controllerStep}, then ${pairing.lockStep}`,
      true,
    );
  }
  ctx.s.pairingUntilMs = null;
  persist(ctx, { ...p, paired: true });
  record(ctx, "paired", "remote", { detail: pairing.method });
  emitSignal(ctx, pairing.pairedSignal);
  answerOk(ctx, requestId);
  reportEvent(ctx, { kind: "paired", method: pairing.method });
}

/** The controller removes the lock from its network (Z-Wave exclusion needs the button too). */
function unpair(ctx: StepContext, requestId: string): void {
  const pairing = ctx.profile.pairing;
  const p = ctx.s.persistent;
  if (pairing === null || !p.paired) return; // in no network: nothing to leave, nobody to answer
  if (pairing.removeNeedsLockStep && !listening(ctx)) {
    return answerRefused(
      ctx,
      requestId,
      "pair.not-ready",
      `to remove the lock, start removal at the controller, then ${pairing.lockStep}`,
    );
  }
  ctx.s.pairingUntilMs = null;
  // Answered and reported while still in the network, then the lock leaves it.
  answerOk(ctx, requestId);
  reportEvent(ctx, { kind: "unpaired", reason: "removed" });
  persist(ctx, { ...p, paired: false });
  record(ctx, "unpaired", "remote", { detail: "removed by the controller" });
}

function statusOf(ctx: StepContext): LockStatus {
  const s = ctx.s;
  return {
    bolt: s.reported,
    battery: { level: s.battery, percent: packPercent(s.batteryRestV) },
    mode: s.persistent.mode,
    lockout: s.lockedOutUntilMs === null ? null : { untilMs: s.lockedOutUntilMs },
    doorClosed: s.doorClosed,
    codes: countCodes(s.persistent),
    capacity: ctx.profile.codes.capacity,
    handed: s.persistent.handing !== null,
    settings: s.persistent.settings,
  };
}

/** A slot's code with its window, schedule and switch changed as setSchedule says. */
function rescheduled(code: StoredCode, c: Extract<RadioCommand, { type: "setSchedule" }>): StoredCode {
  const pick = <T>(given: T | null | undefined, kept: T | undefined): T | undefined =>
    given === undefined ? kept : given === null ? undefined : given;
  const validFromMs = pick(c.validFromMs, code.validFromMs);
  const validUntilMs = pick(c.validUntilMs, code.validUntilMs);
  const weekly = pick(c.weekly, code.weekly);
  const disabled = c.enabled === undefined ? code.disabled : c.enabled ? undefined : true;
  return {
    fullHi: code.fullHi,
    fullLo: code.fullLo,
    prefix: code.prefix,
    ...(validFromMs === undefined ? {} : { validFromMs }),
    ...(validUntilMs === undefined ? {} : { validUntilMs }),
    ...(weekly === undefined ? {} : { weekly }),
    ...(code.usesLeft === undefined ? {} : { usesLeft: code.usesLeft }),
    ...(disabled ? { disabled } : {}),
  };
}

/** What is wrong with a setSchedule, checked on the code as it would be stored. */
function scheduleProblem(c: Extract<RadioCommand, { type: "setSchedule" }>, code: StoredCode): string | null {
  if (c.enabled !== undefined && typeof c.enabled !== "boolean") return "enabled is true or false";
  const given = extrasProblem({
    ...(c.validFromMs == null ? {} : { validFromMs: c.validFromMs }),
    ...(c.validUntilMs == null ? {} : { validUntilMs: c.validUntilMs }),
    ...(c.weekly == null ? {} : { weekly: c.weekly }),
  });
  if (given) return given.reason;
  const next = rescheduled(code, c);
  if (
    next.validFromMs !== undefined &&
    next.validUntilMs !== undefined &&
    next.validUntilMs <= next.validFromMs
  )
    return "validUntilMs must be later than validFromMs";
  return null;
}

const isTime = (v: unknown): boolean => typeof v === "number" && Number.isFinite(v) && v >= 0;

/** A setCode's window, schedule and uses, checked before anything is stored. */
function extrasProblem(c: {
  validFromMs?: number;
  validUntilMs?: number;
  weekly?: WeeklyWindow;
  uses?: number;
}): { code: RefusalCode; reason: string } | null {
  if (c.validFromMs !== undefined && !isTime(c.validFromMs))
    return { code: "command.invalid", reason: "validFromMs is a time in ms" };
  if (c.validUntilMs !== undefined && !isTime(c.validUntilMs))
    return { code: "command.invalid", reason: "validUntilMs is a time in ms" };
  if (c.validFromMs !== undefined && c.validUntilMs !== undefined && c.validUntilMs <= c.validFromMs)
    return { code: "command.invalid", reason: "validUntilMs must be later than validFromMs" };
  if (c.weekly !== undefined) {
    const w = c.weekly;
    const minute = (m: unknown): boolean =>
      Number.isInteger(m) && (m as number) >= 0 && (m as number) <= 1440;
    if (
      typeof w !== "object" ||
      w === null ||
      !Number.isInteger(w.dayMask) ||
      w.dayMask < 1 ||
      w.dayMask > 127 ||
      !minute(w.fromMinute) ||
      !minute(w.untilMinute) ||
      w.fromMinute === w.untilMinute
    )
      return {
        code: "command.invalid",
        reason: "weekly is { dayMask 1–127, fromMinute and untilMinute 0–1440, not equal }",
      };
  }
  if (c.uses !== undefined && (!Number.isInteger(c.uses) || c.uses < 1 || c.uses > MAX_CODE_USES))
    return { code: "code.uses", reason: `uses is a whole number from 1 to ${MAX_CODE_USES}` };
  return null;
}

/** Which settings a profile knows, and their allowed values; null when all are fine. */
export function checkSettings(
  ctx: Pick<StepContext, "profile">,
  settings: Readonly<Record<string, number | boolean | string>>,
): string | null {
  for (const [name, value] of Object.entries(settings)) {
    if (!Object.hasOwn(ctx.profile.defaultSettings, name)) {
      return `${ctx.profile.id} has no setting "${name}" (it has: ${Object.keys(ctx.profile.defaultSettings).join(", ")})`;
    }
    const expected = typeof ctx.profile.defaultSettings[name];
    if (typeof value !== expected) return `setting "${name}" takes a ${expected}`;
    if (typeof value === "number" && !Number.isFinite(value)) return `setting "${name}" takes a number`;
    if (name === "autoLockSeconds" && value !== 0) {
      const allowed = ctx.profile.autoLock.allowedSeconds;
      const fine = Array.isArray(allowed)
        ? allowed.includes(value as number)
        : (value as number) >= (allowed as { min: number }).min &&
          (value as number) <= (allowed as { max: number }).max;
      if (!fine) {
        const text = Array.isArray(allowed)
          ? allowed.join(", ")
          : `${(allowed as { min: number }).min}–${(allowed as { max: number }).max}`;
        return `autoLockSeconds is 0 (off) or ${text} (B-BOLT-7)`;
      }
    }
  }
  return null;
}
