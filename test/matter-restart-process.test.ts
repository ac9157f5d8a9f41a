/**
 * A Matter controller across a crash of `latchkey serve` (MATTER=1, a child process, a data
 * folder of its own): commissioned before the kill -9, the lock is still commissioned after the
 * restart (same port), the same controller commands it without commissioning again over a new
 * CASE session, and the user and PIN it set are still there and still the only way in
 * (docs/matter.md, "Across restarts").
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ClientNode, Endpoint } from "@matter/main";
import { DoorLockClient } from "@matter/main/behaviors/door-lock";
import { TestController, addPinUser } from "../src/integrations/matter/test-controller.ts";

const dataDir = mkdtempSync(join(tmpdir(), "latchkey-matter-restart-"));
const port = 20_000 + (process.pid % 20_000);
const base = `http://127.0.0.1:${port}`;
const pin = (digits: string) => new TextEncoder().encode(digits);
let child: ChildProcess | undefined;
let controller: TestController | undefined;

async function serve(): Promise<void> {
  child = spawn(process.execPath, ["bin/latchkey.js", "serve"], {
    env: {
      ...process.env,
      LATCHKEY_DATA: dataDir,
      PORT: String(port),
      MATTER: "1",
      MQTT_PORT: "0",
      MQTT_URL: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  for (let i = 0; i < 600; i++) {
    if (out.includes("companion app") && out.includes("matter: ")) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`serve did not start:\n${out}`);
}

async function matterInfo(id: string): Promise<{ port: number; passcode: number; commissioned: boolean }> {
  const r = await fetch(`${base}/api/locks/${id}/matter`);
  return (await r.json()) as { port: number; passcode: number; commissioned: boolean };
}

afterAll(async () => {
  child?.kill("SIGKILL");
  await controller?.close();
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

describe("Matter across a kill -9 of latchkey serve", () => {
  it("stays commissioned; the same controller reads and commands it; its user and PIN survive", async () => {
    await serve();
    const locks = (await (await fetch(`${base}/api/locks`)).json()) as { locks: { id: string }[] };
    const id = locks.locks[0]!.id;
    const before = await matterInfo(id);
    controller = await TestController.start(`controller-restart-${process.pid}`);
    const { peer, lock } = await controller.commission(before.port, before.passcode);
    const cmd = () => lock.commandsOf(DoorLockClient);
    const set = await addPinUser(lock, { index: 1, name: "ana", pin: "2468" });
    expect(set.status).toBe(0);
    await cmd().unlockDoor({ pinCode: pin("2468") });
    await boltIs(id, "retracted");

    child!.kill("SIGKILL");
    await new Promise((resolve) => child!.once("exit", resolve));
    controller.peerShutDown(peer);
    await serve();
    expect(await matterInfo(id)).toMatchObject({ commissioned: true, port: before.port });

    const again: Endpoint = await controller.doorLockOf(peer as ClientNode);
    const c = () => again.commandsOf(DoorLockClient);
    const user = await c().getUser({ userIndex: 1 });
    expect(user).toMatchObject({ userName: "ana", credentials: [{ credentialIndex: 1 }] });
    await c().unlockDoor({ pinCode: pin("2468") });
    await boltIs(id, "retracted");
    await c().lockDoor({ pinCode: pin("2468") });
    await boltIs(id, "extended");
    await expect(c().unlockDoor({ pinCode: pin("0000") })).rejects.toThrow();
    await boltIs(id, "extended");
  }, 120_000);
});

/** Waits until the bolt, as the lock's page reads it (the lock's own view, not Matter's), is `want`. */
async function boltIs(id: string, want: string): Promise<void> {
  let bolt = "";
  for (let i = 0; i < 100; i++) {
    bolt = ((await (await fetch(`${base}/api/locks/${id}`)).json()) as { bolt: string }).bolt;
    if (bolt === want) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(bolt).toBe(want);
}
