/**
 * Issue 14 item 1: the version a hosted lock reports is the one its twin runs — in the host's
 * view (what the hub, Home Assistant and Matter read) and in the page's snapshot — and it
 * changes with an update, a rollback and the `firmware-outdated` fault, and survives a restart.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BOARD_REVISIONS, buildSignedImage } from "../core/update/firmware-image.ts";
import { FIRST_VERSION, LATEST_VERSION } from "../core/update/firmware-versions.ts";
import { lockSnapshotSchema } from "../server/api-schemas.ts";
import { snapshotOf } from "../server/lock-snapshot.ts";
import { sendFirmwareImage } from "../twin/firmware-update-actions.ts";
import { MAKER_SECRET_KEY, programBytes } from "../twin/maker-release.ts";
import type { CreateLockOptions, HostChange } from "./lock-host.ts";
import { LockHost } from "./lock-host.ts";
import { SqliteHostStore } from "./storage/sqlite-host-store.ts";

const SETUP: CreateLockOptions["setup"] = {
  profile: "halo",
  state: "ready",
  door: "closed",
  batteries: "fresh",
  codes: [{ slot: 1, code: "1357" }],
  faults: [],
  temperatureC: 20,
  settings: {},
  timeMs: Date.parse("2026-03-02T08:00:00Z"),
};

const folders: string[] = [];
afterEach(() => {
  for (const d of folders.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A Halo, ready and paired with its app (an update needs the radio and the pairing). */
function pairedLock(host: LockHost, id: string, faults: string[] = []) {
  const lock = ok(host.create({ id, setup: { ...SETUP, faults } }));
  return lock;
}

function ok<T>(o: { ok: true; value: T } | { ok: false; code: string; reason: string }): T {
  if (!o.ok) throw new Error(`${o.code}: ${o.reason}`);
  return o.value;
}

describe("the running firmware version in the host's view and the page's snapshot (issue 14)", () => {
  it("B-NET-4: a new lock runs the latest release; firmware-outdated makes it 1.0.0; update-firmware makes it the latest again, from slot B", async () => {
    const host = new LockHost({ pacing: false });
    host.open();
    pairedLock(host, "front");
    expect(host.view("front")).toMatchObject({
      firmwareVersion: LATEST_VERSION,
      firmware: { version: LATEST_VERSION, slot: "A", pending: null, last: null },
    });

    ok(host.act("front", (l) => l.fault({ fault: "firmware-outdated" })));
    expect(host.view("front")?.firmwareVersion).toBe(FIRST_VERSION);
    expect(host.view("front")?.firmware).toMatchObject({ version: FIRST_VERSION, slot: "A" });

    const changes: HostChange[] = [];
    host.subscribe((c) => changes.push(c));
    ok(host.act("front", (l) => l.fix({ fix: "update-firmware" })));
    const view = host.view("front")!;
    expect(view.firmwareVersion).toBe(LATEST_VERSION);
    expect(view.firmware).toEqual({
      version: LATEST_VERSION,
      slot: "B",
      pending: null,
      last: { version: LATEST_VERSION, outcome: "updated" },
    });
    // Subscribers (Home Assistant's bridge, Matter) hear of it and read the new view.
    expect(changes).toContainEqual({ type: "changed", id: "front" });

    const snapshot = snapshotOf(host.get("front")!, 1);
    expect(lockSnapshotSchema.parse(snapshot).firmware).toEqual(view.firmware);
    await host.close();
  });

  it("a build that fails its self-test rolls back: the view keeps the old version and says why", async () => {
    const host = new LockHost({ pacing: false });
    host.open();
    const lock = pairedLock(host, "back");
    // Built for every board but this lock's: its first boot's self-test fails (bootloader.ts).
    const bad = buildSignedImage(
      {
        version: "1.2.0",
        profile: "halo",
        changes: ["a build for other boards"],
        boards: BOARD_REVISIONS.filter((b) => b !== lock.twin.board),
      },
      programBytes("1.2.0", "halo", 2048),
      MAKER_SECRET_KEY,
    );
    const outcome = ok(host.act("back", (l) => l.handsOn((twin) => sendFirmwareImage(twin, bad))));
    expect(outcome).toMatchObject({ ok: false, code: "update.rolled-back" });
    const view = host.view("back")!;
    expect(view.firmwareVersion).toBe(LATEST_VERSION);
    expect(view.firmware).toMatchObject({
      version: LATEST_VERSION,
      slot: "A",
      pending: null,
      last: { version: "1.2.0", outcome: "rolled-back" },
    });
    expect(view.firmware.last?.reason).toMatch(/self-test failed/);
    expect(snapshotOf(lock, 1).firmware).toEqual(view.firmware);
    await host.close();
  });

  it("B-PWR-8: after a host restart the view says the version the lock updated to", async () => {
    const dir = mkdtempSync(join(tmpdir(), "latchkey-fw-view-"));
    folders.push(dir);
    const file = join(dir, "locks.sqlite");
    const wall = () => 1_000_000;
    const first = new LockHost({ store: new SqliteHostStore(file), wallNow: wall, pacing: false });
    first.open();
    pairedLock(first, "front", ["firmware-outdated"]);
    expect(first.view("front")?.firmwareVersion).toBe(FIRST_VERSION);
    ok(first.act("front", (l) => l.fix({ fix: "update-firmware" })));
    const before = first.view("front")!.firmware;
    await first.close();

    const second = new LockHost({ store: new SqliteHostStore(file), wallNow: wall, pacing: false });
    expect(second.open()).toEqual({ resumed: 1, skipped: [] });
    expect(second.view("front")?.firmware).toEqual(before);
    expect(before).toMatchObject({ version: LATEST_VERSION, slot: "B" });
    await second.close();
  });
});
