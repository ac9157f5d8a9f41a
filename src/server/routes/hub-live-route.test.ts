/**
 * The hub's own live socket (`GET /api/hub/v1/live`, hub-live-route.ts) on a server bound to
 * every interface (0.0.0.0), where `/api/live` asks for the server's token that a manager or a
 * guest does not have: each person opens it with their own hub sign-in and hears what their role
 * may see, and nothing of the lab's. Refused before the upgrade without a sign-in or from a
 * foreign Origin or Host; closed on a client message, a ninth socket of one person, and a
 * revoked person or a sign-out at once.
 */
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { Hub, HubRepository } from "../../hub/index.ts";
import { openSqliteDb } from "../../hub/storage/sqlite-db.ts";
import { FakeLockSource } from "../../hub/fake-lock-source.test-fake.ts";
import { createServer } from "../create-server.ts";
import { SESSION_COOKIE } from "./hub-api.ts";
import { HUB_LIVE_FLUSH_MS, HUB_LIVE_MAX_PER_PERSON, HUB_LIVE_STATE_GAP_MS } from "../hub-live.ts";
import { valueOrThrow } from "../../host/outcome.ts";

const closers: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

/** This helper's ports (18600–18699), one per server. */
let nextPort = 18600 + Math.floor(Math.random() * 50);
const ADMIN = "test-admin-token-0123456789";
const SERVER_TOKEN = "the-servers-own-token-0123456789";

interface Heard {
  type: string;
  alert?: { lock_id: string };
  lock_code?: { access_code_id: string; status: string };
  lock?: { id: string; site_id: string; change: string };
  error?: { code: string };
}

interface Opened {
  readonly ws: WebSocket;
  readonly heard: Heard[];
  readonly closed: Promise<{ code: number; reason: string }>;
}

/** A socket that opened, with what it hears and how it closes. */
async function open(url: string, headers: Record<string, string>): Promise<Opened> {
  const heard: Heard[] = [];
  const ws = new WebSocket(url, { headers });
  ws.on("message", (data) => heard.push(JSON.parse(String(data)) as Heard));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once("close", (code, reason) => resolve({ code, reason: String(reason) })),
  );
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
    ws.once("unexpected-response", (_req, res) => reject(new Error(`refused: ${res.statusCode}`)));
  });
  closers.push(() => ws.close());
  return { ws, heard, closed };
}

/** An upgrade the server refuses before it happens: its HTTP status and error code. */
async function refused(url: string, headers: Record<string, string>): Promise<[number, string]> {
  const ws = new WebSocket(url, { headers });
  return new Promise((resolve, reject) => {
    ws.once("open", () => {
      ws.close();
      reject(new Error("the socket opened"));
    });
    ws.once("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += String(c)));
      res.on("end", () => {
        const code = (JSON.parse(body) as { error: { code: string } }).error.code;
        resolve([res.statusCode ?? 0, code]);
      });
    });
    ws.once("error", () => {});
  });
}

async function until(what: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const settle = () => new Promise((r) => setTimeout(r, 4 * HUB_LIVE_FLUSH_MS));

/**
 * A hub over two sites (front at home, cabin-door at the cabin), Max managing home, Gus a guest
 * signed in with a password, served on 0.0.0.0 with a server token none of them holds.
 */
async function networkServer() {
  const repo = await HubRepository.open(openSqliteDb(":memory:"));
  const source = new FakeLockSource(() => Date.now());
  source.add("front");
  source.add("cabin-door");
  const hub = new Hub({ repo, source });
  closers.push(
    () => repo.close(),
    () => hub.close(),
  );
  await hub.watch();
  const admin = await hub.ensureAdminToken(ADMIN);
  valueOrThrow(await hub.createSite(admin, { id: "home", name: "Home", timeZone: "UTC" }));
  valueOrThrow(await hub.createSite(admin, { id: "cabin", name: "Cabin", timeZone: "UTC" }));
  valueOrThrow(await hub.addLock(admin, { lockId: "front", siteId: "home" }));
  valueOrThrow(await hub.addLock(admin, { lockId: "cabin-door", siteId: "cabin" }));
  valueOrThrow(await hub.addPerson(admin, { id: "max", name: "Max", role: "manager", siteIds: ["home"] }));
  valueOrThrow(await hub.addPerson(admin, { id: "gus", name: "Gus", role: "guest" }));
  valueOrThrow(await hub.setPassword(admin, "max", "a long enough pass"));
  valueOrThrow(await hub.setPassword(admin, "gus", "a long enough pass"));
  const signIn = async (who: string) =>
    `${SESSION_COOKIE}=${valueOrThrow(await hub.sessions.signIn(who, "a long enough pass", "127.0.0.1")).token}`;

  const server = await createServer({ hub, pacing: false, security: { token: SERVER_TOKEN } });
  closers.push(() => server.close());
  const port = nextPort++;
  await server.listen(port, "0.0.0.0");
  const base = `http://127.0.0.1:${port}`;
  const origin = { host: `127.0.0.1:${port}`, origin: base };
  return {
    hub,
    admin,
    source,
    server,
    base,
    origin,
    signIn,
    url: `ws://127.0.0.1:${port}/api/hub/v1/live`,
    labUrl: `ws://127.0.0.1:${port}/api/live`,
  };
}

describe("the hub's live socket off loopback (/api/hub/v1/live)", () => {
  it("each person hears with their own sign-in, no server token: a guest their codes only, a manager not another site's lock, nobody the lab's snapshots", async () => {
    const { hub, admin, source, server, url, labUrl, origin, signIn } = await networkServer();
    // The lab's socket asks for the server's token here: what a manager's app met before.
    const managerCookie = await signIn("max");
    expect(await refused(labUrl, { ...origin, cookie: managerCookie })).toEqual([401, "auth.token-missing"]);

    const owner = await open(url, { ...origin, authorization: `Bearer ${ADMIN}` });
    const manager = await open(url, { ...origin, cookie: managerCookie });
    const guest = await open(url, { ...origin, cookie: await signIn("gus") });
    await until("three sockets", () => server.hubLive?.attached === 3);

    const mine = valueOrThrow(
      await hub.createAccessCode(admin, { lockIds: ["front"], name: "Gus", code: "583920", personId: "gus" }),
    );
    const family = valueOrThrow(
      await hub.createAccessCode(admin, { lockIds: ["front"], name: "Family", code: "619274" }),
    );
    const cabin = valueOrThrow(
      await hub.createAccessCode(admin, { lockIds: ["cabin-door"], name: "Cabin", code: "740213" }),
    );
    await hub.settle();
    await settle();
    // A host lock's state changes (its radio goes), at either site.
    source.setOnline("front", false);
    source.setOnline("cabin-door", false);
    source.get("cabin-door").factoryReset();
    await hub.idle();

    const isSet = (id: string) => (m: Heard) =>
      m.lock_code?.access_code_id === id && m.lock_code.status === "set";
    const states = (o: Opened) =>
      o.heard.filter((m) => m.lock?.change === "state").map((m) => `${m.lock?.id} ${m.lock?.site_id}`);
    await until("the owner hears every code set and both locks' state", () => {
      return (
        [mine, family, cabin].every((c) => owner.heard.some(isSet(c.accessCode.id))) &&
        states(owner).length >= 2
      );
    });
    await until("the manager hears the front door", () => states(manager).length >= 1);
    await until("the guest hears their code set", () => guest.heard.some(isSet(mine.accessCode.id)));
    await settle();

    expect(states(owner).sort()).toEqual(["cabin-door cabin", "front home"]);
    expect(states(manager)).toEqual(["front home"]);
    // The manager of Home: nothing of the cabin (its code, its state, its alert).
    expect(manager.heard.some(isSet(family.accessCode.id))).toBe(true);
    expect(manager.heard.some((m) => m.lock_code?.access_code_id === cabin.accessCode.id)).toBe(false);
    expect(manager.heard.some((m) => m.alert?.lock_id === "cabin-door")).toBe(false);
    // The guest: their own code's statuses, nothing else at all.
    expect(guest.heard.every((m) => m.type === "hub-access-code")).toBe(true);
    expect(new Set(guest.heard.map((m) => m.lock_code?.access_code_id))).toEqual(
      new Set([mine.accessCode.id]),
    );
    // Nobody hears the lab's lock snapshots on this path.
    for (const o of [owner, manager, guest])
      expect(o.heard.some((m) => m.type === "lock" || m.type === "removed")).toBe(false);
  });

  it(`a lock's state is heard at most once per ${HUB_LIVE_STATE_GAP_MS} ms, the last change after the gap`, async () => {
    const { source, server, url, origin } = await networkServer();
    const owner = await open(url, { ...origin, authorization: `Bearer ${ADMIN}` });
    await until("one socket", () => server.hubLive?.attached === 1);
    const start = Date.now();
    for (let i = 0; i < 20; i++) source.setOnline("front", i % 2 === 0);
    const states = () => owner.heard.filter((m) => m.lock?.change === "state");
    await until("the first notice", () => states().length === 1);
    await settle();
    expect(states()).toHaveLength(1);
    await until("the held one after the gap", () => states().length === 2, 3000);
    expect(Date.now() - start).toBeGreaterThanOrEqual(HUB_LIVE_STATE_GAP_MS - 50);
    await new Promise((r) => setTimeout(r, HUB_LIVE_STATE_GAP_MS + 2 * HUB_LIVE_FLUSH_MS));
    expect(states()).toHaveLength(2);
  });

  it("refuses before the upgrade: no sign-in (auth.required), a bad or signed-out session (auth.invalid), a foreign Origin, a rebinding Host", async () => {
    const { url, origin, signIn, base } = await networkServer();
    expect(await refused(url, origin)).toEqual([401, "auth.required"]);
    expect(await refused(url, { ...origin, cookie: `${SESSION_COOKIE}=sess_not-a-session` })).toEqual([
      401,
      "auth.invalid",
    ]);
    expect(await refused(url, { ...origin, authorization: "Bearer not-a-token" })).toEqual([
      401,
      "auth.invalid",
    ]);
    // The server's own token is no hub sign-in.
    expect(await refused(url, { ...origin, authorization: `Bearer ${SERVER_TOKEN}` })).toEqual([
      401,
      "auth.invalid",
    ]);
    const cookie = await signIn("max");
    const out = await fetch(`${base}/api/hub/v1/session`, {
      method: "DELETE",
      headers: { ...origin, cookie },
    });
    expect(out.status).toBe(204);
    expect(await refused(url, { ...origin, cookie })).toEqual([401, "auth.invalid"]);
    const fresh = await signIn("max");
    expect(await refused(url, { ...origin, cookie: fresh, origin: "https://evil.example" })).toEqual([
      403,
      "request.origin-forbidden",
    ]);
    expect(await refused(url, { ...origin, cookie: fresh, host: "evil.example" })).toEqual([
      403,
      "request.host-forbidden",
    ]);
    // A plain GET (no upgrade) with a sign-in is told it is a socket.
    const plain = await fetch(url.replace("ws", "http"), { headers: { ...origin, cookie: fresh } });
    expect(plain.status).toBe(426);
  });

  it("closes on any client message (1008); a ninth socket of one person is closed at once (1013)", async () => {
    const { server, url, origin, signIn } = await networkServer();
    const talker = await open(url, { ...origin, cookie: await signIn("max") });
    talker.ws.send(JSON.stringify({ type: "sync" }));
    expect((await talker.closed).code).toBe(1008);

    const cookie = await signIn("max");
    const many: Opened[] = [];
    for (let i = 0; i < HUB_LIVE_MAX_PER_PERSON; i++) many.push(await open(url, { ...origin, cookie }));
    await until("eight sockets", () => server.hubLive?.ownSocketsOf("max") === HUB_LIVE_MAX_PER_PERSON);
    const ninth = await open(url, { ...origin, cookie: await signIn("max") });
    expect((await ninth.closed).code).toBe(1013);
    // Another person still gets theirs; the eight stay open.
    await open(url, { ...origin, cookie: await signIn("gus") });
    await until("the guest's socket", () => server.hubLive?.attached === HUB_LIVE_MAX_PER_PERSON + 1);
    expect(many.every((o) => o.ws.readyState === WebSocket.OPEN)).toBe(true);
  });

  it("a revoked person's sockets close at once, and so does a signed-out session's; others stay", async () => {
    const { hub, admin, server, base, url, origin, signIn } = await networkServer();
    const guest = await open(url, { ...origin, cookie: await signIn("gus") });
    const managerCookie = await signIn("max");
    const manager = await open(url, { ...origin, cookie: managerCookie });
    const owner = await open(url, { ...origin, authorization: `Bearer ${ADMIN}` });
    await until("three sockets", () => server.hubLive?.attached === 3);

    valueOrThrow(await hub.revokePerson(admin, "gus"));
    const gone = await guest.closed;
    expect(gone.code).toBe(1008);
    expect(guest.heard.at(-1)).toMatchObject({ type: "error", error: { code: "auth.invalid" } });

    await fetch(`${base}/api/hub/v1/session`, {
      method: "DELETE",
      headers: { ...origin, cookie: managerCookie },
    });
    expect((await manager.closed).code).toBe(1008);
    await settle();
    expect(owner.ws.readyState).toBe(WebSocket.OPEN);
    expect(server.hubLive?.attached).toBe(1);
  });
});
