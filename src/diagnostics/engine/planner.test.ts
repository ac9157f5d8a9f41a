/**
 * Expected cost of repair and the value of asking, worked by hand on the two-cause fixture
 * after the report "won't lock" (P(weak cells) = 0.86997, P(strike) = 0.13003).
 */
import { describe, expect, it } from "vitest";
import { SYMPTOM_IDS } from "../knowledge/ids.ts";
import { Belief } from "./belief.ts";
import type { CompiledFix } from "./model.ts";
import { compileModel } from "./model.ts";
import { LIKELY_FIX, chooseNext, planRepairs, repairOrder, valueOfAsking } from "./planner.ts";
import { fixtureKb } from "./test-fixture.ts";

function after(kb = fixtureKb()): Belief {
  const belief = new Belief(compileModel(kb));
  belief.observeSymptoms(new Set([SYMPTOM_IDS.indexOf("wont-lock-unlocks-fine")]), true);
  return belief;
}

const a0 = 0.75 * 0.901 * 0.99;
const b0 = 0.25 * 0.505 * 0.792;
const pA = a0 / (a0 + b0);
const pB = b0 / (a0 + b0);

describe("expected cost of repair", () => {
  it("orders repairs by P(fixes)/minutes and costs them: 5·P(A) + (5 + 30)·P(B)", () => {
    const belief = after();
    const plan = planRepairs(belief.weight, belief.remaining, belief.active(), belief.model.fixes);
    expect(plan.order.map((f) => f.entry.id)).toEqual(["replace-batteries", "adjust-strike-plate"]);
    expect(plan.pFix[0]).toBeCloseTo(pA, 10);
    expect(plan.ecr).toBeCloseTo(5 * pA + 35 * pB, 10); // 8.9009
  });

  it("a door test that cannot change the order is not worth its minute: ECO 9.90 > ECR 8.90", () => {
    const belief = after();
    const o = belief.model.observationIndex.get("lock-door-open");
    if (!o) throw new Error("fixture");
    const pFails = pA * 0.8 + pB * 0.1;
    const aF = (pA * 0.8) / pFails;
    const aE = (pA * 0.2) / (1 - pFails);
    const eco = 1 + pFails * (5 * aF + 35 * (1 - aF)) + (1 - pFails) * (5 * aE + 35 * (1 - aE));
    const v = valueOfAsking(belief, o, belief.active(), belief.model.fixes, new Float64Array(2));
    expect(v?.eco).toBeCloseTo(eco, 10);
    expect(chooseNext(belief.model, belief, belief.model.fixes, [o]).kind).toBe("fix");
  });

  it("a decisive test is asked when cells cost 20 minutes: ECO 1 + 20·P(A) + 30·P(B) < 20·P(A) + 50·P(B)", () => {
    const belief = after(fixtureKb({ replaceMinutes: 20, perfectTest: true }));
    const o = belief.model.observationIndex.get("lock-door-open");
    if (!o) throw new Error("fixture");
    const choice = chooseNext(belief.model, belief, belief.model.fixes, [o]);
    expect(choice.plan.ecr).toBeCloseTo(20 * pA + 50 * pB, 10); // 23.90
    expect(choice.kind).toBe("ask");
    if (choice.kind === "ask") expect(choice.value.eco).toBeCloseTo(1 + 20 * pA + 30 * pB, 10); // 22.30
  });
});

describe("the last-resort rule", () => {
  const fix = (id: string, minutes: number, lastResort = false): CompiledFix =>
    ({
      entry: { id, lastResort, minutes: { value: minutes } },
      index: 0,
      repairMask: 0,
      blockMask: 0,
      minutes,
      available: true,
    }) as unknown as CompiledFix;

  it("a factory reset goes behind every cheaper fix with a 5 % chance or more, however efficient it is", () => {
    // Three hypotheses; the reset cures the first two (90 %), the code fix the third (10 %).
    const reset = { ...fix("factory-reset", 30, true), repairMask: 0b011 };
    const code = { ...fix("program-user-code", 2), repairMask: 0b100 };
    const w = Float64Array.from([0.6, 0.3, 0.1]);
    const remaining = Int32Array.from([0b001, 0b010, 0b100]);
    // Efficiency: reset 0.9/30 = 0.03, code 0.1/2 = 0.05 — the code first anyway…
    expect(repairOrder(w, remaining, [0, 1, 2], [reset, code]).order.map((f) => f.entry.id)).toEqual([
      "program-user-code",
      "factory-reset",
    ]);
    // …and with the code at 6 % and slower (10 min, efficiency 0.006 < 0.031) it still comes first.
    const slowCode = { ...code, minutes: 10 };
    const w2 = Float64Array.from([0.64, 0.3, 0.06]);
    expect(0.06).toBeGreaterThanOrEqual(LIKELY_FIX);
    expect(repairOrder(w2, remaining, [0, 1, 2], [reset, slowCode]).order.map((f) => f.entry.id)).toEqual([
      "program-user-code",
      "factory-reset",
    ]);
    // Below 5 % it no longer holds the reset back.
    const w3 = Float64Array.from([0.66, 0.3, 0.04]);
    expect(repairOrder(w3, remaining, [0, 1, 2], [reset, slowCode]).order.map((f) => f.entry.id)).toEqual([
      "factory-reset",
      "program-user-code",
    ]);
  });
});
