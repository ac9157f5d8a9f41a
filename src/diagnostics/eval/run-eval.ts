/**
 * `latchkey doctor eval`: the engine against the guides' fixed checklist on the same cases.
 *
 * For each case: draw a cause (or two) from the priors, build the lock with it, let the
 * simulated person report what they see (simulation/simulated-person.ts), then
 * - the engine: it asks and the person answers by doing it on the twin; it proposes fixes
 *   and the person applies them with the twin's applyFix; after each fix the person checks
 *   the lock (three lock-and-unlock runs with the door closed, and the symptoms they
 *   reported gone), until it works or the engine gives up;
 * - the checklist (B-CARE-4, seed 000's "Final Fix Checklist"): fresh batteries, a user
 *   code, door handing, the strike plate if the key feels stiff, factory reset, support —
 *   on a fresh copy of the same lock, stopping as soon as the lock works.
 * A case whose person sees nothing wrong (the fault has no effect on that model, or a
 * lockout that ended while they tried) is not a troubleshooting case: it is drawn again
 * and counted in `redrawn`.
 */
import { applyFix } from "../../twin/faults.ts";
import { REPAIR_FOR } from "../../twin/fault-repairs.ts";
import { SeededRandom } from "../../twin/seeded-random.ts";
import type { FaultId, FixId } from "../knowledge/ids.ts";
import type { KnowledgeBase } from "../knowledge/types.ts";
import { DEFAULT_KNOWLEDGE_BASE } from "../knowledge/knowledge-base.ts";
import type { CaseLock } from "../simulation/case-lock.ts";
import { buildCaseLock } from "../simulation/case-lock.ts";
import type { PersonReport } from "../simulation/simulated-person.ts";
import { reportFromLock, symptomsGone } from "../simulation/simulated-person.ts";
import { troubleshootLock } from "../simulation/troubleshoot-lock.ts";
import type { DrawnCase } from "./draw-cases.ts";
import { drawCase } from "./draw-cases.ts";

export interface EvalOptions {
  readonly cases: number;
  readonly seed: number;
  readonly faults: "single" | "double";
  readonly telemetry: boolean;
  readonly kb?: KnowledgeBase;
  /** Called after each case (progress, --verbose). */
  readonly onCase?: (result: CaseResult, index: number) => void;
}

export interface RunResult {
  readonly fixed: boolean;
  readonly steps: number;
  readonly minutes: number;
  readonly actions: readonly string[];
}

export interface CaseResult {
  readonly drawn: DrawnCase;
  readonly symptoms: readonly string[];
  readonly engine: RunResult & {
    readonly top: readonly FaultId[];
    readonly brier: number;
    readonly decisionMs: readonly number[];
  };
  readonly checklist: RunResult;
}

export interface EvalSummary {
  readonly engine: {
    fixedRate: number;
    meanSteps: number;
    meanMinutes: number;
    top1: number;
    top3: number;
    brier: number;
  };
  readonly checklist: { fixedRate: number; meanSteps: number; meanMinutes: number };
  readonly cases: number;
  /** Drawn cases whose person saw nothing wrong, drawn again. */
  readonly redrawn: number;
  /** Mean minutes of only the right fixes (REPAIR_FOR), as if the cause were known: a floor. */
  readonly oracleMinutes: number;
  /** Time to choose each next step, ms. */
  readonly decisionMsP50: number;
  readonly decisionMsP95: number;
}

/** B-CARE-4: the guides' checklist order (seed 000 "Final Fix Checklist"). */
export const CHECKLIST: readonly FixId[] = [
  "replace-batteries",
  "program-user-code",
  "run-door-handing",
  "adjust-strike-plate",
  "factory-reset",
  "contact-support",
];
/** Checklist step 4 is "adjust strike plate if key operation feels stiff": the check takes a minute. */
const KEY_CHECK_MINUTES = 1;

function buildReported(d: DrawnCase): { lock: CaseLock; report: PersonReport } | null {
  const lock = buildCaseLock(d.profile, d.faults, d.seed);
  if ("refused" in lock) return null;
  return { lock, report: reportFromLock(lock, new SeededRandom(d.seed ^ 0x5bd1e995)) };
}

export function runEngineOnCase(
  kb: KnowledgeBase,
  d: DrawnCase,
  maxFaults: 1 | 2,
  telemetry: boolean,
): CaseResult["engine"] & { symptoms: readonly string[] } {
  const built = buildReported(d);
  if (!built) throw new Error(`case ${d.faults.join("+")} on ${d.profile} cannot be built`);
  const { lock, report } = built;
  const run = troubleshootLock(kb, lock, report, { maxFaults, telemetry });
  const injected = new Set<string>(d.faults);
  // Brier score over every cause: (p − 1)² for the injected ones, p² for the rest.
  const brier =
    run.firstRanking.reduce((acc, c) => acc + (c.probability - (injected.has(c.fault) ? 1 : 0)) ** 2, 0) +
    d.faults.filter((f) => !run.firstRanking.some((c) => c.fault === f)).length;
  const actions = run.transcript.map((t) =>
    t.step.kind === "ask"
      ? `ask ${t.step.observation}=${t.outcome}`
      : `fix ${t.step.kind === "fix" ? t.step.fix : ""}: ${t.outcome}`,
  );
  return {
    fixed: run.fixed,
    steps: run.steps,
    minutes: run.minutes,
    actions,
    top: run.firstRanking.slice(0, 3).map((c) => c.fault),
    brier,
    decisionMs: [...run.transcript.map((t) => t.decisionMs)],
    symptoms: report.symptoms,
  };
}

export function runChecklistOnCase(kb: KnowledgeBase, d: DrawnCase): RunResult {
  const built = buildReported(d);
  if (!built) throw new Error(`case ${d.faults.join("+")} on ${d.profile} cannot be built`);
  const { lock, report } = built;
  const minutesOf = (id: FixId): number => kb.fixes.find((f) => f.id === id)?.minutes.value ?? 0;
  let steps = 0;
  let minutes = 0;
  const actions: string[] = [];
  for (const fix of CHECKLIST) {
    if (fix === "adjust-strike-plate") {
      const turn = lock.twin.turnByHand("lock", "key");
      lock.twin.turnByHand("unlock", "key");
      steps++;
      minutes += KEY_CHECK_MINUTES;
      if (!turn.stiff && turn.moved) {
        actions.push("key turns smoothly: strike left alone");
        continue;
      }
    }
    const done = applyFix(lock.twin, fix, lock.person);
    if (!done.ok) {
      actions.push(`${fix}: not possible`);
      continue;
    }
    if (fix !== "adjust-strike-plate") steps++;
    minutes += minutesOf(fix);
    const worked = symptomsGone(report.symptoms, lock);
    actions.push(`${fix}: ${worked ? "works" : "not yet"}`);
    if (worked) return { fixed: true, steps, minutes, actions };
  }
  return { fixed: false, steps, minutes, actions };
}

/** Whether the person would ask for help at all: something they reported is really wrong. */
function reportable(d: DrawnCase): boolean {
  const built = buildReported(d);
  return built !== null && !symptomsGone(built.report.symptoms, built.lock);
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

export function runEval(options: EvalOptions): EvalSummary {
  const kb = options.kb ?? DEFAULT_KNOWLEDGE_BASE;
  const rng = new SeededRandom(options.seed);
  const count = options.faults === "double" ? 2 : 1;
  let redrawn = 0;
  let fixedE = 0;
  let fixedC = 0;
  let stepsE = 0;
  let stepsC = 0;
  let minutesE = 0;
  let minutesC = 0;
  let top1 = 0;
  let top3 = 0;
  let brier = 0;
  let oracle = 0;
  const decisions: number[] = [];
  for (let n = 0; n < options.cases; n++) {
    let d = drawCase(kb, rng, count);
    for (let tries = 0; !reportable(d) && tries < 50; tries++) {
      redrawn++;
      d = drawCase(kb, rng, count);
    }
    const engine = runEngineOnCase(kb, d, count, options.telemetry);
    const checklist = runChecklistOnCase(kb, d);
    if (engine.fixed) fixedE++;
    if (checklist.fixed) fixedC++;
    stepsE += engine.steps;
    stepsC += checklist.steps;
    minutesE += engine.minutes;
    minutesC += checklist.minutes;
    if (d.faults.includes(engine.top[0] as FaultId)) top1++;
    if (engine.top.some((f) => d.faults.includes(f))) top3++;
    brier += engine.brier;
    for (const fix of new Set(d.faults.map((f) => REPAIR_FOR[f].fix)))
      oracle += kb.fixes.find((x) => x.id === fix)?.minutes.value ?? 0;
    decisions.push(...engine.decisionMs);
    options.onCase?.({ drawn: d, symptoms: engine.symptoms, engine, checklist }, n);
  }
  const n = Math.max(1, options.cases);
  decisions.sort((a, b) => a - b);
  return {
    engine: {
      fixedRate: fixedE / n,
      meanSteps: stepsE / n,
      meanMinutes: minutesE / n,
      top1: top1 / n,
      top3: top3 / n,
      brier: brier / n,
    },
    checklist: { fixedRate: fixedC / n, meanSteps: stepsC / n, meanMinutes: minutesC / n },
    cases: options.cases,
    redrawn,
    oracleMinutes: oracle / n,
    decisionMsP50: quantile(decisions, 0.5),
    decisionMsP95: quantile(decisions, 0.95),
  };
}
