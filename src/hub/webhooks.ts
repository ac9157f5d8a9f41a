/**
 * Webhooks (issue 10 item 5): alerts and code statuses POSTed as JSON to URLs an owner
 * registers, signed with HMAC-SHA256 over `<timestamp>.<body>` in `X-Latchkey-Signature:
 * t=<unix s>,v1=<hex>` (Stripe's scheme: the timestamp in the signature stops replays), retried
 * with backoff (10 s doubling, 6 attempts), every attempt in the delivery log. Deliveries are
 * rows: a hub that dies leaves them for the next pass, and several hubs claim them with row
 * locks like locks.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { HubRepository } from "./storage/hub-repository.ts";
import type { Outcome } from "./model.ts";

export interface Webhook {
  readonly id: string;
  readonly url: string;
  /** Kinds delivered (`alert`, `lock-code`); empty: all. */
  readonly kinds: readonly string[];
  readonly createdAtMs: number;
}

export interface Delivery {
  readonly id: number;
  readonly webhookId: string;
  readonly kind: string;
  readonly status: "pending" | "delivered" | "failed";
  readonly attempts: number;
  readonly nextAttemptAtMs: number | null;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
  readonly createdAtMs: number;
  readonly deliveredAtMs: number | null;
}

export const MAX_ATTEMPTS = 6;
/** Webhooks kept at once: every change is POSTed to each, so their number is bounded. */
export const MAX_WEBHOOKS = 100;
const FIRST_RETRY_MS = 10_000;
const SEND_TIMEOUT_MS = 5_000;
export const SIGNATURE_HEADER = "x-latchkey-signature";

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. */
export function signPayload(secret: string, body: string, nowMs: number): string {
  const t = Math.floor(nowMs / 1000);
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return `t=${t},v1=${v1}`;
}

/** What a receiver does: recompute and compare in constant time, refusing old timestamps. */
export function verifySignature(
  secret: string,
  body: string,
  header: string,
  nowMs: number,
  toleranceS = 300,
): boolean {
  const m = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header);
  if (!m) return false;
  const t = Number(m[1]);
  if (Math.abs(nowMs / 1000 - t) > toleranceS) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(`${t}.${body}`).digest("hex"));
  const got = Buffer.from(m[2] ?? "");
  return expected.length === got.length && timingSafeEqual(expected, got);
}

function checkUrl(url: string): Outcome<string> {
  if (typeof url !== "string" || url.length > 2000)
    return { ok: false, code: "webhook.url", reason: "url is at most 2000 characters" };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, code: "webhook.url", reason: "url is not a URL" };
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:")
    return { ok: false, code: "webhook.url", reason: "url is http or https" };
  if (parsed.username || parsed.password)
    return { ok: false, code: "webhook.url", reason: "url carries no credentials" };
  return { ok: true, value: parsed.toString() };
}

export class Webhooks {
  private sending: Promise<unknown> | null = null;

  constructor(
    private readonly repo: HubRepository,
    private readonly now: () => number,
    private readonly post: (
      url: string,
      body: string,
      headers: Record<string, string>,
    ) => Promise<number> = postJson,
  ) {}

  /** Registers a URL; the secret is returned once, for the receiver to check signatures. */
  async add(
    url: string,
    kinds: readonly string[] = [],
  ): Promise<Outcome<{ webhook: Webhook; secret: string }>> {
    const u = checkUrl(url);
    if (!u.ok) return u;
    if (kinds.length > 10 || kinds.some((k) => typeof k !== "string" || k.length > 40)) {
      return { ok: false, code: "request.invalid", reason: "kinds lists at most 10 names" };
    }
    const rows = await this.repo.db.query("SELECT COUNT(*) AS n FROM webhooks WHERE deleted_at IS NULL");
    if (Number(rows[0]?.["n"] ?? 0) >= MAX_WEBHOOKS)
      return {
        ok: false,
        code: "webhook.too-many",
        reason: `at most ${MAX_WEBHOOKS} webhooks; remove one first (DELETE /webhooks/{id})`,
      };
    const webhook: Webhook = { id: randomUUID(), url: u.value, kinds: [...kinds], createdAtMs: this.now() };
    const secret = `whsec_${randomBytes(24).toString("base64url")}`;
    await this.repo.db.run(
      "INSERT INTO webhooks (id, url, secret, kinds, created_at) VALUES (?, ?, ?, ?, ?)",
      [webhook.id, webhook.url, secret, JSON.stringify(webhook.kinds), webhook.createdAtMs],
    );
    return { ok: true, value: { webhook, secret } };
  }

  async list(): Promise<Webhook[]> {
    const rows = await this.repo.db.query(
      "SELECT id, url, kinds, created_at FROM webhooks WHERE deleted_at IS NULL ORDER BY created_at, id",
    );
    return rows.map((r) => ({
      id: String(r["id"]),
      url: String(r["url"]),
      kinds: JSON.parse(String(r["kinds"])) as string[],
      createdAtMs: Number(r["created_at"]),
    }));
  }

  async remove(id: string): Promise<boolean> {
    const r = await this.repo.db.run(
      "UPDATE webhooks SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
      [this.now(), id],
    );
    return r.changes > 0;
  }

  async deliveries(webhookId: string, limit = 100): Promise<Delivery[]> {
    const rows = await this.repo.db.query(
      "SELECT * FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id DESC LIMIT ?",
      [webhookId, Math.min(limit, 1000)],
    );
    return rows.map((r) => ({
      id: Number(r["id"]),
      webhookId: String(r["webhook_id"]),
      kind: String(r["kind"]),
      status: String(r["status"]) as Delivery["status"],
      attempts: Number(r["attempts"]),
      nextAttemptAtMs: r["next_attempt_at"] === null ? null : Number(r["next_attempt_at"]),
      lastStatusCode: r["last_status_code"] === null ? null : Number(r["last_status_code"]),
      lastError: r["last_error"] === null ? null : String(r["last_error"]),
      createdAtMs: Number(r["created_at"]),
      deliveredAtMs: r["delivered_at"] === null ? null : Number(r["delivered_at"]),
    }));
  }

  /** Queues one event for every webhook that wants its kind. */
  async enqueue(kind: string, data: unknown): Promise<number> {
    const now = this.now();
    let n = 0;
    for (const w of await this.list()) {
      if (w.kinds.length > 0 && !w.kinds.includes(kind)) continue;
      const payload = JSON.stringify({
        id: randomUUID(),
        type: kind,
        created_at: new Date(now).toISOString(),
        data,
      });
      await this.repo.db.run(
        "INSERT INTO webhook_deliveries (webhook_id, kind, payload, status, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, 'pending', 0, ?, ?)",
        [w.id, kind, payload, now, now],
      );
      n++;
    }
    return n;
  }

  /** Sends what is due (one pass at a time in this process); returns how many were attempted. */
  async deliverDue(limit = 50): Promise<number> {
    if (this.sending) return 0;
    const run = this.pass(limit);
    this.sending = run;
    try {
      return await run;
    } finally {
      this.sending = null;
    }
  }

  private async pass(limit: number): Promise<number> {
    const now = this.now();
    const skip = this.repo.dialect === "postgres" ? " FOR UPDATE SKIP LOCKED" : "";
    // Claim: push next_attempt_at past the send timeout so another hub leaves these alone.
    const claimed = await this.repo.db.query(
      `UPDATE webhook_deliveries SET next_attempt_at = ?
       WHERE id IN (SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?${skip})
       RETURNING id, webhook_id, payload, attempts`,
      [now + 4 * SEND_TIMEOUT_MS, now, limit],
    );
    for (const d of claimed) {
      const hook = await this.repo.db.query("SELECT url, secret FROM webhooks WHERE id = ?", [
        d["webhook_id"],
      ]);
      const url = String(hook[0]?.["url"] ?? "");
      const secret = String(hook[0]?.["secret"] ?? "");
      const body = String(d["payload"]);
      const attempts = Number(d["attempts"]) + 1;
      let status: number | null = null;
      let error: string | null = null;
      try {
        status = await this.post(url, body, {
          "content-type": "application/json",
          [SIGNATURE_HEADER]: signPayload(secret, body, this.now()),
        });
        if (status < 200 || status >= 300) error = `answered ${status}`;
      } catch (err) {
        error = (err as Error).message.slice(0, 200);
      }
      const at = this.now();
      if (error === null) {
        await this.repo.db.run(
          "UPDATE webhook_deliveries SET status = 'delivered', attempts = ?, last_status_code = ?, last_error = NULL, delivered_at = ?, next_attempt_at = NULL WHERE id = ?",
          [attempts, status, at, d["id"]],
        );
      } else {
        const gaveUp = attempts >= MAX_ATTEMPTS;
        await this.repo.db.run(
          "UPDATE webhook_deliveries SET status = ?, attempts = ?, last_status_code = ?, last_error = ?, next_attempt_at = ? WHERE id = ?",
          [
            gaveUp ? "failed" : "pending",
            attempts,
            status,
            error,
            gaveUp ? null : at + FIRST_RETRY_MS * 2 ** (attempts - 1),
            d["id"],
          ],
        );
      }
    }
    return claimed.length;
  }
}

async function postJson(url: string, body: string, headers: Record<string, string>): Promise<number> {
  const res = await fetch(url, {
    method: "POST",
    body,
    headers,
    redirect: "manual",
    signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
  });
  await res.body?.cancel();
  return res.status;
}
