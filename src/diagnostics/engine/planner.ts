/**
 * Choosing the next step by expected cost of repair (Heckerman, Breese & Rommelse 1995;
 * Breese & Heckerman 1996). Repairs are ordered by efficiency — P(the fix removes a cause
 * still present) / minutes — which is optimal for one cause and independent fixes (Kadane &
 * Simon); the expected cost of that sequence is
 *
 *   ECR = Σ_h P(h) · (minutes spent until h has no cause left).
 *
 * An observation is worth asking when its cost plus the expected ECR after its answer is
 * lower (SACSO's greedy order with a one-step look-ahead for observations, REFERENCES).
 *
 * The last-resort rule (issue 6): a factory reset (and a call to support) never comes
 * before a cheaper fix that still has a real chance of working — LIKELY_FIX or more.
 */
import type { Belief } from "./belief.ts";
import { NEGLIGIBLE } from "./belief.ts";
import type { CompiledFix, CompiledModel, CompiledObservation } from "./model.ts";

/** A cheaper fix with at least this chance of working comes before a last resort. */
export const LIKELY_FIX = 0.05;
/** Fixes with less chance than this are left out of the plan. */
const NO_CHANCE = 1e-9;

export interface RepairPlan {
  /** Fixes in the order they would be tried. */
  readonly order: readonly CompiledFix[];
  /** P(each fix removes a cause still present), same order. */
  readonly pFix: readonly number[];
  readonly ecr: number;
}

/** P(fix removes a cause still present) for every candidate fix. */
function fixChances(
  w: Float64Array,
  remaining: Int32Array,
  active: readonly number[],
  fixes: readonly CompiledFix[],
): number[] {
  return fixes.map((f) => {
    let p = 0;
    const { blockMask, repairMask } = f;
    for (const i of active) {
      const r = remaining[i] as number;
      if ((r & blockMask) === 0 && (r & repairMask) !== 0) p += w[i] as number;
    }
    return p;
  });
}

/** The greedy repair order with the last-resort rule applied. */
export function repairOrder(
  w: Float64Array,
  remaining: Int32Array,
  active: readonly number[],
  candidates: readonly CompiledFix[],
): { order: CompiledFix[]; pFix: number[] } {
  const chances = fixChances(w, remaining, active, candidates);
  const items = candidates
    .map((fix, k) => ({ fix, p: chances[k] as number }))
    .filter((x) => x.p > NO_CHANCE)
    .sort((a, b) => b.p / b.fix.minutes - a.p / a.fix.minutes || a.fix.minutes - b.fix.minutes);
  // Move each last resort behind every cheaper fix that still has a real chance.
  for (const last of items.filter((x) => x.fix.entry.lastResort)) {
    const at = items.indexOf(last);
    let after = -1;
    items.forEach((x, k) => {
      if (!x.fix.entry.lastResort && x.fix.minutes < last.fix.minutes && x.p >= LIKELY_FIX) after = k;
    });
    if (after > at) {
      items.splice(at, 1);
      items.splice(after, 0, last);
    }
  }
  return { order: items.map((x) => x.fix), pFix: items.map((x) => x.p) };
}

/** Expected minutes of repairing with this order (a hypothesis no fix cures pays for them all). */
export function expectedCost(
  w: Float64Array,
  remaining: Int32Array,
  active: readonly number[],
  order: readonly CompiledFix[],
): number {
  let ecr = 0;
  for (const i of active) {
    let left = remaining[i] as number;
    let minutes = 0;
    for (const fix of order) {
      minutes += fix.minutes;
      if ((left & fix.blockMask) === 0) left &= ~fix.repairMask; // afterFix, inlined: the hot loop
      if (left === 0) break;
    }
    ecr += (w[i] as number) * minutes;
  }
  return ecr;
}

export function planRepairs(
  w: Float64Array,
  remaining: Int32Array,
  active: readonly number[],
  candidates: readonly CompiledFix[],
): RepairPlan {
  const { order, pFix } = repairOrder(w, remaining, active, candidates);
  return { order, pFix, ecr: expectedCost(w, remaining, active, order) };
}

export interface ObservationValue {
  readonly observation: CompiledObservation;
  /** Minutes of asking plus the expected cost of repair after the answer. */
  readonly eco: number;
  /** P(each answer). */
  readonly pAnswer: readonly number[];
}

/** The one-step look-ahead value of asking `o` now. */
export function valueOfAsking(
  belief: Belief,
  o: CompiledObservation,
  active: readonly number[],
  candidates: readonly CompiledFix[],
  scratch: Float64Array,
  minutes: number = o.entry.minutes.value,
): ObservationValue | null {
  const w = belief.weight;
  const n = o.nValues;
  const past = belief.pastAnswer(o);
  const like = new Float64Array(active.length * n);
  const pAnswer = new Array<number>(n).fill(0);
  for (let k = 0; k < active.length; k++) {
    const i = active[k] as number;
    for (let v = 0; v < n; v++) {
      const l = belief.answerLikelihood(o, i, v, past);
      like[k * n + v] = l;
      pAnswer[v] = (pAnswer[v] as number) + (w[i] as number) * l;
    }
  }
  // An answer known in advance tells nothing.
  let most = 0;
  for (const p of pAnswer) most = Math.max(most, p);
  if (most > 0.995) return null;
  let eco = minutes;
  const kept: number[] = [];
  for (let v = 0; v < n; v++) {
    const pv = pAnswer[v] as number;
    if (pv < 1e-6) continue;
    kept.length = 0;
    for (let k = 0; k < active.length; k++) {
      const i = active[k] as number;
      const x = ((w[i] as number) * (like[k * n + v] as number)) / pv;
      scratch[i] = x;
      if (x > NEGLIGIBLE) kept.push(i);
    }
    eco += pv * planRepairs(scratch, belief.remaining, kept, candidates).ecr;
  }
  return { observation: o, eco, pAnswer };
}

export type Choice =
  | { readonly kind: "fix"; readonly plan: RepairPlan; readonly fix: CompiledFix; readonly pFix: number }
  | { readonly kind: "ask"; readonly plan: RepairPlan; readonly value: ObservationValue }
  | { readonly kind: "give-up"; readonly plan: RepairPlan };

/** The next step: the cheapest in expectation of "repair now" and "ask one thing first". */
export function chooseNext(
  model: CompiledModel,
  belief: Belief,
  fixCandidates: readonly CompiledFix[],
  askCandidates: readonly CompiledObservation[],
  minutesOf: (o: CompiledObservation) => number = (o) => o.entry.minutes.value,
): Choice {
  const active = belief.active();
  const plan = planRepairs(belief.weight, belief.remaining, active, fixCandidates);
  const first = plan.order[0];
  if (!first) return { kind: "give-up", plan };
  const scratch = new Float64Array(model.hypotheses.length);
  // An answer only reweighs hypotheses: a fix with no chance now has none after it either.
  const useful = plan.order;
  let best: ObservationValue | null = null;
  for (const o of askCandidates) {
    const v = valueOfAsking(belief, o, active, useful, scratch, minutesOf(o));
    if (v && (!best || v.eco < best.eco)) best = v;
  }
  // Ask only when it saves at least a few seconds in expectation.
  if (best && best.eco < plan.ecr - 0.05) return { kind: "ask", plan, value: best };
  return { kind: "fix", plan, fix: first, pFix: plan.pFix[0] as number };
}
