/**
 * The hub's side of firmware updates (issue 14) on real hosted locks (src/host/, free-running
 * clocks): each lock's version learned from the lock and an "update available" alert, one
 * lock's update with honest statuses, the refusals (offline lock, a key the locks do not
 * trust), and a staged rollout of a build that fails on board revision C halting by itself with
 * a report — and resuming after a hub restart. On SQLite, and on PostgreSQL when DATABASE_URL
 * is set (it says so loudly otherwise).
 */
import { afterEach, describe, expect, it } from "vitest";
import { LockHost, readyLockSetup } from "../../src/host/index.ts";
import type { CreateLockOptions } from "../../src/host/index.ts";
import { Hub, ephemeralSigningKey } from "../../src/hub/index.ts";
import type { Actor, HubRepository, HubSigningKey } from "../../src/hub/index.ts";
import { backends } from "../../src/hub/storage/test-backends.test-fake.ts";
import { LATEST_VERSION } from "../../src/core/update/firmware-versions.ts";
import { pairLock, unpairLock } from "../../src/twin/pairing-actions.ts";
import { valueOrThrow } from "../../src/host/outcome.ts";

const T0 = Date.UTC(2026, 11, 7, 9, 0);

function setupOf(profile: string, outdated: boolean): CreateLockOptions["setup"] {
  return readyLockSetup(profile, T0, { faults: outdated ? ["firmware-outdated"] : [], paired: true });
}

for (const backend of backends("hub firmware")) {
  describe(`hub firmware on hosted locks, ${backend.name}`, () => {
    const cleanups: (() => Promise<unknown>)[] = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });

    async function setup(opts: {
      count: number;
      profile?: string;
      outdated?: boolean;
      /** The key the locks trust (default: the hub's). */
      trusted?: HubSigningKey;
    }) {
      const o = await backend.open();
      cleanups.push(o.cleanup);
      const key = ephemeralSigningKey();
      const host = new LockHost({ pacing: false, updateKeys: [(opts.trusted ?? key).publicKey] });
      host.open();
      cleanups.push(() => host.close());
      const ids: string[] = [];
      for (let i = 0; i < opts.count; i++) {
        const id = `door-${String(i).padStart(5, "0")}`;
        valueOrThrow(
          host.create({ id, setup: setupOf(opts.profile ?? "halo", opts.outdated ?? false), seed: i + 1 }),
        );
        ids.push(id);
      }
      const clock = { now: T0 };
      const start = async (repo: HubRepository) => {
        const hub = new Hub({
          repo,
          source: host,
          now: () => clock.now,
          owner: `hub-${Math.random()}`,
          firmwareKey: key,
        });
        cleanups.push(() => hub.close());
        await hub.watch();
        return hub;
      };
      const hub = await start(o.repo);
      const owner: Actor = valueOrThrow(await hub.createOwner("Olivia"));
      valueOrThrow(await hub.createSite(owner, { id: "tower", name: "Tower", timeZone: "UTC" }));
      for (const id of ids) valueOrThrow(await hub.addLock(owner, { lockId: id, siteId: "tower" }));
      return { hub, host, owner, ids, clock, key, reopen: o.reopen, start };
    }

    it("knows each lock's version from the lock, raises one update-available alert per lock, and updates one lock: pending → sending → verifying → updated", async () => {
      const { hub, host, owner, ids } = await setup({ count: 2, outdated: true });
      await hub.tick();
      await hub.tick(); // a second round raises nothing new
      const listed = valueOrThrow(await hub.listLocks(owner));
      expect(listed.map((l) => l.firmware)).toEqual([
        { version: "1.0.0", updateAvailable: LATEST_VERSION },
        { version: "1.0.0", updateAvailable: LATEST_VERSION },
      ]);
      const alerts = valueOrThrow(await hub.listAlerts(owner)).filter(
        (a) => a.kind === "firmware.update-available",
      );
      expect(alerts.map((a) => a.lockId).sort()).toEqual(ids);
      expect(alerts[0]!.message).toMatch(/runs firmware 1\.0\.0; 1\.1\.0 is available/);

      // Every status the row is given in the database, in order.
      const seen: string[] = [];
      const store = hub.firmware.store;
      const patch = store.patchUpdate.bind(store);
      store.patchUpdate = async (id, p) => {
        if (p.status) seen.push(p.status);
        return patch(id, p);
      };
      // The start and the end are conditional writes (a cancelled rollout's row is never started or overwritten).
      const startSending = store.startSending.bind(store);
      store.startSending = async (id, previous, nowMs) => {
        const began = await startSending(id, previous, nowMs);
        if (began) seen.push("sending");
        return began;
      };
      const finishUpdate = store.finishUpdate.bind(store);
      store.finishUpdate = async (id, p) => {
        const done = await finishUpdate(id, p);
        if (done) seen.push(p.status);
        return done;
      };
      const row = valueOrThrow(await hub.firmware.updateLock(owner, ids[0]!));
      expect(row).toMatchObject({ status: "pending", version: LATEST_VERSION, previousVersion: "1.0.0" });
      await hub.firmware.idle();
      expect(seen).toEqual(["sending", "verifying", "updated"]);
      const done = valueOrThrow(await hub.firmware.latestUpdate(owner, ids[0]!));
      expect(done).toMatchObject({ status: "updated", code: null, previousVersion: "1.0.0" });
      expect(done.startedAtMs).not.toBeNull();
      expect(host.get(ids[0]!)!.twin.runningVersion).toBe(LATEST_VERSION);
      await hub.idle();
      expect(valueOrThrow(await hub.getLock(owner, ids[0]!)).firmware).toEqual({
        version: LATEST_VERSION,
        updateAvailable: null,
      });
      const open = valueOrThrow(await hub.listAlerts(owner)).filter(
        (a) => a.kind === "firmware.update-available",
      );
      expect(open.map((a) => a.lockId)).toEqual([ids[1]]);
      // Already current: refused, nothing sent.
      expect(await hub.firmware.updateLock(owner, ids[0]!)).toMatchObject({
        ok: false,
        code: "firmware.up-to-date",
      });
    });

    it("B-NET-2: a lock paired after it was added has its version asked at the next round, not an hour later", async () => {
      const { hub, host, owner, ids } = await setup({ count: 1, outdated: true });
      valueOrThrow(host.act(ids[0]!, (l) => l.handsOn((twin) => unpairLock(twin))));
      host.advanceAll(10_000);
      await hub.idle();
      await hub.firmware.store.markAsked(ids[0]!, T0); // asked while unpaired, no answer
      await hub.tick();
      expect(valueOrThrow(await hub.getLock(owner, ids[0]!)).firmware.version).toBeNull();
      valueOrThrow(host.act(ids[0]!, (l) => l.handsOn((twin) => pairLock(twin))));
      host.advanceAll(10_000);
      await hub.idle();
      await hub.tick();
      expect(valueOrThrow(await hub.getLock(owner, ids[0]!)).firmware).toEqual({
        version: "1.0.0",
        updateAvailable: LATEST_VERSION,
      });
    });

    it("refuses an offline lock with a reason and sends nothing; a lock that trusts another key refuses the hub's image (update.signature) and keeps running", async () => {
      const { hub, host, owner, ids } = await setup({
        count: 2,
        outdated: true,
        trusted: ephemeralSigningKey(),
      });
      valueOrThrow(host.act(ids[0]!, (l) => l.pack({ action: "remove" })));
      const refused = await hub.firmware.updateLock(owner, ids[0]!);
      expect(refused).toMatchObject({ ok: false, code: "lock.offline" });
      expect(refused.ok ? "" : refused.reason).toMatch(/out of reach.*nothing was sent/);
      expect(await hub.firmware.latestUpdate(owner, ids[0]!)).toMatchObject({
        ok: false,
        code: "firmware_update.not-found",
      });

      valueOrThrow(await hub.firmware.updateLock(owner, ids[1]!));
      await hub.firmware.idle();
      expect(valueOrThrow(await hub.firmware.latestUpdate(owner, ids[1]!))).toMatchObject({
        status: "failed",
        code: "update.signature",
      });
      expect(host.get(ids[1]!)!.twin.runningVersion).toBe("1.0.0");
    });

    it("a manager may not publish a build or start a rollout", async () => {
      const { hub, owner, ids } = await setup({ count: 1 });
      const manager = valueOrThrow(
        await hub.addPerson(owner, { name: "Max", role: "manager", siteIds: ["tower"] }),
      );
      expect(
        await hub.firmware.publishRelease(manager, { profileId: "halo", version: "1.2.0", changes: ["x"] }),
      ).toMatchObject({ ok: false, code: "auth.forbidden" });
      expect(
        await hub.firmware.startRollout(manager, { profileId: "halo", version: "1.1.0", lockIds: ids }),
      ).toMatchObject({
        ok: false,
        code: "auth.forbidden",
      });
    });

    // The proof on SQLite: 10,000 hosted locks (about 6 s here). PostgreSQL makes the
    // same story with 1,000 (10,000 rows added one by one over a socket take over a minute).
    const fleet = backend.name === "sqlite" ? 10_000 : 1_000;
    it(`a staged rollout on ${fleet.toLocaleString("en")} locks of a build that fails on board C halts by itself at the first stage above 2 %, and reports which locks rolled back and which were never tried`, async () => {
      const { hub, host, owner, ids } = await setup({ count: fleet });
      valueOrThrow(
        await hub.firmware.publishRelease(owner, {
          profileId: "halo",
          version: "1.2.0",
          changes: ["Motor: a gentler start"],
          boards: ["A", "B"],
          programBytes: 1024,
        }),
      );
      const started = valueOrThrow(
        await hub.firmware.startRollout(owner, { profileId: "halo", version: "1.2.0", concurrency: 8 }),
      );
      expect(started.stages.map((s) => s.size)).toEqual([
        ids.length / 100,
        (ids.length * 9) / 100,
        (ids.length * 90) / 100,
      ]);
      await hub.firmware.idle();
      const report = valueOrThrow(await hub.firmware.rolloutReport(owner, started.rollout.id));
      expect(report.rollout.status).toBe("halted");
      // 10,000 locks, about 500 on board C: the 1 % stage (100 locks) already passes 2 %.
      if (fleet === 10_000) expect(report.rollout.stage).toBe(0);
      const board = (id: string) => host.get(id)!.twin.board;
      const tried = [...report.updated, ...report.rolledBack.map((r) => r.lockId)];
      // Exactly the board-C locks tried rolled back, each with the self-test's reason, and run their old version.
      expect(report.rolledBack.length).toBeGreaterThan(0);
      for (const r of report.rolledBack) {
        expect(board(r.lockId)).toBe("C");
        expect(r.reason).toMatch(/board|self-test/i);
        expect(host.get(r.lockId)!.twin.runningVersion).toBe(LATEST_VERSION);
      }
      for (const id of report.updated) expect(board(id)).not.toBe("C");
      expect(report.failed).toEqual([]);
      // It halted at the first stage whose failures passed 2 %; no later stage was touched.
      const haltedAt = report.rollout.stage;
      for (const s of report.stages.slice(0, haltedAt)) expect(s.failureRate).toBeLessThanOrEqual(0.02);
      expect(report.stages[haltedAt]!.failed / report.stages[haltedAt]!.size).toBeGreaterThan(0.02);
      for (const s of report.stages.slice(haltedAt + 1)) expect(s.updated + s.failed).toBe(0);
      expect(report.rollout.haltedReason).toMatch(
        new RegExp(`^stage ${haltedAt + 1} .*above the 2 % threshold`),
      );
      // Every target is in exactly one list; the rest were never tried, with why.
      expect(tried.length + report.neverTried.length).toBe(ids.length);
      expect(report.neverTried.every((n) => n.code === "rollout.halted")).toBe(true);
      const untouched = report.neverTried.map((n) => n.lockId);
      expect(untouched.every((id) => host.get(id)!.twin.runningVersion === LATEST_VERSION)).toBe(true);
      expect(
        valueOrThrow(await hub.listAlerts(owner)).some(
          (a) => a.kind === `firmware.rollout-halted:${started.rollout.id}`,
        ),
      ).toBe(true);
      // Halted stays halted: a restarted hub does not carry on.
      await hub.firmware.start();
      await hub.firmware.idle();
      expect(valueOrThrow(await hub.firmware.rolloutReport(owner, started.rollout.id)).updated).toEqual(
        report.updated,
      );
    }, 60_000);

    it("a rollout cancelled by hand starts no lock after the cancel; the updates already sending finish; it stays cancelled, with who and when, after a restart", async () => {
      const { hub, host, owner, ids, clock, reopen, start } = await setup({ count: 24, outdated: true });
      const store = hub.firmware.store;
      const startSending = store.startSending.bind(store);
      const sent: string[] = []; // locks whose update began sending
      const afterCancel: boolean[] = []; // for each start asked after the cancel ended: did it begin?
      let calls = 0;
      let cancelled: Awaited<ReturnType<typeof hub.firmware.cancelRollout>> | undefined;
      let rolloutId = "";
      // The cancel comes as the 7th lock is about to be sent its first byte: that one and every
      // later one must not be.
      store.startSending = async (id, previous, nowMs) => {
        calls += 1;
        if (calls === 7) {
          clock.now = T0 + 60_000;
          cancelled = await hub.firmware.cancelRollout(owner, rolloutId);
        }
        const asked = cancelled !== undefined;
        const began = await startSending(id, previous, nowMs);
        if (asked) afterCancel.push(began);
        if (began) sent.push((await store.getUpdate(id))!.lockId);
        return began;
      };
      const started = valueOrThrow(
        await hub.firmware.startRollout(owner, {
          profileId: "halo",
          version: LATEST_VERSION,
          stagesPercent: [100],
          concurrency: 4,
        }),
      );
      rolloutId = started.rollout.id;
      await hub.firmware.idle();
      expect(valueOrThrow(cancelled!).rollout).toMatchObject({
        status: "cancelled",
        cancelledBy: owner.id,
        cancelledAtMs: T0 + 60_000,
      });
      const report = valueOrThrow(await hub.firmware.rolloutReport(owner, rolloutId));
      expect(report.rollout.status).toBe("cancelled");
      // No update began once the cancel was done (the 7th was asked after it); those that began
      // before it ran to the end, updated; no other lock was touched.
      expect(afterCancel.length).toBeGreaterThanOrEqual(1);
      expect(afterCancel.every((began) => !began)).toBe(true);
      expect(sent.length).toBeGreaterThanOrEqual(1);
      expect(sent.length).toBeLessThan(ids.length); // (starts asked while the cancel ran may go either way)
      expect([...report.updated].sort()).toEqual([...sent].sort());
      for (const id of ids)
        expect(host.get(id)!.twin.runningVersion, id).toBe(sent.includes(id) ? LATEST_VERSION : "1.0.0");
      expect(report.neverTried).toHaveLength(ids.length - sent.length);
      expect(report.neverTried.every((n) => n.status === "skipped" && n.code === "rollout.cancelled")).toBe(
        true,
      );
      expect(report.neverTried[0]!.reason).toContain(owner.id);
      // In the history: who and when.
      const events = valueOrThrow(await hub.listEvents(owner, { kinds: ["firmware.rollout-cancelled"] }));
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        atMs: T0 + 60_000,
        source: `person:${owner.id}`,
        personId: owner.id,
      });
      expect(events[0]!.detail).toContain(rolloutId);
      // A second cancel, or one of a rollout that ended: refused, nothing changes.
      expect(await hub.firmware.cancelRollout(owner, rolloutId)).toMatchObject({
        ok: false,
        code: "firmware_rollout.not-running",
      });
      expect(await hub.firmware.cancelRollout(owner, "00000000-0000-0000-0000-000000000000")).toMatchObject({
        ok: false,
        code: "firmware_rollout.not-found",
      });
      // Stored: a restarted hub reads it cancelled and starts nothing.
      await hub.close();
      const again = await start(await reopen());
      await again.firmware.start();
      await again.firmware.idle();
      const after = valueOrThrow(await again.firmware.rolloutReport(owner, rolloutId));
      expect(after.rollout).toMatchObject({
        status: "cancelled",
        cancelledBy: owner.id,
        cancelledAtMs: T0 + 60_000,
      });
      expect(after.updated).toEqual(report.updated);
      expect(ids.filter((id) => host.get(id)!.twin.runningVersion === LATEST_VERSION)).toHaveLength(
        sent.length,
      );
    });

    it("a lock taken off the hub's care while a rollout runs is passed over: skipped, lock.unmanaged, nothing sent to it", async () => {
      const { hub, host, owner, ids } = await setup({ count: 4, outdated: true });
      const store = hub.firmware.store;
      const startSending = store.startSending.bind(store);
      const retired = ids[3]!;
      let calls = 0;
      // As the first lock begins, the last is taken off the hub (the rollout chose it already).
      store.startSending = async (id, previous, nowMs) => {
        if (++calls === 1) valueOrThrow(await hub.setLockManaged(owner, retired, false));
        return startSending(id, previous, nowMs);
      };
      const started = valueOrThrow(
        await hub.firmware.startRollout(owner, {
          profileId: "halo",
          version: LATEST_VERSION,
          stagesPercent: [100],
          concurrency: 1,
        }),
      );
      await hub.firmware.idle();
      const report = valueOrThrow(await hub.firmware.rolloutReport(owner, started.rollout.id));
      expect(report.rollout.status).toBe("completed");
      expect([...report.updated].sort()).toEqual(ids.filter((id) => id !== retired).sort());
      expect(report.neverTried).toEqual([
        expect.objectContaining({ lockId: retired, status: "skipped", code: "lock.unmanaged" }),
      ]);
      expect(host.get(retired)!.twin.runningVersion).toBe("1.0.0");
    });

    it("cancelling a rollout that completed or halted is refused (409 code firmware_rollout.not-running) and changes nothing", async () => {
      const { hub, owner, ids } = await setup({ count: 3, outdated: true });
      const done = valueOrThrow(
        await hub.firmware.startRollout(owner, {
          profileId: "halo",
          version: LATEST_VERSION,
          stagesPercent: [100],
        }),
      );
      await hub.firmware.idle();
      const before = valueOrThrow(await hub.firmware.rolloutReport(owner, done.rollout.id));
      expect(before.rollout.status).toBe("completed");
      expect(await hub.firmware.cancelRollout(owner, done.rollout.id)).toMatchObject({
        ok: false,
        code: "firmware_rollout.not-running",
      });
      expect(valueOrThrow(await hub.firmware.rolloutReport(owner, done.rollout.id))).toEqual(before);
      expect(before.updated).toHaveLength(ids.length);
      expect(valueOrThrow(await hub.listEvents(owner, { kinds: ["firmware.rollout-cancelled"] }))).toEqual(
        [],
      );
    });

    it("B-NET-4: a one-lock update the hub was sending when it stopped is sent anew by the restarted hub, not left 'sending' for good", async () => {
      const { hub, host, owner, ids, reopen, start } = await setup({ count: 1, outdated: true });
      // The hub stops right after its first byte: the row says `sending` (the conditional start
      // ran) and nothing more reaches the lock or the database — as a stop or a crash leaves it.
      const store = hub.firmware.store;
      const startSending = store.startSending.bind(store);
      store.startSending = async (id, previous, nowMs) => {
        await startSending(id, previous, nowMs);
        return false;
      };
      valueOrThrow(await hub.firmware.updateLock(owner, ids[0]!));
      await hub.firmware.idle();
      await hub.close();
      expect(valueOrThrow(await hub.firmware.latestUpdate(owner, ids[0]!)).status).toBe("sending");
      expect(host.get(ids[0]!)!.twin.runningVersion).toBe("1.0.0");

      const again = await start(await reopen());
      await again.firmware.start();
      await again.firmware.idle();
      // Before: the row said `sending` for good and every later update was update-in-progress.
      expect(valueOrThrow(await again.firmware.latestUpdate(owner, ids[0]!))).toMatchObject({
        status: "updated",
        code: null,
      });
      expect(host.get(ids[0]!)!.twin.runningVersion).toBe(LATEST_VERSION);
    });

    it("B-NET-4: a one-lock update the lock finished while the hub was stopped reads updated from the lock, sending nothing again", async () => {
      const { hub, host, owner, ids, reopen, start } = await setup({ count: 1, outdated: true });
      // The lock installs the image, but the hub stops before it writes the answer down.
      const store = hub.firmware.store;
      store.finishUpdate = async () => true;
      valueOrThrow(await hub.firmware.updateLock(owner, ids[0]!));
      await hub.firmware.idle();
      await hub.close();
      expect(valueOrThrow(await hub.firmware.latestUpdate(owner, ids[0]!)).status).toBe("verifying");
      expect(host.get(ids[0]!)!.twin.runningVersion).toBe(LATEST_VERSION);

      const again = await start(await reopen());
      const sent: string[] = [];
      const startAgain = again.firmware.store.startSending.bind(again.firmware.store);
      again.firmware.store.startSending = async (id, previous, nowMs) => {
        sent.push(id);
        return startAgain(id, previous, nowMs);
      };
      await again.firmware.start();
      await again.firmware.idle();
      expect(valueOrThrow(await again.firmware.latestUpdate(owner, ids[0]!)).status).toBe("updated");
      expect(sent).toEqual([]);
    });

    it("a hub restarted mid-rollout resumes where it was and finishes; the report counts every lock once", async () => {
      const { hub, host, owner, ids, reopen, start } = await setup({ count: 40, outdated: true });
      const started = valueOrThrow(
        await hub.firmware.startRollout(owner, {
          profileId: "halo",
          version: LATEST_VERSION,
          stagesPercent: [10, 50, 100],
          concurrency: 1,
        }),
      );
      await hub.close(); // stops after the update in flight
      const before = valueOrThrow(await hub.firmware.rolloutReport(owner, started.rollout.id));
      expect(before.rollout.status).toBe("running");
      expect(before.updated.length).toBeLessThan(ids.length);
      const again = await start(await reopen());
      await again.firmware.start();
      await again.firmware.idle();
      const after = valueOrThrow(await again.firmware.rolloutReport(owner, started.rollout.id));
      expect(after.rollout.status).toBe("completed");
      expect([...after.updated].sort()).toEqual([...ids].sort());
      expect(after.neverTried).toEqual([]);
      expect(ids.every((id) => host.get(id)!.twin.runningVersion === LATEST_VERSION)).toBe(true);
    });
  });
}
