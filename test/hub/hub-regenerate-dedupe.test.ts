/**
 * On real hosted locks, SQLite and PostgreSQL (loudly skipped without DATABASE_URL):
 * - a code the hub generated that a lock refuses (its first four clash with a keypad code the
 *   hub cannot see) gets new digits every lock takes, a bounded number of times, with the
 *   status and alerts saying so; a code the person chose is never changed;
 * - two hubs on one database hear every lock report, and history stores each once (by the
 *   link's `{ run, seq }` stamp), so a use is counted once.
 */
import { afterEach, describe, expect, it } from "vitest";
import { LockHost } from "../../src/host/index.ts";
import { Hub, MAX_REGENERATIONS } from "../../src/hub/index.ts";
import type { Actor, HubRepository } from "../../src/hub/index.ts";
import { enterCode } from "../../src/twin/person-actions.ts";
import { backends } from "../../src/hub/storage/test-backends.test-fake.ts";
import { readyLockSetup } from "../../src/host/ready-lock-setup.ts";
import { valueOrThrow } from "../../src/host/outcome.ts";

const T0 = Date.UTC(2026, 11, 7, 9, 0);

const SETUP = readyLockSetup("smartcode-914", T0, { door: "open", paired: true });

/** A "random" source that deals these digits in turn (then again from the start). */
function dealing(digits: string): (max: number) => number {
  let i = 0;
  return () => Number(digits[i++ % digits.length]);
}

for (const backend of backends("hub: regenerated codes, history across hubs")) {
  describe(`hub on hosted locks, ${backend.name}: regenerated codes and one history for two hubs`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });

    async function setup(
      locks: { id: string; codes?: { slot: number; code: string }[] }[],
      options: { random?: (max: number) => number; secondHub?: boolean } = {},
    ) {
      const o = await backend.open();
      cleanups.push(o.cleanup);
      const host = new LockHost({ pacing: false });
      host.open();
      cleanups.push(() => host.close());
      for (const l of locks)
        valueOrThrow(host.create({ id: l.id, setup: { ...SETUP, codes: l.codes ?? [] } }));
      const clock = { now: T0 };
      const hub = new Hub({
        repo: o.repo,
        source: host,
        now: () => clock.now,
        owner: "hub-a",
        ...(options.random ? { random: options.random } : {}),
      });
      cleanups.push(() => hub.close());
      await hub.watch();
      let second: Hub | null = null;
      let secondRepo: HubRepository | null = null;
      if (options.secondHub) {
        secondRepo = await o.reopen();
        second = new Hub({ repo: secondRepo, source: host, now: () => clock.now, owner: "hub-b" });
        cleanups.push(async () => {
          await second?.close();
          if (backend.name === "sqlite") await secondRepo?.close();
        });
      }
      const owner: Actor = valueOrThrow(await hub.createOwner("Olivia"));
      valueOrThrow(await hub.createSite(owner, { id: "home", name: "Home", timeZone: "UTC" }));
      for (const l of locks)
        valueOrThrow(await hub.addLock(owner, { lockId: l.id, siteId: "home", name: `${l.id} door` }));
      await second?.watch();
      const settle = async () => {
        await hub.settle();
        await second?.settle();
        await hub.settle();
      };
      const typeCode = async (lockId: string, code: string): Promise<boolean> => {
        valueOrThrow(host.act(lockId, (l) => l.turn({ direction: "lock", by: "thumbturn" })));
        host.advanceAll(5_000);
        valueOrThrow(host.act(lockId, (l) => l.handsOn((twin) => enterCode(twin, code))));
        host.advanceAll(10_000);
        clock.now += 15_000;
        await hub.idle();
        await second?.idle();
        return host.view(lockId)?.bolt === "unlocked";
      };
      await settle();
      return { host, hub, second, owner, settle, typeCode, repo: o.repo };
    }

    it("B-CODE-4: a generated code a lock refuses (first four like a keypad code) gets new digits every lock takes; both locks set", async () => {
      const { hub, owner, settle, typeCode } = await setup(
        [{ id: "front", codes: [{ slot: 1, code: "5831" }] }, { id: "back" }],
        { random: dealing("58316942") },
      );
      const code = valueOrThrow(
        await hub.createAccessCode(owner, { lockIds: ["front", "back"], name: "Cleaner" }),
      );
      expect(code.accessCode).toMatchObject({ code: "5831", generated: true });
      await settle();
      const now = valueOrThrow(await hub.getAccessCode(owner, code.accessCode.id));
      expect(now.accessCode.code).toBe("6942");
      expect(now.locks.map((l) => [l.lockId, l.status])).toEqual([
        ["back", "set"],
        ["front", "set"],
      ]);
      expect(now.accessCode.warnings.map((w) => w.code)).toContain("code.regenerated");
      // Named as the owner named the lock, not by its id.
      expect(now.accessCode.warnings.find((w) => w.code === "code.regenerated")?.message).toMatch(
        /^front door refused the generated digits/,
      );
      expect(
        valueOrThrow(await hub.listAlerts(owner)).filter((a) => a.kind.startsWith("code.sync-failed")),
      ).toEqual([]);
      // The locks hold the new digits, and the old ones open nothing the hub put there.
      expect(await typeCode("back", "6942")).toBe(true);
      expect(await typeCode("front", "6942")).toBe(true);
      expect(await typeCode("back", "5831")).toBe(false);
      const events = valueOrThrow(await hub.listEvents(owner, { kinds: ["access-code.regenerated"] }));
      expect(events).toHaveLength(1);
    });

    it(`gives up after ${MAX_REGENERATIONS} new draws: failed with code.conflict, an alert, and the reason`, async () => {
      const { hub, owner, settle } = await setup(
        [
          {
            id: "front",
            codes: [
              { slot: 1, code: "5831" },
              { slot: 2, code: "6942" },
              { slot: 3, code: "7053" },
              { slot: 4, code: "8164" },
            ],
          },
        ],
        { random: dealing("5831694270538164") },
      );
      const code = valueOrThrow(await hub.createAccessCode(owner, { lockIds: ["front"], name: "Cleaner" }));
      await settle();
      const now = valueOrThrow(await hub.getAccessCode(owner, code.accessCode.id));
      expect(now.accessCode.code).toBe("8164");
      expect(now.locks[0]).toMatchObject({ status: "failed", errors: [{ code: "code.conflict" }] });
      expect(now.locks[0]?.errors[0]?.message).toMatch(`new digits ${MAX_REGENERATIONS} times`);
      expect(valueOrThrow(await hub.listAlerts(owner)).map((a) => a.kind)).toContain(
        `code.sync-failed:${code.accessCode.id}`,
      );
      expect(valueOrThrow(await hub.listEvents(owner, { kinds: ["access-code.regenerated"] }))).toHaveLength(
        MAX_REGENERATIONS,
      );
    });

    it("a code the person chose is never regenerated: it stays failed with the lock's reason", async () => {
      const { hub, owner, settle } = await setup([{ id: "front", codes: [{ slot: 1, code: "5831" }] }]);
      const code = valueOrThrow(
        await hub.createAccessCode(owner, { lockIds: ["front"], name: "Mine", code: "583177" }),
      );
      await settle();
      const now = valueOrThrow(await hub.getAccessCode(owner, code.accessCode.id));
      expect(now.accessCode.code).toBe("583177");
      expect(now.locks[0]).toMatchObject({ status: "failed", errors: [{ code: "code.conflict", slot: 1 }] });
      expect(valueOrThrow(await hub.listEvents(owner, { kinds: ["access-code.regenerated"] }))).toEqual([]);
    });

    it("two hubs on one database hear every report; history has each lock event once and a use counts once", async () => {
      const { host, hub, second, owner, settle, typeCode, repo } = await setup([{ id: "front" }], {
        secondHub: true,
      });
      expect(second).not.toBeNull();
      const code = valueOrThrow(
        await hub.createAccessCode(owner, { lockIds: ["front"], name: "Guest", code: "583920", maxUses: 5 }),
      );
      await settle();
      let reports = 0;
      host.link("front")!.subscribe(() => reports++);
      expect(await typeCode("front", "583920")).toBe(true);
      expect(await typeCode("front", "583920")).toBe(true);
      await settle();
      expect(reports).toBeGreaterThan(2);
      const view = valueOrThrow(await hub.getAccessCode(owner, code.accessCode.id));
      expect(view.accessCode.usesCount).toBe(2);
      const unlocked = valueOrThrow(await hub.listEvents(owner, { kinds: ["lock.unlocked"] }));
      expect(unlocked.map((e) => e.slot)).toEqual([view.locks[0]!.slot, view.locks[0]!.slot]);
      const dupes = await repo.db.query(
        `SELECT link_run, link_seq, COUNT(*) AS n FROM events WHERE link_run IS NOT NULL
           GROUP BY lock_id, link_run, link_seq HAVING COUNT(*) > 1`,
      );
      expect(dupes).toEqual([]);
      const stamped = await repo.db.query("SELECT COUNT(*) AS n FROM events WHERE link_run IS NOT NULL");
      expect(Number(stamped[0]?.["n"])).toBeGreaterThanOrEqual(reports);
    });
  });
}
