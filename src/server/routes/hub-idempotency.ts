/**
 * `Idempotency-Key` on the hub API's create requests (`POST /access_codes`, `/people`,
 * `/people/{id}/invite`, `/sites`, `/locks`, `/webhooks`, adopting a keypad code; decision
 * 0027): a property manager's script that sends a request, loses the answer to a network error
 * and sends it again with the same key gets the first answer back (same status, same body,
 * `Idempotent-Replayed: true`) and nothing is made twice. The same key with another request
 * (method, path or body) is 422 `idempotency.key-reused`; while the first is still being
 * handled, 409 `idempotency.in-progress`. A key is 1–255 visible ASCII characters, is the
 * caller's own (two people's equal keys never meet), and is kept 24 hours.
 *
 * Only an answer that made something (2xx) is kept: a refused request changed nothing, so its
 * key is let go and a retry is handled afresh. The database holds the key's hash, never the key,
 * and the answer encrypted with a key derived from it (AES-256-GCM): an invite link or a code's
 * digits kept for a replay can only be read by whoever holds the Idempotency-Key.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { HubRepository } from "../../hub/index.ts";

export const IDEMPOTENCY_HEADER = "idempotency-key";
/** How long a key and its answer are kept. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/** A key still unfinished after this long was abandoned (its hub stopped mid-request): taken anew. */
export const IDEMPOTENCY_ABANDONED_MS = 60_000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export interface IdempotencyOptions {
  readonly repo: HubRepository;
  readonly now: () => number;
  readonly fail: (status: number, code: string, message: string) => Error;
}

/** JSON with every object's keys sorted: the same body however its fields were ordered. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

const sha256 = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

function cipherKey(key: string, personId: string): Buffer {
  return Buffer.from(hkdfSync("sha256", key, personId, "latchkey idempotent answer", 32));
}

function seal(plain: string, key: Buffer): string {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([c.update(plain, "utf8"), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]).toString("base64");
}

function open(sealed: string, key: Buffer): string {
  const raw = Buffer.from(sealed, "base64");
  const d = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
  d.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString("utf8");
}

/**
 * Runs a create request once per Idempotency-Key: without the header, as it is; with it, the
 * first answer again for a retry, or a refusal for a key used otherwise.
 */
export async function idempotent(
  o: IdempotencyOptions,
  personId: string,
  req: FastifyRequest,
  reply: FastifyReply,
  run: () => Promise<unknown>,
): Promise<unknown> {
  const header = req.headers[IDEMPOTENCY_HEADER];
  if (header === undefined) return run();
  if (typeof header !== "string" || !KEY_PATTERN.test(header))
    throw o.fail(
      400,
      "request.invalid",
      "Idempotency-Key is one header of 1–255 visible ASCII characters (a UUID is a good one)",
    );
  const keyHash = sha256(`${personId}\u0000${header}`);
  const path = req.url.split("?")[0] ?? "";
  const fingerprint = sha256(`${req.method}\u0000${path}\u0000${canonical(req.body)}`);
  const now = o.now();
  await o.repo.pruneIdempotencyKeys(now - IDEMPOTENCY_TTL_MS);
  let claimed = false;
  for (let attempt = 0; attempt < 2 && !claimed; attempt++) {
    claimed = await o.repo.claimIdempotencyKey({ keyHash, personId, fingerprint, createdAtMs: now });
    if (claimed) break;
    const held = await o.repo.getIdempotencyKey(keyHash);
    if (!held) continue; // let go meanwhile: claim it now
    if (held.fingerprint !== fingerprint)
      throw o.fail(
        422,
        "idempotency.key-reused",
        "this Idempotency-Key was sent with another request (method, path or body) in the last 24 hours: a new request needs a new key",
      );
    if (held.status === null || held.response === null) {
      if (now - held.createdAtMs < IDEMPOTENCY_ABANDONED_MS || attempt > 0)
        throw o.fail(
          409,
          "idempotency.in-progress",
          "a request with this Idempotency-Key is still being handled: retry in a moment",
        );
      await o.repo.releaseIdempotencyKey(keyHash, true);
      continue;
    }
    void reply.code(held.status).header("idempotent-replayed", "true");
    return JSON.parse(open(held.response, cipherKey(header, personId))) as unknown;
  }
  if (!claimed)
    throw o.fail(
      409,
      "idempotency.in-progress",
      "a request with this Idempotency-Key is still being handled",
    );
  try {
    const answer = await run();
    if (reply.statusCode >= 200 && reply.statusCode < 300)
      await o.repo.finishIdempotencyKey(
        keyHash,
        reply.statusCode,
        seal(JSON.stringify(answer), cipherKey(header, personId)),
      );
    else await o.repo.releaseIdempotencyKey(keyHash);
    return answer;
  } catch (err) {
    await o.repo.releaseIdempotencyKey(keyHash);
    throw err;
  }
}
