import { describe, expect, it } from "vitest";
import { PROFILES } from "../core/profiles/index.ts";
import { packPercent } from "../core/pack-charge.ts";
import type { RadioReport } from "../core/radio-types.ts";
import { newCell } from "./battery-cell.ts";
import { packOpenV } from "./battery-pack.ts";
import { LockTwin, RECENT_RADIO_REPORTS } from "./lock-twin.ts";
import { pairLock, pressRadioButton, unpairLock } from "./pairing-actions.ts";
import { injectFault } from "./faults.ts";
import { tap } from "./person-actions.ts";

/** A lock as it comes out of the box (not paired), pack in. */
function unpairedTwin(profileId: string): LockTwin {
  const twin = new LockTwin({ profile: PROFILES[profileId]!, seed: 3 });
  twin.insertPack("fresh");
  return twin;
}

describe("pairing at the lock and the controller (profile `pairing`)", () => {
  it.each(["smartcode-914", "smartcode-955", "smartcode-910", "halo", "aura"])(
    "B-NET-3, B-HW-7: %s pairs by its profile's procedure; the hub then knows it and hears its reports",
    (id) => {
      const twin = unpairedTwin(id);
      expect(twin.radioStatus()).toEqual({ online: true, paired: false });
      expect(pairLock(twin)).toEqual({ ok: true });
      expect(twin.radioStatus()).toEqual({ online: true, paired: true });
      expect(twin.recentRadioReports.at(-1)).toMatchObject({ type: "event", event: { kind: "paired" } });
    },
  );

  it("B-NET-3: Z-Wave inclusion needs the person's press of A: started at the hub alone, the lock is not ready", () => {
    const twin = unpairedTwin("smartcode-914");
    expect(pairLock(twin, { skipLockStep: true })).toMatchObject({ ok: false, code: "pair.not-ready" });
    expect(twin.radioStatus().paired).toBe(false);
    expect(pressRadioButton(twin)).toBe(true);
    expect(twin.recentRadioReports.at(-1)).toEqual({
      type: "announce",
      profileId: "smartcode-914",
      method: "zwave-inclusion",
    });
  });

  it("B-NET-5: out of reach, pairing fails as offline and changes nothing", () => {
    const twin = unpairedTwin("aura");
    expect(injectFault(twin, "radio-offline", {}).ok).toBe(true);
    expect(pairLock(twin)).toMatchObject({ ok: false, code: "lock.offline" });
    expect(twin.persistent()?.paired).toBe(false);
  });

  it("B-NET-3: removed by the hub (exclusion with A), the lock leaves and the hub forgets it", () => {
    const twin = unpairedTwin("smartcode-955");
    pairLock(twin);
    expect(unpairLock(twin, { skipLockStep: true })).toMatchObject({ ok: false, code: "pair.not-ready" });
    expect(unpairLock(twin)).toEqual({ ok: true });
    expect(twin.radioStatus()).toEqual({ online: true, paired: false });
    expect(twin.send({ type: "status" })).toMatchObject({ sent: false, code: "lock.unpaired" });
  });

  it("B-NET-3: a Z-Wave lock whose hub forgot it is excluded and included again; a Wi-Fi lock must be reset first (B-RST-4)", () => {
    const zwave = unpairedTwin("smartcode-914");
    pairLock(zwave);
    expect(injectFault(zwave, "hub-unpaired", {}).ok).toBe(true);
    expect(zwave.radioStatus().paired).toBe(false);
    expect(pairLock(zwave)).toEqual({ ok: true });
    expect(zwave.radioStatus().paired).toBe(true);
    const wifi = unpairedTwin("halo");
    pairLock(wifi);
    injectFault(wifi, "hub-unpaired", {});
    expect(pairLock(wifi)).toMatchObject({ ok: false, code: "pair.already" });
  });

  it("B-HW-7: a model without a radio has nothing to pair", () => {
    const twin = unpairedTwin("smartcode-264");
    expect(pairLock(twin)).toMatchObject({ ok: false, code: "lock.offline" });
    expect(pressRadioButton(twin)).toBe(false);
  });
});

describe("the twin's radio link", () => {
  it("B-NET-5, B-NET-3: a command reaches the firmware only in reach, powered and paired; else the link says why", () => {
    const twin = unpairedTwin("halo");
    expect(twin.send({ type: "unlock" })).toMatchObject({ sent: false, code: "lock.unpaired" });
    pairLock(twin);
    expect(twin.send({ type: "status" }, "req-7")).toEqual({ sent: true, requestId: "req-7" });
    expect(twin.recentRadioReports.at(-1)).toMatchObject({ type: "result", requestId: "req-7", ok: true });
    expect(twin.send({ type: "status" }, "x".repeat(65))).toMatchObject({ code: "command.invalid" });
    twin.removePack();
    expect(twin.send({ type: "status" })).toMatchObject({ sent: false, code: "lock.offline" });
  });

  it("B-NET-2, B-NET-5: subscribers hear every report until they unsubscribe; reports sent out of reach are lost, not kept", () => {
    const twin = unpairedTwin("halo");
    pairLock(twin);
    const heard: RadioReport[] = [];
    const stop = twin.onRadioReport((r) => heard.push(r));
    twin.send({ type: "readChecksum" });
    expect(heard).toHaveLength(1);
    twin.radioOnline = false;
    for (const k of ["program", "9", "lock"] as const) tap(twin, k); // B-SET-4: hand the door first
    twin.advance(10_000);
    const lost = twin.radioReportsLost;
    twin.turnByHand("lock", "thumbturn"); // a change at the lock while out of reach
    expect(twin.radioReportsLost).toBe(lost + 1);
    expect(twin.send({ type: "readChecksum" })).toMatchObject({ sent: false, code: "lock.offline" });
    stop();
    twin.radioOnline = true;
    twin.send({ type: "readChecksum" });
    expect(heard).toHaveLength(1);
  });

  it("B-NET-2: the twin keeps only the latest reports; a subscriber sees them all", () => {
    const twin = unpairedTwin("halo");
    pairLock(twin);
    let count = 0;
    twin.onRadioReport(() => count++);
    for (let i = 0; i < RECENT_RADIO_REPORTS + 20; i++) twin.send({ type: "readChecksum" });
    expect(twin.recentRadioReports).toHaveLength(RECENT_RADIO_REPORTS);
    expect(count).toBe(RECENT_RADIO_REPORTS + 20);
  });

  it("B-NET-2: a twin made to keep no reports (fleets) keeps none, and its subscribers still hear them", () => {
    const twin = new LockTwin({ profile: PROFILES["halo"]!, seed: 3, recentRadioReports: 0 });
    twin.insertPack("fresh");
    const heard: RadioReport[] = [];
    twin.onRadioReport((r) => heard.push(r));
    expect(pairLock(twin)).toEqual({ ok: true });
    expect(twin.recentRadioReports).toEqual([]);
    expect(heard.map((r) => r.type)).toEqual(["result", "event"]);
  });
});

describe("the pack's percent the lock reports", () => {
  it("B-PWR-2: core's percent from the rest voltage follows the twin's alkaline cells (charge × 100, ±1)", () => {
    for (const charge of [1, 0.9, 0.8, 0.6, 0.55, 0.4, 0.35, 0.25, 0.2, 0.1, 0.05]) {
      const cells = [0, 1, 2, 3].map(() => newCell("alkaline", charge));
      expect(Math.abs(packPercent(packOpenV(cells)) - charge * 100)).toBeLessThanOrEqual(1);
    }
  });
});
