/**
 * The companion app's hub routes in-process (Fastify inject) over a SQLite hub and stand-in
 * locks: who is signed in, lock states, lock/unlock and settings through the lock's link,
 * acknowledging alerts, editing (replacing) a code so the lock ends with exactly the new one,
 * the host's locks not yet managed, and who may call each (a guest none but /me).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import Fastify from "fastify";
import { getProfile } from "../../core/profiles/index.ts";
import { SimulatedLock } from "../../core/testing/simulated-lock.ts";
import type { FastifyInstance } from "fastify";
import { Hub, HubRepository } from "../../hub/index.ts";
import type { HubLockView } from "../../hub/index.ts";
import { openSqliteDb } from "../../hub/storage/sqlite-db.ts";
import { FakeLockSource } from "../../hub/fake-lock-source.test-fake.ts";
import { HUB_API_PREFIX, hubApi } from "./hub-api.ts";

/** Stand-in locks that say they are SmartCode 914s, with the host's extra view fields. */
class Fake914Source extends FakeLockSource {
  /** Whether the view says the lock's mode, as the host's does (a lock source need not). */
  viewHasMode = true;
  override view(id: string): HubLockView | undefined {
    const v = super.view(id);
    return (
      v &&
      ({
        ...v,
        profileId: "smartcode-914",
        door: "open",
        ...(this.viewHasMode ? { mode: "normal" } : {}),
        firmwareVersion: "1.0.0",
      } as HubLockView)
    );
  }
}

let app: FastifyInstance;
let hub: Hub;
let source: Fake914Source;
const OWNER = "test-admin-token-0123456789";
const tokens = { owner: OWNER, manager: "", guest: "", outsider: "" };

beforeEach(async () => {
  const repo = await HubRepository.open(openSqliteDb(":memory:"));
  source = new Fake914Source(() => Date.now());
  source.add("front");
  source.add("cabin-door");
  source.add("garage");
  hub = new Hub({ repo, source });
  await hub.watch();
  const admin = await hub.ensureAdminToken(OWNER);
  await hub.createSite(admin, { id: "home", name: "Home", timeZone: "Europe/Berlin" });
  await hub.createSite(admin, { id: "cabin", name: "Cabin", timeZone: "America/Denver" });
  await hub.addLock(admin, { lockId: "front", siteId: "home" });
  await hub.addLock(admin, { lockId: "cabin-door", siteId: "cabin" });
  await hub.addPerson(admin, { id: "max", name: "Max", role: "manager", siteIds: ["home"] });
  await hub.addPerson(admin, { id: "oscar", name: "Oscar", role: "manager", siteIds: ["cabin"] });
  await hub.addPerson(admin, { id: "gus", name: "Gus", role: "guest" });
  for (const [role, pid] of [
    ["manager", "max"],
    ["guest", "gus"],
    ["outsider", "oscar"],
  ] as const) {
    const t = await hub.createApiToken(admin, pid);
    if (!t.ok) throw new Error(t.reason);
    tokens[role] = t.value;
  }
  app = Fastify();
  await app.register(hubApi, { hub });
});

afterEach(async () => {
  await app.close();
  await hub.close();
  await hub.repo.close();
});

const call = (method: "GET" | "POST", url: string, token?: string, body?: unknown) =>
  app.inject({
    method,
    url: `${HUB_API_PREFIX}${url}`,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(body === undefined ? {} : { payload: body as object }),
  });

describe("companion routes", () => {
  it("GET /me names the caller and their role; without credentials 401", async () => {
    expect((await call("GET", "/me")).statusCode).toBe(401);
    expect((await call("GET", "/me", tokens.guest)).json().person).toMatchObject({
      id: "gus",
      role: "guest",
    });
    expect((await call("GET", "/me", tokens.manager)).json().person).toMatchObject({
      id: "max",
      name: "Max",
      role: "manager",
      site_ids: ["home"],
    });
  });

  it("lock states carry door, mode, firmware, last activity, settings of the profile and the battery forecast; a manager sees their sites only", async () => {
    const all = (await call("GET", "/lock_states", tokens.owner)).json().locks;
    expect(all.map((l: { lock_id: string }) => l.lock_id).sort()).toEqual(["cabin-door", "front"]);
    const front = all.find((l: { lock_id: string }) => l.lock_id === "front");
    expect(front).toMatchObject({
      door: "open",
      mode: "normal",
      firmware_version: "1.0.0",
      one_touch_locking: true,
      battery_forecast: { stops_locking_at: null },
    });
    const names = front.settings.map((s: { name: string }) => s.name);
    expect(names).toEqual(expect.arrayContaining(["autoLock", "audio", "requirePinForRemote"]));
    const mine = (await call("GET", "/lock_states", tokens.manager)).json().locks;
    expect(mine.map((l: { lock_id: string }) => l.lock_id)).toEqual(["front"]);
    expect((await call("GET", "/locks/cabin-door/state", tokens.manager)).statusCode).toBe(403);
    expect((await call("GET", "/lock_states", tokens.guest)).statusCode).toBe(403);
  });

  it("unlock and lock go to the lock over its link and into history with who asked; a guest or another site's manager sends nothing", async () => {
    const link = source.get("front");
    const before = link.received.length;
    expect((await call("POST", "/locks/front/unlock", tokens.guest, {})).statusCode).toBe(403);
    expect((await call("POST", "/locks/front/unlock", tokens.outsider, {})).statusCode).toBe(403);
    expect(link.received.length).toBe(before);
    const r = await call("POST", "/locks/front/unlock", tokens.manager, {});
    expect(r.statusCode).toBe(200);
    expect(link.received.at(-1)).toEqual({ type: "unlock" });
    expect(r.json().lock.last_activity).toMatchObject({ kind: "app.unlock", source: "person:max" });
    expect((await call("POST", "/locks/front/lock", tokens.owner, {})).statusCode).toBe(200);
    expect(link.received.at(-1)).toEqual({ type: "lock" });
    expect((await call("POST", "/locks/front/lock", tokens.owner, { code: "12" })).json().error.code).toBe(
      "request.invalid",
    );
  });

  it("an offline lock refuses with its own code (409 lock.offline)", async () => {
    source.get("front").online = false;
    const r = await call("POST", "/locks/front/unlock", tokens.owner, {});
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe("lock.offline");
  });

  it("settings the profile has are sent and shown back; an unknown one is refused before anything is sent", async () => {
    const link = source.get("front");
    const before = link.received.length;
    const bad = await call("POST", "/locks/front/settings", tokens.owner, { settings: { turbo: true } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("settings.invalid");
    const wrongType = await call("POST", "/locks/front/settings", tokens.owner, { settings: { audio: 3 } });
    expect(wrongType.json().error.code).toBe("settings.invalid");
    // A name every object inherits is no setting either (it was read from the prototype:
    // "setting \"toString\" takes a function").
    for (const name of ["toString", "hasOwnProperty", "valueOf"]) {
      const inherited = await call("POST", "/locks/front/settings", tokens.owner, {
        settings: { [name]: true },
      });
      expect(inherited.json().error, name).toEqual({
        code: "settings.invalid",
        message: `this lock has no setting "${name}"`,
      });
    }
    expect(link.received.length).toBe(before);
    const ok = await call("POST", "/locks/front/settings", tokens.manager, {
      settings: { audio: false, autoLock: true, autoLockSeconds: 30 },
      mode: "vacation",
    });
    expect(ok.statusCode).toBe(200);
    expect(link.received.slice(-2)).toEqual([
      { type: "settings", settings: { audio: false, autoLock: true, autoLockSeconds: 30 } },
      { type: "mode", mode: "vacation" },
    ]);
    const settings = Object.fromEntries(
      ok.json().lock.settings.map((s: { name: string; value: unknown }) => [s.name, s.value]),
    );
    expect(settings).toMatchObject({ audio: false, autoLock: true, autoLockSeconds: 30 });
    expect((await call("POST", "/locks/front/settings", tokens.guest, { mode: "privacy" })).statusCode).toBe(
      403,
    );
    expect((await call("POST", "/locks/front/settings", tokens.owner, {})).statusCode).toBe(400);
  });

  it("B-SEC-2: a mode's code goes to the lock with it (passage unlocks); a code that is not digits is refused before anything is sent", async () => {
    const link = source.get("front");
    const before = link.received.length;
    const bad = await call("POST", "/locks/front/settings", tokens.owner, { mode: "passage", code: "12ab" });
    expect(bad.statusCode).toBe(400);
    expect(link.received.length).toBe(before);
    const ok = await call("POST", "/locks/front/settings", tokens.owner, { mode: "passage", code: "2947" });
    expect(ok.statusCode).toBe(200);
    expect(link.received.at(-1)).toEqual({ type: "mode", mode: "passage", code: "2947" });
  });

  it("B-RST-1: a factory reset at the lock reads back into the hub: the lock's state shows the factory settings again", async () => {
    const set = await call("POST", "/locks/front/settings", tokens.owner, {
      settings: { audio: false, autoLock: true, autoLockSeconds: 30 },
    });
    expect(set.statusCode).toBe(200);
    const shown = async () =>
      Object.fromEntries(
        (await call("GET", "/locks/front/state", tokens.owner))
          .json()
          .lock.settings.map((s: { name: string; value: unknown }) => [s.name, s.value]),
      );
    expect(await shown()).toMatchObject({ audio: false, autoLock: true, autoLockSeconds: 30 });
    // Someone holds Program at the lock: the lock reports it, the hub hears it.
    source.get("front").factoryReset();
    await hub.idle();
    expect(await shown()).toEqual(getProfile("smartcode-914")!.defaultSettings);
  });

  it("B-NET-2: a setting changed at the lock by another controller reads back into the hub's lock state from the lock's report", async () => {
    const shown = async () =>
      Object.fromEntries(
        (await call("GET", "/locks/front/state", tokens.owner))
          .json()
          .lock.settings.map((s: { name: string; value: unknown }) => [s.name, s.value]),
      );
    expect(await shown()).toMatchObject({ audio: true, autoLock: false });
    // A second controller (Matter, MQTT, another hub) sends the real firmware a settings command;
    // the report it sends to every listener reaches this hub over the lock's link.
    const lock = new SimulatedLock(getProfile("smartcode-914")!, { codes: ["2947"] });
    lock.radio({ type: "settings", settings: { audio: false, autoLock: true, autoLockSeconds: 30 } });
    for (const e of lock.radioEvents()) source.get("front").relay(e);
    await hub.idle();
    expect(await shown()).toMatchObject({ audio: false, autoLock: true, autoLockSeconds: 30 });
  });

  it("B-SEC-2, B-NET-2: a mode changed by another controller reads back into the hub's lock state from the lock's report, until a factory reset", async () => {
    source.viewHasMode = false; // the lock source does not say the mode: the lock's reports do
    const mode = async () => (await call("GET", "/locks/front/state", tokens.owner)).json().lock.mode;
    expect(await mode()).toBe("normal");
    // A second controller (Matter, MQTT, another hub) sends the real firmware a mode command.
    const lock = new SimulatedLock(getProfile("smartcode-914")!, { codes: ["2947"] });
    lock.radio({ type: "mode", mode: "vacation" });
    lock.radio({ type: "mode", mode: "vacation" }); // the same mode again: nothing reported
    expect(lock.radioEvents()).toEqual([{ kind: "mode-changed", source: "remote", mode: "vacation" }]);
    for (const e of lock.radioEvents()) source.get("front").relay(e);
    await hub.idle();
    expect(await mode()).toBe("vacation");
    const history = await hub.repo.listEvents({ lockIds: ["front"], kinds: ["lock.mode-changed"] });
    expect(history).toMatchObject([{ source: "remote", detail: "vacation" }]);
    source.get("front").factoryReset();
    await hub.idle();
    expect(await mode()).toBe("normal");
  });

  it("B-NET-2, B-SEC-2: a hub that first sees a lock reads its status: mode and settings set before it joined show in the lock's state", async () => {
    source.viewHasMode = false;
    const garage = source.get("garage");
    garage.mode = "privacy";
    garage.settings = { ...getProfile("smartcode-914")!.defaultSettings, audio: false, autoLockSeconds: 60 };
    const admin = await hub.ensureAdminToken(OWNER);
    await hub.addLock(admin, { lockId: "garage", siteId: "home" });
    await hub.settle();
    expect(garage.received).toContainEqual({ type: "status" });
    const lock = (await call("GET", "/locks/garage/state", tokens.owner)).json().lock;
    expect(lock.mode).toBe("privacy");
    const settings = Object.fromEntries(
      lock.settings.map((s: { name: string; value: unknown }) => [s.name, s.value]),
    );
    expect(settings).toMatchObject({ audio: false, autoLockSeconds: 60, autoLock: false });
    const read = await hub.repo.listEvents({ lockIds: ["garage"], kinds: ["lock.settings-changed"] });
    expect(read.map((e) => [e.source, JSON.parse(e.detail ?? "")])).toEqual([
      ["status", { audio: false, autoLockSeconds: 60 }],
    ]);
    // What the hub already knows is not written again at the next inventory.
    garage.keypadAdd(2, "5821");
    await hub.settle();
    expect(garage.received.filter((c) => c.type === "status")).toHaveLength(2);
    expect(
      await hub.repo.listEvents({
        lockIds: ["garage"],
        kinds: ["lock.settings-changed", "lock.mode-changed"],
      }),
    ).toHaveLength(2);
  });

  it("an alert is acknowledged once by someone who manages its site; then it is no longer open", async () => {
    const a = await hub.repo.raiseAlert({
      atMs: Date.now(),
      lockId: "front",
      siteId: "home",
      kind: "care.test-codes",
      message: "test every code with the door open",
    });
    if (!a) throw new Error("no alert");
    expect((await call("POST", `/alerts/${a.id}/acknowledge`, tokens.guest)).statusCode).toBe(403);
    expect((await call("POST", `/alerts/${a.id}/acknowledge`, tokens.outsider)).statusCode).toBe(403);
    expect((await call("POST", "/alerts/999/acknowledge", tokens.owner)).statusCode).toBe(404);
    const ok = await call("POST", `/alerts/${a.id}/acknowledge`, tokens.manager);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().alert.kind).toBe("care.test-codes");
    expect((await call("GET", "/alerts", tokens.owner)).json().alerts).toEqual([]);
    expect((await call("POST", `/alerts/${a.id}/acknowledge`, tokens.owner)).json().error.code).toBe(
      "alert.resolved",
    );
  });

  it("B-CODE-4: editing a code replaces it; the lock loses the old one first, so the same digits end set in one slot", async () => {
    const made = await call("POST", "/access_codes", tokens.owner, {
      lock_ids: ["front"],
      name: "Cleaner",
      code: "583920",
    });
    const oldId = made.json().access_code.id;
    await hub.settle();
    expect(source.get("front").codes()).toEqual(["583920"]);
    const bad = await call("POST", `/access_codes/${oldId}/replace`, tokens.owner, {
      lock_ids: ["front"],
      name: "Cleaner",
      code: "58a",
    });
    expect(bad.statusCode).toBe(400);
    expect(
      (await call("GET", `/access_codes/${oldId}`, tokens.owner)).json().access_code.deleted_at,
    ).toBeNull();
    expect(
      (await call("POST", `/access_codes/${oldId}/replace`, tokens.guest, { lock_ids: ["front"], name: "x" }))
        .statusCode,
    ).toBe(404);
    const r = await call("POST", `/access_codes/${oldId}/replace`, tokens.manager, {
      lock_ids: ["front"],
      name: "Cleaner (weekdays)",
      code: "583920",
      weekly: { days: ["mon", "tue", "wed", "thu", "fri"], start_time: "09:00", end_time: "17:00" },
    });
    expect(r.statusCode).toBe(201);
    expect(r.json().replaced_access_code_id).toBe(oldId);
    const newId = r.json().access_code.id;
    await hub.settle();
    expect(source.get("front").codes()).toEqual(["583920"]);
    const now = (await call("GET", `/access_codes/${newId}`, tokens.owner)).json().access_code;
    expect(now.status).toBe("set");
    expect(now.weekly.days).toHaveLength(5);
    const old = (await call("GET", `/access_codes/${oldId}`, tokens.owner)).json().access_code;
    expect(old.locks[0].status).toBe("removed");
  });

  it("B-CODE-9: checking digits answers weak-code warnings and makes nothing; a guest may not", async () => {
    const r = await call("POST", "/access_codes/check", tokens.manager, { code: "1234", site_id: "home" });
    expect(r.json().warnings.map((w: { code: string }) => w.code)).toEqual(
      expect.arrayContaining(["code.weak-common", "code.weak-sequence"]),
    );
    expect(
      (await call("POST", "/access_codes/check", tokens.owner, { code: "583920" })).json().warnings,
    ).toEqual([]);
    expect((await call("POST", "/access_codes/check", tokens.owner, { code: "12ab" })).statusCode).toBe(400);
    expect((await call("POST", "/access_codes/check", tokens.guest, { code: "1234" })).statusCode).toBe(403);
    expect((await call("GET", "/access_codes", tokens.owner)).json().access_codes).toEqual([]);
  });

  it("host locks not yet under the hub are listed for owners and managers, not guests", async () => {
    const r = await call("GET", "/host_locks", tokens.owner);
    expect(r.json().host_locks.map((l: { lock_id: string }) => l.lock_id)).toEqual(["garage"]);
    expect((await call("GET", "/host_locks", tokens.manager)).statusCode).toBe(200);
    expect((await call("GET", "/host_locks", tokens.guest)).statusCode).toBe(403);
    expect((await call("GET", "/host_locks")).statusCode).toBe(401);
  });

  it("host locks come a page at a time by id, saying when more follow; a made-up cursor is refused", async () => {
    // Before: at most 1,000 in the host's order and no word of the rest (a host serving more over
    // the broker hid them from Add a lock), and limit/page_cursor were not read.
    source.add("attic");
    source.add("boathouse");
    const first = await call("GET", "/host_locks?limit=2", tokens.owner);
    expect(first.json().host_locks.map((l: { lock_id: string }) => l.lock_id)).toEqual([
      "attic",
      "boathouse",
    ]);
    expect(first.json().pagination.has_next_page).toBe(true);
    const next = await call(
      "GET",
      first.json().pagination.next_page_url.replace(HUB_API_PREFIX, ""),
      tokens.owner,
    );
    expect(next.json().host_locks.map((l: { lock_id: string }) => l.lock_id)).toEqual(["garage"]);
    expect(next.json().pagination).toEqual({
      has_next_page: false,
      next_page_cursor: null,
      next_page_url: null,
    });
    const all = await call("GET", "/host_locks", tokens.owner);
    expect(all.json().host_locks).toHaveLength(3);
    expect(all.json().pagination.has_next_page).toBe(false);
    for (const q of ["?page_cursor=nope", "?limit=0", "?limit=1001", "?sort=id"])
      expect((await call("GET", `/host_locks${q}`, tokens.owner)).statusCode, q).toBe(400);
  });
});
