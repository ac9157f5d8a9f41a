/**
 * A resumed lock has its past (issue 9: "after a restart the page shows the same ... history"):
 * the newest entries come back from the database into memory, where the page's snapshot, the
 * troubleshooter and lastEvent read them; and the history a lock made while being built (its
 * first power-up) is stored with the rest, numbered before everything after it.
 */
import { afterEach, describe, expect, it } from "vitest";
import { openHostIn, removeTempHostDirs, tempHostDir } from "./temp-sqlite-host.test-fake.ts";
import { readyLockSetup } from "./ready-lock-setup.ts";

afterEach(removeTempHostDirs);

describe("history across a restart", () => {
  it("B-PWR-8: the stored history comes back in memory, power-up first, in order", async () => {
    const dir = tempHostDir("latchkey-history-");
    const first = openHostIn(dir);
    const made = first.create({
      id: "front",
      setup: readyLockSetup("smartcode-914", Date.parse("2026-03-02T08:00:00Z")),
    });
    expect(made.ok).toBe(true);
    for (const key of ["program", "1", "lock", "2", "9", "4", "7", "lock"] as const) {
      first.act("front", (l) => l.key({ key, action: "tap" }));
      first.act("front", (l) => l.advance(300));
    }
    first.act("front", (l) => l.advance(3_000));
    const before = first.get("front")!.twin.history.map((h) => ({ kind: h.kind, atMs: h.atMs }));
    expect(before[0]?.kind).toBe("power-up");
    expect(before.some((h) => h.kind === "code-added")).toBe(true);
    const stored = first.history("front", 500);
    expect(stored.entries.map((e) => e.kind)).toEqual(before.map((h) => h.kind));
    expect(stored.entries.map((e) => e.seq)).toEqual(before.map((_, i) => i + 1));
    await first.close();

    const second = openHostIn(dir);
    expect(second.get("front")!.twin.history.map((h) => ({ kind: h.kind, atMs: h.atMs }))).toEqual(before);
    await second.close();
  });
});
