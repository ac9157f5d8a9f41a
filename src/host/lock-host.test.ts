/**
 * The host: stable ids, outcomes as values, locks kept across a restart in SQLite (clock,
 * pack, stored codes, history), and the radio link's answers (result by request id,
 * lock.offline, lock.unpaired, lock.timeout).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { enterCode, tap } from "../twin/person-actions.ts";
import type { CreateLockOptions } from "./lock-host.ts";
import { LockHost } from "./lock-host.ts";
import { SqliteHostStore } from "./storage/sqlite-host-store.ts";
import { readyLockSetup } from "./ready-lock-setup.ts";
import { valueOrThrow } from "./outcome.ts";

const SETUP = readyLockSetup("smartcode-914", Date.parse("2026-03-02T08:00:00Z"), {
  door: "open",
  codes: [{ slot: 1, code: "1357" }],
});

const folders: string[] = [];
function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), "latchkey-host-"));
  folders.push(dir);
  return join(dir, "locks.sqlite");
}
afterEach(() => {
  for (const d of folders.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("the lock host", () => {
  it("makes locks under stable ids: a slug the person chooses, or a UUID; refuses bad and taken ids", async () => {
    const host = new LockHost({ pacing: false });
    host.open();
    expect(valueOrThrow(host.create({ id: "back-door", setup: SETUP })).id).toBe("back-door");
    expect(valueOrThrow(host.create({ setup: SETUP })).id).toMatch(/^[0-9a-f-]{36}$/);
    expect(host.create({ id: "back-door", setup: SETUP })).toMatchObject({ ok: false, code: "lock.exists" });
    expect(host.create({ id: "Back Door!", setup: SETUP })).toMatchObject({
      ok: false,
      code: "lock.id-invalid",
    });
    expect(host.create({ setup: { ...SETUP, codes: [{ slot: 1, code: "12" }] } })).toMatchObject({
      ok: false,
      code: "lock.setup-invalid",
    });
    expect(host.size).toBe(2);
    expect(host.remove("nope")).toMatchObject({ ok: false, code: "lock.unknown" });
    expect(host.remove("back-door")).toEqual({ ok: true, value: undefined });
    expect(host.size).toBe(1);
    await host.close();
  });

  it("has no fixed cap: 300 locks in one host", async () => {
    const host = new LockHost({ pacing: false });
    host.open();
    for (let i = 0; i < 300; i++) valueOrThrow(host.create({ id: `door-${i}`, setup: SETUP }));
    expect(host.list()).toHaveLength(300);
    await host.close();
  });

  it("a refused action changes nothing: an absent key, a pack already in", async () => {
    const host = new LockHost({ pacing: false });
    host.open();
    const lock = valueOrThrow(host.create({ id: "a", setup: { ...SETUP, profile: "smartcode-910" } }));
    const before = JSON.stringify(lock.twin.captureState());
    expect(host.act("a", (l) => l.pack({ action: "insert" }))).toMatchObject({
      ok: false,
      code: "pack.inserted",
    });
    expect(host.act("a", (l) => l.key({ key: "reset", action: "tap" }))).toMatchObject({
      ok: false,
      code: "key.absent",
    });
    expect(host.act("a", (l) => l.fix({ fix: "factory-reset" }))).toMatchObject({
      ok: false,
      code: "fix.confirm-needed",
    });
    expect(JSON.stringify(lock.twin.captureState())).toBe(before);
    await host.close();
  });

  it("B-PWR-8: keeps every lock across a restart: codes, clock, pack charge, door, history, name", async () => {
    const file = tempDb();
    let wall = 1_000_000;
    const first = new LockHost({ store: new SqliteHostStore(file), wallNow: () => wall });
    first.open();
    const lock = valueOrThrow(first.create({ id: "front", name: "Front", setup: SETUP }));
    valueOrThrow(
      first.act("front", (l) =>
        l.handsOn((twin) => {
          enterCode(twin, "1357");
          tap(twin, "lock");
          twin.advance(10_000);
        }),
      ),
    );
    valueOrThrow(first.act("front", (l) => l.door({ closed: true })));
    valueOrThrow(first.act("front", (l) => l.advance(3 * 86_400_000)));
    const clockAtStop = lock.twin.clock.nowMs;
    const chargeAtStop = lock.twin.cells?.[0]?.charge;
    const codesAtStop = JSON.stringify(lock.twin.persistent()?.codes);
    const history = first.history("front", 1000).entries.map((e) => e.kind);
    expect(history).toContain("unlock");
    await first.close();

    wall += 4_000; // the host was down for four seconds of wall time
    const second = new LockHost({ store: new SqliteHostStore(file), wallNow: () => wall });
    expect(second.open()).toEqual({ resumed: 1, skipped: [] });
    const back = second.get("front");
    expect(back?.name).toBe("Front");
    expect(JSON.stringify(back?.twin.persistent()?.codes)).toBe(codesAtStop);
    expect(back?.twin.doorClosed).toBe(true);
    // Paced at real time, the four seconds the host was down passed for the lock too.
    expect(back?.twin.clock.nowMs).toBeGreaterThanOrEqual(clockAtStop + 4_000);
    expect(back?.twin.clock.nowMs).toBeLessThanOrEqual(clockAtStop + 5_000);
    expect(back?.twin.cells?.[0]?.charge).toBeCloseTo(chargeAtStop ?? 0, 4);
    expect(second.history("front", 1000).entries.map((e) => e.kind)).toEqual(history);
    // It still works: the code opens it.
    valueOrThrow(
      second.act("front", (l) =>
        l.handsOn((twin) => {
          enterCode(twin, "1357");
          twin.advance(10_000);
        }),
      ),
    );
    expect(second.view("front")?.bolt).toBe("unlocked");
    await second.close();
  });

  it("keeps history in the store, not in memory", async () => {
    const host = new LockHost({ pacing: false });
    host.open();
    const lock = valueOrThrow(host.create({ id: "h", setup: SETUP }));
    for (let i = 0; i < 300; i++) {
      valueOrThrow(
        host.act("h", (l) =>
          l.handsOn((twin) => {
            enterCode(twin, "1357");
            twin.advance(8_000);
            tap(twin, "lock");
            twin.advance(8_000);
          }),
        ),
      );
    }
    expect(lock.twin.history.length).toBeLessThanOrEqual(400);
    expect(host.history("h", 10_000).total).toBeGreaterThanOrEqual(600);
    await host.close();
  });
});

describe("the radio link (B-NET-1, B-NET-5)", () => {
  const radioSetup: CreateLockOptions["setup"] = { ...SETUP, profile: "smartcode-914" };

  it("B-NET-1: answers a command with the lock's own result, correlated by request id", async () => {
    const host = new LockHost({ pacing: false });
    host.open();
    valueOrThrow(host.create({ id: "z", setup: radioSetup }));
    valueOrThrow(host.act("z", (l) => l.fix({ fix: "repair-hub" })));
    const link = host.link("z");
    if (!link) throw new Error("no link");
    expect(link.status()).toEqual({ online: true, paired: true });
    const answers = await Promise.all([
      link.send({ type: "setCode", slot: 3, code: "8642" }),
      link.send({ type: "setCode", slot: 4, code: "1" }),
      link.send({ type: "deleteCode", slot: 99 }),
    ]);
    expect(answers[0]).toEqual({ ok: true });
    expect(answers[1]).toMatchObject({ ok: false });
    expect(answers[2]).toMatchObject({ ok: false, code: "code.slot" });
    expect(host.get("z")?.twin.persistent()?.codes[2]).not.toBeNull();
    await host.close();
  });

  it("B-NET-5: a lock out of reach answers lock.offline; an unpaired one lock.unpaired; never 'delivered'", async () => {
    const host = new LockHost({ pacing: false, ackTimeoutMs: 5 });
    host.open();
    valueOrThrow(host.create({ id: "z", setup: radioSetup }));
    const link = host.link("z");
    if (!link) throw new Error("no link");
    const paired = host.view("z")?.paired;
    if (!paired)
      expect(await link.send({ type: "unlock" })).toMatchObject({ ok: false, code: "lock.unpaired" });
    valueOrThrow(host.act("z", (l) => l.fix({ fix: "repair-hub" })));
    valueOrThrow(host.act("z", (l) => l.pack({ action: "remove" })));
    expect(link.status().online).toBe(false);
    expect(await link.send({ type: "unlock" })).toMatchObject({ ok: false, code: "lock.offline" });
    await host.close();
  });

  it("B-SEC-1, B-NET-2: what happens at the keypad reaches the link's subscribers: codes, wrong codes, lockout", async () => {
    const host = new LockHost({ pacing: false });
    host.open();
    valueOrThrow(host.create({ id: "z", setup: radioSetup }));
    valueOrThrow(host.act("z", (l) => l.fix({ fix: "repair-hub" })));
    const link = host.link("z");
    if (!link) throw new Error("no link");
    const heard: string[] = [];
    const seqs: number[] = [];
    const stop = link.subscribe(({ report, seq, run }) => {
      expect(run).toBe(host.run);
      seqs.push(seq);
      if (report.type === "event") heard.push(report.event.kind);
    });
    valueOrThrow(
      host.act("z", (l) =>
        l.handsOn((twin) => {
          for (let i = 0; i < 6; i++) {
            enterCode(twin, "9999");
            tap(twin, "lock");
            twin.advance(3_000);
          }
        }),
      ),
    );
    expect(heard).toContain("wrong-code");
    expect(heard).toContain("lockout-started");
    valueOrThrow(host.act("z", (l) => l.advance(3_600_000)));
    expect(heard).toContain("lockout-ended");
    // The host stamps each report: 1, 2, 3 … with no gap.
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    stop();
    await host.close();
  });

  it("times out when a paced lock is paused and cannot answer", async () => {
    const host = new LockHost({});
    host.open();
    valueOrThrow(host.create({ id: "z", setup: radioSetup, speed: 0 }));
    valueOrThrow(host.act("z", (l) => l.fix({ fix: "repair-hub" })));
    const link = host.link("z");
    if (!link) throw new Error("no link");
    // The lock answers setCode in the same instant (no clock needed), so it is not a timeout.
    expect(await link.send({ type: "setCode", slot: 2, code: "2468" }, { timeoutMs: 50 })).toEqual({
      ok: true,
    });
    await host.close();
  });
});
