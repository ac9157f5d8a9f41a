/**
 * The Matter service over a host: locks enabled one by one or all (MATTER=1), pairing data
 * in the shape outside checks rely on, fabrics kept in the data folder across a restart,
 * and a factory reset at the lock that makes the node leave its fabrics.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DoorLockClient } from "@matter/main/behaviors/door-lock";
import { FakeHostedLock } from "../../../test/support/fake-hosted-lock.ts";
import { FakeLockHost } from "../../../test/support/fake-lock-host.ts";
import { MatterService } from "./matter-service.ts";
import { TestController } from "./test-controller.ts";

const dataDir = mkdtempSync(join(tmpdir(), "latchkey-matter-"));
const host = new FakeLockHost();
let service: MatterService;
let controller: TestController;

beforeAll(async () => {
  host.add(new FakeHostedLock("front"));
  host.add(new FakeHostedLock("back", { hasDoorSensor: false, door: null }));
  host.add(new FakeHostedLock("shed", { radio: null }));
  service = await MatterService.open({ host, dataDir, network: "loopback", all: false });
  controller = await TestController.start();
}, 60_000);

afterAll(async () => {
  await controller?.close();
  await service?.close();
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

describe("Matter service", () => {
  it("answers pairing data only for locks that are Matter nodes, with clear refusals", async () => {
    expect(service.info("front")).toMatchObject({ ok: false, code: "matter.disabled" });
    expect(service.info("nowhere")).toMatchObject({ ok: false, code: "lock.not-found" });
    expect(await service.enable("shed")).toMatchObject({ ok: false, code: "matter.no-radio" });
    const enabled = await service.enable("front");
    if (!enabled.ok) throw new Error(enabled.reason);
    const info = enabled.value;
    expect(Object.keys(info).sort()).toEqual(
      ["commissioned", "discriminator", "manual_pairing_code", "passcode", "port", "qr_pairing_code"].sort(),
    );
    expect(info.qr_pairing_code).toMatch(/^MT:/);
    expect(info.manual_pairing_code).toMatch(/^\d{11}$/);
    expect(info.commissioned).toBe(false);
    expect(info.port).toBeGreaterThan(0);
    const back = await service.enable("back");
    expect(back.ok && back.value.passcode).not.toBe(info.passcode);
  });

  it("a restart keeps the commissioning: same port and passcode, the controller still reads the lock", async () => {
    const before = service.info("front");
    if (!before.ok) throw new Error(before.reason);
    const { peer } = await controller.commission(before.value.port, before.value.passcode);
    expect(service.info("front")).toMatchObject({ ok: true, value: { commissioned: true } });

    await service.close();
    controller.peerShutDown(peer);
    service = await MatterService.open({ host, dataDir, network: "loopback", all: false });
    const after = service.info("front");
    expect(after).toMatchObject({
      ok: true,
      value: { commissioned: true, port: before.value.port, passcode: before.value.passcode },
    });
    expect(service.isEnabled("back")).toBe(true);
    const lock = await controller.doorLockOf(peer);
    // A command over a new CASE session to the restarted node, reaching the lock.
    await lock.commandsOf(DoorLockClient).unlockDoor({});
    expect(host.locks.get("front")?.state.bolt).toBe("unlocked");
  });

  it("B-RST-3: a factory reset at the lock makes the node leave its fabrics; the same passcode pairs it again", async () => {
    const node = service.node("front");
    const before = service.info("front");
    if (!node || !before.ok) throw new Error("front is not a Matter node");
    host.locks.get("front")?.report({ kind: "factory-reset" });
    // Erased and back online, commissionable again.
    await expect.poll(() => !node.commissioned && node.port > 0, { timeout: 10_000 }).toBe(true);
    await node.lastReset;
    const after = service.info("front");
    if (!after.ok) throw new Error(after.reason);
    expect(after.value.passcode).toBe(before.value.passcode);
    await controller.commission(after.value.port, after.value.passcode);
    expect(node.commissioned).toBe(true);
  });

  it("MATTER=1 makes every lock with a radio a Matter node, and new ones as they come", async () => {
    await service.close();
    service = await MatterService.open({ host, dataDir, network: "loopback", all: true });
    expect(service.isEnabled("front") && service.isEnabled("back")).toBe(true);
    expect(service.isEnabled("shed")).toBe(false);
    host.add(new FakeHostedLock("garage"));
    await expect.poll(() => service.isEnabled("garage"), { timeout: 10_000 }).toBe(true);
    host.remove("garage");
    await expect.poll(() => service.isEnabled("garage"), { timeout: 10_000 }).toBe(false);
  });
});
