/**
 * Exact inference over the hypotheses of a compiled model. The hidden state is the set of
 * causes present when the person asked for help; each fix applied removes the causes it
 * repairs, so every hypothesis also carries the causes still present now. Every piece of
 * evidence multiplies each hypothesis' weight by P(evidence | its causes at that moment):
 *
 * - the symptoms reported (noisy-OR per symptom; unreported ones count when the person
 *   has said everything they saw);
 * - an answer to an observation (noisy-MAX of the causes present);
 * - whether the lock works after a fix.
 *
 * The same question asked again after a fix that changed nothing for a hypothesis is not
 * new evidence for it: the answer should simply repeat (`REPEAT_SLIP` allows for noise).
 */
import type { CompiledFix, CompiledModel, CompiledObservation } from "./model.ts";
import { afterFix, answerLikelihood, symptomLikelihood } from "./model.ts";

// Local bindings of the model's functions: under tsx each imported call goes through a
// module getter, which costs a third of the look-ahead's time in the hot loops.
const likelihoodOf = answerLikelihood;
const symptomOf = symptomLikelihood;
const remainingAfter = afterFix;

/** A fix that removed every cause is still judged "not working" this often (a misjudged check). */
export const FIX_MISJUDGED = 0.02;
/** A lock with a cause left still passes the person's check this often (intermittent causes). */
export const FIX_FALSE_PASS = 0.03;
/** A repeated answer differs although nothing changed: noise, intermittent causes. */
export const REPEAT_SLIP = 0.1;
/**
 * Hypotheses lighter than this are left out of planning: together they could change an
 * expected cost by well under a second (300 candidates × 1e-6 × a few hundred minutes).
 */
export const NEGLIGIBLE = 1e-6;

export interface PastAnswer {
  readonly value: number;
  readonly remaining: Int32Array;
}

export class Belief {
  readonly model: CompiledModel;
  /** Normalised posterior weight of each hypothesis. */
  readonly weight: Float64Array;
  /** The causes of each hypothesis still present now. */
  readonly remaining: Int32Array;
  private readonly answers = new Map<number, PastAnswer>();
  /** How many fixes have been applied (answers are about the lock as it is now). */
  epoch = 0;

  constructor(model: CompiledModel) {
    this.model = model;
    this.weight = Float64Array.from(model.hypothesisPrior);
    this.remaining = Int32Array.from(model.hypotheses);
    this.normalise();
  }

  private normalise(): void {
    let sum = 0;
    for (let i = 0; i < this.weight.length; i++) sum += this.weight[i] as number;
    if (!(sum > 0))
      throw new Error("the evidence contradicts every hypothesis (a knowledge base without slips?)");
    for (let i = 0; i < this.weight.length; i++) this.weight[i] = (this.weight[i] as number) / sum;
  }

  /**
   * The symptoms a person reported; `complete` when they said everything they noticed. With
   * learned tables a symptom not mentioned is weak evidence either way: P(not mentioned).
   */
  observeSymptoms(reported: ReadonlySet<number>, complete: boolean): void {
    const m = this.model;
    const unmentioned = complete || m.softUnmentioned;
    for (let i = 0; i < this.weight.length; i++) {
      let like = 1;
      const mask = m.hypotheses[i] as number;
      for (let s = 0; s < m.nSymptoms; s++) {
        const p = symptomOf(m, mask, s, complete);
        if (reported.has(s)) like *= p;
        else if (unmentioned) like *= 1 - p;
      }
      this.weight[i] = (this.weight[i] as number) * (m.symptomWeight === 1 ? like : like ** m.symptomWeight);
    }
    this.normalise();
  }

  /** The earlier answer to `o`, if any (for the repeat rule). */
  pastAnswer(o: CompiledObservation): PastAnswer | undefined {
    return this.answers.get(o.index);
  }

  /** Likelihood of `value` for hypothesis i now, with the repeat rule. */
  answerLikelihood(
    o: CompiledObservation,
    i: number,
    value: number,
    past = this.answers.get(o.index),
  ): number {
    const now = this.remaining[i] as number;
    if (past && past.remaining[i] === now) {
      return value === past.value ? 1 - REPEAT_SLIP : REPEAT_SLIP / (o.nValues - 1);
    }
    return likelihoodOf(this.model, o, now, value);
  }

  /** Whether asking `o` now could tell anything the earlier answer did not. */
  askedAlready(o: CompiledObservation): boolean {
    const past = this.answers.get(o.index);
    if (!past) return false;
    for (let i = 0; i < this.weight.length; i++) {
      if ((this.weight[i] as number) > 1e-6 && past.remaining[i] !== this.remaining[i]) return false;
    }
    return true;
  }

  observe(o: CompiledObservation, value: number): void {
    for (let i = 0; i < this.weight.length; i++) {
      const like = this.answerLikelihood(o, i, value);
      this.weight[i] = (this.weight[i] as number) * (o.weight === 1 ? like : like ** o.weight);
    }
    this.normalise();
    this.answers.set(o.index, { value, remaining: Int32Array.from(this.remaining) });
  }

  /** Evidence given as one likelihood per hypothesis (the first report, report-mixture.ts). */
  observeAll(likelihood: Float64Array): void {
    for (let i = 0; i < this.weight.length; i++)
      this.weight[i] = (this.weight[i] as number) * (likelihood[i] as number);
    this.normalise();
  }

  /** Remembers an answer already weighed (for the repeat rule) without weighing it again. */
  noteAnswer(o: CompiledObservation, value: number): void {
    this.answers.set(o.index, { value, remaining: Int32Array.from(this.remaining) });
  }

  /** A fix was carried out: its causes are gone; then the lock worked or not. */
  applyFix(fix: CompiledFix, worked: boolean): void {
    this.epoch++;
    for (let i = 0; i < this.weight.length; i++) {
      const left = remainingAfter(fix, this.remaining[i] as number);
      this.remaining[i] = left;
      const pWorks = left === 0 ? 1 - FIX_MISJUDGED : FIX_FALSE_PASS;
      this.weight[i] = (this.weight[i] as number) * (worked ? pWorks : 1 - pWorks);
    }
    this.normalise();
  }

  /** P(cause f was present when the person asked), for every cause. */
  causeMarginals(): Float64Array {
    const m = this.model;
    const out = new Float64Array(m.nFaults);
    for (let i = 0; i < this.weight.length; i++) {
      const w = this.weight[i] as number;
      for (let mask = m.hypotheses[i] as number; mask; mask &= mask - 1) {
        const f = 31 - Math.clz32(mask & -mask);
        out[f] = (out[f] as number) + w;
      }
    }
    return out;
  }

  /** P(cause f is still present now). */
  presentMarginals(): Float64Array {
    const m = this.model;
    const out = new Float64Array(m.nFaults);
    for (let i = 0; i < this.weight.length; i++) {
      const w = this.weight[i] as number;
      for (let mask = this.remaining[i] as number; mask; mask &= mask - 1) {
        const f = 31 - Math.clz32(mask & -mask);
        out[f] = (out[f] as number) + w;
      }
    }
    return out;
  }

  /** Indices of hypotheses that still carry weight. */
  active(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.weight.length; i++) if ((this.weight[i] as number) > NEGLIGIBLE) out.push(i);
    return out;
  }
}
