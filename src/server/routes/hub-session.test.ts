/**
 * Signing in for the page: the one-time setup link makes the owner (once), passwords checked
 * with scrypt, the session in an HttpOnly SameSite=Strict cookie, failed sign-ins limited.
 */
import { afterEach, describe, expect, it } from "vitest";
import Fastify from "fastify";
import { Hub, HubRepository } from "../../hub/index.ts";
import { openSqliteDb } from "../../hub/storage/sqlite-db.ts";
import { FakeLockSource } from "../../hub/fake-lock-source.test-fake.ts";
import { HUB_API_PREFIX, SESSION_COOKIE, hubApi } from "./hub-api.ts";
import {
  FAILURE_WINDOW_MS,
  MAX_SESSIONS_PER_PERSON,
  checkPassword,
  hashPassword,
} from "../../hub/sessions.ts";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function setup() {
  const repo = await HubRepository.open(openSqliteDb(":memory:"));
  const hub = new Hub({ repo, source: new FakeLockSource() });
  const app = Fastify();
  await app.register(hubApi, { hub });
  closers.push(async () => {
    await app.close();
    await hub.close();
    await repo.close();
  });
  return { hub, app };
}

describe("signing in", () => {
  it("stores passwords as salted scrypt: the same password hashes differently and checks true; another checks false", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await checkPassword("correct horse battery", a)).toBe(true);
    expect(await checkPassword("wrong horse battery", a)).toBe(false);
  });

  it("the setup link makes the owner once; sign-in sets an HttpOnly SameSite cookie that the API accepts; sign-out ends it", async () => {
    const { hub, app } = await setup();
    const token = await hub.sessions.setupToken();
    expect(token).toMatch(/^setup_/);
    const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
      app.inject({ method: "POST", url: `${HUB_API_PREFIX}${url}`, payload, headers });
    expect(
      (await post("/setup", { token: "setup_wrong", name: "Olivia", password: "a long enough pass" })).json()
        .error.code,
    ).toBe("auth.invalid");
    expect((await post("/setup", { token, name: "Olivia", password: "short" })).json().error.code).toBe(
      "auth.password",
    );
    const made = await post("/setup", {
      token,
      name: "Olivia",
      id: "olivia",
      password: "a long enough pass",
    });
    expect(made.statusCode).toBe(201);
    expect(
      (await post("/setup", { token, name: "Eve", password: "a long enough pass" })).json().error.code,
    ).toBe("person.owner-exists");
    expect(await hub.sessions.setupToken()).toBeNull(); // no new link once there is an owner

    const signed = await post("/session", { person_id: "olivia", password: "a long enough pass" });
    expect(signed.statusCode).toBe(201);
    const cookie = String(signed.headers["set-cookie"]);
    expect(cookie).toMatch(
      new RegExp(`^${SESSION_COOKIE}=sess_[A-Za-z0-9_-]+; HttpOnly; SameSite=Strict; Path=/api;`),
    );
    const pair = cookie.split(";")[0]!;
    const sites = await app.inject({
      method: "GET",
      url: `${HUB_API_PREFIX}/sites`,
      headers: { cookie: pair },
    });
    expect(sites.statusCode).toBe(200);
    await app.inject({ method: "DELETE", url: `${HUB_API_PREFIX}/session`, headers: { cookie: pair } });
    const after = await app.inject({
      method: "GET",
      url: `${HUB_API_PREFIX}/sites`,
      headers: { cookie: pair },
    });
    expect(after.statusCode).toBe(401);
  });

  it("limits failed sign-ins: after five wrong passwords even the right one waits, with 429", async () => {
    const { hub, app } = await setup();
    const token = (await hub.sessions.setupToken())!;
    await hub.setUp(token, { name: "Olivia", id: "olivia", password: "a long enough pass" });
    const signIn = (password: string) =>
      app.inject({
        method: "POST",
        url: `${HUB_API_PREFIX}/session`,
        payload: { person_id: "olivia", password },
      });
    for (let i = 0; i < 5; i++) expect((await signIn(`wrong ${i} password`)).statusCode).toBe(401);
    const limited = await signIn("a long enough pass");
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe("auth.rate-limited");
    expect(limited.headers["set-cookie"]).toBeUndefined();
  });

  it("counts sign-ins still being checked: twenty wrong passwords sent at once get five tries, the rest 429", async () => {
    // The count was read before the slow password check and the failure written after it, so
    // every attempt sent at once saw no failures: 40 guesses in one burst instead of 5.
    const { hub, app } = await setup();
    const token = (await hub.sessions.setupToken())!;
    await hub.setUp(token, { name: "Olivia", id: "olivia", password: "a long enough pass" });
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        app.inject({
          method: "POST",
          url: `${HUB_API_PREFIX}/session`,
          payload: { person_id: "olivia", password: `wrong ${i} password` },
        }),
      ),
    );
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });

  it("an unknown person's sign-in takes as long as a wrong password: the hash is checked either way", async () => {
    // Answering an unknown id at once (no scrypt) told an attacker which ids have a password.
    const { hub } = await setup();
    const token = (await hub.sessions.setupToken())!;
    await hub.setUp(token, { name: "Olivia", id: "olivia", password: "a long enough pass" });
    const timed = async (personId: string, address: string) => {
      const t0 = performance.now();
      const r = await hub.sessions.signIn(personId, "wrong password here", address);
      expect(r.ok).toBe(false);
      return performance.now() - t0;
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      known.push(await timed("olivia", `known-${i}`));
      unknown.push(await timed(`nobody-${i}`, `unknown-${i}`));
    }
    expect(median(unknown)).toBeGreaterThan(median(known) / 3);
  });

  it("a setup refused for its id or name leaves the one-time link working", async () => {
    const { hub, app } = await setup();
    const token = (await hub.sessions.setupToken())!;
    const post = (payload: object) => app.inject({ method: "POST", url: `${HUB_API_PREFIX}/setup`, payload });
    const badId = await post({ token, name: "Olivia", id: "Not A Slug", password: "a long enough pass" });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.code).toBe("request.invalid");
    const badName = await post({ token, name: "   ", password: "a long enough pass" });
    expect(badName.statusCode).toBe(400);
    const made = await post({ token, name: "Olivia", id: "olivia", password: "a long enough pass" });
    expect(made.statusCode).toBe(201);
  });

  it("keeps what sign-ins store bounded: a person's newest sessions, expired ones and old failures gone", async () => {
    // Every sign-in added a session row and every failure a row, and none was ever deleted: a
    // guest signing in again and again grew the database without end.
    const { hub } = await setup();
    const token = (await hub.sessions.setupToken())!;
    await hub.setUp(token, { name: "Olivia", id: "olivia", password: "a long enough pass" });
    const db = hub.repo.db;
    const count = async (sql: string) => Number((await db.query(sql))[0]?.["n"]);
    const old = Date.now() - FAILURE_WINDOW_MS - 60_000;
    await db.run("INSERT INTO login_failures (key, at) VALUES ('person:ghost', ?), ('address:far', ?)", [
      old,
      old,
    ]);
    await db.run(
      "INSERT INTO sessions (token_hash, person_id, created_at, expires_at) VALUES ('gone', 'olivia', ?, ?)",
      [old, old + 1],
    );
    const tokens: string[] = [];
    for (let i = 0; i < MAX_SESSIONS_PER_PERSON + 5; i++) {
      const signed = await hub.sessions.signIn("olivia", "a long enough pass", "10.0.0.1");
      if (!signed.ok) throw new Error(signed.reason);
      tokens.push(signed.value.token);
    }
    expect(await count("SELECT COUNT(*) AS n FROM sessions")).toBe(MAX_SESSIONS_PER_PERSON);
    expect(await hub.sessions.personOf(tokens.at(-1)!)).toBeDefined();
    expect(await hub.sessions.personOf(tokens[0]!)).toBeUndefined();
    expect((await hub.sessions.signIn("olivia", "wrong password!", "10.0.0.2")).ok).toBe(false);
    expect(await count("SELECT COUNT(*) AS n FROM login_failures")).toBe(2);
  });

  it("a new password ends the person's other sessions: set by the owner, all of them; by themselves, all but this one", async () => {
    // A password is reset because it leaked; the sessions signed in with it went on for 7 days.
    const { hub, app } = await setup();
    const token = (await hub.sessions.setupToken())!;
    await hub.setUp(token, { name: "Olivia", id: "olivia", password: "a long enough pass" });
    const owner = (await hub.repo.getPerson("olivia"))!;
    await hub.addPerson(owner, { id: "max", name: "Max", role: "manager" });
    await hub.setPassword(owner, "max", "max's first password");
    const session = async () => {
      const signed = await hub.sessions.signIn("max", "max's first password", "10.0.0.9");
      if (!signed.ok) throw new Error(signed.reason);
      return `${SESSION_COOKIE}=${signed.value.token}`;
    };
    const me = (cookie: string) =>
      app.inject({ method: "GET", url: `${HUB_API_PREFIX}/me`, headers: { cookie } });
    const [phone, laptop] = [await session(), await session()];
    const changed = await app.inject({
      method: "POST",
      url: `${HUB_API_PREFIX}/people/max/password`,
      headers: { cookie: phone },
      payload: { password: "max's first password" },
    });
    expect(changed.statusCode).toBe(204);
    expect((await me(phone)).statusCode).toBe(200);
    expect((await me(laptop)).statusCode).toBe(401);
    const ownerToken = await hub.createApiToken(owner, "olivia");
    if (!ownerToken.ok) throw new Error(ownerToken.reason);
    const reset = await app.inject({
      method: "POST",
      url: `${HUB_API_PREFIX}/people/max/password`,
      headers: { authorization: `Bearer ${ownerToken.value}` },
      payload: { password: "max's new password" },
    });
    expect(reset.statusCode).toBe(204);
    expect((await me(phone)).statusCode).toBe(401);
  });
});
