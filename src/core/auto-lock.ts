/**
 * Auto-lock (B-BOLT-7): relock a set time after an unlock; off by default; never while no
 * user code exists, never in passage mode, and on a lock with a door sensor only once the
 * door is closed.
 */
import type { StepContext } from "./step-context.ts";
import { cancelTimer, startTimer } from "./step-context.ts";
import { countCodes } from "./code-book.ts";

export function scheduleAutoLock(ctx: StepContext): void {
  const seconds = Number(ctx.s.persistent.settings["autoLockSeconds"] ?? 0);
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

/** True when auto-lock should wait for the door to close before it moves the bolt. */
export function doorHoldsAutoLock(ctx: StepContext): boolean {
  return ctx.profile.interior.doorSensor && ctx.s.doorClosed === false;
}
