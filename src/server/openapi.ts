/**
 * The OpenAPI 3.1 document of the API, made from the route table and its zod schemas
 * (zod v4's `z.toJSONSchema`), served at `/api/openapi.json` (STYLE.md 12).
 */
import { z } from "zod";
import type { ApiRoute } from "./api-routes.ts";
import {
  doctorSessionSchema,
  errorBodySchema,
  faultCatalogueSchema,
  lockSnapshotSchema,
  profileSummarySchema,
} from "./api-schemas.ts";
import { liveClientMessageSchema, liveServerMessageSchema } from "./api-schemas.ts";
import { ERROR_STATUS } from "./http-error.ts";
import { BODY_EDGE_ERRORS, EDGE_ERRORS } from "./security/edge-security.ts";
import type { ErrorCode } from "./http-error.ts";
import type { HubRouteDoc } from "./routes/hub-route-docs.ts";
import { hubErrorBody } from "./routes/hub-responses.ts";
import { HUB_API_PREFIX, SESSION_COOKIE, statusOf } from "./routes/hub-api.ts";
import { SEAM_RPC_PREFIX } from "./routes/seam-rpc.ts";
import { seamErrorBody } from "./routes/seam-rpc-schemas.ts";

type JsonSchema = Record<string, unknown>;

/** Schemas that get a name under components, and are referred to by it. */
const NAMED: readonly (readonly [string, z.ZodType])[] = [
  ["LockSnapshot", lockSnapshotSchema],
  ["ProfileSummary", profileSummarySchema],
  ["FaultCatalogue", faultCatalogueSchema],
  ["DoctorSession", doctorSessionSchema],
  ["Error", errorBodySchema],
  ["LiveServerMessage", liveServerMessageSchema],
  ["LiveClientMessage", liveClientMessageSchema],
  ["HubError", hubErrorBody],
  ["SeamError", seamErrorBody],
];

/** Subschemas that `toJson` moved under components, by name. */
const extracted: Record<string, JsonSchema> = {};

// The named schemas carry their component name in zod's global registry, next to the
// descriptions that `.describe()` keeps there, so every conversion refers to them by name.
for (const [name, schema] of NAMED)
  z.globalRegistry.add(schema, { ...z.globalRegistry.get(schema), id: name });

/**
 * A schema as JSON Schema; the named schemas inside it become `$ref`s to components (zod
 * puts them under `$defs`, which this moves to `#/components/schemas`).
 */
function toJson(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  const moved = JSON.parse(
    JSON.stringify(json).replaceAll('"#/$defs/', '"#/components/schemas/'),
  ) as JsonSchema;
  delete moved["$schema"];
  delete moved["id"];
  const defs = moved["$defs"] as Record<string, JsonSchema> | undefined;
  delete moved["$defs"];
  for (const [name, def] of Object.entries(defs ?? {})) extracted[name] ??= def;
  return moved;
}

function pathOf(url: string): string {
  return url.replace(/:([a-zA-Z_]+)/g, "{$1}");
}

/**
 * A route's path parameters and its query parameters (`limit` and `before` of the history):
 * a client made from this document alone must be able to see them, not only read of them in
 * the description. Lab and hub routes alike.
 */
function pathAndQueryParameters(params?: z.ZodType, query?: z.ZodType): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [where, schema] of [
    ["path", params],
    ["query", query],
  ] as const) {
    if (!schema) continue;
    const json = toJson(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, s] of Object.entries(json.properties ?? {}))
      out.push({
        name,
        in: where,
        required: where === "path" || (json.required ?? []).includes(name),
        schema: s,
      });
  }
  return out;
}

function parameters(route: ApiRoute): JsonSchema[] {
  return pathAndQueryParameters(route.params, route.query);
}

function errorResponses(codes: readonly ErrorCode[]): Record<string, JsonSchema> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set([...codes, "server.bug" as const])) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const out: Record<string, JsonSchema> = {};
  for (const [status, list] of byStatus) {
    out[String(status)] = {
      description: `error.code: ${list.join(", ")}`,
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    };
  }
  return out;
}

function operation(route: ApiRoute): JsonSchema {
  const responseSchema = route.response.schema ? toJson(route.response.schema, "output") : undefined;
  return {
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    parameters: parameters(route),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: toJson(route.body, "input") } },
          },
        }
      : {}),
    responses: {
      [String(route.response.status)]: {
        description: route.response.description,
        ...(route.response.type
          ? { content: { [route.response.type]: { schema: { type: "string" } } } }
          : responseSchema
            ? { content: { "application/json": { schema: responseSchema } } }
            : {}),
      },
      // request.invalid on every route: a query parameter the route does not take is refused.
      ...errorResponses([
        "request.invalid",
        ...route.errors,
        ...EDGE_ERRORS,
        ...(route.body ? BODY_EDGE_ERRORS : []),
      ]),
    },
  };
}

/** Refusals any hub route can give, besides its own. */
const HUB_COMMON_ERRORS = ["request.invalid"] as const;
const HUB_AUTH_ERRORS = ["auth.required", "auth.invalid", "auth.forbidden"] as const;

function hubParameters(doc: HubRouteDoc): JsonSchema[] {
  const out: JsonSchema[] = [];
  if (doc.idempotent)
    out.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description:
        "1–255 visible ASCII characters: a retry with the same key and body answers the first result (Idempotent-Replayed: true) for 24 h; the same key with another request is 422 idempotency.key-reused",
      schema: { type: "string", minLength: 1, maxLength: 255 },
    });
  out.push(...pathAndQueryParameters(doc.params, doc.query));
  return out;
}

/** One hub route as an OpenAPI operation: its schemas, who may call it, and every refusal by status. */
function hubOperation(doc: HubRouteDoc): JsonSchema {
  const codes = [
    ...HUB_COMMON_ERRORS,
    ...(doc.open ? [] : HUB_AUTH_ERRORS),
    ...(doc.errors ?? []),
    ...(doc.idempotent ? ["idempotency.key-reused", "idempotency.in-progress"] : []),
  ];
  const byStatus = new Map<number, string[]>();
  for (const code of new Set([...codes, ...(doc.conflicts ?? [])])) {
    const status = doc.conflicts?.includes(code) ? 409 : statusOf(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  if (doc.body) byStatus.set(413, ["request.too-large (body over the limit)"]);
  const errors: Record<string, JsonSchema> = {};
  for (const [status, list] of byStatus) {
    errors[String(status)] = {
      description: `error.code: ${list.join(", ")}`,
      content: { "application/json": { schema: { $ref: "#/components/schemas/HubError" } } },
    };
  }
  const ok = doc.response;
  return {
    summary: doc.summary,
    description: `Who may call it: ${doc.who}. docs/hub.md.`,
    tags: ["hub"],
    ...(doc.open ? { security: [] } : { security: [{ hubBearer: [] }, { hubSession: [] }] }),
    parameters: hubParameters(doc),
    ...(doc.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: toJson(doc.body, "input") } },
          },
        }
      : {}),
    responses: {
      [String(ok.status)]: {
        description: ok.description,
        ...(ok.schema ? { content: { "application/json": { schema: toJson(ok.schema, "output") } } } : {}),
      },
      ...errors,
    },
  };
}

export interface OpenApiOptions {
  /** The hub's routes (served under /api/hub/v1 when the server has a hub). */
  readonly hubRoutes?: readonly HubRouteDoc[];
  /** Seam's RPC paths over the same hub (served under /api/seam/v1 with it; seam-rpc.ts). */
  readonly seamRoutes?: readonly HubRouteDoc[];
}

export function openApiDocument(
  routes: readonly ApiRoute[],
  version: string,
  options: OpenApiOptions = {},
): JsonSchema {
  // The named schemas first, in the output form the server sends them in.
  for (const [, s] of NAMED) toJson(s, "output");
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const r of routes) {
    const p = (paths[pathOf(r.url)] ??= {});
    p[r.method.toLowerCase()] = operation(r);
  }
  paths["/api/live"] = {
    get: {
      summary: "Live updates over a WebSocket",
      description:
        "Upgrade to a WebSocket. The server sends LiveServerMessage: every lock's snapshot on connect and on " +
        'each change (`{"type":"lock","lock":…}`), `{"type":"removed","id":…}`, and `{"type":"error","error":…}` ' +
        'for a message it cannot read. The page may send LiveClientMessage `{"type":"sync"}`. Frames are at most ' +
        "4 KiB (close 1009), messages rate-limited (`live.rate-limited`), and a client 4 MiB behind is dropped " +
        "(close 1008); docs/security.md. A page signed in to the hub (its session cookie, or Authorization: Bearer on " +
        'the upgrade) also hears `{"type":"hub-alert"}`, `{"type":"hub-alert-resolved"}`, `{"type":"hub-access-code"}` and ' +
        '`{"type":"hub-lock"}` (a lock added to the hub or renamed), `{"type":"hub-overflow"}` ' +
        "for what its role may see (docs/hub.md). Off loopback this path asks for the server's token; a hub " +
        "person's app opens GET /api/hub/v1/live instead (the hub's messages alone, by its own sign-in).",
      responses: {
        "101": { description: "Switching to the WebSocket protocol" },
        ...errorResponses([...EDGE_ERRORS, "live.upgrade-required"]),
      },
    },
  };
  for (const doc of options.hubRoutes ?? []) {
    const p = (paths[pathOf(`${HUB_API_PREFIX}${doc.path}`)] ??= {});
    p[doc.method.toLowerCase()] = hubOperation(doc);
  }
  for (const doc of options.seamRoutes ?? []) {
    const p = (paths[pathOf(`${SEAM_RPC_PREFIX}${doc.path}`)] ??= {});
    // The hub's operation in Seam's dress: its own tag, Seam's error shape (error.type beside
    // error.latchkey_code, the codes listed), the API key as a bearer token.
    const op = JSON.parse(
      JSON.stringify(hubOperation(doc))
        .replaceAll('"#/components/schemas/HubError"', '"#/components/schemas/SeamError"')
        .replaceAll('"error.code: ', '"error.latchkey_code: '),
    ) as JsonSchema;
    p[doc.method.toLowerCase()] = {
      ...op,
      tags: ["seam"],
      security: [{ hubBearer: [] }, { hubSession: [] }],
      description: `Seam's RPC path (docs.seam.co); who may call it: ${doc.who}. docs/hub.md, "Seam's RPC paths".`,
    };
  }
  paths["/api/openapi.json"] = {
    get: { summary: "This document", responses: { "200": { description: "OpenAPI 3.1" } } },
  };
  const schemas: Record<string, JsonSchema> = {};
  for (const [name, def] of Object.entries(extracted)) {
    const { id: _id, ...rest } = def;
    schemas[name] = rest;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Latchkey lock server",
      version,
      description:
        "Simulated Kwikset-style locks run by the server; see docs/web.md. Only this server's own Host and Origin " +
        "are served; with HOST beyond loopback every request needs the token printed at start " +
        "(Authorization: Bearer, or the cookie set by opening /?token=…); docs/security.md.",
    },
    paths,
    components: {
      schemas,
      ...(options.hubRoutes
        ? {
            securitySchemes: {
              hubBearer: {
                type: "http",
                scheme: "bearer",
                description:
                  "A hub API token (LATCHKEY_ADMIN_TOKEN at start, or POST /api/hub/v1/people/{person_id}/api_tokens)",
              },
              hubSession: { type: "apiKey", in: "cookie", name: SESSION_COOKIE },
            },
          }
        : {}),
    },
  };
}
