/**
 * Issue 14 on the twin: a firmware update over each radio, a power cut at every chunk boundary
 * and at a thousand random bytes of it (every profile with a radio), and the refusals.
 */
import { describe, expect, it } from "vitest";
import { PROFILES } from "../core/profiles/index.ts";
import type { PersistentState } from "../core/state.ts";
import { UPDATE_CHUNK_BYTES } from "../core/radio-types.ts";
import { buildSignedImage } from "../core/update/firmware-image.ts";
import { LockTwin } from "./lock-twin.ts";
import { pairLock } from "./pairing-actions.ts";
import { editStoredState } from "./stored-state-edits.ts";
import { sendFirmwareImage } from "./firmware-update-actions.ts";
import { MAKER_SECRET_KEY, programBytes } from "./maker-release.ts";
import { SeededRandom } from "./seeded-random.ts";
import { CHUNK_MS } from "./radio-air-time.ts";
import { applyFix } from "./fixes.ts";
import { injectFault } from "./faults.ts";
import { enterCode } from "./person-actions.ts";

const RADIO_PROFILES = ["smartcode-914", "smartcode-955", "smartcode-910", "halo", "aura"] as const;
const OTHER_KEY = Uint8Array.from({ length: 32 }, (_, i) => 99 + i);

function image(profileId: string, version = "1.2.0", opts: { key?: Uint8Array; programBytes?: number } = {}) {
  return buildSignedImage(
    { version, profile: profileId, changes: [`release ${version}`] },
    programBytes(version, profileId, opts.programBytes ?? 8 * 1024),
    opts.key ?? MAKER_SECRET_KEY,
  );
}

/** A lock in use: paired, handed, two codes and a setting; made with 1.1.0. */
function lockInUse(profileId: string): LockTwin {
  const twin = new LockTwin({ profile: PROFILES[profileId]!, seed: 11, doorClosed: false });
  twin.insertPack("fresh");
  expect(pairLock(twin)).toEqual({ ok: true });
  expect(editStoredState(twin, (p) => ({ ...p, handing: twin.extendDrive }))).toBe(true);
  expect(twin.send({ type: "setCode", slot: 1, code: "2947" }).sent).toBe(true);
  expect(twin.send({ type: "setCode", slot: 2, code: "8163" }).sent).toBe(true);
  expect(twin.send({ type: "settings", settings: { autoLockSeconds: 0 } }).sent).toBe(true);
  return twin;
}

/** What must survive an update: codes, settings, handing, pairing (issue 14 item 3). */
function kept(p: PersistentState | null) {
  return p && { codes: p.codes, settings: p.settings, handing: p.handing, paired: p.paired, mode: p.mode };
}

describe("firmware over the air on the twin (issue 14)", () => {
  it.each(RADIO_PROFILES)(
    "B-NET-4: %s updates over its radio in the radio's time, and keeps codes, settings, handing and pairing",
    (id) => {
      const twin = lockInUse(id);
      const before = kept(twin.persistent());
      const img = image(id);
      const outcome = sendFirmwareImage(twin, img);
      expect(outcome).toMatchObject({ ok: true, version: "1.2.0", previous: "1.1.0" });
      const radio = twin.profile.radio!;
      const chunks = Math.ceil(img.length / UPDATE_CHUNK_BYTES[radio]);
      // The transfer's air time, then the restart: lock time, virtual (radio-air-time.ts).
      expect(outcome.ms).toBeGreaterThanOrEqual(chunks * CHUNK_MS[radio]);
      expect(twin.runningVersion).toBe("1.2.0");
      expect(kept(twin.persistent())).toEqual(before);
      expect(twin.send({ type: "firmwareStatus" }).sent).toBe(true);
      expect(twin.recentRadioReports.at(-1)).toMatchObject({
        ok: true,
        data: { version: "1.2.0", slot: "B" },
      });
      // The host's restart keeps the flash and the version.
      const again = LockTwin.resume(twin.profile, twin.captureState());
      expect(again.runningVersion).toBe("1.2.0");
    },
  );

  it.each(["smartcode-914", "halo"])(
    "%s: ten locks that took one image hold its pages once, also after a restart (a 10,000-lock rollout holds no image per lock)",
    (id) => {
      const img = image(id);
      const twins = Array.from({ length: 10 }, () => lockInUse(id));
      for (const twin of twins) expect(sendFirmwareImage(twin, img)).toMatchObject({ ok: true });
      // The image's pages, and the control area's two (each record copy on a page of its own).
      const pages = Math.ceil(img.length / 1024) + 2;
      const held = (ts: readonly LockTwin[]) => new Set(ts.flatMap((t) => t.firmwareFlash().heldPages()));
      expect(held(twins).size).toBe(pages);
      const resumed = twins.map((t) => LockTwin.resume(t.profile, t.captureState()));
      expect(held([...twins, ...resumed]).size).toBe(pages);
    },
  );

  it("refusals with a reason, each changing nothing: bad signature, wrong profile, downgrade, truncated image, offline lock", () => {
    const twin = lockInUse("halo");
    const before = kept(twin.persistent());
    expect(sendFirmwareImage(twin, image("halo", "1.2.0", { key: OTHER_KEY }))).toMatchObject({
      ok: false,
      code: "update.signature",
    });
    expect(sendFirmwareImage(twin, image("aura"))).toMatchObject({ ok: false, code: "update.profile" });
    expect(sendFirmwareImage(twin, image("halo", "1.0.0"))).toMatchObject({
      ok: false,
      code: "update.downgrade",
    });
    const whole = image("halo");
    expect(sendFirmwareImage(twin, whole.subarray(0, whole.length - 100))).toMatchObject({
      ok: false,
      code: "update.truncated",
    });
    twin.radioOnline = false;
    expect(sendFirmwareImage(twin, whole)).toMatchObject({ ok: false, code: "lock.offline" });
    expect(twin.runningVersion).toBe("1.1.0");
    expect(kept(twin.persistent())).toEqual(before);
    // An owner who means it may go back.
    twin.radioOnline = true;
    expect(sendFirmwareImage(twin, image("halo", "1.0.0"), { allowDowngrade: true })).toMatchObject({
      ok: true,
      version: "1.0.0",
    });
    expect(twin.firmwareOutdated).toBe(true);
  });

  it("FAULTS firmware-outdated: the fix update-firmware is a real update over the radio, refused with a reason when offline", () => {
    const twin = lockInUse("smartcode-914");
    expect(injectFault(twin, "firmware-outdated", {} as never)).toEqual({ ok: true });
    expect(twin.runningVersion).toBe("1.0.0");
    twin.radioOnline = false;
    expect(applyFix(twin, "update-firmware", {} as never)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("lock.offline"),
    });
    expect(twin.firmwareOutdated).toBe(true);
    twin.radioOnline = true;
    const t0 = twin.clock.nowMs;
    expect(applyFix(twin, "update-firmware", {} as never)).toEqual({ ok: true });
    expect(twin.runningVersion).toBe("1.1.0");
    expect(twin.firmwareOutdated).toBe(false);
    // 24 KiB over Z-Wave takes minutes of lock time, not an instant.
    expect(twin.clock.nowMs - t0).toBeGreaterThan(60_000);
  });

  it("a bad build that fails its self-test on this lock's board rolls back and says why", () => {
    // Seeds whose board is C (board.ts): search a few.
    let twin = lockInUse("halo");
    for (let seed = 1; twin.board !== "C"; seed++) {
      twin = new LockTwin({ profile: PROFILES["halo"]!, seed });
      twin.insertPack("fresh");
      pairLock(twin);
    }
    const bad = buildSignedImage(
      { version: "1.2.0", profile: "halo", changes: ["bad"], boards: ["A", "B"] },
      programBytes("1.2.0", "halo", 2048),
      MAKER_SECRET_KEY,
    );
    expect(sendFirmwareImage(twin, bad)).toMatchObject({ ok: false, code: "update.rolled-back" });
    expect(twin.runningVersion).toBe("1.1.0");
    expect(twin.powered).toBe(true);
  });

  describe.each(RADIO_PROFILES)("power-cut sweep on %s (issue 14 proof)", (id) => {
    it("a cut at every chunk boundary and at 1,000 random bytes: 0 locks fail to boot, each boots the old or the new version with its codes", () => {
      const base = lockInUse(id);
      const before = kept(base.persistent());
      const state = base.captureState();
      const img = image(id, "1.2.0", { programBytes: 4096 });
      // A reference run: the bytes written, and where each chunk's bytes end.
      const ref = LockTwin.resume(base.profile, state);
      const flash = ref.firmwareFlash();
      const boundaries = new Set<number>([0]);
      ref.onRadioReport((r) => {
        if (r.type === "result" && r.ok && r.data && "received" in r.data) boundaries.add(flash.bytesWritten);
      });
      expect(sendFirmwareImage(ref, img)).toMatchObject({ ok: true });
      const total = flash.bytesWritten;
      const rng = new SeededRandom(1400 + id.length);
      const cuts = [...boundaries];
      for (let i = 0; i < 1000; i++) cuts.push(Math.floor(rng.next() * total));
      const seen = { old: 0, new: 0, failed: 0 };
      cuts.forEach((cut, n) => {
        const twin = LockTwin.resume(base.profile, state);
        twin.firmwareFlash().cutPowerAfterBytes(cut);
        sendFirmwareImage(twin, img);
        // Power back: the pack goes in again (or stays in), and the lock boots.
        twin.firmwareFlash().cutPowerAfterBytes(null);
        twin.insertPack();
        twin.advance(5000);
        if (!twin.powered) seen.failed++;
        else if (twin.runningVersion === "1.1.0") seen.old++;
        else if (twin.runningVersion === "1.2.0") seen.new++;
        else seen.failed++;
        expect(kept(twin.persistent())).toEqual(before);
        // Every 40th lock: an update after the cut still goes through, and the keypad still opens.
        if (n % 40 === 0) {
          if (twin.runningVersion === "1.1.0")
            expect(sendFirmwareImage(twin, img)).toMatchObject({ ok: true });
          twin.turnByHand("lock", "thumbturn");
          enterCode(twin, "2947");
          twin.advance(4000);
          expect(twin.boltState()).toBe("retracted");
        }
      });
      expect(cuts.length).toBeGreaterThanOrEqual(
        1000 + Math.ceil(img.length / UPDATE_CHUNK_BYTES[base.profile.radio!]),
      );
      expect(seen.failed).toBe(0);
      expect(seen.old + seen.new).toBe(cuts.length);
      expect(seen.old).toBeGreaterThan(0);
      expect(seen.new).toBeGreaterThan(0);
    }, 120_000);
  });
});
