/**
 * The hub catches up with a lock's own event log (B-NET-5, B-SEC-5, B-NET-2) through the real
 * host and its radio link (src/host/, `readLog`): what a person does at the keypad while the
 * lock's radio is down reaches no one as it happens, and reaches the hub's history when the
 * link returns — once however often the link comes and goes, at the time it happened, marked
 * as delivered late, with alerts only for what still matters. On SQLite, and on PostgreSQL
 * when DATABASE_URL is set (it says so loudly otherwise).
 */
import { afterEach, describe, expect, it } from "vitest";
import { LockHost } from "../../src/host/index.ts";
import { Hub, HubRepository } from "../../src/hub/index.ts";
import type { Actor, HubEvent } from "../../src/hub/index.ts";
import { enterCode } from "../../src/twin/person-actions.ts";
import { backends } from "../../src/hub/storage/test-backends.test-fake.ts";
import { readyLockSetup } from "../../src/host/ready-lock-setup.ts";
import { valueOrThrow } from "../../src/host/outcome.ts";

const T0 = Date.UTC(2026, 11, 7, 9, 0);
const MINUTE = 60_000;

const SETUP = readyLockSetup("smartcode-914", T0, { door: "open", paired: true });

for (const backend of backends("hub log catch-up")) {
  describe(`the hub catches up with a lock's log, ${backend.name}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });

    async function setup() {
      const o = await backend.open();
      cleanups.push(o.cleanup);
      const host = new LockHost({ pacing: false, ackTimeoutMs: 5 });
      host.open();
      cleanups.push(() => host.close());
      valueOrThrow(host.create({ id: "front", setup: SETUP }));
      const clock = { now: T0 };
      const hub = new Hub({ repo: o.repo, source: host, now: () => clock.now, owner: "hub-a" });
      cleanups.push(() => hub.close());
      await hub.watch();
      const owner: Actor = valueOrThrow(await hub.createOwner("Olivia"));
      valueOrThrow(await hub.createSite(owner, { id: "home", name: "Home", timeZone: "Europe/Berlin" }));
      valueOrThrow(await hub.addLock(owner, { lockId: "front", siteId: "home" }));
      const guest = valueOrThrow(await hub.addPerson(owner, { id: "gus", name: "Gus", role: "guest" }));
      const code = valueOrThrow(
        await hub.createAccessCode(owner, {
          lockIds: ["front"],
          name: "Gus",
          code: "583920",
          personId: guest.id,
        }),
      );
      await hub.settle();
      expect(valueOrThrow(await hub.getAccessCode(owner, code.accessCode.id)).locks[0]?.status).toBe("set");
      /** The locks' clocks and the hub's move together; the hub syncs as a running one would. */
      const advance = async (ms: number) => {
        host.advanceAll(ms);
        clock.now += ms;
        await hub.settle();
      };
      /** A person at the door: thumbturn to locked, then a code at the keypad. */
      const typeCode = async (digits: string) => {
        valueOrThrow(host.act("front", (l) => l.turn({ direction: "lock", by: "thumbturn" })));
        await advance(5_000);
        valueOrThrow(host.act("front", (l) => l.handsOn((twin) => enterCode(twin, digits))));
        await advance(10_000);
      };
      const radio = async (up: boolean) => {
        valueOrThrow(
          host.act("front", (l) =>
            up ? l.fix({ fix: "restore-connectivity" }) : l.fault({ fault: "radio-offline" }),
          ),
        );
        await advance(MINUTE);
      };
      const events = async (kind?: string): Promise<HubEvent[]> =>
        valueOrThrow(
          await hub.listEvents(owner, { lockId: "front", limit: 1000, ...(kind ? { kinds: [kind] } : {}) }),
        );
      const openAlerts = async () =>
        valueOrThrow(await hub.listAlerts(owner, true, { lockId: "front" })).map((a) => a.kind);
      return { o, host, hub, owner, clock, code, advance, typeCode, radio, events, openAlerts };
    }

    it("B-NET-5, B-SEC-5: a keypad unlock while the radio is down reaches the hub's history when the link returns — who, which code, when, marked late", async () => {
      const { host, hub, owner, clock, code, advance, typeCode, radio, events } = await setup();
      await radio(false);
      const before = (await events("lock.unlocked")).length;
      const typedAt = clock.now;
      await typeCode("583920");
      expect(host.view("front")?.bolt).toBe("unlocked");
      await advance(10 * MINUTE);
      // Nothing reached the hub while the link was down.
      expect(await events("lock.unlocked")).toHaveLength(before);
      await radio(true);
      const unlocked = (await events("lock.unlocked")).filter((e) => e.deliveredLate);
      expect(unlocked).toHaveLength(1);
      const e = unlocked[0]!;
      expect(e).toMatchObject({
        source: "keypad",
        personId: "gus",
        accessCodeId: code.accessCode.id,
        deliveredLate: true,
      });
      expect(e.slot).toBe(valueOrThrow(await hub.getAccessCode(owner, code.accessCode.id)).locks[0]?.slot);
      // At the time it happened on the lock, not at the reconnect 11 minutes later (within the
      // seconds a free-running lock's clock runs ahead of the hub's while hands are on it).
      expect(Number.isInteger(e.atMs)).toBe(true);
      expect(Math.abs(e.atMs - typedAt)).toBeLessThan(MINUTE);
      expect(e.detail).toMatch(/from the lock's log/);
    });

    it("B-NET-5: a lock taken in while its radio was down: what its keypad did from then on reaches the history when the hub first reaches it", async () => {
      const o = await backend.open();
      cleanups.push(o.cleanup);
      const host = new LockHost({ pacing: false, ackTimeoutMs: 5 });
      host.open();
      cleanups.push(() => host.close());
      valueOrThrow(host.create({ id: "shed", setup: { ...SETUP, codes: [{ slot: 1, code: "2947" }] } }));
      // Used before the hub knew it: not the hub's history.
      valueOrThrow(host.act("shed", (l) => l.handsOn((twin) => enterCode(twin, "2947"))));
      host.advanceAll(MINUTE);
      valueOrThrow(host.act("shed", (l) => l.fault({ fault: "radio-offline" })));
      const clock = { now: T0 + MINUTE };
      const hub = new Hub({ repo: o.repo, source: host, now: () => clock.now, owner: "hub-a" });
      cleanups.push(() => hub.close());
      await hub.watch();
      const owner: Actor = valueOrThrow(await hub.createOwner("Olivia"));
      valueOrThrow(await hub.createSite(owner, { id: "home", name: "Home", timeZone: "Europe/Berlin" }));
      valueOrThrow(await hub.addLock(owner, { lockId: "shed", siteId: "home" }));
      await hub.settle();
      host.advanceAll(10 * MINUTE);
      clock.now += 10 * MINUTE;
      valueOrThrow(host.act("shed", (l) => l.turn({ direction: "lock", by: "thumbturn" })));
      host.advanceAll(5_000);
      valueOrThrow(host.act("shed", (l) => l.handsOn((twin) => enterCode(twin, "2947"))));
      host.advanceAll(MINUTE);
      clock.now += MINUTE;
      await hub.settle();
      valueOrThrow(host.act("shed", (l) => l.fix({ fix: "restore-connectivity" })));
      host.advanceAll(MINUTE);
      clock.now += MINUTE;
      await hub.settle();
      const unlocks = valueOrThrow(await hub.listEvents(owner, { lockId: "shed", kinds: ["lock.unlocked"] }));
      expect(unlocks).toHaveLength(1);
      expect(unlocks[0]).toMatchObject({ source: "keypad", slot: 1, deliveredLate: true });
    });

    it("B-NET-5: repeated reconnects, a second hub on the same database and events heard live store each happening once", async () => {
      const { o, host, hub, clock, advance, typeCode, radio, events } = await setup();
      // Heard live: one event, never doubled by a later catch-up.
      await typeCode("583920");
      expect((await events("lock.unlocked")).filter((e) => !e.deliveredLate)).toHaveLength(1);
      await radio(false);
      await typeCode("583920");
      await radio(true);
      await radio(false);
      await radio(true);
      await radio(false);
      await radio(true);
      // A second hub (a restart, or a second process on PostgreSQL) reads the same log again,
      // from its start: as a hub killed after storing records but before noting how far it read.
      await o.repo.updateSyncState("front", { logSeq: 0 });
      const repo2 = await o.reopen();
      cleanups.push(() => repo2.close());
      const hub2 = new Hub({ repo: repo2, source: host, now: () => clock.now, owner: "hub-b" });
      cleanups.push(() => hub2.close());
      await hub2.watch();
      valueOrThrow(host.act("front", (l) => l.fault({ fault: "radio-offline" })));
      host.advanceAll(MINUTE);
      clock.now += MINUTE;
      await hub2.settle();
      valueOrThrow(host.act("front", (l) => l.fix({ fix: "restore-connectivity" })));
      await hub2.settle();
      await hub.settle();
      await advance(MINUTE);
      const unlocks = await events("lock.unlocked");
      expect(unlocks.map((e) => e.deliveredLate === true).sort()).toEqual([false, true]);
      const locks = await events("lock.locked");
      // Each thumbturn lock once: one heard live, one from the log.
      expect(locks).toHaveLength(2);
      expect(new Set(locks.map((e) => e.atMs)).size).toBe(2);
      expect(repo2).toBeInstanceOf(HubRepository);
    });

    it("B-NET-5: caught-up events sit in the history where they happened, among what the hub did meanwhile", async () => {
      const { hub, owner, clock, advance, typeCode, radio } = await setup();
      await radio(false);
      const unlockAt = clock.now;
      await typeCode("583920");
      await advance(5 * MINUTE);
      // Meanwhile the owner makes a code (a hub event now, later than the unlock).
      valueOrThrow(
        await hub.createAccessCode(owner, { lockIds: ["front"], name: "Cleaner", code: "720461" }),
      );
      await advance(5 * MINUTE);
      await radio(true);
      // The whole history (the code's making names no lock), as a property manager reads it.
      const list = valueOrThrow(await hub.listEvents(owner, { limit: 1000 }));
      const unlockIndex = list.findIndex((e) => e.kind === "lock.unlocked" && e.deliveredLate);
      const createdIndex = list.findIndex(
        (e) => e.kind === "access-code.created" && e.atMs > unlockAt + MINUTE,
      );
      expect(unlockIndex).toBeGreaterThan(-1);
      expect(createdIndex).toBeGreaterThan(-1);
      // Newest first: the code made later comes before the unlock that happened earlier.
      expect(createdIndex).toBeLessThan(unlockIndex);
      expect(list[unlockIndex]!.atMs).toBeLessThan(unlockAt + MINUTE);
      const times = list.map((e) => e.atMs);
      expect([...times].sort((a, b) => b - a)).toEqual(times);
    });

    it("B-SEC-1, B-SEC-6: a lockout while the radio was down raises lock.lockout only while it still runs; the brute-force alert always", async () => {
      const { advance, typeCode, radio, openAlerts, events } = await setup();
      await radio(false);
      for (let i = 0; i < 5; i++) await typeCode("111111");
      await advance(MINUTE);
      await radio(true);
      expect(await openAlerts()).toEqual(expect.arrayContaining(["lock.lockout", "lock.brute-force"]));
      expect((await events("lock.lockout-started")).filter((e) => e.deliveredLate)).toHaveLength(1);
    });

    it("B-SEC-1: a lockout that ended before the link returned raises no lock.lockout (it no longer matters), but brute-force still", async () => {
      const { advance, typeCode, radio, openAlerts } = await setup();
      await radio(false);
      for (let i = 0; i < 5; i++) await typeCode("111111");
      await advance(20 * MINUTE);
      await radio(true);
      const open = await openAlerts();
      expect(open).not.toContain("lock.lockout");
      expect(open).toContain("lock.brute-force");
    });
  });
}
