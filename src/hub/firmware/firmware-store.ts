/**
 * What the hub keeps about firmware (issue 14), over the same SqlDb port and the same SQL on
 * SQLite and PostgreSQL as the rest of the hub (migration 6): each lock's running version as
 * it last said, the builds the hub published, every update (one lock's, or one of a rollout's)
 * with its status, and the rollouts themselves. Each method is one statement or one transaction.
 */
import type { BoardRevision } from "../../core/update/firmware-image.ts";
import type { Row, SqlDb } from "../storage/sql-db.ts";

/** pending → sending → verifying → updated | rolled-back | failed; skipped: never tried, with why. */
export const UPDATE_STATUSES = [
  "pending",
  "sending",
  "verifying",
  "updated",
  "rolled-back",
  "failed",
  "skipped",
] as const;
export type UpdateStatus = (typeof UPDATE_STATUSES)[number];
export const FINAL_STATUSES: ReadonlySet<UpdateStatus> = new Set([
  "updated",
  "rolled-back",
  "failed",
  "skipped",
]);

export interface FirmwareUpdateRow {
  readonly id: string;
  readonly lockId: string;
  readonly profileId: string;
  readonly version: string;
  readonly allowDowngrade: boolean;
  readonly rolloutId: string | null;
  readonly stage: number | null;
  readonly position: number | null;
  readonly status: UpdateStatus;
  readonly code: string | null;
  readonly reason: string | null;
  readonly previousVersion: string | null;
  readonly createdAtMs: number;
  readonly startedAtMs: number | null;
  readonly finishedAtMs: number | null;
}

export interface LockFirmware {
  readonly lockId: string;
  /** The running version, null until the lock said. */
  readonly version: string | null;
  readonly reportedAtMs: number | null;
  readonly askedAtMs: number | null;
  readonly last: {
    readonly version: string;
    readonly outcome: string;
    readonly reason: string | null;
  } | null;
}

export interface StoredRelease {
  readonly profileId: string;
  readonly version: string;
  readonly changes: readonly string[];
  readonly boards: readonly BoardRevision[] | null;
  readonly programBytes: number;
  readonly publishedAtMs: number;
  readonly publishedBy: string | null;
}

export type RolloutStatus = "running" | "halted" | "completed" | "cancelled";

export interface RolloutRow {
  readonly id: string;
  readonly profileId: string;
  readonly version: string;
  /** Cumulative share of the target locks each stage reaches, e.g. [1, 10, 100]. */
  readonly stagesPercent: readonly number[];
  /** The failure rate above which a stage halts the rollout, in basis points (200 = 2 %). */
  readonly thresholdBp: number;
  readonly concurrency: number;
  readonly status: RolloutStatus;
  /** The stage running now (or where it halted or ended), from 0. */
  readonly stage: number;
  readonly haltedReason: string | null;
  readonly createdBy: string | null;
  readonly createdAtMs: number;
  readonly finishedAtMs: number | null;
  /** Who cancelled it by hand (an actor id) and when; null unless `cancelled`. */
  readonly cancelledBy: string | null;
  readonly cancelledAtMs: number | null;
}

const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function toUpdate(r: Row): FirmwareUpdateRow {
  return {
    id: String(r["id"]),
    lockId: String(r["lock_id"]),
    profileId: String(r["profile_id"]),
    version: String(r["version"]),
    allowDowngrade: Number(r["allow_downgrade"]) === 1,
    rolloutId: strOrNull(r["rollout_id"]),
    stage: numOrNull(r["stage"]),
    position: numOrNull(r["position"]),
    status: String(r["status"]) as UpdateStatus,
    code: strOrNull(r["code"]),
    reason: strOrNull(r["reason"]),
    previousVersion: strOrNull(r["previous_version"]),
    createdAtMs: Number(r["created_at"]),
    startedAtMs: numOrNull(r["started_at"]),
    finishedAtMs: numOrNull(r["finished_at"]),
  };
}

function toRollout(r: Row): RolloutRow {
  return {
    id: String(r["id"]),
    profileId: String(r["profile_id"]),
    version: String(r["version"]),
    stagesPercent: JSON.parse(String(r["stages"])) as number[],
    thresholdBp: Number(r["threshold_bp"]),
    concurrency: Number(r["concurrency"]),
    status: String(r["status"]) as RolloutStatus,
    stage: Number(r["stage"]),
    haltedReason: strOrNull(r["halted_reason"]),
    createdBy: strOrNull(r["created_by"]),
    createdAtMs: Number(r["created_at"]),
    finishedAtMs: numOrNull(r["finished_at"]),
    cancelledBy: strOrNull(r["cancelled_by"]),
    cancelledAtMs: numOrNull(r["cancelled_at"]),
  };
}

const UPDATE_COLUMNS =
  "id, lock_id, profile_id, version, allow_downgrade, rollout_id, stage, position, status, code, reason, previous_version, created_at, started_at, finished_at";

function updateValues(u: FirmwareUpdateRow): unknown[] {
  return [
    u.id,
    u.lockId,
    u.profileId,
    u.version,
    u.allowDowngrade ? 1 : 0,
    u.rolloutId,
    u.stage,
    u.position,
    u.status,
    u.code,
    u.reason,
    u.previousVersion,
    u.createdAtMs,
    u.startedAtMs,
    u.finishedAtMs,
  ];
}

/** Rows per INSERT when a rollout's locks are written (well under both databases' parameter limits). */
const INSERT_BATCH = 200;

export class FirmwareStore {
  constructor(private readonly db: SqlDb) {}

  // ---- each lock's version --------------------------------------------------------------

  async lockFirmware(lockId: string): Promise<LockFirmware | undefined> {
    const rows = await this.db.query("SELECT * FROM lock_firmware WHERE lock_id = ?", [lockId]);
    const r = rows[0];
    if (!r) return undefined;
    const lastVersion = strOrNull(r["last_version"]);
    return {
      lockId,
      version: strOrNull(r["version"]),
      reportedAtMs: numOrNull(r["reported_at"]),
      askedAtMs: numOrNull(r["asked_at"]),
      last:
        lastVersion === null
          ? null
          : { version: lastVersion, outcome: String(r["last_outcome"]), reason: strOrNull(r["last_reason"]) },
    };
  }

  /** The running version as the lock said it, and how its last update ended when it said that too. */
  async setVersion(
    lockId: string,
    version: string,
    atMs: number,
    last?: { version: string; outcome: string; reason: string | null } | null,
  ): Promise<void> {
    if (last) {
      await this.db.run(
        `INSERT INTO lock_firmware (lock_id, version, reported_at, last_version, last_outcome, last_reason)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (lock_id) DO UPDATE SET version = excluded.version, reported_at = excluded.reported_at,
           last_version = excluded.last_version, last_outcome = excluded.last_outcome, last_reason = excluded.last_reason`,
        [lockId, version, atMs, last.version, last.outcome, last.reason],
      );
      return;
    }
    await this.db.run(
      `INSERT INTO lock_firmware (lock_id, version, reported_at) VALUES (?, ?, ?)
       ON CONFLICT (lock_id) DO UPDATE SET version = excluded.version, reported_at = excluded.reported_at`,
      [lockId, version, atMs],
    );
  }

  async markAsked(lockId: string, atMs: number): Promise<void> {
    await this.db.run(
      `INSERT INTO lock_firmware (lock_id, asked_at) VALUES (?, ?)
       ON CONFLICT (lock_id) DO UPDATE SET asked_at = excluded.asked_at`,
      [lockId, atMs],
    );
  }

  /** Managed locks whose version the hub does not know, not asked since `askedBeforeMs`. */
  async locksToAsk(limit: number, askedBeforeMs: number): Promise<string[]> {
    const rows = await this.db.query(
      `SELECT l.id AS id FROM hub_locks l LEFT JOIN lock_firmware f ON f.lock_id = l.id
       WHERE f.version IS NULL AND (f.asked_at IS NULL OR f.asked_at < ?)
       ORDER BY l.id LIMIT ?`,
      [askedBeforeMs, limit],
    );
    return rows.map((r) => String(r["id"]));
  }

  // ---- the hub's builds -----------------------------------------------------------------

  /** False when the profile already has this version (nothing changes). */
  async addRelease(r: StoredRelease): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO firmware_releases (profile_id, version, changes, boards, program_bytes, published_at, published_by)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (profile_id, version) DO NOTHING RETURNING profile_id`,
      [
        r.profileId,
        r.version,
        JSON.stringify(r.changes),
        r.boards === null ? null : JSON.stringify(r.boards),
        r.programBytes,
        r.publishedAtMs,
        r.publishedBy,
      ],
    );
    return rows.length > 0;
  }

  async listReleases(): Promise<StoredRelease[]> {
    const rows = await this.db.query("SELECT * FROM firmware_releases ORDER BY profile_id, published_at");
    return rows.map((r) => ({
      profileId: String(r["profile_id"]),
      version: String(r["version"]),
      changes: JSON.parse(String(r["changes"])) as string[],
      boards: r["boards"] === null ? null : (JSON.parse(String(r["boards"])) as BoardRevision[]),
      programBytes: Number(r["program_bytes"]),
      publishedAtMs: Number(r["published_at"]),
      publishedBy: strOrNull(r["published_by"]),
    }));
  }

  // ---- updates ----------------------------------------------------------------------------

  async createUpdate(u: FirmwareUpdateRow): Promise<void> {
    await this.db.run(
      `INSERT INTO firmware_updates (${UPDATE_COLUMNS}) VALUES (${UPDATE_COLUMNS.split(",")
        .map(() => "?")
        .join(", ")})`,
      updateValues(u),
    );
  }

  async patchUpdate(
    id: string,
    patch: Partial<
      Pick<
        FirmwareUpdateRow,
        "status" | "code" | "reason" | "previousVersion" | "startedAtMs" | "finishedAtMs"
      >
    >,
  ): Promise<void> {
    const columns: Record<string, string> = {
      status: "status",
      code: "code",
      reason: "reason",
      previousVersion: "previous_version",
      startedAtMs: "started_at",
      finishedAtMs: "finished_at",
    };
    await this.patchRow("firmware_updates", columns, patch, id);
  }

  async getUpdate(id: string): Promise<FirmwareUpdateRow | undefined> {
    const rows = await this.db.query(`SELECT ${UPDATE_COLUMNS} FROM firmware_updates WHERE id = ?`, [id]);
    return rows[0] ? toUpdate(rows[0]) : undefined;
  }

  /** The lock's newest update (its own or a rollout's that was tried). */
  async latestUpdate(lockId: string): Promise<FirmwareUpdateRow | undefined> {
    const rows = await this.db.query(
      `SELECT ${UPDATE_COLUMNS} FROM firmware_updates WHERE lock_id = ? AND (rollout_id IS NULL OR started_at IS NOT NULL)
       ORDER BY COALESCE(started_at, created_at) DESC, id DESC LIMIT 1`,
      [lockId],
    );
    return rows[0] ? toUpdate(rows[0]) : undefined;
  }

  /** Updates under way or waiting their turn outside a rollout (a restart finds them here). */
  async unfinishedUpdates(): Promise<FirmwareUpdateRow[]> {
    const rows = await this.db.query(
      `SELECT ${UPDATE_COLUMNS} FROM firmware_updates
       WHERE status IN ('sending', 'verifying') OR (rollout_id IS NULL AND status = 'pending')`,
    );
    return rows.map(toUpdate);
  }

  // ---- rollouts ---------------------------------------------------------------------------

  /** The rollout and one pending row per target lock, all or nothing. */
  async createRollout(r: RolloutRow, updates: readonly FirmwareUpdateRow[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run(
        `INSERT INTO firmware_rollouts (id, profile_id, version, stages, threshold_bp, concurrency, status, stage,
           halted_reason, created_by, created_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          r.id,
          r.profileId,
          r.version,
          JSON.stringify(r.stagesPercent),
          r.thresholdBp,
          r.concurrency,
          r.status,
          r.stage,
          r.haltedReason,
          r.createdBy,
          r.createdAtMs,
          r.finishedAtMs,
        ],
      );
      const one = `(${UPDATE_COLUMNS.split(",")
        .map(() => "?")
        .join(", ")})`;
      for (let i = 0; i < updates.length; i += INSERT_BATCH) {
        const batch = updates.slice(i, i + INSERT_BATCH);
        await tx.run(
          `INSERT INTO firmware_updates (${UPDATE_COLUMNS}) VALUES ${batch.map(() => one).join(", ")}`,
          batch.flatMap(updateValues),
        );
      }
    });
  }

  async getRollout(id: string): Promise<RolloutRow | undefined> {
    const rows = await this.db.query("SELECT * FROM firmware_rollouts WHERE id = ?", [id]);
    return rows[0] ? toRollout(rows[0]) : undefined;
  }

  async listRollouts(limit = 100): Promise<RolloutRow[]> {
    const rows = await this.db.query("SELECT * FROM firmware_rollouts ORDER BY created_at DESC, id LIMIT ?", [
      Math.max(1, Math.min(limit, 1000)),
    ]);
    return rows.map(toRollout);
  }

  async runningRolloutIds(): Promise<string[]> {
    const rows = await this.db.query(
      "SELECT id FROM firmware_rollouts WHERE status = 'running' ORDER BY created_at",
    );
    return rows.map((r) => String(r["id"]));
  }

  async patchRollout(
    id: string,
    patch: Partial<Pick<RolloutRow, "status" | "stage" | "haltedReason" | "finishedAtMs">>,
  ): Promise<void> {
    const columns: Record<string, string> = {
      status: "status",
      stage: "stage",
      haltedReason: "halted_reason",
      finishedAtMs: "finished_at",
    };
    await this.patchRow("firmware_rollouts", columns, patch, id);
  }

  /**
   * Ends a running rollout (halted or completed by its runner), unless it already ended — a
   * cancel by hand may have come first, and the rollout's end is the one the database took.
   */
  async settleRollout(
    id: string,
    patch: { status: "halted" | "completed"; stage?: number; haltedReason?: string; finishedAtMs: number },
  ): Promise<boolean> {
    const r = await this.db.run(
      `UPDATE firmware_rollouts SET status = ?, stage = COALESCE(?, stage), halted_reason = COALESCE(?, halted_reason),
         finished_at = ? WHERE id = ? AND status = 'running'`,
      [patch.status, patch.stage ?? null, patch.haltedReason ?? null, patch.finishedAtMs, id],
    );
    return r.changes > 0;
  }

  /**
   * Cancels a running rollout by hand, in one transaction: the rollout says cancelled (who,
   * when) and every lock not yet started is never tried (`rollout.cancelled`). False when the
   * rollout was not running (ended already, or another request cancelled it first). Locks
   * already sending stay as they are: their updates finish (an image is never abandoned
   * half-written by the hub's choice).
   */
  async cancelRollout(id: string, by: string, reason: string, nowMs: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const r = await tx.run(
        `UPDATE firmware_rollouts SET status = 'cancelled', cancelled_by = ?, cancelled_at = ?, finished_at = ?
         WHERE id = ? AND status = 'running'`,
        [by, nowMs, nowMs, id],
      );
      if (r.changes === 0) return false;
      await tx.run(
        "UPDATE firmware_updates SET status = 'skipped', code = 'rollout.cancelled', reason = ?, finished_at = ? WHERE rollout_id = ? AND status = 'pending'",
        [reason, nowMs, id],
      );
      return true;
    });
  }

  /**
   * Moves an update from pending to sending — the moment before its first byte goes to the
   * lock — only if it is still pending. False when a cancel made it never tried meanwhile:
   * then nothing is sent. One statement, so a cancel and a start never both win.
   */
  async startSending(id: string, previousVersion: string, nowMs: number): Promise<boolean> {
    const r = await this.db.run(
      "UPDATE firmware_updates SET status = 'sending', started_at = ?, previous_version = ? WHERE id = ? AND status = 'pending'",
      [nowMs, previousVersion, id],
    );
    return r.changes > 0;
  }

  /** Ends an update unless a cancel already ended it as never tried (then false, unchanged). */
  async finishUpdate(
    id: string,
    patch: { status: UpdateStatus; code: string | null; reason: string | null; finishedAtMs: number },
  ): Promise<boolean> {
    const r = await this.db.run(
      "UPDATE firmware_updates SET status = ?, code = ?, reason = ?, finished_at = ? WHERE id = ? AND status <> 'skipped'",
      [patch.status, patch.code, patch.reason, patch.finishedAtMs, id],
    );
    return r.changes > 0;
  }

  /** One UPDATE of the patch's fields (named by `columns`, our constants, never input). */
  private async patchRow(
    table: "firmware_updates" | "firmware_rollouts",
    columns: Record<string, string>,
    patch: object,
    id: string,
  ): Promise<void> {
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const [k, v] of Object.entries(patch)) {
      const column = columns[k];
      if (column === undefined) throw new Error(`no column for ${k}`);
      sets.push(`${column} = ?`);
      values.push(v);
    }
    if (sets.length === 0) return;
    await this.db.run(`UPDATE ${table} SET ${sets.join(", ")} WHERE id = ?`, [...values, id]);
  }

  /**
   * Takes (or keeps) the right to run a rollout until `untilMs`: several hubs on one PostgreSQL
   * run each rollout once. False when another hub holds it.
   */
  async leaseRollout(id: string, owner: string, nowMs: number, untilMs: number): Promise<boolean> {
    const r = await this.db.run(
      `UPDATE firmware_rollouts SET lease_owner = ?, lease_until = ?
       WHERE id = ? AND status = 'running' AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ?)`,
      [owner, untilMs, id, owner, nowMs],
    );
    return r.changes > 0;
  }

  /** A rollout's rows, in the order its locks are tried. */
  async rolloutUpdates(id: string): Promise<FirmwareUpdateRow[]> {
    const rows = await this.db.query(
      `SELECT ${UPDATE_COLUMNS} FROM firmware_updates WHERE rollout_id = ? ORDER BY position`,
      [id],
    );
    return rows.map(toUpdate);
  }

  /** Marks every row of a rollout still pending as never tried, with why. */
  async skipPending(rolloutId: string, code: string, reason: string, nowMs: number): Promise<void> {
    await this.db.run(
      "UPDATE firmware_updates SET status = 'skipped', code = ?, reason = ?, finished_at = ? WHERE rollout_id = ? AND status = 'pending'",
      [code, reason, nowMs, rolloutId],
    );
  }

  // ---- alerts -----------------------------------------------------------------------------

  /** The open alert of this kind on the lock, if any (to say a newer version in a fresh one). */
  async openAlertMessage(lockId: string, kind: string): Promise<string | null> {
    const rows = await this.db.query(
      "SELECT message FROM alerts WHERE lock_id = ? AND kind = ? AND resolved_at IS NULL ORDER BY id DESC LIMIT 1",
      [lockId, kind],
    );
    return rows[0] ? String(rows[0]["message"]) : null;
  }
}
