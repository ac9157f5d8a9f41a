// While the keypad is locked out (B-SEC-1), how long is left, counted down on the lock's own
// clock (so ×10, ×60 and the skips count too). A person who typed three wrong codes otherwise
// sees a keypad that ignores them and no hint of when it will listen again.
import type { LockSnapshot } from "../api-types.ts";
import { useLockNow } from "./time-controls.tsx";

/** "4:32" (minutes and seconds), or "1 h 05 min" for a long lockout. */
export function countdownWords(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, "0")} min`;
  return `${m}:${String(sec).padStart(2, "0")}`;
}

export function LockoutCountdown({ lock }: { lock: LockSnapshot }) {
  const now = useLockNow(lock);
  if (lock.keypad !== "locked-out" || lock.lockedOutUntilMs === null) return null;
  const left = lock.lockedOutUntilMs - now;
  return (
    <p class="lockout-countdown" data-lockout-left={Math.max(0, Math.ceil(left / 1000))}>
      <strong>Keypad locked out</strong> after too many wrong codes:{" "}
      <span role="timer" aria-label="Time left in the lockout">
        {countdownWords(left)}
      </span>{" "}
      left. Wait, or use the inside (Program, the thumbturn) or the key.
    </p>
  );
}
