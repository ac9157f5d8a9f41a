/**
 * Exact inference against posteriors worked out by hand on the two-cause fixture
 * (test-fixture.ts): A = weak cells (prior 3), B = misaligned strike (prior 1).
 */
import { describe, expect, it } from "vitest";
import { SYMPTOM_IDS } from "../knowledge/ids.ts";
import { Belief, FIX_FALSE_PASS, FIX_MISJUDGED } from "./belief.ts";
import { afterFix, answerLikelihood, bitOf, compileModel, symptomLikelihood } from "./model.ts";
import { fixtureKb } from "./test-fixture.ts";

const WONT_LOCK = SYMPTOM_IDS.indexOf("wont-lock-unlocks-fine");
const KEY_STIFF = SYMPTOM_IDS.indexOf("key-stiff");

function reported(): Belief {
  const model = compileModel(fixtureKb());
  const belief = new Belief(model);
  belief.observeSymptoms(new Set([WONT_LOCK]), true);
  return belief;
}

describe("posterior over one cause", () => {
  it("starts from the priors, normalised: 3 : 1", () => {
    const belief = new Belief(compileModel(fixtureKb()));
    expect([...belief.weight]).toEqual([0.75, 0.25]);
  });

  it("a reported symptom and an unreported one: noisy-OR with the 1 % leak, worked by hand", () => {
    // P(won't lock | A) = 1 − 0.99 × 0.1 = 0.901;  P(no stiff key | A) = 0.99
    // P(won't lock | B) = 1 − 0.99 × 0.5 = 0.505;  P(no stiff key | B) = 0.99 × 0.8 = 0.792
    const a = 0.75 * 0.901 * 0.99;
    const b = 0.25 * 0.505 * 0.792;
    const belief = reported();
    expect(belief.weight[0]).toBeCloseTo(a / (a + b), 10); // 0.869971…
    expect(belief.weight[1]).toBeCloseTo(b / (a + b), 10);
  });

  it("an unreported symptom is not evidence when the person has not said everything", () => {
    const model = compileModel(fixtureKb());
    const belief = new Belief(model);
    belief.observeSymptoms(new Set([WONT_LOCK]), false);
    const a = 0.75 * 0.901;
    const b = 0.25 * 0.505;
    expect(belief.weight[0]).toBeCloseTo(a / (a + b), 10);
  });

  it("an answer multiplies in its likelihood: the bolt fails with the door open (0.8 vs 0.1)", () => {
    const belief = reported();
    const o = belief.model.observationIndex.get("lock-door-open");
    if (!o) throw new Error("fixture");
    belief.observe(o, o.entry.values.indexOf("fails"));
    const a = 0.75 * 0.901 * 0.99 * 0.8;
    const b = 0.25 * 0.505 * 0.792 * 0.1;
    expect(belief.weight[0]).toBeCloseTo(a / (a + b), 10); // 0.981661…
  });

  it("a fix that did not help: its cause is removed and 'still broken' weighs 2 % against it", () => {
    const belief = reported();
    const fix = belief.model.fixIndex.get("replace-batteries");
    if (!fix) throw new Error("fixture");
    const a0 = 0.75 * 0.901 * 0.99;
    const b0 = 0.25 * 0.505 * 0.792;
    belief.applyFix(fix, false);
    const a = a0 * FIX_MISJUDGED;
    const b = b0 * (1 - FIX_FALSE_PASS);
    expect(belief.weight[0]).toBeCloseTo(a / (a + b), 10);
    expect(belief.remaining[0]).toBe(0); // weak cells replaced
    expect(belief.remaining[1]).toBe(bitOf(belief.model.faults, "strike-misaligned"));
  });

  it("the same question again with nothing changed is not asked: the answer would repeat", () => {
    const belief = reported();
    const o = belief.model.observationIndex.get("lock-door-open");
    if (!o) throw new Error("fixture");
    expect(belief.askedAlready(o)).toBe(false);
    belief.observe(o, 1);
    expect(belief.askedAlready(o)).toBe(true);
    belief.applyFix(belief.model.fixIndex.get("replace-batteries") as never, false);
    expect(belief.askedAlready(o)).toBe(false); // the lock may have changed
  });
});

describe("two causes at once", () => {
  const model = compileModel(fixtureKb(), undefined, 2);
  const both = bitOf(model.faults, "battery-low") | bitOf(model.faults, "strike-misaligned");
  const o = model.observationIndex.get("lock-door-open");
  if (!o) throw new Error("fixture");

  it("hypotheses are the single causes and the pair, with 20 % of the prior on pairs", () => {
    expect([...model.hypotheses]).toEqual([1, 2, 3]);
    expect(model.hypothesisPrior[0]).toBeCloseTo(0.8 * 0.75, 12);
    expect(model.hypothesisPrior[1]).toBeCloseTo(0.8 * 0.25, 12);
    expect(model.hypothesisPrior[2]).toBeCloseTo(0.2, 12);
  });

  it("the cause met first answers; its healthy answer lets the other one show: 0.8 + 0.2 × 0.1", () => {
    expect(answerLikelihood(model, o, both, o.entry.values.indexOf("fails"))).toBeCloseTo(0.82, 12);
    expect(answerLikelihood(model, o, both, o.entry.values.indexOf("extends"))).toBeCloseTo(0.18, 12);
  });

  it("a cause that decides hides the other's answer even when it looks healthy", () => {
    const m = compileModel(fixtureKb({ decides: true }), undefined, 2);
    const od = m.observationIndex.get("lock-door-open");
    if (!od) throw new Error("fixture");
    expect(answerLikelihood(m, od, both, od.entry.values.indexOf("fails"))).toBeCloseTo(0.8, 12);
  });

  it("symptoms: the first cause's channel hides the second's there, not elsewhere", () => {
    // Weak cells show on the lock and code channels, so the strike's "won't lock" is hidden…
    expect(symptomLikelihood(model, both, WONT_LOCK)).toBeCloseTo(1 - 0.99 * 0.1, 12);
    // …but its stiff key (the key channel) still shows: 1 − 0.99 × (1 − 0.2).
    expect(symptomLikelihood(model, both, KEY_STIFF)).toBeCloseTo(1 - 0.99 * 0.8, 12);
  });

  it("a fix does nothing while a cause that blocks it is present", () => {
    const m = compileModel(
      {
        ...fixtureKb(),
        fixes: fixtureKb().fixes.map((f) =>
          f.id === "adjust-strike-plate" ? { ...f, blockedBy: ["battery-low"] } : f,
        ),
      },
      undefined,
      2,
    );
    const strike = m.fixIndex.get("adjust-strike-plate");
    if (!strike) throw new Error("fixture");
    expect(afterFix(strike, both)).toBe(both);
    expect(afterFix(strike, bitOf(m.faults, "strike-misaligned"))).toBe(0);
  });
});
