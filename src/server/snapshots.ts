/**
 * Snapshots carry a revision that grows with every one the server makes, over HTTP and the
 * WebSocket alike, so a page that gets two (an action's answer and a broadcast) keeps the
 * newer one whichever arrives last.
 */
import type { HostedLock } from "../host/index.ts";
import type { LockSnapshot } from "./api-schemas.ts";
import { snapshotOf } from "./lock-snapshot.ts";

export class SnapshotSource {
  private rev = 0;

  snapshot(lock: HostedLock): LockSnapshot {
    return snapshotOf(lock, ++this.rev);
  }
}
