/**
 * A paced lock's clock across a host restart: the time the host was down passes for the lock
 * too, as for a real lock on its batteries, so its clock stays the wall clock at its pace.
 * The hub counts on that (docs/hub.md: "the lock keeps the host's (UTC) clock") when it sends
 * a time-bound code's window. Before, a lock resumed at the lock time of the host's last
 * heartbeat, so every restart set its clock back by the time the host was down: an hour's
 * outage made a guest's code start and end an hour late, and an auto-lock due during the
 * outage fired an hour after its time.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { enterCode } from "../twin/person-actions.ts";
import { LockHost } from "./lock-host.ts";
import { valueOrThrow } from "./outcome.ts";
import { readyLockSetup } from "./ready-lock-setup.ts";
import { SqliteHostStore } from "./storage/sqlite-host-store.ts";

const T0 = Date.parse("2026-03-02T08:00:00Z");
const HOUR = 3_600_000;

const folders: string[] = [];

/** A person types `code` at the lock and waits 5 s for it to act. */
function typeCodeAt(host: LockHost, id: string, code: string): void {
  valueOrThrow(
    host.act(id, (l) =>
      l.handsOn((twin) => {
        enterCode(twin, code);
        twin.advance(5_000);
      }),
    ),
  );
}
afterEach(() => {
  for (const d of folders.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("a host restart and the locks' clocks", () => {
  it("B-BOLT-7, B-CODE-8: the time the host was down passes for a paced lock: its clock keeps the wall clock, an auto-lock due meanwhile ran at its time, a code that ended meanwhile is refused", async () => {
    const dir = mkdtempSync(join(tmpdir(), "latchkey-restart-clock-"));
    folders.push(dir);
    const file = join(dir, "locks.sqlite");
    let wall = T0;
    const first = new LockHost({ store: new SqliteHostStore(file), wallNow: () => wall });
    first.open();
    valueOrThrow(
      first.create({
        id: "front",
        setup: readyLockSetup("smartcode-914", T0, {
          codes: [
            { slot: 1, code: "1357" },
            // A guest's code that ends half an hour from now.
            { slot: 2, code: "2468", validUntil: T0 + HOUR / 2 },
          ],
          settings: { autoLock: true, autoLockSeconds: 30 },
        }),
      }),
    );
    // Unlocked with a code: the auto-lock is due 30 s later, while the host is down.
    typeCodeAt(first, "front", "1357");
    expect(first.view("front")?.bolt).toBe("unlocked");
    const lockAtStop = first.get("front")!.twin.clock.nowMs;
    const offsetAtStop = lockAtStop - wall;
    await first.close();

    wall += HOUR; // the host was down for an hour
    const second = new LockHost({ store: new SqliteHostStore(file), wallNow: () => wall });
    second.open();
    const back = second.get("front")!;
    // Its clock kept the wall clock (as it stood against it at the stop).
    expect(back.twin.clock.nowMs - wall).toBeCloseTo(offsetAtStop, -1);
    // The auto-lock ran at its time during the outage, not an hour late.
    expect(second.view("front")?.bolt).toBe("locked");
    const autoLock = second
      .history("front", 50)
      .entries.filter((e) => e.kind === "lock")
      .at(-1);
    expect(autoLock?.atMs).toBeLessThan(lockAtStop + 60_000);
    // The guest's code ended during the outage: refused; the permanent code still opens.
    typeCodeAt(second, "front", "2468");
    expect(second.view("front")?.bolt).toBe("locked");
    typeCodeAt(second, "front", "1357");
    expect(second.view("front")?.bolt).toBe("unlocked");
    await second.close();
  });

  it("a lock at ×60 runs at ×60 while the host runs; the time the host was down passes at real time", async () => {
    const dir = mkdtempSync(join(tmpdir(), "latchkey-restart-clock-"));
    folders.push(dir);
    const file = join(dir, "locks.sqlite");
    let wall = T0;
    const first = new LockHost({ store: new SqliteHostStore(file), wallNow: () => wall });
    first.open();
    valueOrThrow(first.create({ id: "fast", setup: readyLockSetup("smartcode-914", T0) }));
    valueOrThrow(first.act("fast", (l) => l.setSpeed(60)));
    wall += 10_000; // ten wall seconds at ×60: ten lock minutes
    const atStop = valueOrThrow(first.act("fast", (l) => l.twin.clock.nowMs));
    expect(atStop - T0).toBeCloseTo(600_000, -2);
    await first.close();

    wall += 30 * 24 * HOUR; // a month away
    const second = new LockHost({ store: new SqliteHostStore(file), wallNow: () => wall });
    second.open();
    const back = second.get("fast")!;
    expect(back.twin.clock.nowMs - atStop).toBeCloseTo(30 * 24 * HOUR, -3);
    expect(back.speed).toBe(60);
    expect(second.view("fast")?.battery?.level).toBe("ok"); // a month, not five years
    await second.close();
  });
});
