/**
 * Issue 15's troubleshooter figures, on the frozen held-out set (src/diagnostics/world/
 * case-sets.ts) — cases from a generator that imports nothing of the knowledge base:
 *
 * - `run` (benchmark "troubleshooter"): the uniform mix, 1,000 single and 500 double faults,
 *   with telemetry (where the targets are) and without;
 * - `runMixes` (benchmark "troubleshooter-mixes"): seed 000's "batteries resolve 60 %" mix and
 *   the knowledge base's own priors (as they stood when the set was frozen), 300 single and
 *   150 double each, with and without telemetry.
 *
 * Beside the guides, a most-frequent-cause baseline (eval/most-frequent-cause.ts): the causes
 * most often behind the complaint in the development set, fixed in that order.
 *
 * Targets (issue 15): fixed without support ≥ 98 %; top-1 ≥ 90 %; top-3 ≥ 98 %; calibration
 * within 5 points in every decile with ≥ 30 cases; minutes ≤ 0.5× seed 000's checklist on its
 * own complaint; without telemetry top-1 ≥ 70 %; no factory reset while a cheaper fix has
 * ≥ 10 %; (issue 6) next step in ≤ 5 ms at the 95th percentile. Every figure is reported,
 * met or not. See docs/troubleshooter.md.
 */
import type { BenchResult } from "./benchmark.ts";
import type { CaseOutcome } from "../src/diagnostics/eval/run-eval.ts";
import { runEvalCases } from "../src/diagnostics/eval/run-eval.ts";
import type { EvalFigures } from "../src/diagnostics/eval/summarize-eval.ts";
import { summarizeEval } from "../src/diagnostics/eval/summarize-eval.ts";
import { HELDOUT, SET_SIZES } from "../src/diagnostics/world/case-sets.ts";
import type { MixId } from "../src/diagnostics/world/mixes.ts";

const pct = (x: number): number => Math.round(x * 1000) / 10;

function cases(mix: MixId, telemetry: boolean, single: number, double: number): CaseOutcome[] {
  return [
    ...runEvalCases({ set: HELDOUT, mix, kind: "single", cases: single, telemetry }),
    ...runEvalCases({ set: HELDOUT, mix, kind: "double", cases: double, telemetry }),
  ];
}

function reliabilityNote(f: EvalFigures): string {
  return f.reliability
    .filter((b) => b.cases > 0)
    .map(
      (b) =>
        `${Math.round(b.from * 100)}–${Math.round(b.to * 100)} %: ${b.cases} said ${pct(b.said)} right ${pct(b.right)} ±${pct(b.noise)}`,
    )
    .join("; ");
}

/** The figures of one mix and telemetry setting, named with `label`. */
function figures(label: string, f: EvalFigures, targets: boolean): BenchResult[] {
  const t = <T extends object>(x: T): T | Record<string, never> => (targets ? x : {});
  const checklist = f.guides["seed-000"];
  const out: BenchResult[] = [
    {
      name: `doctor ${label}: fixed without support, every case`,
      value: pct(f.fixedNoSupport),
      unit: "%",
      ...t({ target: 98, better: "higher" as const }),
      note: `${f.cases} cases; ${f.cases - f.personFixableCases} need support's hands (a failed motor, a broken clutch spring or key, an outdated firmware on a lock without a radio), so 98 % cannot be reached on them`,
    },
    {
      name: `doctor ${label}: fixed without support, of the cases a person can fix`,
      value: pct(f.fixedNoSupportOfFixable),
      unit: "%",
      ...t({ target: 98, better: "higher" as const }),
      note: `${f.personFixableCases} cases`,
    },
    {
      name: `doctor ${label}: called support`,
      value: pct(f.calledSupport),
      unit: "%",
      note: `where a person could have fixed every cause: ${pct(f.calledSupportNeedlessly)} %`,
    },
    {
      name: `doctor ${label}: top-1 cause`,
      value: pct(f.top1),
      unit: "%",
      ...t({ target: label.includes("without") ? 70 : 90, better: "higher" as const }),
      note: `right after the report${label.includes("without") ? "" : " and telemetry"}; Brier ${f.brier.toFixed(3)}`,
    },
    {
      name: `doctor ${label}: top-3 cause`,
      value: pct(f.top3),
      unit: "%",
      ...t(label.includes("without") ? {} : { target: 98, better: "higher" as const }),
    },
    {
      name: `doctor ${label}: calibration, worst decile gap`,
      value: Math.round(f.worstCalibrationGap * 10) / 10,
      unit: "points",
      ...t({ target: 5, better: "lower" as const }),
      note: `off by more than sampling explains (95 %) in ${f.calibrationBeyondNoise} of ${f.calibrationDeciles} deciles with ≥ 30 cases; top cause's probability by decile: ${reliabilityNote(f)}`,
    },
    // A row with no case says nothing (without telemetry it is never ≥ 99 % sure): left out.
    ...f.confident
      .filter((c) => c.cases > 0)
      .map((c) => ({
        name: `doctor ${label}: when it says ≥ ${Math.round(c.atLeast * 100)} %, right`,
        value: pct(c.right),
        unit: "%",
        // The calibration target applied to the confident end: within 5 points of what it says.
        ...t(
          c.cases >= 30
            ? { target: Math.round((c.said * 100 - 5) * 10) / 10, better: "higher" as const }
            : {},
        ),
        note: `${c.cases} cases, said ${pct(c.said)} % on average`,
      })),
    ...(f.mostFrequent
      ? [
          {
            name: `doctor ${label}: most-frequent-cause baseline, top-1 / top-3`,
            value: pct(f.mostFrequent.top1),
            unit: "%",
            note: `top-3 ${pct(f.mostFrequent.top3)} %: the causes most often behind the complaint in development cases, no questions, no telemetry`,
          },
          {
            name: `doctor ${label}: minutes vs the most-frequent-cause baseline`,
            value: Math.round(f.mostFrequent.minutesRatio * 100) / 100,
            unit: "×",
            note: `${f.mostFrequent.cases} cases: baseline fixes ${pct(f.mostFrequent.fixedNoSupport)} % in ${f.mostFrequent.meanMinutes.toFixed(1)} min (support ${pct(f.mostFrequent.calledSupport)} %), each cause's own fix in order of its development count`,
          },
        ]
      : []),
    {
      name: `doctor ${label}: minutes`,
      value: Math.round(f.meanMinutes * 10) / 10,
      unit: "min",
      note: `to a working lock or a support call; ${f.meanSteps.toFixed(2)} steps`,
    },
  ];
  if (checklist)
    out.push({
      name: `doctor ${label}: minutes vs seed 000's checklist, on its complaint`,
      value: Math.round(checklist.minutesRatio * 100) / 100,
      unit: "×",
      ...t(label.includes("without") ? {} : { target: 0.5, better: "lower" as const }),
      note: `${checklist.cases} cases saying "unlocks but won't lock": engine ${checklist.engine.meanMinutes.toFixed(1)} min, fixed ${pct(checklist.engine.fixedNoSupport)} %; checklist ${checklist.guide.meanMinutes.toFixed(1)} min, fixed ${pct(checklist.guide.fixedNoSupport)} %`,
    });
  for (const id of ["seed-001", "seed-002", "seed-004"] as const) {
    const g = f.guides[id];
    if (!g) continue;
    out.push({
      name: `doctor ${label}: minutes vs ${id}'s sequence, on its complaints`,
      value: Math.round(g.minutesRatio * 100) / 100,
      unit: "×",
      note: `${g.title}, ${g.cases} cases: engine ${g.engine.meanMinutes.toFixed(1)} min, fixed ${pct(g.engine.fixedNoSupport)} %; guide ${g.guide.meanMinutes.toFixed(1)} min, fixed ${pct(g.guide.fixedNoSupport)} %`,
    });
  }
  out.push({
    name: `doctor ${label}: factory resets with a cheaper fix at ≥ 10 %`,
    value: f.resetsBeforeLikelyFix,
    unit: "resets",
    ...t({ target: 0, better: "lower" as const }),
    note: `of ${f.factoryResets} factory resets, by the engine's own plan; ${f.resetsBeforeTheRightFix} came before an injected cause's own cheaper fix had been tried`,
  });
  return out;
}

export function run(): BenchResult[] {
  const withTelemetry = cases("uniform", true, SET_SIZES.single, SET_SIZES.double);
  const without = cases("uniform", false, SET_SIZES.single, SET_SIZES.double);
  const all = summarizeEval(withTelemetry);
  const singles = summarizeEval(withTelemetry.filter((c) => c.faults.length === 1));
  const doubles = summarizeEval(withTelemetry.filter((c) => c.faults.length === 2));
  return [
    ...figures("held-out uniform, with telemetry", all, true),
    ...figures("held-out uniform, without telemetry", summarizeEval(without), true),
    {
      name: "doctor held-out uniform, with telemetry: single faults, top-1 / fixed (person-fixable)",
      value: pct(singles.top1),
      unit: "%",
      note: `fixed ${pct(singles.fixedNoSupportOfFixable)} % of ${singles.personFixableCases}; top-3 ${pct(singles.top3)} %`,
    },
    {
      name: "doctor held-out uniform, with telemetry: double faults, top-1 (either) / fixed (person-fixable)",
      value: pct(doubles.top1),
      unit: "%",
      note: `fixed ${pct(doubles.fixedNoSupportOfFixable)} % of ${doubles.personFixableCases}; top-3 ${pct(doubles.top3)} %`,
    },
    {
      name: "doctor: next-step decision p95",
      value: Math.round(all.decisionMsP95 * 100) / 100,
      unit: "ms",
      target: 5,
      better: "lower",
      note: `median ${all.decisionMsP50.toFixed(2)} ms, over the held-out uniform cases with telemetry`,
    },
  ];
}

/** The other two mixes at 300 single and 150 double faults each, with and without telemetry. */
export function runMixes(): BenchResult[] {
  const out: BenchResult[] = [];
  for (const mix of ["seed-000", "kb"] as const)
    for (const telemetry of [true, false])
      out.push(
        ...figures(
          `held-out ${mix} mix, ${telemetry ? "with" : "without"} telemetry`,
          summarizeEval(cases(mix, telemetry, 300, 150)),
          false,
        ),
      );
  return out;
}
