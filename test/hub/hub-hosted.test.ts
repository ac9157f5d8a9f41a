/**
 * The hub on real hosted locks (src/host/, free-running clocks moved by the test): a guest's
 * stay, a shared code on three locks where one has a first-four clash, a keypad factory reset,
 * a lock offline for three days, a code added at the keypad adopted. On SQLite, and on
 * PostgreSQL when DATABASE_URL is set (it says so loudly otherwise).
 */
import { afterEach, describe, expect, it } from "vitest";
import { LockHost } from "../../src/host/index.ts";
import { Hub } from "../../src/hub/index.ts";
import type { Actor, HubLockSource } from "../../src/hub/index.ts";
import { addCode, enterCode, runFactoryReset } from "../../src/twin/person-actions.ts";
import { backends } from "../../src/hub/storage/test-backends.test-fake.ts";
import { readyLockSetup } from "../../src/host/ready-lock-setup.ts";
import { valueOrThrow } from "../../src/host/outcome.ts";

const T0 = Date.UTC(2026, 11, 7, 9, 0); // Monday 7 December 2026, 10:00 in Berlin
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const SETUP = readyLockSetup("smartcode-914", T0, { door: "open", paired: true });

for (const backend of backends("hub on hosted locks")) {
  describe(`hub on hosted locks, ${backend.name}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });

    async function setup(locks: { id: string; codes?: { slot: number; code: string }[] }[]) {
      const o = await backend.open();
      cleanups.push(o.cleanup);
      const host = new LockHost({ pacing: false });
      host.open();
      cleanups.push(() => host.close());
      for (const l of locks)
        valueOrThrow(host.create({ id: l.id, setup: { ...SETUP, codes: l.codes ?? [] } }));
      const clock = { now: T0 };
      const source: HubLockSource = host;
      const hub = new Hub({ repo: o.repo, source, now: () => clock.now, owner: "hub-hosted" });
      cleanups.push(() => hub.close());
      await hub.watch();
      const owner: Actor = valueOrThrow(await hub.createOwner("Olivia"));
      valueOrThrow(await hub.createSite(owner, { id: "home", name: "Home", timeZone: "Europe/Berlin" }));
      for (const l of locks) valueOrThrow(await hub.addLock(owner, { lockId: l.id, siteId: "home" }));
      const settle = async () => void (await hub.settle());
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
      /** A person types a code at the keypad; true when the bolt drew back. */
      const typeCode = async (lockId: string, code: string): Promise<boolean> => {
        valueOrThrow(host.act(lockId, (l) => l.turn({ direction: "lock", by: "thumbturn" })));
        host.advanceAll(5_000);
        valueOrThrow(host.act(lockId, (l) => l.handsOn((twin) => enterCode(twin, code))));
        host.advanceAll(10_000);
        clock.now += 15_000;
        await settle();
        return host.view(lockId)?.bolt === "unlocked";
      };
      await settle();
      return { host, hub, owner, clock, settle, advance, typeCode };
    }

    it("B-CODE-8: a guest's stay: on the lock a day ahead, opens only inside its window, gone within a minute of checkout", async () => {
      const { host, hub, owner, clock, advance, typeCode } = await setup([{ id: "front" }]);
      const created = valueOrThrow(
        await hub.createAccessCode(owner, {
          lockIds: ["front"],
          name: "Guest",
          code: "583920",
          startsAt: "2026-12-10T15:00",
          endsAt: "2026-12-12T11:00",
        }),
      );
      const id = created.accessCode.id;
      const start = Date.UTC(2026, 11, 10, 14, 0);
      const end = Date.UTC(2026, 11, 12, 10, 0);
      await advance(start - DAY - clock.now - HOUR, 6 * HOUR);
      expect(valueOrThrow(await hub.getAccessCode(owner, id)).locks[0]).toMatchObject({
        status: "setting",
        warnings: [{ code: "code.scheduled" }],
      });
      await advance(2 * HOUR, HOUR);
      const row = valueOrThrow(await hub.getAccessCode(owner, id)).locks[0]!;
      expect(row.status).toBe("set");
      const slot = await host.link("front")!.send({ type: "readSlot", slot: row.slot! });
      expect(slot).toMatchObject({
        ok: true,
        data: { occupied: true, validFromMs: start, validUntilMs: end },
      });
      expect(await typeCode("front", "583920")).toBe(false); // a day early: the lock refuses it
      await advance(start - clock.now + HOUR, 6 * HOUR);
      expect(await typeCode("front", "583920")).toBe(true);
      await advance(end - clock.now, 6 * HOUR);
      await advance(60_000);
      expect(valueOrThrow(await hub.getAccessCode(owner, id)).locks[0]?.status).toBe("removed");
      expect(await host.link("front")!.send({ type: "readSlot", slot: row.slot! })).toMatchObject({
        ok: true,
        data: { occupied: false },
      });
    });

    it("B-CODE-4: a shared code on three locks where one has a first-four clash: that one failed with code.conflict, the others set", async () => {
      const { hub, owner, settle } = await setup([
        { id: "front" },
        { id: "back" },
        { id: "garage", codes: [{ slot: 4, code: "47291" }] },
      ]);
      const made1 = valueOrThrow(
        await hub.createAccessCode(owner, {
          lockIds: ["front", "back", "garage"],
          name: "Family",
          code: "472983",
        }),
      );
      await settle();
      const rows = Object.fromEntries(
        valueOrThrow(await hub.getAccessCode(owner, made1.accessCode.id)).locks.map((l) => [l.lockId, l]),
      );
      expect(rows["front"]?.status).toBe("set");
      expect(rows["back"]?.status).toBe("set");
      expect(rows["garage"]).toMatchObject({ status: "failed", errors: [{ code: "code.conflict" }] });
      expect(rows["garage"]?.errors[0]?.message).toMatch(/slot 4/);
      const garage = valueOrThrow(await hub.getLock(owner, "garage"));
      expect(garage.unmanaged.map((u) => u.slot)).toEqual([4]); // the keypad's code, seen at inventory
    });

    it("a keypad factory reset: drift detected, alert, codes restored after re-pairing", async () => {
      const { host, hub, owner, settle, advance } = await setup([{ id: "front" }]);
      const code = valueOrThrow(
        await hub.createAccessCode(owner, { lockIds: ["front"], name: "Family", code: "583920" }),
      );
      await settle();
      expect(valueOrThrow(await hub.getAccessCode(owner, code.accessCode.id)).locks[0]?.status).toBe("set");
      valueOrThrow(host.act("front", (l) => l.handsOn((twin) => runFactoryReset(twin))));
      await advance(60_000, 10_000);
      expect(valueOrThrow(await hub.getAccessCode(owner, code.accessCode.id)).locks[0]).toMatchObject({
        status: "setting",
        errors: [{ code: "lock.unpaired" }],
      });
      expect(valueOrThrow(await hub.listAlerts(owner)).map((a) => a.kind)).toContain("lock.factory-reset");
      valueOrThrow(host.act("front", (l) => l.fix({ fix: "repair-hub" })));
      await advance(60_000, 10_000);
      const row = valueOrThrow(await hub.getAccessCode(owner, code.accessCode.id)).locks[0]!;
      expect(row.status).toBe("set");
      expect(await host.link("front")!.send({ type: "readSlot", slot: row.slot! })).toMatchObject({
        ok: true,
        data: { occupied: true },
      });
    });

    it("a lock offline for three days gets its changes when it returns, in order", async () => {
      const { host, hub, owner, settle, advance } = await setup([{ id: "front" }]);
      const old = valueOrThrow(
        await hub.createAccessCode(owner, { lockIds: ["front"], name: "Old", code: "583920" }),
      );
      await settle();
      const oldSlot = valueOrThrow(await hub.getAccessCode(owner, old.accessCode.id)).locks[0]!.slot!;
      valueOrThrow(host.act("front", (l) => l.fault({ fault: "radio-offline" })));
      await advance(60_000);
      const a = valueOrThrow(
        await hub.createAccessCode(owner, { lockIds: ["front"], name: "A", code: "619274" }),
      );
      valueOrThrow(await hub.deleteAccessCode(owner, old.accessCode.id));
      const c = valueOrThrow(
        await hub.createAccessCode(owner, { lockIds: ["front"], name: "C", code: "730485" }),
      );
      await advance(3 * DAY, 6 * HOUR);
      expect(valueOrThrow(await hub.getAccessCode(owner, a.accessCode.id)).locks[0]).toMatchObject({
        status: "setting",
        warnings: [{ code: "lock.offline" }],
      });
      const seen: string[] = [];
      host.link("front")!.subscribe((r) => {
        const e = (r as { report?: { type?: string; event?: { kind: string; slot?: number } } }).report;
        if (e?.type === "event" && e.event && e.event.kind.startsWith("code-"))
          seen.push(`${e.event.kind} ${e.event.slot}`);
      });
      valueOrThrow(host.act("front", (l) => l.fix({ fix: "restore-connectivity" })));
      await advance(5 * 60_000, 60_000);
      const slotA = valueOrThrow(await hub.getAccessCode(owner, a.accessCode.id)).locks[0]!;
      const slotC = valueOrThrow(await hub.getAccessCode(owner, c.accessCode.id)).locks[0]!;
      expect([slotA.status, slotC.status]).toEqual(["set", "set"]);
      expect(valueOrThrow(await hub.getAccessCode(owner, old.accessCode.id)).locks[0]?.status).toBe(
        "removed",
      );
      expect(seen).toEqual([
        `code-added ${slotA.slot}`,
        `code-deleted ${oldSlot}`,
        `code-added ${slotC.slot}`,
      ]);
    });

    it("a code added at the keypad shows as unmanaged and can be adopted", async () => {
      const { host, hub, owner, settle } = await setup([{ id: "front" }]);
      valueOrThrow(await hub.createAccessCode(owner, { lockIds: ["front"], name: "Family", code: "583920" }));
      await settle();
      // Someone adds a code at the keypad, as the guides do it (the lock reports code-added, keypad).
      const slot = host.act("front", (l) => l.handsOn((twin, person) => addCode(twin, person, "864213", 7)));
      expect(slot).toMatchObject({ ok: true, value: 7 });
      await settle();
      expect(valueOrThrow(await hub.getLock(owner, "front")).unmanaged.map((u) => u.slot)).toEqual([7]);
      const adopted = valueOrThrow(
        await hub.adoptUnmanaged(owner, "front", 7, { name: "Nanny", code: "864213" }),
      );
      await settle();
      expect(valueOrThrow(await hub.getAccessCode(owner, adopted.accessCode.id)).locks[0]).toMatchObject({
        status: "set",
        slot: 7,
      });
      expect(valueOrThrow(await hub.getLock(owner, "front")).unmanaged).toEqual([]);
    });

    it("B-NET-2: a lock removed from the host and made again under its id is heard live again — the hub kept listening to the removed one", async () => {
      const { host, hub, owner, clock, settle } = await setup([{ id: "front" }]);
      valueOrThrow(host.remove("front"));
      valueOrThrow(host.create({ id: "front", setup: SETUP }));
      await settle();
      // Someone locks it from inside: the lock reports it over its radio at once.
      valueOrThrow(host.act("front", (l) => l.turn({ direction: "lock", by: "thumbturn" })));
      host.advanceAll(5_000);
      clock.now += 5_000;
      await hub.idle();
      const locked = valueOrThrow(await hub.listEvents(owner, { lockId: "front", kinds: ["lock.locked"] }));
      // Before: nothing until a log catch-up, which then said the link had been down.
      expect(locked).toHaveLength(1);
      expect(locked[0]!.detail).not.toMatch(/from the lock's log/);
    });
    it("B-NET-1, B-NET-2: a lock the host deletes reads as deleted — no code set on it, one alert — the other lock unchanged, and made again under its id it gets its codes back", async () => {
      const { host, hub, owner, clock, settle, typeCode } = await setup([{ id: "front" }, { id: "back" }]);
      const family = valueOrThrow(
        await hub.createAccessCode(owner, { lockIds: ["front", "back"], name: "Family", code: "583920" }),
      );
      const cleaner = valueOrThrow(
        await hub.createAccessCode(owner, { lockIds: ["front"], name: "Cleaner", code: "864213" }),
      );
      await settle();
      const backBefore = valueOrThrow(await hub.getAccessCode(owner, family.accessCode.id)).locks.find(
        (l) => l.lockId === "back",
      );
      expect(backBefore).toMatchObject({ status: "set" });

      valueOrThrow(host.remove("front"));
      await hub.idle();
      await settle();
      const gone = valueOrThrow(await hub.getLock(owner, "front"));
      expect(gone.hostRemovedAtMs).toBe(clock.now);
      expect(gone.paired).toBe(false);
      // Before: the lock kept reading paired and its codes `set`, with nothing to say it was gone.
      const onFront = async (id: string) =>
        valueOrThrow(await hub.getAccessCode(owner, id)).locks.find((l) => l.lockId === "front")!;
      expect(await onFront(family.accessCode.id)).toMatchObject({
        status: "setting",
        slot: null,
        errors: [expect.objectContaining({ code: "lock.removed" })],
      });
      // The other lock is untouched: the same row, the same slot, still set.
      expect(
        valueOrThrow(await hub.getAccessCode(owner, family.accessCode.id)).locks.find(
          (l) => l.lockId === "back",
        ),
      ).toEqual(backBefore);
      const open = await hub.repo.listAlerts({ openOnly: true });
      expect(open.map((a) => [a.lockId, a.kind])).toEqual([["front", "lock.removed"]]);
      expect(
        valueOrThrow(await hub.listEvents(owner, { lockId: "front", kinds: ["lock.removed"] })),
      ).toHaveLength(1);
      // A code deleted meanwhile is gone from it at once (there is no lock to take it off).
      valueOrThrow(await hub.deleteAccessCode(owner, cleaner.accessCode.id));
      await settle();
      expect(await onFront(cleaner.accessCode.id)).toMatchObject({ status: "removed", slot: null });
      // Hearing the notice again (a second hub, a replay) records nothing more.
      await hub.syncer.hostRemoved("front");
      expect(
        (await hub.repo.listAlerts({ lockId: "front" })).filter((a) => a.kind === "lock.removed"),
      ).toHaveLength(1);

      // A lock made again under the id is a new, empty lock: the hub puts back what is still wanted.
      valueOrThrow(host.create({ id: "front", setup: SETUP }));
      await hub.idle();
      await settle();
      const back = valueOrThrow(await hub.getLock(owner, "front"));
      expect(back.hostRemovedAtMs).toBeNull();
      expect(back.paired).toBe(true);
      expect(await onFront(family.accessCode.id)).toMatchObject({ status: "set", errors: [], warnings: [] });
      expect(await onFront(cleaner.accessCode.id)).toMatchObject({ status: "removed" });
      expect(await hub.repo.listAlerts({ openOnly: true })).toEqual([]);
      expect(await typeCode("front", "583920")).toBe(true);
      expect(await typeCode("front", "864213")).toBe(false);
    });

    it("B-NET-5, B-NET-2: a lock deleted while the hub was stopped reads offline and raises lock.offline within 25 minutes — no notice reached the hub, so it cannot say deleted — and the alert closes when a lock is back under the id", async () => {
      const { host, hub, owner, clock } = await setup([{ id: "front" }, { id: "back" }]);
      await hub.close();
      valueOrThrow(host.remove("front"));
      const again = new Hub({ repo: hub.repo, source: host, now: () => clock.now, owner: "hub-hosted-2" });
      cleanups.push(() => again.close());
      await again.watch();
      const run = async (ms: number) => {
        for (let t = 0; t < ms; t += 60_000) {
          host.advanceAll(60_000);
          clock.now += 60_000;
          await again.settle();
        }
      };
      // Its next visit comes at most 15 minutes on (the checksum round), the alert 10 minutes after.
      await run(26 * 60_000);
      const front = valueOrThrow(await again.getLock(owner, "front"));
      expect(front.view).toBeUndefined();
      expect(front.hostRemovedAtMs).toBeNull();
      // Before: no alert ever came for a lock the host had no view of.
      const open = await again.repo.listAlerts({ openOnly: true });
      expect(open.map((a) => [a.lockId, a.kind])).toEqual([["front", "lock.offline"]]);
      valueOrThrow(host.create({ id: "front", setup: SETUP }));
      await again.idle();
      await run(60_000);
      expect(await again.repo.listAlerts({ openOnly: true })).toEqual([]);
    });
  });
}
