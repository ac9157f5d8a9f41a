import { describe, expect, it } from "vitest";
import { PROFILES } from "../profiles/index.ts";
import type { RadioReport } from "../radio-types.ts";
import { boot, readBootRecord } from "./bootloader.ts";
import type { ImageManifest } from "./firmware-image.ts";
import { buildSignedImage, decodeImage, publicKeyOf } from "./firmware-image.ts";
import { behaviourOf, compareVersions } from "./firmware-versions.ts";
import { FakeImageStore, toBase64 } from "./image-store.ts";
import type { UpdateCommand } from "./update-agent.ts";
import { UpdateAgent } from "./update-agent.ts";

const halo = PROFILES["halo"]!;
const KEY = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
const OTHER_KEY = Uint8Array.from({ length: 32 }, (_, i) => 200 - i);

function image(manifest: Partial<ImageManifest> = {}, key = KEY, programBytes = 3000): Uint8Array {
  const program = Uint8Array.from({ length: programBytes }, (_, i) => (i * 7) & 255);
  return buildSignedImage({ version: "1.1.0", profile: "halo", changes: ["fix"], ...manifest }, program, key);
}

function lock(factoryVersion = "1.0.0") {
  const store = new FakeImageStore(16 * 1024);
  const reports: RadioReport[] = [];
  let restarts = 0;
  const agent = new UpdateAgent(halo, {
    store,
    trustedKeys: [publicKeyOf(KEY)],
    factoryVersion,
    send: (r) => reports.push(r),
    restart: () => void restarts++,
  });
  let n = 0;
  const send = (command: UpdateCommand) => {
    agent.onCommand(command, `r${++n}`);
    return reports.at(-1)!;
  };
  const install = (bytes: Uint8Array, allowDowngrade = false) => {
    send({ type: "updateBegin", size: bytes.length });
    for (let at = 0; at < bytes.length; at += 244)
      send({ type: "updateChunk", offset: at, data: toBase64(bytes.subarray(at, at + 244)) });
    return send({ type: "updateFinish", ...(allowDowngrade ? { allowDowngrade } : {}) });
  };
  return { store, agent, send, install, restarts: () => restarts };
}

describe("firmware versions as data (issue 14 item 1, B-NET-4)", () => {
  it("v1.0 has the keypad double-count bug behind firmware-outdated; v1.1 and later fix it", () => {
    expect(behaviourOf("1.0.0").keypadDoubleCount).toBe(true);
    expect(behaviourOf("1.1.0").keypadDoubleCount).toBe(false);
    expect(behaviourOf("2.0.0").keypadDoubleCount).toBe(false);
    expect(compareVersions("1.10.0", "1.9.0")).toBeGreaterThan(0);
  });
});

describe("signed images (issue 14 item 2)", () => {
  it("round-trips its manifest and reads a short buffer as truncated", () => {
    const bytes = image();
    const decoded = decodeImage(bytes);
    expect("manifest" in decoded && decoded.manifest.version).toBe("1.1.0");
    expect(decodeImage(bytes.subarray(0, bytes.length - 1))).toMatchObject({ code: "truncated" });
  });

  it("B-NET-4: the lock installs a good image at a restart and keeps it after its self-test", () => {
    const l = lock();
    l.install(image());
    expect(l.agent.status()).toMatchObject({ version: "1.0.0", pending: "1.1.0" });
    expect(l.restarts()).toBe(1);
    const choice = boot(l.store, "1.0.0", "A");
    expect(choice).toMatchObject({
      slot: 1,
      version: "1.1.0",
      event: { kind: "updated", previous: "1.0.0" },
    });
    expect(boot(l.store, "1.0.0", "A")).toMatchObject({ slot: 1, version: "1.1.0", event: null });
    expect(l.agent.status()).toMatchObject({ version: "1.1.0", slot: "B", last: { outcome: "updated" } });
  });

  it("refuses a bad signature, another profile, a downgrade, a truncated image, with stable codes; nothing changes", () => {
    const l = lock("1.1.0");
    expect(l.install(image({}, OTHER_KEY))).toMatchObject({ ok: false, code: "update.signature" });
    expect(l.install(image({ profile: "aura" }))).toMatchObject({ ok: false, code: "update.profile" });
    expect(l.install(image({ version: "1.0.0" }))).toMatchObject({ ok: false, code: "update.downgrade" });
    expect(l.install(image({ version: "1.1.0" }))).toMatchObject({ ok: false, code: "update.downgrade" });
    const tampered = image({ version: "1.2.0" });
    tampered[200] = tampered[200]! ^ 1;
    expect(l.install(tampered)).toMatchObject({ ok: false, code: "update.signature" });
    // Truncated: the transfer stops short, and an image cut short but sent as whole.
    const good = image({ version: "1.2.0" });
    l.send({ type: "updateBegin", size: good.length });
    l.send({ type: "updateChunk", offset: 0, data: toBase64(good.subarray(0, 244)) });
    expect(l.send({ type: "updateFinish" })).toMatchObject({ ok: false, code: "update.truncated" });
    expect(l.install(good.subarray(0, good.length - 10))).toMatchObject({
      ok: false,
      code: "update.truncated",
    });
    expect(l.restarts()).toBe(0);
    expect(boot(l.store, "1.1.0", "A")).toMatchObject({ slot: 0, version: "1.1.0", event: null });
    // A downgrade the owner allows is installed.
    l.install(image({ version: "1.0.0" }), true);
    expect(l.agent.status()).toMatchObject({ pending: "1.0.0" });
  });

  it("refuses chunks out of order and an update never begun", () => {
    const l = lock();
    expect(l.send({ type: "updateChunk", offset: 0, data: "AAAA" })).toMatchObject({
      code: "update.not-started",
    });
    l.send({ type: "updateBegin", size: 1000 });
    expect(l.send({ type: "updateChunk", offset: 3, data: "AAAA" })).toMatchObject({
      code: "update.sequence",
    });
    expect(l.send({ type: "updateChunk", offset: 0, data: "not base64!" })).toMatchObject({
      code: "update.chunk",
    });
    expect(l.send({ type: "updateBegin", size: 1 << 20 })).toMatchObject({ code: "update.too-large" });
  });
});

describe("two slots, self-test and rollback (issue 14 item 3)", () => {
  it("an image built for other boards fails its first boot's self-test and the lock goes back", () => {
    const l = lock();
    l.install(image({ boards: ["A", "B"] }));
    expect(boot(l.store, "1.0.0", "C")).toMatchObject({
      slot: 0,
      version: "1.0.0",
      event: { kind: "rolled-back", version: "1.1.0", running: "1.0.0" },
    });
    expect(readBootRecord(l.store)).toMatchObject({
      active: 0,
      trial: null,
      last: { outcome: "rolled-back" },
    });
    expect(boot(l.store, "1.0.0", "C").version).toBe("1.0.0");
  });

  it("a second update goes to the other slot and keeps the first as the way back", () => {
    const l = lock();
    l.install(image());
    boot(l.store, "1.0.0", "A");
    l.install(image({ version: "1.2.0" }));
    expect(boot(l.store, "1.0.0", "A")).toMatchObject({ slot: 0, version: "1.2.0" });
    l.install(image({ version: "1.3.0", boards: ["B"] }));
    expect(boot(l.store, "1.0.0", "A")).toMatchObject({
      slot: 0,
      version: "1.2.0",
      event: { kind: "rolled-back" },
    });
  });
});
