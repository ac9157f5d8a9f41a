/**
 * The figures of an evaluation run (issue 15 "Honest figures"): fixed without support,
 * called support, top-1 and top-3 cause, a reliability table ("when it says 90 %, how often is
 * it right"), minutes, the factory-reset rule, and each guide's sequence against the engine
 * on the cases in that guide's scope.
 */
import type { Baseline } from "./baselines.ts";
import { BASELINES } from "./baselines.ts";
import type { CaseOutcome } from "./run-eval.ts";

export interface ReliabilityBin {
  /** Predictions in [from, to). */
  readonly from: number;
  readonly to: number;
  readonly cases: number;
  /** Mean stated probability in the bin. */
  readonly said: number;
  /** How often it was right. */
  readonly right: number;
  /**
   * Half the 95 % range of `right` if the odds were exactly calibrated (1.96·√(said·(1−said)/n)):
   * a gap inside it is what sampling alone gives. With 30 cases at 50 % it is 18 points, so
   * "within 5 points" in a small decile is as much a test of luck as of calibration.
   */
  readonly noise: number;
}

/** Deciles that have at least this many predictions are held to the calibration target. */
export const CALIBRATION_MIN_CASES = 30;

export interface GuideComparison {
  readonly title: string;
  readonly cases: number;
  readonly engine: { fixedNoSupport: number; calledSupport: number; meanMinutes: number };
  readonly guide: { fixedNoSupport: number; calledSupport: number; meanMinutes: number };
  /** Engine minutes over the guide's, on the same cases. */
  readonly minutesRatio: number;
}

/** "When it says at least this, how often is it right": the confident end of the table. */
export interface ConfidenceRow {
  readonly atLeast: number;
  readonly cases: number;
  readonly said: number;
  readonly right: number;
}

/** Thresholds of the confident rows (issue 15: "when the engine says ≥ 99 %…"). */
export const CONFIDENCE_THRESHOLDS = [0.9, 0.95, 0.99] as const;

/** The most-frequent-cause baseline beside the engine, on every case (most-frequent-cause.ts). */
export interface MostFrequentFigures {
  readonly cases: number;
  readonly top1: number;
  readonly top3: number;
  readonly fixedNoSupport: number;
  readonly calledSupport: number;
  readonly meanMinutes: number;
  /** Engine minutes over the baseline's, on the same cases. */
  readonly minutesRatio: number;
}

export interface EvalFigures {
  readonly cases: number;
  readonly personFixableCases: number;
  /** Fixed by the person's own hands (a support call does not count). */
  readonly fixedNoSupport: number;
  /** The same over the cases a person can fix at all (no motor, spring or key to replace). */
  readonly fixedNoSupportOfFixable: number;
  readonly calledSupport: number;
  /** Support called although a person could have fixed every cause. */
  readonly calledSupportNeedlessly: number;
  readonly top1: number;
  readonly top3: number;
  readonly brier: number;
  readonly meanMinutes: number;
  readonly meanSteps: number;
  readonly reliability: readonly ReliabilityBin[];
  /** The same table over every cause's probability, not only the top one's. */
  readonly reliabilityAllCauses: readonly ReliabilityBin[];
  /** The top cause said with at least 90, 95 and 99 %: how often it was right. */
  readonly confident: readonly ConfidenceRow[];
  /** Deciles with ≥ 30 cases, and how many of them are off by more than sampling explains. */
  readonly calibrationDeciles: number;
  readonly calibrationBeyondNoise: number;
  /** Largest |said − right| over the top-cause deciles with ≥ 30 cases, in points. */
  readonly worstCalibrationGap: number;
  readonly factoryResets: number;
  readonly resetsBeforeLikelyFix: number;
  readonly resetsBeforeTheRightFix: number;
  readonly decisionMsP50: number;
  readonly decisionMsP95: number;
  readonly guides: Readonly<Partial<Record<Baseline["id"], GuideComparison>>>;
  readonly mostFrequent?: MostFrequentFigures;
}

const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const rate = (xs: readonly boolean[]): number => mean(xs.map((x) => (x ? 1 : 0)));

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

export function reliabilityTable(pairs: readonly { p: number; hit: boolean }[]): ReliabilityBin[] {
  const bins: { p: number[]; hits: number }[] = Array.from({ length: 10 }, () => ({ p: [], hits: 0 }));
  for (const { p, hit } of pairs) {
    const b = bins[Math.min(9, Math.floor(p * 10))] as { p: number[]; hits: number };
    b.p.push(p);
    if (hit) b.hits++;
  }
  return bins.map((b, i) => ({
    from: i / 10,
    to: (i + 1) / 10,
    cases: b.p.length,
    said: mean(b.p),
    right: b.p.length ? b.hits / b.p.length : 0,
    noise: b.p.length ? 1.96 * Math.sqrt((mean(b.p) * (1 - mean(b.p))) / b.p.length) : 0,
  }));
}

export function confidenceRows(pairs: readonly { p: number; hit: boolean }[]): ConfidenceRow[] {
  return CONFIDENCE_THRESHOLDS.map((t) => {
    const sure = pairs.filter((x) => x.p >= t);
    return {
      atLeast: t,
      cases: sure.length,
      said: mean(sure.map((x) => x.p)),
      right: rate(sure.map((x) => x.hit)),
    };
  });
}

function mostFrequentFigures(outcomes: readonly CaseOutcome[]): MostFrequentFigures | undefined {
  const scored = outcomes.filter((o) => o.mostFrequent !== undefined);
  if (scored.length === 0) return undefined;
  type Run = NonNullable<CaseOutcome["mostFrequent"]>;
  const m = scored.map((o) => o.mostFrequent as Run);
  const baseMinutes = mean(m.map((x) => x.run.minutes));
  return {
    cases: scored.length,
    top1: rate(scored.map((o, i) => o.faults.includes((m[i] as Run).top[0] as never))),
    top3: rate(scored.map((o, i) => (m[i] as Run).top.some((f) => o.faults.includes(f)))),
    fixedNoSupport: rate(m.map((x) => x.run.fixed)),
    calledSupport: rate(m.map((x) => x.run.calledSupport)),
    meanMinutes: baseMinutes,
    minutesRatio: baseMinutes > 0 ? mean(scored.map((o) => o.engine.minutes)) / baseMinutes : 0,
  };
}

export function summarizeEval(outcomes: readonly CaseOutcome[]): EvalFigures {
  const e = outcomes.map((o) => o.engine);
  const fixable = outcomes.filter((o) => o.personFixable);
  const hit1 = outcomes.map((o) => o.faults.includes(o.engine.top[0] as never));
  const topPairs = outcomes.map((o, i) => ({ p: o.engine.topP, hit: hit1[i] as boolean }));
  const reliability = reliabilityTable(topPairs);
  const reliabilityAllCauses = reliabilityTable(
    outcomes.flatMap((o) =>
      Object.entries(o.engine.marginals).map(([f, p]) => ({ p: p ?? 0, hit: o.faults.includes(f as never) })),
    ),
  );
  const held = reliability.filter((b) => b.cases >= CALIBRATION_MIN_CASES);
  const gaps = held.map((b) => Math.abs(b.said - b.right));
  const decisions = e.flatMap((x) => x.decisionMs).sort((a, b) => a - b);
  const guides: Partial<Record<Baseline["id"], GuideComparison>> = {};
  for (const b of BASELINES) {
    const scoped = outcomes.filter((o) => o.baselines[b.id] !== undefined);
    if (scoped.length === 0) continue;
    const g = scoped.map((o) => o.baselines[b.id] as NonNullable<CaseOutcome["baselines"][typeof b.id]>);
    const engineMinutes = mean(scoped.map((o) => o.engine.minutes));
    const guideMinutes = mean(g.map((x) => x.minutes));
    guides[b.id] = {
      title: b.title,
      cases: scoped.length,
      engine: {
        fixedNoSupport: rate(scoped.map((o) => o.engine.fixed)),
        calledSupport: rate(scoped.map((o) => o.engine.calledSupport)),
        meanMinutes: engineMinutes,
      },
      guide: {
        fixedNoSupport: rate(g.map((x) => x.fixed)),
        calledSupport: rate(g.map((x) => x.calledSupport)),
        meanMinutes: guideMinutes,
      },
      minutesRatio: guideMinutes > 0 ? engineMinutes / guideMinutes : 0,
    };
  }
  const mostFrequent = mostFrequentFigures(outcomes);
  return {
    cases: outcomes.length,
    personFixableCases: fixable.length,
    fixedNoSupport: rate(e.map((x) => x.fixed)),
    fixedNoSupportOfFixable: rate(fixable.map((o) => o.engine.fixed)),
    calledSupport: rate(e.map((x) => x.calledSupport)),
    calledSupportNeedlessly: rate(fixable.map((o) => o.engine.calledSupport)),
    top1: rate(hit1),
    top3: rate(outcomes.map((o) => o.engine.top.some((f) => o.faults.includes(f)))),
    brier: mean(e.map((x) => x.brier)),
    meanMinutes: mean(e.map((x) => x.minutes)),
    meanSteps: mean(e.map((x) => x.steps)),
    reliability,
    reliabilityAllCauses,
    confident: confidenceRows(topPairs),
    calibrationDeciles: held.length,
    calibrationBeyondNoise: held.filter((b) => Math.abs(b.said - b.right) > b.noise).length,
    worstCalibrationGap: gaps.length ? Math.max(...gaps) * 100 : 0,
    factoryResets: e.reduce((a, x) => a + x.factoryResets, 0),
    resetsBeforeLikelyFix: e.reduce((a, x) => a + x.resetsBeforeLikelyFix, 0),
    resetsBeforeTheRightFix: e.reduce((a, x) => a + x.resetsBeforeTheRightFix, 0),
    decisionMsP50: quantile(decisions, 0.5),
    decisionMsP95: quantile(decisions, 0.95),
    guides,
    ...(mostFrequent ? { mostFrequent } : {}),
  };
}
