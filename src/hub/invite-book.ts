/**
 * One-time invite links (issue 11, "People: invite"), kept in the hub's database (migration 8)
 * so a link survives a restart and works on any of several hubs sharing one PostgreSQL. Only
 * the token's SHA-256 is stored; a link works once, for INVITE_TTL_MS; a newer link for the
 * same person replaces the older one; at most MAX_OPEN_INVITES are open (the soonest to expire
 * goes first), so storage stays bounded whatever is asked.
 */
import { randomBytes } from "node:crypto";
import type { SqlDb } from "./storage/sql-db.ts";
import { hashToken } from "./tokens.ts";

/** How long a link works: a week, time to reach a person who is away. */
export const INVITE_TTL_MS = 7 * 86_400_000;
/** Open links kept at most. */
export const MAX_OPEN_INVITES = 1000;

export interface OpenInvite {
  readonly personId: string;
  readonly invitedBy: string;
  readonly expiresAtMs: number;
}

export class InviteBook {
  constructor(
    private readonly db: SqlDb,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new link for the person (the older one, if any, stops working). */
  async make(personId: string, invitedBy: string): Promise<{ token: string; expiresAtMs: number }> {
    const token = randomBytes(32).toString("base64url");
    const now = this.now();
    const expiresAtMs = now + INVITE_TTL_MS;
    await this.db.transaction(async (tx) => {
      await tx.run("DELETE FROM invites WHERE person_id = ? OR expires_at <= ?", [personId, now]);
      const rows = await tx.query("SELECT COUNT(*) AS n FROM invites");
      const over = Number(rows[0]?.["n"] ?? 0) - MAX_OPEN_INVITES + 1;
      if (over > 0)
        await tx.run(
          "DELETE FROM invites WHERE token_hash IN (SELECT token_hash FROM invites ORDER BY expires_at, token_hash LIMIT ?)",
          [over],
        );
      await tx.run(
        "INSERT INTO invites (token_hash, person_id, invited_by, expires_at) VALUES (?, ?, ?, ?)",
        [hashToken(token), personId, invitedBy, expiresAtMs],
      );
    });
    return { token, expiresAtMs };
  }

  /**
   * Takes the link out while it is used: the DELETE that removes the row is what decides, so
   * two uses at once cannot both pass. `undo` puts it back when the use was refused.
   */
  async take(token: string): Promise<{ invite: OpenInvite; undo: () => Promise<void> } | undefined> {
    const h = hashToken(token);
    const rows = await this.db.query(
      "SELECT person_id, invited_by, expires_at FROM invites WHERE token_hash = ?",
      [h],
    );
    const row = rows[0];
    if (!row) return undefined;
    const { changes } = await this.db.run("DELETE FROM invites WHERE token_hash = ?", [h]);
    if (changes !== 1) return undefined;
    const invite: OpenInvite = {
      personId: String(row["person_id"]),
      invitedBy: String(row["invited_by"]),
      expiresAtMs: Number(row["expires_at"]),
    };
    if (invite.expiresAtMs <= this.now()) return undefined;
    const undo = async () => {
      await this.db.run(
        "INSERT INTO invites (token_hash, person_id, invited_by, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT (token_hash) DO NOTHING",
        [h, invite.personId, invite.invitedBy, invite.expiresAtMs],
      );
    };
    return { invite, undo };
  }

  /**
   * The links that would still work now (issue 11): not used, not expired, made by someone who
   * is still an owner (`take`'s user checks that too), one per person. Never a token or its hash.
   * At most MAX_OPEN_INVITES, so a caller pages them in memory.
   */
  async listOpen(): Promise<OpenInvite[]> {
    const rows = await this.db.query(
      `SELECT i.person_id, i.invited_by, i.expires_at FROM invites i
       JOIN people b ON b.id = i.invited_by
       WHERE i.expires_at > ? AND b.role = 'owner' AND b.revoked_at IS NULL`,
      [this.now()],
    );
    return rows.map((r) => ({
      personId: String(r["person_id"]),
      invitedBy: String(r["invited_by"]),
      expiresAtMs: Number(r["expires_at"]),
    }));
  }

  async size(): Promise<number> {
    const rows = await this.db.query("SELECT COUNT(*) AS n FROM invites");
    return Number(rows[0]?.["n"] ?? 0);
  }
}
