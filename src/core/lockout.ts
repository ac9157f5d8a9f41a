/**
 * Wrong-code lockout (B-SEC-1) with escalation (B-SEC-6). Two rules start a lockout:
 *
 * - the profile's own: its number of wrong entries in a row (the guides: 5), or within a
 *   window (the 910: 3 within a minute — MANUFACTURER.md);
 * - against paced guessing: from the profile's `everyWrongFrom`-th wrong entry in a row
 *   without a right code between them, however far apart, every wrong entry. A window alone
 *   is beaten by waiting it out: one wrong code every 31 s never triggers the 910's rule.
 *
 * Each lockout that ends without a right code doubles the next, up to 24 h, so trying every
 * code takes years on every profile (docs/profiles, `npm run bench`). A right code or a code
 * change from inside resets both counts. Every lockout goes to the history and to the hub.
 *
 * The count of wrong entries in a row is transient (`wrongCount`): pulling the pack, which
 * only someone inside can do, starts it over (B-PWR-7); the escalation level is stored.
 */
import type { CodeDenial } from "./radio-types.ts";
import type { StepContext } from "./step-context.ts";
import { emitSignal, persist, record, reportEvent, signal, startTimer, cancelTimer } from "./step-context.ts";
import { isSilent } from "./signals.ts";

/** B-SEC-6: "capped at 24 h". */
export const MAX_LOCKOUT_MS = 24 * 3_600_000;

export function isLockedOut(ctx: StepContext): boolean {
  return ctx.s.lockedOutUntilMs !== null;
}

/** How long the lockout at this escalation level lasts. */
export function lockoutDurationMs(baseMs: number, level: number): number {
  return Math.min(MAX_LOCKOUT_MS, baseMs * 2 ** Math.min(level, 30));
}

/** Why this wrong entry starts a lockout, or null when it does not. */
function lockoutReason(ctx: StepContext): string | null {
  const s = ctx.s;
  const { attempts, windowMs, everyWrongFrom } = ctx.profile.lockout;
  if (windowMs !== null) {
    s.wrongTimesMs = [...s.wrongTimesMs.filter((t) => ctx.now - t < windowMs), ctx.now];
    if (s.wrongTimesMs.length >= attempts)
      return `${s.wrongTimesMs.length} wrong entries within ${Math.round(windowMs / 1000)} s`;
  } else if (s.wrongCount % attempts === 0) return `${attempts} wrong entries in a row`;
  if (s.wrongCount >= everyWrongFrom) return `${s.wrongCount} wrong entries in a row without a right code`;
  return null;
}

/**
 * A wrong entry: count it and maybe start a lockout. A wrong code sent with a remote lock or
 * unlock counts the same (an integrator's PIN must not be a way around B-SEC-1), but the lock
 * shows nothing for it: nobody stands at the keypad.
 */
export function wrongEntry(
  ctx: StepContext,
  detail: string,
  source: "keypad" | "remote" = "keypad",
  denied: { readonly slot: number; readonly denial: CodeDenial } | null = null,
): void {
  const s = ctx.s;
  const atKeypad = source === "keypad";
  record(ctx, "refused", source, { detail });
  s.wrongCount = s.wrongCount + 1;
  const why = lockoutReason(ctx);
  reportEvent(
    ctx,
    denied === null
      ? { kind: "wrong-code", count: s.wrongCount, source }
      : { kind: "wrong-code", count: s.wrongCount, source, slot: denied.slot, denial: denied.denial },
  );
  if (why === null) {
    if (atKeypad) signal(ctx, "wrongCode");
    return;
  }
  const level = s.persistent.lockoutLevel;
  const ms = lockoutDurationMs(ctx.profile.lockout.durationMs, level);
  s.wrongTimesMs = [];
  s.entry = null;
  s.session = null;
  s.lockedOutUntilMs = ctx.now + ms;
  startTimer(ctx, "lockout", ms);
  persist(ctx, { ...s.persistent, lockoutLevel: level + 1 });
  const lockoutSignal = ctx.profile.signals.lockout;
  if (!atKeypad) {
    // nothing shown: the lockout is for whoever comes to the keypad next
  } else if (isSilent(lockoutSignal)) signal(ctx, "wrongCode");
  else emitSignal(ctx, lockoutSignal, "lockout");
  record(ctx, "lockout", source, { detail: `${why}: keypad off for ${Math.round(ms / 1000)} s` });
  reportEvent(ctx, { kind: "wrong-code-limit", count: s.wrongCount });
  reportEvent(ctx, { kind: "lockout-started", untilMs: ctx.now + ms });
}

/** A right code, or a code change from inside: the count and the escalation start over. */
export function resetWrongEntries(ctx: StepContext): void {
  const s = ctx.s;
  s.wrongCount = 0;
  if (s.wrongTimesMs.length > 0) s.wrongTimesMs = []; // a right code with none pending allocates nothing
  if (s.persistent.lockoutLevel !== 0) persist(ctx, { ...s.persistent, lockoutLevel: 0 });
}

export function endLockout(ctx: StepContext): void {
  const was = ctx.s.lockedOutUntilMs;
  ctx.s.lockedOutUntilMs = null;
  cancelTimer(ctx, "lockout");
  if (was !== null) reportEvent(ctx, { kind: "lockout-ended" });
}
