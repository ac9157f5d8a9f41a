/**
 * The lock server (ARCHITECTURE.md server/): Fastify with the API routes, the WebSocket of
 * live updates, the OpenAPI document, and the browser app's production build as static files.
 * The locks run in the host (src/host/), in this process, so a page reload or a second tab
 * sees the same locks, and a restart finds them where they were.
 */
import fastifyStatic from "@fastify/static";
import fastifyWebsocket from "@fastify/websocket";
import Fastify from "fastify";
import type { FastifyInstance } from "fastify";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ApiRoute } from "./api-routes.ts";
import type { MatterControl } from "./api-routes.ts";
import { apiRoutes, prepareCreateLockBody } from "./api-routes.ts";
import type { CreateLockBody } from "./api-schemas.ts";
import { createLockBodySchema } from "./api-schemas.ts";
import { describeZodError, handleError } from "./error-handler.ts";
import { HttpError } from "./http-error.ts";
import { LiveUpdates } from "./live-updates.ts";
import { HubLive } from "./hub-live.ts";
import { LockRegistry } from "./lock-registry.ts";
import { LockHost } from "../host/index.ts";
import { openApiDocument } from "./openapi.ts";
import type { EdgeSecurityOptions } from "./security/edge-security.ts";
import { EdgeSecurity } from "./security/edge-security.ts";
import { SnapshotSource } from "./snapshots.ts";
import type { Hub } from "../hub/index.ts";
import { hubApi } from "./routes/hub-api.ts";
import { HUB_LIVE_ROUTE_DOCS, hubLiveRoute } from "./routes/hub-live-route.ts";
import { seamRpc } from "./routes/seam-rpc.ts";
import { SEAM_ROUTE_DOCS } from "./routes/seam-rpc-docs.ts";
import { hubRouteDocs } from "./routes/hub-route-docs.ts";
import { COMPANION_ROUTE_DOCS } from "./routes/hub-companion-docs.ts";
import { FIRMWARE_ROUTE_DOCS } from "./routes/hub-firmware-docs.ts";

export interface ServerOptions {
  /** The browser app's build to serve at `/`, or null for the API alone. */
  readonly webDist?: string | null;
  /** Locks to make when the host has none (the page opens on the first). */
  readonly initialLocks?: readonly CreateLockBody[];
  /**
   * The host whose locks the server shows (serve opens one on the data folder). Without one
   * the server makes its own that keeps nothing past the process; `pacing` (default true)
   * says whether that one runs the locks in real time (tests of the API alone turn it off).
   */
  readonly host?: LockHost;
  readonly pacing?: boolean;
  readonly logger?: boolean;
  /** Extra allowed hosts, the token, WebSocket limits (docs/security.md). */
  readonly security?: EdgeSecurityOptions;
  /** The locks' Matter nodes, for `/api/locks/{id}/matter` (none: every lock answers matter.disabled). */
  readonly matter?: MatterControl;
  /** The hub whose API to serve under /api/hub/v1 and /api/seam/v1 (docs/hub.md); none: no hub routes. */
  readonly hub?: Hub;
}

export interface LockServer {
  readonly app: FastifyInstance;
  readonly registry: LockRegistry;
  readonly host: LockHost;
  readonly security: EdgeSecurity;
  /** The hub's half of the live socket (null without a hub). */
  readonly hubLive: HubLive | null;
  /** Starts listening; resolves to the address a person opens. */
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The lock a person finds when they first open the page: its door open, as every guide says
 * to program and test with it open (seed 000: "Always program codes with the door open").
 */
export const DEFAULT_LOCKS: readonly CreateLockBody[] = [
  {
    id: "front-door",
    name: "Front door",
    lock: { profile: "smartcode-914", state: "ready", door: "open" },
  },
];

const VERSION: string = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;

export async function createServer(opts: ServerOptions = {}): Promise<LockServer> {
  const app = Fastify({
    logger: opts.logger ?? false,
    ...EdgeSecurity.fastifyOptions(opts.security?.requestTimeoutMs),
  });
  const security = new EdgeSecurity(opts.security);
  const ownHost = opts.host === undefined;
  const host = opts.host ?? new LockHost({ pacing: opts.pacing ?? true });
  if (ownHost) host.open();
  const registry = new LockRegistry(host);
  const snapshots = new SnapshotSource();
  const live = new LiveUpdates(registry, snapshots);
  const hubLive = opts.hub ? new HubLive(opts.hub) : null;

  app.setErrorHandler(handleError);
  app.setNotFoundHandler((req, reply) => security.notFound(req, reply));

  await app.register(fastifyWebsocket, EdgeSecurity.websocketOptions());
  // After the WebSocket plugin, whose own hooks mark an upgrade so that a refused one's
  // socket is closed; before every route, so 405 knows them all.
  security.install(app);
  app.route({
    method: "GET",
    url: "/api/live",
    handler: () => EdgeSecurity.upgradeRequired(),
    wsHandler: (socket, req) => {
      if (!security.admit(socket)) return;
      live.connect(socket);
      // A page signed in to the hub also hears its alerts and code statuses (hub-live.ts).
      if (hubLive)
        void hubLive
          .authenticate(req.headers)
          .then((who) => {
            if (who && socket.readyState === socket.OPEN) hubLive.attach(socket, who.actor, who.recheck);
          })
          .catch(() => {});
    },
  });

  const routes = apiRoutes(registry, snapshots, opts.matter ?? null);
  for (const r of routes) register(app, r);
  const openapi = openApiDocument(
    routes,
    VERSION,
    opts.hub
      ? {
          hubRoutes: hubRouteDocs([...COMPANION_ROUTE_DOCS, ...FIRMWARE_ROUTE_DOCS, ...HUB_LIVE_ROUTE_DOCS]),
          seamRoutes: SEAM_ROUTE_DOCS,
        }
      : {},
  );
  app.get("/api/openapi.json", () => openapi);
  if (opts.hub) {
    const liveUnderHub = hubLive;
    await app.register(hubApi, {
      hub: opts.hub,
      // The hub's own live socket (/api/hub/v1/live): the hub's messages only, by its sign-in.
      more: (scope) => {
        if (liveUnderHub)
          hubLiveRoute(scope, {
            hubLive: liveUnderHub,
            admit: (socket) => security.admit(socket),
            upgradeRequired: () => EdgeSecurity.upgradeRequired(),
          });
      },
    });
    // Seam's RPC paths over the same hub (docs/hub.md, "Seam's RPC paths"), with Seam's error shape.
    await app.register(seamRpc, { hub: opts.hub });
  }

  const webDist = opts.webDist ?? null;
  if (webDist) {
    if (!existsSync(join(webDist, "index.html")))
      throw new Error(`no web app build in ${webDist} (run the build first)`);
    await app.register(fastifyStatic, { root: webDist, prefix: "/" });
  }

  if (host.size === 0) {
    for (const body of opts.initialLocks ?? []) {
      const parsed = createLockBodySchema.parse(prepareCreateLockBody(body));
      registry.create(parsed.lock, parsed.name, parsed.id);
    }
  }

  app.addHook("onClose", async () => {
    live.close();
    hubLive?.close();
    if (ownHost) await host.close();
  });

  return {
    app,
    registry,
    host,
    security,
    hubLive,
    async listen(port, host = "localhost") {
      security.guard.willListen(host);
      await app.listen({ port, host });
      const address = app.server.address();
      const actualPort = typeof address === "object" && address ? address.port : port;
      security.guard.bind(host, actualPort);
      return `http://${host}:${actualPort}`;
    },
    close: () => app.close(),
  };
}

/** A request body with something in it: not absent, not `{}`. */
function takesSomething(body: unknown): boolean {
  if (body === undefined || body === null) return false;
  return typeof body !== "object" || Array.isArray(body) || Object.keys(body).length > 0;
}

function register(app: FastifyInstance, r: ApiRoute): void {
  app.route({
    method: r.method,
    url: r.url,
    handler: async (req, reply) => {
      const params = r.params ? r.params.safeParse(req.params) : undefined;
      if (params && !params.success)
        throw new HttpError("request.invalid", describeZodError(params.error, "path"));
      const query = r.query ? r.query.safeParse(req.query ?? {}) : undefined;
      if (query && !query.success)
        throw new HttpError("request.invalid", describeZodError(query.error, "query"));
      if (!r.query) {
        // As a body's unknown field is refused, so is a query a route does not read
        // (`GET /api/locks?profile=halo` answered every lock, as if filtered). `token` is the
        // edge's (docs/security.md), not the route's.
        const unread = Object.keys((req.query ?? {}) as object).filter((k) => k !== "token");
        if (unread.length > 0)
          throw new HttpError(
            "request.invalid",
            // The names are the caller's: a few, each cut short, so the answer stays small.
            `query: this route takes no query parameters (got ${unread
              .slice(0, 3)
              .map((k) => JSON.stringify(k.slice(0, 40)))
              .join(", ")}${unread.length > 3 ? ", …" : ""})`,
          );
      }
      let body: unknown;
      if (r.body) {
        const parsed = r.body.safeParse(r.beforeBody ? r.beforeBody(req.body) : req.body);
        if (!parsed.success) throw new HttpError("request.invalid", describeZodError(parsed.error, "body"));
        body = parsed.data;
      } else if (takesSomething(req.body)) {
        // "Unknown fields are refused" (docs/web.md): a route without a body refuses one rather
        // than ignore it (POST /pairing { "method": "…" } was done as if the field meant nothing).
        throw new HttpError("request.invalid", "body: this route takes no body (send none, or {})");
      }
      const result = await r.handle({ params: params?.data, body, query: query?.data } as never);
      void reply.code(r.response.status);
      if (r.response.type) {
        void reply.type(r.response.type);
        const name = r.response.filename?.(params?.data as Record<string, string>);
        if (name) void reply.header("content-disposition", `attachment; filename="${name}"`);
      }
      return r.response.status === 204 ? reply.send() : result;
    },
  });
}
