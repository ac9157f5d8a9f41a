/**
 * The host's store in one SQLite file (better-sqlite3 12; docs/decisions/0014, 0022). Writes are
 * synchronous, in WAL mode with `synchronous = FULL`: a lock's stored codes must survive a
 * `kill -9` (or a power cut of the host) at any moment, so a write that returned is on disk. Each lock is one row (its record and twin state as JSON); history is
 * a table of its own, keyed by lock and sequence number, so it never sits in memory.
 */
import Database from "better-sqlite3";
import type { HistoryEntry } from "../../core/history.ts";
import { TWIN_STATE_VERSION, isTwinState } from "../../twin/twin-state.ts";
import type { HostedLockRecord } from "../hosted-lock.ts";
import type { HistoryPage, HostStore, HostWrite, StoredLock, UnreadableLock } from "./host-store.ts";

const SCHEMA_VERSION = 1;

/** History kept per lock; older entries are pruned as new ones arrive. */
export const MAX_HISTORY_PER_LOCK = 10_000;

export class SqliteHostStore implements HostStore {
  private readonly db: Database.Database;
  private readonly stmts: ReturnType<SqliteHostStore["prepare"]>;

  constructor(file: string) {
    this.db = SqliteHostStore.#open(file);
    // One process per data folder: a second host on the same file would run the same locks
    // and each overwrite the other's rows, losing codes both had acknowledged. The exclusive
    // lock is the operating system's, held until this store closes or the process dies (a
    // `kill -9` frees it); a second opener waits busy_timeout for it, then is refused.
    this.db.pragma("locking_mode = EXCLUSIVE");
    this.db.pragma("busy_timeout = 5000");
    try {
      this.db.pragma("journal_mode = WAL");
      this.db.pragma("synchronous = FULL");
      this.migrate();
    } catch (e) {
      this.db.close();
      if ((e as { code?: unknown }).code === "SQLITE_BUSY")
        throw new Error(
          `another Latchkey is using ${file} (a latchkey serve or latchkey locks on the same data folder): stop it first, or give this one another data folder`,
        );
      throw SqliteHostStore.#explained(e, file);
    }
    this.stmts = this.prepare();
  }

  static #open(file: string): Database.Database {
    try {
      return new Database(file);
    } catch (e) {
      throw SqliteHostStore.#explained(e, file);
    }
  }

  /** SQLite's words for a file it cannot open or write ("disk I/O error"), with the file and what to check. */
  static #explained(e: unknown, file: string): unknown {
    const code = String((e as { code?: unknown }).code ?? "");
    if (/^SQLITE_(IOERR|CANTOPEN|READONLY|PERM)/.test(code))
      return new Error(
        `cannot open or write ${file} (${(e as Error).message}): the data folder and the file must be writable`,
      );
    return e;
  }

  private migrate(): void {
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS locks (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        profile_id TEXT NOT NULL,
        record TEXT NOT NULL,
        state TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS history (
        lock_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        entry TEXT NOT NULL,
        PRIMARY KEY (lock_id, seq)
      ) WITHOUT ROWID;
    `);
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'schema'").get() as
      { value: string } | undefined;
    if (row && Number(row.value) > SCHEMA_VERSION) {
      throw new Error(
        `the data folder was written by a newer Latchkey (schema ${row.value}, this one knows ${SCHEMA_VERSION})`,
      );
    }
    this.db
      .prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', ?)")
      .run(String(SCHEMA_VERSION));
  }

  private prepare() {
    const db = this.db;
    return {
      all: db.prepare("SELECT seq, id, profile_id, record, state FROM locks ORDER BY seq"),
      upsert: db.prepare(
        `INSERT INTO locks (id, profile_id, record, state) VALUES (@id, @profileId, @record, @state)
         ON CONFLICT(id) DO UPDATE SET profile_id = excluded.profile_id, record = excluded.record, state = excluded.state`,
      ),
      remove: db.prepare("DELETE FROM locks WHERE id = ?"),
      removeHistory: db.prepare("DELETE FROM history WHERE lock_id = ?"),
      addHistory: db.prepare("INSERT OR REPLACE INTO history (lock_id, seq, entry) VALUES (?, ?, ?)"),
      prune: db.prepare("DELETE FROM history WHERE lock_id = ? AND seq <= ?"),
      newest: db.prepare("SELECT seq, entry FROM history WHERE lock_id = ? ORDER BY seq DESC LIMIT ?"),
      before: db.prepare(
        "SELECT seq, entry FROM history WHERE lock_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?",
      ),
      count: db.prepare("SELECT COUNT(*) AS n FROM history WHERE lock_id = ?"),
      getMeta: db.prepare("SELECT value FROM meta WHERE key = ?"),
      setMeta: db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"),
    };
  }

  loadAll(unreadable?: (lock: UnreadableLock) => void): StoredLock[] {
    const rows = this.stmts.all.all() as {
      seq: number;
      id: string;
      profile_id: string;
      record: string;
      state: string;
    }[];
    const out: StoredLock[] = [];
    for (const row of rows) {
      // A row this version cannot read is left in place and skipped, never guessed at — and
      // named, so the start says which lock it is and why, and its id is not given out again.
      let state: unknown;
      let record: unknown;
      try {
        state = JSON.parse(row.state);
        record = JSON.parse(row.record);
      } catch (e) {
        unreadable?.({ id: row.id, reason: `its stored row is damaged (${(e as Error).message})` });
        continue;
      }
      if (!isTwinState(state)) {
        const version = (state as { version?: unknown } | null)?.version;
        unreadable?.({
          id: row.id,
          reason: `its state is not one this version reads (state version ${String(version)}, this one reads ${TWIN_STATE_VERSION})`,
        });
        continue;
      }
      if (typeof record !== "object" || record === null || (record as { id?: unknown }).id !== row.id) {
        unreadable?.({ id: row.id, reason: "its stored record is damaged" });
        continue;
      }
      out.push({ seq: row.seq, profileId: row.profile_id, record: record as HostedLockRecord, state });
    }
    return out;
  }

  save(lock: Omit<StoredLock, "seq">): void {
    this.stmts.upsert.run({
      id: lock.record.id,
      profileId: lock.profileId,
      record: JSON.stringify(lock.record),
      state: JSON.stringify(lock.state),
    });
  }

  saveMany(locks: readonly Omit<StoredLock, "seq">[]): void {
    this.db.transaction(() => {
      for (const l of locks) this.save(l);
    })();
  }

  commit(write: HostWrite): void {
    // better-sqlite3 turns the inner transactions into savepoints: one commit, one fsync.
    this.db.transaction(() => {
      for (const h of write.histories) this.appendHistory(h.id, h.firstSeq, h.entries);
      for (const l of write.saves) this.save(l);
      if (write.heartbeatMs !== undefined) this.setHeartbeat(write.heartbeatMs);
    })();
  }

  remove(id: string): void {
    this.db.transaction(() => {
      this.stmts.remove.run(id);
      this.stmts.removeHistory.run(id);
    })();
  }

  appendHistory(id: string, firstSeq: number, entries: readonly HistoryEntry[]): void {
    if (entries.length === 0) return;
    this.db.transaction(() => {
      entries.forEach((e, i) => this.stmts.addHistory.run(id, firstSeq + i, JSON.stringify(e)));
      const last = firstSeq + entries.length - 1;
      if (last > MAX_HISTORY_PER_LOCK) this.stmts.prune.run(id, last - MAX_HISTORY_PER_LOCK);
    })();
  }

  history(id: string, limit: number, beforeSeq?: number): HistoryPage {
    const rows = (
      beforeSeq === undefined ? this.stmts.newest.all(id, limit) : this.stmts.before.all(id, beforeSeq, limit)
    ) as { seq: number; entry: string }[];
    const total = (this.stmts.count.get(id) as { n: number }).n;
    return {
      entries: rows.reverse().map((r) => ({ ...(JSON.parse(r.entry) as HistoryEntry), seq: r.seq })),
      total,
    };
  }

  heartbeat(): number | null {
    const row = this.stmts.getMeta.get("heartbeat") as { value: string } | undefined;
    return row ? Number(row.value) : null;
  }

  setHeartbeat(wallMs: number): void {
    this.stmts.setMeta.run("heartbeat", String(wallMs));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
