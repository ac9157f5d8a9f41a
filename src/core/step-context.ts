/**
 * The working context of one `step`: a shallow copy of the state that the step's helpers
 * update, and the list of effects they emit. The input state is never mutated, so `step`
 * stays a pure function while its helpers stay short.
 */
import type { CoreEffect } from "./effects.ts";
import type { HistoryEntry, HistoryKind, HistorySource } from "./history.ts";
import type { LockProfile } from "./profile-types.ts";
import type { Signal, SignalName } from "./signals.ts";
import { isSilent } from "./signals.ts";
import type { CoreState, PersistentState, TimerName } from "./state.ts";
import type { LockEvent, RadioReport, RefusalCode, ResultData } from "./radio-types.ts";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface StepContext {
  readonly profile: LockProfile;
  readonly now: number;
  readonly s: Mutable<CoreState>;
  readonly effects: CoreEffect[];
}

export function createContext(profile: LockProfile, state: CoreState, now: number): StepContext {
  return { profile, now, s: copyState(state), effects: [] };
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
  return reused;
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
  ctx.effects.push({ type: "signal", name, signal: out });
}

export function startTimer(ctx: StepContext, name: TimerName, ms: number): void {
  ctx.s.timers = withTimer(ctx.s.timers, name, ctx.now + ms);
  ctx.effects.push({ type: "timer.start", name, ms });
}

export function cancelTimer(ctx: StepContext, name: TimerName): void {
  if (ctx.s.timers[name] === undefined) return;
  // Set to undefined rather than deleted: the object keeps its shape (and JSON leaves it out).
  ctx.s.timers = withTimer(ctx.s.timers, name, undefined);
  ctx.effects.push(CANCEL_EFFECTS[name]);
}

/** Effects that carry no data of the step's are made once (effects are read-only data). */
const CANCEL_EFFECTS: Readonly<Record<TimerName, CoreEffect>> = Object.freeze({
  entryPause: Object.freeze({ type: "timer.cancel", name: "entryPause" }),
  sequence: Object.freeze({ type: "timer.cancel", name: "sequence" }),
  lockout: Object.freeze({ type: "timer.cancel", name: "lockout" }),
  motorRun: Object.freeze({ type: "timer.cancel", name: "motorRun" }),
  autoLock: Object.freeze({ type: "timer.cancel", name: "autoLock" }),
  holdProgram: Object.freeze({ type: "timer.cancel", name: "holdProgram" }),
  holdReset: Object.freeze({ type: "timer.cancel", name: "holdReset" }),
  bootHold: Object.freeze({ type: "timer.cancel", name: "bootHold" }),
  bootWindow: Object.freeze({ type: "timer.cancel", name: "bootWindow" }),
  batteryCheck: Object.freeze({ type: "timer.cancel", name: "batteryCheck" }),
});
const MOTOR_EFFECTS: Readonly<Record<"cw" | "ccw" | "stop", CoreEffect>> = Object.freeze({
  cw: Object.freeze({ type: "motor", drive: "cw" }),
  ccw: Object.freeze({ type: "motor", drive: "ccw" }),
  stop: Object.freeze({ type: "motor", drive: "stop" }),
});
/** Asks the shell for a reading of the pack at rest (answered by a `battery.sample` event). */
export const MEASURE_BATTERY: CoreEffect = Object.freeze({ type: "battery.measure" });
const NO_EXTRA: { slot?: number; detail?: string } = Object.freeze({});

/** A copy of the timer record with one due time changed, every field written out (one shape). */
export function withTimer(
  t: CoreState["timers"],
  name: TimerName,
  due: number | undefined,
): CoreState["timers"] {
  const next: Mutable<CoreState["timers"]> = {
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
  next[name] = due;
  return next;
}

/** Replaces the persistent state and commits it to the store (B-PWR-8). */
export function persist(ctx: StepContext, next: PersistentState): void {
  ctx.s.persistent = next;
  ctx.effects.push({ type: "store.commit", state: next });
}

export function record(
  ctx: StepContext,
  kind: HistoryKind,
  source: HistorySource,
  extra: { slot?: number; detail?: string } = NO_EXTRA,
): void {
  const entry: HistoryEntry =
    extra.slot === undefined && extra.detail === undefined
      ? { atMs: ctx.now, kind, source }
      : { atMs: ctx.now, kind, source, ...extra };
  ctx.effects.push({ type: "history", entry });
}

/**
 * Transmits a report. Only a paired lock transmits, except what pairing itself needs
 * (`forPairing`: the announcement, and the answer to a pairing request); a lock without a
 * radio transmits nothing.
 */
export function report(ctx: StepContext, r: RadioReport, forPairing = false): void {
  if (ctx.profile.radio === null) return;
  if (!ctx.s.persistent.paired && !forPairing) return;
  ctx.effects.push({ type: "radio.report", report: r });
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
  ctx.effects.push(MOTOR_EFFECTS[drive]);
}
