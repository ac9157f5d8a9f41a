import { afterEach, describe, expect, it } from "vitest";
import type { AccessCode } from "../model.ts";
import { MIGRATIONS, migrate } from "./migrations.ts";
import { backends } from "./test-backends.test-fake.ts";
import type { HubRepository } from "./hub-repository.ts";

const T0 = Date.UTC(2026, 11, 1, 12);

function code(id: string, lockIds: string[], extra: Partial<AccessCode> = {}): AccessCode {
  return {
    id,
    name: `code ${id}`,
    code: "4729",
    generated: false,
    personId: null,
    commonCodeKey: null,
    siteId: "home",
    lockIds,
    startsAtMs: null,
    endsAtMs: null,
    weekly: null,
    maxUses: null,
    usesCount: 0,
    leadTimeMs: 86_400_000,
    createdAtMs: T0,
    deletedAtMs: null,
    warnings: [],
    ...extra,
  };
}

async function seed(repo: HubRepository): Promise<void> {
  await repo.createSite({ id: "home", name: "Home", timeZone: "Europe/Berlin", createdAtMs: T0 });
  await repo.addLock({ id: "front", siteId: "home", name: "Front", addedAtMs: T0 });
  await repo.addLock({ id: "back", siteId: "home", name: "Back", addedAtMs: T0 });
}

for (const backend of backends("hub repository")) {
  describe(`hub repository on ${backend.name}`, () => {
    let cleanup: (() => Promise<void>) | null = null;
    afterEach(async () => {
      await cleanup?.();
      cleanup = null;
    });
    const open = async () => {
      const o = await backend.open();
      cleanup = o.cleanup;
      return o;
    };

    it("migrates once: a second open applies nothing and keeps the data", async () => {
      const { repo, reopen } = await open();
      await seed(repo);
      expect(await migrate(repo.db)).toEqual([]);
      const again = await reopen();
      expect((await again.getSite("home"))?.timeZone).toBe("Europe/Berlin");
      const versions = await again.db.query("SELECT version FROM schema_migrations ORDER BY version");
      expect(versions.map((r) => Number(r["version"]))).toEqual(MIGRATIONS.map((m) => m.version));
      if (again !== repo) await again.close();
    });

    it("stores a new code and its history event together: both, or neither when one fails", async () => {
      const { repo } = await open();
      await seed(repo);
      const event = {
        atMs: T0,
        siteId: "home",
        lockId: null,
        personId: null,
        accessCodeId: "c1",
        kind: "access-code.created",
        source: "person:owner",
        slot: null,
        detail: "code c1",
      };
      await repo.createAccessCode(code("c1", ["front"]), T0, event);
      expect((await repo.getAccessCode("c1"))?.name).toBe("code c1");
      const count = async (id: string) =>
        Number(
          (await repo.db.query("SELECT COUNT(*) AS n FROM events WHERE access_code_id = ?", [id]))[0]?.["n"],
        );
      expect(await count("c1")).toBe(1);
      // An event the database refuses (no kind) takes the code down with it: nothing half-applied.
      await expect(
        repo.createAccessCode(code("c2", ["front"]), T0, {
          ...event,
          accessCodeId: "c2",
          kind: null as never,
        }),
      ).rejects.toThrow();
      expect(await repo.getAccessCode("c2")).toBeUndefined();
      expect(await repo.listLockCodesFor(["c2"])).toEqual([]);
      expect(await count("c2")).toBe(0);
    });

    it("refuses a second site, person or lock with the same id and changes nothing", async () => {
      const { repo } = await open();
      await seed(repo);
      expect(await repo.createSite({ id: "home", name: "Other", timeZone: "UTC", createdAtMs: T0 })).toBe(
        false,
      );
      expect((await repo.getSite("home"))?.name).toBe("Home");
      expect(await repo.addLock({ id: "front", siteId: "home", name: "X", addedAtMs: T0 })).toBe(false);
      expect((await repo.getLock("front"))?.name).toBe("Front");
      expect(
        await repo.createPerson({
          id: "p",
          name: "Pat",
          role: "manager",
          siteIds: ["home"],
          createdAtMs: T0,
        }),
      ).toBe(true);
      expect(
        await repo.createPerson({ id: "p", name: "Other", role: "owner", siteIds: [], createdAtMs: T0 }),
      ).toBe(false);
      expect(await repo.getPerson("p")).toMatchObject({ name: "Pat", role: "manager", siteIds: ["home"] });
    });

    it("stores an access code with one setting row per lock, in change order, and the locks due", async () => {
      const { repo } = await open();
      await seed(repo);
      await repo.createAccessCode(
        code("a", ["front", "back"], {
          weekly: { days: ["mon"], startTime: "09:00", endTime: "17:00" },
          maxUses: 3,
        }),
        T0,
      );
      const got = await repo.getAccessCode("a");
      expect(got).toMatchObject({
        code: "4729",
        lockIds: ["back", "front"],
        weekly: { days: ["mon"] },
        maxUses: 3,
        usesCount: 0,
      });
      const rows = await repo.listLockCodesFor(["a"]);
      expect(rows.map((r) => r.status)).toEqual(["setting", "setting"]);
      expect(new Set(rows.map((r) => r.changeSeq)).size).toBe(2);
      const claimed = await repo.claimDueLocks("hub-1", T0, 60_000, 10);
      expect(claimed.sort()).toEqual(["back", "front"]);
    });

    it("leases a lock to one hub at a time and hands it over when the lease runs out", async () => {
      const { repo } = await open();
      await seed(repo);
      await repo.markDue(["front", "back"], T0);
      expect((await repo.claimDueLocks("hub-1", T0, 60_000, 1)).length).toBe(1);
      const second = await repo.claimDueLocks("hub-2", T0, 60_000, 10);
      expect(second.length).toBe(1); // only the other lock
      await repo.markDue(["front", "back"], T0 + 1);
      expect(await repo.claimDueLocks("hub-3", T0 + 2, 60_000, 10)).toEqual([]); // both leased
      expect((await repo.claimDueLocks("hub-3", T0 + 61_000, 60_000, 10)).sort()).toEqual(["back", "front"]); // expired
      expect(await repo.holdsLease("hub-1", "front", T0 + 61_000)).toBe(false);
      await repo.releaseLock("hub-3", "front", T0 + 500_000);
      // hub-3 never released "back": its lease lapsed, so it is due again and another hub takes it.
      expect(await repo.claimDueLocks("hub-4", T0 + 400_000, 60_000, 10)).toEqual(["back"]);
      await repo.releaseLock("hub-4", "back", null);
      expect(await repo.claimDueLocks("hub-4", T0 + 500_000, 60_000, 10)).toEqual(["front"]);
    });

    it("never lets two rows of one lock hold the same slot", async () => {
      const { repo } = await open();
      await seed(repo);
      await repo.createAccessCode(code("a", ["front"]), T0);
      await repo.createAccessCode(code("b", ["front"], { code: "8316" }), T0);
      const [a] = await repo.listLockCodesFor(["a"]);
      const [b] = await repo.listLockCodesFor(["b"]);
      await repo.saveLockCode({ ...a!, slot: 3 });
      await expect(repo.saveLockCode({ ...b!, slot: 3 })).rejects.toThrow();
      expect((await repo.listLockCodesFor(["b"]))[0]?.slot).toBeNull();
    });

    it("counts uses and, at the limit, puts the code's rows due for removal", async () => {
      const { repo } = await open();
      await seed(repo);
      await repo.createAccessCode(code("once", ["front"], { maxUses: 1 }), T0);
      await repo.claimDueLocks("h", T0, 1, 10);
      await repo.releaseLock("h", "front", null);
      await repo.releaseLock("h", "back", null);
      const before = (await repo.listLockCodesFor(["once"]))[0]!.changeSeq;
      expect(await repo.recordUse("once", T0 + 5)).toBe(1);
      expect((await repo.listLockCodesFor(["once"]))[0]!.changeSeq).toBeGreaterThan(before);
      expect(await repo.claimDueLocks("h", T0 + 5, 1, 10)).toEqual(["front"]);
    });

    it("deletes a code once: the second delete is refused and nothing else changes", async () => {
      const { repo } = await open();
      await seed(repo);
      await repo.createAccessCode(code("a", ["front"]), T0);
      expect(await repo.deleteAccessCode("a", T0 + 1)).toBe(true);
      expect(await repo.deleteAccessCode("a", T0 + 2)).toBe(false);
      expect((await repo.getAccessCode("a"))?.deletedAtMs).toBe(T0 + 1);
      expect(await repo.listAccessCodes()).toEqual([]);
      expect((await repo.listAccessCodes({ includeDeleted: true })).length).toBe(1);
    });

    it("filters history by lock, person, kind and time, newest first", async () => {
      const { repo } = await open();
      await seed(repo);
      for (let i = 0; i < 20; i++) {
        await repo.appendEvent({
          atMs: T0 + i * 1000,
          siteId: "home",
          lockId: i % 2 ? "front" : "back",
          personId: i % 4 === 0 ? "pat" : null,
          accessCodeId: null,
          kind: i % 3 ? "lock.unlocked" : "lock.locked",
          source: "keypad",
          slot: 1,
          detail: null,
        });
      }
      const front = await repo.listEvents({ lockIds: ["front"] });
      expect(front.length).toBe(10);
      expect(front[0]!.atMs).toBeGreaterThan(front[1]!.atMs);
      expect((await repo.listEvents({ personId: "pat" })).length).toBe(5);
      expect(
        (await repo.listEvents({ kinds: ["lock.locked"], fromMs: T0 + 3000, untilMs: T0 + 10_000 })).map(
          (e) => e.atMs,
        ),
      ).toEqual([T0 + 9000, T0 + 6000, T0 + 3000]);
      const page = await repo.listEvents({ limit: 5 });
      const next = await repo.listEvents({ limit: 5, beforeId: page[4]!.id });
      expect(next[0]!.id).toBeLessThan(page[4]!.id);
    });

    it("B-NET-2: history pages with before_id in the list's own order: an event stored later with an earlier time (another hub's clock) is neither skipped nor repeated", async () => {
      const { repo } = await open();
      await seed(repo);
      // Stored in this order; their times are not (two hubs, one clock a few seconds behind).
      for (const offsetS of [5, 1, 7, 3, 3, 9, 0, 6]) {
        await repo.appendEvent({
          atMs: T0 + offsetS * 1000,
          siteId: "home",
          lockId: "front",
          personId: null,
          accessCodeId: null,
          kind: "lock.unlocked",
          source: "keypad",
          slot: 1,
          detail: String(offsetS),
        });
      }
      const all = await repo.listEvents({ lockIds: ["front"], limit: 100 });
      expect(all.map((e) => e.detail)).toEqual(["9", "7", "6", "5", "3", "3", "1", "0"]);
      const paged: string[] = [];
      let before: number | undefined;
      for (let i = 0; i < 10; i++) {
        const page = await repo.listEvents({
          lockIds: ["front"],
          limit: 3,
          ...(before === undefined ? {} : { beforeId: before }),
        });
        if (page.length === 0) break;
        paged.push(...page.map((e) => e.detail ?? ""));
        before = page[page.length - 1]!.id;
      }
      expect(paged).toEqual(all.map((e) => e.detail));
    });

    it("B-NET-2: a lock the host deleted is recorded once, with what the hub knew of its table, log and keypad codes forgotten; the other lock is unchanged; cleared once when it is back", async () => {
      const { repo, reopen } = await open();
      await seed(repo);
      const known = { paired: true, inventoried: true, checksum: "ab12", lastVerifiedAtMs: T0, logSeq: 40 };
      await repo.updateSyncState("front", known);
      await repo.updateSyncState("back", known);
      await repo.putUnmanaged({ lockId: "front", slot: 7, detectedAtMs: T0, source: "keypad" });
      await repo.putUnmanaged({ lockId: "back", slot: 9, detectedAtMs: T0, source: "keypad" });
      expect((await repo.getSyncState("front"))?.hostRemovedAtMs).toBeNull();
      expect(await repo.markHostRemoved("front", T0 + 5)).toBe(true);
      expect(await repo.markHostRemoved("front", T0 + 9)).toBe(false); // a second hub's notice
      const again = await reopen();
      expect(await again.getSyncState("front")).toEqual({
        lockId: "front",
        paired: false,
        checksum: null,
        inventoried: false,
        lastVerifiedAtMs: null,
        logSeq: null,
        hostRemovedAtMs: T0 + 5,
      });
      expect(await again.listUnmanaged("front")).toEqual([]);
      expect(await again.getSyncState("back")).toEqual({ lockId: "back", ...known, hostRemovedAtMs: null });
      expect((await again.listUnmanaged("back")).map((u) => u.slot)).toEqual([9]);
      expect(await again.clearHostRemoved("front")).toBe(true);
      expect(await again.clearHostRemoved("front")).toBe(false);
      expect((await again.getSyncState("front"))?.hostRemovedAtMs).toBeNull();
      if (again !== repo) await again.close();
    });

    it("raises an alert once until it is resolved", async () => {
      const { repo } = await open();
      await seed(repo);
      const a = { atMs: T0, lockId: "front", siteId: "home", kind: "lock.factory-reset", message: "reset" };
      expect(await repo.raiseAlert(a)).toBeDefined();
      expect(await repo.raiseAlert(a)).toBeUndefined();
      expect(await repo.resolveAlerts("front", "lock.factory-reset", T0 + 1)).toBe(1);
      expect(await repo.raiseAlert({ ...a, atMs: T0 + 2 })).toBeDefined();
      expect((await repo.listAlerts({ openOnly: true })).length).toBe(1);
    });

    it("B-CARE-2: hubs sharing the database that raise the same alert at once store it once (the care round runs on every hub)", async () => {
      const { repo, reopen } = await open();
      await seed(repo);
      const other = await reopen(); // a second hub's connection
      for (const lockId of ["front", "back", null]) {
        const a = { atMs: T0, lockId, siteId: "home", kind: "care.test-codes", message: "test every code" };
        const raised =
          backend.name === "postgres"
            ? await Promise.all([
                repo.raiseAlert(a),
                other.raiseAlert(a),
                repo.raiseAlert(a),
                other.raiseAlert(a),
              ])
            : [await repo.raiseAlert(a), await other.raiseAlert(a)]; // SQLite: one hub process
        expect(raised.filter((r) => r !== undefined)).toHaveLength(1);
      }
      expect((await repo.listAlerts({ openOnly: true })).map((x) => x.lockId).sort()).toEqual([
        "back",
        "front",
        null,
      ]);
      expect(await repo.resolveAlerts("front", "care.test-codes", T0 + 1)).toBe(1);
      expect(
        await other.raiseAlert({
          atMs: T0 + 2,
          lockId: "front",
          siteId: "home",
          kind: "care.test-codes",
          message: "again",
        }),
      ).toBeDefined();
    });

    it("rolls a failed transaction back whole", async () => {
      const { repo } = await open();
      await seed(repo);
      await expect(
        repo.db.transaction(async (tx) => {
          await tx.run("INSERT INTO sites (id, name, time_zone, created_at) VALUES (?, ?, ?, ?)", [
            "x",
            "X",
            "UTC",
            T0,
          ]);
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(await repo.getSite("x")).toBeUndefined();
    });
  });
}
