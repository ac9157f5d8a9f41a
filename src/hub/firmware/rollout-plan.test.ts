/**
 * The staged rollout's decisions alone (issue 14, rollout-plan.ts): stage sizes, the failure
 * rate, and the halt — including that halting before a stage ends never disagrees with what the
 * whole stage would have said.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_STAGES_PERCENT,
  failureRate,
  haltReason,
  stageSizes,
  stageVerdict,
  stagesProblem,
} from "./rollout-plan.ts";

describe("rollout stages", () => {
  it("1 %, 10 %, 100 % of 10,000 locks are stages of 100, 900 and 9,000", () => {
    expect(stageSizes(10_000, DEFAULT_STAGES_PERCENT)).toEqual([100, 900, 9_000]);
    expect(stageSizes(1_000, DEFAULT_STAGES_PERCENT)).toEqual([10, 90, 900]);
    expect(stageSizes(5, DEFAULT_STAGES_PERCENT)).toEqual([1, 1, 3]);
    expect(stageSizes(1, DEFAULT_STAGES_PERCENT)).toEqual([1, 0, 0]);
    expect(stageSizes(0, DEFAULT_STAGES_PERCENT)).toEqual([0, 0, 0]);
  });

  it("every lock is in exactly one stage, each stage reaches at least its share, and stages are tried in order", () => {
    const stages = fc
      .uniqueArray(fc.integer({ min: 1, max: 99 }), { maxLength: 5 })
      .map((xs) => [...xs.sort((a, b) => a - b), 100]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50_000 }), stages, (total, percent) => {
        expect(stagesProblem(percent)).toBeNull();
        const sizes = stageSizes(total, percent);
        expect(sizes).toHaveLength(percent.length);
        expect(sizes.reduce((a, b) => a + b, 0)).toBe(total);
        let reached = 0;
        sizes.forEach((size, i) => {
          expect(size).toBeGreaterThanOrEqual(0);
          reached += size;
          expect(reached).toBeGreaterThanOrEqual(Math.min(total, Math.ceil((total * percent[i]!) / 100)));
        });
      }),
    );
  });

  it("refuses stages that do not grow or do not end at 100 %", () => {
    expect(stagesProblem([10, 1, 100])).toMatch(/more locks/);
    expect(stagesProblem([1, 10])).toMatch(/last stage/);
    expect(stagesProblem([0, 100])).toMatch(/above 0/);
    expect(stagesProblem([])).toMatch(/1–10/);
  });
});

describe("halting", () => {
  it("a stage halts when its failure rate is above the threshold; at or under it, it passes", () => {
    expect(stageVerdict({ size: 100, updated: 98, failed: 2, skipped: 0 }, 0.02)).toEqual({
      verdict: "passed",
      rate: 0.02,
    });
    expect(stageVerdict({ size: 100, updated: 97, failed: 3, skipped: 0 }, 0.02)).toMatchObject({
      verdict: "halt",
    });
    // Locks never tried count in neither side of the rate.
    expect(failureRate({ size: 100, updated: 48, failed: 2, skipped: 50 })).toBe(0.04);
    expect(stageVerdict({ size: 10, updated: 0, failed: 0, skipped: 10 }, 0.02)).toEqual({
      verdict: "passed",
      rate: 0,
    });
    expect(stageVerdict({ size: 100, updated: 10, failed: 2, skipped: 0 }, 0.02)).toEqual({
      verdict: "running",
    });
    expect(stageVerdict({ size: 100, updated: 10, failed: 3, skipped: 0 }, 0.02)).toMatchObject({
      verdict: "halt",
      early: true,
    });
    expect(haltReason(0, [1, 10, 100], { size: 100, updated: 45, failed: 3, skipped: 52 }, 0.02)).toBe(
      "stage 1 (1 % of the locks): 3 of 48 locks tried failed (6.3 %), above the 2 % threshold; the rollout stopped by itself",
    );
  });

  it("an early halt is never wrong: however the rest of the stage ends, the whole stage halts too", () => {
    const outcome = fc.constantFrom("updated", "failed", "skipped");
    fc.assert(
      fc.property(
        fc.array(outcome, { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 0, max: 2_000 }).map((bp) => bp / 10_000),
        fc.integer({ min: 0, max: 300 }),
        (outcomes, threshold, cut) => {
          const tally = (xs: readonly string[]) => ({
            size: outcomes.length,
            updated: xs.filter((x) => x === "updated").length,
            failed: xs.filter((x) => x === "failed").length,
            skipped: xs.filter((x) => x === "skipped").length,
          });
          const partial = stageVerdict(
            tally(outcomes.slice(0, Math.min(cut, outcomes.length - 1))),
            threshold,
          );
          const whole = stageVerdict(tally(outcomes), threshold);
          if (partial.verdict === "halt") expect(whole.verdict).toBe("halt");
          // And the whole stage halts exactly when its rate passes the threshold.
          expect(whole.verdict === "halt").toBe(failureRate(tally(outcomes)) > threshold);
        },
      ),
    );
  });
});
