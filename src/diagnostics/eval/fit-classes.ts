/**
 * The forms a cause takes (issue 15, item 3: "model severities"): for each cause, a few
 * classes of first report — a mildly misaligned strike that only stiffens the key, a badly
 * misaligned one that stalls the motor; a broken digit key against a broken Lock key —
 * fitted by expectation-maximisation on the development cases' reports. Within a class the
 * report's pieces are independent; across classes they are not, which is the point: the
 * engine no longer counts one fact (the motor stalled) five times over (the bolt, the
 * sound, the light, the telemetry, the complaint).
 *
 * Each class's tables are smoothed towards the cause's learned table (SMOOTHING pseudo-cases),
 * classes start from the severity (then the form) of the injected fault, and EM runs a fixed
 * number of rounds: the same development cases give the same classes.
 */
import type { FaultId } from "../../twin/fault-ids.ts";
import { SYMPTOM_IDS } from "../knowledge/ids.ts";
import type { SymptomId } from "../knowledge/ids.ts";
import type { CauseClass, CauseClasses, KnowledgeBase } from "../knowledge/types.ts";
import type { ReportRecord } from "./fit-tables.ts";

export const CLASSES_PER_CAUSE = 3;
const SMOOTHING = 3;
const ROUNDS = 30;
/** A cause seen fewer times than this per class keeps fewer classes. */
const MIN_CASES_PER_CLASS = 15;

interface Feature {
  readonly id: string;
  readonly values: readonly string[];
}

function features(kb: KnowledgeBase): Feature[] {
  return kb.observations
    .filter((o) => o.kind === "intake" || o.kind === "telemetry" || o.id === "after-battery-change")
    .map((o) => ({ id: o.id, values: o.values }));
}

/** The cause's own (class-free) learned distribution of a feature, as the smoothing target. */
function causeRow(kb: KnowledgeBase, fault: FaultId, f: Feature): Record<string, number> {
  const o = kb.observations.find((x) => x.id === f.id);
  const like = o?.byFault[fault];
  const out: Record<string, number> = {};
  for (const [i, v] of f.values.entries()) out[v] = like ? (like.p[v] ?? 0) : i === 0 ? 1 : 0;
  return out;
}

function causeSymptom(kb: KnowledgeBase, fault: FaultId, s: string, noticed: boolean): number {
  const table = noticed ? (kb.symptomNoticed ?? kb.symptomLikelihoods) : kb.symptomLikelihoods;
  return table[fault][s as SymptomId]?.value ?? 0;
}

/** Fits the classes of every cause from the development reports, with `kb` as the smoothing target. */
export function fitClasses(
  kb: KnowledgeBase,
  records: readonly ReportRecord[],
  source: string,
): CauseClasses {
  const feats = features(kb);
  const byFault: Partial<Record<FaultId, CauseClass[]>> = {};
  const faults = [...new Set(records.map((r) => r.fault))];
  for (const fault of faults) {
    const rs = records.filter((r) => r.fault === fault);
    const k = Math.max(1, Math.min(CLASSES_PER_CAUSE, Math.floor(rs.length / MIN_CASES_PER_CLASS)));
    byFault[fault] = emForCause(kb, fault, rs, k, feats);
  }
  return { source, byFault };
}

function emForCause(
  kb: KnowledgeBase,
  fault: FaultId,
  rs: readonly ReportRecord[],
  k: number,
  feats: readonly Feature[],
): CauseClass[] {
  // Start: the cases sorted by severity, then form, cut into k runs.
  const order = rs
    .map((r, i) => ({ i, key: r.severity * 1000 + (r.variant % 1000) / 1000 }))
    .sort((a, b) => a.key - b.key);
  let resp: number[][] = rs.map(() => new Array<number>(k).fill(0));
  order.forEach(({ i }, rank) => {
    (resp[i] as number[])[Math.min(k - 1, Math.floor((rank * k) / rs.length))] = 1;
  });
  let classes: CauseClass[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    classes = mStep(kb, fault, rs, resp, k, feats);
    if (round === ROUNDS) break;
    resp = rs.map((r) => {
      const logs = classes.map((c) => Math.log(c.weight) + logLikelihood(c, r));
      const top = Math.max(...logs);
      const w = logs.map((l) => Math.exp(l - top));
      const sum = w.reduce((a, b) => a + b, 0);
      return w.map((x) => x / sum);
    });
  }
  return classes;
}

function mStep(
  kb: KnowledgeBase,
  fault: FaultId,
  rs: readonly ReportRecord[],
  resp: readonly (readonly number[])[],
  k: number,
  feats: readonly Feature[],
): CauseClass[] {
  const out: CauseClass[] = [];
  for (let c = 0; c < k; c++) {
    const nc = rs.reduce((a, _, i) => a + ((resp[i] as readonly number[])[c] ?? 0), 0);
    const said: Record<string, number> = {};
    const noticed: Record<string, number> = {};
    for (const s of SYMPTOM_IDS) {
      let a = 0;
      let b = 0;
      rs.forEach((r, i) => {
        const w = (resp[i] as readonly number[])[c] ?? 0;
        if (r.said.includes(s)) a += w;
        if (r.noticed.includes(s)) b += w;
      });
      said[s] = (a + SMOOTHING * causeSymptom(kb, fault, s, false)) / (nc + SMOOTHING);
      noticed[s] = (b + SMOOTHING * causeSymptom(kb, fault, s, true)) / (nc + SMOOTHING);
    }
    const answers: Record<string, Record<string, number>> = {};
    for (const f of feats) {
      const prior = causeRow(kb, fault, f);
      const tally: Record<string, number> = {};
      let n = 0;
      rs.forEach((r, i) => {
        const v = r.items[f.id];
        if (v === undefined || !f.values.includes(v)) return;
        const w = (resp[i] as readonly number[])[c] ?? 0;
        tally[v] = (tally[v] ?? 0) + w;
        n += w;
      });
      const row: Record<string, number> = {};
      for (const v of f.values) row[v] = ((tally[v] ?? 0) + SMOOTHING * (prior[v] ?? 0)) / (n + SMOOTHING);
      answers[f.id] = row;
    }
    out.push({ weight: (nc + 1) / (rs.length + k), said, noticed, answers });
  }
  return out;
}

const FLOOR = 1e-4;

function logLikelihood(c: CauseClass, r: ReportRecord): number {
  let l = 0;
  for (const s of SYMPTOM_IDS) {
    const p = Math.min(1 - FLOOR, Math.max(FLOOR, c.said[s as SymptomId] ?? 0));
    l += Math.log(r.said.includes(s) ? p : 1 - p);
  }
  for (const [id, v] of Object.entries(r.items)) {
    const row = c.answers[id];
    if (!row) continue;
    l += Math.log(Math.max(FLOOR, row[v] ?? 0));
  }
  return l;
}
