/**
 * Battery life in fleets (issue 4): Kwikset's claim at typical use, a misaligned strike
 * shortening it, lithium cells giving little warning. Small fleets on real twins, every
 * operation done key by key, the statistics checked loosely; the long runs are in the bench.
 */
import { describe, expect, it } from "vitest";
import { simulateFleet } from "./simulate-fleet.ts";
import { BATTERY_CALIBRATION } from "./fleet-options.ts";
import { PackWatch } from "./battery-log.ts";
import { SeededRandom } from "../seeded-random.ts";

const CALIBRATION = BATTERY_CALIBRATION;

describe("battery life", () => {
  const typical = simulateFleet({ ...CALIBRATION, locks: 6, days: 420 });

  it("Kwikset: at 10 operations a day, 20 °C, alkaline, door aligned, a fresh smartcode-914 pack lasts 12 ± 2 months", () => {
    expect(typical.operations.perLockDay).toBeGreaterThan(9.5);
    expect(typical.operations.perLockDay).toBeLessThan(10.5);
    const life = typical.battery.lifeMonths;
    expect(life?.count).toBe(6); // every first pack reached its end
    expect(life?.median).toBeGreaterThanOrEqual(10);
    expect(life?.median).toBeLessThanOrEqual(14);
    expect(life?.min).toBeGreaterThanOrEqual(10);
    expect(life?.max).toBeLessThanOrEqual(14);
    // Nothing but the pack stopped these locks.
    expect(
      Object.keys(typical.failures.byCause).filter((c) => !c.startsWith("battery") && c !== "wrong-code"),
    ).toEqual([]);
  });

  it("alkaline cells warn for weeks before they stop (B-PWR-2: low at 1.3 V a cell)", () => {
    expect(typical.battery.warningDays?.count).toBe(6);
    expect(typical.battery.warningDays?.min).toBeGreaterThan(30);
  });

  it("a misaligned strike shortens battery life: the motor pushes harder, so a weaker pack fails sooner (REFERENCES: Kwikset)", () => {
    const misaligned = simulateFleet({ ...CALIBRATION, locks: 6, days: 420, doors: { strikeN: 6 } });
    const aligned = typical.battery.lifeDays?.median ?? 0;
    expect(misaligned.battery.lifeDays?.median).toBeLessThan(0.75 * aligned);
    expect(misaligned.failures.byCause["battery-low"]).toBeGreaterThan(0);
  });

  it("lithium cells give little warning: a few days from the first low reading to failure (REFERENCES: flat, then a steep end)", () => {
    const lithium = simulateFleet({ ...CALIBRATION, locks: 3, days: 800, cells: "lithium" });
    expect(lithium.battery.lifeDays?.count).toBe(3);
    expect(lithium.battery.warningDays?.max).toBeLessThanOrEqual(10);
    expect(lithium.battery.lifeDays?.median).toBeGreaterThan(typical.battery.lifeDays?.median ?? Infinity);
  });
});

describe("a pack's life (battery-log.ts)", () => {
  const rng = new SeededRandom(1);

  it("ends on the first day the lock fails for battery reasons, and the owner changes it within two days", () => {
    const pack = new PackWatch(10);
    pack.saw("low", 200, Infinity, rng);
    pack.ended(300, rng);
    pack.ended(301, rng);
    expect(pack.life(null)).toMatchObject({ insertedDay: 10, firstLowDay: 200, endDay: 300 });
    expect(pack.changeDay).toBeGreaterThanOrEqual(300);
    expect(pack.changeDay).toBeLessThanOrEqual(302);
  });

  it("ends when the lock reports it critical (B-PWR-3), even before anything fails", () => {
    const pack = new PackWatch(0);
    pack.saw("critical", 90, Infinity, rng);
    expect(pack.life(95)).toMatchObject({
      firstLowDay: 90,
      endDay: 90,
      removedDay: 95,
      changedOn: "end-of-life",
    });
  });

  it("an owner who heeds the warning changes the pack once it has shown for their patience", () => {
    const pack = new PackWatch(0);
    pack.saw("low", 100, 14, rng);
    pack.saw("low", 113, 14, rng);
    expect(pack.changeDay).toBeNull();
    pack.saw("low", 114, 14, rng);
    expect(pack.changeDay).toBeGreaterThanOrEqual(114);
    expect(pack.life(pack.changeDay)).toMatchObject({ endDay: null, changedOn: "warning" });
  });
});
