/**
 * The hub's one repository: everything the hub keeps, over the SqlDb port, the same code on
 * SQLite and PostgreSQL. Each method is one transaction, so a refusal or a crash leaves
 * nothing half-written. Several hub processes on one PostgreSQL share the sync work by
 * leasing locks (`claimDueLocks`, `FOR UPDATE SKIP LOCKED`): one hub syncs a lock at a time.
 */
import type {
  AccessCode,
  Alert,
  HubEvent,
  HubLock,
  Issue,
  LockCodeState,
  LockSyncState,
  NewHubEvent,
  Person,
  Role,
  Site,
  UnmanagedCode,
  WeeklySchedule,
} from "../model.ts";
import type { Row, SqlDb } from "./sql-db.ts";
import { migrate } from "./migrations.ts";

export interface EventFilter {
  readonly siteIds?: readonly string[];
  readonly lockIds?: readonly string[];
  readonly personId?: string;
  /** One event by its id (Seam's events/get), with the other filters still applying. */
  readonly id?: number;
  readonly kinds?: readonly string[];
  readonly fromMs?: number;
  readonly untilMs?: number;
  /** Newest first; page with `beforeId`. */
  readonly beforeId?: number;
  readonly limit?: number;
}

export interface AccessCodeFilter {
  readonly siteIds?: readonly string[];
  readonly personId?: string;
  readonly lockId?: string;
  readonly includeDeleted?: boolean;
  readonly limit?: number;
  /** Keyset paging: only codes after this one in the list's order (created, then id). */
  readonly after?: { readonly createdAtMs: number; readonly id: string };
}

export interface ApiTokenRecord {
  readonly id: string;
  readonly tokenHash: string;
  readonly personId: string;
  readonly label: string;
  readonly createdAtMs: number;
}

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const json = <T>(v: unknown, fallback: T): T => (typeof v === "string" ? (JSON.parse(v) as T) : fallback);

function toSite(r: Row): Site {
  return {
    id: String(r["id"]),
    name: String(r["name"]),
    timeZone: String(r["time_zone"]),
    createdAtMs: num(r["created_at"]),
  };
}
function toPerson(r: Row): Person {
  return {
    id: String(r["id"]),
    name: String(r["name"]),
    role: String(r["role"]) as Role,
    siteIds: json<string[]>(r["site_ids"], []),
    createdAtMs: num(r["created_at"]),
    revokedAtMs: numOrNull(r["revoked_at"]),
  };
}
function toLock(r: Row): HubLock {
  return {
    id: String(r["id"]),
    siteId: String(r["site_id"]),
    name: String(r["name"]),
    addedAtMs: num(r["added_at"]),
    unmanagedAtMs: numOrNull(r["unmanaged_at"]),
  };
}
function toSyncState(r: Row): LockSyncState {
  return {
    lockId: String(r["id"]),
    paired: num(r["paired"]) === 1,
    checksum: strOrNull(r["checksum"]),
    inventoried: num(r["inventoried"]) === 1,
    lastVerifiedAtMs: numOrNull(r["last_verified_at"]),
    logSeq: numOrNull(r["log_seq"]),
    hostRemovedAtMs: numOrNull(r["host_removed_at"]),
  };
}
function toAccessCode(r: Row, lockIds: readonly string[]): AccessCode {
  return {
    id: String(r["id"]),
    siteId: String(r["site_id"]),
    name: String(r["name"]),
    code: String(r["code"]),
    generated: num(r["generated"]) === 1,
    personId: strOrNull(r["person_id"]),
    commonCodeKey: strOrNull(r["common_code_key"]),
    lockIds,
    startsAtMs: numOrNull(r["starts_at"]),
    endsAtMs: numOrNull(r["ends_at"]),
    weekly: json<WeeklySchedule | null>(r["weekly"], null),
    maxUses: numOrNull(r["max_uses"]),
    usesCount: num(r["uses_count"]),
    leadTimeMs: num(r["lead_time_ms"]),
    createdAtMs: num(r["created_at"]),
    deletedAtMs: numOrNull(r["deleted_at"]),
    warnings: json<Issue[]>(r["warnings"], []),
  };
}
function toLockCode(r: Row): LockCodeState {
  return {
    accessCodeId: String(r["access_code_id"]),
    lockId: String(r["lock_id"]),
    slot: numOrNull(r["slot"]),
    status: String(r["status"]) as LockCodeState["status"],
    errors: json<Issue[]>(r["errors"], []),
    warnings: json<Issue[]>(r["warnings"], []),
    attempts: num(r["attempts"]),
    nextAttemptAtMs: numOrNull(r["next_attempt_at"]),
    appliedKey: strOrNull(r["applied_key"]),
    changeSeq: num(r["change_seq"]),
    updatedAtMs: num(r["updated_at"]),
  };
}
function toEvent(r: Row): HubEvent {
  return {
    id: num(r["id"]),
    atMs: num(r["at"]),
    siteId: strOrNull(r["site_id"]),
    lockId: strOrNull(r["lock_id"]),
    personId: strOrNull(r["person_id"]),
    accessCodeId: strOrNull(r["access_code_id"]),
    kind: String(r["kind"]),
    source: String(r["source"]),
    slot: numOrNull(r["slot"]),
    detail: strOrNull(r["detail"]),
    ...(num(r["late"] ?? 0) === 1 ? { deliveredLate: true } : {}),
  };
}
function toAlert(r: Row): Alert {
  return {
    id: num(r["id"]),
    atMs: num(r["at"]),
    lockId: strOrNull(r["lock_id"]),
    siteId: strOrNull(r["site_id"]),
    kind: String(r["kind"]),
    message: String(r["message"]),
    resolvedAtMs: numOrNull(r["resolved_at"]),
  };
}

const placeholders = (n: number): string => Array.from({ length: n }, () => "?").join(", ");

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    e.code === "23505" || e.code === "SQLITE_CONSTRAINT_PRIMARYKEY" || e.code === "SQLITE_CONSTRAINT_UNIQUE"
  );
}

export class HubRepository {
  private readonly resolvedListeners = new Set<(alerts: readonly Alert[]) => void>();

  private constructor(readonly db: SqlDb) {}

  /**
   * Hears every alert this repository closes (the situation ended, or a person acknowledged
   * it), so the hub can push the closing as it pushes the opening; returns the unsubscribe.
   */
  onAlertsResolved(listener: (alerts: readonly Alert[]) => void): () => void {
    this.resolvedListeners.add(listener);
    return () => this.resolvedListeners.delete(listener);
  }

  private resolved(rows: readonly Row[]): number {
    if (rows.length > 0) {
      const alerts = rows.map(toAlert);
      for (const l of this.resolvedListeners) l(alerts);
    }
    return rows.length;
  }

  /** Opens over a database and brings its schema up to date. */
  static async open(db: SqlDb): Promise<HubRepository> {
    await migrate(db);
    return new HubRepository(db);
  }

  get dialect(): SqlDb["dialect"] {
    return this.db.dialect;
  }

  close(): Promise<void> {
    return this.db.close();
  }

  // ---- sites and people -------------------------------------------------------------------

  /** False when a site with this id exists (nothing changes). */
  async createSite(site: Site): Promise<boolean> {
    return this.insertUnique("INSERT INTO sites (id, name, time_zone, created_at) VALUES (?, ?, ?, ?)", [
      site.id,
      site.name,
      site.timeZone,
      site.createdAtMs,
    ]);
  }

  async getSite(id: string): Promise<Site | undefined> {
    const rows = await this.db.query("SELECT * FROM sites WHERE id = ?", [id]);
    return rows[0] ? toSite(rows[0]) : undefined;
  }

  async listSites(ids: readonly string[] | "all" = "all"): Promise<Site[]> {
    if (ids !== "all" && ids.length === 0) return [];
    const rows =
      ids === "all"
        ? await this.db.query("SELECT * FROM sites ORDER BY created_at, id")
        : await this.db.query(
            `SELECT * FROM sites WHERE id IN (${placeholders(ids.length)}) ORDER BY created_at, id`,
            ids,
          );
    return rows.map(toSite);
  }

  async createPerson(person: Person): Promise<boolean> {
    return this.insertUnique(
      "INSERT INTO people (id, name, role, site_ids, created_at) VALUES (?, ?, ?, ?, ?)",
      [person.id, person.name, person.role, JSON.stringify(person.siteIds), person.createdAtMs],
    );
  }

  async getPerson(id: string): Promise<Person | undefined> {
    const rows = await this.db.query("SELECT * FROM people WHERE id = ?", [id]);
    return rows[0] ? toPerson(rows[0]) : undefined;
  }

  async listPeople(): Promise<Person[]> {
    return (await this.db.query("SELECT * FROM people ORDER BY created_at, id")).map(toPerson);
  }

  async countOwners(): Promise<number> {
    const rows = await this.db.query("SELECT COUNT(*) AS n FROM people WHERE role = 'owner'");
    return num(rows[0]?.["n"] ?? 0);
  }

  async createToken(token: ApiTokenRecord): Promise<boolean> {
    return this.insertUnique(
      "INSERT INTO api_tokens (id, token_hash, person_id, label, created_at) VALUES (?, ?, ?, ?, ?)",
      [token.id, token.tokenHash, token.personId, token.label, token.createdAtMs],
    );
  }

  /** A person's API tokens, oldest first: never the hash. */
  async listTokens(personId: string): Promise<Omit<ApiTokenRecord, "tokenHash">[]> {
    const rows = await this.db.query(
      "SELECT id, person_id, label, created_at FROM api_tokens WHERE person_id = ? ORDER BY created_at, id",
      [personId],
    );
    return rows.map((r) => ({
      id: String(r["id"]),
      personId: String(r["person_id"]),
      label: String(r["label"]),
      createdAtMs: num(r["created_at"]),
    }));
  }

  async countPeople(): Promise<number> {
    const rows = await this.db.query("SELECT COUNT(*) AS n FROM people");
    return num(rows[0]?.["n"] ?? 0);
  }

  async countSites(): Promise<number> {
    const rows = await this.db.query("SELECT COUNT(*) AS n FROM sites");
    return num(rows[0]?.["n"] ?? 0);
  }

  async countTokens(personId: string): Promise<number> {
    const rows = await this.db.query("SELECT COUNT(*) AS n FROM api_tokens WHERE person_id = ?", [personId]);
    return num(rows[0]?.["n"] ?? 0);
  }

  /** Removes one of a person's tokens; false when that person has no token with this id. */
  async deleteToken(personId: string, tokenId: string): Promise<boolean> {
    const r = await this.db.run("DELETE FROM api_tokens WHERE id = ? AND person_id = ?", [tokenId, personId]);
    return r.changes > 0;
  }

  /**
   * Ends a person's access in one transaction: marked revoked, password, API tokens, sessions
   * and invite links gone. False when there is no such person or they were revoked already.
   */
  async revokePerson(id: string, nowMs: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const r = await tx.run(
        "UPDATE people SET revoked_at = ?, password_hash = NULL WHERE id = ? AND revoked_at IS NULL",
        [nowMs, id],
      );
      if (r.changes === 0) return false;
      await tx.run("DELETE FROM api_tokens WHERE person_id = ?", [id]);
      await tx.run("DELETE FROM sessions WHERE person_id = ?", [id]);
      await tx.run("DELETE FROM invites WHERE person_id = ?", [id]);
      return true;
    });
  }

  async findPersonByTokenHash(tokenHash: string): Promise<Person | undefined> {
    const rows = await this.db.query(
      "SELECT p.* FROM api_tokens t JOIN people p ON p.id = t.person_id WHERE t.token_hash = ? AND p.revoked_at IS NULL",
      [tokenHash],
    );
    return rows[0] ? toPerson(rows[0]) : undefined;
  }

  // ---- locks ------------------------------------------------------------------------------

  async addLock(lock: HubLock): Promise<boolean> {
    return this.insertUnique(
      "INSERT INTO hub_locks (id, site_id, name, added_at, due_at) VALUES (?, ?, ?, ?, ?)",
      [lock.id, lock.siteId, lock.name, lock.addedAtMs, lock.addedAtMs],
    );
  }

  /** Names a lock the hub manages; false when it manages none of that id. */
  async renameLock(id: string, name: string): Promise<boolean> {
    const before = await this.getLock(id);
    if (!before) return false;
    await this.db.run("UPDATE hub_locks SET name = ? WHERE id = ?", [name, id]);
    return true;
  }

  /**
   * Locks the hub manages of these ids; `includeUnmanaged` adds the ones taken off its care
   * (their `unmanagedAtMs` set), for a caller that says why it refuses one.
   */
  async getLocks(ids: readonly string[], includeUnmanaged = false): Promise<HubLock[]> {
    const out: HubLock[] = [];
    const managed = includeUnmanaged ? "" : " AND unmanaged_at IS NULL";
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      out.push(
        ...(
          await this.db.query(
            `SELECT * FROM hub_locks WHERE id IN (${placeholders(chunk.length)})${managed}`,
            chunk,
          )
        ).map(toLock),
      );
    }
    return out;
  }

  /**
   * A lock under the hub's care. One taken off it (`markUnmanaged`) is not, so what hears
   * reports, raises alerts or sends commands finds none; `getLockRecord` reads it anyway.
   */
  async getLock(id: string): Promise<HubLock | undefined> {
    const rows = await this.db.query("SELECT * FROM hub_locks WHERE id = ? AND unmanaged_at IS NULL", [id]);
    return rows[0] ? toLock(rows[0]) : undefined;
  }

  /** A lock the hub knows, managed or taken off its care (`unmanagedAtMs` says which). */
  async getLockRecord(id: string): Promise<HubLock | undefined> {
    const rows = await this.db.query("SELECT * FROM hub_locks WHERE id = ?", [id]);
    return rows[0] ? toLock(rows[0]) : undefined;
  }

  /** The names of these locks (ids the hub no longer manages are absent), read 500 at a time. */
  async lockNames(ids: readonly string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = await this.db.query(
        `SELECT id, name FROM hub_locks WHERE id IN (${placeholders(chunk.length)})`,
        chunk,
      );
      for (const r of rows) names.set(String(r["id"]), String(r["name"]));
    }
    return names;
  }

  /** Locks on these sites: the ones the hub manages, or (`managed: false`) the ones taken off its care. */
  async listLocks(siteIds: readonly string[] | "all" = "all", managed = true): Promise<HubLock[]> {
    if (siteIds !== "all" && siteIds.length === 0) return [];
    const care = managed ? "unmanaged_at IS NULL" : "unmanaged_at IS NOT NULL";
    const rows =
      siteIds === "all"
        ? await this.db.query(`SELECT * FROM hub_locks WHERE ${care} ORDER BY id`)
        : await this.db.query(
            `SELECT * FROM hub_locks WHERE site_id IN (${placeholders(siteIds.length)}) AND ${care} ORDER BY id`,
            siteIds,
          );
    return rows.map(toLock);
  }

  async getSyncState(lockId: string): Promise<LockSyncState | undefined> {
    const rows = await this.db.query("SELECT * FROM hub_locks WHERE id = ?", [lockId]);
    return rows[0] ? toSyncState(rows[0]) : undefined;
  }

  async updateSyncState(lockId: string, patch: Partial<Omit<LockSyncState, "lockId">>): Promise<void> {
    const sets: string[] = [];
    const values: unknown[] = [];
    if (patch.paired !== undefined) {
      sets.push("paired = ?");
      values.push(patch.paired ? 1 : 0);
    }
    if (patch.checksum !== undefined) {
      sets.push("checksum = ?");
      values.push(patch.checksum);
    }
    if (patch.inventoried !== undefined) {
      sets.push("inventoried = ?");
      values.push(patch.inventoried ? 1 : 0);
    }
    if (patch.lastVerifiedAtMs !== undefined) {
      sets.push("last_verified_at = ?");
      values.push(patch.lastVerifiedAtMs);
    }
    if (patch.logSeq !== undefined) {
      sets.push("log_seq = ?");
      values.push(patch.logSeq);
    }
    if (patch.hostRemovedAtMs !== undefined) {
      sets.push("host_removed_at = ?");
      values.push(patch.hostRemovedAtMs);
    }
    if (sets.length === 0) return;
    await this.db.run(`UPDATE hub_locks SET ${sets.join(", ")} WHERE id = ?`, [...values, lockId]);
  }

  /**
   * The host deleted the lock: from `atMs` it holds no codes and no pairing, and what the hub
   * knew of its table, log and keypad codes was the old lock's (a lock made again under the id
   * is read afresh). True for the call that recorded it (several hubs hear the same notice).
   */
  async markHostRemoved(lockId: string, atMs: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const { changes } = await tx.run(
        `UPDATE hub_locks SET host_removed_at = ?, paired = 0, inventoried = 0, checksum = NULL,
           last_verified_at = NULL, log_seq = NULL, offline_since = NULL
         WHERE id = ? AND host_removed_at IS NULL`,
        [atMs, lockId],
      );
      if (changes === 0) return false;
      await tx.run("DELETE FROM unmanaged_codes WHERE lock_id = ?", [lockId]);
      return true;
    });
  }

  /**
   * A person took the lock off the hub's care at `atMs`: what the hub knew of its table, log,
   * pairing and keypad codes goes (brought back, it is read afresh, as at a first visit). True
   * for the call that recorded it; false when it already was off (or there is no such lock).
   */
  async markUnmanaged(lockId: string, atMs: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const { changes } = await tx.run(
        `UPDATE hub_locks SET unmanaged_at = ?, inventoried = 0, checksum = NULL,
           last_verified_at = NULL, log_seq = NULL, offline_since = NULL
         WHERE id = ? AND unmanaged_at IS NULL`,
        [atMs, lockId],
      );
      if (changes === 0) return false;
      await tx.run("DELETE FROM unmanaged_codes WHERE lock_id = ?", [lockId]);
      return true;
    });
  }

  /** The lock is under the hub's care again, due at `atMs`; true for the call that brought it back. */
  async markManaged(lockId: string, atMs: number): Promise<boolean> {
    const { changes } = await this.db.run(
      `UPDATE hub_locks SET unmanaged_at = NULL, inventoried = 0, checksum = NULL,
         last_verified_at = NULL, log_seq = NULL, offline_since = NULL, due_at = ?
       WHERE id = ? AND unmanaged_at IS NOT NULL`,
      [atMs, lockId],
    );
    return changes > 0;
  }

  /** A lock is under the id again after the host deleted it; true for the call that cleared it. */
  async clearHostRemoved(lockId: string): Promise<boolean> {
    const { changes } = await this.db.run(
      "UPDATE hub_locks SET host_removed_at = NULL WHERE id = ? AND host_removed_at IS NOT NULL",
      [lockId],
    );
    return changes > 0;
  }

  /** Asks for the lock to be synced at `atMs` (or sooner, if it already is). */
  async markDue(lockIds: readonly string[], atMs: number): Promise<void> {
    if (lockIds.length === 0) return;
    await this.db.run(
      `UPDATE hub_locks SET due_at = CASE WHEN due_at IS NULL OR due_at > ? THEN ? ELSE due_at END WHERE id IN (${placeholders(lockIds.length)})`,
      [atMs, atMs, ...lockIds],
    );
  }

  /**
   * Leases up to `limit` locks that are due and not leased by another hub. While leased, a
   * lock's due time is its lease's end: if the hub dies, the lock is due again when the lease
   * lapses and another hub takes it over. On PostgreSQL rows another hub is claiming are
   * skipped, not waited for.
   */
  async claimDueLocks(owner: string, nowMs: number, leaseMs: number, limit: number): Promise<string[]> {
    const skip = this.db.dialect === "postgres" ? " FOR UPDATE SKIP LOCKED" : "";
    const until = nowMs + leaseMs;
    const rows = await this.db.query(
      `UPDATE hub_locks SET lease_owner = ?, lease_until = ?, due_at = ?
       WHERE id IN (SELECT id FROM hub_locks
                    WHERE due_at IS NOT NULL AND due_at <= ?
                      AND (lease_until IS NULL OR lease_until < ? OR lease_owner = ?)
                    ORDER BY due_at, id LIMIT ?${skip})
       RETURNING id`,
      [owner, until, until, nowMs, nowMs, owner, limit],
    );
    return rows.map((r) => String(r["id"]));
  }

  /**
   * Ends a lease; `nextDueAtMs` schedules the next visit (null: only when something changes).
   * A change made during the sync (markDue) set a due time before the lease's end: it is kept
   * when earlier.
   */
  async releaseLock(owner: string, lockId: string, nextDueAtMs: number | null): Promise<void> {
    await this.db.run(
      `UPDATE hub_locks SET
         due_at = CASE WHEN due_at < lease_until AND (CAST(? AS BIGINT) IS NULL OR due_at < CAST(? AS BIGINT)) THEN due_at ELSE CAST(? AS BIGINT) END,
         lease_owner = NULL, lease_until = NULL
       WHERE id = ? AND lease_owner = ?`,
      [nextDueAtMs, nextDueAtMs, nextDueAtMs, lockId, owner],
    );
  }

  /** True while `owner` holds the lease (checked before each command: a hub that lost it stops). */
  async holdsLease(owner: string, lockId: string, nowMs: number): Promise<boolean> {
    const rows = await this.db.query(
      "SELECT 1 AS held FROM hub_locks WHERE id = ? AND lease_owner = ? AND lease_until >= ?",
      [lockId, owner, nowMs],
    );
    return rows.length > 0;
  }

  /** Extends a lease this hub holds (and its due time with it, unless a change asked for sooner). */
  async extendLease(owner: string, lockId: string, untilMs: number): Promise<boolean> {
    const r = await this.db.run(
      `UPDATE hub_locks SET due_at = CASE WHEN due_at = lease_until THEN ? ELSE due_at END, lease_until = ?
       WHERE id = ? AND lease_owner = ?`,
      [untilMs, untilMs, lockId, owner],
    );
    return r.changes > 0;
  }

  // ---- access codes -----------------------------------------------------------------------

  /** Takes `n` change numbers at once; returns the last. */
  async reserveChangeSeq(db: SqlDb, n: number): Promise<number> {
    const rows = await db.query(
      "UPDATE counters SET value = value + ? WHERE name = 'change_seq' RETURNING value",
      [n],
    );
    return num(rows[0]?.["value"]);
  }

  async nextChangeSeq(db: SqlDb = this.db): Promise<number> {
    const rows = await db.query(
      "UPDATE counters SET value = value + 1 WHERE name = 'change_seq' RETURNING value",
    );
    return num(rows[0]?.["value"]);
  }

  /** Stores a new access code with one `setting` row per lock, and marks the locks due. */
  /**
   * Stores a new code, its rows for every lock (`setting`) and marks those locks due; with
   * `event`, the history event that says so, in the same transaction (one commit per create,
   * and never a code without its event).
   */
  async createAccessCode(code: AccessCode, nowMs: number, event?: NewHubEvent): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (event) await insertEvent(tx, event);
      await tx.run(
        `INSERT INTO access_codes (id, site_id, name, code, generated, person_id, common_code_key, starts_at, ends_at,
           weekly, max_uses, uses_count, lead_time_ms, created_at, deleted_at, warnings)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          code.id,
          code.siteId,
          code.name,
          code.code,
          code.generated ? 1 : 0,
          code.personId,
          code.commonCodeKey,
          code.startsAtMs,
          code.endsAtMs,
          code.weekly ? JSON.stringify(code.weekly) : null,
          code.maxUses,
          code.usesCount,
          code.leadTimeMs,
          code.createdAtMs,
          code.deletedAtMs,
          JSON.stringify(code.warnings),
        ],
      );
      // One range of change numbers for all the code's locks, then rows in batches.
      const last = await this.reserveChangeSeq(tx, code.lockIds.length);
      const first = last - code.lockIds.length + 1;
      for (let i = 0; i < code.lockIds.length; i += 200) {
        const chunk = code.lockIds.slice(i, i + 200);
        const values: unknown[] = [];
        chunk.forEach((lockId, j) => values.push(code.id, lockId, first + i + j, nowMs));
        await tx.run(
          `INSERT INTO access_code_locks (access_code_id, lock_id, slot, status, errors, warnings, attempts, next_attempt_at,
             applied_key, change_seq, updated_at) VALUES ${chunk.map(() => "(?, ?, NULL, 'setting', '[]', '[]', 0, NULL, NULL, ?, ?)").join(", ")}`,
          values,
        );
      }
      for (let i = 0; i < code.lockIds.length; i += 500) {
        const chunk = code.lockIds.slice(i, i + 500);
        await tx.run(`UPDATE hub_locks SET due_at = ? WHERE id IN (${placeholders(chunk.length)})`, [
          nowMs,
          ...chunk,
        ]);
      }
    });
  }

  private async lockIdsOf(ids: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (ids.length === 0) return out;
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = await this.db.query(
        `SELECT access_code_id, lock_id FROM access_code_locks WHERE access_code_id IN (${placeholders(chunk.length)}) ORDER BY lock_id`,
        chunk,
      );
      for (const r of rows) {
        const list = out.get(String(r["access_code_id"])) ?? [];
        list.push(String(r["lock_id"]));
        out.set(String(r["access_code_id"]), list);
      }
    }
    return out;
  }

  async getAccessCode(id: string): Promise<AccessCode | undefined> {
    const rows = await this.db.query("SELECT * FROM access_codes WHERE id = ?", [id]);
    if (!rows[0]) return undefined;
    return toAccessCode(rows[0], (await this.lockIdsOf([id])).get(id) ?? []);
  }

  async getAccessCodes(ids: readonly string[]): Promise<AccessCode[]> {
    if (ids.length === 0) return [];
    const out: AccessCode[] = [];
    const lockIds = await this.lockIdsOf(ids);
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = await this.db.query(
        `SELECT * FROM access_codes WHERE id IN (${placeholders(chunk.length)})`,
        chunk,
      );
      for (const r of rows) out.push(toAccessCode(r, lockIds.get(String(r["id"])) ?? []));
    }
    return out;
  }

  async listAccessCodes(filter: AccessCodeFilter = {}): Promise<AccessCode[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    if (filter.siteIds) {
      if (filter.siteIds.length === 0) return [];
      where.push(`site_id IN (${placeholders(filter.siteIds.length)})`);
      values.push(...filter.siteIds);
    }
    if (filter.personId !== undefined) {
      where.push("person_id = ?");
      values.push(filter.personId);
    }
    if (filter.lockId !== undefined) {
      where.push("id IN (SELECT access_code_id FROM access_code_locks WHERE lock_id = ?)");
      values.push(filter.lockId);
    }
    if (!filter.includeDeleted) where.push("deleted_at IS NULL");
    if (filter.after !== undefined) {
      // The codes after the last of the previous page, in this list's order: a code deleted or
      // added meanwhile neither shifts nor repeats the rest (no offsets).
      where.push("(created_at > ? OR (created_at = ? AND id > ?))");
      values.push(filter.after.createdAtMs, filter.after.createdAtMs, filter.after.id);
    }
    const sql = `SELECT * FROM access_codes${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY created_at, id LIMIT ?`;
    const rows = await this.db.query(sql, [...values, Math.min(filter.limit ?? 1000, 10_001)]);
    const lockIds = await this.lockIdsOf(rows.map((r) => String(r["id"])));
    return rows.map((r) => toAccessCode(r, lockIds.get(String(r["id"])) ?? []));
  }

  /** Codes with the same digits (for reuse warnings and common code keys). */
  async findAccessCodesByDigits(code: string): Promise<{ id: string; siteId: string }[]> {
    const rows = await this.db.query(
      "SELECT id, site_id FROM access_codes WHERE code = ? AND deleted_at IS NULL",
      [code],
    );
    return rows.map((r) => ({ id: String(r["id"]), siteId: String(r["site_id"]) }));
  }

  /** The sites whose live codes carry this common_code_key. */
  async commonCodeKeySites(key: string): Promise<string[]> {
    const rows = await this.db.query(
      "SELECT DISTINCT site_id FROM access_codes WHERE common_code_key = ? AND deleted_at IS NULL",
      [key],
    );
    return rows.map((r) => String(r["site_id"]));
  }

  async findCodeByCommonKey(key: string): Promise<string | undefined> {
    const rows = await this.db.query(
      "SELECT code FROM access_codes WHERE common_code_key = ? AND deleted_at IS NULL ORDER BY created_at LIMIT 1",
      [key],
    );
    return rows[0] ? String(rows[0]["code"]) : undefined;
  }

  /** Marks a code deleted (the syncer removes it from its locks); false when unknown or already deleted. */
  async deleteAccessCode(id: string, nowMs: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const r = await tx.run("UPDATE access_codes SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL", [
        nowMs,
        id,
      ]);
      if (r.changes === 0) return false;
      await this.bumpRows(tx, id, nowMs);
      return true;
    });
  }

  /** A used code: counts the use; at its limit the code's rows are due for removal. */
  async recordUse(id: string, nowMs: number): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query(
        "UPDATE access_codes SET uses_count = uses_count + 1 WHERE id = ? RETURNING uses_count, max_uses",
        [id],
      );
      const used = num(rows[0]?.["uses_count"] ?? 0);
      const max = numOrNull(rows[0]?.["max_uses"]);
      if (max !== null && used >= max) await this.bumpRows(tx, id, nowMs);
      return used;
    });
  }

  /** The lock reports a limited-use code used up: its count reaches the limit and its rows are due. */
  async finishUses(id: string, nowMs: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const r = await tx.run(
        "UPDATE access_codes SET uses_count = max_uses WHERE id = ? AND max_uses IS NOT NULL AND uses_count < max_uses",
        [id],
      );
      if (r.changes > 0) await this.bumpRows(tx, id, nowMs);
    });
  }

  /** How often a generated code got new digits, and the prefixes its locks refused (`lockId:prefix`). */
  async regenerationsOf(id: string): Promise<{ count: number; refused: string[] }> {
    const rows = await this.db.query(
      "SELECT regenerations, refused_prefixes FROM access_codes WHERE id = ?",
      [id],
    );
    const r = rows[0];
    if (!r) return { count: 0, refused: [] };
    return { count: num(r["regenerations"]), refused: JSON.parse(String(r["refused_prefixes"])) as string[] };
  }

  /**
   * A generated code gets new digits after a lock refused the old ones: every lock of it goes
   * back to `setting` with `warning` (keeping its slot, so a lock that held the old digits
   * gets the new ones in the same place) and is due. False, changing nothing, when the code
   * no longer has `oldCode` (another hub regenerated it first) or is deleted.
   */
  async regenerateAccessCode(
    id: string,
    change: {
      oldCode: string;
      newCode: string;
      refused: readonly string[];
      /** On each lock until it is sent. */
      warning: Issue;
      /** The code's own warnings from now on (they say it was regenerated, and why). */
      codeWarnings: readonly Issue[];
    },
    nowMs: number,
  ): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const r = await tx.run(
        `UPDATE access_codes SET code = ?, regenerations = regenerations + 1, refused_prefixes = ?, warnings = ?
           WHERE id = ? AND code = ? AND deleted_at IS NULL`,
        [
          change.newCode,
          JSON.stringify(change.refused),
          JSON.stringify(change.codeWarnings),
          id,
          change.oldCode,
        ],
      );
      if (r.changes === 0) return false;
      await tx.run(
        `UPDATE access_code_locks SET status = 'setting', errors = '[]', warnings = ?, attempts = 0,
           next_attempt_at = NULL, updated_at = ? WHERE access_code_id = ?`,
        [JSON.stringify([change.warning]), nowMs, id],
      );
      await tx.run(
        "UPDATE hub_locks SET due_at = ? WHERE id IN (SELECT lock_id FROM access_code_locks WHERE access_code_id = ?)",
        [nowMs, id],
      );
      return true;
    });
  }

  /** The code changed: its rows get a new place in each lock's order and the locks are due. */
  private async bumpRows(tx: SqlDb, id: string, nowMs: number): Promise<void> {
    const rows = await tx.query(
      "SELECT lock_id FROM access_code_locks WHERE access_code_id = ? ORDER BY lock_id",
      [id],
    );
    for (const r of rows) {
      const seq = await this.nextChangeSeq(tx);
      // Seen at once as on its way off the lock (or gone, if it never reached it).
      await tx.run(
        `UPDATE access_code_locks SET change_seq = ?, attempts = 0, next_attempt_at = NULL,
           status = CASE WHEN slot IS NULL THEN 'removed' ELSE 'removing' END WHERE access_code_id = ? AND lock_id = ?`,
        [seq, id, r["lock_id"]],
      );
    }
    if (rows.length > 0) {
      await tx.run(`UPDATE hub_locks SET due_at = ? WHERE id IN (${placeholders(rows.length)})`, [
        nowMs,
        ...rows.map((r) => r["lock_id"]),
      ]);
    }
  }

  // ---- per lock state ---------------------------------------------------------------------

  async listLockCodes(lockId: string): Promise<LockCodeState[]> {
    const rows = await this.db.query(
      "SELECT * FROM access_code_locks WHERE lock_id = ? ORDER BY change_seq",
      [lockId],
    );
    return rows.map(toLockCode);
  }

  async listLockCodesFor(accessCodeIds: readonly string[]): Promise<LockCodeState[]> {
    if (accessCodeIds.length === 0) return [];
    const rows = await this.db.query(
      `SELECT * FROM access_code_locks WHERE access_code_id IN (${placeholders(accessCodeIds.length)}) ORDER BY lock_id`,
      accessCodeIds,
    );
    return rows.map(toLockCode);
  }

  /** Writes a row's new state; false when another writer changed the row's order meanwhile. */
  async saveLockCode(state: LockCodeState): Promise<void> {
    await this.db.run(
      `UPDATE access_code_locks SET slot = ?, status = ?, errors = ?, warnings = ?, attempts = ?, next_attempt_at = ?,
         applied_key = ?, updated_at = ? WHERE access_code_id = ? AND lock_id = ?`,
      [
        state.slot,
        state.status,
        JSON.stringify(state.errors),
        JSON.stringify(state.warnings),
        state.attempts,
        state.nextAttemptAtMs,
        state.appliedKey,
        state.updatedAtMs,
        state.accessCodeId,
        state.lockId,
      ],
    );
  }

  /**
   * Who each occupied slot belongs to, for the locks given (all when omitted): the person's
   * name when the code has one, else the code's name. Slots only the hub has placed there.
   */
  async slotNames(lockIds?: readonly string[]): Promise<{ lockId: string; slot: number; name: string }[]> {
    if (lockIds !== undefined && lockIds.length === 0) return [];
    const rows = await this.db.query(
      `SELECT acl.lock_id, acl.slot, ac.name AS code_name, p.name AS person_name
         FROM access_code_locks acl
         JOIN access_codes ac ON ac.id = acl.access_code_id
         LEFT JOIN people p ON p.id = ac.person_id
        WHERE acl.slot IS NOT NULL AND acl.status <> 'removed'
          ${lockIds === undefined ? "" : `AND acl.lock_id IN (${placeholders(lockIds.length)})`}`,
      lockIds ?? [],
    );
    return rows.map((r) => ({
      lockId: String(r["lock_id"]),
      slot: num(r["slot"]),
      name: String(r["person_name"] ?? r["code_name"]),
    }));
  }

  async listUnmanaged(lockId: string): Promise<UnmanagedCode[]> {
    const rows = await this.db.query("SELECT * FROM unmanaged_codes WHERE lock_id = ? ORDER BY slot", [
      lockId,
    ]);
    return rows.map((r) => ({
      lockId: String(r["lock_id"]),
      slot: num(r["slot"]),
      detectedAtMs: num(r["detected_at"]),
      source: String(r["source"]),
    }));
  }

  async putUnmanaged(code: UnmanagedCode): Promise<void> {
    await this.db.run(
      `INSERT INTO unmanaged_codes (lock_id, slot, detected_at, source) VALUES (?, ?, ?, ?)
       ON CONFLICT (lock_id, slot) DO NOTHING`,
      [code.lockId, code.slot, code.detectedAtMs, code.source],
    );
  }

  async deleteUnmanaged(lockId: string, slot?: number): Promise<void> {
    if (slot === undefined) await this.db.run("DELETE FROM unmanaged_codes WHERE lock_id = ?", [lockId]);
    else await this.db.run("DELETE FROM unmanaged_codes WHERE lock_id = ? AND slot = ?", [lockId, slot]);
  }

  // ---- lock health --------------------------------------------------------------------------

  /**
   * Records when a lock went away (first call wins) or clears it; answers since when it is away,
   * and whether this call found it back after being away.
   */
  async setOffline(
    lockId: string,
    offline: boolean,
    nowMs: number,
  ): Promise<{ since: number | null; cameBack: boolean }> {
    if (!offline) {
      const { changes } = await this.db.run(
        "UPDATE hub_locks SET offline_since = NULL WHERE id = ? AND offline_since IS NOT NULL",
        [lockId],
      );
      return { since: null, cameBack: changes > 0 };
    }
    await this.db.run("UPDATE hub_locks SET offline_since = ? WHERE id = ? AND offline_since IS NULL", [
      nowMs,
      lockId,
    ]);
    const rows = await this.db.query("SELECT offline_since FROM hub_locks WHERE id = ?", [lockId]);
    return { since: numOrNull(rows[0]?.["offline_since"]), cameBack: false };
  }

  /** Adds a battery reading unless one was taken less than `minGapMs` ago. */
  async addBatterySample(lockId: string, atMs: number, percent: number, minGapMs: number): Promise<boolean> {
    const last = await this.db.query("SELECT MAX(at) AS at FROM battery_samples WHERE lock_id = ?", [lockId]);
    const lastAt = numOrNull(last[0]?.["at"]);
    if (lastAt !== null && atMs - lastAt < minGapMs) return false;
    await this.db.run(
      "INSERT INTO battery_samples (lock_id, at, percent) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
      [lockId, atMs, Math.round(percent)],
    );
    return true;
  }

  async batterySamples(lockId: string, sinceMs: number): Promise<{ atMs: number; percent: number }[]> {
    const rows = await this.db.query(
      "SELECT at, percent FROM battery_samples WHERE lock_id = ? AND at >= ? ORDER BY at",
      [lockId, sinceMs],
    );
    return rows.map((r) => ({ atMs: num(r["at"]), percent: num(r["percent"]) }));
  }

  // ---- history and alerts -----------------------------------------------------------------

  /**
   * Appends an event. One with a link stamp is stored once per (lock, run, seq): false when
   * another hub (or an earlier delivery) already stored that report, and nothing is written.
   */
  async appendEvent(e: NewHubEvent): Promise<boolean> {
    return insertEvent(this.db, e);
  }

  /**
   * Whether the lock's event of one of `kinds` at lock time `lockAtMs` (and slot) is stored already (heard
   * as it happened, or caught up from the log): a log record the hub heard live is not added twice.
   */
  async hasLockEvent(
    lockId: string,
    lockAtMs: number,
    kinds: readonly string[],
    slot: number | null,
  ): Promise<boolean> {
    if (kinds.length === 0) return false;
    const rows = await this.db.query(
      `SELECT 1 AS x FROM events WHERE lock_id = ? AND lock_at = ? AND slot IS NOT DISTINCT FROM ? AND kind IN (${placeholders(kinds.length)}) LIMIT 1`,
      [lockId, lockAtMs, slot, ...kinds],
    );
    return rows.length > 0;
  }

  async listEvents(filter: EventFilter = {}): Promise<HubEvent[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    const inList = (column: string, list: readonly unknown[] | undefined): boolean => {
      if (!list) return true;
      if (list.length === 0) return false;
      where.push(`${column} IN (${placeholders(list.length)})`);
      values.push(...list);
      return true;
    };
    if (
      !inList("site_id", filter.siteIds) ||
      !inList("lock_id", filter.lockIds) ||
      !inList("kind", filter.kinds)
    )
      return [];
    if (filter.personId !== undefined) {
      where.push("person_id = ?");
      values.push(filter.personId);
    }
    if (filter.id !== undefined) {
      where.push("id = ?");
      values.push(filter.id);
    }
    if (filter.fromMs !== undefined) {
      where.push("at >= ?");
      values.push(filter.fromMs);
    }
    if (filter.untilMs !== undefined) {
      where.push("at < ?");
      values.push(filter.untilMs);
    }
    if (filter.beforeId !== undefined) {
      // The next page after the event `beforeId`, in the list's own order (time, then id): an
      // event stored later with an earlier time (another hub's clock, a clock set back) is
      // neither skipped nor repeated.
      where.push(
        "(at < (SELECT at FROM events WHERE id = ?) OR (at = (SELECT at FROM events WHERE id = ?) AND id < ?))",
      );
      values.push(filter.beforeId, filter.beforeId, filter.beforeId);
    }
    const limit = Math.max(1, Math.min(filter.limit ?? 100, 10_001));
    const sql = `SELECT * FROM events${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY at DESC, id DESC LIMIT ?`;
    return (await this.db.query(sql, [...values, limit])).map(toEvent);
  }

  /**
   * Raises an alert unless the same kind is already open on the lock; returns it when new. The
   * database holds "one open" (migration 13's unique index): hubs sharing PostgreSQL that raise
   * the same alert at once — each runs the care round — insert it once.
   */
  async raiseAlert(a: Omit<Alert, "id" | "resolvedAtMs">): Promise<Alert | undefined> {
    const rows = await this.db.query(
      "INSERT INTO alerts (at, lock_id, site_id, kind, message, resolved_at) VALUES (?, ?, ?, ?, ?, NULL) ON CONFLICT DO NOTHING RETURNING *",
      [a.atMs, a.lockId, a.siteId, a.kind, a.message],
    );
    return rows[0] ? toAlert(rows[0]) : undefined;
  }

  /**
   * Rewrites the open alert's message when it says something else (a battery alert raised from
   * the lock's report, before the hub had readings for a forecast); true when one changed.
   */
  async refreshAlertMessage(lockId: string, kind: string, message: string): Promise<boolean> {
    const r = await this.db.run(
      "UPDATE alerts SET message = ? WHERE lock_id = ? AND kind = ? AND resolved_at IS NULL AND message <> ?",
      [message, lockId, kind, message],
    );
    return r.changes > 0;
  }

  /** When an alert of this kind was last raised on the lock (open or not). */
  async lastAlertAt(lockId: string, kind: string): Promise<number | null> {
    const rows = await this.db.query("SELECT MAX(at) AS at FROM alerts WHERE lock_id = ? AND kind = ?", [
      lockId,
      kind,
    ]);
    return numOrNull(rows[0]?.["at"]);
  }

  async resolveAlerts(lockId: string, kind: string, nowMs: number): Promise<number> {
    return this.resolved(
      await this.db.query(
        "UPDATE alerts SET resolved_at = ? WHERE lock_id = ? AND kind = ? AND resolved_at IS NULL RETURNING *",
        [nowMs, lockId, kind],
      ),
    );
  }

  /** A person acknowledging one alert; the alert when it was open (undefined: gone or closed). */
  async acknowledgeAlert(id: number, nowMs: number): Promise<Alert | undefined> {
    const rows = await this.db.query(
      "UPDATE alerts SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL RETURNING *",
      [nowMs, id],
    );
    this.resolved(rows);
    return rows[0] ? toAlert(rows[0]) : undefined;
  }

  /**
   * Resolves the alerts about one access code (`code.sync-failed:<id>`, and with `pastEnd`
   * `care.code-past-end:<id>`) on one lock, or on every lock without `lockId`.
   */
  async resolveCodeAlerts(
    accessCodeId: string,
    nowMs: number,
    options: { lockId?: string; pastEnd?: boolean } = {},
  ): Promise<number> {
    const kinds = [
      `code.sync-failed:${accessCodeId}`,
      ...(options.pastEnd ? [`care.code-past-end:${accessCodeId}`] : []),
    ];
    return this.resolved(
      await this.db.query(
        `UPDATE alerts SET resolved_at = ? WHERE kind IN (${placeholders(kinds.length)}) AND resolved_at IS NULL${options.lockId === undefined ? "" : " AND lock_id = ?"} RETURNING *`,
        [nowMs, ...kinds, ...(options.lockId === undefined ? [] : [options.lockId])],
      ),
    );
  }

  /**
   * Alerts, newest first (time, then id). `kinds` match exactly or as the family of per-code
   * kinds (`code.sync-failed` matches `code.sync-failed:<id>`); `beforeId` is the next page
   * after that alert, in this order.
   */
  async listAlerts(
    filter: {
      siteIds?: readonly string[];
      openOnly?: boolean;
      limit?: number;
      lockId?: string;
      /** One alert by its id (Seam's events/get), with the other filters still applying. */
      id?: number;
      kinds?: readonly string[];
      beforeId?: number;
    } = {},
  ): Promise<Alert[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    if (filter.siteIds) {
      if (filter.siteIds.length === 0) return [];
      where.push(`site_id IN (${placeholders(filter.siteIds.length)})`);
      values.push(...filter.siteIds);
    }
    if (filter.openOnly) where.push("resolved_at IS NULL");
    if (filter.lockId !== undefined) {
      where.push("lock_id = ?");
      values.push(filter.lockId);
    }
    if (filter.id !== undefined) {
      where.push("id = ?");
      values.push(filter.id);
    }
    if (filter.kinds) {
      if (filter.kinds.length === 0) return [];
      where.push(`(${filter.kinds.map(() => "kind = ? OR kind LIKE ? ESCAPE '!'").join(" OR ")})`);
      for (const k of filter.kinds) values.push(k, `${k.replace(/[!%_]/g, "!$&")}:%`);
    }
    if (filter.beforeId !== undefined) {
      where.push(
        "(at < (SELECT at FROM alerts WHERE id = ?) OR (at = (SELECT at FROM alerts WHERE id = ?) AND id < ?))",
      );
      values.push(filter.beforeId, filter.beforeId, filter.beforeId);
    }
    const sql = `SELECT * FROM alerts${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY at DESC, id DESC LIMIT ?`;
    return (await this.db.query(sql, [...values, Math.min(filter.limit ?? 100, 10_001)])).map(toAlert);
  }

  // ---- Idempotency-Key (server/routes/hub-idempotency.ts) ----------------------------------

  /** Claims a key for a request now being handled; false when the key is already held. */
  async claimIdempotencyKey(row: {
    keyHash: string;
    personId: string;
    fingerprint: string;
    createdAtMs: number;
  }): Promise<boolean> {
    return this.insertUnique(
      "INSERT INTO idempotency_keys (key_hash, person_id, fingerprint, status, response, created_at) VALUES (?, ?, ?, NULL, NULL, ?)",
      [row.keyHash, row.personId, row.fingerprint, row.createdAtMs],
    );
  }

  async getIdempotencyKey(keyHash: string): Promise<
    | {
        personId: string;
        fingerprint: string;
        status: number | null;
        response: string | null;
        createdAtMs: number;
      }
    | undefined
  > {
    const rows = await this.db.query("SELECT * FROM idempotency_keys WHERE key_hash = ?", [keyHash]);
    const r = rows[0];
    if (!r) return undefined;
    return {
      personId: String(r["person_id"]),
      fingerprint: String(r["fingerprint"]),
      status: numOrNull(r["status"]),
      response: strOrNull(r["response"]),
      createdAtMs: num(r["created_at"]),
    };
  }

  /** The request's answer, kept for a retry with the same key. */
  async finishIdempotencyKey(keyHash: string, status: number, response: string): Promise<void> {
    await this.db.run("UPDATE idempotency_keys SET status = ?, response = ? WHERE key_hash = ?", [
      status,
      response,
      keyHash,
    ]);
  }

  /** Lets a key go (its request failed and changed nothing, or was abandoned). */
  async releaseIdempotencyKey(keyHash: string, onlyIfUnfinished = false): Promise<void> {
    await this.db.run(
      `DELETE FROM idempotency_keys WHERE key_hash = ?${onlyIfUnfinished ? " AND status IS NULL" : ""}`,
      [keyHash],
    );
  }

  /** Forgets keys made before `beforeMs`. */
  async pruneIdempotencyKeys(beforeMs: number): Promise<number> {
    return (await this.db.run("DELETE FROM idempotency_keys WHERE created_at < ?", [beforeMs])).changes;
  }

  private async insertUnique(sql: string, params: readonly unknown[]): Promise<boolean> {
    try {
      await this.db.run(sql, params);
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }
}

/** One history event; false when its link stamp was stored already (a report heard twice). */
async function insertEvent(db: SqlDb, e: NewHubEvent): Promise<boolean> {
  const r = await db.run(
    `INSERT INTO events (at, site_id, lock_id, person_id, access_code_id, kind, source, slot, detail, link_run, link_seq, lock_at, lock_seq, late)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    [
      e.atMs,
      e.siteId,
      e.lockId,
      e.personId,
      e.accessCodeId,
      e.kind,
      e.source,
      e.slot,
      e.detail,
      e.linkStamp?.run ?? null,
      e.linkStamp?.seq ?? null,
      e.lockAtMs ?? null,
      e.lockSeq ?? null,
      e.deliveredLate ? 1 : 0,
    ],
  );
  return r.changes > 0;
}
