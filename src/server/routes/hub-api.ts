/**
 * The hub's HTTP API under /api/hub/v1 (issue 10 item 8): locks, sites, people, access codes,
 * events and alerts. The names outside checks rely on are kept exactly: `GET /locks`,
 * `POST /access_codes` with `{ lock_ids, name, code?, starts_at?, ends_at?, weekly?, max_uses? }`,
 * `GET` and `DELETE /access_codes/{id}`, answering `{ access_code: { id, code, locks: [{ lock_id,
 * status, errors, warnings }] } }`, and `Authorization: Bearer <token>`. An edge only: every
 * decision is the hub's; this maps bodies in and outcomes to HTTP.
 *
 * Every route here is documented in /api/openapi.json from `hub-route-docs.ts` (its zod
 * schemas); a new route needs its entry there, or `hub-openapi.test.ts` fails.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import type {
  AccessCodeView,
  ApiTokenInfo,
  Actor,
  Hub,
  HubEvent,
  HubLockSummary,
  Outcome,
  Person,
} from "../../hub/index.ts";
import { overallStatus, parseSiteTime } from "../../hub/index.ts";
import { describeZodError } from "../error-handler.ts";
import { httpErrorFromFastify } from "../security/fastify-errors.ts";
import { hubCompanionRoutes } from "./hub-companion-routes.ts";
import { hubFirmwareRoutes } from "./hub-firmware-routes.ts";
import { hubInviteRoutes } from "./hub-invite-routes.ts";
import type { apiTokenJsonSchema } from "./hub-schemas.ts";
import {
  accessCodeParams,
  addLockBody,
  renameLockBody,
  locksListQuery,
  adoptBody,
  adoptParams,
  createAccessCodeBody,
  newAccessCodeOf,
  createPersonBody,
  createSiteBody,
  createTokenBody,
  listAccessCodesQuery,
  listEventsQuery,
  listAlertsQuery,
  listPageQuery,
  lockParams,
  personParams,
  apiTokenParams,
  createWebhookBody,
  webhookParams,
  passwordBody,
  setupBody,
  signInBody,
} from "./hub-schemas.ts";
import type { AccessCodeJson, HubEventJson, HubLockJson, PersonJson } from "./hub-responses.ts";
import { BadCursor, decodeCursor, pageOf, paginationAfter } from "./hub-paging.ts";
import { idempotent } from "./hub-idempotency.ts";

export const HUB_API_PREFIX = "/api/hub/v1";
/** The page's session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site sends it). */
export const SESSION_COOKIE = "latchkey-hub-session";
/** Sent to the hub's API and to the live sockets (/api/hub/v1/live, /api/live), where a signed-in page hears the hub. */
export const SESSION_COOKIE_PATH = "/api";

function sessionFromCookie(header: string | undefined): string | undefined {
  if (typeof header !== "string" || header.length > 8192) return undefined;
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === SESSION_COOKIE) return v.join("=");
  }
  return undefined;
}

/** A refusal the API answers with `status` and `{ error: { code, message } }` (the Seam paths reshape it). */
export class HubApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** HTTP status of a hub refusal: not found, forbidden, a clash with what exists, or bad input. */
export function statusOf(code: string): number {
  if (code === "auth.required" || code === "auth.invalid") return 401;
  if (code === "auth.rate-limited") return 429;
  if (code === "auth.forbidden") return 403;
  if (code === "idempotency.key-reused") return 422;
  if (code.endsWith(".not-found")) return 404;
  if (
    code.endsWith(".exists") ||
    code === "access_code.deleted" ||
    code === "person.owner-exists" ||
    code === "code.not-unmanaged" ||
    code === "firmware_rollout.not-running" ||
    code === "idempotency.in-progress" ||
    code === "person.revoked" ||
    code === "lock.unmanaged" ||
    code.endsWith(".too-many")
  )
    return 409;
  return 400;
}

export function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw new HubApiError(statusOf(outcome.code), outcome.code, outcome.reason);
}

/**
 * True when a string anywhere in the value (keys too) holds U+0000. PostgreSQL cannot store it
 * ("invalid byte sequence", a 500), SQLite would; refused alike on both. Walked without
 * recursion: a 1 MB body may nest deeper than the stack.
 */
export function holdsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === "string") {
      if (v.includes("\u0000")) return true;
    } else if (Array.isArray(v)) {
      for (const inner of v as unknown[]) stack.push(inner);
    } else if (v !== null && typeof v === "object") {
      for (const [k, inner] of Object.entries(v)) {
        if (k.includes("\u0000")) return true;
        stack.push(inner);
      }
    }
  }
  return false;
}

export function parse<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  if (holdsNul(value))
    throw new HubApiError(400, "request.invalid", `${where}: text may not hold the NUL character (U+0000)`);
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw new HubApiError(400, "request.invalid", describeZodError(r.error, where));
  return r.data;
}

/** A cursor's key, or 400 `request.invalid` when the caller's cursor is not one we gave. */
function cursorKey(cursor: string | undefined, shape: readonly ("n" | "s")[]) {
  if (cursor === undefined) return undefined;
  try {
    return decodeCursor(cursor, shape);
  } catch (err) {
    if (err instanceof BadCursor) throw new HubApiError(400, "request.invalid", err.message);
    throw err;
  }
}

/** `before_id` or `page_cursor` (one id either way): both at once is a caller's mistake. */
function beforeIdOf(q: {
  before_id?: number | undefined;
  page_cursor?: string | undefined;
}): number | undefined {
  const key = cursorKey(q.page_cursor, ["n"]);
  if (key !== undefined && q.before_id !== undefined)
    throw new HubApiError(400, "request.invalid", "query: give before_id or page_cursor, not both");
  return key === undefined ? q.before_id : (key[0] as number);
}

/** The key of an item paged by id alone (events, alerts: `before_id`). */
const idKey = (item: { id: number } | undefined): [number] | undefined => (item ? [item.id] : undefined);

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/**
 * The access code as the API shows it (Seam-like; `status` is `set` only when every lock is),
 * each lock with its name from `lockNames` and the site's zone from `zones` (`accessCodesJson`
 * reads them).
 */
export function accessCodeJson(
  v: AccessCodeView,
  lockNames: ReadonlyMap<string, string>,
  zones: ReadonlyMap<string, string>,
): AccessCodeJson {
  const c = v.accessCode;
  const status = overallStatus(v.locks);
  const windowed = c.startsAtMs !== null || c.endsAtMs !== null || c.weekly !== null;
  return {
    id: c.id,
    access_code_id: c.id,
    name: c.name,
    code: c.code,
    type: c.startsAtMs === null && c.endsAtMs === null ? "ongoing" : "time_bound",
    status,
    is_generated: c.generated,
    is_managed: true,
    is_one_time_use: c.maxUses === 1,
    is_scheduled_on_device: windowed && status === "set",
    starts_at: iso(c.startsAtMs),
    ends_at: iso(c.endsAtMs),
    weekly: c.weekly
      ? { days: [...c.weekly.days], start_time: c.weekly.startTime, end_time: c.weekly.endTime }
      : null,
    max_uses: c.maxUses,
    uses: c.usesCount,
    common_code_key: c.commonCodeKey,
    person_id: c.personId,
    site_id: c.siteId,
    // A code's site always exists (sites are never deleted); UTC is what the hub reads a time in without one.
    site_time_zone: zones.get(c.siteId) ?? "UTC",
    lead_time_minutes: Math.round(c.leadTimeMs / 60_000),
    created_at: iso(c.createdAtMs),
    deleted_at: iso(c.deletedAtMs),
    errors: v.locks.flatMap((l) =>
      l.errors.map((e) => ({
        code: e.code,
        message: e.message,
        lock_id: l.lockId,
        ...(e.slot === undefined ? {} : { slot: e.slot }),
      })),
    ),
    warnings: c.warnings.map((w) => ({ code: w.code, message: w.message })),
    locks: v.locks.map((l) => ({
      lock_id: l.lockId,
      lock_name: lockNames.get(l.lockId) ?? null,
      status: l.status,
      slot: l.slot,
      errors: l.errors.map((e) => ({
        code: e.code,
        message: e.message,
        ...(e.slot === undefined ? {} : { slot: e.slot }),
      })),
      warnings: l.warnings.map((w) => ({ code: w.code, message: w.message })),
      updated_at: iso(l.updatedAtMs),
    })),
  };
}

/** Codes as the API shows them, with the names of the locks they are on (one read for all). */
export async function accessCodesJson(hub: Hub, views: readonly AccessCodeView[]): Promise<AccessCodeJson[]> {
  const names = await hub.repo.lockNames([...new Set(views.flatMap((v) => v.locks.map((l) => l.lockId)))]);
  // The site's zone goes with the code: a guest may list no site, yet reads the code's times in it.
  const sites = await hub.repo.listSites([...new Set(views.map((v) => v.accessCode.siteId))]);
  const zones = new Map(sites.map((s) => [s.id, s.timeZone]));
  return views.map((v) => accessCodeJson(v, names, zones));
}

/** One code as the API shows it (`accessCodesJson`). */
export async function oneAccessCodeJson(hub: Hub, view: AccessCodeView): Promise<AccessCodeJson> {
  return (await accessCodesJson(hub, [view]))[0]!;
}

export function lockJson(s: HubLockSummary): HubLockJson {
  return {
    lock_id: s.lock.id,
    site_id: s.lock.siteId,
    name: s.lock.name,
    model: s.view?.model ?? null,
    online: s.view?.online ?? false,
    paired: s.paired,
    removed_at: s.hostRemovedAtMs === null ? null : iso(s.hostRemovedAtMs),
    managed: s.lock.unmanagedAtMs == null,
    unmanaged_at: s.lock.unmanagedAtMs == null ? null : iso(s.lock.unmanagedAtMs),
    battery: s.view?.battery ?? null,
    bolt: s.view?.bolt ?? null,
    code_rules: s.view?.codeRules ?? null,
    firmware_version: s.firmware.version,
    firmware_update_available: s.firmware.updateAvailable,
    unmanaged_codes: s.unmanaged.map((u) => ({
      slot: u.slot,
      detected_at: iso(u.detectedAtMs),
      source: u.source,
    })),
  };
}

function apiTokenJson(t: ApiTokenInfo): z.infer<typeof apiTokenJsonSchema> {
  return {
    id: t.id,
    person_id: t.personId,
    label: t.label,
    created_at: new Date(t.createdAtMs).toISOString(),
  };
}

function personJson(p: Person): PersonJson {
  return {
    id: p.id,
    name: p.name,
    role: p.role,
    site_ids: [...p.siteIds],
    created_at: iso(p.createdAtMs),
    revoked_at: p.revokedAtMs ? iso(p.revokedAtMs) : null,
  };
}

function eventJson(e: HubEvent): HubEventJson {
  return {
    id: e.id,
    at: iso(e.atMs),
    site_id: e.siteId,
    lock_id: e.lockId,
    person_id: e.personId,
    access_code_id: e.accessCodeId,
    kind: e.kind,
    source: e.source,
    slot: e.slot,
    detail: e.detail,
    delivered_late: e.deliveredLate === true,
  };
}

const CSV_COLUMNS = [
  "id",
  "at",
  "site_id",
  "lock_id",
  "person_id",
  "access_code_id",
  "kind",
  "source",
  "slot",
  "detail",
] as const;

/** RFC 4180 fields; a leading = + - @ is quoted away so a spreadsheet never runs it as a formula. */
function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function eventsCsv(events: readonly HubEvent[]): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const e of events) {
    const row = eventJson(e);
    lines.push(CSV_COLUMNS.map((c) => csvField(row[c])).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}

export function parseTime(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  // The same reading as a code's starts_at/ends_at; without an offset it is UTC (history spans
  // sites, and the server's own zone must not change what a query means).
  const ms = parseSiteTime(text, "UTC");
  if (ms === null)
    throw new HubApiError(400, "request.invalid", `${name} is an ISO 8601 time (2026-12-10T14:00:00Z)`);
  return ms;
}

/**
 * A client that sends `Content-Type: application/json` on every request (many HTTP libraries
 * and SDKs do) sends it with an empty DELETE or retry too: an empty body is "no body" here,
 * not a refusal. Anything else goes to Fastify's own JSON parser (prototype-poisoning checks
 * included). Scoped to the plugin it is called in: the rest of the server keeps its parser.
 */
export function acceptEmptyJson(app: FastifyInstance): void {
  const defaultJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (req, body, done) => {
    if (body === "" || (typeof body === "string" && body.trim() === "")) {
      done(null, undefined);
      return;
    }
    void defaultJson(req, body as string, done);
  });
}

/** What Seam's SDKs insist an API key starts with (their auth.ts: `tokenPrefix`). */
export const SEAM_KEY_PREFIX = "seam_";
/** …and a personal access token (`accessTokenPrefix`), sent with a `seam-workspace` header. */
export const SEAM_ACCESS_TOKEN_PREFIX = "seam_at";

/**
 * Who is calling: `Authorization: Bearer <token>` (a person's API token), else the page's
 * session cookie; 401 `auth.required` / `auth.invalid` otherwise.
 */
export function hubActorOf(
  hub: Hub,
  options: { readonly seamKeyPrefix?: boolean } = {},
): (req: FastifyRequest) => Promise<Actor> {
  return async (req) => {
    const header = req.headers.authorization;
    if (typeof header !== "string" || header.length === 0) {
      const session = sessionFromCookie(req.headers.cookie);
      const person = session ? await hub.sessions.personOf(session) : undefined;
      if (person) return person;
      throw new HubApiError(
        401,
        session ? "auth.invalid" : "auth.required",
        "send Authorization: Bearer <token>, or sign in",
      );
    }
    const m = /^Bearer ([A-Za-z0-9._~+/=-]{1,512})$/.exec(header);
    const token = m?.[1];
    let person = token ? await hub.authenticate(token) : undefined;
    // Seam's SDKs refuse an API key that does not start with `seam_` before sending anything, so
    // on Seam's paths a hub token may be given as `seam_<token>`, or as a personal access token
    // `seam_at<token>` (docs/hub.md).
    if (!person && options.seamKeyPrefix && token?.startsWith(SEAM_KEY_PREFIX))
      person = await hub.authenticate(token.slice(SEAM_KEY_PREFIX.length));
    if (!person && options.seamKeyPrefix && token?.startsWith(SEAM_ACCESS_TOKEN_PREFIX))
      person = await hub.authenticate(token.slice(SEAM_ACCESS_TOKEN_PREFIX.length));
    if (!person) throw new HubApiError(401, "auth.invalid", "the token is not valid");
    return person;
  };
}

export interface HubApiOptions {
  readonly hub: Hub;
  /** The clock Idempotency-Keys are kept by (tests move it). */
  readonly now?: () => number;
  /** Routes to add under the hub's error handler, before its catch-all (the live socket, hub-live-route.ts). */
  readonly more?: (app: FastifyInstance) => void;
}

/**
 * The create requests an Idempotency-Key makes safe to retry (hub-idempotency.ts). Not API
 * tokens: a token is shown once, and a replay would show it again.
 */
const IDEMPOTENT_POSTS: ReadonlySet<string> = new Set([
  "/access_codes",
  "/people",
  "/sites",
  "/locks",
  "/webhooks",
  "/locks/:lock_id/unmanaged_codes/:slot/adopt",
]);

/** Registers the hub's routes on a Fastify instance (inside its own error handling). */
export async function hubApi(app: FastifyInstance, options: HubApiOptions): Promise<void> {
  const { hub } = options;
  const keys = {
    repo: hub.repo,
    now: options.now ?? Date.now,
    fail: (status: number, code: string, message: string) => new HubApiError(status, code, message),
  };

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof HubApiError) {
      void reply.code(err.status).send({ error: { code: err.code, message: err.message } });
      return;
    }
    const e = err as { statusCode?: number; code?: unknown; message?: string };
    // Fastify's own refusals of the request (a body too large, not JSON): the caller's mistake.
    if (
      typeof e.code === "string" &&
      e.code.startsWith("FST_") &&
      e.statusCode !== undefined &&
      e.statusCode < 500
    ) {
      if (e.statusCode === 413) {
        void reply.code(413).send({
          error: {
            code: "request.too-large",
            message: `the body is larger than this path takes (${req.routeOptions.bodyLimit ?? 0} bytes)`,
          },
        });
        return;
      }
      void reply.code(400).send({
        error: {
          code: "request.invalid",
          // A prototype key is not "not valid JSON", as Fastify says: ours says which.
          message:
            e.code === "FST_ERR_CTP_INVALID_JSON_BODY"
              ? (httpErrorFromFastify({ code: e.code, message: "" })?.message ?? "")
              : (e.message ?? ""),
        },
      });
      return;
    }
    // Anything else (the server edge's refusals, a bug) goes to the server's one error handler.
    throw err;
  });

  acceptEmptyJson(app);

  const actorOf = hubActorOf(hub);

  const route = (
    method: "GET" | "POST" | "PATCH" | "DELETE",
    url: string,
    handle: (actor: Actor, req: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
    bodyLimit = 16 * 1024,
  ): void => {
    app.route({
      method,
      url: `${HUB_API_PREFIX}${url}`,
      bodyLimit,
      handler: async (req, reply) => {
        const actor = await actorOf(req);
        if (method === "POST" && IDEMPOTENT_POSTS.has(url))
          return idempotent(keys, actor.id, req, reply, () => handle(actor, req, reply));
        return handle(actor, req, reply);
      },
    });
  };

  route("GET", "/locks", async (actor, req) => {
    const q = parse(locksListQuery, req.query, "query");
    const after = cursorKey(q.page_cursor, ["s"]);
    const locks = unwrap(await hub.listLocks(actor, q.managed !== "false"));
    const page = pageOf(locks, (l) => [l.lock.id], q.limit, after, req.url);
    return { locks: page.items.map(lockJson), pagination: page.pagination };
  });
  route("POST", "/locks", async (actor, req, reply) => {
    const body = parse(addLockBody, req.body, "body");
    unwrap(
      await hub.addLock(actor, {
        lockId: body.lock_id,
        siteId: body.site_id,
        ...(body.name ? { name: body.name } : {}),
      }),
    );
    void reply.code(201);
    return { lock: lockJson(unwrap(await hub.getLock(actor, body.lock_id))) };
  });
  route("GET", "/locks/:lock_id", async (actor, req) => {
    const p = parse(lockParams, req.params, "path");
    return { lock: lockJson(unwrap(await hub.getLock(actor, p.lock_id, { includeUnmanaged: true }))) };
  });
  // A rename, and/or taking the lock off the hub's care or back (`managed`, Seam's is_managed):
  // brought back before a rename, renamed before it is taken off.
  route("PATCH", "/locks/:lock_id", async (actor, req) => {
    const p = parse(lockParams, req.params, "path");
    const body = parse(renameLockBody, req.body, "body");
    if (body.managed === true) unwrap(await hub.setLockManaged(actor, p.lock_id, true));
    if (body.name !== undefined) unwrap(await hub.renameLock(actor, p.lock_id, body.name));
    if (body.managed === false) unwrap(await hub.setLockManaged(actor, p.lock_id, false));
    return { lock: lockJson(unwrap(await hub.getLock(actor, p.lock_id, { includeUnmanaged: true }))) };
  });
  route("POST", "/locks/:lock_id/unmanaged_codes/:slot/adopt", async (actor, req, reply) => {
    const p = parse(adoptParams, req.params, "path");
    const body = parse(adoptBody, req.body, "body");
    const view = unwrap(
      await hub.adoptUnmanaged(actor, p.lock_id, p.slot, {
        name: body.name,
        code: body.code,
        ...(body.person_id ? { personId: body.person_id } : {}),
      }),
    );
    void reply.code(201);
    return { access_code: await oneAccessCodeJson(hub, view) };
  });

  route("GET", "/sites", async (actor, req) => {
    const q = parse(listPageQuery, req.query, "query");
    const after = cursorKey(q.page_cursor, ["n", "s"]);
    const page = pageOf(await hub.listSites(actor), (s) => [s.createdAtMs, s.id], q.limit, after, req.url);
    return {
      sites: page.items.map((s) => ({
        id: s.id,
        name: s.name,
        time_zone: s.timeZone,
        created_at: iso(s.createdAtMs),
      })),
      pagination: page.pagination,
    };
  });
  route("POST", "/sites", async (actor, req, reply) => {
    const body = parse(createSiteBody, req.body, "body");
    const s = unwrap(
      await hub.createSite(actor, {
        name: body.name,
        timeZone: body.time_zone,
        ...(body.id ? { id: body.id } : {}),
      }),
    );
    void reply.code(201);
    return { site: { id: s.id, name: s.name, time_zone: s.timeZone, created_at: iso(s.createdAtMs) } };
  });

  route("GET", "/people", async (actor, req) => {
    const q = parse(listPageQuery, req.query, "query");
    const after = cursorKey(q.page_cursor, ["n", "s"]);
    const people = unwrap(await hub.listPeople(actor));
    const page = pageOf(people, (p) => [p.createdAtMs, p.id], q.limit, after, req.url);
    return { people: page.items.map(personJson), pagination: page.pagination };
  });
  route("POST", "/people", async (actor, req, reply) => {
    const body = parse(createPersonBody, req.body, "body");
    const p = unwrap(
      await hub.addPerson(actor, {
        name: body.name,
        role: body.role,
        ...(body.site_ids ? { siteIds: body.site_ids } : {}),
        ...(body.id ? { id: body.id } : {}),
      }),
    );
    void reply.code(201);
    return { person: personJson(p) };
  });
  route("POST", "/people/:person_id/revoke", async (actor, req) => {
    const p = parse(personParams, req.params, "path");
    const done = unwrap(await hub.revokePerson(actor, p.person_id));
    return { person: personJson(done.person), access_codes: await accessCodesJson(hub, done.accessCodes) };
  });
  route("POST", "/people/:person_id/api_tokens", async (actor, req, reply) => {
    const p = parse(personParams, req.params, "path");
    const body = parse(createTokenBody, req.body, "body");
    const made = unwrap(await hub.issueApiToken(actor, p.person_id, body.label));
    void reply.code(201);
    return { api_token: { ...apiTokenJson(made), token: made.token } };
  });
  route("GET", "/people/:person_id/api_tokens", async (actor, req) => {
    const p = parse(personParams, req.params, "path");
    return { api_tokens: unwrap(await hub.listApiTokens(actor, p.person_id)).map(apiTokenJson) };
  });
  route("DELETE", "/people/:person_id/api_tokens/:api_token_id", async (actor, req) => {
    const p = parse(apiTokenParams, req.params, "path");
    return { api_token: apiTokenJson(unwrap(await hub.revokeApiToken(actor, p.person_id, p.api_token_id))) };
  });

  route(
    "POST",
    "/access_codes",
    async (actor, req, reply) => {
      const b = parse(createAccessCodeBody, req.body, "body");
      const view = unwrap(await hub.createAccessCode(actor, newAccessCodeOf(b)));
      void reply.code(201);
      return { access_code: await oneAccessCodeJson(hub, view) };
    },
    1024 * 1024,
  ); // up to 10,000 lock ids
  route("GET", "/access_codes", async (actor, req) => {
    const q = parse(listAccessCodesQuery, req.query, "query");
    const after = cursorKey(q.page_cursor, ["n", "s"]);
    const limit = q.limit ?? 1000;
    // One more than the page, to know whether another follows.
    const list = unwrap(
      await hub.listAccessCodes(actor, {
        ...(q.lock_id ? { lockId: q.lock_id } : {}),
        ...(q.person_id ? { personId: q.person_id } : {}),
        limit: limit + 1,
        ...(after ? { after: { createdAtMs: after[0] as number, id: after[1] as string } } : {}),
      }),
    );
    const page = list.slice(0, limit);
    const last = page.at(-1)?.accessCode;
    return {
      access_codes: await accessCodesJson(hub, page),
      pagination: paginationAfter(
        list.length > limit,
        last ? [last.createdAtMs, last.id] : undefined,
        req.url,
      ),
    };
  });
  route("GET", "/access_codes/:access_code_id", async (actor, req) => {
    const p = parse(accessCodeParams, req.params, "path");
    return {
      access_code: await oneAccessCodeJson(hub, unwrap(await hub.getAccessCode(actor, p.access_code_id))),
    };
  });
  route("DELETE", "/access_codes/:access_code_id", async (actor, req) => {
    const p = parse(accessCodeParams, req.params, "path");
    return {
      access_code: await oneAccessCodeJson(hub, unwrap(await hub.deleteAccessCode(actor, p.access_code_id))),
    };
  });
  route("POST", "/access_codes/:access_code_id/retry", async (actor, req) => {
    const p = parse(accessCodeParams, req.params, "path");
    return {
      access_code: await oneAccessCodeJson(hub, unwrap(await hub.retryAccessCode(actor, p.access_code_id))),
    };
  });

  route("GET", "/events", async (actor, req, reply) => {
    const q = parse(listEventsQuery, req.query, "query");
    const fromMs = parseTime(q.since, "since");
    const untilMs = parseTime(q.until, "until");
    const beforeId = beforeIdOf(q);
    const limit = q.limit ?? 100;
    const kinds = q.kind
      ?.split(",")
      .filter((k) => k.length > 0)
      .slice(0, 50);
    const all = unwrap(
      await hub.listEvents(actor, {
        ...(q.lock_id ? { lockId: q.lock_id } : {}),
        ...(q.person_id ? { personId: q.person_id } : {}),
        ...(kinds ? { kinds } : {}),
        ...(fromMs === undefined ? {} : { fromMs }),
        ...(untilMs === undefined ? {} : { untilMs }),
        ...(beforeId === undefined ? {} : { beforeId }),
        limit: limit + 1,
      }),
    );
    const more = all.length > limit;
    const events = all.slice(0, limit);
    if (q.format === "csv") {
      void reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", 'attachment; filename="latchkey-events.csv"');
      return eventsCsv(events);
    }
    return {
      events: events.map(eventJson),
      pagination: paginationAfter(more, idKey(events.at(-1)), req.url),
    };
  });
  route("GET", "/alerts", async (actor, req) => {
    const q = parse(listAlertsQuery, req.query, "query");
    const kinds = q.kind
      ?.split(",")
      .filter((k) => k.length > 0)
      .slice(0, 50);
    const beforeId = beforeIdOf(q);
    const limit = q.limit ?? 100;
    const all = unwrap(
      await hub.listAlerts(actor, true, {
        ...(q.lock_id ? { lockId: q.lock_id } : {}),
        ...(kinds ? { kinds } : {}),
        ...(beforeId === undefined ? {} : { beforeId }),
        limit: limit + 1,
      }),
    );
    const alerts = all.slice(0, limit);
    return {
      pagination: paginationAfter(all.length > limit, idKey(alerts.at(-1)), req.url),
      alerts: alerts.map((a) => ({
        id: a.id,
        at: iso(a.atMs),
        lock_id: a.lockId,
        site_id: a.siteId,
        kind: a.kind,
        message: a.message,
        resolved_at: iso(a.resolvedAtMs),
      })),
    };
  });

  // Signing in (the page): no token yet, so these routes are outside `route`.
  app.post(`${HUB_API_PREFIX}/setup`, { bodyLimit: 16 * 1024 }, async (req, reply) => {
    const b = parse(setupBody, req.body, "body");
    const person = unwrap(
      await hub.setUp(b.token, { name: b.name, password: b.password, ...(b.id ? { id: b.id } : {}) }),
    );
    void reply.code(201);
    return { person: personJson(person) };
  });
  app.post(`${HUB_API_PREFIX}/session`, { bodyLimit: 16 * 1024 }, async (req, reply) => {
    const b = parse(signInBody, req.body, "body");
    const signed = unwrap(await hub.sessions.signIn(b.person_id, b.password, req.ip));
    const secure = req.protocol === "https" ? "; Secure" : "";
    const maxAge = Math.floor((signed.expiresAtMs - Date.now()) / 1000);
    void reply
      .code(201)
      .header(
        "set-cookie",
        `${SESSION_COOKIE}=${signed.token}; HttpOnly; SameSite=Strict; Path=${SESSION_COOKIE_PATH}; Max-Age=${Math.max(0, maxAge)}${secure}`,
      );
    return { person: personJson(signed.person), expires_at: iso(signed.expiresAtMs) };
  });
  app.delete(`${HUB_API_PREFIX}/session`, async (req, reply) => {
    const session = sessionFromCookie(req.headers.cookie);
    if (session) await hub.sessions.signOut(session);
    void reply
      .code(204)
      .header(
        "set-cookie",
        `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=${SESSION_COOKIE_PATH}; Max-Age=0`,
      );
    return null;
  });
  route("POST", "/people/:person_id/password", async (actor, req, reply) => {
    const p = parse(personParams, req.params, "path");
    const b = parse(passwordBody, req.body, "body");
    // Signed in with the page's session: that session goes on, the person's others end.
    const current = req.headers.authorization ? undefined : sessionFromCookie(req.headers.cookie);
    unwrap(await hub.setPassword(actor, p.person_id, b.password, current));
    void reply.code(204);
    return null;
  });

  const webhookJson = (w: { id: string; url: string; kinds: readonly string[]; createdAtMs: number }) => ({
    id: w.id,
    url: w.url,
    kinds: w.kinds,
    created_at: iso(w.createdAtMs),
  });
  route("POST", "/webhooks", async (actor, req, reply) => {
    const b = parse(createWebhookBody, req.body, "body");
    const made = unwrap(await hub.addWebhook(actor, b.url, b.kinds ?? []));
    void reply.code(201);
    // The secret is shown once: the receiver checks X-Latchkey-Signature with it.
    return { webhook: webhookJson(made.webhook), secret: made.secret };
  });
  route("GET", "/webhooks", async (actor) => ({
    webhooks: unwrap(await hub.listWebhooks(actor)).map(webhookJson),
  }));
  route("DELETE", "/webhooks/:webhook_id", async (actor, req, reply) => {
    const p = parse(webhookParams, req.params, "path");
    unwrap(await hub.removeWebhook(actor, p.webhook_id));
    void reply.code(204);
    return null;
  });
  route("GET", "/webhooks/:webhook_id/deliveries", async (actor, req) => {
    const p = parse(webhookParams, req.params, "path");
    return {
      deliveries: unwrap(await hub.webhookDeliveries(actor, p.webhook_id)).map((d) => ({
        id: d.id,
        kind: d.kind,
        status: d.status,
        attempts: d.attempts,
        next_attempt_at: iso(d.nextAttemptAtMs),
        last_status_code: d.lastStatusCode,
        last_error: d.lastError,
        created_at: iso(d.createdAtMs),
        delivered_at: iso(d.deliveredAtMs),
      })),
    };
  });

  // The companion app's routes (issue 11), with this file's helpers so both answer alike.
  const fail = (status: number, code: string, message: string) => new HubApiError(status, code, message);
  await hubCompanionRoutes(app, {
    hub,
    actorOf,
    parse,
    unwrap,
    fail,
    lockJson,
    accessCodeJson: (v: AccessCodeView) => oneAccessCodeJson(hub, v),
    prefix: HUB_API_PREFIX,
  });
  // Firmware (issue 14): releases, one lock's update, staged rollouts.
  await hubFirmwareRoutes(app, { hub, actorOf, parse, unwrap, fail, prefix: HUB_API_PREFIX });
  // One-time invite links (issue 11): a person chooses their own password.
  await hubInviteRoutes(app, { hub, actorOf, parse, unwrap, fail, prefix: HUB_API_PREFIX, keys });
  options.more?.(app);

  app.route({
    method: ["GET", "POST", "DELETE", "PUT", "PATCH"],
    url: `${HUB_API_PREFIX}/*`,
    handler: async (req) => {
      throw new HubApiError(404, "route.unknown", `no route ${req.method} ${req.url.split("?")[0] ?? ""}`);
    },
  });
}
