/**
 * One operation at the door, done the way a person does it, through the twin: a code typed
 * key by key (person-actions: entry pauses, motor runs, lockouts, all real), the lock button,
 * the key or the thumbturn, or auto-lock. Afterwards the bolt is where it was wanted or not;
 * if not, the cause is judged (failure-cause.ts) and the person finishes by hand where they can.
 */
import type { LockTwin } from "../lock-twin.ts";
import type { SeededRandom } from "../seeded-random.ts";
import { enterCode, settleLock, tap } from "../person-actions.ts";
import type { FailureCause } from "./failure-cause.ts";
import { manualFailureCause, motorFailureCause } from "./failure-cause.ts";
import type { FleetTally, Method } from "./fleet-tally.ts";
import { chance } from "./draws.ts";

/** What the person at the door knows and does. */
export interface Caller {
  /** The code they type when they type it right (a confused guest's is wrong). */
  readonly typed: string;
  /** Why the lock refuses that code, if it does: a wrong code, one outside its window, one never sent. */
  readonly refusedAs: FailureCause;
  readonly mistakeShare: number;
  /** Code tries before they give up (or call the host). */
  readonly tries: number;
  readonly hasKey: boolean;
}

/** What a lock's owner learns from each failure (battery-log.ts, noticed faults). */
export interface DoorWatcher {
  failed(cause: FailureCause): void;
  /** A key or thumbturn felt stiff (B-BOLT-4): a dry bolt gets noticed. */
  stiff(): void;
}

export interface DoorContext {
  readonly twin: LockTwin;
  readonly tally: FleetTally;
  readonly rng: SeededRandom;
  readonly watcher: DoorWatcher;
}

export type Goal = "lock" | "unlock";

const TARGET = { lock: "extended", unlock: "retracted" } as const;

/** True when the bolt is already where the goal wants it (then there is nothing to do). */
export function alreadyDone(twin: LockTwin, goal: Goal): boolean {
  return twin.boltState() === TARGET[goal];
}

/**
 * Does `goal` with `method`, counts it and judges it. Returns the cause when it failed, or null.
 * For auto-lock the caller has already let the lock's timer run: this only judges the result.
 * A second go at the same operation (a guest helped by the host) is not `counted` again.
 */
export function operate(
  ctx: DoorContext,
  goal: Goal,
  method: Method,
  caller: Caller | null,
  counted = true,
): FailureCause | null {
  const { twin, tally } = ctx;
  if (counted) tally.operation(method);
  const history = twin.history.length;
  let cause: FailureCause | null;
  switch (method) {
    case "thumbturn":
    case "key": {
      const turn = twin.turnByHand(goal, method);
      if (turn.stiff) ctx.watcher.stiff();
      cause = turn.moved ? null : manualFailureCause(twin);
      break;
    }
    case "lock-button":
      cause = pressLockButton(ctx);
      break;
    case "auto-lock":
      cause = alreadyDone(twin, goal) ? null : motorCause(ctx, true, twin.signals.length, twin.brownOuts);
      break;
    case "code":
      cause = caller ? typeCode(ctx, caller) : "wrong-code";
      break;
  }
  countLockouts(ctx, history);
  if (cause === null && !alreadyDone(twin, goal)) cause = "unexplained";
  if (cause !== null) {
    tally.failure(cause);
    ctx.watcher.failed(cause);
  }
  return cause;
}

/** After a failure: the key from outside (if the person has one), the thumbturn from inside. */
export function finishByHand(ctx: DoorContext, goal: Goal, outside: boolean, hasKey: boolean): boolean {
  const { twin, tally } = ctx;
  if (alreadyDone(twin, goal)) return true;
  if (outside && !hasKey) {
    tally.undone++;
    return false;
  }
  const turn = twin.turnByHand(goal, outside ? "key" : "thumbturn");
  if (turn.stiff) ctx.watcher.stiff();
  if (turn.moved) tally.byHandAfterFailure++;
  else tally.undone++;
  return turn.moved;
}

function pressLockButton(ctx: DoorContext): FailureCause | null {
  const twin = ctx.twin;
  if (!twin.powered) return "battery-dead";
  if (twin.firmware.state.lockedOutUntilMs !== null) return "keypad-lockout"; // B-SEC-1: all keys ignored
  const signals = twin.signals.length;
  const brownOuts = twin.brownOuts;
  const missed = twin.missedPresses;
  tap(twin, "lock");
  settleLock(twin);
  if (alreadyDone(twin, "lock")) return null;
  return twin.missedPresses > missed ? keypadCause(twin) : motorCause(ctx, true, signals, brownOuts);
}

/** Why a motor-driven operation (lock button, accepted code, auto-lock) left the bolt short. */
function motorCause(
  ctx: DoorContext,
  extending: boolean,
  signalsFrom: number,
  brownOutsBefore: number,
): FailureCause {
  const twin = ctx.twin;
  const brownedOut = twin.brownOuts > brownOutsBefore;
  if (brownedOut) ctx.tally.brownOuts += twin.brownOuts - brownOutsBefore;
  if (brownedOut || !twin.powered) {
    if (twin.contactsCorroded) return "contacts-corroded";
    return twin.powered ? "battery-low" : "battery-dead";
  }
  for (let i = signalsFrom; i < twin.signals.length; i++) {
    // Refused: the pack reads critical (B-PWR-3) or would sag under the motor — through crusted terminals, perhaps.
    if (twin.signals[i]?.name === "critical")
      return twin.contactsCorroded ? "contacts-corroded" : "battery-critical";
  }
  return motorFailureCause(twin, extending);
}

/**
 * The person types their code, retrying after a red flash up to `caller.tries` times. A slip
 * (a wrong digit) is the caller's mistake; missed presses are the keypad's (dirty, broken,
 * cold); a right code refused is `caller.refusedAs`.
 */
function typeCode(ctx: DoorContext, caller: Caller): FailureCause | null {
  const { twin, tally, rng } = ctx;
  if (!twin.powered) return "battery-dead";
  let cause: FailureCause | null = null;
  for (let attempt = 0; attempt < caller.tries; attempt++) {
    if (twin.firmware.state.lockedOutUntilMs !== null) return cause ?? "keypad-lockout";
    // A slip on the first try at the usage model's share; later tries are more careful.
    const slip = chance(rng, attempt === 0 ? caller.mistakeShare : caller.mistakeShare / 3);
    const signals = twin.signals.length;
    const brownOuts = twin.brownOuts;
    const missed = twin.missedPresses;
    const motorStarts = twin.motorStarts;
    tally.codeEntries++;
    if (slip) tally.mistakes++;
    enterCode(twin, slip ? slipped(caller.typed, rng) : caller.typed);
    if (alreadyDone(twin, "unlock")) return null;
    if (twin.brownOuts > brownOuts || !twin.powered || twin.motorStarts > motorStarts) {
      return motorCause(ctx, false, signals, brownOuts); // the code was taken; the bolt did not follow
    }
    if (twin.missedPresses > missed) cause = keypadCause(twin);
    else if (!slip) cause = caller.refusedAs;
    else cause ??= "wrong-code";
  }
  return cause;
}

/** Why presses went missing: a broken key, grime, or a keypad too cold to see a normal press. */
function keypadCause(twin: LockTwin): FailureCause {
  if (twin.keypad.brokenKeys.length > 0) return "keypad-damaged";
  if (twin.keypad.dirtyMissChance > 0) return "keypad-dirty";
  return "cold-weather";
}

/** The code with one digit wrong (+2 lands on another button even where two digits share one). */
export function slipped(code: string, rng: SeededRandom): string {
  const i = rng.int(code.length);
  const d = (Number(code[i]) + 2) % 10;
  return code.slice(0, i) + String(d) + code.slice(i + 1);
}

function countLockouts(ctx: DoorContext, from: number): void {
  const h = ctx.twin.history;
  for (let i = from; i < h.length; i++) if (h[i]?.kind === "lockout") ctx.tally.lockouts++;
}
