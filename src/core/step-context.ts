/**
 * The working context of one `step`: a shallow copy of the state that the step's helpers
 * update, and the list of effects they emit. The input state is never mutated, so `step`
 * stays a pure function while its helpers stay short.
 */
import type { CoreEffect, MotorDrive } from "./effects.ts";
import type { HistoryEntry, HistoryKind, HistorySource } from "./history.ts";
import type { LockProfile } from "./profile-types.ts";
import type { Signal, SignalName } from "./signals.ts";
import { isSilent } from "./signals.ts";
import type { CoreState, MotorRun, PersistentState, TimerName } from "./state.ts";
import type { LockEvent, RadioReport, RefusalCode, ResultData } from "./radio-types.ts";
import { NO_TIMERS } from "./factory-state.ts";
import { shapedPersistent } from "./persistent-shape.ts";

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Timers = Mutable<CoreState["timers"]>;

export interface StepContext {
  readonly profile: LockProfile;
  readonly now: number;
  readonly s: Mutable<CoreState>;
  readonly effects: CoreEffect[];
  /**
   * The timer record and the motor run this step may change in place: objects made during this
   * step (copied on their first change, `setTimerDue`, `writableRun`), or, in a step done in
   * place (`inPlaceContext`), the state's own. Anything else is shared with the state the step
   * was given and is copied before it changes, so `step` stays pure.
   */
  ownTimers: Timers | null;
  ownRun: Mutable<MotorRun> | null;
}

export function createContext(profile: LockProfile, state: CoreState, now: number): StepContext {
  return { profile, now, s: copyState(state), effects: [], ownTimers: null, ownRun: null };
}

/**
 * The one context `stepInto` reuses. A step never calls out of the core (ports are the shell's
 * business), so no two steps ever use it at once.
 */
const reused: Mutable<StepContext> = {
  profile: null as unknown as LockProfile,
  now: 0,
  s: null as unknown as Mutable<CoreState>,
  effects: [],
  ownTimers: null,
  ownRun: null,
};

/** `createContext` for `stepInto`: the shared context, its effects going into `effects`. */
export function reuseContext(
  profile: LockProfile,
  state: CoreState,
  now: number,
  effects: CoreEffect[],
): StepContext {
  reused.profile = profile;
  reused.now = now;
  reused.s = copyState(state);
  reused.effects = effects;
  reused.ownTimers = null;
  reused.ownRun = null;
  return reused;
}

/**
 * The shared context over a state the caller owns outright and lets the step change in place
 * (`stepInPlace`): no copy of the state, its timer record or its motor run. The caller
 * guarantees nobody else holds them (`ownedCopy` makes such a state), and that the timer
 * record is either its own or the shared, frozen NO_TIMERS, which is copied on its first change.
 */
export function inPlaceContext(
  profile: LockProfile,
  state: Mutable<CoreState>,
  now: number,
  effects: CoreEffect[],
): StepContext {
  reused.profile = profile;
  reused.now = now;
  reused.s = state;
  reused.effects = effects;
  reused.ownTimers = state.timers === NO_TIMERS ? null : (state.timers as Timers);
  reused.ownRun = state.run as Mutable<MotorRun> | null;
  return reused;
}

/**
 * A copy of `state` that shares nothing a step changes in place (the state, its timer record
 * and its motor run are new objects; the rest is replaced, never changed, by every step).
 */
export function ownedCopy(state: CoreState): Mutable<CoreState> {
  const s = copyState(state);
  if (s.timers !== NO_TIMERS) s.timers = copyTimers(s.timers);
  if (s.run !== null) s.run = copyRun(s.run);
  return s;
}

/** A shallow copy with every field written out: one object shape, the fastest copy in V8 (bench/). */
function copyState(s: CoreState): Mutable<CoreState> {
  return {
    powered: s.powered,
    persistent: s.persistent,
    entry: s.entry,
    session: s.session,
    wrongCount: s.wrongCount,
    wrongTimesMs: s.wrongTimesMs,
    lockedOutUntilMs: s.lockedOutUntilMs,
    programHeldSinceMs: s.programHeldSinceMs,
    resetHeldSinceMs: s.resetHeldSinceMs,
    boot: s.boot,
    boltPosition: s.boltPosition,
    reported: s.reported,
    run: s.run,
    handing: s.handing,
    batteryRestV: s.batteryRestV,
    batteryMeasuredMs: s.batteryMeasuredMs,
    batteryMinLoadV: s.batteryMinLoadV,
    temperatureC: s.temperatureC,
    lastRun: s.lastRun,
    sourceOhm: s.sourceOhm,
    sourceLearnedMs: s.sourceLearnedMs,
    battery: s.battery,
    doorClosed: s.doorClosed,
    autoLockWaiting: s.autoLockWaiting,
    pairingUntilMs: s.pairingUntilMs,
    timers: s.timers,
  };
}

/** Gives the profile's named feedback pattern (BEHAVIOR.md section 6). */
export function signal(ctx: StepContext, name: SignalName): void {
  emitSignal(ctx, ctx.profile.signals[name], name);
}

/** Gives a pattern that a procedure names; beeps are dropped when audio is switched off. */
export function emitSignal(
  ctx: StepContext,
  sig: Signal | undefined,
  name: SignalName | "procedure" = "procedure",
): void {
  if (!sig || isSilent(sig)) return;
  const audible = ctx.s.persistent.settings["audio"] !== false;
  const out = audible ? sig : { green: sig.green, red: sig.red, amber: sig.amber };
  if (isSilent(out)) return;
  ctx.effects.push(effect("signal", undefined, name, out));
}

export function startTimer(ctx: StepContext, name: TimerName, ms: number): void {
  setTimerDue(ctx, name, ctx.now + ms);
  ctx.effects.push(effect("timer.start", undefined, name, undefined, ms));
}

export function cancelTimer(ctx: StepContext, name: TimerName): void {
  if (timerDue(ctx.s.timers, name) === undefined) return;
  // Set to undefined rather than deleted: the object keeps its shape (and JSON leaves it out).
  setTimerDue(ctx, name, undefined);
  ctx.effects.push(CANCEL_EFFECTS[timerIndex(name)] as CoreEffect);
}

/**
 * Sets a timer's due time in the state: the timer record is copied on the step's first change
 * (the state before the step keeps its own), then changed in place (issue 17: a lock-day
 * changes timers ~30 times).
 */
export function setTimerDue(ctx: StepContext, name: TimerName, due: number | undefined): void {
  let t = ctx.ownTimers;
  if (t === null || ctx.s.timers !== t) {
    t = copyTimers(ctx.s.timers);
    ctx.s.timers = t;
    ctx.ownTimers = t;
  }
  switch (name) {
    case "entryPause":
      t.entryPause = due;
      return;
    case "sequence":
      t.sequence = due;
      return;
    case "lockout":
      t.lockout = due;
      return;
    case "motorRun":
      t.motorRun = due;
      return;
    case "autoLock":
      t.autoLock = due;
      return;
    case "holdProgram":
      t.holdProgram = due;
      return;
    case "holdReset":
      t.holdReset = due;
      return;
    case "bootHold":
      t.bootHold = due;
      return;
    case "bootWindow":
      t.bootWindow = due;
      return;
    case "batteryCheck":
      t.batteryCheck = due;
      return;
  }
}

/**
 * A timer's due time, read by name. Written as a switch, not `timers[name]`: a keyed read with
 * ten different names goes megamorphic in V8 (a lookup in a shared cache each time), while
 * each case here is one field of the record's single shape, and a caller that names its timer
 * outright has the switch folded away when it is inlined (issue 17: ~40 timer reads and writes
 * a lock-day). `setTimerDue` writes the same way.
 */
export function timerDue(timers: CoreState["timers"], name: TimerName): number | undefined {
  switch (name) {
    case "entryPause":
      return timers.entryPause;
    case "sequence":
      return timers.sequence;
    case "lockout":
      return timers.lockout;
    case "motorRun":
      return timers.motorRun;
    case "autoLock":
      return timers.autoLock;
    case "holdProgram":
      return timers.holdProgram;
    case "holdReset":
      return timers.holdReset;
    case "bootHold":
      return timers.bootHold;
    case "bootWindow":
      return timers.bootWindow;
    case "batteryCheck":
      return timers.batteryCheck;
  }
}

/** The state's motor run, to change in this step: copied on the step's first change (as timers). */
export function writableRun(ctx: StepContext): Mutable<MotorRun> | null {
  const run = ctx.s.run;
  if (run === null || run === ctx.ownRun) return run as Mutable<MotorRun> | null;
  const next = copyRun(run);
  ctx.s.run = next;
  ctx.ownRun = next;
  return next;
}

/** A run made in this step: the step's own to change. */
export function setNewRun(ctx: StepContext, run: Mutable<MotorRun>): void {
  ctx.s.run = run;
  ctx.ownRun = run;
}

/** Every field written out, one shape, several times faster than a spread (issue 17). */
function copyRun(run: MotorRun): Mutable<MotorRun> {
  return {
    purpose: run.purpose,
    target: run.target,
    drive: run.drive,
    attempt: run.attempt,
    phase: run.phase,
    startedMs: run.startedMs,
    firstStartedMs: run.firstStartedMs,
    minSupplyV: run.minSupplyV,
    blankingDone: run.blankingDone,
    source: run.source,
    slot: run.slot,
    requestId: run.requestId,
    lastCurrentMa: run.lastCurrentMa,
    lastSupplyV: run.lastSupplyV,
    peakCurrentMa: run.peakCurrentMa,
    moved: run.moved,
  };
}

/** Every timer name, in the order of `timerIndex`. */
export const TIMER_NAMES: readonly TimerName[] = Object.freeze([
  "entryPause",
  "sequence",
  "lockout",
  "motorRun",
  "autoLock",
  "holdProgram",
  "holdReset",
  "bootHold",
  "bootWindow",
  "batteryCheck",
]);

/**
 * A timer name's place in TIMER_NAMES, for tables made once per timer: a read by index stays
 * monomorphic, where `table[name]` with ten names goes megamorphic in V8 (issue 17), and a
 * caller that names its timer outright has the switch folded away when it is inlined.
 */
export function timerIndex(name: TimerName): number {
  switch (name) {
    case "entryPause":
      return 0;
    case "sequence":
      return 1;
    case "lockout":
      return 2;
    case "motorRun":
      return 3;
    case "autoLock":
      return 4;
    case "holdProgram":
      return 5;
    case "holdReset":
      return 6;
    case "bootHold":
      return 7;
    case "bootWindow":
      return 8;
    case "batteryCheck":
      return 9;
  }
}

/**
 * Every effect is made by this one literal, every field present and in the same order, so all
 * effects share one hidden class: the shell's reads of `type` and of each field are then
 * monomorphic in V8, not megamorphic over eight shapes (issue 17: a fleet reads ~130 effects a
 * lock-day). The fields an effect's type does not use are undefined, which equality in tests
 * and JSON both leave out. Constant effects are not frozen for the same reason (a frozen object
 * has a hidden class of its own); effects are read-only by their type.
 */
function effect(
  type: CoreEffect["type"],
  drive?: MotorDrive,
  name?: SignalName | "procedure" | TimerName,
  signal?: Signal,
  ms?: number,
  state?: PersistentState,
  report?: RadioReport,
  entry?: HistoryEntry,
): CoreEffect {
  return { type, drive, name, signal, ms, state, report, entry } as CoreEffect;
}

/** Effects that carry no data of the step's are made once (effects are read-only data). */
const CANCEL_EFFECTS: readonly CoreEffect[] = Object.freeze(
  TIMER_NAMES.map((name) => effect("timer.cancel", undefined, name)),
);
const MOTOR_CW = effect("motor", "cw");
const MOTOR_CCW = effect("motor", "ccw");
const MOTOR_STOP = effect("motor", "stop");
/** Asks the shell for a reading of the pack at rest (answered by a `battery.sample` event). */
export const MEASURE_BATTERY = effect("battery.measure");
const NO_EXTRA: { slot?: number; detail?: string } = Object.freeze({});

/** A copy of the timer record, every field written out (one shape). */
function copyTimers(t: CoreState["timers"]): Timers {
  return {
    entryPause: t.entryPause,
    sequence: t.sequence,
    lockout: t.lockout,
    motorRun: t.motorRun,
    autoLock: t.autoLock,
    holdProgram: t.holdProgram,
    holdReset: t.holdReset,
    bootHold: t.bootHold,
    bootWindow: t.bootWindow,
    batteryCheck: t.batteryCheck,
  };
}

/** Replaces the persistent state and commits it to the store (B-PWR-8). */
export function persist(ctx: StepContext, next: PersistentState): void {
  const shaped = shapedPersistent(next); // one hidden class for every persistent state
  ctx.s.persistent = shaped;
  ctx.effects.push(effect("store.commit", undefined, undefined, undefined, undefined, shaped));
}

export function record(
  ctx: StepContext,
  kind: HistoryKind,
  source: HistorySource,
  extra: { slot?: number; detail?: string } = NO_EXTRA,
): void {
  // Written out, not `{ ...extra }`: a spread after other fields copies through a generic
  // builtin, and a keypad unlock records its slot (issue 17). Same fields, same order.
  const slot = extra.slot;
  const detail = extra.detail;
  const entry: HistoryEntry =
    slot === undefined
      ? detail === undefined
        ? { atMs: ctx.now, kind, source }
        : { atMs: ctx.now, kind, source, detail }
      : detail === undefined
        ? { atMs: ctx.now, kind, source, slot }
        : { atMs: ctx.now, kind, source, slot, detail };
  ctx.effects.push(
    effect("history", undefined, undefined, undefined, undefined, undefined, undefined, entry),
  );
}

/**
 * Transmits a report. Only a paired lock transmits, except what pairing itself needs
 * (`forPairing`: the announcement, and the answer to a pairing request); a lock without a
 * radio transmits nothing.
 */
export function report(ctx: StepContext, r: RadioReport, forPairing = false): void {
  if (ctx.profile.radio === null) return;
  if (!ctx.s.persistent.paired && !forPairing) return;
  ctx.effects.push(effect("radio.report", undefined, undefined, undefined, undefined, undefined, r));
}

/** Reports a change at the lock, stamped with the lock's time. */
export function reportEvent(ctx: StepContext, event: LockEvent): void {
  report(ctx, { type: "event", atMs: ctx.now, event });
}

/** Answers a request: done (with data for a read). */
export function answerOk(ctx: StepContext, requestId: string, data?: ResultData, forPairing = false): void {
  report(
    ctx,
    data === undefined
      ? { type: "result", requestId, ok: true }
      : { type: "result", requestId, ok: true, data },
    forPairing,
  );
}

/** Answers a request: refused, with a stable code and a reason a person understands. */
export function answerRefused(
  ctx: StepContext,
  requestId: string,
  code: RefusalCode,
  reason: string,
  forPairing = false,
): void {
  report(ctx, { type: "result", requestId, ok: false, code, reason }, forPairing);
}

export function motor(ctx: StepContext, drive: "cw" | "ccw" | "stop"): void {
  ctx.effects.push(drive === "stop" ? MOTOR_STOP : drive === "cw" ? MOTOR_CW : MOTOR_CCW);
}
