/**
 * The lock is a reducer (STYLE.md rule 2): `step(state, event, now) → { state, effects }`.
 * It dispatches each event to the module that owns it; nothing here reads a clock, a
 * timer or the host. A profile is bound once with `createStep`; the lock's secret is part of
 * its persistent state.
 */
import type { CoreEffect } from "./effects.ts";
import type { CoreEvent } from "./events.ts";
import type { LockProfile } from "./profile-types.ts";
import type { CoreState, TimerName } from "./state.ts";
import type { StepContext } from "./step-context.ts";
import type { Mutable } from "./step-context.ts";
import { createContext, inPlaceContext, reuseContext, setTimerDue, timerDue } from "./step-context.ts";
import { onKeyDown, onKeyUp, entryPaused, entryAbandoned } from "./keypad.ts";
import { bootHoldReached, bootKeyReleased, bootWindowClosed, powerUp, resetHoleHeld } from "./boot.ts";
import { onBoltPosition, onMotorCurrent, onMotorTimer, requestBolt } from "./bolt-control.ts";
import { onBatteryCheck, onBatterySample } from "./battery-monitor.ts";
import { onRadioButton, onRadioCommand } from "./radio-commands.ts";
import { sequenceTimedOut, startWithProgramHold } from "./programming-session.ts";
import { endLockout } from "./lockout.ts";
import { doorHoldsAutoLock } from "./auto-lock.ts";

export interface StepResult {
  readonly state: CoreState;
  readonly effects: readonly CoreEffect[];
}

const NO_EFFECTS: readonly CoreEffect[] = Object.freeze([]);

export type Step = (state: CoreState, event: CoreEvent, now: number) => StepResult;

/** Binds a profile to the reducer. */
export function createStep(profile: LockProfile): Step {
  return (state, event, now) => {
    if (changesNothing(state, event)) return { state, effects: NO_EFFECTS };
    const ctx = createContext(profile, state, now);
    dispatch(ctx, event);
    return { state: ctx.s, effects: ctx.effects };
  };
}

/**
 * The same transition as `createStep`'s, for a shell that carries out a step's effects before
 * its next step (LockFirmware): the effects are pushed onto `effects`, which the shell empties
 * and reuses, and the next state is returned. Only the state is copied; nothing else is
 * allocated per step (a fleet takes ~60 steps a lock-day, issue 17).
 */
export function stepInto(
  profile: LockProfile,
  state: CoreState,
  event: CoreEvent,
  now: number,
  effects: CoreEffect[],
): CoreState {
  if (changesNothing(state, event)) return state;
  const ctx = reuseContext(profile, state, now, effects);
  dispatch(ctx, event);
  return ctx.s;
}

/**
 * `stepInto` done to `state` itself, for a shell that owns it outright (made by `ownedCopy`,
 * shown to nobody who keeps it): the same transition, the same effects, but the state, its
 * timer record and its motor run are changed in place instead of copied (issue 17: a fleet
 * takes ~60 steps a lock-day). `step` and `stepInto` stay pure; this is their fast path for
 * fleets, checked against them event by event in step-in-place.test.ts.
 */
export function stepInPlace(
  profile: LockProfile,
  state: Mutable<CoreState>,
  event: CoreEvent,
  now: number,
  effects: CoreEffect[],
): void {
  // No `changesNothing` first: it saves `stepInto` a copy, and this step copies nothing; a key
  // release that changes nothing does nothing in `dispatch` too, and the event's type, read
  // once there, is a megamorphic read (events come in more shapes than V8 keeps apart).
  dispatch(inPlaceContext(profile, state, now, effects), event);
}

/**
 * Most key releases change nothing: skip the copy (a third of all key events, bench/). The
 * step then gives no effects either, so a shell may skip the step altogether (LockFirmware).
 */
export function changesNothing(state: CoreState, event: CoreEvent): boolean {
  return (
    event.type === "key.up" &&
    event.key !== "program" &&
    event.key !== "reset" &&
    (state.boot === null || !state.powered)
  );
}

function dispatch(ctx: StepContext, event: CoreEvent): void {
  if (event.type === "power.up") return powerUp(ctx, event);
  if (!ctx.s.powered) return; // no power, no firmware (B-PWR-4)
  switch (event.type) {
    case "key.down":
      return onKeyDown(ctx, event.key);
    case "key.up":
      onKeyUp(ctx, event.key);
      return bootKeyReleased(ctx, event.key);
    case "timer":
      return onTimer(ctx, event.name);
    case "bolt.position":
      return onBoltPosition(ctx, event.position, event.by);
    case "motor.current":
      return onMotorCurrent(ctx, event.currentMa, event.supplyV);
    case "battery.sample":
      return onBatterySample(ctx, event.restV, event.temperatureC);
    case "door.sensor":
      ctx.s.doorClosed = event.closed;
      if (event.closed && ctx.s.autoLockWaiting) {
        ctx.s.autoLockWaiting = false;
        requestBolt(ctx, "extended", "auto-lock");
      }
      return;
    case "radio.command":
      return onRadioCommand(ctx, event.command, event.requestId);
    case "radio.button":
      return onRadioButton(ctx);
  }
}

function onTimer(ctx: StepContext, name: TimerName): void {
  const due = timerDue(ctx.s.timers, name);
  if (due === undefined || due > ctx.now) return; // cancelled or restarted: a stale timer
  setTimerDue(ctx, name, undefined);
  switch (name) {
    case "entryPause":
      return entryPaused(ctx);
    case "sequence":
      if (ctx.s.session) return sequenceTimedOut(ctx);
      return entryAbandoned(ctx);
    case "lockout":
      return endLockout(ctx);
    case "motorRun":
      return onMotorTimer(ctx);
    case "autoLock":
      if (ctx.s.reported !== "unlocked") return;
      if (doorHoldsAutoLock(ctx)) {
        ctx.s.autoLockWaiting = true;
        return;
      }
      requestBolt(ctx, "extended", "auto-lock");
      return;
    case "holdProgram":
      if (ctx.s.programHeldSinceMs !== null) startWithProgramHold(ctx);
      return;
    case "holdReset":
      return resetHoleHeld(ctx);
    case "bootHold":
      return bootHoldReached(ctx);
    case "bootWindow":
      return bootWindowClosed(ctx);
    case "batteryCheck":
      return onBatteryCheck(ctx);
  }
}
