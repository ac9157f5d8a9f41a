/**
 * The twin as a whole: the firmware notices faults from what its ports report, the
 * electronics draw energy, a sagging pack resets the lock, the keypad's condition shows.
 */
import { describe, expect, it } from "vitest";
import type { LockSetup } from "../scenario/scenario-types.ts";
import { injectFault } from "./faults.ts";
import { PRESS_MS, enterCode, lockWorksFor, tap } from "./person-actions.ts";
import { KEYPAD_RESPONSE_MAX_MS, RATED_MIN_C, keypadResponseMs } from "./keypad-condition.ts";
import { readyBuiltTwin } from "../scenario/ready-twin.test-fake.ts";
import { readTelemetry } from "./telemetry.ts";

function lock(extra: Partial<LockSetup> = {}) {
  return readyBuiltTwin(extra);
}

describe("the twin", () => {
  it("B-BOLT-6: the firmware detects a misaligned strike from current and position, and telemetry shows the jam", () => {
    const { twin } = lock();
    injectFault(twin, "strike-misaligned");
    tap(twin, "lock");
    twin.advance(10_000);
    expect(twin.boltState()).toBe("jammed");
    const t = readTelemetry(twin);
    expect(t.reported).toBe("jammed");
    expect(t.lastRun).toMatchObject({ outcome: "jammed", target: "extended", attempts: 3 });
    expect(t.lastRun!.peakCurrentMa).toBeGreaterThan(600);
  });

  it("B-BOLT-6: a motor spinning free (no stall, no end) is stopped at the run's time limit, backed off, retried, then reported jammed", () => {
    const { twin } = lock();
    injectFault(twin, "clutch-disengaged");
    const limitMs = twin.profile.bolt.runTimeoutMs;
    const starts = twin.motorStarts;
    tap(twin, "lock"); // the lock button acts on its press
    twin.advance(limitMs - PRESS_MS - 10);
    // Blanking is long over, and a free spin's current is no stall: still the first run.
    expect(twin.motorStarts).toBe(starts + 1);
    twin.advance(20);
    // Stopped at the limit; backing off finds the bolt already home, so the retry starts at once.
    expect(twin.motorStarts).toBe(starts + 3);
    twin.advance(30_000);
    const t = readTelemetry(twin);
    expect(t.reported).toBe("jammed");
    expect(t.lastRun).toMatchObject({ outcome: "jammed", target: "extended" });
  });

  it("B-PWR-2: the firmware judges the pack from voltage at rest and under the motor", () => {
    const { twin } = lock({ batteries: "low" });
    tap(twin, "lock");
    twin.advance(5_000);
    const t = readTelemetry(twin);
    expect(t.battery).toBe("low");
    expect(t.packRestV).toBeLessThan(5.2);
    expect(t.packUnderLoadV).toBeLessThan(t.packRestV!);
  });

  it("B-PWR-5: corroded contacts fail some runs under motor load and brown the lock out on others", () => {
    const { twin, person } = lock();
    injectFault(twin, "contacts-corroded");
    let failures = 0;
    for (let i = 0; i < 12; i++) if (!lockWorksFor(twin, person)) failures++;
    expect(failures).toBeGreaterThan(0);
    expect(failures).toBeLessThan(12);
  });

  it("a sagging pack resets the electronics mid-run (brown-out), counted by the firmware", () => {
    const { twin } = lock();
    twin.contactOhm = 12; // a terrible contact: the supply collapses under the motor
    tap(twin, "lock");
    twin.advance(3_000);
    expect(twin.brownOuts).toBeGreaterThan(0);
    expect(readTelemetry(twin).brownOuts).toBeGreaterThan(0);
  });

  it("the board and radio draw from the pack while nothing happens; a lock without a radio draws less", () => {
    const zwave = lock();
    const none = lock({ profile: "smartcode-264", codes: [{ slot: 1, code: "2947" }] });
    for (const { twin } of [zwave, none]) twin.advance(30 * 86_400_000);
    expect(zwave.twin.drawnMah).toBeGreaterThan(none.twin.drawnMah * 2);
    expect(zwave.twin.drawnMah).toBeGreaterThan(100); // ≈ 0.2 mA × 720 h
  });

  it("B-HW-5: every flash and beep costs energy", () => {
    const { twin } = lock();
    const before = twin.drawnMah;
    enterCode(twin, "1111");
    expect(twin.drawnMah).toBeGreaterThan(before);
  });

  it("B-PWR-6: in the cold the keypad answers late, and a very short press is lost", () => {
    const { twin } = lock({ temperatureC: -15 });
    twin.pressKey("2");
    twin.advance(50);
    twin.releaseKey("2");
    twin.advance(500);
    expect(twin.missedPresses).toBe(1);
    const { twin: warm } = lock();
    warm.pressKey("2");
    warm.advance(50);
    warm.releaseKey("2");
    expect(warm.missedPresses).toBe(0);
  });

  it("B-PWR-6: colder is slower but never deaf: a normal press registers at −10, −25, the rated minimum −35 °C and beyond", () => {
    expect(keypadResponseMs(20)).toBe(20);
    expect(keypadResponseMs(-10)).toBe(70);
    expect(keypadResponseMs(-25)).toBe(145);
    expect(keypadResponseMs(RATED_MIN_C)).toBe(KEYPAD_RESPONSE_MAX_MS);
    expect(keypadResponseMs(-60)).toBe(KEYPAD_RESPONSE_MAX_MS);
    expect(KEYPAD_RESPONSE_MAX_MS).toBeLessThan(PRESS_MS / 2);
    for (const temperatureC of [-10, -25, -35, -60]) {
      // Lithium cells, which keep their voltage in the cold: only the keypad is under test.
      const { twin } = lock({ temperatureC, batteries: "lithium", door: "open" });
      twin.turnByHand("lock", "key");
      const from = twin.signals.length;
      enterCode(twin, "2947");
      expect(twin.missedPresses, `${temperatureC} °C`).toBe(0);
      expect(twin.keyPresses).toBe(4);
      expect(
        twin.signals.slice(from).some((s) => s.name === "codeAccepted"),
        `${temperatureC} °C`,
      ).toBe(true);
      expect(twin.boltState()).toBe("retracted");
    }
  });

  it("B-PWR-6: the keypad answers a press after its response time, not at once, in the cold", () => {
    const { twin } = lock({ temperatureC: -25 });
    const seen: number[] = [];
    const dispatch = twin.firmware.dispatch.bind(twin.firmware);
    twin.firmware.dispatch = (e) => {
      if (e.type === "key.down") seen.push(twin.clock.nowMs);
      dispatch(e);
    };
    const pressedAt = twin.clock.nowMs;
    tap(twin, "2");
    expect(seen).toEqual([pressedAt + 145]);
  });

  it("keypad-damaged: the broken key never registers; keypad-dirty misses some presses", () => {
    const { twin, person } = lock();
    injectFault(twin, "keypad-damaged", person);
    for (let i = 0; i < 5; i++) tap(twin, "2");
    expect(twin.missedPresses).toBe(5);
    const dirty = lock();
    injectFault(dirty.twin, "keypad-dirty", dirty.person);
    for (let i = 0; i < 60; i++) tap(dirty.twin, "5");
    expect(dirty.twin.missedPresses).toBeGreaterThan(5);
    expect(dirty.twin.missedPresses).toBeLessThan(40);
  });

  it("clutch-spring-broken: re-seating the clutch holds for one run only (seed 000)", () => {
    const { twin, person } = lock();
    injectFault(twin, "clutch-spring-broken", person);
    twin.mech = { ...twin.mech, clutchEngaged: true };
    tap(twin, "lock");
    twin.advance(5_000);
    expect(twin.boltState()).toBe("extended");
    enterCode(twin, "2947");
    expect(twin.boltState()).toBe("extended");
    expect(twin.mech.clutchEngaged).toBe(false);
  });

  it("B-BOLT-4: a dry bolt makes the key stiff; a clean one turns smoothly", () => {
    const { twin, person } = lock();
    expect(twin.turnByHand("lock", "key").stiff).toBe(false);
    injectFault(twin, "bolt-dry", person);
    twin.turnByHand("unlock", "key");
    expect(twin.turnByHand("lock", "key")).toMatchObject({ stiff: true, moved: true });
  });

  it("the same seed and actions give the same lock", () => {
    const run = () => {
      const { twin, person } = lock();
      injectFault(twin, "keypad-dirty", person);
      injectFault(twin, "contacts-corroded", person);
      for (let i = 0; i < 5; i++) lockWorksFor(twin, person);
      return [twin.missedPresses, twin.brownOuts, twin.drawnMah, twin.history.length];
    };
    expect(run()).toEqual(run());
  });
});
