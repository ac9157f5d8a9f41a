/**
 * Signing in for the page (issue 10 item 8): the first start prints a one-time setup link
 * that creates the owner; passwords hashed with scrypt (Node's, salted, N=2^15); sessions are
 * random tokens kept only as SHA-256 hashes, carried in an HttpOnly SameSite=Strict cookie by
 * the server; failed sign-ins are limited per person and per address (5 in 15 minutes, those
 * still being checked included).
 */
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import type { HubRepository } from "./storage/hub-repository.ts";
import type { Outcome, Person } from "./model.ts";
import { hashToken } from "./tokens.ts";

const SCRYPT = { N: 32_768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_BYTES = 32;
export const SESSION_MS = 7 * 86_400_000;
export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60_000;
/** Sessions one person keeps (a phone, a laptop, …); a new sign-in past it ends their oldest. */
export const MAX_SESSIONS_PER_PERSON = 20;

function scryptAsync(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_BYTES, SCRYPT, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$key` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

export async function checkPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const salt = Buffer.from(parts[4] ?? "", "base64url");
  const expected = Buffer.from(parts[5] ?? "", "base64url");
  const key = await scryptAsync(password, salt);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

export function checkPasswordStrength(password: unknown): Outcome<string> {
  if (typeof password !== "string" || password.length < 10 || password.length > 200) {
    return { ok: false, code: "auth.password", reason: "a password has 10 to 200 characters" };
  }
  return { ok: true, value: password };
}

export class Sessions {
  /**
   * Sign-ins being checked now, per limit key. The password check is slow (scrypt), so a count
   * read before it and a failure written after it let every attempt sent at once through: each
   * attempt also counts those already in flight for its keys.
   */
  private readonly checking = new Map<string, number>();
  /** A hash of no one's password, checked for an unknown person so the answer takes as long. */
  private decoy: Promise<string> | null = null;

  constructor(
    private readonly repo: HubRepository,
    private readonly now: () => number,
    /** Told after a sign-out (the hub's own live socket closes a signed-out page's socket at once). */
    private readonly onEnded: () => void = () => {},
  ) {}

  /** A one-time setup link's token, while the hub has no owner; null once it has one. */
  async setupToken(): Promise<string | null> {
    if ((await this.repo.countOwners()) > 0) return null;
    const token = `setup_${randomBytes(24).toString("base64url")}`;
    await this.repo.db.run("INSERT INTO setup_tokens (token_hash, created_at) VALUES (?, ?)", [
      hashToken(token),
      this.now(),
    ]);
    return token;
  }

  /** Uses a setup token once: true when it was valid and unused (it is then spent). */
  async spendSetupToken(token: string): Promise<boolean> {
    if (typeof token !== "string" || token.length > 200) return false;
    const r = await this.repo.db.run(
      "UPDATE setup_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL",
      [this.now(), hashToken(token)],
    );
    return r.changes > 0;
  }

  /** Makes a spent setup token usable again: the setup it was spent on was refused. */
  async restoreSetupToken(token: string): Promise<void> {
    await this.repo.db.run("UPDATE setup_tokens SET used_at = NULL WHERE token_hash = ?", [hashToken(token)]);
  }

  /**
   * Sets a person's password and ends their sessions (a password is changed because it may
   * have leaked), all but `keepSession`: the one the person changed it from.
   */
  async setPassword(personId: string, password: string, keepSession?: string): Promise<void> {
    const hash = await hashPassword(password);
    await this.repo.db.transaction(async (tx) => {
      await tx.run("UPDATE people SET password_hash = ? WHERE id = ?", [hash, personId]);
      await tx.run("DELETE FROM sessions WHERE person_id = ? AND token_hash <> ?", [
        personId,
        keepSession === undefined ? "" : hashToken(keepSession),
      ]);
    });
  }

  /**
   * Signs a person in; refused alike, and in about the same time, for an unknown person or a
   * wrong password; limited.
   */
  async signIn(
    personId: string,
    password: string,
    address: string,
  ): Promise<Outcome<{ person: Person; token: string; expiresAtMs: number }>> {
    const now = this.now();
    const keys = [`person:${personId.slice(0, 64)}`, `address:${address.slice(0, 64)}`];
    // Taken before the first await, so attempts sent together line up one behind another.
    const ahead = keys.map((key) => this.checking.get(key) ?? 0);
    for (const key of keys) this.checking.set(key, (this.checking.get(key) ?? 0) + 1);
    try {
      for (const [i, key] of keys.entries()) {
        const rows = await this.repo.db.query(
          "SELECT COUNT(*) AS n FROM login_failures WHERE key = ? AND at > ?",
          [key, now - FAILURE_WINDOW_MS],
        );
        if (Number(rows[0]?.["n"] ?? 0) + (ahead[i] ?? 0) >= MAX_FAILURES) {
          return {
            ok: false,
            code: "auth.rate-limited",
            reason: "too many failed sign-ins; wait 15 minutes",
          };
        }
      }
      const rows = await this.repo.db.query("SELECT password_hash FROM people WHERE id = ?", [personId]);
      const stored = rows[0]?.["password_hash"];
      let good = false;
      if (typeof stored === "string") good = await checkPassword(password, stored);
      else await checkPassword(password, await this.decoyHash()); // as slow as a wrong password
      const found = good ? await this.repo.getPerson(personId) : undefined;
      const person = found && !found.revokedAtMs ? found : undefined;
      if (!person) {
        // Failures older than the window count for nothing: they go, so the table stays small.
        await this.repo.db.run("DELETE FROM login_failures WHERE at <= ?", [now - FAILURE_WINDOW_MS]);
        for (const key of keys)
          await this.repo.db.run("INSERT INTO login_failures (key, at) VALUES (?, ?)", [key, now]);
        return { ok: false, code: "auth.invalid", reason: "wrong person or password" };
      }
      // Bounded: expired sessions go, and the person keeps their newest MAX_SESSIONS_PER_PERSON.
      await this.repo.db.run("DELETE FROM sessions WHERE expires_at <= ?", [now]);
      await this.repo.db.run(
        `DELETE FROM sessions WHERE person_id = ? AND token_hash NOT IN
           (SELECT token_hash FROM sessions WHERE person_id = ? ORDER BY created_at DESC, token_hash LIMIT ?)`,
        [person.id, person.id, MAX_SESSIONS_PER_PERSON - 1],
      );
      const token = `sess_${randomBytes(32).toString("base64url")}`;
      const expiresAtMs = now + SESSION_MS;
      await this.repo.db.run(
        "INSERT INTO sessions (token_hash, person_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
        [hashToken(token), person.id, now, expiresAtMs],
      );
      return { ok: true, value: { person, token, expiresAtMs } };
    } finally {
      for (const key of keys) {
        const left = (this.checking.get(key) ?? 1) - 1;
        if (left > 0) this.checking.set(key, left);
        else this.checking.delete(key);
      }
    }
  }

  private decoyHash(): Promise<string> {
    this.decoy ??= hashPassword(randomBytes(16).toString("base64url"));
    return this.decoy;
  }

  async personOf(token: string): Promise<Person | undefined> {
    if (typeof token !== "string" || token.length > 200) return undefined;
    const rows = await this.repo.db.query(
      "SELECT person_id FROM sessions WHERE token_hash = ? AND expires_at > ?",
      [hashToken(token), this.now()],
    );
    const id = rows[0]?.["person_id"];
    const person = typeof id === "string" ? await this.repo.getPerson(id) : undefined;
    return person && !person.revokedAtMs ? person : undefined;
  }

  async signOut(token: string): Promise<void> {
    await this.repo.db.run("DELETE FROM sessions WHERE token_hash = ?", [hashToken(token)]);
    this.onEnded();
  }
}
