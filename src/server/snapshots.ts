/**
 * Snapshots carry a revision that grows with every one the server makes, over HTTP and the
 * WebSocket alike, so a page that gets two (an action's answer and a broadcast) keeps the
 * newer one whichever arrives last.
 */
import type { LockSnapshot } from "./api-schemas.ts";
import type { ManagedLock } from "./managed-lock.ts";

export class SnapshotSource {
  private rev = 0;

  snapshot(lock: ManagedLock): LockSnapshot {
    return lock.snapshot(++this.rev);
  }
}
