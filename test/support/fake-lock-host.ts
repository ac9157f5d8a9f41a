/**
 * FakeLockHost: FakeHostedLocks behind HOST-API's LockHost surface, for the Matter
 * service's unit tests before the real host is on main.
 */
import type { HostChange, MatterHost } from "../../src/integrations/matter/matter-service.ts";
import type { FakeHostedLock } from "./fake-hosted-lock.ts";

export class FakeLockHost implements MatterHost {
  readonly locks = new Map<string, FakeHostedLock>();
  private readonly listeners = new Set<(c: HostChange) => void>();

  add(lock: FakeHostedLock): FakeHostedLock {
    this.locks.set(lock.id, lock);
    lock.onViewChange(() => this.emit({ type: "changed", id: lock.id }));
    this.emit({ type: "added", id: lock.id });
    return lock;
  }

  remove(id: string): void {
    this.locks.delete(id);
    this.emit({ type: "removed", id });
  }

  list() {
    return [...this.locks.values()].map((l) => l.view());
  }

  view(id: string) {
    return this.locks.get(id)?.view();
  }

  link(id: string) {
    return this.locks.get(id)?.link;
  }

  subscribe(listener: (c: HostChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: HostChange): void {
    for (const l of this.listeners) l(change);
  }
}
