/**
 * Wrong-code lockout (B-SEC-1) with escalation (B-SEC-6): after the profile's number of
 * wrong entries the keypad ignores all input for a while; each lockout that ends without
 * a right code doubles the next one, up to 24 h; a right code or a code change from
 * inside resets it. Every lockout goes to the history and to the hub as an alert.
 */
import type { StepContext } from "./step-context.ts";
import { emitSignal, persist, record, report, signal, startTimer, cancelTimer } from "./step-context.ts";
import { isSilent } from "./signals.ts";

const MAX_LOCKOUT_MS = 24 * 3_600_000;

export function isLockedOut(ctx: StepContext): boolean {
  return ctx.s.lockedOutUntilMs !== null;
}

/** How long the lockout at this escalation level lasts. */
export function lockoutDurationMs(baseMs: number, level: number): number {
  return Math.min(MAX_LOCKOUT_MS, baseMs * 2 ** Math.min(level, 30));
}

/** A wrong entry: count it and maybe start a lockout. */
export function wrongEntry(ctx: StepContext, detail: string): void {
  const s = ctx.s;
  const { attempts, windowMs, durationMs } = ctx.profile.lockout;
  record(ctx, "refused", "keypad", { detail });
  let count: number;
  if (windowMs !== null) {
    s.wrongTimesMs = [...s.wrongTimesMs.filter((t) => ctx.now - t < windowMs), ctx.now];
    count = s.wrongTimesMs.length;
  } else {
    s.wrongCount = s.wrongCount + 1;
    count = s.wrongCount;
  }
  if (count < attempts) {
    signal(ctx, "wrongCode");
    return;
  }
  const level = s.persistent.lockoutLevel;
  const ms = lockoutDurationMs(durationMs, level);
  s.wrongCount = 0;
  s.wrongTimesMs = [];
  s.entry = null;
  s.session = null;
  s.lockedOutUntilMs = ctx.now + ms;
  startTimer(ctx, "lockout", ms);
  persist(ctx, { ...s.persistent, lockoutLevel: level + 1 });
  const lockoutSignal = ctx.profile.signals.lockout;
  if (isSilent(lockoutSignal)) signal(ctx, "wrongCode");
  else emitSignal(ctx, lockoutSignal, "lockout");
  record(ctx, "lockout", "keypad", {
    detail: `${count} wrong entries: keypad off for ${Math.round(ms / 1000)} s`,
  });
  report(ctx, { type: "alert", alert: "lockout" });
}

/** A right code, or a code change from inside: the count and the escalation start over. */
export function resetWrongEntries(ctx: StepContext): void {
  const s = ctx.s;
  s.wrongCount = 0;
  s.wrongTimesMs = [];
  if (s.persistent.lockoutLevel !== 0) persist(ctx, { ...s.persistent, lockoutLevel: 0 });
}

export function endLockout(ctx: StepContext): void {
  ctx.s.lockedOutUntilMs = null;
  cancelTimer(ctx, "lockout");
}
