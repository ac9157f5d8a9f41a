/**
 * The case generator: the same seed draws the same cases; a kept case is a real one (its
 * household and air are harmless alone, its faults show); every fault can be drawn and shown;
 * the mixes weigh faults as documented.
 */
import { describe, expect, it } from "vitest";
import { FAULT_IDS } from "../../twin/fault-ids.ts";
import { DEV } from "./case-sets.ts";
import { candidateSpec, drawCase, drawFaults, rejectionOf } from "./generate-cases.ts";
import { mixWeights } from "./mixes.ts";

describe("the case generator", () => {
  it("draws the same case for the same set, mix, kind and index", () => {
    expect(drawCase(DEV, "uniform", "single", 3)).toEqual(drawCase(DEV, "uniform", "single", 3));
    expect(drawCase(DEV, "kb", "double", 1).spec.faults).toHaveLength(2);
  });

  it("keeps only draws whose faults show and whose household and air are harmless alone", () => {
    for (let i = 0; i < 8; i++) expect(rejectionOf(drawCase(DEV, "uniform", "single", i).spec)).toBeNull();
  });

  it("every FAULTS.md fault can be drawn, and shows on some household, at its mildest and its worst", () => {
    const shown = new Set<string>();
    for (let i = 0; i < 400 && shown.size < FAULT_IDS.length; i++) {
      const faults = drawFaults(DEV, "uniform", "single", i);
      const f = faults[0] as string;
      if (shown.has(f)) continue;
      for (let d = 0; d < 20; d++) {
        const spec = candidateSpec(DEV, "uniform", "single", i, faults, d);
        const mild = { ...spec, faults: spec.faults.map((x) => ({ ...x, severity: 0 })) };
        const worst = { ...spec, faults: spec.faults.map((x) => ({ ...x, severity: 1 })) };
        if (rejectionOf(mild) === null && rejectionOf(worst) === null) {
          shown.add(f);
          break;
        }
      }
    }
    expect(FAULT_IDS.filter((f) => !shown.has(f))).toEqual([]);
  });

  it("seed 000's mix gives the seven power faults 60 %", () => {
    const w = mixWeights("seed-000");
    const total = FAULT_IDS.reduce((s, f) => s + w[f], 0);
    const power = FAULT_IDS.filter((f) => f.startsWith("battery-") || f === "contacts-corroded");
    expect(power.reduce((s, f) => s + w[f], 0) / total).toBeCloseTo(0.6, 10);
    expect(new Set(Object.values(mixWeights("uniform"))).size).toBe(1);
  });
});
