/**
 * Procedures a person carries out on the twin with their hands, in lock time: a key tap,
 * typing a code, running any of the profile's programming procedures (built from the
 * profile's own token lists, so a new model needs nothing here), door handing, resets, and
 * the check "does the lock work": lock and unlock from the keypad with the door closed.
 */
import { slotOfCode } from "../core/code-book.ts";
import type { KeyName } from "../core/keys.ts";
import { isDigitKey } from "../core/keys.ts";
import type { BootHold, Procedure, ProcedureAction } from "../core/profile-types.ts";
import type { LockTwin } from "./lock-twin.ts";
import type { Person } from "./person.ts";
import { codeTyped, knownProgrammingCode } from "./person.ts";

/** SCENARIOS.md: each press takes 0.5 s of lock time. */
export const PRESS_MS = 500;

/** What the person knows about their lock (kept for callers that only know codes). */
export type PersonKnowledge = Person;

export function tap(twin: LockTwin, key: KeyName): void {
  twin.pressKey(key);
  twin.advance(PRESS_MS / 2);
  twin.releaseKey(key);
  twin.advance(PRESS_MS / 2);
}

export function typeKeys(twin: LockTwin, keys: readonly KeyName[]): void {
  for (const k of keys) tap(twin, k);
}

export function digitsToKeys(digits: string): KeyName[] {
  return [...digits].filter((d) => isDigitKey(d as KeyName)) as KeyName[];
}

/** Lets the lock finish what it is doing: the entry pause, motor runs and retries. */
export function settleLock(twin: LockTwin): void {
  twin.advance(Math.max(twin.profile.keypad.entryPauseMs, 500) + 8_000);
}

/** Enters the person's code as the model wants it (with `lock` where the model needs it). */
export function enterCode(twin: LockTwin, code: string): void {
  // Character by character, no key lists: fleets type a few codes every lock-day.
  for (let i = 0; i < code.length; i++) {
    const key = code[i] as KeyName;
    if (isDigitKey(key)) tap(twin, key);
  }
  if (twin.profile.keypad.entryEnds === "lock") tap(twin, "lock");
  settleLock(twin);
}

/** B-PWR-7: pack out for 15 s, back in. */
export function softReset(twin: LockTwin): void {
  twin.removePack();
  twin.advance(15_000);
  twin.insertPack();
  twin.advance(2_000);
}

export interface ProcedureValues {
  readonly slot?: number;
  readonly code?: string;
  readonly programmingCode?: string;
}

/**
 * Keys for one of the profile's procedures with this action, the one whose condition holds
 * now; null when the person cannot do it (no such procedure, or they lack the programming code).
 */
export function procedureKeys(
  twin: LockTwin,
  action: ProcedureAction,
  v: ProcedureValues,
): { keys: KeyName[]; holdProgramMs?: number } | null {
  const p = twin.persistent();
  const hasProgramming = p?.programmingCode != null;
  const candidates = twin.profile.procedures.filter(
    (proc) => proc.action === action && conditionHolds(twin, proc, hasProgramming),
  );
  for (const proc of candidates) {
    const keys = tokensToKeys(proc, v);
    if (!keys) continue;
    if (proc.start.kind === "programming-code") {
      if (!v.programmingCode) continue;
      return { keys: [...digitsToKeys(v.programmingCode), "lock", ...keys] };
    }
    if (proc.start.kind === "hold-program") return { keys, holdProgramMs: proc.start.holdMs + 200 };
    return { keys };
  }
  return null;
}

function conditionHolds(twin: LockTwin, proc: Procedure, hasProgramming: boolean): boolean {
  switch (proc.when) {
    case "always":
      return true;
    case "programming-code-set":
      return hasProgramming;
    case "no-programming-code":
      return !hasProgramming;
    case "programming-switch-on":
      return twin.persistent()?.settings["programmingSwitch"] === true;
  }
}

function tokensToKeys(proc: Procedure, v: ProcedureValues): KeyName[] | null {
  const keys: KeyName[] = [];
  for (const t of proc.tokens) {
    switch (t.t) {
      case "key":
        keys.push(t.key);
        break;
      case "digit":
        keys.push(t.digit as KeyName);
        break;
      case "presses":
        if (!v.slot) return null;
        for (let i = 0; i < v.slot; i++) keys.push(t.key);
        break;
      case "slot-number":
        if (!v.slot) return null;
        keys.push(...digitsToKeys(String(v.slot)));
        break;
      case "digits": {
        const d =
          t.role === "auth"
            ? v.programmingCode
            : t.role === "literal"
              ? t.equals
              : t.role === "new-programming"
                ? v.programmingCode
                : v.code;
        if (!d) return null;
        keys.push(...digitsToKeys(d));
        break;
      }
    }
  }
  return keys;
}

/** Runs a procedure of the profile; false when the person cannot. */
export function runProcedure(twin: LockTwin, action: ProcedureAction, v: ProcedureValues): boolean {
  const plan = procedureKeys(twin, action, v);
  if (!plan) return false;
  // In vacation or privacy mode the first Program press only ends the mode (B-SEC-2, "turned off
  // from inside"): the person sees it and starts the sequence again.
  const mode = twin.persistent()?.mode;
  if (
    plan.holdProgramMs === undefined &&
    plan.keys[0] === "program" &&
    (mode === "vacation" || mode === "privacy")
  ) {
    typeKeys(twin, ["program"]);
    twin.advance(1_000);
  }
  if (plan.holdProgramMs !== undefined) {
    twin.pressKey("program");
    twin.advance(plan.holdProgramMs);
    twin.releaseKey("program");
    twin.advance(PRESS_MS / 2);
  }
  typeKeys(twin, plan.keys);
  twin.advance(1_000);
  return true;
}

/**
 * Adds (or re-adds) a code as the person would from the keypad, and checks that the lock
 * holds it: the slot it went into, or null when the lock did not take it (a refused code, a
 * programming code the person lacks). On a model whose slot choice shares its first keys
 * with a menu (the SmartCode 955: Program then 3 opens "set programming code", B-PRG-5, so
 * a code starting with 3 cannot go into slot 1 by one Program press), the person uses the
 * next free slot whose keys do not run into a menu — as the lock leaves them no other way.
 */
export function addCode(twin: LockTwin, person: Person, code: string, slot: number): number | null {
  const values = { code, ...programmingFor(person) };
  for (const s of slotsToTry(twin, slot)) {
    const plan = procedureKeys(twin, "add-code", { ...values, slot: s });
    if (!plan) return null;
    if (opensAnotherMenu(twin, plan.keys)) continue;
    runProcedure(twin, "add-code", { ...values, slot: s });
    const p = twin.persistent();
    const held = p ? slotOfCode(twin.profile, p, code) : 0;
    return held > 0 ? held : null;
  }
  return null;
}

/** The slot asked for, then the free slots after it (only tried when the first is ambiguous). */
function slotsToTry(twin: LockTwin, slot: number): number[] {
  const p = twin.persistent();
  const free = p ? p.codes.flatMap((c, i) => (c === null && i + 1 !== slot ? [i + 1] : [])) : [];
  return [slot, ...free];
}

/**
 * Whether these keys, typed from idle, would be taken by another of the profile's procedures
 * that commits on a menu digit (the 955's Program, 3) before the add-code one can finish.
 */
function opensAnotherMenu(twin: LockTwin, keys: readonly KeyName[]): boolean {
  const hasProgramming = twin.persistent()?.programmingCode != null;
  return twin.profile.procedures.some((proc) => {
    if (proc.action === "add-code" || !conditionHolds(twin, proc, hasProgramming)) return false;
    if (proc.start.kind !== "program-key") return false;
    for (let i = 0; i < proc.tokens.length; i++) {
      const t = proc.tokens[i];
      const k = keys[i];
      if (!t || k === undefined) return false;
      if (t.t === "key" && t.key === k) continue;
      if (t.t === "digit" && t.digit === k) {
        if (t.commit) return true;
        continue;
      }
      return false;
    }
    return false;
  });
}

function programmingFor(person: Person): { programmingCode?: string } {
  const pc = knownProgrammingCode(person);
  return pc === undefined ? {} : { programmingCode: pc };
}

/**
 * Runs the profile's door-handing procedure (B-SET-3, B-SET-4, the 910's Lock hold) with
 * the door open (B-CARE-3), then puts the door back as it was. Returns false when the
 * profile has no way to hand the door that this person can do.
 */
export function runDoorHanding(twin: LockTwin, person: Person): boolean {
  const wasClosed = twin.doorClosed;
  if (wasClosed) twin.setDoor(false);
  const done = handDoor(twin, person);
  twin.advance(15_000); // the bolt goes out and in by itself
  if (wasClosed) twin.setDoor(true);
  return done;
}

function handDoor(twin: LockTwin, person: Person): boolean {
  const boot = [...twin.profile.boot]
    .filter((b) => b.then === "hand-door")
    .sort((a, b) => a.holdMs - b.holdMs)[0];
  if (boot) {
    holdWhilePackGoesIn(twin, boot, 10_000);
    return true;
  }
  return runProcedure(twin, "hand-door", programmingFor(person));
}

/** Pack out, the key held while it goes back in, held for the hold time, released, then the confirming press. */
function holdWhilePackGoesIn(twin: LockTwin, boot: BootHold, packOutMs: number): void {
  twin.removePack();
  twin.advance(packOutMs);
  twin.pressKey(boot.key);
  twin.insertPack();
  twin.advance(boot.holdMs + 500);
  twin.releaseKey(boot.key);
  if (boot.complete === "next-program-press") {
    twin.advance(1_000);
    tap(twin, "program");
  }
}

/**
 * The profile's factory reset as a person does it: the boot hold of the Program key (B-RST-2,
 * B-FB-4 per model) or, failing that, the reset hole (B-RST-3).
 */
export function runFactoryReset(twin: LockTwin): boolean {
  const boot = twin.profile.boot.find((b) => b.then === "factory-reset");
  if (boot) {
    holdWhilePackGoesIn(twin, boot, 5_000);
    twin.advance(2_000);
    return true;
  }
  if (twin.profile.resetHole) {
    twin.pressKey("reset");
    twin.advance(twin.profile.resetHole.holdMs + 500);
    twin.releaseKey("reset");
    return true;
  }
  return false;
}

/**
 * Does the lock work for this person (the troubleshooter's goal): with the door closed, the
 * lock button extends the bolt and their code retracts it.
 */
export function lockWorksFor(twin: LockTwin, person: Person): boolean {
  const code = codeTyped(person);
  if (!code || !twin.powered) return false;
  twin.advance(twin.profile.sequenceTimeoutMs + 1_000); // let any half-typed sequence lapse first
  const wasClosed = twin.doorClosed;
  if (!wasClosed) twin.setDoor(true);
  if (twin.boltState() === "extended") {
    enterCode(twin, code);
    if (twin.boltState() !== "retracted") return restore(false);
  }
  tap(twin, "lock");
  settleLock(twin);
  if (twin.boltState() !== "extended" || reported(twin) !== "locked") return restore(false);
  enterCode(twin, code);
  return restore(twin.boltState() === "retracted" && reported(twin) === "unlocked");

  function restore(ok: boolean): boolean {
    if (!wasClosed) twin.setDoor(false);
    return ok;
  }
}

function reported(twin: LockTwin): string {
  return twin.powered ? twin.firmware.state.reported : "unknown";
}
