/**
 * Motor and bolt against REFERENCES.md and the guides' physical claims.
 */
import { describe, expect, it } from "vitest";
import { BOLT_THROW_MM, HEALTHY_MECHANISM, STIFF_KEY_N, manualLoadN, planMotion } from "./bolt-mechanism.ts";
import { makePack, packElectrics } from "./battery-pack.ts";

const fresh = packElectrics(makePack("fresh"), 20, 0.05);
const travel = (from: number, to: number, mech = HEALTHY_MECHANISM, closed = false, pack = fresh, t = 20) =>
  planMotion(from, to, mech, closed, pack.openV, pack.seriesOhm, t);

describe("motor and bolt", () => {
  it("draws about 150 mA retracting at 6 V and under 1 A at stall (REFERENCES)", () => {
    const retract = travel(BOLT_THROW_MM, 0);
    expect(retract[0]!.currentA).toBeGreaterThan(0.1);
    expect(retract[0]!.currentA).toBeLessThan(0.2);
    const stall = travel(0, BOLT_THROW_MM, { ...HEALTHY_MECHANISM, frictionN: 100 });
    expect(stall.at(-1)!.speedMmS).toBe(0);
    expect(stall.at(-1)!.currentA).toBeGreaterThan(0.5);
    expect(stall.at(-1)!.currentA).toBeLessThan(1);
  });

  it("B-HW-3: extending takes more current than retracting", () => {
    expect(travel(0, BOLT_THROW_MM)[0]!.currentA).toBeGreaterThan(2 * travel(BOLT_THROW_MM, 0)[0]!.currentA);
  });

  it("B-BOLT-5: a weak pack still retracts but cannot extend", () => {
    const drained = packElectrics(makePack("unlocks-only"), 20, 0.05);
    expect(travel(BOLT_THROW_MM, 0, HEALTHY_MECHANISM, false, drained).at(-1)!.toMm).toBe(0);
    expect(travel(0, BOLT_THROW_MM, HEALTHY_MECHANISM, false, drained).at(-1)!.speedMmS).toBe(0);
  });

  it("B-HW-6, B-BOLT-3: a misaligned strike stops the bolt only with the door closed, part-way", () => {
    const mech = { ...HEALTHY_MECHANISM, strikeLoadN: 16 };
    expect(travel(0, BOLT_THROW_MM, mech, false).at(-1)!.toMm).toBe(BOLT_THROW_MM);
    const closed = travel(0, BOLT_THROW_MM, mech, true);
    expect(closed.at(-1)!.speedMmS).toBe(0);
    expect(closed.at(-1)!.fromMm).toBeCloseTo(mech.strikeStartMm, 5);
  });

  it("B-BOLT-2: a disengaged clutch lets the motor spin free while the bolt stays", () => {
    const seg = travel(0, BOLT_THROW_MM, { ...HEALTHY_MECHANISM, clutchEngaged: false });
    expect(seg).toHaveLength(1);
    expect(seg[0]!.toMm).toBe(0);
    expect(seg[0]!.currentA).toBeGreaterThan(0);
    expect(seg[0]!.currentA).toBeLessThan(0.1);
  });

  it("a failed motor draws nothing and moves nothing", () => {
    expect(travel(0, BOLT_THROW_MM, { ...HEALTHY_MECHANISM, motorWorks: false })[0]).toMatchObject({
      currentA: 0,
      toMm: 0,
    });
  });

  it("B-BOLT-4: a dry bolt is slower and makes the key stiff; cold makes both worse", () => {
    const dry = { ...HEALTHY_MECHANISM, frictionN: 14 };
    expect(travel(0, BOLT_THROW_MM, dry)[0]!.speedMmS).toBeLessThan(travel(0, BOLT_THROW_MM)[0]!.speedMmS);
    expect(manualLoadN(HEALTHY_MECHANISM, true, false, 20)).toBeLessThan(STIFF_KEY_N);
    expect(manualLoadN(dry, true, false, 20)).toBeGreaterThanOrEqual(STIFF_KEY_N);
    expect(manualLoadN(HEALTHY_MECHANISM, true, false, -20)).toBeGreaterThan(
      manualLoadN(HEALTHY_MECHANISM, true, false, 20),
    );
  });
});
