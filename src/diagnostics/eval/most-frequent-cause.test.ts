/**
 * The most-frequent-cause baseline (issue 15's honest baselines): counted on development
 * cases only, ranked by the complaint's own counts, and a repair order that fixes each
 * ranked cause once with support last.
 */
import { describe, expect, it } from "vitest";
import { REPAIR_FOR } from "../../twin/fault-repairs.ts";
import { FAULT_IDS } from "../../twin/fault-ids.ts";
import type { FaultId } from "../../twin/fault-ids.ts";
import type { CauseFrequencies } from "./most-frequent-cause.ts";
import { countCauses, mostFrequentSequence, rankedCauses } from "./most-frequent-cause.ts";
import { DEV } from "../world/case-sets.ts";

const freq: CauseFrequencies = {
  source: "a test's counts",
  byComplaint: new Map([
    [
      "wont-lock-unlocks-fine",
      new Map<FaultId, number>([
        ["strike-misaligned", 9],
        ["battery-low", 5],
        ["motor-failed", 4],
        ["battery-critical", 1],
      ]),
    ],
  ]),
  overall: new Map<FaultId, number>([
    ["wrong-code", 50],
    ["strike-misaligned", 9],
    ["battery-low", 5],
  ]),
};

describe("the most-frequent-cause baseline", () => {
  it("ranks the complaint's own causes first, then the overall counts, then FAULTS.md order", () => {
    const r = rankedCauses(freq, "wont-lock-unlocks-fine");
    expect(r.slice(0, 5)).toEqual([
      "strike-misaligned",
      "battery-low",
      "motor-failed",
      "battery-critical",
      "wrong-code",
    ]);
    expect(new Set(r)).toEqual(new Set(FAULT_IDS));
    // A complaint never seen falls back on the overall counts.
    expect(rankedCauses(freq, "erratic")[0]).toBe("wrong-code");
  });

  it("fixes each ranked cause once, in order, and calls support last", () => {
    const seq = mostFrequentSequence(freq, "wont-lock-unlocks-fine").steps;
    expect(seq.slice(0, 2)).toEqual(["adjust-strike-plate", "replace-batteries"]);
    expect(seq.at(-1)).toBe("contact-support");
    expect(new Set(seq).size).toBe(seq.length);
    const every = new Set(FAULT_IDS.map((f) => REPAIR_FOR[f].fix));
    expect(new Set(seq)).toEqual(every);
  });

  it("counts the development set's cases: every case's causes, each under its main complaint", () => {
    const f = countCauses(DEV, "uniform", "double", 12);
    expect(f.source).toContain("dev set");
    const total = [...f.overall.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(24);
    const byComplaint = [...f.byComplaint.values()].flatMap((m) => [...m.values()]);
    expect(byComplaint.reduce((a, b) => a + b, 0)).toBe(24);
  });
});
