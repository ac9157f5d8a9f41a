/**
 * The faults and fixes a lock was given are part of its record (docs/host.md, "Kept across
 * restarts"), the support report's "steps already tried" (B-CARE-5). The outside audit of the
 * lock server found a fault that writes the lock's stored record (vacation mode, a deleted
 * code, a corrupted memory) gone from the fault log after a restart: the entry was added
 * after the batch had already been saved, so nothing saved it again.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { LockHost } from "./index.ts";
import { openHostIn, removeTempHostDirs, tempHostDir } from "./temp-sqlite-host.test-fake.ts";
import { readyLockSetup } from "./ready-lock-setup.ts";

afterEach(removeTempHostDirs);

describe("the fault log across a restart", () => {
  it("B-CARE-5, B-SEC-2: a fault that writes the stored record and its fix are both still logged after a restart", async () => {
    const dir = tempHostDir("latchkey-faultlog-");
    const first = openHostIn(dir);
    const setup = readyLockSetup("aura", Date.parse("2026-03-02T08:00:00Z"));
    expect(first.create({ id: "back", setup: { ...setup, codes: [{ slot: 1, code: "2947" }] } }).ok).toBe(
      true,
    );
    expect(first.act("back", (l) => l.fault({ fault: "vacation-mode" })).ok).toBe(true);
    await first.close();

    const second = openHostIn(dir);
    expect(second.get("back")!.faultLog.map((e) => `${e.kind} ${e.id}`)).toEqual(["fault vacation-mode"]);
    expect(second.act("back", (l) => l.fix({ fix: "disable-vacation-mode" })).ok).toBe(true);
    await second.close();

    const third = openHostIn(dir);
    expect(third.get("back")!.faultLog.map((e) => `${e.kind} ${e.id}`)).toEqual([
      "fault vacation-mode",
      "fix disable-vacation-mode",
    ]);
    await third.close();
  });
});

describe("signal numbering across a restart", () => {
  it("B-FB-1, B-FB-2: the signals go on being numbered after a restart, so a page does not take new ones for old", async () => {
    const dir = tempHostDir("latchkey-signals-");
    const count = (host: LockHost): number => {
      const l = host.get("front")!;
      return l.signalsDropped + l.twin.signals.length;
    };
    const first = openHostIn(dir);
    expect(
      first.create({
        id: "front",
        setup: readyLockSetup("smartcode-914", Date.parse("2026-03-02T08:00:00Z")),
      }).ok,
    ).toBe(true);
    for (const key of ["program", "1", "lock", "2", "9", "4", "7", "lock"] as const) {
      first.act("front", (l) => l.key({ key, action: "tap" }));
    }
    first.act("front", (l) => l.advance(5_000));
    const before = count(first);
    expect(before).toBeGreaterThan(0);
    await first.close();

    const second = openHostIn(dir);
    expect(count(second)).toBe(before);
    for (const key of ["1", "1", "1", "1"] as const)
      second.act("front", (l) => l.key({ key, action: "tap" }));
    second.act("front", (l) => l.advance(5_000));
    expect(count(second)).toBe(before + 1);
    await second.close();
  });
});
