/**
 * One-time invite links (hub-invite-routes.ts) in-process: an owner makes a link, the person
 * chooses their password with it and signs in; the link works once, a weak password spends
 * nothing, a newer link voids the older; a manager or a guest cannot make one, and a refusal
 * changes nothing; `GET /invites` lists the open links to an owner, paged, never with a token.
 * The book's own rules (expiry, bound, restart) are src/hub/invite-book.test.ts.
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
const get = (url: string, token?: string) =>
  app.inject({
    method: "GET",
    url: url.startsWith(HUB_API_PREFIX) ? url : `${HUB_API_PREFIX}${url}`,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });

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

  it("GET /invites lists the open links to an owner, oldest first, paged, with no token; used, replaced, expired and revoked ones are gone", async () => {
    const made: Record<string, string> = {};
    for (const pid of ["gus", "max"]) {
      const r = await post(`/people/${pid}/invite`, {}, OWNER);
      expect(r.statusCode).toBe(201);
      made[pid] = r.json().invite.token as string;
    }
    const whole = await get("/invites", OWNER);
    expect(whole.statusCode).toBe(200);
    const body = whole.json();
    expect(body.invites.map((i: { person_id: string }) => i.person_id)).toEqual(["gus", "max"]);
    for (const i of body.invites) {
      expect(Object.keys(i).sort()).toEqual(["expires_at", "invited_by", "person_id"]);
      expect(Date.parse(i.expires_at)).toBeGreaterThan(Date.now());
    }
    // The secret appears nowhere in the answer (nor its SHA-256).
    for (const t of Object.values(made)) expect(whole.body).not.toContain(t);
    expect(whole.body).not.toMatch(/token/);
    expect(body.pagination).toEqual({ has_next_page: false, next_page_cursor: null, next_page_url: null });

    // Paged: one at a time, by the cursor and by the next page's URL alike.
    const first = (await get("/invites?limit=1", OWNER)).json();
    expect(first.invites.map((i: { person_id: string }) => i.person_id)).toEqual(["gus"]);
    expect(first.pagination.has_next_page).toBe(true);
    expect(first.pagination.next_page_url).toBe(
      `${HUB_API_PREFIX}/invites?limit=1&page_cursor=${first.pagination.next_page_cursor as string}`,
    );
    const second = (await get(first.pagination.next_page_url as string, OWNER)).json();
    expect(second.invites.map((i: { person_id: string }) => i.person_id)).toEqual(["max"]);
    expect(second.pagination.next_page_url).toBeNull();

    // Used: gone. Replaced: one link a person. Expired: gone.
    expect((await post("/invite", { token: made["gus"], password: "gus chose this one" })).statusCode).toBe(
      200,
    );
    await post("/people/max/invite", {}, OWNER);
    await post("/people/max/invite", {}, OWNER);
    expect(
      (await get("/invites", OWNER)).json().invites.map((i: { person_id: string }) => i.person_id),
    ).toEqual(["max"]);
    await hub.repo.db.run("UPDATE invites SET expires_at = ? WHERE person_id = ?", [Date.now() - 1, "max"]);
    expect((await get("/invites", OWNER)).json().invites).toEqual([]);
  });

  it("GET /invites: only an owner (a manager and a guest 403, no credentials 401); a bad limit or cursor is 400 and answers nothing", async () => {
    await post("/people/gus/invite", {}, OWNER);
    expect((await get("/invites", managerToken)).statusCode).toBe(403);
    expect((await get("/invites", guestToken)).statusCode).toBe(403);
    expect((await get("/invites")).statusCode).toBe(401);
    for (const q of [
      "limit=0",
      "limit=1001",
      "limit=x",
      "page_cursor=",
      "page_cursor=nope",
      "page_cursor=WzFd",
      "other=1",
    ]) {
      const r = await get(`/invites?${q}`, OWNER);
      expect(r.statusCode, q).toBe(400);
      expect(r.json().error.code, q).toBe("request.invalid");
      expect(r.json().invites, q).toBeUndefined();
    }
    expect((await get("/invites", OWNER)).json().invites).toHaveLength(1);
  });

  it("a link made by an owner who was revoked since is neither listed nor usable", async () => {
    const admin = await hub.authenticate(OWNER);
    if (!admin) throw new Error("no admin");
    await hub.addPerson(admin, { id: "olga", name: "Olga", role: "owner" });
    const olgaToken = await hub.createApiToken(admin, "olga");
    if (!olgaToken.ok) throw new Error(olgaToken.reason);
    const link = (await post("/people/max/invite", {}, olgaToken.value)).json().invite.token as string;
    expect((await get("/invites", OWNER)).json().invites).toHaveLength(1);
    expect((await post("/people/olga/revoke", {}, OWNER)).statusCode).toBe(200);
    expect((await get("/invites", OWNER)).json().invites).toEqual([]);
    const used = await post("/invite", { token: link, password: "a long password 1" });
    expect(used.statusCode).toBe(401);
    expect((await signIn("max", "a long password 1")).statusCode).toBe(401);
  });

  it("a revoked person gets no new way in: an API token or a password for them is 409 person.revoked and stores nothing", async () => {
    // Revoking ends a person's tokens and password; an owner could then make them a new token
    // (201, a token that never worked) or set a password again, as an invite link is refused.
    expect((await post("/people/gus/revoke", {}, OWNER)).statusCode).toBe(200);
    const countRows = async () =>
      (
        await hub.repo.db.query(
          "SELECT (SELECT COUNT(*) FROM api_tokens WHERE person_id = 'gus') AS tokens, (SELECT password_hash FROM people WHERE id = 'gus') AS hash",
        )
      )[0];
    const before = await countRows();
    const token = await post("/people/gus/api_tokens", {}, OWNER);
    expect(token.statusCode).toBe(409);
    expect(token.json().error.code).toBe("person.revoked");
    const password = await post("/people/gus/password", { password: "a long password 2" }, OWNER);
    expect(password.statusCode).toBe(409);
    expect(password.json().error.code).toBe("person.revoked");
    expect(await countRows()).toEqual(before);
    expect(before).toEqual({ tokens: 0, hash: null });
  });
});
