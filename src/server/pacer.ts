/**
 * Real-time pacing for the web app (ARCHITECTURE.md twin/: "real time is only a pacing
 * option"): one host interval moves every lock's virtual clock by the wall time that passed,
 * times the lock's speed. The core never sees a host timer; this is the host's job.
 */
import type { LockRegistry } from "./lock-registry.ts";

export const PACER_INTERVAL_MS = 40;
/** Even when nothing else changed, tell the pages the lock's time this often. */
export const CLOCK_BROADCAST_MS = 1_000;

export class Pacer {
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastMs = 0;
  private lastClockBroadcastMs = 0;

  constructor(
    private readonly registry: LockRegistry,
    private readonly wallMs: () => number = () => performance.now(),
  ) {}

  start(): void {
    if (this.timer) return;
    this.lastMs = this.wallMs();
    this.lastClockBroadcastMs = this.lastMs;
    this.timer = setInterval(() => this.tick(), PACER_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One step of the pacer; public so tests can drive it without waiting. */
  tick(): void {
    const now = this.wallMs();
    // A host that slept (laptop lid, debugger) does not owe the locks hours of time at once.
    const realMs = Math.min(now - this.lastMs, 1_000);
    this.lastMs = now;
    const clockDue = now - this.lastClockBroadcastMs >= CLOCK_BROADCAST_MS;
    if (clockDue) this.lastClockBroadcastMs = now;
    for (const lock of this.registry.all()) {
      lock.pace(realMs);
      if (lock.takeChanged() || (clockDue && lock.speed > 0)) this.registry.changed(lock);
    }
  }
}
