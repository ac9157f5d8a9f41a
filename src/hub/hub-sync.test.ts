/**
 * The hub end to end against stand-in locks (FakeLockSource, the unit edge) on SQLite and on
 * PostgreSQL: a guest's stay, a shared code with a clash, a factory reset, three days offline,
 * a keypad code adopted, one-time codes and retries. The same stories run on real hosted locks
 * in test/hub-hosted.test.ts.
 */
import { afterEach, describe, expect, it } from "vitest";
import { Hub, overallStatus } from "./hub.ts";
import type { Actor } from "./hub.ts";
import { FakeLockSource } from "./fake-lock-source.test-fake.ts";
import { backends } from "./storage/test-backends.test-fake.ts";

const T0 = Date.UTC(2026, 11, 7, 9, 0); // Monday 7 December 2026, 10:00 in Berlin
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

for (const backend of backends("hub sync")) {
  describe(`hub sync on ${backend.name}`, () => {
    let cleanup: (() => Promise<void>) | null = null;
    let hub: Hub | null = null;
    afterEach(async () => {
      await hub?.close();
      await cleanup?.();
      hub = null;
      cleanup = null;
    });

    async function setup(lockIds = ["front", "back", "garage"]) {
      const o = await backend.open();
      cleanup = o.cleanup;
      const clock = { now: T0 };
      const source = new FakeLockSource(() => clock.now);
      for (const id of lockIds) source.add(id);
      hub = new Hub({ repo: o.repo, source, now: () => clock.now, owner: "hub-a" });
      await hub.watch();
      const made = await hub.createOwner("Olivia");
      if (!made.ok) throw new Error(made.reason);
      const owner: Actor = made.value;
      const site = await hub.createSite(owner, { id: "home", name: "Home", timeZone: "Europe/Berlin" });
      expect(site.ok).toBe(true);
      for (const id of lockIds)
        expect((await hub.addLock(owner, { lockId: id, siteId: "home" })).ok).toBe(true);
      const h = hub;
      const settle = async () => {
        await h.settle();
      };
      const advance = async (ms: number, stepMs = 30_000) => {
        const end = clock.now + ms;
        while (clock.now < end) {
          clock.now = Math.min(end, clock.now + stepMs);
          await settle();
        }
      };
      await settle();
      return { hub: h, owner, source, clock, settle, advance, repo: o.repo };
    }

    it("B-CODE-8: a guest's stay: on the lock a day ahead, opens only inside its window, gone within a minute of checkout", async () => {
      const { hub, owner, source, clock, settle, advance } = await setup(["front"]);
      const front = source.get("front");
      const made = await hub.createAccessCode(owner, {
        lockIds: ["front"],
        name: "Guest",
        code: "583920",
        startsAt: "2026-12-10T15:00",
        endsAt: "2026-12-12T11:00",
      });
      if (!made.ok) throw new Error(made.reason);
      const id = made.value.accessCode.id;
      await settle();
      let view = await hub.getAccessCode(owner, id);
      expect(view.ok && view.value.locks[0]).toMatchObject({
        status: "setting",
        // In the site's own time, as an owner reads it (a day's lead before 15:00 Berlin).
        warnings: [
          {
            code: "code.scheduled",
            message: "goes to the lock at 15:00 on 9 Dec, site time, ahead of its window",
          },
        ],
      });
      expect(front.codes()).toEqual([]);
      const start = Date.UTC(2026, 11, 10, 14, 0); // 15:00 Berlin
      const end = Date.UTC(2026, 11, 12, 10, 0);
      await advance(start - DAY - clock.now, HOUR);
      view = await hub.getAccessCode(owner, id);
      expect(view.ok && view.value.locks[0]?.status).toBe("set");
      expect(front.codes()).toEqual(["583920"]);
      expect(front.opens("583920", start - 60_000)).toBe(false);
      expect(front.opens("583920", start)).toBe(true);
      expect(front.opens("583920", end - 1)).toBe(true);
      await advance(end - clock.now, HOUR);
      expect(front.opens("583920", end)).toBe(false); // the lock's own window
      await advance(60_000);
      expect(front.codes()).toEqual([]); // gone within a minute of checkout
      view = await hub.getAccessCode(owner, id);
      expect(view.ok && view.value.locks[0]?.status).toBe("removed");
    });

    it("B-CODE-4: one code on three locks where one has a first-four clash: that one failed with code.conflict naming the slot, the others set", async () => {
      const { hub, owner, source, settle } = await setup();
      source.get("garage").keypadAdd(4, "47291");
      await settle();
      const made = await hub.createAccessCode(owner, {
        lockIds: ["front", "back", "garage"],
        name: "Family",
        code: "472983",
      });
      if (!made.ok) throw new Error(made.reason);
      await settle();
      const view = await hub.getAccessCode(owner, made.value.accessCode.id);
      if (!view.ok) throw new Error(view.reason);
      const byLock = Object.fromEntries(view.value.locks.map((l) => [l.lockId, l]));
      expect(byLock["front"]?.status).toBe("set");
      expect(byLock["back"]?.status).toBe("set");
      expect(byLock["garage"]).toMatchObject({
        status: "failed",
        errors: [{ code: "code.conflict", slot: 4 }],
      });
      expect(overallStatus(view.value.locks)).toBe("failed");
      expect(source.get("garage").codes()).toEqual(["47291"]);
      const alerts = await hub.listAlerts(owner);
      expect(alerts.ok && alerts.value.some((a) => a.kind.startsWith("code.sync-failed"))).toBe(true);
    });

    it("a code the hub chooses fits every lock and avoids what it knows is there", async () => {
      const { hub, owner, source, settle } = await setup(["front", "back"]);
      await hub.createAccessCode(owner, { lockIds: ["front"], name: "A", code: "583920" });
      const made = await hub.createAccessCode(owner, { lockIds: ["front", "back"], name: "Generated" });
      if (!made.ok) throw new Error(made.reason);
      expect(made.value.accessCode.generated).toBe(true);
      expect(made.value.accessCode.code.slice(0, 4)).not.toBe("5839");
      expect(made.value.accessCode.warnings).toEqual([]);
      await settle();
      expect(source.get("back").codes()).toEqual([made.value.accessCode.code]);
    });

    it("B-CODE-9: a weak code is stored with warnings, not refused", async () => {
      const { hub, owner, settle } = await setup(["front"]);
      const made = await hub.createAccessCode(owner, { lockIds: ["front"], name: "Weak", code: "1234" });
      expect(made.ok && made.value.accessCode.warnings.map((w) => w.code)).toEqual(
        expect.arrayContaining(["code.weak-common", "code.weak-sequence"]),
      );
      await settle();
      const view = made.ok ? await hub.getAccessCode(owner, made.value.accessCode.id) : null;
      expect(view?.ok && view.value.locks[0]?.status).toBe("set");
    });

    it("a keypad factory reset is drift: alert, unpaired error, codes restored after re-pairing", async () => {
      const { hub, owner, source, settle } = await setup(["front"]);
      const front = source.get("front");
      const made = await hub.createAccessCode(owner, { lockIds: ["front"], name: "Family", code: "583920" });
      if (!made.ok) throw new Error(made.reason);
      await settle();
      expect(front.codes()).toEqual(["583920"]);
      front.factoryReset();
      await settle();
      let view = await hub.getAccessCode(owner, made.value.accessCode.id);
      expect(view.ok && view.value.locks[0]).toMatchObject({
        status: "setting",
        errors: [{ code: "lock.unpaired" }],
      });
      const alerts = await hub.listAlerts(owner);
      expect(alerts.ok && alerts.value.map((a) => a.kind)).toContain("lock.factory-reset");
      front.pair();
      await settle();
      view = await hub.getAccessCode(owner, made.value.accessCode.id);
      expect(view.ok && view.value.locks[0]?.status).toBe("set");
      expect(front.codes()).toEqual(["583920"]);
      const after = await hub.listAlerts(owner);
      expect(after.ok && after.value.map((a) => a.kind)).not.toContain("lock.factory-reset");
    });

    it("a lock offline for three days gets the changes when it returns, in the order they were made", async () => {
      const { hub, owner, source, settle, advance } = await setup(["front"]);
      const front = source.get("front");
      const old = await hub.createAccessCode(owner, { lockIds: ["front"], name: "Old", code: "583920" });
      if (!old.ok) throw new Error(old.reason);
      await settle();
      source.setOnline("front", false);
      const a = await hub.createAccessCode(owner, { lockIds: ["front"], name: "A", code: "619274" });
      await hub.deleteAccessCode(owner, old.value.accessCode.id);
      const c = await hub.createAccessCode(owner, { lockIds: ["front"], name: "C", code: "730485" });
      if (!a.ok || !c.ok) throw new Error("create failed");
      await advance(3 * DAY, 6 * HOUR);
      const during = await hub.getAccessCode(owner, a.value.accessCode.id);
      expect(during.ok && during.value.locks[0]).toMatchObject({
        status: "setting",
        warnings: [{ code: "lock.offline" }],
      });
      const sentBefore = front.received.length;
      source.setOnline("front", true);
      await settle();
      const writes = front.received
        .slice(sentBefore)
        .filter((c) => c.type === "setCode" || c.type === "deleteCode");
      expect(writes.map((w) => (w.type === "setCode" ? `set ${w.code}` : `delete ${w.slot}`))).toEqual([
        "set 619274",
        "delete 1",
        "set 730485",
      ]);
      expect(front.codes().sort()).toEqual(["619274", "730485"]);
    });

    it("a code added at the keypad shows as unmanaged and can be adopted", async () => {
      const { hub, owner, source, settle } = await setup(["front"]);
      source.get("front").keypadAdd(2, "864213");
      await settle();
      let lock = await hub.getLock(owner, "front");
      expect(lock.ok && lock.value.unmanaged.map((u) => u.slot)).toEqual([2]);
      const adopted = await hub.adoptUnmanaged(owner, "front", 2, { name: "Nanny", code: "864213" });
      if (!adopted.ok) throw new Error(adopted.reason);
      await settle();
      const view = await hub.getAccessCode(owner, adopted.value.accessCode.id);
      expect(view.ok && view.value.locks[0]).toMatchObject({ status: "set", slot: 2 });
      lock = await hub.getLock(owner, "front");
      expect(lock.ok && lock.value.unmanaged).toEqual([]);
    });

    it("a managed code deleted at the keypad is put back, with a warning saying so", async () => {
      const { hub, owner, source, settle } = await setup(["front"]);
      const made = await hub.createAccessCode(owner, { lockIds: ["front"], name: "Family", code: "583920" });
      if (!made.ok) throw new Error(made.reason);
      await settle();
      source.get("front").keypadDelete(1);
      await settle();
      expect(source.get("front").codes()).toEqual(["583920"]);
      const events = await hub.listEvents(owner, { lockId: "front", kinds: ["lock.code-deleted"] });
      expect(events.ok && events.value.length).toBe(1);
    });

    it("B-CODE-1: a one-time code opens once, then the hub takes it off the lock", async () => {
      const { hub, owner, source, clock, settle } = await setup(["front"]);
      const made = await hub.createAccessCode(owner, {
        lockIds: ["front"],
        name: "Plumber",
        code: "385027",
        maxUses: 1,
      });
      if (!made.ok) throw new Error(made.reason);
      await settle();
      expect(source.get("front").type("385027", clock.now)).toBe(true);
      await settle();
      expect(source.get("front").type("385027", clock.now)).toBe(false);
      expect(source.get("front").codes()).toEqual([]);
      const view = await hub.getAccessCode(owner, made.value.accessCode.id);
      expect(view.ok && view.value.accessCode.usesCount).toBe(1);
      expect(view.ok && view.value.locks[0]?.status).toBe("removed");
    });

    it("never says set without the lock's ok: a busy lock is retried with backoff", async () => {
      const { hub, owner, source, settle, advance } = await setup(["front"]);
      source
        .get("front")
        .refuseNext.push(
          { code: "lock.busy", reason: "the lock is busy" },
          { code: "lock.timeout", reason: "no answer" },
        );
      const made = await hub.createAccessCode(owner, { lockIds: ["front"], name: "Family", code: "583920" });
      if (!made.ok) throw new Error(made.reason);
      await settle();
      let view = await hub.getAccessCode(owner, made.value.accessCode.id);
      expect(view.ok && view.value.locks[0]).toMatchObject({
        status: "setting",
        warnings: [{ code: "lock.busy" }],
        attempts: 1,
      });
      await advance(5_000, 5_000);
      view = await hub.getAccessCode(owner, made.value.accessCode.id);
      expect(view.ok && view.value.locks[0]).toMatchObject({
        status: "setting",
        warnings: [{ code: "lock.offline" }],
        attempts: 2,
      });
      await advance(10_000, 5_000);
      view = await hub.getAccessCode(owner, made.value.accessCode.id);
      expect(view.ok && view.value.locks[0]?.status).toBe("set");
    });

    it("refuses bad input with a stable code and stores nothing", async () => {
      const { hub, owner, repo } = await setup(["front"]);
      const cases = [
        [{ lockIds: [], name: "x" }, "request.invalid"],
        [{ lockIds: ["nope"], name: "x" }, "lock.not-found"],
        [{ lockIds: ["front"], name: "x", code: "12a4" }, "code.digits"],
        [{ lockIds: ["front"], name: "x", startsAt: "soon" }, "code.window"],
        [
          { lockIds: ["front"], name: "x", startsAt: "2026-12-20T10:00", endsAt: "2026-12-19T10:00" },
          "code.window",
        ],
        [
          {
            lockIds: ["front"],
            name: "x",
            weekly: { days: ["funday"], startTime: "09:00", endTime: "10:00" },
          },
          "code.schedule",
        ],
        [{ lockIds: ["front"], name: "x", maxUses: 0 }, "code.uses"],
        [{ lockIds: ["front"], name: "" }, "request.invalid"],
      ] as const;
      for (const [input, code] of cases) {
        const r = await hub.createAccessCode(owner, input as never);
        expect(r).toMatchObject({ ok: false, code });
      }
      expect(await repo.listAccessCodes({ includeDeleted: true })).toEqual([]);
    });

    it("a site's time zone is kept as IANA spells it when only its case differs; another valid name as written", async () => {
      const { hub, owner } = await setup(["front"]);
      const made = [];
      for (const [id, timeZone] of [
        ["a", "utc"],
        ["b", "europe/lisbon"],
        ["c", "US/Pacific"],
        ["d", "Etc/UTC"],
      ] as const)
        made.push(await hub.createSite(owner, { id, name: id, timeZone }));
      // Before: `utc` and `europe/lisbon` were kept in lower case and read back so.
      expect(made.map((r) => (r.ok ? r.value.timeZone : r.code))).toEqual([
        "UTC",
        "Europe/Lisbon",
        "US/Pacific",
        "Etc/UTC",
      ]);
      expect((await hub.listSites(owner)).find((s) => s.id === "b")?.timeZone).toBe("Europe/Lisbon");
    });

    it("roles: a manager works on their sites only, a guest sees only their own code", async () => {
      const { hub, owner } = await setup(["front"]);
      await hub.createSite(owner, { id: "cabin", name: "Cabin", timeZone: "America/Denver" });
      const m = await hub.addPerson(owner, { name: "Max", role: "manager", siteIds: ["home"] });
      const g = await hub.addPerson(owner, { name: "Gus", role: "guest" });
      if (!m.ok || !g.ok) throw new Error("people");
      const mine = await hub.createAccessCode(m.value, {
        lockIds: ["front"],
        name: "For Gus",
        code: "583920",
        personId: g.value.id,
      });
      expect(mine.ok).toBe(true);
      expect(await hub.addPerson(m.value, { name: "Eve", role: "owner" })).toMatchObject({
        ok: false,
        code: "auth.forbidden",
      });
      const other = await hub.createAccessCode(owner, {
        lockIds: ["front"],
        name: "Not Gus",
        code: "619274",
      });
      if (!mine.ok || !other.ok) throw new Error("codes");
      expect((await hub.getAccessCode(g.value, mine.value.accessCode.id)).ok).toBe(true);
      expect(await hub.getAccessCode(g.value, other.value.accessCode.id)).toMatchObject({
        ok: false,
        code: "access_code.not-found",
      });
      const list = await hub.listAccessCodes(g.value);
      expect(list.ok && list.value.map((v) => v.accessCode.name)).toEqual(["For Gus"]);
      expect(await hub.deleteAccessCode(g.value, mine.value.accessCode.id)).toMatchObject({
        ok: false,
        code: "auth.forbidden",
      });
      expect((await hub.listSites(m.value)).map((s) => s.id)).toEqual(["home"]);
    });

    it("B-NET-2: alerts: offline for more than ten minutes, low battery with the date it will stop locking, in plain words and the site's time; resolved when fixed", async () => {
      const { hub, owner, source, advance } = await setup(["front"]);
      source.setOnline("front", false);
      await advance(5 * 60_000, 60_000);
      let alerts = await hub.listAlerts(owner);
      expect(alerts.ok && alerts.value.map((a) => a.kind)).not.toContain("lock.offline");
      await advance(11 * 60_000, 60_000);
      alerts = await hub.listAlerts(owner);
      expect(alerts.ok && alerts.value.map((a) => a.kind)).toContain("lock.offline");
      // B-NET-2: in words an owner reads — the site's own clock (Berlin), no ISO timestamp.
      const offline = alerts.ok ? alerts.value.find((a) => a.kind === "lock.offline") : undefined;
      expect(offline?.message).toMatch(/^Fake front has been offline since 10:0\d on 7 Dec$/);
      expect(offline?.message).not.toMatch(/\d{4}-\d{2}-\d{2}|Z\b/);
      source.setOnline("front", true);
      await advance(60_000);
      alerts = await hub.listAlerts(owner);
      expect(alerts.ok && alerts.value.map((a) => a.kind)).not.toContain("lock.offline");
      const front = source.get("front");
      for (let day = 0; day < 6; day++) {
        front.battery = { percent: 40 - day * 5, level: 40 - day * 5 <= 20 ? "low" : "ok" };
        await advance(DAY, 6 * HOUR);
      }
      alerts = await hub.listAlerts(owner);
      const low = alerts.ok ? alerts.value.find((a) => a.kind === "battery.low") : undefined;
      // 5 points a day from 40 % on the 7th: 5 % is reached around the 13th–14th
      expect(low?.message).toMatch(/stops locking around 1[34] Dec$/);
    });

    it("care: a monthly reminder to test every code with the door open, a battery change after six months, a guest code past its end flagged", async () => {
      const { hub, owner, source, advance, clock } = await setup(["front"]);
      const guest = await hub.createAccessCode(owner, {
        lockIds: ["front"],
        name: "Guest",
        code: "583920",
        endsAt: new Date(clock.now + 2 * DAY).toISOString(),
      });
      if (!guest.ok) throw new Error(guest.reason);
      await advance(DAY, 6 * HOUR);
      source.setOnline("front", false); // away when the stay ends: the code cannot be taken off
      await advance(2 * DAY, 6 * HOUR);
      const alertKinds = async () => {
        const a = await hub.listAlerts(owner);
        return a.ok ? a.value.map((x) => x.kind) : [];
      };
      let kinds = await alertKinds();
      expect(kinds).toContain(`care.code-past-end:${guest.value.accessCode.id}`);
      const pastEnd = await hub.listAlerts(owner, false, { kinds: ["care.code-past-end"] });
      expect(pastEnd.ok && pastEnd.value[0]?.message).toBe(
        'Fake front: "Guest" ended at 10:00 on 9 Dec and is still on the lock (it is offline or refused the removal)',
      );
      expect(kinds).not.toContain("care.test-codes");
      source.setOnline("front", true);
      await advance(28 * DAY, DAY);
      kinds = await alertKinds();
      expect(kinds).toContain("care.test-codes");
      expect(kinds).not.toContain("care.battery-change");
      await advance(150 * DAY, 5 * DAY);
      kinds = await alertKinds();
      expect(kinds).toContain("care.battery-change");
    });
  });
}
