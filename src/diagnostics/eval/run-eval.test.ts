/**
 * The evaluation on a few cases (fast and deterministic), and for every fault that the
 * engine's first suggestion is sensible given the lock's telemetry: the fix that repairs
 * it, or a fix no dearer tried first while the fault is among the three likeliest causes.
 */
import { describe, expect, it } from "vitest";
import { PROFILE_IDS } from "../../core/profiles/index.ts";
import { REPAIR_FOR } from "../../twin/fault-repairs.ts";
import { SeededRandom } from "../../twin/seeded-random.ts";
import { FAULT_IDS } from "../knowledge/ids.ts";
import { DEFAULT_KNOWLEDGE_BASE as kb } from "../knowledge/knowledge-base.ts";
import { buildCaseLock } from "../simulation/case-lock.ts";
import { reportFromLock, symptomsGone } from "../simulation/simulated-person.ts";
import { troubleshootLock } from "../simulation/troubleshoot-lock.ts";
import { CHECKLIST, runEval } from "./run-eval.ts";

const minutesOf = (id: string): number => kb.fixes.find((f) => f.id === id)?.minutes.value ?? Infinity;

describe("doctor eval", () => {
  it("runs single-fault cases deterministically, the engine fixing them faster than the checklist", () => {
    const a = runEval({ cases: 12, seed: 3, faults: "single", telemetry: true });
    const b = runEval({ cases: 12, seed: 3, faults: "single", telemetry: true });
    expect({ ...a, decisionMsP50: 0, decisionMsP95: 0 }).toEqual({
      ...b,
      decisionMsP50: 0,
      decisionMsP95: 0,
    });
    expect(a.cases).toBe(12);
    expect(a.engine.fixedRate).toBeGreaterThanOrEqual(11 / 12);
    expect(a.engine.meanMinutes).toBeLessThan(a.checklist.meanMinutes);
    expect(a.engine.top3).toBeGreaterThanOrEqual(a.engine.top1);
    for (const x of [a.engine.fixedRate, a.engine.top1, a.engine.top3, a.checklist.fixedRate]) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1);
    }
  });

  it("runs double-fault cases without telemetry", () => {
    const s = runEval({ cases: 5, seed: 9, faults: "double", telemetry: false });
    expect(s.cases).toBe(5);
    expect(s.engine.fixedRate).toBeGreaterThanOrEqual(0.8);
    expect(s.engine.meanSteps).toBeGreaterThan(0);
  });

  it("the checklist is the guides' order (B-CARE-4)", () => {
    expect(CHECKLIST).toEqual([
      "replace-batteries",
      "program-user-code",
      "run-door-handing",
      "adjust-strike-plate",
      "factory-reset",
      "contact-support",
    ]);
  });
});

describe("the first suggestion for each fault, with telemetry", () => {
  for (const fault of FAULT_IDS) {
    it(`${fault}: the fix that repairs it, or one no dearer while it is among the three likeliest`, () => {
      let checked = 0;
      for (const profile of PROFILE_IDS) {
        // The first seed at which the fault shows as it typically does: something wrong to see,
        // including a symptom the knowledge base gives it at 0.5 or more (an intermittent
        // fault or a dirty keypad sometimes shows as something else, or not at all).
        const row: Readonly<Record<string, { value: number } | undefined>> = kb.symptomLikelihoods[fault];
        const typical = (symptoms: readonly string[]): boolean =>
          symptoms.some((x) => (row[x]?.value ?? 0) >= 0.5);
        const seed = [21, 22, 23, 24, 25, 26, 27, 28].find((s) => {
          const probe = buildCaseLock(profile, [fault], s);
          if ("refused" in probe) return false;
          const symptoms = reportFromLock(probe, new SeededRandom(s)).symptoms;
          return typical(symptoms) && !symptomsGone(symptoms, probe);
        });
        if (seed === undefined) continue;
        const lock = buildCaseLock(profile, [fault], seed);
        if ("refused" in lock) continue;
        const run = troubleshootLock(kb, lock, reportFromLock(lock, new SeededRandom(seed)), {
          maxFaults: 1,
          telemetry: true,
        });
        const at = run.transcript.findIndex((t) => t.step.kind === "fix");
        const first = run.transcript[at];
        if (!first || first.step.kind !== "fix") throw new Error(`${fault} on ${profile}: no fix proposed`);
        expect(
          at,
          `${fault} on ${profile}: at most three questions before the first fix`,
        ).toBeLessThanOrEqual(3);
        const fix = first.step.fix;
        const repairs = kb.fixes.find((f) => f.id === fix)?.repairs ?? [];
        if (!repairs.includes(fault)) {
          expect(
            minutesOf(fix),
            `${fault} on ${profile}: ${fix} must cost no more than ${REPAIR_FOR[fault].fix}`,
          ).toBeLessThanOrEqual(minutesOf(REPAIR_FOR[fault].fix));
          expect(
            first.causes.slice(0, 3).map((c) => c.fault),
            `${fault} on ${profile}: among the likeliest`,
          ).toContain(fault);
        }
        expect(run.fixed, `${fault} on ${profile}: fixed in the end`).toBe(true);
        checked++;
      }
      expect(checked).toBeGreaterThan(0);
    });
  }
});
