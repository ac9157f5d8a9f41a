/**
 * Fitting the engine's few free numbers on the development set (issue 15, item 3), after
 * the tables are counted (fit-tables.ts): how flat the prior over causes is (the cited
 * weights to a power), the prior share of two causes at once, and how much one piece of
 * the first report counts (its symptoms, what the person saw, the telemetry: they come from
 * one try of one lock, so they are not independent, and counting them as if they were makes
 * the engine sure too soon).
 *
 * The score is the log loss of the ranking right after the report — every cause's
 * probability against whether it was there — averaged over the three mixes (uniform,
 * seed 000's, the knowledge base's own), with and without telemetry: a proper score, so
 * what minimises it is calibrated, and no one mix (nor the held-out set, never read here)
 * decides alone. Cases are development cases disjoint from those the tables were counted on.
 */
import type { FaultId } from "../../twin/fault-ids.ts";
import { SeededRandom } from "../../twin/seeded-random.ts";
import { createSession } from "../engine/session.ts";
import type { TroubleReport } from "../engine/session.ts";
import type { KnowledgeBase } from "../knowledge/types.ts";
import type { Hyperparameters } from "../knowledge/learned-tables.ts";
import { withHyperparameters } from "../knowledge/learned-tables.ts";
import { buildWorld } from "../world/build-world.ts";
import { DEV } from "../world/case-sets.ts";
import type { CaseKind } from "../world/generate-cases.ts";
import { drawCase } from "../world/generate-cases.ts";
import type { MixId } from "../world/mixes.ts";
import { MIX_IDS } from "../world/mixes.ts";
import { reportFromLock } from "../world/person.ts";
import { troubleReportOf } from "./troubleshoot-lock.ts";

export interface Sample {
  readonly mix: MixId;
  readonly faults: readonly FaultId[];
  readonly withTelemetry: TroubleReport;
  readonly without: TroubleReport;
}

/** First reports of development cases `from`… of each mix: `single` and `double` of each. */
export function collectSamples(from: number, single: number, double: number): Sample[] {
  const out: Sample[] = [];
  for (const mix of MIX_IDS) {
    for (const [kind, n] of [
      ["single", single],
      ["double", double],
    ] as [CaseKind, number][]) {
      for (let i = from; i < from + n; i++) {
        const { spec } = drawCase(DEV, mix, kind, i);
        const w = buildWorld(spec);
        if (typeof w === "string") continue;
        const r = reportFromLock(w, new SeededRandom((spec.seed ^ 0x2545f491) >>> 0));
        out.push({
          mix,
          faults: spec.faults.map((f) => f.id),
          withTelemetry: troubleReportOf(r, true),
          without: troubleReportOf(r, false),
        });
      }
    }
  }
  return out;
}

const CLIP = 1e-6;

/** Mean log loss of the first ranking (every cause), averaged over mixes and both telemetry settings. */
export function scoreFirstRankings(
  kb: KnowledgeBase,
  samples: readonly Sample[],
): { logLoss: number; top1: number } {
  const byMix = new Map<MixId, { loss: number; n: number; top1: number }>();
  for (const s of samples) {
    for (const report of [s.withTelemetry, s.without]) {
      const causes = createSession(kb, report, { maxFaults: 2 }).causes();
      let loss = 0;
      const seen = new Set<string>();
      for (const c of causes) {
        const p = Math.min(1 - CLIP, Math.max(CLIP, c.probability));
        const y = s.faults.includes(c.fault);
        loss -= y ? Math.log(p) : Math.log(1 - p);
        seen.add(c.fault);
      }
      for (const f of s.faults) if (!seen.has(f)) loss -= Math.log(CLIP);
      const m = byMix.get(s.mix) ?? { loss: 0, n: 0, top1: 0 };
      m.loss += loss;
      m.n++;
      if (causes[0] && s.faults.includes(causes[0].fault)) m.top1++;
      byMix.set(s.mix, m);
    }
  }
  const mixes = [...byMix.values()];
  return {
    logLoss: mixes.reduce((a, m) => a + m.loss / m.n, 0) / mixes.length,
    top1: mixes.reduce((a, m) => a + m.top1 / m.n, 0) / mixes.length,
  };
}

const GRID: Readonly<Record<keyof Hyperparameters, readonly number[]>> = {
  priorExponent: [0, 0.25, 0.5, 0.75, 1],
  pairShare: [0.1, 0.2, 0.3, 0.4],
  symptom: [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1],
  intake: [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1],
  telemetry: [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1],
};

/** Coordinate descent over the grid, from the cited values (1, the cited pair share, 1, 1, 1). */
export function fitHyperparameters(
  kb: KnowledgeBase,
  samples: readonly Sample[],
  onStep?: (h: Hyperparameters, score: number) => void,
): { best: Hyperparameters; logLoss: number; top1: number } {
  let best: Hyperparameters = {
    priorExponent: 1,
    pairShare: kb.pairShare.value,
    symptom: 1,
    intake: 1,
    telemetry: 1,
  };
  let bestScore = scoreFirstRankings(withHyperparameters(kb, best, "fit"), samples);
  for (let round = 0; round < 2; round++) {
    for (const key of Object.keys(GRID) as (keyof Hyperparameters)[]) {
      for (const value of GRID[key]) {
        if (value === best[key]) continue;
        const h = { ...best, [key]: value };
        const s = scoreFirstRankings(withHyperparameters(kb, h, "fit"), samples);
        onStep?.(h, s.logLoss);
        if (s.logLoss < bestScore.logLoss - 1e-9) {
          best = h;
          bestScore = s;
        }
      }
    }
  }
  return { best, ...bestScore };
}
