/**
 * The lock's own event log as its radio hands it over (B-SEC-5, B-NET-2, B-NET-5): every
 * history entry (history.ts) numbered from 1 in the order the lock recorded it, read by a
 * controller a page at a time after the last number it holds — as Z-Wave's Door Lock Logging
 * reads records by number — so a keypad unlock made while the link was down reaches the hub
 * when the link returns, however many reports were lost meanwhile.
 *
 * The firmware records the entries; the lock's log memory keeps them and answers `readLog`
 * from them (in this simulation the host keeps that memory, as it keeps the lock's flash:
 * docs/decisions/0027). This module is the command's contract: its bounds and its answer.
 */
import type { HistoryEntry } from "./history.ts";

/** Most records one answer carries (a Z-Wave frame carries one; ours: a page a radio takes). */
export const MAX_LOG_PAGE = 50;

/** One record of the log: the history entry and its number. */
export interface LogRecord extends HistoryEntry {
  readonly seq: number;
}

/** What `readLog` answers. */
export interface LogPage {
  /** Records numbered after `afterSeq`, oldest first, at most `limit`. */
  readonly records: readonly LogRecord[];
  /** The newest record's number (0 before the lock recorded anything). */
  readonly lastSeq: number;
  /**
   * The oldest record the lock still holds: older ones were overwritten (the log is a ring). A
   * reader whose last number is below it has lost records and can say so.
   */
  readonly oldestSeq: number;
  /** The lock's clock as it answered: a reader turns record times into its own clock's. */
  readonly nowMs: number;
}

/** What is wrong with a readLog's fields; null when nothing is. */
export function readLogProblem(command: {
  readonly afterSeq?: unknown;
  readonly limit?: unknown;
}): string | null {
  const { afterSeq, limit } = command;
  if (afterSeq !== undefined && (!Number.isSafeInteger(afterSeq) || (afterSeq as number) < 0))
    return "afterSeq is a record number, 0 or more";
  if (
    limit !== undefined &&
    (!Number.isInteger(limit) || (limit as number) < 0 || (limit as number) > MAX_LOG_PAGE)
  )
    return `limit is a whole number from 0 to ${MAX_LOG_PAGE}`;
  return null;
}

/**
 * The page after `afterSeq` from the records the lock holds (any order, numbers unique):
 * `limit` 0 answers only where the log stands.
 */
export function logPage(
  held: readonly LogRecord[],
  afterSeq: number,
  limit: number,
  lastSeq: number,
  nowMs: number,
): LogPage {
  const sorted = [...held].sort((a, b) => a.seq - b.seq);
  return {
    records: sorted.filter((r) => r.seq > afterSeq).slice(0, limit),
    lastSeq,
    oldestSeq: sorted[0]?.seq ?? lastSeq + 1,
    nowMs,
  };
}
