/**
 * Where the host keeps its locks between runs (issue 9, "Kept across restarts"): each lock's
 * record (name, pace, what the person knows, faults applied), its twin's state (stored
 * firmware record, physical state, firmware RAM and clock), and its history, plus the host's
 * heartbeat — the last wall instant it was known to be running, from which paced locks are
 * carried forward at the next start. SQLite by default (sqlite-host-store.ts); the memory
 * store serves tests and servers that keep nothing.
 */
import type { HistoryEntry } from "../../core/history.ts";
import type { TwinState } from "../../twin/twin-state.ts";
import type { HostedLockRecord } from "../hosted-lock.ts";

export interface StoredLock {
  readonly record: HostedLockRecord;
  readonly profileId: string;
  readonly state: TwinState;
  /** Creation order (the host lists locks oldest first). */
  readonly seq: number;
}

/**
 * A stored lock this version cannot read (a damaged row, a state from another version): it is
 * left in place, untouched, and its id stays taken, so nothing overwrites it.
 */
export interface UnreadableLock {
  readonly id: string;
  readonly reason: string;
}

export interface HistoryPage {
  readonly entries: readonly (HistoryEntry & { readonly seq: number })[];
  readonly total: number;
}

/** History entries of one lock to append, numbered from `firstSeq`. */
export interface HistoryAppend {
  readonly id: string;
  readonly firstSeq: number;
  readonly entries: readonly HistoryEntry[];
}

/** What one commit writes: every lock changed in a turn of the host, their history, the heartbeat. */
export interface HostWrite {
  readonly saves: readonly Omit<StoredLock, "seq">[];
  readonly histories: readonly HistoryAppend[];
  readonly heartbeatMs?: number;
}

export interface HostStore {
  /** Every stored lock, oldest first; a row that cannot be read goes to `unreadable` instead. */
  loadAll(unreadable?: (lock: UnreadableLock) => void): StoredLock[];
  /** Inserts or replaces a lock's record and state, durably, before returning. */
  save(lock: Omit<StoredLock, "seq">): void;
  /** Saves several locks in one transaction (the heartbeat's batch). */
  saveMany(locks: readonly Omit<StoredLock, "seq">[]): void;
  /**
   * Writes everything in one transaction, durably, before returning — one commit (one fsync)
   * however many locks changed (docs/decisions/0022). All of it is written, or none of it.
   */
  commit(write: HostWrite): void;
  remove(id: string): void;
  appendHistory(id: string, firstSeq: number, entries: readonly HistoryEntry[]): void;
  /** The newest `limit` entries before `beforeSeq` (or the newest), newest last. */
  history(id: string, limit: number, beforeSeq?: number): HistoryPage;
  heartbeat(): number | null;
  setHeartbeat(wallMs: number): void;
  close(): void;
}

/** A store that keeps nothing past the process: for tests and `createServer` without a data folder. */
export class MemoryHostStore implements HostStore {
  private readonly locks = new Map<string, StoredLock>();
  private readonly histories = new Map<string, (HistoryEntry & { seq: number })[]>();
  private nextSeq = 1;
  private beat: number | null = null;

  loadAll(): StoredLock[] {
    return [...this.locks.values()].sort((a, b) => a.seq - b.seq);
  }

  save(lock: Omit<StoredLock, "seq">): void {
    const seq = this.locks.get(lock.record.id)?.seq ?? this.nextSeq++;
    this.locks.set(lock.record.id, { ...lock, seq });
  }

  saveMany(locks: readonly Omit<StoredLock, "seq">[]): void {
    for (const l of locks) this.save(l);
  }

  commit(write: HostWrite): void {
    for (const h of write.histories) this.appendHistory(h.id, h.firstSeq, h.entries);
    this.saveMany(write.saves);
    if (write.heartbeatMs !== undefined) this.setHeartbeat(write.heartbeatMs);
  }

  remove(id: string): void {
    this.locks.delete(id);
    this.histories.delete(id);
  }

  appendHistory(id: string, firstSeq: number, entries: readonly HistoryEntry[]): void {
    const list = this.histories.get(id) ?? [];
    entries.forEach((e, i) => list.push({ ...e, seq: firstSeq + i }));
    this.histories.set(id, list);
  }

  history(id: string, limit: number, beforeSeq?: number): HistoryPage {
    const list = this.histories.get(id) ?? [];
    const upTo = beforeSeq === undefined ? list : list.filter((e) => e.seq < beforeSeq);
    return { entries: upTo.slice(Math.max(0, upTo.length - limit)), total: list.length };
  }

  heartbeat(): number | null {
    return this.beat;
  }

  setHeartbeat(wallMs: number): void {
    this.beat = wallMs;
  }

  close(): void {
    // Nothing to release.
  }
}
