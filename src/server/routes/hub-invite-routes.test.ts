/**
 * One-time invite links (hub-invite-routes.ts) in-process: an owner makes a link, the person
 * chooses their password with it and signs in; the link works once, a weak password spends
 * nothing, a newer link voids the older; a manager or a guest cannot make one, and a refusal
 * changes nothing. The book's own rules (expiry, bound, restart) are src/hub/invite-book.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import Fastify from "fastify";
import type { FastifyInstance } from "fastify";
import { Hub, HubRepository, INVITE_TTL_MS } from "../../hub/index.ts";
import { openSqliteDb } from "../../hub/storage/sqlite-db.ts";
import { FakeLockSource } from "../../hub/fake-lock-source.test-fake.ts";
import { HUB_API_PREFIX, hubApi } from "./hub-api.ts";

let app: FastifyInstance;
let hub: Hub;
const OWNER = "test-admin-token-0123456789";
let managerToken = "";
let guestToken = "";

beforeEach(async () => {
  const repo = await HubRepository.open(openSqliteDb(":memory:"));
  hub = new Hub({ repo, source: new FakeLockSource(() => Date.now()) });
  const admin = await hub.ensureAdminToken(OWNER);
  await hub.createSite(admin, { id: "home", name: "Home", timeZone: "Europe/Berlin" });
  await hub.addPerson(admin, { id: "max", name: "Max", role: "manager", siteIds: ["home"] });
  await hub.addPerson(admin, { id: "gus", name: "Gus", role: "guest" });
  for (const [pid, set] of [
    ["max", (t: string) => (managerToken = t)],
    ["gus", (t: string) => (guestToken = t)],
  ] as const) {
    const t = await hub.createApiToken(admin, pid);
    if (!t.ok) throw new Error(t.reason);
    set(t.value);
  }
  app = Fastify();
  await app.register(hubApi, { hub });
});

afterEach(async () => {
  await app.close();
  await hub.close();
  await hub.repo.close();
});

const post = (url: string, body: unknown, token?: string) =>
  app.inject({
    method: "POST",
    url: `${HUB_API_PREFIX}${url}`,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    payload: body as object,
  });
const signIn = (id: string, password: string) => post("/session", { person_id: id, password });

describe("invite links", () => {
  it("an owner's link lets the person choose their password once, then sign in with it", async () => {
    const made = await post("/people/gus/invite", {}, OWNER);
    expect(made.statusCode).toBe(201);
    const invite = made.json().invite as {
      person_id: string;
      path: string;
      token: string;
      expires_at: string;
    };
    expect(invite.person_id).toBe("gus");
    expect(invite.path).toBe(`/app/#/invite/${invite.token}`);
    expect(invite.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(invite.expires_at)).toBeGreaterThan(Date.now() + INVITE_TTL_MS - 60_000);

    // Too short: refused, and the link still works.
    const weak = await post("/invite", { token: invite.token, password: "short" });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe("auth.password");
    expect((await signIn("gus", "short")).statusCode).toBe(401);

    const used = await post("/invite", { token: invite.token, password: "gus chose this one" });
    expect(used.statusCode).toBe(200);
    expect(used.json().person).toEqual({ id: "gus", name: "Gus", role: "guest" });
    expect((await signIn("gus", "gus chose this one")).statusCode).toBe(201);

    const again = await post("/invite", { token: invite.token, password: "someone else's pick" });
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe("auth.invalid");
    expect((await signIn("gus", "gus chose this one")).statusCode).toBe(201);
  });

  it("a newer link voids the older; a made-up or malformed token is refused and sets nothing", async () => {
    const first = (await post("/people/max/invite", {}, OWNER)).json().invite.token as string;
    const second = (await post("/people/max/invite", {}, OWNER)).json().invite.token as string;
    expect(second).not.toBe(first);
    expect((await post("/invite", { token: first, password: "a long password 1" })).statusCode).toBe(401);
    const madeUp = "A".repeat(43);
    expect((await post("/invite", { token: madeUp, password: "a long password 1" })).statusCode).toBe(401);
    expect((await post("/invite", { token: "x", password: "a long password 1" })).statusCode).toBe(400);
    expect((await signIn("max", "a long password 1")).statusCode).toBe(401);
    expect((await post("/invite", { token: second, password: "a long password 2" })).statusCode).toBe(200);
    expect((await signIn("max", "a long password 2")).statusCode).toBe(201);
  });

  it("only an owner makes links: a manager and a guest are refused (403), an unknown person is 404, no credentials 401", async () => {
    expect((await post("/people/gus/invite", {}, managerToken)).statusCode).toBe(403);
    expect((await post("/people/gus/invite", {}, guestToken)).statusCode).toBe(403);
    expect((await post("/people/nobody/invite", {}, OWNER)).statusCode).toBe(404);
    expect((await post("/people/gus/invite", {})).statusCode).toBe(401);
  });
});
