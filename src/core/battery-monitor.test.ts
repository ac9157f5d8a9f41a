import { describe, expect, it } from "vitest";
import { PROFILES } from "./profiles/index.ts";
import { SimulatedLock } from "./testing/simulated-lock.ts";
import { BATTERY_CHECK_MS } from "./battery-monitor.ts";

const p914 = PROFILES["smartcode-914"]!;
const HOUR_MS = 3_600_000;

function measuresIn(lock: SimulatedLock, ms: number): number {
  const from = lock.effects.length;
  lock.advance(ms);
  return lock.effectsOf("battery.measure", from).length;
}

describe("battery checks when idle", () => {
  it("B-PWR-2: an idle lock with a fresh pack measures it once a day", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"], restV: 6.2 });
    expect(measuresIn(lock, 3 * BATTERY_CHECK_MS.freshPack + HOUR_MS)).toBe(3);
  });

  it("B-PWR-2: a pack near the low threshold is measured every 6 hours, and a low one is found", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"], restV: p914.battery.lowV + 0.1 });
    expect(measuresIn(lock, 24 * HOUR_MS + 60_000)).toBe(4);
    lock.restV = p914.battery.lowV - 0.05;
    lock.advance(BATTERY_CHECK_MS.nearThreshold);
    expect(lock.state.battery).toBe("low");
  });

  it("B-PWR-2: a measurement after a motor run puts the next idle check a full interval after it", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"], restV: 6.2 });
    lock.advance(20 * HOUR_MS);
    const from = lock.effects.length;
    lock.press("lock"); // one-touch lock: the bolt goes out, and the pack is measured after the run
    lock.advance(5_000);
    expect(lock.effectsOf("battery.measure", from)).toHaveLength(1);
    // The check due at 24 h is moved to 24 h after that measurement: nothing until then.
    expect(measuresIn(lock, 23 * HOUR_MS)).toBe(0);
    expect(measuresIn(lock, 2 * HOUR_MS)).toBe(1);
  });
});

describe("a pack that goes in weak", () => {
  it("B-NET-2, B-PWR-2: a pack put in already low is reported to the app as battery-low; a fresh one is not", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"], restV: 6.2 });
    expect(lock.radioEvents().map((e) => e.kind)).not.toContain("battery-low");
    const from = lock.effects.length;
    lock.restV = p914.battery.lowV - 0.2;
    lock.powerCycle();
    expect(lock.state.battery).toBe("low");
    expect(lock.radioEvents(from).map((e) => e.kind)).toEqual(["battery-low"]);
  });

  it("B-NET-2, B-PWR-3: a pack put in critical is reported as battery-critical", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"], restV: p914.battery.criticalV - 0.2 });
    expect(lock.state.battery).toBe("critical");
    expect(lock.radioEvents().map((e) => e.kind)).toContain("battery-critical");
  });
});
