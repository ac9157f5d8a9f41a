/**
 * Auto-lock (B-BOLT-7): relock a set time after an unlock; off by default; never while no
 * user code exists, never in passage mode, and on a lock with a door sensor only once the
 * door is closed.
 */
import type { StepContext } from "./step-context.ts";
import { cancelTimer, startTimer } from "./step-context.ts";
import { countCodes } from "./code-book.ts";

/** Default delay when auto-lock is switched on without one (B-BOLT-7: 30 s). */
export const AUTO_LOCK_DEFAULT_SECONDS = 30;

/**
 * The auto-lock delay in force, or 0 when off. `autoLockSeconds` > 0 turns it on with that
 * delay (SCENARIOS.md's example); `autoLock: true` (the 910's DIP switch 2) turns it on at 30 s.
 */
export function autoLockDelaySeconds(settings: Readonly<Record<string, number | boolean>>): number {
  const seconds = Number(settings["autoLockSeconds"] ?? 0);
  if (seconds > 0) return seconds;
  return settings["autoLock"] === true ? AUTO_LOCK_DEFAULT_SECONDS : 0;
}

export function scheduleAutoLock(ctx: StepContext): void {
  const seconds = autoLockDelaySeconds(ctx.s.persistent.settings);
  if (!(seconds > 0)) return;
  if (countCodes(ctx.s.persistent) === 0) return;
  if (ctx.s.persistent.mode === "passage") return;
  ctx.s.autoLockWaiting = false;
  startTimer(ctx, "autoLock", seconds * 1000);
}

export function cancelAutoLock(ctx: StepContext): void {
  ctx.s.autoLockWaiting = false;
  cancelTimer(ctx, "autoLock");
}

/**
 * After a code is deleted: with no user code left, an auto-lock already counting down (or
 * waiting for the door) is dropped, since it never engages while no user code exists (B-BOLT-7).
 */
export function dropAutoLockWithoutCodes(ctx: StepContext): void {
  if (countCodes(ctx.s.persistent) === 0) cancelAutoLock(ctx);
}

/** True when auto-lock should wait for the door to close before it moves the bolt. */
export function doorHoldsAutoLock(ctx: StepContext): boolean {
  return ctx.profile.interior.doorSensor && ctx.s.doorClosed === false;
}
