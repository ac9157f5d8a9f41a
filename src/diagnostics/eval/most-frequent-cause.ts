/**
 * The most-frequent-cause baseline (issue 15, "honest baselines"): no model and no
 * questions. For the person's main complaint it ranks the causes by how often each was
 * behind that complaint in the development cases of the same mix and kind (single or
 * double), and fixes them in that order — each cause's own fix (the twin's REPAIR_FOR),
 * once, with support last. Its top-1 and top-3 sit beside the engine's; its minutes are
 * measured on a fresh copy of the same lock, by the same person, with the same minutes per
 * fix as the engine's.
 *
 * It is counted from the development set only, like every other fitted number; on the
 * development set itself it is scored in-sample (the figures say which set they are on).
 * A complaint never seen in the development cases falls back on the overall counts.
 */
import { REPAIR_FOR } from "../../twin/fault-repairs.ts";
import type { FaultId, FixId } from "../../twin/fault-ids.ts";
import { FAULT_IDS } from "../../twin/fault-ids.ts";
import { SeededRandom } from "../../twin/seeded-random.ts";
import { buildWorld } from "../world/build-world.ts";
import { DEV } from "../world/case-sets.ts";
import type { CaseKind, CaseSet } from "../world/generate-cases.ts";
import { drawCase } from "../world/generate-cases.ts";
import type { MixId } from "../world/mixes.ts";
import { reportFromLock } from "../world/person.ts";
import type { Baseline } from "./baselines.ts";

/** Development cases counted for the baseline (single; doubles count half as many). */
export const FREQUENCY_CASES = 1_000;

export interface CauseFrequencies {
  /** Where the counts come from, in words. */
  readonly source: string;
  /** Causes behind each main complaint: complaint → fault → cases. */
  readonly byComplaint: ReadonlyMap<string, ReadonlyMap<FaultId, number>>;
  /** Every case's causes, whatever the complaint. */
  readonly overall: ReadonlyMap<FaultId, number>;
}

function bump(m: Map<FaultId, number>, f: FaultId): void {
  m.set(f, (m.get(f) ?? 0) + 1);
}

/** Counts the causes behind each main complaint over cases 0…n−1 of `set`. */
export function countCauses(set: CaseSet, mix: MixId, kind: CaseKind, n: number): CauseFrequencies {
  const byComplaint = new Map<string, Map<FaultId, number>>();
  const overall = new Map<FaultId, number>();
  for (let i = 0; i < n; i++) {
    const { spec } = drawCase(set, mix, kind, i);
    const w = buildWorld(spec);
    if (typeof w === "string") continue;
    // The same report the evaluation takes from this person (run-eval.ts).
    const r = reportFromLock(w, new SeededRandom((spec.seed ^ 0x2545f491) >>> 0));
    const complaint = r.symptoms[0];
    if (complaint === undefined) continue;
    const row = byComplaint.get(complaint) ?? new Map<FaultId, number>();
    byComplaint.set(complaint, row);
    for (const f of spec.faults) {
      bump(row, f.id);
      bump(overall, f.id);
    }
  }
  return {
    source: `${set.name} set (seed ${set.seed}), ${mix} mix, ${kind} cases 0–${n - 1}`,
    byComplaint,
    overall,
  };
}

const cache = new Map<string, CauseFrequencies>();

/** The development set's counts for a mix and kind (counted once per process). */
export function devFrequencies(mix: MixId, kind: CaseKind, n = FREQUENCY_CASES): CauseFrequencies {
  const cases = kind === "double" ? Math.ceil(n / 2) : n;
  const key = `${mix}/${kind}/${cases}`;
  let f = cache.get(key);
  if (!f) {
    f = countCauses(DEV, mix, kind, cases);
    cache.set(key, f);
  }
  return f;
}

/** Every cause, most frequent for this complaint first, then by overall count, then FAULTS.md order. */
export function rankedCauses(freq: CauseFrequencies, complaint: string | undefined): FaultId[] {
  const row = (complaint === undefined ? undefined : freq.byComplaint.get(complaint)) ?? new Map();
  const order = (f: FaultId): number => FAULT_IDS.indexOf(f);
  return [...FAULT_IDS].sort(
    (a, b) =>
      (row.get(b) ?? 0) - (row.get(a) ?? 0) ||
      (freq.overall.get(b) ?? 0) - (freq.overall.get(a) ?? 0) ||
      order(a) - order(b),
  );
}

/** The fixes of the ranked causes, each once, in order; support last. */
export function mostFrequentSequence(freq: CauseFrequencies, complaint: string | undefined): Baseline {
  const steps: FixId[] = [];
  for (const f of rankedCauses(freq, complaint)) {
    const fix = REPAIR_FOR[f].fix;
    if (fix !== "contact-support" && !steps.includes(fix)) steps.push(fix);
  }
  steps.push("contact-support");
  return {
    id: "most-frequent",
    title: "most frequent cause first (development counts)",
    scope: [],
    steps,
  };
}
