/**
 * The knowledge base with its tables learned on the development set (issue 15, item 3).
 *
 * Every answer distribution and symptom table of the cited knowledge base (faults.ts,
 * symptoms.ts, observations.ts, telemetry-observations.ts — each number with its source) is
 * the prior; the counts from the development cases (learned/dev-counts.json, written by
 * scripts/fit-knowledge.ts from src/diagnostics/eval/fit-tables.ts) update it:
 *
 *   P(answer | cause) = (count + W · cited) / (cases + W),   W = PRIOR_CASES
 *
 * where `cited` is the cited distribution with its slip mixed in (a person's misreading),
 * so no answer is ever impossible. Counting covers what the cited tables could not: the
 * faults' severities (a mildly misaligned strike never stalls the motor), the household's
 * oddities (part-used cells read "part-used" under any cause), the person's slips and
 * "don't know"s, and what a person mentions rather than all they noticed. The healthy row
 * (no cause) is counted on the same households with nothing injected. Priors over causes
 * stay the cited ones (faults.ts): the development set's mix is ours, not the world's.
 */
import type { FaultId, SymptomId } from "./ids.ts";
import { FAULT_IDS, SYMPTOM_IDS } from "./ids.ts";
import type {
  AnswerLikelihood,
  CauseClasses,
  Cited,
  KnowledgeBase,
  ObservationEntry,
  SymptomTable,
} from "./types.ts";
import devCounts from "./learned/dev-counts.json" with { type: "json" };
import devFit from "./learned/dev-fit.json" with { type: "json" };
import devClasses from "./learned/dev-classes.json" with { type: "json" };

/** How many development cases the cited table counts for (ours: enough to steady a cause seen ~100 times). */
export const PRIOR_CASES = 4;
/** The slip left for the engine to mix in: the counts already hold the people's misreadings. */
export const LEARNED_SLIP = 0.005;

type Tally = Readonly<Record<string, number>>;

export interface LearnedCounts {
  readonly source: {
    readonly set: string;
    readonly seed: number;
    readonly mix: string;
    readonly cases: number;
  };
  readonly cases: Readonly<Record<string, number>>;
  readonly calm: number;
  readonly said: Readonly<Record<string, Tally>>;
  readonly noticed: Readonly<Record<string, Tally>>;
  readonly answers: Readonly<Record<string, Readonly<Record<string, Tally>>>>;
  readonly unanswered: Readonly<Record<string, Tally>>;
}

export const DEV_COUNTS: LearnedCounts = devCounts as LearnedCounts;

/** The engine's few free numbers, fitted on the development set (eval/fit-weights.ts). */
export interface Hyperparameters {
  /** The cited prior weights are raised to this power (0: every cause alike, 1: as cited). */
  readonly priorExponent: number;
  /** Prior share of two causes at once. */
  readonly pairShare: number;
  /** How much one symptom, one thing seen at the first failure, one telemetry finding counts. */
  readonly symptom: number;
  readonly intake: number;
  readonly telemetry: number;
}

export interface LearnedFit {
  readonly source: {
    readonly set: string;
    readonly seed: number;
    readonly from: number;
    readonly cases: number;
  };
  readonly hyperparameters: Hyperparameters;
  readonly logLoss: number;
  readonly top1: number;
}

export const DEV_FIT: LearnedFit = devFit as LearnedFit;

/** The forms each cause takes in a first report, fitted on the development set (eval/fit-classes.ts). */
export const DEV_CLASSES: CauseClasses = devClasses as CauseClasses;

/** The knowledge base with these hyperparameters; `source` says where they come from. */
export function withHyperparameters(kb: KnowledgeBase, h: Hyperparameters, source: string): KnowledgeBase {
  return {
    ...kb,
    faults: kb.faults.map((f) => ({
      ...f,
      prior: {
        value: f.prior.value ** h.priorExponent,
        source: `${f.prior.source}; raised to the power ${h.priorExponent} (${source})`,
      },
    })),
    pairShare: { value: h.pairShare, source: `${kb.pairShare.source}; ${h.pairShare} ${source}` },
    evidenceWeights: { symptom: h.symptom, intake: h.intake, telemetry: h.telemetry, source },
  };
}

const where = (c: LearnedCounts): string =>
  `fitted on ${c.source.cases} development cases (seed ${c.source.seed}, knowledge/learned/dev-counts.json)`;

/** The cited distribution of `row` with its slip, over the observation's answers. */
function citedDistribution(o: ObservationEntry, like: AnswerLikelihood | undefined): Record<string, number> {
  const n = o.values.length;
  const out: Record<string, number> = {};
  o.values.forEach((v, i) => {
    const base = like ? (like.p[v] ?? 0) : i === 0 ? 1 : 0;
    out[v] = (1 - o.slip) * base + o.slip / n;
  });
  return out;
}

function blend(
  o: ObservationEntry,
  cited: Record<string, number>,
  counts: Tally | undefined,
): { p: Record<string, number>; cases: number } {
  const total = o.values.reduce((s, v) => s + (counts?.[v] ?? 0), 0);
  const p: Record<string, number> = {};
  for (const v of o.values)
    p[v] = ((counts?.[v] ?? 0) + PRIOR_CASES * (cited[v] ?? 0)) / (total + PRIOR_CASES);
  return { p, cases: total };
}

function learnObservation(o: ObservationEntry, c: LearnedCounts): ObservationEntry {
  const counts = c.answers[o.id];
  if (!counts) return o; // never answered in the development cases: the cited table stands
  const byFault: Partial<Record<FaultId, AnswerLikelihood>> = {};
  for (const f of FAULT_IDS) {
    const citedRow = o.byFault[f];
    const { p, cases } = blend(o, citedDistribution(o, citedRow), counts[f]);
    byFault[f] = {
      p,
      source: `${citedRow?.source ?? "cited: answers like a healthy lock"}; ${cases} answers ${where(c)}`,
      ...(citedRow?.decides ? { decides: true } : {}),
    };
  }
  const healthy = blend(o, citedDistribution(o, undefined), counts["healthy"]);
  return {
    ...o,
    byFault,
    affectedBy: (o.affectedBy ?? Object.keys(o.byFault)) as FaultId[],
    healthy: { p: healthy.p, source: `a lock with no cause: ${healthy.cases} answers ${where(c)}` },
    slip: LEARNED_SLIP,
  };
}

function learnSymptoms(
  table: SymptomTable,
  tally: LearnedCounts["said"],
  c: LearnedCounts,
  what: string,
): SymptomTable {
  const out = {} as Record<FaultId, Partial<Record<SymptomId, Cited>>>;
  for (const f of FAULT_IDS) {
    const n = c.cases[f] ?? 0;
    const row: Partial<Record<SymptomId, Cited>> = {};
    for (const s of SYMPTOM_IDS) {
      const cited = table[f][s];
      const k = tally[f]?.[s] ?? 0;
      const value = (k + PRIOR_CASES * (cited?.value ?? 0)) / (n + PRIOR_CASES);
      if (value > 0)
        row[s] = {
          value,
          source: `${cited?.source ?? "cited: not a symptom of it"}; ${what} in ${k} of ${n} ${where(c)}`,
        };
    }
    out[f] = row;
  }
  return out;
}

/** The cited knowledge base with every table updated by the development counts. */
export function learnedTables(cited: KnowledgeBase, c: LearnedCounts = DEV_COUNTS): KnowledgeBase {
  return {
    ...cited,
    observations: cited.observations.map((o) => learnObservation(o, c)),
    symptomLikelihoods: learnSymptoms(cited.symptomLikelihoods, c.said, c, "mentioned"),
    symptomNoticed: learnSymptoms(cited.symptomLikelihoods, c.noticed, c, "noticed"),
  };
}

/** The tables learned, then the fitted hyperparameters applied: what the troubleshooter uses. */
export function learnedKnowledgeBase(
  cited: KnowledgeBase,
  c: LearnedCounts = DEV_COUNTS,
  fit: LearnedFit = DEV_FIT,
  classes: CauseClasses = DEV_CLASSES,
): KnowledgeBase {
  return withHyperparameters(
    { ...learnedTables(cited, c), causeClasses: classes },
    fit.hyperparameters,
    `fitted on ${fit.source.cases} development cases from ${fit.source.from} (seed ${fit.source.seed}, knowledge/learned/dev-fit.json)`,
  );
}
