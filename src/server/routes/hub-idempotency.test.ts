/**
 * `Idempotency-Key` on the hub API's create requests, on SQLite and (with DATABASE_URL)
 * PostgreSQL: a property manager's script that retries after a network error makes one code,
 * one person, one invite link; the same key with another body is a clear 422 that makes
 * nothing; a refused request lets its key go; keys are bounded, the caller's own, kept a day,
 * and the database holds neither the key nor a readable answer.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import Fastify from "fastify";
import type { FastifyInstance } from "fastify";
import { Hub } from "../../hub/index.ts";
import type { Actor } from "../../hub/index.ts";
import { backends } from "../../hub/storage/test-backends.test-fake.ts";
import { FakeLockSource } from "../../hub/fake-lock-source.test-fake.ts";
import { HUB_API_PREFIX, hubApi } from "./hub-api.ts";
import { IDEMPOTENCY_TTL_MS } from "./hub-idempotency.ts";
import { HUB_ROUTE_DOCS } from "./hub-route-docs.ts";
import { openApiDocument } from "../openapi.ts";

describe("Idempotency-Key in the OpenAPI document", () => {
  it("POST /access_codes and /people show the header and its 422 and 409; API tokens do not take it", () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- reading a JSON document
    const paths = (openApiDocument([], "test", { hubRoutes: HUB_ROUTE_DOCS }) as any).paths;
    for (const path of ["/api/hub/v1/access_codes", "/api/hub/v1/people"]) {
      const op = paths[path].post;
      expect(op.parameters.map((p: { name: string }) => p.name)).toContain("Idempotency-Key");
      expect(op.responses["422"].description).toContain("idempotency.key-reused");
      expect(op.responses["409"].description).toContain("idempotency.in-progress");
    }
    const tokens = paths["/api/hub/v1/people/{person_id}/api_tokens"].post;
    expect(tokens.parameters.map((p: { name: string }) => p.name)).not.toContain("Idempotency-Key");
  });
});

const TOKEN = "idempotent-client-token-0123456789";

describe.each(backends("hub-idempotency"))("Idempotency-Key on create requests, $name", (backend) => {
  let cleanup: () => Promise<void> = async () => {};
  let hub: Hub;
  let app: FastifyInstance;
  let owner: Actor;
  let managerToken = "";
  const clock = { now: Date.UTC(2026, 11, 7, 9) };

  beforeEach(async () => {
    const opened = await backend.open();
    cleanup = opened.cleanup;
    const source = new FakeLockSource(() => clock.now);
    source.add("front");
    hub = new Hub({ repo: opened.repo, source, now: () => clock.now });
    await hub.watch();
    owner = await hub.ensureAdminToken(TOKEN);
    await hub.createSite(owner, { id: "home", name: "Home", timeZone: "Europe/Berlin" });
    await hub.addLock(owner, { lockId: "front", siteId: "home" });
    await hub.addPerson(owner, { id: "max", name: "Max", role: "manager", siteIds: ["home"] });
    const t = await hub.createApiToken(owner, "max");
    if (!t.ok) throw new Error(t.reason);
    managerToken = t.value;
    app = Fastify();
    await app.register(hubApi, { hub, now: () => clock.now });
  });

  afterEach(async () => {
    await app.close();
    await hub.close();
    await cleanup();
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON answer, read as a client would
  type Json = any;
  const post = async (url: string, body: unknown, key?: string, token = TOKEN) => {
    const r = await app.inject({
      method: "POST",
      url: `${HUB_API_PREFIX}${url}`,
      headers: { authorization: `Bearer ${token}`, ...(key === undefined ? {} : { "idempotency-key": key }) },
      payload: body as object,
    });
    return { status: r.statusCode, json: r.json() as Json, replayed: r.headers["idempotent-replayed"] };
  };
  const codeCount = async () => {
    const r = await app.inject({
      method: "GET",
      url: `${HUB_API_PREFIX}/access_codes`,
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    return (r.json() as Json).access_codes.length as number;
  };
  const guestCode = { lock_ids: ["front"], name: "Guest", code: "583920" };

  it("B-NET-1: a retried POST /access_codes with the same key and body answers the first result and makes one code", async () => {
    const first = await post("/access_codes", guestCode, "7b1f-retry-1");
    expect(first.status).toBe(201);
    expect(first.replayed).toBeUndefined();
    const again = await post("/access_codes", guestCode, "7b1f-retry-1");
    expect(again.status).toBe(201);
    expect(again.replayed).toBe("true");
    expect(again.json).toEqual(first.json);
    // The same body with its fields in another order is the same request.
    const reordered = await post(
      "/access_codes",
      { code: "583920", name: "Guest", lock_ids: ["front"] },
      "7b1f-retry-1",
    );
    expect(reordered.json.access_code.id).toBe(first.json.access_code.id);
    expect(await codeCount()).toBe(1);
    // Without a key every request is its own (the lock refuses the duplicate digits later).
    expect((await post("/access_codes", { ...guestCode, code: "619274" })).status).toBe(201);
    expect(await codeCount()).toBe(2);
  });

  it("the same key with another body is 422 idempotency.key-reused and makes nothing", async () => {
    expect((await post("/access_codes", guestCode, "key-a")).status).toBe(201);
    const other = await post("/access_codes", { ...guestCode, name: "Cleaner", code: "720461" }, "key-a");
    expect(other.status).toBe(422);
    expect(other.json.error.code).toBe("idempotency.key-reused");
    expect(other.json.error.message).toMatch(/new key/);
    // Another route with the same key is another request too.
    const person = await post("/people", { id: "gus", name: "Gus", role: "guest" }, "key-a");
    expect(person.status).toBe(422);
    expect(await codeCount()).toBe(1);
  });

  it("a key is bounded: empty, over 255 characters or not visible ASCII is 400 request.invalid, and nothing is made", async () => {
    for (const bad of ["", "x".repeat(256), "two words", "clé"]) {
      const r = await app.inject({
        method: "POST",
        url: `${HUB_API_PREFIX}/access_codes`,
        headers: { authorization: `Bearer ${TOKEN}`, "idempotency-key": bad },
        payload: guestCode,
      });
      expect(r.statusCode, JSON.stringify(bad)).toBe(400);
      expect((r.json() as Json).error.code).toBe("request.invalid");
    }
    expect((await post("/access_codes", guestCode, "x".repeat(255))).status).toBe(201);
    expect(await codeCount()).toBe(1);
  });

  it("a refused request keeps nothing: its key is let go, and the retry is handled afresh", async () => {
    const refused = await post("/access_codes", { ...guestCode, lock_ids: ["nope"] }, "key-b");
    expect(refused.status).toBe(404);
    expect(refused.replayed).toBeUndefined();
    const fixed = await post("/access_codes", guestCode, "key-b");
    expect(fixed.status).toBe(201);
    expect(await codeCount()).toBe(1);
  });

  it("keys are the caller's own, and are forgotten after a day", async () => {
    const mine = await post("/access_codes", guestCode, "shared-key");
    const theirs = await post("/access_codes", { ...guestCode, code: "619274" }, "shared-key", managerToken);
    expect(theirs.status).toBe(201);
    expect(theirs.json.access_code.id).not.toBe(mine.json.access_code.id);
    clock.now += IDEMPOTENCY_TTL_MS + 1;
    const later = await post("/access_codes", { ...guestCode, code: "720461" }, "shared-key");
    expect(later.status).toBe(201);
    expect(later.replayed).toBeUndefined();
    expect(await codeCount()).toBe(3);
  });

  it("POST /people and an invite link retried with their keys make one person and one link", async () => {
    const body = { id: "gus", name: "Gus", role: "guest" };
    expect((await post("/people", body, "person-1")).status).toBe(201);
    const again = await post("/people", body, "person-1");
    expect([again.status, again.replayed]).toEqual([201, "true"]); // not 409 person.exists
    const link = await post("/people/gus/invite", {}, "invite-1");
    expect(link.status).toBe(201);
    const same = await post("/people/gus/invite", {}, "invite-1");
    expect(same.json.invite.token).toBe(link.json.invite.token);
    // The link given first still works (a second link would have replaced it).
    const redeem = await app.inject({
      method: "POST",
      url: `${HUB_API_PREFIX}/invite`,
      payload: { token: link.json.invite.token, password: "a long enough passphrase" },
    });
    expect(redeem.statusCode).toBe(200);
    const fresh = await post("/people/gus/invite", {}, "invite-2");
    expect(fresh.json.invite.token).not.toBe(link.json.invite.token);
  });

  it("two retries at once: one is made, the other told to wait; the database keeps neither the key nor a readable answer", async () => {
    const [a, b] = await Promise.all([
      post("/access_codes", guestCode, "race-key-0001"),
      post("/access_codes", guestCode, "race-key-0001"),
    ]);
    const statuses = [a.status, b.status].sort();
    expect([
      [201, 201],
      [201, 409],
    ]).toContainEqual(statuses);
    const waiting = [a, b].find((r) => r.status === 409);
    if (waiting) expect(waiting.json.error.code).toBe("idempotency.in-progress");
    expect((await post("/access_codes", guestCode, "race-key-0001")).replayed).toBe("true");
    expect(await codeCount()).toBe(1);
    const rows = await hub.repo.db.query("SELECT * FROM idempotency_keys");
    expect(rows).toHaveLength(1);
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain("race-key-0001");
    expect(stored).not.toContain("583920");
  });
});
