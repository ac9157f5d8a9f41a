/**
 * The hub catches up with a lock's own event log (B-NET-5, B-SEC-5, B-NET-2): what the lock did
 * while its link was down (or while no hub listened) reached nobody as a report, but the lock
 * recorded it. When the hub next reaches the lock it reads the log's records after the last
 * one it read (`readLog`, core/event-log.ts), stores each once — a record the hub heard as it
 * happened (same lock time, same kind) is not added again, and a record read twice (a second
 * reconnect, a second hub) is one event by its record number — at the time the lock recorded
 * it (turned into the hub's clock), marked `deliveredLate`, and raises the alerts that still
 * matter now: a lockout still running, a jam the bolt is still in, a limited-use code spent.
 *
 * The first look at a lock only notes where its log stands: what it did before the hub took
 * it in is not the hub's history (a lock first reached long after it was taken in — its radio
 * was down — is read from its first record since then, up to 200 back). Records the lock no longer holds (its log is a ring) are
 * said in one event, so a person knows the history has a hole.
 */
import type { LogPage, LogRecord } from "../../core/event-log.ts";
import { MAX_LOG_PAGE } from "../../core/event-log.ts";
import type { HubLockLink, HubLockView } from "../host-port.ts";
import type { HubLock } from "../model.ts";
import type { HubRepository } from "../storage/hub-repository.ts";
import { siteTime, siteZone } from "../alert-words.ts";

/** Pages read in one visit at most (a lock away for years catches up over several visits). */
const MAX_PAGES_PER_VISIT = 40;

/**
 * Each log record's kind as the hub's event kind (`lock.<kind>`, as the lock reports it live),
 * with the live kinds that are the same happening. Records without a report of their own — a
 * power-up, a refusal, which the log does not tell apart from a wrong code — are not taken:
 * wrong codes reach the hub as the lockout five of them start.
 */
const RECORD_KINDS: Readonly<Record<string, { kind: string; live: readonly string[] }>> = {
  lock: { kind: "locked", live: ["locked"] },
  unlock: { kind: "unlocked", live: ["unlocked"] },
  lockout: { kind: "lockout-started", live: ["lockout-started", "wrong-code-limit"] },
  jammed: { kind: "jammed", live: ["jammed"] },
  "code-added": { kind: "code-added", live: ["code-added", "code-changed"] },
  "code-deleted": { kind: "code-deleted", live: ["code-deleted"] },
  "code-used-up": { kind: "code-used-up", live: ["code-used-up"] },
  "programming-code-set": { kind: "programming-code-changed", live: ["programming-code-changed"] },
  handing: { kind: "handing-done", live: ["handing-done"] },
  mode: { kind: "mode-changed", live: ["mode-changed"] },
  settings: { kind: "settings-changed", live: ["settings-changed"] },
  paired: { kind: "paired", live: ["paired"] },
  unpaired: { kind: "unpaired", live: ["unpaired"] },
  "factory-reset": { kind: "factory-reset", live: ["factory-reset"] },
};

/** The log's sources in the words the lock's reports use (radio-types.ts LOCK_SOURCES). */
const SOURCES: Readonly<Record<string, string>> = {
  keypad: "keypad",
  "one-touch": "one-touch",
  key: "manual",
  thumbturn: "manual",
  remote: "remote",
  "auto-lock": "auto",
  interior: "keypad",
  system: "lock",
};

export interface CatchUpContext {
  readonly repo: HubRepository;
  readonly now: () => number;
  /** Told of each alert raised (lock-sync.ts SyncChange's alert). */
  readonly onChange?: (change: { type: "alert"; lockId: string; kind: string; message: string }) => void;
  readonly commandTimeoutMs?: number;
}

/** What one visit read: records stored, and whether the log was read to its end. */
export interface CatchUpResult {
  readonly stored: number;
  readonly complete: boolean;
}

function asLogPage(data: unknown): LogPage | null {
  if (typeof data !== "object" || data === null) return null;
  const d = data as Partial<LogPage>;
  if (!Array.isArray(d.records) || typeof d.lastSeq !== "number" || typeof d.nowMs !== "number") return null;
  const records = (d.records as unknown[]).filter(
    (r): r is LogRecord =>
      typeof r === "object" &&
      r !== null &&
      Number.isSafeInteger((r as LogRecord).seq) &&
      typeof (r as LogRecord).atMs === "number" &&
      typeof (r as LogRecord).kind === "string",
  );
  return {
    records,
    lastSeq: d.lastSeq,
    oldestSeq: typeof d.oldestSeq === "number" ? d.oldestSeq : 1,
    nowMs: d.nowMs,
  };
}

/** Reads the lock's log after the hub's last record, stores what it missed, alerts on what matters. */
export async function catchUpLog(
  ctx: CatchUpContext,
  lock: HubLock,
  link: HubLockLink,
  view: HubLockView | undefined,
): Promise<CatchUpResult> {
  const { repo } = ctx;
  const timeout = { timeoutMs: ctx.commandTimeoutMs ?? 10_000 };
  const sync = await repo.getSyncState(lock.id);
  if (!sync) return { stored: 0, complete: false };
  let cursor = sync.logSeq;
  if (cursor === null) {
    // First look: where the log stands now; nothing before the hub took the lock in is its history.
    const head = await link.send({ type: "readLog", limit: 0 }, timeout);
    const page = head.ok ? asLogPage(head.data) : null;
    if (!page) return { stored: 0, complete: false };
    cursor = page.lastSeq;
    // A lock the hub could not reach since it took it in (its radio was down): what it did since
    // then is the hub's history too — read from the first record after that, a few pages back.
    // (Never reached: not inventoried. A lock from before the hub read logs was, and its events
    // were heard live without their lock time, so its past is not read again.)
    if (!sync.inventoried && ctx.now() - lock.addedAtMs > FIRST_LOOK_GRACE_MS)
      cursor = await firstRecordSince(ctx, lock, link, page, timeout);
    await repo.updateSyncState(lock.id, { logSeq: cursor });
    if (cursor >= page.lastSeq) return { stored: 0, complete: true };
  }
  let stored = 0;
  const caught: { record: LogRecord; page: LogPage }[] = [];
  for (let pages = 0; pages < MAX_PAGES_PER_VISIT; pages++) {
    const r = await link.send({ type: "readLog", afterSeq: cursor, limit: MAX_LOG_PAGE }, timeout);
    const page = r.ok ? asLogPage(r.data) : null;
    if (!page) break; // away again, or a lock that keeps no log: next visit
    if (page.lastSeq < cursor) {
      // A log that starts again (the lock was made anew under this id): read it from its start.
      cursor = 0;
      await repo.updateSyncState(lock.id, { logSeq: 0 });
      continue;
    }
    if (cursor + 1 < page.oldestSeq) {
      stored += await noteGap(ctx, lock, cursor, page);
      cursor = page.oldestSeq - 1;
    }
    for (const record of page.records) {
      if (record.seq <= cursor) continue;
      if (await storeRecord(ctx, lock, record, page)) {
        stored++;
        caught.push({ record, page });
      }
      cursor = record.seq;
    }
    await repo.updateSyncState(lock.id, { logSeq: cursor });
    if (page.records.length === 0 || cursor >= page.lastSeq) {
      await alertWhatMatters(ctx, lock, caught, view);
      return { stored, complete: true };
    }
  }
  await alertWhatMatters(ctx, lock, caught, view);
  return { stored, complete: false };
}

/** A first look this soon after the lock was taken in is the lock's first visit: nothing missed. */
const FIRST_LOOK_GRACE_MS = 60_000;
/** How far back a late first look reads (records). */
const FIRST_LOOK_BACK = 4 * MAX_LOG_PAGE;

/** The record number just before the first one the lock made after the hub took it in. */
async function firstRecordSince(
  ctx: CatchUpContext,
  lock: HubLock,
  link: HubLockLink,
  head: LogPage,
  timeout: { timeoutMs: number },
): Promise<number> {
  let after = Math.max(head.oldestSeq - 1, head.lastSeq - FIRST_LOOK_BACK, 0);
  while (after < head.lastSeq) {
    const r = await link.send({ type: "readLog", afterSeq: after, limit: MAX_LOG_PAGE }, timeout);
    const page = r.ok ? asLogPage(r.data) : null;
    if (!page || page.records.length === 0) break;
    const first = page.records.find((rec) => hubTimeOf(ctx, rec, page) >= lock.addedAtMs);
    if (first) return first.seq - 1;
    after = page.records.at(-1)!.seq;
  }
  return head.lastSeq;
}

/** The hub's clock when the lock recorded it: the lock's clock as it answered, minus the age. */
function hubTimeOf(ctx: CatchUpContext, record: LogRecord, page: LogPage): number {
  const now = ctx.now();
  return Math.round(Math.min(now, now - Math.max(0, page.nowMs - record.atMs)));
}

/** Stores one record the hub did not hear; false when it is not the hub's to keep or is kept. */
async function storeRecord(
  ctx: CatchUpContext,
  lock: HubLock,
  record: LogRecord,
  page: LogPage,
): Promise<boolean> {
  const { repo } = ctx;
  const kind = RECORD_KINDS[record.kind];
  if (!kind) return false;
  const slot =
    typeof record.slot === "number" && Number.isInteger(record.slot) && record.slot > 0 && record.slot < 1000
      ? record.slot
      : null;
  // Heard as it happened: the live report is this record.
  const lockAtMs = Math.round(record.atMs); // as a live report's time is kept
  if (
    await repo.hasLockEvent(
      lock.id,
      lockAtMs,
      kind.live.map((k) => `lock.${k}`),
      slot,
    )
  )
    return false;
  const owner = slot === null ? undefined : (await repo.listLockCodes(lock.id)).find((r) => r.slot === slot);
  const personId = owner ? ((await repo.getAccessCode(owner.accessCodeId))?.personId ?? null) : null;
  const atMs = hubTimeOf(ctx, record, page);
  const detail = [
    `lock time ${record.atMs}`,
    typeof record.detail === "string" ? record.detail.slice(0, 200) : null,
    `from the lock's log (record ${record.seq}, ${String(record.source).slice(0, 32)}): the link was down when it happened`,
  ]
    .filter((x) => x !== null)
    .join("; ");
  const isNew = await repo.appendEvent({
    atMs,
    siteId: lock.siteId,
    lockId: lock.id,
    personId,
    accessCodeId: owner?.accessCodeId ?? null,
    kind: `lock.${kind.kind}`,
    source: SOURCES[record.source] ?? "lock",
    slot,
    detail,
    lockAtMs,
    lockSeq: record.seq,
    deliveredLate: true,
  });
  if (!isNew) return false; // another hub (or an earlier visit) stored this record
  // What the lock's report would have done, where it still holds.
  if (owner && record.kind === "unlock" && record.source === "keypad")
    await repo.recordUse(owner.accessCodeId, atMs);
  if (owner && record.kind === "code-used-up") await repo.finishUses(owner.accessCodeId, ctx.now());
  return true;
}

/** One event saying records were lost before the hub could read them (the lock's log is a ring). */
async function noteGap(ctx: CatchUpContext, lock: HubLock, cursor: number, page: LogPage): Promise<number> {
  const stored = await ctx.repo.appendEvent({
    atMs: ctx.now(),
    siteId: lock.siteId,
    lockId: lock.id,
    personId: null,
    accessCodeId: null,
    kind: "lock.log-overwritten",
    source: "hub",
    slot: null,
    detail: `records ${cursor + 1}–${page.oldestSeq - 1} of the lock's log were overwritten before the hub could read them`,
    lockSeq: -page.oldestSeq, // one note per hole, however often it is read
    deliveredLate: true,
  });
  return stored ? 1 : 0;
}

/**
 * Alerts for what was caught up, only where they still matter: a lockout still running
 * (`lock.lockout`), and always that someone reached the wrong-code limit (`lock.brute-force`: a
 * person should look, even after the lockout ended); a jam only while the bolt is still jammed.
 * And the jam and lockout alerts that ended unheard are closed.
 */
async function alertWhatMatters(
  ctx: CatchUpContext,
  lock: HubLock,
  caught: readonly { record: LogRecord; page: LogPage }[],
  view: HubLockView | undefined,
): Promise<void> {
  const raise = async (kind: string, message: string, atMs: number): Promise<void> => {
    const a = await ctx.repo.raiseAlert({ atMs, lockId: lock.id, siteId: lock.siteId, kind, message });
    if (a) ctx.onChange?.({ type: "alert", lockId: lock.id, kind, message: a.message });
  };
  const lockouts = caught.filter((c) => c.record.kind === "lockout");
  const lastLockout = lockouts.at(-1);
  if (lastLockout) {
    const at = hubTimeOf(ctx, lastLockout.record, lastLockout.page);
    const when = siteTime(at, await siteZone(ctx.repo, lock.siteId), ctx.now());
    await raise(
      "lock.brute-force",
      `${lock.name} reached the wrong-code limit at ${when} while the hub could not hear it: someone may be guessing codes`,
      at,
    );
    const seconds = /keypad off for (\d+) s/.exec(lastLockout.record.detail ?? "")?.[1];
    const untilLockMs = seconds === undefined ? null : lastLockout.record.atMs + Number(seconds) * 1000;
    if (untilLockMs !== null && untilLockMs > lastLockout.page.nowMs)
      await raise(
        "lock.lockout",
        `${lock.name} locked its keypad after too many wrong codes (since ${when})`,
        at,
      );
  }
  // What ended while nobody heard it (the lock's report reached no one, and the log has no
  // record of a lockout's end): the jam once the bolt finished a move, the lockout once the
  // keypad is back. The lock's state says so now, whichever hub raised the alert.
  if (view?.bolt === "locked" || view?.bolt === "unlocked")
    await ctx.repo.resolveAlerts(lock.id, "lock.jammed", ctx.now());
  if (view?.lockout === null) await ctx.repo.resolveAlerts(lock.id, "lock.lockout", ctx.now());
  const jam = caught.filter((c) => c.record.kind === "jammed").at(-1);
  if (jam && view?.bolt === "jammed")
    await raise(
      "lock.jammed",
      `${lock.name} jammed: the bolt could not finish moving`,
      hubTimeOf(ctx, jam.record, jam.page),
    );
}
