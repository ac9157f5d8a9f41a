/**
 * `latchkey doctor eval`: the troubleshooter on cases it did not make (issue 15). The cases
 * come from world/ — a generator that imports nothing of the knowledge base — drawn by seed
 * from a mix of faults; each is built into a world (the household's lock with its faults at
 * their severities, the person with their slips), and on it run
 *
 * - the engine: the person reports (some of what they noticed), the lock's telemetry is read
 *   or not, the engine asks and the person answers by doing it on the twin, it proposes
 *   fixes and the person applies them and judges the lock, until it works, support is
 *   called, or it gives up (then the person calls support);
 * - each guide's fixed sequence whose scope the person's complaint falls in (baselines.ts),
 *   on a fresh build of the same world.
 *
 * Figures: fixed without support, called support, top-1 and top-3 cause right after the
 * report, a reliability table for the top cause's probability, minutes (a session that ends
 * in a support call pays for the call), and the factory-reset rule checked two ways.
 */
import { REPAIR_FOR, personCanRepair } from "../../twin/fault-repairs.ts";
import { getProfile } from "../../core/profiles/index.ts";
import type { FaultId, FixId } from "../../twin/fault-ids.ts";
import { SeededRandom } from "../../twin/seeded-random.ts";
import { DEFAULT_KNOWLEDGE_BASE } from "../knowledge/knowledge-base.ts";
import type { KnowledgeBase } from "../knowledge/types.ts";
import { buildWorld } from "../world/build-world.ts";
import type { World } from "../world/build-world.ts";
import type { CaseKind, CaseSet } from "../world/generate-cases.ts";
import { drawCase } from "../world/generate-cases.ts";
import type { MixId } from "../world/mixes.ts";
import type { PersonReport } from "../world/person.ts";
import { reportFromLock } from "../world/person.ts";
import type { Baseline, GuideRun } from "./baselines.ts";
import { BASELINES, inScope, runGuide } from "./baselines.ts";
import type { CaseSpec } from "../world/case-spec.ts";
import type { CauseFrequencies } from "./most-frequent-cause.ts";
import { devFrequencies, mostFrequentSequence, rankedCauses } from "./most-frequent-cause.ts";
import { troubleshootLock } from "./troubleshoot-lock.ts";

/** A factory reset with a cheaper fix at this chance or more is a breach (issue 15's target). */
export const RESET_RULE_CHANCE = 0.1;

export interface EngineOutcome {
  /** The person's check passed when the session ended (before any support call). */
  readonly fixed: boolean;
  /** The session called support (its contact-support step) or gave up (the person calls). */
  readonly calledSupport: boolean;
  readonly steps: number;
  /** Minutes spent, plus the support call when the session ended in one. */
  readonly minutes: number;
  /** The three likeliest causes right after the report and telemetry. */
  readonly top: readonly FaultId[];
  /** The top cause's probability then. */
  readonly topP: number;
  /** Every cause's probability then (for the all-causes reliability table). */
  readonly marginals: Readonly<Partial<Record<FaultId, number>>>;
  readonly brier: number;
  readonly factoryResets: number;
  /** Factory resets proposed while a cheaper fix in the engine's own plan had ≥ 10 %. */
  readonly resetsBeforeLikelyFix: number;
  /** Factory resets done while an injected cause's own cheaper fix was still untried. */
  readonly resetsBeforeTheRightFix: number;
  readonly decisionMs: readonly number[];
  readonly actions: readonly string[];
}

export interface CaseOutcome {
  readonly spec: CaseSpec;
  readonly faults: readonly FaultId[];
  readonly symptoms: readonly string[];
  /** No injected cause needs support's hands (motor, clutch spring, broken key; firmware on a radio-less lock). */
  readonly personFixable: boolean;
  readonly engine: EngineOutcome;
  /** The guides whose scope the complaint is in, run on the same lock. */
  readonly baselines: Readonly<Partial<Record<Baseline["id"], GuideRun>>>;
  /** The most-frequent-cause baseline on every case: its three likeliest causes and its run. */
  readonly mostFrequent?: { readonly top: readonly FaultId[]; readonly run: GuideRun };
}

export interface EvalOptions {
  readonly set: CaseSet;
  readonly mix: MixId;
  readonly kind: CaseKind;
  readonly cases: number;
  readonly telemetry: boolean;
  /** First case index (to run a slice of a set). */
  readonly from?: number;
  readonly kb?: KnowledgeBase;
  /** Causes the engine considers at once from the start (default 2: one or two). */
  readonly maxFaults?: 1 | 2;
  readonly onCase?: (outcome: CaseOutcome, index: number) => void;
  /** Development cases the most-frequent-cause baseline is counted on (0: leave it out). */
  readonly frequencyCases?: number;
}

function world(spec: CaseSpec): World {
  const w = buildWorld(spec);
  if (typeof w === "string") throw new Error(`${spec.id}: ${w}`);
  return w;
}

function report(w: World): PersonReport {
  return reportFromLock(w, new SeededRandom((w.spec.seed ^ 0x2545f491) >>> 0));
}

const minutesOf = (kb: KnowledgeBase, id: FixId): number =>
  kb.fixes.find((f) => f.id === id)?.minutes.value ?? 0;

export function runEngineOnCase(
  kb: KnowledgeBase,
  spec: CaseSpec,
  telemetry: boolean,
  maxFaults: 1 | 2,
): { engine: EngineOutcome; report: PersonReport } {
  const w = world(spec);
  const r = report(w);
  const run = troubleshootLock(kb, w, r, { maxFaults, telemetry });
  const injected = new Set<string>(spec.faults.map((f) => f.id));
  const brier =
    run.firstRanking.reduce((acc, c) => acc + (c.probability - (injected.has(c.fault) ? 1 : 0)) ** 2, 0) +
    spec.faults.filter((f) => !run.firstRanking.some((c) => c.fault === f.id)).length;
  const resetMinutes = minutesOf(kb, "factory-reset");
  let factoryResets = 0;
  let resetsBeforeLikelyFix = 0;
  let resetsBeforeTheRightFix = 0;
  const tried = new Set<FixId>();
  for (const t of run.transcript) {
    if (t.step.kind !== "fix") continue;
    if (t.step.fix === "factory-reset" && !t.outcome.startsWith("not possible")) {
      factoryResets++;
      if (t.step.plan.some((p) => p.minutes < resetMinutes && p.chance >= RESET_RULE_CHANCE))
        resetsBeforeLikelyFix++;
      const rightFixes = spec.faults.map((f) => REPAIR_FOR[f.id].fix);
      if (
        rightFixes.some((fx) => fx !== "factory-reset" && minutesOf(kb, fx) < resetMinutes && !tried.has(fx))
      )
        resetsBeforeTheRightFix++;
    }
    if (!t.outcome.startsWith("not possible")) tried.add(t.step.fix);
  }
  const gaveUp = run.final.kind === "done" && run.final.outcome === "gave-up";
  const calledSupport = gaveUp || run.fixesDone.includes("contact-support");
  const fixed = run.fixed && !run.fixesDone.includes("contact-support");
  const marginals: Partial<Record<FaultId, number>> = {};
  for (const c of run.firstRanking) marginals[c.fault] = c.probability;
  return {
    report: r,
    engine: {
      fixed,
      calledSupport,
      steps: run.steps,
      minutes: run.minutes + (gaveUp ? minutesOf(kb, "contact-support") : 0),
      top: run.firstRanking.slice(0, 3).map((c) => c.fault),
      topP: run.firstRanking[0]?.probability ?? 0,
      marginals,
      brier,
      factoryResets,
      resetsBeforeLikelyFix,
      resetsBeforeTheRightFix,
      decisionMs: run.transcript.map((t) => t.decisionMs),
      actions: run.transcript.map((t) =>
        t.step.kind === "ask"
          ? `ask ${t.step.observation}=${t.outcome}`
          : `fix ${t.step.kind === "fix" ? t.step.fix : ""}: ${t.outcome}`,
      ),
    },
  };
}

/** One case: the engine, then each guide in scope, each on its own fresh build of the world. */
export function runCase(
  kb: KnowledgeBase,
  spec: CaseSpec,
  telemetry: boolean,
  maxFaults: 1 | 2 = 2,
  frequencies?: CauseFrequencies,
): CaseOutcome {
  const { engine, report: r } = runEngineOnCase(kb, spec, telemetry, maxFaults);
  const baselines: Partial<Record<Baseline["id"], GuideRun>> = {};
  for (const b of BASELINES) {
    if (!inScope(b, r)) continue;
    const w = world(spec);
    baselines[b.id] = runGuide(kb, b, w, report(w));
  }
  let mostFrequent: CaseOutcome["mostFrequent"];
  if (frequencies) {
    const complaint = r.symptoms[0];
    const w = world(spec);
    mostFrequent = {
      top: rankedCauses(frequencies, complaint).slice(0, 3),
      run: runGuide(kb, mostFrequentSequence(frequencies, complaint), w, report(w)),
    };
  }
  return {
    spec,
    faults: spec.faults.map((f) => f.id),
    symptoms: r.symptoms,
    personFixable: personFixable(spec),
    engine,
    baselines,
    ...(mostFrequent ? { mostFrequent } : {}),
  };
}

export function runEvalCases(options: EvalOptions): CaseOutcome[] {
  const kb = options.kb ?? DEFAULT_KNOWLEDGE_BASE;
  const out: CaseOutcome[] = [];
  const from = options.from ?? 0;
  const n = options.frequencyCases;
  const frequencies = n === 0 ? undefined : devFrequencies(options.mix, options.kind, n);
  for (let i = from; i < from + options.cases; i++) {
    const { spec } = drawCase(options.set, options.mix, options.kind, i);
    const outcome = runCase(kb, spec, options.telemetry, options.maxFaults ?? 2, frequencies);
    out.push(outcome);
    options.onCase?.(outcome, i);
  }
  return out;
}

/** Every fault of the case is one its person can repair on this model (fault-repairs.ts). */
function personFixable(spec: CaseSpec): boolean {
  const profile = getProfile(spec.profile);
  if (!profile) throw new Error(`case of unknown profile "${spec.profile}"`);
  return spec.faults.every((f) => personCanRepair(profile, f.id));
}
