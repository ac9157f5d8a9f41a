/**
 * The cell model against its published figures (REFERENCES.md), cited per test.
 */
import { describe, expect, it } from "vitest";
import {
  capacityFraction,
  drain,
  internalOhm,
  newCell,
  openCircuitV,
  selfDischarge,
} from "./battery-cell.ts";
import { makePack, packElectrics } from "./battery-pack.ts";

/** mAh a cell delivers at a constant current until empty, by integrating `drain`. */
function deliveredMah(currentMa: number, temperatureC = 20): number {
  let cell = newCell("alkaline");
  let mah = 0;
  const step = 60;
  while (cell.charge > 0) {
    cell = drain(cell, currentMa, step, temperatureC);
    mah += (currentMa * step) / 3600;
  }
  return mah;
}

describe("alkaline AA cell", () => {
  it("runs from about 1.6 V new to 0.9 V at end of life (pack 6.5 → 3.6 V, Renesas/GreenPAK)", () => {
    expect(openCircuitV(newCell("alkaline", 1))).toBeCloseTo(1.6, 2);
    expect(openCircuitV(newCell("alkaline", 0.05))).toBeCloseTo(0.9, 2);
    expect(packElectrics(makePack("fresh"), 20, 0).openV).toBeCloseTo(6.4, 1);
  });

  it("delivers about 2,900 / 2,700 / 2,300 / 2,000 mAh at 50 / 100 / 250 / 500 mA (Duracell Procell)", () => {
    expect(deliveredMah(50)).toBeGreaterThan(2_800);
    expect(deliveredMah(50)).toBeLessThan(3_000);
    expect(deliveredMah(100)).toBeCloseTo(2_700, -2);
    expect(deliveredMah(250)).toBeCloseTo(2_300, -2);
    expect(deliveredMah(500)).toBeCloseTo(2_000, -2);
  });

  it("gives roughly half its run time between −20 °C and 0 °C compared with 20 °C (vendor figure)", () => {
    const warm = deliveredMah(100, 20);
    expect(deliveredMah(100, -20) / warm).toBeGreaterThan(0.4);
    expect(deliveredMah(100, -20) / warm).toBeLessThan(0.6);
    expect(deliveredMah(100, 0) / warm).toBeGreaterThan(0.6);
    expect(capacityFraction(newCell("alkaline"), 50, 20)).toBe(1);
  });

  it("B-PWR-6: internal resistance rises as it drains and in the cold", () => {
    const full = newCell("alkaline", 1);
    expect(internalOhm(newCell("alkaline", 0.2), 20)).toBeGreaterThan(internalOhm(full, 20));
    expect(internalOhm(full, -20)).toBeGreaterThan(2 * internalOhm(full, 20));
  });

  it("loses a few per cent a year on the shelf", () => {
    const year = selfDischarge(newCell("alkaline"), 365 * 86_400);
    expect(year.charge).toBeGreaterThan(0.95);
    expect(year.charge).toBeLessThan(0.99);
  });
});

describe("other chemistries and packs", () => {
  it("B-PWR-1: NiMH rechargeables sit near 1.2 V, under the 1.3 V a cell of B-PWR-2, from full", () => {
    const v = openCircuitV(newCell("nimh", 1));
    expect(v).toBeLessThan(1.3);
    expect(v).toBeGreaterThan(1.15);
    expect(packElectrics(makePack("rechargeable"), 20, 0).openV).toBeLessThan(5.2);
  });

  it("lithium (Li-FeS2) stays flat near 1.7 V, then falls off a cliff: little warning (REFERENCES)", () => {
    expect(
      Math.abs(openCircuitV(newCell("lithium", 0.9)) - openCircuitV(newCell("lithium", 0.2))),
    ).toBeLessThan(0.1);
    expect(openCircuitV(newCell("lithium", 0.02))).toBeLessThan(1.2);
  });

  it("B-PWR-4: a reversed cell makes no contact, so the pack gives nothing", () => {
    expect(packElectrics(makePack("reversed"), 20, 0.05).openV).toBe(0);
  });

  it("B-PWR-5: contact resistance adds to the pack's series resistance", () => {
    const clean = packElectrics(makePack("fresh"), 20, 0.05);
    const corroded = packElectrics(makePack("fresh"), 20, 3);
    expect(corroded.seriesOhm - clean.seriesOhm).toBeCloseTo(2.95, 5);
  });

  it("B-PWR-2/3/4: the named packs read ok, low, critical and dead against the firmware's thresholds", () => {
    const v = (k: Parameters<typeof makePack>[0]) => packElectrics(makePack(k), 20, 0.05).openV;
    expect(v("fresh")).toBeGreaterThan(5.2);
    expect(v("low")).toBeLessThan(5.2);
    expect(v("low")).toBeGreaterThan(4.6);
    expect(v("unlocks-only")).toBeLessThan(v("low"));
    expect(v("unlocks-only")).toBeGreaterThan(4.6);
    expect(v("critical")).toBeLessThan(4.6);
    expect(v("dead")).toBeLessThan(3.0);
  });
});
