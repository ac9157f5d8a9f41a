/**
 * The lock's event log memory, as its radio answers `readLog` (core/event-log.ts; decision
 * 0027): the history the lock recorded, numbered as the host numbers it (`historyCount`), read
 * from the newest entries the lock keeps in memory and, further back, from the host's store of
 * its history (10,000 newest per lock: older records are overwritten, as a ring log's are).
 * Only a lock in reach and paired answers, as with every other command (B-NET-5, B-NET-3).
 */
import type { LogPage, LogRecord } from "../core/event-log.ts";
import { MAX_LOG_PAGE, logPage } from "../core/event-log.ts";
import type { HostedLock } from "./hosted-lock.ts";
import type { HostStore } from "./storage/host-store.ts";

/** The page of `lock`'s log after record `afterSeq`. */
export function readLockLog(
  lock: HostedLock,
  store: HostStore,
  command: { readonly afterSeq?: number; readonly limit?: number },
): LogPage {
  const afterSeq = command.afterSeq ?? 0;
  const limit = command.limit ?? MAX_LOG_PAGE;
  const lastSeq = lock.historyCount;
  // In memory: the newest entries, numbered up to historyCount (some not yet committed).
  const memory = lock.twin.history;
  const firstInMemory = lastSeq - memory.length + 1;
  const held = new Map<number, LogRecord>();
  memory.forEach((entry, i) => held.set(firstInMemory + i, { ...entry, seq: firstInMemory + i }));
  // Further back, the store: the newest `limit` before the earlier of memory's first and the page's end.
  if (limit > 0 && afterSeq + 1 < firstInMemory) {
    const before = Math.min(firstInMemory, afterSeq + limit + 1);
    for (const e of store.history(lock.id, limit, before).entries) held.set(e.seq, e);
  }
  const page = logPage([...held.values()], afterSeq, limit, lastSeq, lock.twin.clock.nowMs);
  // The oldest the lock still holds, wherever it is kept.
  const head = store.history(lock.id, 1);
  const newestStored = head.entries[0]?.seq;
  const oldestStored = newestStored === undefined ? undefined : newestStored - head.total + 1;
  const oldestSeq = Math.min(oldestStored ?? firstInMemory, memory.length > 0 ? firstInMemory : lastSeq + 1);
  return { ...page, oldestSeq: Math.max(1, oldestSeq) };
}
