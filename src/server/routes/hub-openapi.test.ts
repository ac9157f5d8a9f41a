/**
 * The hub's routes in /api/openapi.json: every route Fastify has registered under /api/hub/v1
 * is in the document (and every documented route exists), each with the zod schemas its
 * handler checks, and the answers the server really sends match the documented schemas.
 */
import { afterEach, describe, expect, it } from "vitest";
import Fastify from "fastify";
import fastifyWebsocket from "@fastify/websocket";
import { Hub, HubRepository, ephemeralSigningKey } from "../../hub/index.ts";
import { openSqliteDb } from "../../hub/storage/sqlite-db.ts";
import { FakeLockSource } from "../../hub/fake-lock-source.test-fake.ts";
import { HUB_API_PREFIX, hubApi } from "./hub-api.ts";
import { hubRouteDocs } from "./hub-route-docs.ts";
import { COMPANION_ROUTE_DOCS } from "./hub-companion-docs.ts";
import { FIRMWARE_ROUTE_DOCS } from "./hub-firmware-docs.ts";
import { HUB_LIVE_ROUTE_DOCS, hubLiveRoute } from "./hub-live-route.ts";
import { HubLive } from "../hub-live.ts";
import { EdgeSecurity } from "../security/edge-security.ts";
import { accessCodeAnswer, lockAnswer } from "./hub-responses.ts";
import { createServer } from "../create-server.ts";
import type { LockServer } from "../create-server.ts";

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function makeHub(): Promise<{ hub: Hub; source: FakeLockSource }> {
  const repo = await HubRepository.open(openSqliteDb(":memory:"));
  const source = new FakeLockSource(() => Date.now());
  source.add("front");
  const hub = new Hub({ repo, source });
  closers.push(
    () => repo.close(),
    () => hub.close(),
  );
  return { hub, source };
}

function unwrapOk<T>(outcome: { ok: true; value: T } | { ok: false; reason: string }): T {
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.value;
}

/** The document's path form of a Fastify route: `/access_codes/:access_code_id` → `{access_code_id}`. */
const docPath = (url: string) => url.replace(/:([A-Za-z_]+)/g, "{$1}");

describe("the hub API in /api/openapi.json", () => {
  it("has every route registered under /api/hub/v1, and nothing that is not registered", async () => {
    const { hub } = await makeHub();
    const registered: string[] = [];
    const app = Fastify();
    closers.push(() => app.close());
    app.addHook("onRoute", (r) => {
      if (!r.url.startsWith(HUB_API_PREFIX) || r.url.endsWith("/*")) return; // the catch-all 404
      for (const m of [r.method].flat()) if (m !== "HEAD") registered.push(`${m} ${docPath(r.url)}`);
    });
    // With the live socket create-server adds under the hub (hub-live-route.ts).
    await app.register(fastifyWebsocket);
    const hubLive = new HubLive(hub);
    closers.push(async () => hubLive.close());
    await app.register(hubApi, {
      hub,
      more: (scope) =>
        hubLiveRoute(scope, {
          hubLive,
          admit: () => true,
          upgradeRequired: () => EdgeSecurity.upgradeRequired(),
        }),
    });
    await app.ready();
    expect(registered.length).toBeGreaterThan(20);
    expect(registered).toContain(`GET ${HUB_API_PREFIX}/live`);

    const server = await createServer({ hub, pacing: false });
    closers.push(() => server.close());
    const doc = (await server.app.inject({ method: "GET", url: "/api/openapi.json" })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths)
      .filter(([p]) => p.startsWith(HUB_API_PREFIX))
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    expect(documented.sort()).toEqual([...new Set(registered)].sort());
    expect(
      hubRouteDocs([...COMPANION_ROUTE_DOCS, ...FIRMWARE_ROUTE_DOCS, ...HUB_LIVE_ROUTE_DOCS]).length,
    ).toBe(documented.length);
  });

  it("describes each route from its zod schemas: path parameters, query, body, answer, refusals, security", async () => {
    const { hub } = await makeHub();
    const server = await createServer({ hub, pacing: false });
    closers.push(() => server.close());
    const doc = (await server.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    const create = doc.paths[`${HUB_API_PREFIX}/access_codes`].post;
    const body = create.requestBody.content["application/json"].schema;
    expect(body.required).toEqual(["lock_ids", "name"]);
    expect(body.properties.lock_ids).toMatchObject({ type: "array", minItems: 1, maxItems: 10_000 });
    expect(body.additionalProperties).toBe(false);
    // 409 and 422: an Idempotency-Key still being handled, or sent with another request.
    expect(Object.keys(create.responses).sort()).toEqual([
      "201",
      "400",
      "401",
      "403",
      "404",
      "409",
      "413",
      "422",
    ]);
    const answer = create.responses["201"].content["application/json"].schema;
    expect(answer.properties.access_code.properties.locks.items.required).toEqual(
      expect.arrayContaining(["lock_id", "status", "errors", "warnings"]),
    );
    expect(create.security).toEqual([{ hubBearer: [] }, { hubSession: [] }]);
    const get = doc.paths[`${HUB_API_PREFIX}/access_codes/{access_code_id}`].get;
    expect(get.parameters).toEqual([
      expect.objectContaining({ name: "access_code_id", in: "path", required: true }),
    ]);
    const events = doc.paths[`${HUB_API_PREFIX}/events`].get;
    expect(events.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toContain(
      "query:kind",
    );
    expect(doc.paths[`${HUB_API_PREFIX}/setup`].post.security).toEqual([]);
    expect(doc.components.securitySchemes.hubBearer).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.schemas.HubError).toBeDefined();
  });

  it("each refusal the server sends is documented under the status it is sent with", async () => {
    // Before: the lock's refusals of a remote lock, unlock or settings change, an alert already
    // closed and the firmware routes' conflicts were listed under 400 beside request.invalid,
    // while the server answered them 409 — a client generated from the document misread them.
    const repo = await HubRepository.open(openSqliteDb(":memory:"));
    const source = new FakeLockSource(() => Date.now());
    const front = source.add("front");
    const hub = new Hub({ repo, source, firmwareKey: ephemeralSigningKey() });
    closers.push(
      () => repo.close(),
      () => hub.close(),
    );
    const admin = await hub.ensureAdminToken("test-admin-token-0123456789");
    await hub.createSite(admin, { id: "home", name: "Home", timeZone: "UTC" });
    unwrapOk(await hub.addLock(admin, { lockId: "front", siteId: "home" }));
    const server = await createServer({ hub, pacing: false });
    closers.push(() => server.close());
    const doc = (await server.app.inject({ method: "GET", url: "/api/openapi.json" })).json() as {
      paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>>;
    };
    const headers = { authorization: "Bearer test-admin-token-0123456789" };
    const refusal = async (
      method: "POST",
      route: string,
      path: string,
      payload: unknown,
      expectedCode: string,
    ) => {
      const r = await server.app.inject({
        method,
        url: `${HUB_API_PREFIX}${path}`,
        headers,
        payload: payload as object,
      });
      expect((r.json() as { error: { code: string } }).error.code, path).toBe(expectedCode);
      const documented = Object.entries(
        doc.paths[`${HUB_API_PREFIX}${docPath(route)}`]![method.toLowerCase()]!.responses,
      )
        .filter(([, answer]) => answer.description.split(/[:,] /).includes(expectedCode))
        .map(([status]) => Number(status));
      expect({ path, code: expectedCode, status: documented }).toEqual({
        path,
        code: expectedCode,
        status: [r.statusCode],
      });
    };
    front.online = false;
    await refusal("POST", "/locks/:lock_id/lock", "/locks/front/lock", {}, "lock.offline");
    await refusal("POST", "/locks/:lock_id/unlock", "/locks/front/unlock", {}, "lock.offline");
    await refusal(
      "POST",
      "/locks/:lock_id/settings",
      "/locks/front/settings",
      { mode: "vacation" },
      "lock.offline",
    );
    front.online = true;
    const release = { profile: "smartcode-914", version: "9.9.9", changes: ["x"] };
    expect(
      (
        await server.app.inject({
          method: "POST",
          url: `${HUB_API_PREFIX}/firmware/releases`,
          headers,
          payload: release,
        })
      ).statusCode,
    ).toBe(201);
    await refusal("POST", "/firmware/releases", "/firmware/releases", release, "firmware.release-exists");
    await refusal(
      "POST",
      "/firmware_rollouts",
      "/firmware_rollouts",
      { profile: "smartcode-914", version: "9.9.9" },
      "firmware_rollout.no-targets",
    );
    const alert = await repo.raiseAlert({
      atMs: Date.now(),
      lockId: "front",
      siteId: "home",
      kind: "lock.jammed",
      message: "jammed",
    });
    expect(
      (
        await server.app.inject({
          method: "POST",
          url: `${HUB_API_PREFIX}/alerts/${alert!.id}/acknowledge`,
          headers,
        })
      ).statusCode,
    ).toBe(200);
    await refusal(
      "POST",
      "/alerts/:alert_id/acknowledge",
      `/alerts/${alert!.id}/acknowledge`,
      undefined,
      "alert.resolved",
    );
  });

  it("a server without a hub documents no hub routes", async () => {
    const server: LockServer = await createServer({ pacing: false });
    closers.push(() => server.close());
    const doc = (await server.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    expect(Object.keys(doc.paths).filter((p) => p.startsWith(HUB_API_PREFIX))).toEqual([]);
  });

  it("what the server answers parses with the documented schemas", async () => {
    const { hub } = await makeHub();
    const admin = await hub.ensureAdminToken("test-admin-token-0123456789");
    await hub.createSite(admin, { id: "home", name: "Home", timeZone: "UTC" });
    const app = Fastify();
    closers.push(() => app.close());
    await app.register(hubApi, { hub });
    const auth = { authorization: "Bearer test-admin-token-0123456789" };
    const added = await app.inject({
      method: "POST",
      url: `${HUB_API_PREFIX}/locks`,
      headers: auth,
      payload: { lock_id: "front", site_id: "home" },
    });
    expect(lockAnswer.strict().safeParse(added.json()).success).toBe(true);
    const made = await app.inject({
      method: "POST",
      url: `${HUB_API_PREFIX}/access_codes`,
      headers: auth,
      payload: {
        lock_ids: ["front"],
        name: "Guest",
        starts_at: "2030-01-01T10:00Z",
        ends_at: "2030-01-02T10:00Z",
      },
    });
    const parsed = accessCodeAnswer.strict().safeParse(made.json());
    expect(parsed.error?.issues ?? []).toEqual([]);
  });
});
