/**
 * The locks the server runs, by id. It makes a lock from a scenario-style lock block (the
 * scenario layer's `buildTwin`), so the page's "new lock" form and a scenario file describe
 * a lock in the same words; and it tells its listeners when a lock changes or goes.
 */
import { buildTwin } from "../scenario/build-twin.ts";
import { randomDeviceSecret } from "../twin/random-device-secret.ts";
import type { LockSetup } from "../scenario/scenario-types.ts";
import { HttpError } from "./http-error.ts";
import { ManagedLock } from "./managed-lock.ts";

/** More locks than a person can look after is a runaway script; refuse it. */
export const MAX_LOCKS = 24;

export interface RegistryListener {
  changed(lock: ManagedLock): void;
  removed(id: string): void;
}

export class LockRegistry {
  private readonly locks = new Map<string, ManagedLock>();
  private readonly listeners = new Set<RegistryListener>();
  private nextNumber = 1;

  listen(l: RegistryListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  all(): ManagedLock[] {
    return [...this.locks.values()];
  }

  get(id: string): ManagedLock {
    const lock = this.locks.get(id);
    if (!lock) throw new HttpError("lock.unknown", `there is no lock "${id}"`);
    return lock;
  }

  create(setup: Omit<LockSetup, "line">, name?: string): ManagedLock {
    if (this.locks.size >= MAX_LOCKS)
      throw new HttpError("lock.limit", `at most ${MAX_LOCKS} locks at once: remove one first`);
    // Each lock the server makes has its own unguessable secret (B-SEC-7), not one from a seed.
    const built = buildTwin({ ...setup, line: 1 }, "lock", { secret: randomDeviceSecret() });
    if ("problems" in built) {
      throw new HttpError("lock.setup-invalid", built.problems.map((p) => p.reason).join("; "));
    }
    const n = this.nextNumber++;
    const lock = new ManagedLock({
      id: `lock-${n}`,
      name: name ?? `Lock ${n}`,
      twin: built.twin,
      person: built.person,
      packKind: setup.batteries,
    });
    this.locks.set(lock.id, lock);
    this.changed(lock);
    return lock;
  }

  remove(id: string): void {
    this.get(id);
    this.locks.delete(id);
    for (const l of this.listeners) l.removed(id);
  }

  changed(lock: ManagedLock): void {
    for (const l of this.listeners) l.changed(lock);
  }
}
