// The lock's clock: real time by default; pause, ×10, ×60, and skips to sit out a lockout or
// to watch a pack age (a day, a week, a month: the server takes up to 31 days at once).
import { useState } from "preact/hooks";
import { api } from "../api-client.ts";
import type { LockSnapshot, Speed } from "../api-types.ts";
import { lockTime } from "../format.ts";
import { useVisibleInterval } from "../use-visible.ts";

const SPEEDS: readonly { speed: Speed; label: string }[] = [
  { speed: 0, label: "Pause" },
  { speed: 1, label: "Real time" },
  { speed: 10, label: "×10" },
  { speed: 60, label: "×60" },
];
const SKIPS = [
  { ms: 5 * 60_000, label: "Skip 5 minutes" },
  { ms: 3_600_000, label: "Skip 1 hour" },
  { ms: 24 * 3_600_000, label: "Skip 1 day" },
  { ms: 7 * 24 * 3_600_000, label: "Skip 1 week" },
  { ms: 30 * 24 * 3_600_000, label: "Skip 1 month" },
];

/** The lock's time now, run on from the last snapshot at its speed between snapshots. */
export function useLockNow(lock: LockSnapshot): number {
  const [received] = useState(() => ({ rev: lock.rev, at: performance.now() }));
  if (received.rev !== lock.rev) {
    received.rev = lock.rev;
    received.at = performance.now();
  }
  const [, setTick] = useState(0);
  // The clock (and the countdowns that read it) stops ticking while the tab is hidden.
  useVisibleInterval(() => setTick((n) => n + 1), 250);
  return lock.nowMs + (performance.now() - received.at) * lock.speed;
}

export function TimeControls({ lock }: { lock: LockSnapshot }) {
  const now = useLockNow(lock);
  return (
    <section class="time-controls" aria-label="Time">
      <div class="clock" aria-live="off">
        <span class="group-label">Lock time</span>
        <time dateTime={new Date(lock.nowMs).toISOString()}>{lockTime(now)}</time>
      </div>
      <div class="segmented" role="group" aria-label="Speed">
        {SPEEDS.map((s) => (
          <button
            type="button"
            key={s.speed}
            aria-pressed={lock.speed === s.speed}
            data-speed={s.speed}
            onClick={() => void api.time(lock.id, { speed: s.speed })}
          >
            {s.label}
          </button>
        ))}
      </div>
      <div class="skips" role="group" aria-label="Skip time">
        {SKIPS.map((s) => (
          <button type="button" key={s.ms} onClick={() => void api.time(lock.id, { skipMs: s.ms })}>
            {s.label}
          </button>
        ))}
      </div>
    </section>
  );
}
