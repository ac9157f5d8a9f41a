/**
 * Hub alerts and access-code statuses on the live socket (/api/live), over real WebSockets on
 * loopback: a page signed in to the hub (session cookie) or a script with a bearer token hears
 * what its role may see — owner everything, a manager their sites, a guest their own code's
 * statuses — and a socket without credentials hears none of it. Bounded: a burst beyond
 * HUB_LIVE_MAX_PER_FLUSH becomes one overflow message; a session that ends stops the messages.
 */
import { EventEmitter } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { Hub, HubRepository } from "../hub/index.ts";
import type { Actor, SyncChange } from "../hub/index.ts";
import { openSqliteDb } from "../hub/storage/sqlite-db.ts";
import { FakeLockSource } from "../hub/fake-lock-source.test-fake.ts";
import { createServer } from "./create-server.ts";
import { SESSION_COOKIE } from "./routes/hub-api.ts";
import { HUB_LIVE_FLUSH_MS, HUB_LIVE_MAX_PER_FLUSH, HUB_LIVE_RECHECK_MS, HubLive } from "./hub-live.ts";
import { valueOrThrow } from "../host/outcome.ts";

const closers: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

interface Heard {
  type: string;
  alert?: { lock_id: string; site_id: string; kind: string };
  lock_code?: { access_code_id: string; lock_id: string; status: string };
  lock?: { id: string; site_id: string; change: string };
}

async function listen(url: string, headers: Record<string, string>): Promise<Heard[]> {
  const heard: Heard[] = [];
  const ws = new WebSocket(url, { headers });
  ws.on("message", (data) => heard.push(JSON.parse(String(data)) as Heard));
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  closers.push(() => ws.close());
  return heard;
}

async function until(what: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const hubOnly = (list: Heard[]) => list.filter((m) => m.type.startsWith("hub-"));

/** A hub watching two locks on two sites (front at home, cabin-door at the cabin), Max managing home. */
async function twoSitesWithAManager() {
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
  const admin = await hub.ensureAdminToken("test-admin-token-0123456789");
  valueOrThrow(await hub.createSite(admin, { id: "home", name: "Home", timeZone: "UTC" }));
  valueOrThrow(await hub.createSite(admin, { id: "cabin", name: "Cabin", timeZone: "UTC" }));
  valueOrThrow(await hub.addLock(admin, { lockId: "front", siteId: "home" }));
  valueOrThrow(await hub.addLock(admin, { lockId: "cabin-door", siteId: "cabin" }));
  valueOrThrow(await hub.addPerson(admin, { id: "max", name: "Max", role: "manager", siteIds: ["home"] }));
  return { repo, source, hub, admin };
}

/** A server for `hub` on a free loopback port: its live socket's address, and this server's Origin. */
async function serveLive(hub: Hub) {
  const server = await createServer({ hub, pacing: false });
  closers.push(() => server.close());
  const base = await server.listen(0, "127.0.0.1");
  return { server, base, url: `${base.replace("http", "ws")}/api/live`, origin: { origin: base } };
}

describe("hub changes on the live socket", () => {
  it("each signed-in page hears the alerts and code statuses its role may see; a page not signed in hears none", async () => {
    const { source, hub, admin } = await twoSitesWithAManager();
    valueOrThrow(await hub.addPerson(admin, { id: "gus", name: "Gus", role: "guest" }));
    valueOrThrow(await hub.setPassword(admin, "max", "a long enough pass"));
    const session = valueOrThrow(await hub.sessions.signIn("max", "a long enough pass", "127.0.0.1")).token;
    const guestToken = valueOrThrow(await hub.createApiToken(admin, "gus"));

    const { server, url, origin } = await serveLive(hub);
    const owner = await listen(url, { ...origin, authorization: "Bearer test-admin-token-0123456789" });
    const manager = await listen(url, { ...origin, cookie: `${SESSION_COOKIE}=${session}` });
    const guest = await listen(url, { ...origin, authorization: `Bearer ${guestToken}` });
    const nobody = await listen(url, origin);
    const forged = await listen(url, { ...origin, cookie: `${SESSION_COOKIE}=sess_not-a-session` });
    await until("three sockets signed in to the hub", () => server.hubLive?.attached === 3);

    const mine = valueOrThrow(
      await hub.createAccessCode(admin, { lockIds: ["front"], name: "Gus", code: "583920", personId: "gus" }),
    );
    const other = valueOrThrow(
      await hub.createAccessCode(admin, { lockIds: ["front"], name: "Family", code: "619274" }),
    );
    await hub.settle();
    // Statuses are sent as they stand at each flush (the latest per code and lock).
    await new Promise((r) => setTimeout(r, 3 * HUB_LIVE_FLUSH_MS));
    source.get("cabin-door").factoryReset();
    source.get("front").factoryReset();
    await hub.idle();

    const isSet = (id: string) => (m: Heard) =>
      m.lock_code?.access_code_id === id && m.lock_code.status === "set";
    await until("the owner hears both codes set and both alerts", () => {
      const kinds = owner.filter((m) => m.type === "hub-alert").map((m) => m.alert?.lock_id);
      return (
        owner.some(isSet(mine.accessCode.id)) && owner.some(isSet(other.accessCode.id)) && kinds.length >= 2
      );
    });
    await until("the manager hears the front door", () => manager.some(isSet(other.accessCode.id)));
    await until("the guest hears their code set", () => guest.some(isSet(mine.accessCode.id)));
    await new Promise((r) => setTimeout(r, 3 * HUB_LIVE_FLUSH_MS));

    expect(
      owner.filter((m) => m.type === "hub-alert").map((m) => `${m.alert?.lock_id} ${m.alert?.kind}`),
    ).toEqual(expect.arrayContaining(["cabin-door lock.factory-reset", "front lock.factory-reset"]));
    // The manager of Home: the front door's alert and codes, nothing of the cabin.
    expect(manager.filter((m) => m.type === "hub-alert").map((m) => m.alert?.lock_id)).toContain("front");
    expect(hubOnly(manager).some((m) => m.alert?.lock_id === "cabin-door")).toBe(false);
    // The guest: their own code's statuses only, no alerts, not the family's code.
    expect(guest.some((m) => m.type === "hub-alert")).toBe(false);
    expect(guest.some((m) => m.lock_code?.access_code_id === other.accessCode.id)).toBe(false);
    // No credentials, or a forged session: locks only.
    expect(hubOnly(nobody)).toEqual([]);
    expect(hubOnly(forged)).toEqual([]);
  });
});

describe("locks coming under the hub on the live socket", () => {
  it("a lock added to the hub, renamed, taken off its care or brought back is heard by the owner and its site's manager (a Locks page reloads its list); not by another site's manager, a guest or a page not signed in", async () => {
    const { source, hub, admin } = await twoSitesWithAManager();
    valueOrThrow(await hub.addPerson(admin, { id: "gus", name: "Gus", role: "guest" }));
    const managerToken = valueOrThrow(await hub.createApiToken(admin, "max"));
    const guestToken = valueOrThrow(await hub.createApiToken(admin, "gus"));
    const { server, url, origin } = await serveLive(hub);
    const owner = await listen(url, { ...origin, authorization: "Bearer test-admin-token-0123456789" });
    const manager = await listen(url, { ...origin, authorization: `Bearer ${managerToken}` });
    const guest = await listen(url, { ...origin, authorization: `Bearer ${guestToken}` });
    const nobody = await listen(url, origin);
    await until("three sockets signed in to the hub", () => server.hubLive?.attached === 3);

    source.add("back");
    source.add("shed");
    valueOrThrow(await hub.addLock(admin, { lockId: "back", siteId: "home" }));
    valueOrThrow(await hub.addLock(admin, { lockId: "shed", siteId: "cabin" }));
    valueOrThrow(await hub.renameLock(admin, "front", "Front door"));
    valueOrThrow(await hub.setLockManaged(admin, "shed", false));
    valueOrThrow(await hub.setLockManaged(admin, "back", false));
    valueOrThrow(await hub.setLockManaged(admin, "back", false)); // already off: nothing to hear
    valueOrThrow(await hub.setLockManaged(admin, "back", true));
    const locks = (list: Heard[]) =>
      list
        .filter((m) => m.type === "hub-lock")
        .map((m) => `${m.lock?.id} ${m.lock?.site_id} ${m.lock?.change}`);
    await until("the owner hears every change", () => locks(owner).length >= 6);
    await until("the manager hears Home's", () => locks(manager).length >= 4);
    await new Promise((r) => setTimeout(r, 3 * HUB_LIVE_FLUSH_MS));

    expect(locks(owner)).toEqual([
      "back home added",
      "shed cabin added",
      "front home renamed",
      "shed cabin unmanaged",
      "back home unmanaged",
      "back home managed",
    ]);
    expect(locks(manager)).toEqual([
      "back home added",
      "front home renamed",
      "back home unmanaged",
      "back home managed",
    ]);
    expect(locks(guest)).toEqual([]);
    expect(hubOnly(nobody)).toEqual([]);
  });
});

describe("an alert closing on the live socket", () => {
  it("B-NET-2, B-NET-3: a page hears an alert close as it heard it open — the lock paired again, or a person acknowledged it — with the alert's id, under the same visibility rules", async () => {
    const { repo, source, hub, admin } = await twoSitesWithAManager();
    const managerToken = valueOrThrow(await hub.createApiToken(admin, "max"));

    const { server, base, url, origin } = await serveLive(hub);
    const owner = await listen(url, { ...origin, authorization: "Bearer test-admin-token-0123456789" });
    const manager = await listen(url, { ...origin, authorization: `Bearer ${managerToken}` });
    await until("two sockets signed in to the hub", () => server.hubLive?.attached === 2);

    source.get("front").factoryReset();
    source.get("cabin-door").factoryReset();
    await hub.idle();
    await until("both alerts open", () => owner.filter((m) => m.type === "hub-alert").length >= 2);
    const open = await repo.listAlerts({ openOnly: true, kinds: ["lock.factory-reset"] });
    const idOf = (lockId: string) => open.find((a) => a.lockId === lockId)!.id;

    // The situation ends: the front door is paired again.
    source.get("front").pair();
    await hub.idle();
    // A person acknowledges the cabin's (over HTTP, as the companion app does).
    const ack = await fetch(`${base}/api/hub/v1/alerts/${idOf("cabin-door")}/acknowledge`, {
      method: "POST",
      headers: { authorization: "Bearer test-admin-token-0123456789", origin: base },
    });
    expect(ack.status).toBe(200);
    const closed = (list: Heard[]) =>
      list
        .filter((m) => m.type === "hub-alert-resolved")
        .map(
          (m) =>
            m as unknown as { alert: { id: number; lock_id: string; kind: string; resolved_at: string } },
        );
    await until("the owner hears both close", () => closed(owner).length >= 2);
    expect(
      closed(owner)
        .map((m) => [m.alert.id, m.alert.lock_id, m.alert.kind])
        .sort(),
    ).toEqual(
      [
        [idOf("front"), "front", "lock.factory-reset"],
        [idOf("cabin-door"), "cabin-door", "lock.factory-reset"],
      ].sort(),
    );
    expect(closed(owner).every((m) => !Number.isNaN(Date.parse(m.alert.resolved_at)))).toBe(true);
    await until("the manager hears the front door's close", () => closed(manager).length >= 1);
    await new Promise((r) => setTimeout(r, 3 * HUB_LIVE_FLUSH_MS));
    // The manager of Home: the front door's closing, nothing of the cabin.
    expect(closed(manager).map((m) => m.alert.lock_id)).toEqual(["front"]);
  });
});

/** A socket that keeps what it is sent (HubLive only sends). */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  readonly sent: { type: string; [k: string]: unknown }[] = [];
  send(text: string): void {
    this.sent.push(JSON.parse(text) as { type: string });
  }
}

function stubHub() {
  let listener: (c: SyncChange) => void = () => {};
  const hub = {
    subscribe: (l: (c: SyncChange) => void) => {
      listener = l;
      return () => {};
    },
    source: { subscribe: () => () => {} },
    onAccessEnded: () => () => {},
    repo: {
      getLock: async (id: string) => ({ id, siteId: "home" }),
      getAccessCode: async (id: string) => ({ id, siteId: "home", personId: null }),
    },
  };
  const change = (i: number): SyncChange => ({
    type: "lock-code",
    state: {
      accessCodeId: `code-${i}`,
      lockId: "front",
      status: "setting",
      slot: null,
      errors: [],
      warnings: [],
    } as unknown as Extract<SyncChange, { type: "lock-code" }>["state"],
  });
  return { hub: hub as unknown as Hub, emit: (c: SyncChange) => listener(c), change };
}

describe("hub changes on the live socket are bounded", () => {
  const owner: Actor = { id: "olivia", role: "owner", siteIds: [] };
  const wait = () => new Promise((r) => setTimeout(r, HUB_LIVE_FLUSH_MS * 3));

  it(`more than ${HUB_LIVE_MAX_PER_FLUSH} changes at once become one overflow message; the latest status per code and lock is sent`, async () => {
    const { hub, emit, change } = stubHub();
    const live = new HubLive(hub);
    closers.push(() => live.close());
    const socket = new FakeSocket();
    live.attach(socket as unknown as WebSocket, owner, async () => owner);
    for (let i = 0; i < HUB_LIVE_MAX_PER_FLUSH + 50; i++) emit(change(i));
    await wait();
    expect(socket.sent).toEqual([
      { type: "hub-overflow", alerts: 0, lock_codes: HUB_LIVE_MAX_PER_FLUSH + 50 },
    ]);
    emit(change(1));
    emit(change(1));
    emit(change(2));
    await wait();
    expect(
      socket.sent.slice(1).map((m) => (m["lock_code"] as { access_code_id: string }).access_code_id),
    ).toEqual(["code-1", "code-2"]);
  });

  it("a session that ended stops the messages (checked again every minute)", async () => {
    const { hub, emit, change } = stubHub();
    const clock = { now: 0 };
    const live = new HubLive(hub, () => clock.now);
    closers.push(() => live.close());
    const socket = new FakeSocket();
    let signedIn = true;
    live.attach(socket as unknown as WebSocket, owner, async () => (signedIn ? owner : undefined));
    emit(change(1));
    await wait();
    expect(socket.sent).toHaveLength(1);
    signedIn = false;
    clock.now += HUB_LIVE_RECHECK_MS;
    emit(change(2));
    await wait();
    expect(socket.sent[1]).toMatchObject({ type: "error", error: { code: "auth.invalid" } });
    emit(change(3));
    await wait();
    expect(socket.sent).toHaveLength(2);
    expect(live.attached).toBe(0);
  });
});
