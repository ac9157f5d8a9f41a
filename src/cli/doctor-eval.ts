/**
 * `latchkey doctor eval`: the troubleshooter on cases it did not make (docs/troubleshooter.md).
 *
 *   latchkey doctor eval [--set heldout|dev | --seed S] [--cases N] [--from I]
 *                        [--faults single|double] [--mix uniform|seed-000|kb|all]
 *                        [--no-telemetry | --telemetry both] [--json] [--verbose]
 *
 * Without --set or --seed the cases are the frozen held-out set. One table per mix and
 * telemetry setting; with --json the line before the last is every figure of every run, and
 * the last line is issue 6's object, `{"engine": {...}, "checklist": {...}, "cases"}`, for the
 * first run (its checklist is seed 000's, run on every case of that run).
 */
import { DEFAULT_KNOWLEDGE_BASE } from "../diagnostics/knowledge/knowledge-base.ts";
import type { CaseOutcome } from "../diagnostics/eval/run-eval.ts";
import { runCase } from "../diagnostics/eval/run-eval.ts";
import { BASELINES, runGuide } from "../diagnostics/eval/baselines.ts";
import { devFrequencies } from "../diagnostics/eval/most-frequent-cause.ts";
import type { EvalFigures } from "../diagnostics/eval/summarize-eval.ts";
import { CALIBRATION_MIN_CASES, summarizeEval } from "../diagnostics/eval/summarize-eval.ts";
import { buildWorld } from "../diagnostics/world/build-world.ts";
import { HELDOUT, setNamed } from "../diagnostics/world/case-sets.ts";
import type { CaseKind, CaseSet } from "../diagnostics/world/generate-cases.ts";
import { drawCase } from "../diagnostics/world/generate-cases.ts";
import type { MixId } from "../diagnostics/world/mixes.ts";
import { MIX_IDS, isMixId } from "../diagnostics/world/mixes.ts";
import { reportFromLock } from "../diagnostics/world/person.ts";
import { SeededRandom } from "../twin/seeded-random.ts";
import { parseSeed, parseWholeNumber } from "./parse-seed.ts";
import type { Output } from "./scenario-command.ts";

export const EVAL_USAGE =
  "latchkey doctor eval [--set heldout|dev | --seed S] [--cases N] [--from I] [--faults single|double] [--mix uniform|seed-000|kb|all] [--no-telemetry | --telemetry both] [--json] [--verbose]";

/** Cases in one run: enough for any figure, few enough that a typo cannot run for hours. */
export const MAX_CASES = 5_000;
const MAX_FROM = 1_000_000;

interface EvalRun {
  readonly mix: MixId;
  readonly telemetry: boolean;
  readonly figures: EvalFigures;
  /** Issue 6's checklist on every case of the run (the first run only). */
  readonly checklistAll?: { fixedRate: number; meanSteps: number; meanMinutes: number };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

function parse(args: readonly string[]): { ok: true; o: Options } | { ok: false; reason: string } {
  const values = new Map<string, string>();
  const switches = new Set<string>();
  const withValue = ["--set", "--seed", "--cases", "--from", "--faults", "--mix", "--telemetry"];
  const onOff = ["--no-telemetry", "--json", "--verbose"];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (withValue.includes(a)) {
      const v = args[i + 1];
      if (v === undefined) return { ok: false, reason: `${a} needs a value` };
      if (values.has(a)) return { ok: false, reason: `${a} given twice` };
      values.set(a, v);
      i++;
    } else if (onOff.includes(a)) switches.add(a);
    else
      return {
        ok: false,
        reason: a.startsWith("-") ? `unknown option "${a}"` : `unexpected argument "${a}"`,
      };
  }
  let set: CaseSet = HELDOUT;
  const setName = values.get("--set");
  if (setName !== undefined && values.has("--seed"))
    return { ok: false, reason: "give --set or --seed, not both" };
  if (setName !== undefined) {
    const named = setNamed(setName);
    if (!named) return { ok: false, reason: `--set must be heldout or dev, not "${setName}"` };
    set = named;
  }
  if (values.has("--seed")) {
    const s = parseSeed(values.get("--seed"));
    if (!s.ok) return s;
    set = s.value === HELDOUT.seed ? HELDOUT : { name: `seed-${s.value}`, seed: s.value };
  }
  const cases = parseWholeNumber("--cases", values.get("--cases") ?? "100", 1, MAX_CASES);
  if (!cases.ok) return cases;
  const from = parseWholeNumber("--from", values.get("--from") ?? "0", 0, MAX_FROM);
  if (!from.ok) return from;
  const kind = values.get("--faults") ?? "single";
  if (kind !== "single" && kind !== "double")
    return { ok: false, reason: `--faults must be single or double, not "${kind}"` };
  const mixArg = values.get("--mix") ?? "uniform";
  if (mixArg !== "all" && !isMixId(mixArg))
    return { ok: false, reason: `--mix must be ${MIX_IDS.join(", ")} or all, not "${mixArg}"` };
  const tel = values.get("--telemetry");
  if (tel !== undefined && tel !== "both")
    return { ok: false, reason: `--telemetry takes "both", not "${tel}"` };
  if (tel !== undefined && switches.has("--no-telemetry"))
    return { ok: false, reason: "give --no-telemetry or --telemetry both, not both" };
  return {
    ok: true,
    o: {
      set,
      cases: cases.value,
      from: from.value,
      kind,
      mixes: mixArg === "all" ? MIX_IDS : [mixArg as MixId],
      telemetry: tel === "both" ? [true, false] : [!switches.has("--no-telemetry")],
      json: switches.has("--json"),
      verbose: switches.has("--verbose"),
    },
  };
}

interface Options {
  readonly set: CaseSet;
  readonly cases: number;
  readonly from: number;
  readonly kind: CaseKind;
  readonly mixes: readonly MixId[];
  readonly telemetry: readonly boolean[];
  readonly json: boolean;
  readonly verbose: boolean;
}

export function doctorEval(args: readonly string[], io: Output): number {
  const parsed = parse(args);
  if (!parsed.ok) {
    // The reason first, on one line; the usage is --help's.
    io.err(`latchkey doctor eval: ${parsed.reason} (latchkey doctor --help lists the options)`);
    return 2;
  }
  const o = parsed.o;
  const kb = DEFAULT_KNOWLEDGE_BASE;
  const runs: EvalRun[] = [];
  for (const mix of o.mixes) {
    const specs = Array.from({ length: o.cases }, (_, k) => drawCase(o.set, mix, o.kind, o.from + k).spec);
    // The most-frequent-cause baseline, counted on the development set's cases of this mix.
    const frequencies = devFrequencies(mix, o.kind);
    for (const telemetry of o.telemetry) {
      const outcomes: CaseOutcome[] = [];
      const first = runs.length === 0;
      const checklist = { fixed: 0, steps: 0, minutes: 0 };
      specs.forEach((spec, k) => {
        const outcome = runCase(kb, spec, telemetry, 2, frequencies);
        outcomes.push(outcome);
        if (first) {
          const w = buildWorld(spec);
          if (typeof w !== "string") {
            const r = reportFromLock(w, new SeededRandom((spec.seed ^ 0x2545f491) >>> 0));
            const g = runGuide(kb, BASELINES[0] as (typeof BASELINES)[number], w, r);
            checklist.fixed += g.fixed ? 1 : 0;
            checklist.steps += g.steps;
            checklist.minutes += g.minutes;
          }
        }
        if (o.verbose) io.out(caseLine(outcome, o.from + k));
      });
      const n = Math.max(1, outcomes.length);
      runs.push({
        mix,
        telemetry,
        figures: summarizeEval(outcomes),
        ...(first
          ? {
              checklistAll: {
                fixedRate: checklist.fixed / n,
                meanSteps: checklist.steps / n,
                meanMinutes: checklist.minutes / n,
              },
            }
          : {}),
      });
    }
  }
  if (!o.json) for (const r of runs) printRun(io, o, r);
  const first = runs[0] as EvalRun;
  if (o.json)
    io.out(
      JSON.stringify({
        set: o.set,
        kind: o.kind,
        from: o.from,
        runs: runs.map((r) => ({ mix: r.mix, telemetry: r.telemetry, ...r.figures })),
      }),
    );
  const f = first.figures;
  io.out(
    JSON.stringify({
      engine: {
        fixedRate: f.fixedNoSupport,
        meanSteps: f.meanSteps,
        meanMinutes: f.meanMinutes,
        top1: f.top1,
        top3: f.top3,
        brier: f.brier,
      },
      checklist: first.checklistAll,
      cases: f.cases,
    }),
  );
  return 0;
}

function caseLine(c: CaseOutcome, index: number): string {
  const e = c.engine;
  const guides = Object.entries(c.baselines)
    .map(
      ([id, g]) =>
        `${id} ${g?.fixed ? "fixed" : g?.calledSupport ? "support" : "NOT fixed"} ${g?.minutes} min`,
    )
    .join("; ");
  return `${String(index).padStart(4)} ${c.faults.join("+")} on ${c.spec.profile} [${c.symptoms.join(", ")}]: engine ${e.fixed ? "fixed" : e.calledSupport ? "called support" : "NOT fixed"} in ${e.minutes} min (top: ${e.top[0]} ${pct(e.topP)})${guides ? `; ${guides}` : ""}\n       ${e.actions.join(" | ")}`;
}

function printRun(io: Output, o: Options, r: EvalRun): void {
  const f = r.figures;
  io.out(
    `\ndoctor eval: ${o.set.name} set (seed ${o.set.seed}), ${r.mix} mix, cases ${o.from}–${o.from + f.cases - 1}, ${o.kind === "double" ? "two faults" : "one fault"} each, ${r.telemetry ? "with" : "without"} telemetry`,
  );
  io.out(
    `  fixed by the person, no support call  ${pct(f.fixedNoSupport).padStart(8)}   (of the ${f.personFixableCases} a person can fix: ${pct(f.fixedNoSupportOfFixable)})`,
  );
  io.out(
    `  called support                        ${pct(f.calledSupport).padStart(8)}   (where a person could have fixed it: ${pct(f.calledSupportNeedlessly)})`,
  );
  io.out(
    `  cause after the first report          top-1 ${pct(f.top1)}, top-3 ${pct(f.top3)}, Brier ${f.brier.toFixed(3)}`,
  );
  io.out(
    `  minutes to a working lock or a support call: ${f.meanMinutes.toFixed(1)} (${f.meanSteps.toFixed(2)} steps)`,
  );
  io.out(
    `  factory resets ${f.factoryResets}: with a cheaper fix at ≥ 10 % in the engine's plan ${f.resetsBeforeLikelyFix}; before a cause's own cheaper fix was tried ${f.resetsBeforeTheRightFix}`,
  );
  io.out(
    `  calibration of the top cause (worst gap over deciles with ≥ ${CALIBRATION_MIN_CASES} cases: ${f.worstCalibrationGap.toFixed(1)} points; off by more than sampling explains in ${f.calibrationBeyondNoise} of ${f.calibrationDeciles}):`,
  );
  for (const b of f.reliability) {
    if (b.cases === 0) continue;
    io.out(
      `    says ${String(Math.round(b.from * 100)).padStart(3)}–${String(Math.round(b.to * 100)).padEnd(3)} %: ${String(b.cases).padStart(5)} cases, said ${pct(b.said).padStart(7)} on average, right ${pct(b.right).padStart(7)}  (sampling ±${(b.noise * 100).toFixed(1)})`,
    );
  }
  for (const c of f.confident)
    io.out(
      `    says ≥ ${Math.round(c.atLeast * 100)} %:   ${String(c.cases).padStart(5)} cases, said ${pct(c.said).padStart(7)} on average, right ${pct(c.right).padStart(7)}`,
    );
  const mf = f.mostFrequent;
  if (mf)
    io.out(
      `  most frequent cause for the complaint (counted on ${o.set.name === "dev" ? "this development set: in-sample" : "the development set"}): top-1 ${pct(mf.top1)}, top-3 ${pct(mf.top3)}; fixing in that order fixes ${pct(mf.fixedNoSupport)} in ${mf.meanMinutes.toFixed(1)} min (support ${pct(mf.calledSupport)}); engine: ${mf.minutesRatio.toFixed(2)}× the minutes`,
    );
  const guides = Object.values(f.guides);
  if (guides.length > 0) io.out("  the guides, each on the complaints it is written for:");
  for (const g of guides) {
    if (!g) continue;
    io.out(
      `    ${g.title} (${g.cases} cases): guide fixes ${pct(g.guide.fixedNoSupport)} in ${g.guide.meanMinutes.toFixed(1)} min (support ${pct(g.guide.calledSupport)}); engine ${pct(g.engine.fixedNoSupport)} in ${g.engine.meanMinutes.toFixed(1)} min (support ${pct(g.engine.calledSupport)}): ${g.minutesRatio.toFixed(2)}× the minutes`,
    );
  }
  io.out(`  next-step decision: p50 ${f.decisionMsP50.toFixed(2)} ms, p95 ${f.decisionMsP95.toFixed(2)} ms`);
}
