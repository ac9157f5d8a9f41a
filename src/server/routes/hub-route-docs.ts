/**
 * The hub API's routes as the OpenAPI document shows them (`openapi.ts`): each one's method,
 * path, who may call it, and the zod schemas the handler checks its path, query and body with
 * (`hub-schemas.ts`) and answers with (`hub-responses.ts`). A route registered under
 * /api/hub/v1 that is missing here fails `hub-openapi.test.ts`: add new routes' entries to
 * `HUB_ROUTE_DOCS` (or pass them to `hubRouteDocs(extra)`) in the same change.
 */
import { z } from "zod";
import {
  accessCodeParams,
  addLockBody,
  renameLockBody,
  locksListQuery,
  adoptBody,
  adoptParams,
  createAccessCodeBody,
  createPersonBody,
  createSiteBody,
  createTokenBody,
  createWebhookBody,
  listAccessCodesQuery,
  listEventsQuery,
  listAlertsQuery,
  listPageQuery,
  lockParams,
  passwordBody,
  personParams,
  apiTokenParams,
  apiTokenJsonSchema,
  setupBody,
  signInBody,
  webhookParams,
} from "./hub-schemas.ts";
import {
  accessCodeAnswer,
  accessCodeJsonSchema,
  alertJsonSchema,
  deliveryJsonSchema,
  hubEventJsonSchema,
  hubLockJsonSchema,
  lockAnswer,
  personAnswer,
  personJsonSchema,
  siteJsonSchema,
  webhookJsonSchema,
} from "./hub-responses.ts";
import { paginationJsonSchema as pagination } from "./hub-paging.ts";

export interface HubRouteDoc {
  readonly method: "GET" | "POST" | "DELETE" | "PUT" | "PATCH";
  /** Under /api/hub/v1, Fastify's form: `/access_codes/:access_code_id`. */
  readonly path: string;
  readonly summary: string;
  /** Who may call it (docs/hub.md's matrix), said in the description. */
  readonly who: string;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  readonly response: {
    readonly status: number;
    readonly description: string;
    readonly schema?: z.ZodType;
    /** A media type other than JSON. */
    readonly type?: string;
  };
  /** Error codes beyond the ones every route can give (auth, request.invalid). */
  readonly errors?: readonly string[];
  /**
   * Refusals this route answers 409 — the lock's or the hub's state now (the lock is offline,
   * the lock itself refused, the alert is already closed) — where the code's own status
   * (`statusOf`) would say otherwise; the document lists them under 409 as the route sends them.
   */
  readonly conflicts?: readonly string[];
  /** No credentials needed (setup, signing in). */
  readonly open?: boolean;
  /** Takes an `Idempotency-Key` header (hub-idempotency.ts): a retry answers the first result. */
  readonly idempotent?: boolean;
}

const OWNER_MANAGER = "owner, manager (their sites)";

export const HUB_ROUTE_DOCS: readonly HubRouteDoc[] = [
  {
    method: "GET",
    path: "/locks",
    summary:
      "Locks under the hub's care, by id, paged with limit and page_cursor; managed=false: the ones taken off its care",
    who: OWNER_MANAGER,
    query: locksListQuery,
    response: {
      status: 200,
      description: "The locks (every one without limit)",
      schema: z.object({ locks: z.array(hubLockJsonSchema), pagination }),
    },
  },
  {
    method: "POST",
    path: "/locks",
    idempotent: true,
    summary: "Put a hosted lock under the hub's care",
    who: OWNER_MANAGER,
    body: addLockBody,
    response: { status: 201, description: "The lock", schema: lockAnswer },
    errors: ["lock.not-found", "site.not-found", "lock.exists", "lock.unmanaged"],
  },
  {
    method: "GET",
    path: "/locks/:lock_id",
    summary: "One lock",
    who: OWNER_MANAGER,
    params: lockParams,
    response: { status: 200, description: "The lock", schema: lockAnswer },
    errors: ["lock.not-found"],
  },
  {
    method: "PATCH",
    path: "/locks/:lock_id",
    summary:
      "Rename a lock (the hub's name for it), or take it off the hub's care (managed: false) or bring it back (managed: true)",
    who: OWNER_MANAGER,
    params: lockParams,
    body: renameLockBody,
    response: { status: 200, description: "The lock", schema: lockAnswer },
    errors: ["lock.not-found", "lock.unmanaged"],
  },
  {
    method: "POST",
    path: "/locks/:lock_id/unmanaged_codes/:slot/adopt",
    idempotent: true,
    summary: "Take over a code typed at the keypad (the person gives its digits)",
    who: OWNER_MANAGER,
    params: adoptParams,
    body: adoptBody,
    response: { status: 201, description: "The access code it became", schema: accessCodeAnswer },
    errors: ["lock.not-found", "code.not-unmanaged", "code.digits"],
  },
  {
    method: "GET",
    path: "/sites",
    summary: "Sites, oldest first, paged with limit and page_cursor",
    who: "everyone (the sites they may see)",
    query: listPageQuery,
    response: {
      status: 200,
      description: "Sites",
      schema: z.object({ sites: z.array(siteJsonSchema), pagination }),
    },
  },
  {
    method: "POST",
    path: "/sites",
    idempotent: true,
    summary: "Make a site (a home, a building) with its time zone",
    who: "owner",
    body: createSiteBody,
    response: { status: 201, description: "The site", schema: z.object({ site: siteJsonSchema }) },
    errors: ["site.exists", "site.time-zone", "site.too-many"],
  },
  {
    method: "GET",
    path: "/people",
    summary: "People, oldest first, paged with limit and page_cursor",
    who: OWNER_MANAGER,
    query: listPageQuery,
    response: {
      status: 200,
      description: "People",
      schema: z.object({ people: z.array(personJsonSchema), pagination }),
    },
  },
  {
    method: "POST",
    path: "/people",
    idempotent: true,
    summary: "Add a person with a role",
    who: "owner",
    body: createPersonBody,
    response: { status: 201, description: "The person", schema: personAnswer },
    errors: ["person.exists", "site.not-found", "person.too-many"],
  },
  {
    method: "POST",
    path: "/people/:person_id/revoke",
    summary:
      "End a person's access: every live code of theirs leaves every lock (`removing` until each lock confirms); their tokens, sessions, password and invite links end; history keeps their name",
    who: "owner (anyone but themselves); manager (a guest whose codes are all on their sites)",
    params: personParams,
    response: {
      status: 200,
      description: "The person, revoked, and their codes as they now stand",
      schema: z.object({ person: personJsonSchema, access_codes: z.array(accessCodeJsonSchema) }),
    },
    errors: ["person.not-found", "person.revoked"],
  },
  {
    method: "POST",
    path: "/people/:person_id/api_tokens",
    summary: "Make an API token for a person (shown once)",
    who: "owner",
    params: personParams,
    body: createTokenBody,
    response: {
      status: 201,
      description: "The token, shown this once, with the id that lists and revokes it",
      schema: z.object({ api_token: apiTokenJsonSchema.extend({ token: z.string() }) }),
    },
    errors: ["person.not-found", "person.revoked", "api_token.too-many"],
  },
  {
    method: "GET",
    path: "/people/:person_id/api_tokens",
    summary: "A person's API tokens (never the secret)",
    who: "owner; the person themselves",
    params: personParams,
    response: {
      status: 200,
      description: "The tokens, oldest first",
      schema: z.object({ api_tokens: z.array(apiTokenJsonSchema) }),
    },
    errors: ["person.not-found"],
  },
  {
    method: "DELETE",
    path: "/people/:person_id/api_tokens/:api_token_id",
    summary: "Revoke one API token at once (the person's other tokens, sessions and codes stay)",
    who: "owner; the person themselves (even with the token being revoked)",
    params: apiTokenParams,
    response: {
      status: 200,
      description: "The token revoked",
      schema: z.object({ api_token: apiTokenJsonSchema }),
    },
    errors: ["person.not-found", "api_token.not-found"],
  },
  {
    method: "POST",
    path: "/people/:person_id/password",
    summary: "Set a person's password (their own, or the owner for anyone)",
    who: "owner; anyone for themselves",
    params: personParams,
    body: passwordBody,
    response: { status: 204, description: "Set" },
    errors: ["person.not-found", "person.revoked", "auth.password"],
  },
  {
    method: "POST",
    path: "/access_codes",
    idempotent: true,
    summary: "Make an access code on one or more locks of a site",
    who: OWNER_MANAGER,
    body: createAccessCodeBody,
    response: {
      status: 201,
      description: "The code, each lock `setting` until that lock acknowledges it",
      schema: accessCodeAnswer,
    },
    errors: [
      "lock.not-found",
      "person.not-found",
      "code.digits",
      "code.window",
      "code.schedule",
      "code.uses",
      "code.sites",
      "code.common-key",
      "code.length",
      "code.capacity",
    ],
  },
  {
    method: "GET",
    path: "/access_codes",
    summary: "Access codes, oldest first, paged with limit and page_cursor (a guest: their own)",
    who: "everyone",
    query: listAccessCodesQuery,
    response: {
      status: 200,
      description: "Access codes",
      schema: z.object({ access_codes: z.array(accessCodeJsonSchema), pagination }),
    },
  },
  {
    method: "GET",
    path: "/access_codes/:access_code_id",
    summary: "One access code and where it stands on each lock",
    who: "owner, manager, the guest it is for",
    params: accessCodeParams,
    response: { status: 200, description: "The code", schema: accessCodeAnswer },
    errors: ["access_code.not-found"],
  },
  {
    method: "DELETE",
    path: "/access_codes/:access_code_id",
    summary: "Delete an access code (each lock `removing` until it confirms)",
    who: OWNER_MANAGER,
    params: accessCodeParams,
    response: { status: 200, description: "The code", schema: accessCodeAnswer },
    errors: ["access_code.not-found", "access_code.deleted"],
  },
  {
    method: "POST",
    path: "/access_codes/:access_code_id/retry",
    summary: "Send a failed code again (failed locks back to `setting`)",
    who: OWNER_MANAGER,
    params: accessCodeParams,
    response: { status: 200, description: "The code", schema: accessCodeAnswer },
    errors: ["access_code.not-found", "access_code.deleted"],
  },
  {
    method: "GET",
    path: "/events",
    summary: "History: every operation with its source, slot and person; JSON or CSV",
    who: OWNER_MANAGER,
    query: listEventsQuery,
    response: {
      status: 200,
      description: "Events, newest first (`format=csv`: text/csv)",
      schema: z.object({ events: z.array(hubEventJsonSchema), pagination }),
    },
  },
  {
    method: "GET",
    path: "/alerts",
    summary: "Open alerts, newest first, paged with limit and before_id (or page_cursor)",
    who: OWNER_MANAGER,
    query: listAlertsQuery,
    response: {
      status: 200,
      description: "Alerts",
      schema: z.object({ alerts: z.array(alertJsonSchema), pagination }),
    },
  },
  {
    method: "POST",
    path: "/webhooks",
    idempotent: true,
    summary: "Add a webhook (alerts and code statuses POSTed, signed with HMAC-SHA256)",
    who: "owner",
    body: createWebhookBody,
    response: {
      status: 201,
      description: "The webhook and its secret, shown this once",
      schema: z.object({ webhook: webhookJsonSchema, secret: z.string() }),
    },
    errors: ["webhook.url", "webhook.too-many"],
  },
  {
    method: "GET",
    path: "/webhooks",
    summary: "Webhooks",
    who: "owner",
    response: {
      status: 200,
      description: "Webhooks",
      schema: z.object({ webhooks: z.array(webhookJsonSchema) }),
    },
  },
  {
    method: "DELETE",
    path: "/webhooks/:webhook_id",
    summary: "Remove a webhook",
    who: "owner",
    params: webhookParams,
    response: { status: 204, description: "Removed" },
    errors: ["webhook.not-found"],
  },
  {
    method: "GET",
    path: "/webhooks/:webhook_id/deliveries",
    summary: "A webhook's delivery log",
    who: "owner",
    params: webhookParams,
    response: {
      status: 200,
      description: "Deliveries, newest first",
      schema: z.object({ deliveries: z.array(deliveryJsonSchema) }),
    },
    errors: ["webhook.not-found"],
  },
  {
    method: "POST",
    path: "/setup",
    summary: "Make the first owner with the one-time setup token printed at the first start",
    who: "anyone holding the setup token",
    open: true,
    body: setupBody,
    response: { status: 201, description: "The owner", schema: personAnswer },
    errors: ["auth.invalid", "person.owner-exists", "auth.password"],
  },
  {
    method: "POST",
    path: "/session",
    summary: "Sign in (the page): sets an HttpOnly, SameSite=Strict session cookie",
    who: "anyone with a password",
    open: true,
    body: signInBody,
    response: {
      status: 201,
      description: "Signed in",
      schema: z.object({ person: personJsonSchema, expires_at: z.string().nullable() }),
    },
    errors: ["auth.invalid", "auth.rate-limited"],
  },
  {
    method: "DELETE",
    path: "/session",
    summary: "Sign out",
    who: "anyone",
    open: true,
    response: { status: 204, description: "Signed out" },
  },
];

/** The hub's route docs with those other files add (their own routes under /api/hub/v1). */
export function hubRouteDocs(extra: readonly HubRouteDoc[] = []): readonly HubRouteDoc[] {
  return [...HUB_ROUTE_DOCS, ...extra];
}
