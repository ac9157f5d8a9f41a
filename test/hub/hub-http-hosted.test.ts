/**
 * The hub as a property manager or an integrator uses it: over real HTTP on loopback, through
 * the server's edge, with real hosted locks (src/host/, free-running clocks the test moves,
 * the hub's clock moved with them), so every "set" is a slot the lock itself holds and every
 * "opens" is a bolt that drew back at the keypad. On SQLite, and on PostgreSQL when
 * DATABASE_URL is set. What the other hub suites prove on stand-in locks or without HTTP is
 * not repeated here.
 */
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { LockHost } from "../../src/host/index.ts";
import type { CreateLockOptions } from "../../src/host/index.ts";
import { Hub, ephemeralSigningKey } from "../../src/hub/index.ts";
import type { HubRepository } from "../../src/hub/index.ts";
import { addCode, enterCode, runFactoryReset } from "../../src/twin/person-actions.ts";
import { backends } from "../../src/hub/storage/test-backends.test-fake.ts";
import { createServer } from "../../src/server/create-server.ts";
import type { LockServer } from "../../src/server/create-server.ts";
import { HUB_API_PREFIX } from "../../src/server/routes/hub-api.ts";
import { LATEST_VERSION } from "../../src/core/update/firmware-versions.ts";
import { readyLockSetup } from "../../src/host/ready-lock-setup.ts";
import { valueOrThrow } from "../../src/host/outcome.ts";

const TOKEN = "property-manager-token-0123456789";
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const SETUP = readyLockSetup("smartcode-914", 0, { door: "open", paired: true });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, read as a client would
type Json = any;

interface LockSpec {
  readonly id: string;
  readonly profile?: CreateLockOptions["setup"]["profile"];
  readonly codes?: { slot: number; code: string }[];
  readonly faults?: CreateLockOptions["setup"]["faults"];
}

for (const backend of backends("hub over HTTP on hosted locks")) {
  describe(`the hub over HTTP on hosted locks, ${backend.name}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
    });

    async function setup(locks: readonly LockSpec[], options: { t0: number; timeZone: string }) {
      const opened = await backend.open();
      cleanups.push(opened.cleanup);
      // The hub signs firmware with this key, and the locks trust it.
      const key = ephemeralSigningKey();
      const host = new LockHost({ pacing: false, updateKeys: [key.publicKey] });
      host.open();
      cleanups.push(() => host.close());
      for (const l of locks)
        valueOrThrow(
          host.create({
            id: l.id,
            setup: {
              ...SETUP,
              profile: l.profile ?? "smartcode-914",
              timeMs: options.t0,
              codes: l.codes ?? [],
              faults: l.faults ?? [],
            },
          }),
        );
      const clock = { now: options.t0 };
      const state: { hub: Hub; server: LockServer; base: string; repo: HubRepository } = {
        ...(await startHub(opened.repo)),
        repo: opened.repo,
      };
      async function startHub(repo: HubRepository) {
        const hub = new Hub({
          repo,
          source: host,
          now: () => clock.now,
          owner: `hub-${Math.random()}`,
          firmwareKey: key,
        });
        await hub.watch();
        await hub.ensureAdminToken(TOKEN);
        const server = await createServer({ hub, host, webDist: null, initialLocks: [] });
        const base = `${await server.listen(0, "127.0.0.1")}${HUB_API_PREFIX}`;
        return { hub, server, base };
      }
      cleanups.push(async () => {
        await state.server.close();
        await state.hub.close();
      });

      /** A request as the person holding `token`. */
      const as = async (token: string, method: string, path: string, body?: unknown) => {
        const r = await fetch(`${state.base}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body === undefined ? {} : { "content-type": "application/json" }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await r.text();
        return { status: r.status, json: (text ? JSON.parse(text) : null) as Json };
      };
      /** A request as the owner. */
      const api = (method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> =>
        as(TOKEN, method, path, body);
      const settle = async () => void (await state.hub.settle());
      /** Moves the locks' clocks and the hub's together, syncing as a running hub would. */
      const advance = async (ms: number, stepMs = 30_000) => {
        const end = clock.now + ms;
        while (clock.now < end) {
          const step = Math.min(stepMs, end - clock.now);
          host.advanceAll(step);
          clock.now += step;
          await settle();
        }
      };
      /** Moves both clocks to `atMs` (in steps), syncing on the way. */
      const advanceTo = (atMs: number, stepMs = 30_000) => advance(atMs - clock.now, stepMs);
      /** A person types a code at the keypad with the bolt thrown; true when it drew back. */
      const opens = async (lockId: string, code: string): Promise<boolean> => {
        valueOrThrow(host.act(lockId, (l) => l.turn({ direction: "lock", by: "thumbturn" })));
        host.advanceAll(5_000);
        valueOrThrow(host.act(lockId, (l) => l.handsOn((twin) => enterCode(twin, code))));
        host.advanceAll(10_000);
        clock.now += 15_000;
        await settle();
        return host.view(lockId)?.bolt === "unlocked";
      };
      const code = async (id: string): Promise<Json> =>
        (await api("GET", `/access_codes/${id}`)).json.access_code;
      const lockRow = async (id: string, lockId: string): Promise<Json> =>
        ((await code(id)).locks as Json[]).find((l) => l.lock_id === lockId);
      const slotOnLock = async (lockId: string, slot: number): Promise<Json> =>
        host.link(lockId)!.send({ type: "readSlot", slot });
      /** Stops the hub and its server, and starts a new one on the same database (reopened). */
      const stop = async () => {
        await state.server.close();
        await state.hub.close();
        await state.repo.close();
      };
      const start = async () => {
        state.repo = await opened.reopen();
        Object.assign(state, await startHub(state.repo));
      };
      const restart = async () => {
        await stop();
        await start();
      };

      expect(
        (await api("POST", "/sites", { id: "home", name: "Home", time_zone: options.timeZone })).status,
      ).toBe(201);
      for (const l of locks)
        expect((await api("POST", "/locks", { lock_id: l.id, site_id: "home" })).status).toBe(201);
      await settle();
      return {
        host,
        clock,
        api,
        as,
        settle,
        advance,
        advanceTo,
        opens,
        code,
        lockRow,
        slotOnLock,
        stop,
        start,
        restart,
        state,
      };
    }

    it("B-CODE-8: a stay written in the site's zone across the spring-forward night opens only inside its window on the lock, and leaves the lock at its end", async () => {
      // New York springs forward at 02:00 on Sunday 14 March 2027 (EST -5 → EDT -4).
      const t = await setup([{ id: "front" }], {
        t0: Date.UTC(2027, 2, 12, 17, 0),
        timeZone: "America/New_York",
      });
      const made1 = await t.api("POST", "/access_codes", {
        lock_ids: ["front"],
        name: "Weekend guest",
        code: "583920",
        starts_at: "2027-03-13T22:00",
        ends_at: "2027-03-14T10:00",
        lead_time_minutes: 60,
      });
      expect(made1.status).toBe(201);
      const id = made1.json.access_code.id as string;
      const start = Date.UTC(2027, 2, 14, 3, 0); // 22:00 EST
      const end = Date.UTC(2027, 2, 14, 14, 0); // 10:00 EDT
      expect(made1.json.access_code).toMatchObject({
        starts_at: new Date(start).toISOString(),
        ends_at: new Date(end).toISOString(),
        status: "setting",
      });
      await t.advanceTo(start - 2 * HOUR, 4 * HOUR);
      expect(await t.lockRow(id, "front")).toMatchObject({
        status: "setting",
        warnings: [{ code: "code.scheduled" }],
      });
      expect(await t.opens("front", "583920")).toBe(false);
      await t.advanceTo(start - 30 * MINUTE, 10 * MINUTE);
      const row = await t.lockRow(id, "front");
      expect(row.status).toBe("set");
      expect(await t.slotOnLock("front", row.slot)).toMatchObject({
        ok: true,
        data: { occupied: true, validFromMs: start, validUntilMs: end },
      });
      expect(await t.opens("front", "583920")).toBe(false); // on the lock, but its window has not opened
      await t.advanceTo(start + 5 * MINUTE, 5 * MINUTE);
      expect(await t.opens("front", "583920")).toBe(true);
      await t.advanceTo(end - 20 * MINUTE, 2 * HOUR); // 09:40 EDT, after the clocks changed
      expect(await t.opens("front", "583920")).toBe(true);
      await t.advanceTo(end + MINUTE, MINUTE);
      expect(await t.lockRow(id, "front")).toMatchObject({ status: "removed", slot: null });
      expect((await t.code(id)).status).toBe("removed");
      expect(await t.slotOnLock("front", row.slot)).toMatchObject({ ok: true, data: { occupied: false } });
      expect(await t.opens("front", "583920")).toBe(false);
    });

    it("B-CODE-8: weekly hours in the site's zone stay the same wall-clock hours on the lock after daylight saving starts", async () => {
      // Berlin springs forward at 02:00 on Sunday 28 March 2027 (CET +1 → CEST +2).
      const t = await setup([{ id: "front" }], {
        t0: Date.UTC(2027, 2, 25, 12, 0),
        timeZone: "Europe/Berlin",
      });
      const r = await t.api("POST", "/access_codes", {
        lock_ids: ["front"],
        name: "Cleaner",
        code: "619274",
        weekly: { days: ["mon", "tue", "wed", "thu", "fri"], start_time: "09:00", end_time: "17:00" },
      });
      expect(r.status).toBe(201);
      await t.settle();
      expect((await t.code(r.json.access_code.id)).status).toBe("set");
      // Friday 26 March, CET: 09:30 is 08:30 UTC.
      await t.advanceTo(Date.UTC(2027, 2, 26, 7, 30), HOUR);
      expect(await t.opens("front", "619274")).toBe(false); // 08:30 in Berlin
      await t.advanceTo(Date.UTC(2027, 2, 26, 8, 30), HOUR);
      expect(await t.opens("front", "619274")).toBe(true); // 09:30
      // Monday 29 March, CEST: 08:30 in Berlin is 06:30 UTC, 16:30 is 14:30 UTC.
      await t.advanceTo(Date.UTC(2027, 2, 29, 6, 30), 6 * HOUR);
      expect(await t.opens("front", "619274")).toBe(false); // 08:30 in Berlin
      await t.advanceTo(Date.UTC(2027, 2, 29, 7, 30), HOUR);
      expect(await t.opens("front", "619274")).toBe(true); // 09:30
      await t.advanceTo(Date.UTC(2027, 2, 29, 14, 30), HOUR);
      expect(await t.opens("front", "619274")).toBe(true); // 16:30
      await t.advanceTo(Date.UTC(2027, 2, 29, 15, 30), HOUR);
      expect(await t.opens("front", "619274")).toBe(false); // 17:30
      expect((await t.code(r.json.access_code.id)).status).toBe("set");
    });

    it("B-NET-5, B-NET-1: a shared code while one lock's radio is down: that lock `setting` with lock.offline (never `set`), the other `set`; an edit and a delete made meanwhile reach it when it is back", async () => {
      const t = await setup([{ id: "front" }, { id: "back" }], {
        t0: Date.UTC(2026, 11, 7, 9, 0),
        timeZone: "Europe/Berlin",
      });
      valueOrThrow(t.host.act("back", (l) => l.fault({ fault: "radio-offline" })));
      const a = await t.api("POST", "/access_codes", {
        lock_ids: ["front", "back"],
        name: "Family",
        code: "472983",
      });
      expect(a.status).toBe(201);
      const aId = a.json.access_code.id as string;
      await t.advance(20 * MINUTE, 5 * MINUTE);
      const seen = await t.code(aId);
      expect(seen.status).toBe("setting");
      expect(seen.locks).toMatchObject([
        { lock_id: "back", status: "setting", slot: null, warnings: [{ code: "lock.offline" }] },
        { lock_id: "front", status: "set" },
      ]);
      expect(
        (await t.api("GET", "/alerts")).json.alerts.map((x: Json) => `${x.lock_id} ${x.kind}`),
      ).toContain("back lock.offline");
      // The keypad still works where the radio does not (B-NET-5): front takes the code, back not yet.
      expect(await t.opens("front", "472983")).toBe(true);
      expect(await t.opens("back", "472983")).toBe(false);
      // An edit (new digits) and a new code, then the edited code's delete, all while back is away.
      const b = await t.api("POST", `/access_codes/${aId}/replace`, {
        lock_ids: ["front", "back"],
        name: "Family",
        code: "530617",
      });
      expect(b.status).toBe(201);
      const bId = b.json.access_code.id as string;
      await t.advance(10 * MINUTE, 5 * MINUTE);
      expect(await t.opens("front", "472983")).toBe(false);
      expect(await t.opens("front", "530617")).toBe(true);
      // The old digits never reached back (no slot was claimed there while it was away): nothing to take back.
      expect(await t.lockRow(aId, "back")).toMatchObject({ status: "removed", slot: null });
      expect((await t.lockRow(bId, "back")).status).toBe("setting");
      valueOrThrow(t.host.act("back", (l) => l.fix({ fix: "restore-connectivity" })));
      await t.advance(10 * MINUTE, MINUTE);
      expect((await t.code(aId)).locks.map((l: Json) => l.status)).toEqual(["removed", "removed"]);
      expect((await t.code(bId)).status).toBe("set");
      expect(await t.opens("back", "472983")).toBe(false);
      expect(await t.opens("back", "530617")).toBe(true);
      expect(
        (await t.api("GET", "/alerts")).json.alerts.map((x: Json) => `${x.lock_id} ${x.kind}`),
      ).not.toContain("back lock.offline");
      const del = await t.api("DELETE", `/access_codes/${bId}`);
      expect(del.json.access_code.locks.map((l: Json) => l.status)).toEqual(["removing", "removing"]);
      await t.settle();
      expect((await t.code(bId)).status).toBe("removed");
      expect(await t.opens("front", "530617")).toBe(false);
      expect(await t.opens("back", "530617")).toBe(false);
    });

    it("B-NET-2, B-NET-1: a lock the host deletes reads as deleted over the API and Seam's paths — `removed_at`, not paired, its codes not `set`, one alert, Seam's device_removed — across a hub restart; the other lock unchanged; made again under its id it takes its codes back", async () => {
      const t = await setup([{ id: "front" }, { id: "back" }], {
        t0: Date.UTC(2026, 11, 7, 9, 0),
        timeZone: "Europe/Berlin",
      });
      const made = await t.api("POST", "/access_codes", {
        lock_ids: ["front", "back"],
        name: "Family",
        code: "472983",
      });
      const id = made.json.access_code.id as string;
      await t.settle();
      expect((await t.code(id)).status).toBe("set");
      const backBefore = await t.lockRow(id, "back");
      valueOrThrow(t.host.remove("front"));
      await t.state.hub.idle();
      await t.settle();
      const seam = async (path: string, body: unknown): Promise<Json> => {
        const r = await fetch(`${t.state.base.replace(HUB_API_PREFIX, "/api/seam/v1")}/${path}`, {
          method: "POST",
          headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        expect(r.status).toBe(200);
        return r.json();
      };
      const check = async () => {
        const locks = (await t.api("GET", "/locks")).json.locks as Json[];
        expect(locks.map((l) => [l.lock_id, l.removed_at, l.online, l.paired])).toEqual([
          ["back", null, true, true],
          ["front", new Date(t.clock.now).toISOString(), false, false],
        ]);
        // Before: front read paired, and the code `set` on it, though the lock and its table were gone.
        const c = await t.code(id);
        expect(c.status).toBe("setting");
        expect(await t.lockRow(id, "front")).toMatchObject({
          status: "setting",
          slot: null,
          errors: [{ code: "lock.removed" }],
        });
        expect(c.errors).toMatchObject([{ code: "lock.removed", lock_id: "front" }]);
        expect(await t.lockRow(id, "back")).toEqual(backBefore);
        const alerts = (await t.api("GET", "/alerts")).json.alerts as Json[];
        expect(alerts.map((a) => `${a.lock_id} ${a.kind}`)).toEqual(["front lock.removed"]);
        const device = (await seam("devices/get", { device_id: "front" })).device;
        expect(device.properties.online).toBe(false);
        expect(device.errors.map((e: Json) => e.error_code)).toEqual(["device_removed"]);
        expect((await seam("devices/get", { device_id: "back" })).device.errors).toEqual([]);
        const seamCode = (await seam("access_codes/list", { device_id: "front" })).access_codes[0];
        expect(seamCode).toMatchObject({ status: "setting", errors: [{ error_code: "device_removed" }] });
        const events = (await seam("events/list", { since: "2026-12-01T00:00:00Z", device_id: "front" }))
          .events;
        expect(events.map((e: Json) => e.event_type)).toContain("device.removed");
      };
      await check();
      await t.restart();
      await t.settle();
      await check();

      valueOrThrow(t.host.create({ id: "front", setup: { ...SETUP, timeMs: t.clock.now } }));
      await t.state.hub.idle();
      await t.settle();
      const front = ((await t.api("GET", "/locks")).json.locks as Json[]).find((l) => l.lock_id === "front");
      expect(front).toMatchObject({ removed_at: null, online: true, paired: true });
      expect(await t.lockRow(id, "front")).toMatchObject({ status: "set", errors: [] });
      expect((await t.api("GET", "/alerts")).json.alerts).toEqual([]);
      expect(await t.opens("front", "472983")).toBe(true);
    });

    it("B-NET-2: a lock taken off the hub's care loses every code the hub put there (deletes sent), its alerts close and history names who did it; it leaves GET /locks, no sync visits it and nothing it reports is heard though the host still has it; writes to it are 409 lock.unmanaged; asking twice changes nothing; brought back it is read afresh; the other lock is untouched", async () => {
      const t = await setup([{ id: "front", codes: [{ slot: 20, code: "918273" }] }, { id: "back" }], {
        t0: Date.UTC(2026, 11, 7, 9, 0),
        timeZone: "Europe/Berlin",
      });
      const shared = (
        await t.api("POST", "/access_codes", { lock_ids: ["front", "back"], name: "Family", code: "472983" })
      ).json.access_code.id as string;
      // Same first four digits as the keypad code in slot 20: front refuses it (an open code.sync-failed alert).
      const refused = (
        await t.api("POST", "/access_codes", { lock_ids: ["front"], name: "Clash", code: "918299" })
      ).json.access_code.id as string;
      await t.settle();
      expect(await t.lockRow(shared, "front")).toMatchObject({ status: "set" });
      expect(await t.lockRow(refused, "front")).toMatchObject({ status: "failed" });
      const frontSlot = (await t.lockRow(shared, "front")).slot as number;
      const backBefore = await t.lockRow(shared, "back");
      const frontAlerts = async () =>
        ((await t.api("GET", "/alerts?lock_id=front")).json.alerts as Json[]).map((a) => a.kind);
      expect(await frontAlerts()).toEqual([`code.sync-failed:${refused}`]);
      expect((await t.api("GET", "/locks/front")).json.lock.unmanaged_codes).toMatchObject([{ slot: 20 }]);

      const off = await t.api("PATCH", "/locks/front", { managed: false });
      expect(off.status).toBe(200);
      expect(off.json.lock).toMatchObject({
        lock_id: "front",
        managed: false,
        unmanaged_at: new Date(t.clock.now).toISOString(),
        unmanaged_codes: [],
      });
      // Reachable: the code on it is being deleted; the refused one never reached it.
      expect(await t.lockRow(shared, "front")).toMatchObject({ status: "removing", slot: frontSlot });
      expect(await t.lockRow(refused, "front")).toMatchObject({ status: "removed", slot: null });
      expect(await frontAlerts()).toEqual([]);
      await t.settle();
      expect(await t.lockRow(shared, "front")).toMatchObject({ status: "removed", slot: null, warnings: [] });
      expect((await t.slotOnLock("front", frontSlot)).data).toMatchObject({ occupied: false });
      expect(await t.opens("front", "472983")).toBe(false);
      expect(await t.lockRow(shared, "back")).toEqual(backBefore);
      expect(await t.opens("back", "472983")).toBe(true);
      const took = (await t.api("GET", "/events?lock_id=front&kind=lock.unmanaged")).json.events as Json[];
      expect(took).toHaveLength(1);
      expect(took[0]).toMatchObject({ at: off.json.lock.unmanaged_at });
      expect(took[0].source).toBe(`person:${took[0].person_id}`);
      expect((await t.api("GET", "/locks")).json.locks.map((l: Json) => l.lock_id)).toEqual(["back"]);
      expect((await t.api("GET", "/locks?managed=false")).json.locks.map((l: Json) => l.lock_id)).toEqual([
        "front",
      ]);

      // Asking again answers the same and changes nothing.
      const now = await t.api("GET", "/locks/front");
      const again = await t.api("PATCH", "/locks/front", { managed: false });
      expect(again).toEqual(now);
      expect(again.json.lock.unmanaged_at).toBe(off.json.lock.unmanaged_at);
      expect((await t.api("GET", "/events?lock_id=front&kind=lock.unmanaged")).json.events).toHaveLength(1);
      // Writes aimed at it are refused, nothing made.
      const codesBefore = (await t.api("GET", "/access_codes")).json.access_codes.length;
      const create = await t.api("POST", "/access_codes", {
        lock_ids: ["front"],
        name: "New",
        code: "603952",
      });
      expect(create.status).toBe(409);
      expect(create.json.error.code).toBe("lock.unmanaged");
      expect((await t.api("GET", "/access_codes")).json.access_codes).toHaveLength(codesBefore);
      expect((await t.api("PATCH", "/locks/front", { name: "Front door" })).json.error.code).toBe(
        "lock.unmanaged",
      );
      expect((await t.api("POST", "/locks", { lock_id: "front", site_id: "home" })).status).toBe(409);
      for (const [path, body] of [
        ["/locks/front/unlock", {}],
        ["/locks/front/settings", { mode: "vacation" }],
        ["/locks/front/firmware_update", {}],
      ] as const) {
        const r = await t.api("POST", path, body);
        expect([path, r.status, r.json.error.code]).toEqual([path, 409, "lock.unmanaged"]);
      }

      // The host still has it, but no sync visits it, and nothing it says raises anything.
      const eventsBefore = (await t.api("GET", "/events?lock_id=front")).json.events.length;
      expect(await t.opens("front", "918273")).toBe(true);
      valueOrThrow(t.host.act("front", (l) => l.fault({ fault: "radio-offline" })));
      await t.advance(30 * MINUTE, 5 * MINUTE);
      expect(await t.state.hub.tick()).not.toContain("front");
      expect(await frontAlerts()).toEqual([]);
      expect((await t.api("GET", "/events?lock_id=front")).json.events).toHaveLength(eventsBefore);
      await t.restart();
      await t.settle();
      expect((await t.api("GET", "/locks")).json.locks.map((l: Json) => l.lock_id)).toEqual(["back"]);
      expect(await frontAlerts()).toEqual([]);

      // Brought back: a lock at its first visit (the keypad code read again), its old codes stay off.
      valueOrThrow(t.host.act("front", (l) => l.fix({ fix: "restore-connectivity" })));
      const on = await t.api("PATCH", "/locks/front", { managed: true, name: "Front door" });
      expect(on.status).toBe(200);
      expect(on.json.lock).toMatchObject({ managed: true, unmanaged_at: null, name: "Front door" });
      await t.settle();
      expect((await t.api("GET", "/locks")).json.locks.map((l: Json) => l.lock_id)).toEqual([
        "back",
        "front",
      ]);
      expect((await t.api("GET", "/locks/front")).json.lock.unmanaged_codes).toMatchObject([{ slot: 20 }]);
      expect(await t.lockRow(shared, "front")).toMatchObject({ status: "removed", slot: null });
      expect(await t.opens("front", "472983")).toBe(false);
      expect((await t.api("GET", "/events?lock_id=front&kind=lock.managed")).json.events).toHaveLength(1);
      const fresh = await t.api("POST", "/access_codes", {
        lock_ids: ["front"],
        name: "New",
        code: "603952",
      });
      expect(fresh.status).toBe(201);
      await t.settle();
      expect(await t.opens("front", "603952")).toBe(true);
    });

    it("B-NET-1, B-NET-2: a lock taken off the hub's care while its radio is down, or after the host deleted it, is sent nothing: its codes end `removed` with lock.unmanaged-unreached naming the slot (the code may still open it), and brought back the code left there shows as a keypad code", async () => {
      const t = await setup([{ id: "front" }, { id: "back" }], {
        t0: Date.UTC(2026, 11, 7, 9, 0),
        timeZone: "Europe/Berlin",
      });
      const id = (
        await t.api("POST", "/access_codes", { lock_ids: ["front", "back"], name: "Family", code: "472983" })
      ).json.access_code.id as string;
      await t.settle();
      const frontSlot = (await t.lockRow(id, "front")).slot as number;
      valueOrThrow(t.host.act("front", (l) => l.fault({ fault: "radio-offline" })));
      await t.advance(20 * MINUTE, 5 * MINUTE);
      expect(
        ((await t.api("GET", "/alerts")).json.alerts as Json[]).map((a) => `${a.lock_id} ${a.kind}`),
      ).toEqual(["front lock.offline"]);
      expect((await t.api("PATCH", "/locks/front", { managed: false })).status).toBe(200);
      const left = await t.lockRow(id, "front");
      expect(left).toMatchObject({
        status: "removed",
        slot: null,
        errors: [],
        warnings: [{ code: "lock.unmanaged-unreached" }],
      });
      expect(left.warnings[0].message).toContain(`slot ${frontSlot}`);
      expect((await t.api("GET", "/alerts")).json.alerts).toEqual([]);
      valueOrThrow(t.host.act("front", (l) => l.fix({ fix: "restore-connectivity" })));
      await t.advance(10 * MINUTE, MINUTE);
      expect(await t.lockRow(id, "front")).toEqual(left); // nothing sent once it is back
      expect(await t.opens("front", "472983")).toBe(true);
      expect((await t.api("PATCH", "/locks/front", { managed: true })).status).toBe(200);
      await t.settle();
      expect((await t.api("GET", "/locks/front")).json.lock.unmanaged_codes).toMatchObject([
        { slot: frontSlot },
      ]);
      expect(await t.lockRow(id, "front")).toMatchObject({ status: "removed", slot: null });

      // Deleted by the host: lock.removed closes, the code ends `removed`, nothing is sent.
      valueOrThrow(t.host.remove("back"));
      await t.state.hub.idle();
      await t.settle();
      expect((await t.api("GET", "/alerts")).json.alerts.map((a: Json) => a.kind)).toEqual(["lock.removed"]);
      const off = await t.api("PATCH", "/locks/back", { managed: false });
      expect(off.json.lock).toMatchObject({ managed: false, removed_at: expect.any(String) });
      expect(await t.lockRow(id, "back")).toMatchObject({ status: "removed", slot: null });
      expect((await t.api("GET", "/alerts")).json.alerts).toEqual([]);
    });

    it("taking a lock off the hub's care is for owners and managers of its site: an unknown lock, another site's manager, a guest and a bad body are refused in the API's error shape and change nothing", async () => {
      const t = await setup([{ id: "front" }], {
        t0: Date.UTC(2026, 11, 7, 9, 0),
        timeZone: "Europe/Berlin",
      });
      await t.api("POST", "/sites", { id: "cabin", name: "Cabin", time_zone: "Europe/Berlin" });
      await t.api("POST", "/people", { id: "max", name: "Max", role: "manager", site_ids: ["home"] });
      await t.api("POST", "/people", { id: "oscar", name: "Oscar", role: "manager", site_ids: ["cabin"] });
      await t.api("POST", "/people", { id: "gus", name: "Gus", role: "guest" });
      const token = async (who: string) =>
        (await t.api("POST", `/people/${who}/api_tokens`, {})).json.api_token.token as string;
      const [maxT, oscarT, gusT] = [await token("max"), await token("oscar"), await token("gus")];
      const id = (
        await t.api("POST", "/access_codes", { lock_ids: ["front"], name: "Family", code: "472983" })
      ).json.access_code.id as string;
      await t.settle();
      const before = { lock: (await t.api("GET", "/locks/front")).json, code: await t.code(id) };
      const refusals: [string, string, unknown, number, string][] = [
        [TOKEN, "/locks/nowhere", { managed: false }, 404, "lock.not-found"],
        [oscarT, "/locks/front", { managed: false }, 403, "auth.forbidden"],
        [gusT, "/locks/front", { managed: false }, 403, "auth.forbidden"],
        [TOKEN, "/locks/front", { managed: "no" }, 400, "request.invalid"],
        [TOKEN, "/locks/front", {}, 400, "request.invalid"],
        [TOKEN, `/locks/${"x".repeat(65)}`, { managed: false }, 400, "request.invalid"],
      ];
      for (const [who, path, body, status, code] of refusals) {
        const r = await t.as(who, "PATCH", path, body);
        expect([path, r.status, r.json.error.code]).toEqual([path, status, code]);
        expect(typeof r.json.error.message).toBe("string");
      }
      expect({ lock: (await t.api("GET", "/locks/front")).json, code: await t.code(id) }).toEqual(before);
      // The site's manager may, and bring it back.
      expect((await t.as(maxT, "PATCH", "/locks/front", { managed: false })).json.lock.managed).toBe(false);
      expect((await t.as(maxT, "GET", "/locks?managed=false")).json.locks).toHaveLength(1);
      expect((await t.as(oscarT, "GET", "/locks?managed=false")).json.locks).toHaveLength(0);
      expect((await t.as(maxT, "PATCH", "/locks/front", { managed: true })).json.lock.managed).toBe(true);
    });

    it("B-CODE-3: a lock with every slot taken refuses the next code: `failed` with code.capacity on the code; a freed slot takes it by itself", async () => {
      const t = await setup([{ id: "side", profile: "aura" }], {
        t0: Date.UTC(2026, 11, 7, 9, 0),
        timeZone: "Europe/Berlin",
      });
      const capacity = (await t.api("GET", "/locks/side")).json.lock.code_rules.capacity as number;
      expect(capacity).toBe(16);
      const ids: string[] = [];
      for (let i = 0; i < capacity; i++) {
        const r = await t.api("POST", "/access_codes", {
          lock_ids: ["side"],
          name: `Unit ${i}`,
          code: `${5100 + i * 7}${i % 10}2`,
        });
        expect(r.status).toBe(201);
        ids.push(r.json.access_code.id);
      }
      await t.settle();
      for (const id of ids) expect((await t.code(id)).status).toBe("set");
      const extra = await t.api("POST", "/access_codes", {
        lock_ids: ["side"],
        name: "One too many",
        code: "864213",
      });
      await t.settle();
      const full = await t.code(extra.json.access_code.id);
      expect(full).toMatchObject({
        status: "failed",
        errors: [{ code: "code.capacity", lock_id: "side" }],
        locks: [{ status: "failed", slot: null }],
      });
      expect(await t.opens("side", "864213")).toBe(false);
      const alerts = async () => ((await t.api("GET", "/alerts")).json.alerts as Json[]).map((a) => a.kind);
      expect(await alerts()).toContain(`code.sync-failed:${extra.json.access_code.id}`);
      await t.api("DELETE", `/access_codes/${ids[3]}`);
      await t.settle();
      expect((await t.code(ids[3]!)).status).toBe("removed");
      const after = await t.code(extra.json.access_code.id);
      expect(after).toMatchObject({ status: "set", errors: [] });
      expect(await t.opens("side", "864213")).toBe(true);
      expect(await alerts()).not.toContain(`code.sync-failed:${extra.json.access_code.id}`);
    });

    it("a hub restart loses nothing: a change waiting for a lock whose radio is down and a stay waiting for its lead time both reach the lock after the restart", async () => {
      const t = await setup([{ id: "front" }], {
        t0: Date.UTC(2026, 11, 7, 9, 0),
        timeZone: "Europe/Berlin",
      });
      const kept = await t.api("POST", "/access_codes", {
        lock_ids: ["front"],
        name: "Family",
        code: "583920",
      });
      await t.settle();
      valueOrThrow(t.host.act("front", (l) => l.fault({ fault: "radio-offline" })));
      const pending = await t.api("POST", "/access_codes", {
        lock_ids: ["front"],
        name: "Nanny",
        code: "619274",
      });
      await t.api("DELETE", `/access_codes/${kept.json.access_code.id}`);
      const stay = await t.api("POST", "/access_codes", {
        lock_ids: ["front"],
        name: "Guest",
        code: "730485",
        starts_at: "2026-12-10T15:00",
        ends_at: "2026-12-12T11:00",
      });
      await t.advance(5 * MINUTE, MINUTE);
      await t.restart();
      expect((await t.code(pending.json.access_code.id)).status).toBe("setting");
      expect((await t.code(kept.json.access_code.id)).status).toBe("removing");
      valueOrThrow(t.host.act("front", (l) => l.fix({ fix: "restore-connectivity" })));
      await t.advance(5 * MINUTE, MINUTE);
      expect((await t.code(pending.json.access_code.id)).status).toBe("set");
      expect((await t.code(kept.json.access_code.id)).status).toBe("removed");
      expect(await t.opens("front", "619274")).toBe(true);
      expect(await t.opens("front", "583920")).toBe(false);
      await t.restart();
      await t.advanceTo(Date.UTC(2026, 11, 10, 14, 0), 6 * HOUR);
      expect((await t.code(stay.json.access_code.id)).status).toBe("set");
      expect(await t.opens("front", "730485")).toBe(true);
    });

    it("B-NET-1, B-NET-5: a code added at the keypad while the radio was down is never overwritten by the hub's next code: the hub reads the table again when the lock is back", async () => {
      const t = await setup([{ id: "front" }], {
        t0: Date.UTC(2026, 11, 7, 9, 0),
        timeZone: "Europe/Berlin",
      });
      const a = await t.api("POST", "/access_codes", { lock_ids: ["front"], name: "Family", code: "583920" });
      await t.settle();
      expect(await t.lockRow(a.json.access_code.id, "front")).toMatchObject({ status: "set", slot: 1 });
      valueOrThrow(t.host.act("front", (l) => l.fault({ fault: "radio-offline" })));
      await t.advance(MINUTE);
      // The owner's neighbour programs a code at the keypad, in the slot the hub would take next;
      // the lock's report of it is lost with the radio (B-NET-5).
      expect(
        t.host.act("front", (l) => l.handsOn((twin, person) => addCode(twin, person, "864213", 2))),
      ).toMatchObject({
        ok: true,
        value: 2,
      });
      const b = await t.api("POST", "/access_codes", { lock_ids: ["front"], name: "Nanny", code: "619274" });
      await t.advance(2 * MINUTE, MINUTE);
      valueOrThrow(t.host.act("front", (l) => l.fix({ fix: "restore-connectivity" })));
      await t.advance(2 * MINUTE, MINUTE);
      const row = await t.lockRow(b.json.access_code.id, "front");
      expect(row.status).toBe("set");
      expect(row.slot).not.toBe(2);
      expect(await t.opens("front", "864213")).toBe(true); // the neighbour's code still works
      expect(await t.opens("front", "619274")).toBe(true);
      expect((await t.api("GET", "/locks/front")).json.lock.unmanaged_codes.map((u: Json) => u.slot)).toEqual(
        [2],
      );
    });

    it("B-NET-1: a code added at the keypad while the hub was stopped is never overwritten by the hub's next code after its restart", async () => {
      const t = await setup([{ id: "front" }], {
        t0: Date.UTC(2026, 11, 7, 9, 0),
        timeZone: "Europe/Berlin",
      });
      const a = await t.api("POST", "/access_codes", { lock_ids: ["front"], name: "Family", code: "583920" });
      await t.settle();
      expect(await t.lockRow(a.json.access_code.id, "front")).toMatchObject({ status: "set", slot: 1 });
      await t.stop();
      expect(
        t.host.act("front", (l) => l.handsOn((twin, person) => addCode(twin, person, "864213", 2))),
      ).toMatchObject({
        ok: true,
        value: 2,
      });
      t.host.advanceAll(MINUTE);
      t.clock.now += MINUTE;
      await t.start();
      const b = await t.api("POST", "/access_codes", { lock_ids: ["front"], name: "Nanny", code: "619274" });
      await t.settle();
      const row = await t.lockRow(b.json.access_code.id, "front");
      expect(row.status).toBe("set");
      expect(row.slot).not.toBe(2);
      expect(await t.opens("front", "864213")).toBe(true);
      expect(await t.opens("front", "619274")).toBe(true);
    });

    it("B-NET-2: history names the person behind each keypad slot from the lock's own reports, and pages with limit and before_id without a gap or a repeat", async () => {
      const t = await setup([{ id: "front" }, { id: "back" }], {
        t0: Date.UTC(2026, 11, 7, 9, 0),
        timeZone: "Europe/Berlin",
      });
      expect((await t.api("POST", "/people", { id: "gus", name: "Gus", role: "guest" })).status).toBe(201);
      const g = await t.api("POST", "/access_codes", {
        lock_ids: ["front", "back"],
        name: "Gus's stay",
        code: "583920",
        person_id: "gus",
      });
      const c = await t.api("POST", "/access_codes", {
        lock_ids: ["front"],
        name: "Cleaner",
        code: "619274",
      });
      await t.settle();
      const gSlot = (await t.lockRow(g.json.access_code.id, "front")).slot as number;
      const cSlot = (await t.lockRow(c.json.access_code.id, "front")).slot as number;
      expect(await t.opens("front", "583920")).toBe(true);
      expect(await t.opens("back", "583920")).toBe(true);
      expect(await t.opens("front", "619274")).toBe(true);
      expect(await t.opens("front", "583920")).toBe(true);
      expect(await t.opens("front", "111999")).toBe(false);
      const unlocks = (await t.api("GET", "/events?kind=lock.unlocked")).json.events as Json[];
      expect(unlocks.map((e) => [e.lock_id, e.source, e.slot, e.person_id, e.access_code_id])).toEqual([
        ["front", "keypad", gSlot, "gus", g.json.access_code.id],
        ["front", "keypad", cSlot, null, c.json.access_code.id],
        ["back", "keypad", expect.any(Number), "gus", g.json.access_code.id],
        ["front", "keypad", gSlot, "gus", g.json.access_code.id],
      ]);
      const gus = (await t.api("GET", "/events?person_id=gus&kind=lock.unlocked")).json.events as Json[];
      expect(gus.map((e) => e.lock_id)).toEqual(["front", "back", "front"]);
      expect(
        ((await t.api("GET", "/events?lock_id=front&kind=lock.wrong-code")).json.events as Json[]).map(
          (e) => [e.person_id, e.slot],
        ),
      ).toEqual([[null, null]]);
      // Every event of the front door, two at a time: the same as one page, newest first.
      const all = (await t.api("GET", "/events?lock_id=front&limit=1000")).json.events as Json[];
      expect(all.length).toBeGreaterThan(6);
      const paged: Json[] = [];
      let before: number | undefined;
      for (;;) {
        const page = (
          await t.api(
            "GET",
            `/events?lock_id=front&limit=2${before === undefined ? "" : `&before_id=${before}`}`,
          )
        ).json.events as Json[];
        if (page.length === 0) break;
        expect(page.length).toBeLessThanOrEqual(2);
        paged.push(...page);
        before = page[page.length - 1].id;
      }
      expect(paged.map((e) => e.id)).toEqual(all.map((e) => e.id));
      expect(all.map((e) => e.at)).toEqual([...all.map((e) => e.at)].sort().reverse());
    });

    it("B-NET-2: a jam, a keypad lockout and a low battery raise alerts from the lock's reports; each is resolved when the lock says it is over", async () => {
      const t = await setup([{ id: "front" }], {
        t0: Date.UTC(2026, 11, 7, 9, 0),
        timeZone: "Europe/Berlin",
      });
      await t.api("POST", "/access_codes", { lock_ids: ["front"], name: "Family", code: "583920" });
      await t.settle();
      const open = async () =>
        ((await t.api("GET", "/alerts")).json.alerts as Json[]).map((a) => a.kind).sort();
      // A jam: the strike is out of line, a remote lock stalls the bolt.
      valueOrThrow(t.host.act("front", (l) => l.fault({ fault: "strike-misaligned" })));
      valueOrThrow(t.host.act("front", (l) => l.door({ closed: true })));
      await t.api("POST", "/locks/front/lock", {});
      await t.advance(MINUTE);
      expect(await open()).toContain("lock.jammed");
      valueOrThrow(t.host.act("front", (l) => l.fix({ fix: "adjust-strike-plate" })));
      await t.api("POST", "/locks/front/unlock", {});
      const locked = await t.api("POST", "/locks/front/lock", {});
      expect(locked.status).toBe(200);
      expect(t.host.view("front")?.bolt).toBe("locked");
      await t.advance(MINUTE);
      expect(await open()).not.toContain("lock.jammed");
      // A lockout: five wrong codes at the keypad.
      for (let i = 0; i < 5; i++) expect(await t.opens("front", `11199${i}`)).toBe(false);
      expect(await open()).toContain("lock.lockout");
      await t.advance(6 * MINUTE, MINUTE);
      expect(await open()).not.toContain("lock.lockout");
      // A low battery, then fresh cells.
      valueOrThrow(t.host.act("front", (l) => l.fault({ fault: "battery-low" })));
      await t.advance(2 * HOUR, 10 * MINUTE);
      expect(await open()).toContain("battery.low");
      valueOrThrow(t.host.act("front", (l) => l.fix({ fix: "replace-batteries" })));
      await t.advance(2 * HOUR, 10 * MINUTE);
      expect(await open()).not.toContain("battery.low");
    });

    it("B-NET-2, code.sync-failed: a lock's refusal raises an alert on the code, in words with the lock's name; the alert is resolved when the code is set after a retry, or deleted", async () => {
      const t = await setup([{ id: "front", codes: [{ slot: 9, code: "47291" }] }], {
        t0: Date.UTC(2026, 11, 7, 9, 0),
        timeZone: "Europe/Berlin",
      });
      const a = await t.api("POST", "/access_codes", { lock_ids: ["front"], name: "Clash", code: "472983" });
      const b = await t.api("POST", "/access_codes", {
        lock_ids: ["front"],
        name: "Clash too",
        code: "472911",
      });
      await t.settle();
      expect((await t.code(a.json.access_code.id)).errors).toMatchObject([
        { code: "code.conflict", slot: 9 },
      ]);
      const open = async () =>
        ((await t.api("GET", "/alerts")).json.alerts as Json[]).map((x) => x.kind).sort();
      expect(await open()).toEqual(
        [`code.sync-failed:${a.json.access_code.id}`, `code.sync-failed:${b.json.access_code.id}`].sort(),
      );
      // B-NET-2: the owner reads the lock's name and the refusal in words, without the rule id
      // (B-CODE-4) the firmware cites for developers; the kind and lock_id stay the machine's.
      const messages = ((await t.api("GET", "/alerts")).json.alerts as Json[]).map(
        (x) => x.message as string,
      );
      const name = t.host.view("front")!.name;
      for (const m of messages) {
        expect(m).toMatch(new RegExp(`^code "Clash( too)?" failed on ${name}: `));
        expect(m).not.toMatch(/B-[A-Z]+-\d/);
      }
      // The keypad code is taken off the lock (by another controller); a retry of a now sets it.
      expect(await t.host.link("front")!.send({ type: "deleteCode", slot: 9 })).toEqual({ ok: true });
      await t.settle();
      expect((await t.api("POST", `/access_codes/${a.json.access_code.id}/retry`)).status).toBe(200);
      await t.settle();
      expect((await t.code(a.json.access_code.id)).status).toBe("set");
      await t.api("DELETE", `/access_codes/${b.json.access_code.id}`);
      await t.settle();
      expect(await open()).toEqual([]);
    });

    it("B-CARE-1: batteries six months old raise care.battery-change; fresh cells resolve it", async () => {
      const t = await setup([{ id: "front" }], {
        t0: Date.UTC(2026, 11, 7, 9, 0),
        timeZone: "Europe/Berlin",
      });
      const open = async () => ((await t.api("GET", "/alerts")).json.alerts as Json[]).map((x) => x.kind);
      await t.advance(170 * DAY, 5 * DAY);
      expect(await open()).not.toContain("care.battery-change");
      await t.advance(12 * DAY, DAY);
      expect(await open()).toContain("care.battery-change");
      valueOrThrow(t.host.act("front", (l) => l.fix({ fix: "replace-batteries" })));
      await t.advance(3 * DAY, 6 * HOUR);
      expect(await open()).not.toContain("care.battery-change");
      await t.advance(100 * DAY, 10 * DAY);
      expect(await open()).not.toContain("care.battery-change");
    });

    it("B-CARE-1, B-PWR-2: the battery-change reminder raised by the forecast stays open while the same cells drain more slowly, and closes only when fresh cells go in", async () => {
      const t = await setup([{ id: "front" }], {
        t0: Date.UTC(2026, 11, 7, 9, 0),
        timeZone: "Europe/Berlin",
      });
      const open = async () => ((await t.api("GET", "/alerts")).json.alerts as Json[]).map((x) => x.kind);
      valueOrThrow(t.host.act("front", (l) => l.fault({ fault: "battery-low" })));
      await t.advance(DAY, 6 * HOUR);
      expect(await open()).toContain("care.battery-change");
      await t.advance(24 * DAY, 6 * HOUR); // the readings fall slowly now: the forecast moves out
      expect(await open()).toContain("care.battery-change");
      valueOrThrow(t.host.act("front", (l) => l.fix({ fix: "replace-batteries" })));
      await t.advance(3 * DAY, 6 * HOUR);
      expect(await open()).not.toContain("care.battery-change");
    });

    it("B-PWR-2, B-NET-2: a low battery the lock reported gets the day it will stop locking once the hub has readings, and keeps its level current (one alert)", async () => {
      const t = await setup([{ id: "front" }], {
        t0: Date.UTC(2026, 11, 7, 9, 0),
        timeZone: "Europe/Berlin",
      });
      valueOrThrow(t.host.act("front", (l) => l.fault({ fault: "battery-low" })));
      await t.advance(4 * DAY, 6 * HOUR);
      const low = ((await t.api("GET", "/alerts?kind=battery.low")).json.alerts as Json[]).map(
        (a) => a.message,
      );
      const percent = t.host.view("front")!.battery!.percent;
      expect(low).toHaveLength(1);
      expect(low[0]).toMatch(
        new RegExp(
          `low \\(${percent} %\\); at this rate it stops locking around \\d{1,2} [A-Z][a-z]{2}( \\d{4})?$`,
        ),
      );
      expect(await t.state.repo.listAlerts({ kinds: ["battery.low"] })).toHaveLength(1);
    });

    it("B-PWR-2, B-PWR-3: a pack that runs from low to critical is one battery alert at a time — critical replaces low, whose level would be stale — and fresh cells close it with the care reminder", async () => {
      const t = await setup([{ id: "front" }], {
        t0: Date.UTC(2026, 11, 7, 9, 0),
        timeZone: "Europe/Berlin",
      });
      const battery = async () =>
        ((await t.api("GET", "/alerts")).json.alerts as Json[])
          .filter((a) => a.kind.startsWith("battery.") || a.kind === "care.battery-change")
          .map((a) => a.kind)
          .sort();
      valueOrThrow(t.host.act("front", (l) => l.fault({ fault: "battery-low" })));
      await t.advance(2 * HOUR, 10 * MINUTE);
      expect((await battery()).filter((k) => k.startsWith("battery."))).toEqual(["battery.low"]);
      valueOrThrow(t.host.act("front", (l) => l.fault({ fault: "battery-critical" })));
      await t.advance(2 * HOUR, 10 * MINUTE);
      expect(await battery()).toEqual(["battery.critical", "care.battery-change"]);
      const [critical] = (await t.api("GET", "/alerts?kind=battery.critical")).json.alerts as Json[];
      expect(critical.message).toContain(`(${t.host.view("front")!.battery!.percent} %)`);
      valueOrThrow(t.host.act("front", (l) => l.fix({ fix: "replace-batteries" })));
      await t.advance(2 * HOUR, 10 * MINUTE);
      expect(await battery()).toEqual([]);
    });

    it("B-PWR-1, B-PWR-2: rechargeable cells the lock warns about are one low-battery alert whose readings stay on one scale (the charge the hub reads), so no reading looks like fresh cells going in", async () => {
      const t = await setup([{ id: "front" }], {
        t0: Date.UTC(2026, 11, 7, 9, 0),
        timeZone: "Europe/Berlin",
      });
      await t.advance(2 * HOUR, 10 * MINUTE);
      valueOrThrow(t.host.act("front", (l) => l.fault({ fault: "battery-wrong-type" })));
      await t.advance(3 * HOUR, 10 * MINUTE);
      const view = t.host.view("front")!.battery!;
      expect(view.level).not.toBe("ok");
      const battery = ((await t.api("GET", "/alerts")).json.alerts as Json[]).filter((a) =>
        a.kind.startsWith("battery."),
      );
      expect(battery).toHaveLength(1);
      const samples = await t.state.repo.batterySamples("front", 0);
      const since = samples.findIndex((x) => x.atMs >= Date.parse(battery[0].at));
      expect(since).toBeGreaterThan(0);
      // Every reading since the alert is the charge the host reports, as the ones before it were.
      for (const x of samples.slice(since)) expect(Math.abs(x.percent - view.percent)).toBeLessThanOrEqual(2);
    });

    it("B-NET-2, B-CARE-2: a person's remote unlock and acknowledgement are stamped by the hub's clock, so history keeps them in order with what the lock reported", async () => {
      const t0 = Date.UTC(2027, 5, 1, 9, 0); // far from the wall clock: the hub's clock is the test's
      const t = await setup([{ id: "front" }], { t0, timeZone: "Europe/Berlin" });
      valueOrThrow(t.host.act("front", (l) => l.turn({ direction: "lock", by: "thumbturn" })));
      await t.advance(MINUTE);
      expect((await t.api("POST", "/locks/front/unlock", {})).status).toBe(200);
      await t.advance(MINUTE);
      const events = (await t.api("GET", "/events?kind=app.unlock,lock.unlocked")).json.events as Json[];
      expect(events.map((e) => [e.kind, e.source])).toEqual([
        ["lock.unlocked", "remote"],
        ["app.unlock", "person:admin"],
      ]);
      for (const e of events) expect(Date.parse(e.at)).toBeGreaterThanOrEqual(t0);
      await t.advance(31 * DAY, DAY);
      const reminder = ((await t.api("GET", "/alerts?kind=care.test-codes")).json.alerts as Json[])[0];
      const acked = await t.api("POST", `/alerts/${reminder.id}/acknowledge`, {});
      expect(acked.json.alert.resolved_at).toBe(new Date(t.clock.now).toISOString());
      const [ack] = (await t.api("GET", "/events?kind=alert.acknowledged")).json.events as Json[];
      expect(ack.at).toBe(new Date(t.clock.now).toISOString());
    });

    it("B-NET-3, B-RST-1: a lock factory reset while the hub was stopped raises lock.unpaired when the hub is back; re-paired, the alert closes and the hub restores its code", async () => {
      const t = await setup([{ id: "front" }, { id: "back" }], {
        t0: Date.UTC(2026, 11, 7, 9, 0),
        timeZone: "Europe/Berlin",
      });
      const made = await t.api("POST", "/access_codes", {
        lock_ids: ["front", "back"],
        name: "Family",
        code: "583920",
      });
      await t.advance(2 * MINUTE, MINUTE);
      await t.stop();
      valueOrThrow(t.host.act("back", (l) => l.handsOn((twin) => runFactoryReset(twin))));
      t.host.advanceAll(MINUTE);
      t.clock.now += MINUTE;
      await t.start();
      await t.advance(5 * MINUTE, MINUTE);
      const open = async () =>
        ((await t.api("GET", "/alerts")).json.alerts as Json[]).map((a) => [a.kind, a.lock_id]);
      expect(await open()).toEqual([["lock.unpaired", "back"]]);
      await t.advance(30 * MINUTE, 5 * MINUTE);
      expect(await t.state.repo.listAlerts({ kinds: ["lock.unpaired"] })).toHaveLength(1);
      valueOrThrow(t.host.act("back", (l) => l.fix({ fix: "repair-hub" })));
      await t.advance(5 * MINUTE, MINUTE);
      expect(await open()).toEqual([]);
      const row = await t.lockRow(made.json.access_code.id, "back");
      expect(row.status).toBe("set");
      expect(await t.slotOnLock("back", row.slot)).toMatchObject({ ok: true, data: { occupied: true } });
    });

    it("B-BOLT-6, B-NET-5: a jam and a keypad lockout that end while the hub is stopped have their alerts closed when it is back (the brute-force flag stays for a person)", async () => {
      const t = await setup([{ id: "front" }, { id: "back" }], {
        t0: Date.UTC(2026, 11, 7, 9, 0),
        timeZone: "Europe/Berlin",
      });
      await t.api("POST", "/access_codes", { lock_ids: ["front", "back"], name: "Family", code: "583920" });
      await t.advance(2 * MINUTE, MINUTE);
      valueOrThrow(t.host.act("front", (l) => l.fault({ fault: "strike-misaligned" })));
      valueOrThrow(t.host.act("front", (l) => l.door({ closed: true })));
      await t.api("POST", "/locks/front/lock", {});
      await t.advance(MINUTE);
      for (let i = 0; i < 5; i++) expect(await t.opens("back", `11199${i}`)).toBe(false);
      const open = async () =>
        ((await t.api("GET", "/alerts")).json.alerts as Json[]).map((a) => `${a.kind} ${a.lock_id}`).sort();
      expect(await open()).toEqual(["lock.brute-force back", "lock.jammed front", "lock.lockout back"]);
      await t.stop();
      valueOrThrow(t.host.act("front", (l) => l.fix({ fix: "adjust-strike-plate" })));
      expect(await t.host.link("front")!.send({ type: "lock" })).toMatchObject({ ok: true });
      t.host.advanceAll(10 * MINUTE); // the keypad's lockout runs out meanwhile
      t.clock.now += 10 * MINUTE;
      expect(t.host.view("front")?.bolt).toBe("locked");
      await t.start();
      await t.advance(2 * MINUTE, MINUTE);
      expect(await open()).toEqual(["lock.brute-force back"]);
    });

    it("B-CODE-8: a stay that ends while its lock's radio is down stays `removing` and is flagged care.code-past-end; the lock loses it when it is back and the flag is resolved", async () => {
      const t = await setup([{ id: "front" }], {
        t0: Date.UTC(2026, 11, 7, 9, 0),
        timeZone: "Europe/Berlin",
      });
      const r = await t.api("POST", "/access_codes", {
        lock_ids: ["front"],
        name: "Guest",
        code: "583920",
        starts_at: "2026-12-07T09:00Z",
        ends_at: "2026-12-08T09:00Z",
      });
      const id = r.json.access_code.id as string;
      await t.settle();
      const slot = (await t.lockRow(id, "front")).slot as number;
      valueOrThrow(t.host.act("front", (l) => l.fault({ fault: "radio-offline" })));
      await t.advanceTo(Date.UTC(2026, 11, 8, 12, 0), 30 * MINUTE);
      expect(await t.lockRow(id, "front")).toMatchObject({
        status: "removing",
        warnings: [{ code: "lock.offline" }],
      });
      const open = async () => ((await t.api("GET", "/alerts")).json.alerts as Json[]).map((a) => a.kind);
      expect(await open()).toContain(`care.code-past-end:${id}`);
      expect(await t.opens("front", "583920")).toBe(false); // the lock itself keeps to the window (B-CODE-8)
      valueOrThrow(t.host.act("front", (l) => l.fix({ fix: "restore-connectivity" })));
      await t.advance(5 * MINUTE, MINUTE);
      expect(await t.lockRow(id, "front")).toMatchObject({ status: "removed", slot: null });
      expect(await t.slotOnLock("front", slot)).toMatchObject({ ok: true, data: { occupied: false } });
      expect(await open()).not.toContain(`care.code-past-end:${id}`);
    });

    it("B-CODE-8, B-NET-1: revoking a guest ends their access on every lock — their codes leave each lock (an offline one when it is back), their token and sign-in stop working; history still names them", async () => {
      const t = await setup([{ id: "front" }, { id: "back" }], {
        t0: Date.UTC(2026, 11, 7, 9, 0),
        timeZone: "Europe/Berlin",
      });
      await t.api("POST", "/people", { id: "max", name: "Max", role: "manager", site_ids: ["home"] });
      await t.api("POST", "/people", { id: "gus", name: "Gus", role: "guest" });
      const maxToken = (await t.api("POST", "/people/max/api_tokens", {})).json.api_token.token as string;
      const gusToken = (await t.api("POST", "/people/gus/api_tokens", {})).json.api_token.token as string;
      const stay = await t.api("POST", "/access_codes", {
        lock_ids: ["front", "back"],
        name: "Gus's stay",
        code: "583920",
        person_id: "gus",
        starts_at: "2026-12-07T09:00Z",
        ends_at: "2026-12-14T09:00Z",
      });
      const extra = await t.api("POST", "/access_codes", {
        lock_ids: ["front"],
        name: "Gus's garage",
        code: "619274",
        person_id: "gus",
      });
      const family = await t.api("POST", "/access_codes", {
        lock_ids: ["front"],
        name: "Family",
        code: "730485",
      });
      await t.settle();
      expect(await t.opens("front", "583920")).toBe(true);
      const asGus = await t.as(gusToken, "GET", "/access_codes");
      expect(asGus.json.access_codes).toHaveLength(2);
      valueOrThrow(t.host.act("back", (l) => l.fault({ fault: "radio-offline" })));
      await t.advance(MINUTE);
      // A guest may not revoke, nor revoke themselves; the manager of the site may revoke the guest.
      expect((await t.as(gusToken, "POST", "/people/gus/revoke")).status).toBe(403);
      const r = await t.as(maxToken, "POST", "/people/gus/revoke");
      expect(r.status).toBe(200);
      expect(r.json.person).toMatchObject({ id: "gus", revoked_at: expect.any(String) });
      expect(r.json.access_codes.map((c: Json) => [c.name, c.status]).sort()).toEqual([
        ["Gus's garage", "removing"],
        ["Gus's stay", "removing"],
      ]);
      expect((await t.as(maxToken, "POST", "/people/gus/revoke")).json.error.code).toBe("person.revoked");
      expect((await t.as(gusToken, "GET", "/access_codes")).status).toBe(401);
      expect((await t.as(maxToken, "POST", "/people/max/revoke")).status).toBe(403); // a manager revokes guests only
      await t.advance(2 * MINUTE, MINUTE);
      expect(await t.opens("front", "583920")).toBe(false);
      expect(await t.opens("front", "619274")).toBe(false);
      expect(await t.opens("front", "730485")).toBe(true); // the family's code is untouched
      expect(await t.lockRow(stay.json.access_code.id, "front")).toMatchObject({ status: "removed" });
      expect(await t.lockRow(stay.json.access_code.id, "back")).toMatchObject({
        status: "removing",
        warnings: [{ code: "lock.offline" }],
      });
      expect(await t.opens("back", "583920")).toBe(true); // B-NET-5: the keypad works, the radio does not
      valueOrThrow(t.host.act("back", (l) => l.fix({ fix: "restore-connectivity" })));
      await t.advance(2 * MINUTE, MINUTE);
      expect((await t.code(stay.json.access_code.id)).status).toBe("removed");
      expect((await t.code(extra.json.access_code.id)).status).toBe("removed");
      expect((await t.code(family.json.access_code.id)).status).toBe("set");
      expect(await t.opens("back", "583920")).toBe(false);
      // No new code for a revoked person; an invite link is refused; history keeps who they were.
      const again = await t.api("POST", "/access_codes", {
        lock_ids: ["front"],
        name: "Back again",
        person_id: "gus",
      });
      expect([again.status, again.json.error.code]).toEqual([409, "person.revoked"]);
      expect((await t.api("POST", "/people/gus/invite", {})).json.error.code).toBe("person.revoked");
      const history = (await t.api("GET", "/events?person_id=gus&kind=lock.unlocked,person.revoked")).json
        .events as Json[];
      // The unlock at the back door while its radio was down reached no one as it happened; the
      // hub read it from the lock's own log when the link was back, marked late (B-NET-5).
      expect(history.map((e) => [e.kind, e.lock_id, e.delivered_late])).toEqual([
        ["lock.unlocked", "back", true],
        ["person.revoked", null, false],
        ["lock.unlocked", "front", false],
      ]);
    });

    /** Starts a signed Halo rollout in these stages and lets the clocks run until it is no longer running (20 minutes at most). */
    async function runHaloRollout(t: Awaited<ReturnType<typeof setup>>, stages: number[]): Promise<Json> {
      const started = await t.api("POST", "/firmware_rollouts", {
        profile: "halo",
        version: LATEST_VERSION,
        stages_percent: stages,
        failure_threshold_percent: 10,
      });
      expect(started.status).toBe(201);
      const id = started.json.firmware_rollout.id as string;
      let report: Json;
      for (let i = 0; i < 20; i++) {
        await t.state.hub.firmware.idle();
        await t.advance(MINUTE);
        report = (await t.api("GET", `/firmware_rollouts/${id}`)).json.firmware_rollout;
        if (report.status !== "running") break;
      }
      return report;
    }

    it("B-NET-4: a signed rollout passes over a lock whose radio is down (never tried, not a failure: the rollout completes); that lock keeps its update-available alert and updates when it is back", async () => {
      const outdated: Omit<LockSpec, "id"> = { profile: "halo", faults: ["firmware-outdated"] };
      const t = await setup(
        [
          { id: "lobby", ...outdated },
          { id: "gym", ...outdated },
          { id: "roof", ...outdated },
        ],
        { t0: Date.UTC(2026, 11, 7, 9, 0), timeZone: "Europe/Berlin" },
      );
      await t.settle();
      const locks = (await t.api("GET", "/locks")).json.locks as Json[];
      expect(locks.map((l) => [l.lock_id, l.firmware_version, l.firmware_update_available])).toEqual([
        ["gym", "1.0.0", LATEST_VERSION],
        ["lobby", "1.0.0", LATEST_VERSION],
        ["roof", "1.0.0", LATEST_VERSION],
      ]);
      valueOrThrow(t.host.act("roof", (l) => l.fault({ fault: "radio-offline" })));
      await t.advance(MINUTE);
      const refused = await t.api("POST", "/locks/roof/firmware_update", {});
      expect([refused.status, refused.json.error.code]).toEqual([409, "lock.offline"]);
      const report = await runHaloRollout(t, [34, 100]);
      expect(report.status).toBe("completed");
      // History says who started it, and what and where to.
      const started = (await t.api("GET", "/events?kind=firmware.rollout-started")).json.events as Json[];
      expect(started.map((e) => [e.source, e.detail])).toEqual([
        ["person:admin", `rollout ${report.id}: halo ${LATEST_VERSION} to 3 locks, stages 34/100 %`],
      ]);
      expect([...report.report.updated].sort()).toEqual(["gym", "lobby"]);
      expect(report.report.failed).toEqual([]);
      expect(report.report.never_tried).toMatchObject([
        { lock_id: "roof", status: "skipped", code: "lock.offline" },
      ]);
      const open = async () =>
        ((await t.api("GET", "/alerts")).json.alerts as Json[])
          .filter((a) => a.kind === "firmware.update-available")
          .map((a) => a.lock_id);
      expect(await open()).toEqual(["roof"]);
      valueOrThrow(t.host.act("roof", (l) => l.fix({ fix: "restore-connectivity" })));
      await t.advance(MINUTE);
      expect((await t.api("POST", "/locks/roof/firmware_update", {})).status).toBe(202);
      await t.state.hub.firmware.idle();
      await t.advance(MINUTE);
      expect((await t.api("GET", "/locks/roof/firmware_update")).json.firmware_update.status).toBe("updated");
      expect((await t.api("GET", "/locks/roof")).json.lock).toMatchObject({
        firmware_version: LATEST_VERSION,
        firmware_update_available: null,
      });
      expect(await open()).toEqual([]);
    });

    it("B-NET-4, B-PWR-2, B-PWR-3: an update is refused on weak cells with its reason, nothing sent; a rollout passes over that lock (never tried, with the reason) and completes; fresh cells let it update", async () => {
      const outdated: Omit<LockSpec, "id"> = { profile: "halo", faults: ["firmware-outdated"] };
      const t = await setup(
        [
          { id: "lobby", ...outdated },
          { id: "gym", ...outdated, faults: ["firmware-outdated", "battery-critical"] },
          { id: "roof", ...outdated, faults: ["firmware-outdated", "battery-low"] },
        ],
        { t0: Date.UTC(2026, 11, 7, 9, 0), timeZone: "Europe/Berlin" },
      );
      await t.advance(MINUTE);
      const refused = await t.api("POST", "/locks/gym/firmware_update", {});
      expect([refused.status, refused.json.error.code]).toEqual([409, "lock.battery-low"]);
      expect(refused.json.error.message).toMatch(/critical \(\d+ %\): replace them/);
      expect(t.host.view("gym")?.firmware?.version).toBe("1.0.0");
      const report = await runHaloRollout(t, [100]);
      expect(report.status).toBe("completed");
      expect(report.report.updated).toEqual(["lobby"]);
      expect(report.report.failed).toEqual([]);
      expect((report.report.never_tried as Json[]).map((n) => [n.lock_id, n.status, n.code]).sort()).toEqual([
        ["gym", "skipped", "lock.battery-low"],
        ["roof", "skipped", "lock.battery-low"],
      ]);
      expect(t.host.view("roof")?.firmware?.version).toBe("1.0.0");
      valueOrThrow(t.host.act("gym", (l) => l.fix({ fix: "replace-batteries" })));
      await t.advance(10 * MINUTE, MINUTE);
      expect((await t.api("POST", "/locks/gym/firmware_update", {})).status).toBe(202);
      await t.state.hub.firmware.idle();
      await t.advance(MINUTE);
      expect((await t.api("GET", "/locks/gym/firmware_update")).json.firmware_update.status).toBe("updated");
    });

    it("B-NET-4, B-PWR-7: an update interrupted mid-transfer (the pack pulled, or the radio out of reach) leaves the lock on its old firmware and the hub saying so — `failed` with the reason, still outdated, who asked and how it ended in history — and the owner's retry once it is back installs it", async () => {
      const t = await setup([{ id: "lobby", profile: "halo", faults: ["firmware-outdated"] }], {
        t0: Date.UTC(2026, 11, 7, 9, 0),
        timeZone: "Europe/Berlin",
      });
      await t.settle();
      // A person pulls the pack (then a radio fault) after the third chunk has gone out.
      let interrupt: (() => void) | null = null;
      let chunks = 0;
      const link = t.host.link.bind(t.host);
      t.host.link = (id: string) => {
        const l = link(id);
        if (!l) return l;
        const send: typeof l.send = (command, options) => {
          if (command.type === "updateChunk" && ++chunks === 3) interrupt?.();
          return l.send(command, options);
        };
        return Object.assign(Object.create(l) as typeof l, { send });
      };
      const interrupted: [() => void, () => void][] = [
        [
          () => valueOrThrow(t.host.act("lobby", (l) => l.pack({ action: "remove" }))),
          () => valueOrThrow(t.host.act("lobby", (l) => l.pack({ action: "insert" }))),
        ],
        [
          () => valueOrThrow(t.host.act("lobby", (l) => l.fault({ fault: "radio-offline" }))),
          () => valueOrThrow(t.host.act("lobby", (l) => l.fix({ fix: "restore-connectivity" }))),
        ],
      ];
      for (const [cut, mend] of interrupted) {
        chunks = 0;
        interrupt = cut;
        expect((await t.api("POST", "/locks/lobby/firmware_update", {})).status).toBe(202);
        await t.state.hub.firmware.idle();
        const failed = (await t.api("GET", "/locks/lobby/firmware_update")).json.firmware_update;
        expect([failed.status, failed.error?.code ?? failed.code]).toEqual(["failed", "lock.offline"]);
        mend();
        await t.advance(MINUTE);
        expect(t.host.view("lobby")?.firmware?.version).toBe("1.0.0");
        expect((await t.api("GET", "/locks/lobby")).json.lock).toMatchObject({
          firmware_version: "1.0.0",
          firmware_update_available: LATEST_VERSION,
        });
        const history = (
          await t.api("GET", "/events?lock_id=lobby&kind=firmware.update-requested,firmware.update-failed")
        ).json.events as Json[];
        expect(history.slice(0, 2).map((e) => [e.kind, e.source])).toEqual([
          ["firmware.update-failed", "hub"],
          ["firmware.update-requested", "person:admin"],
        ]);
        expect(history[0].detail).toContain(`${LATEST_VERSION}: lock.offline: `);
      }
      interrupt = null;
      expect((await t.api("POST", "/locks/lobby/firmware_update", {})).status).toBe(202);
      await t.state.hub.firmware.idle();
      await t.advance(MINUTE);
      expect((await t.api("GET", "/locks/lobby/firmware_update")).json.firmware_update.status).toBe(
        "updated",
      );
      expect(t.host.view("lobby")?.firmware?.version).toBe(LATEST_VERSION);
      const kinds = (
        (
          await t.api(
            "GET",
            "/events?lock_id=lobby&kind=firmware.update-requested,firmware.update-failed,lock.firmware-updated",
          )
        ).json.events as Json[]
      ).map((e) => e.kind);
      expect(kinds).toEqual([
        "lock.firmware-updated",
        "firmware.update-requested",
        "firmware.update-failed",
        "firmware.update-requested",
        "firmware.update-failed",
        "firmware.update-requested",
      ]);
    });

    it("alerts page with limit and before_id and filter by lock and kind (code.sync-failed matches each code's), so a fleet's alerts are all reachable", async () => {
      const t = await setup([{ id: "front", codes: [{ slot: 9, code: "47291" }] }, { id: "back" }], {
        t0: Date.UTC(2026, 11, 7, 9, 0),
        timeZone: "Europe/Berlin",
      });
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) {
        const r = await t.api("POST", "/access_codes", {
          lock_ids: ["front"],
          name: `Clash ${i}`,
          code: `4729${i}5`,
        });
        ids.push(r.json.access_code.id);
        await t.advance(MINUTE); // each refusal at its own time
      }
      valueOrThrow(t.host.act("back", (l) => l.fault({ fault: "radio-offline" })));
      await t.advance(15 * MINUTE, 5 * MINUTE);
      const all = (await t.api("GET", "/alerts?limit=1000")).json.alerts as Json[];
      const kinds = all.map((a) => a.kind);
      expect(kinds).toContain("lock.offline");
      for (const id of ids) expect(kinds).toContain(`code.sync-failed:${id}`);
      const paged: Json[] = [];
      let before: number | undefined;
      for (let i = 0; i < 20; i++) {
        const page = (
          await t.api("GET", `/alerts?limit=3${before === undefined ? "" : `&before_id=${before}`}`)
        ).json.alerts as Json[];
        if (page.length === 0) break;
        expect(page.length).toBeLessThanOrEqual(3);
        paged.push(...page);
        before = page[page.length - 1].id;
      }
      expect(paged.map((a) => a.id)).toEqual(all.map((a) => a.id));
      const failed = (await t.api("GET", "/alerts?kind=code.sync-failed")).json.alerts as Json[];
      expect(failed.map((a) => a.kind).sort()).toEqual(ids.map((id) => `code.sync-failed:${id}`).sort());
      expect(((await t.api("GET", "/alerts?lock_id=back")).json.alerts as Json[]).map((a) => a.kind)).toEqual(
        ["lock.offline"],
      );
      expect((await t.api("GET", "/alerts?kind=code.sync&limit=5")).json.alerts).toEqual([]); // a family, not a prefix
      expect((await t.api("GET", "/alerts?limit=0")).json.error.code).toBe("request.invalid");
    });

    it("B-CODE-2: a code shorter or longer than the profile takes is refused before anything is made; the lock's own table is untouched", async () => {
      const t = await setup([{ id: "front" }, { id: "back", profile: "aura" }], {
        t0: Date.UTC(2026, 11, 7, 9, 0),
        timeZone: "Europe/Berlin",
      });
      const checksum = await t.host.link("front")!.send({ type: "readChecksum" });
      for (const code of ["583920147", "583"]) {
        const r = await t.api("POST", "/access_codes", {
          lock_ids: ["front", "back"],
          name: "Too long",
          code,
        });
        expect(r.status).toBe(400);
        expect(["code.length", "code.digits"]).toContain(r.json.error.code);
      }
      await t.settle();
      expect((await t.api("GET", "/access_codes")).json.access_codes).toEqual([]);
      expect(await t.host.link("front")!.send({ type: "readChecksum" })).toEqual(checksum);
      // The longest the profile takes goes through, on both locks.
      const ok = await t.api("POST", "/access_codes", {
        lock_ids: ["front", "back"],
        name: "Eight",
        code: "58392014",
      });
      await t.settle();
      expect((await t.code(ok.json.access_code.id)).status).toBe("set");
      expect(await t.opens("back", "58392014")).toBe(true);
    });

    it("B-NET-5: an integrator on the live socket hears each lock's status of a shared code as the lock answers: `setting` for a lock whose radio is down, never `set` before that lock confirmed", async () => {
      const t = await setup([{ id: "front" }, { id: "back" }], {
        t0: Date.UTC(2026, 11, 7, 9, 0),
        timeZone: "Europe/Berlin",
      });
      const heard: { lock_id: string; access_code_id: string; status: string }[] = [];
      const ws = new WebSocket(
        `${t.state.base.replace(/^http/, "ws").replace(HUB_API_PREFIX, "")}/api/live`,
        {
          headers: { authorization: `Bearer ${TOKEN}` },
        },
      );
      cleanups.push(async () => void ws.close());
      ws.on("message", (data) => {
        const m = JSON.parse(String(data)) as { type: string; lock_code?: (typeof heard)[number] };
        if (m.type === "hub-access-code" && m.lock_code) heard.push(m.lock_code);
      });
      await new Promise((resolve, reject) => {
        ws.once("open", resolve);
        ws.once("error", reject);
      });
      const until = async (what: string, predicate: () => boolean): Promise<void> => {
        for (let i = 0; i < 500 && !predicate(); i++) await new Promise((r) => setTimeout(r, 20));
        if (!predicate()) throw new Error(`never heard ${what}`);
      };
      valueOrThrow(t.host.act("back", (l) => l.fault({ fault: "radio-offline" })));
      await t.advance(MINUTE);
      const r = await t.api("POST", "/access_codes", {
        lock_ids: ["front", "back"],
        name: "Family",
        code: "472983",
      });
      const id = r.json.access_code.id as string;
      await t.advance(5 * MINUTE, MINUTE);
      await until("front set", () =>
        heard.some((h) => h.access_code_id === id && h.lock_id === "front" && h.status === "set"),
      );
      const back = () =>
        heard.filter((h) => h.access_code_id === id && h.lock_id === "back").map((h) => h.status);
      expect(back().length).toBeGreaterThan(0);
      expect(back().every((s) => s === "setting")).toBe(true);
      expect(await t.opens("back", "472983")).toBe(false);
      valueOrThrow(t.host.act("back", (l) => l.fix({ fix: "restore-connectivity" })));
      await t.advance(2 * MINUTE, MINUTE);
      await until("back set", () => back().includes("set"));
      expect(back().at(-1)).toBe("set");
      expect(await t.opens("back", "472983")).toBe(true);
    });
  });
}
