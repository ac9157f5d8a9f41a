/**
 * The first report weighed per form of each cause (knowledge base `causeClasses`, issue 15):
 *
 *   P(report | causes) = Σ over their forms  P(forms) · Π P(symptom | forms) · Π P(answer | forms)
 *
 * Within a form the report's pieces are taken as independent; across forms they are not, so
 * the one fact behind several pieces (a stalled motor: the bolt stops, it clicks, the light,
 * the telemetry) counts once. A cause without fitted forms has one form: its learned tables.
 * With two causes every pair of forms is a term, and the two are combined as everywhere else
 * (model.ts: the one that acts answers; two that act, by precedence).
 */
import type { CompiledModel, CompiledObservation } from "./model.ts";
import { lowBit } from "./model.ts";
import type { CompiledForm } from "./report-forms.ts";

/** Whether an answer to `o` is part of what the forms weigh (an observation the forms have rows for). */
export function weighedByForms(model: CompiledModel, o: CompiledObservation): boolean {
  return model.forms.some((forms) => forms?.some((f) => f.rows.has(o.index)) ?? false);
}

export interface ReportEvidence {
  readonly reported: ReadonlySet<number>;
  readonly complete: boolean;
  readonly answers: readonly { readonly o: CompiledObservation; readonly value: number }[];
}

/** The causes' own tables as a single form (a cause without fitted forms). */
function ownForm(model: CompiledModel, f: number): CompiledForm {
  const n = model.nSymptoms;
  return {
    weight: 1,
    said: model.symptomP.subarray(f * n, f * n + n),
    noticed: model.symptomNoticedP.subarray(f * n, f * n + n),
    rows: new Map(),
  };
}

function rowOf(o: CompiledObservation, fault: number, form: CompiledForm): Float64Array {
  const n = o.nValues;
  return form.rows.get(o.index) ?? o.raw.subarray(fault * n, fault * n + n);
}

function mix(o: CompiledObservation, raw: number): number {
  return (1 - o.slip) * raw + o.slip / o.nValues;
}

/** P(the first report | the causes in `mask`), forms summed out; each piece to its evidence weight. */
export function reportLikelihood(model: CompiledModel, mask: number, e: ReportEvidence): number {
  const a = lowBit(mask);
  const rest = mask & (mask - 1);
  const formsA = model.forms[a] ?? [ownForm(model, a)];
  if (rest === 0) {
    let total = 0;
    for (const fa of formsA) total += fa.weight * formTerm(model, a, fa, -1, null, e);
    return total;
  }
  const b = lowBit(rest);
  const formsB = model.forms[b] ?? [ownForm(model, b)];
  let total = 0;
  for (const fa of formsA)
    for (const fb of formsB) total += fa.weight * fb.weight * formTerm(model, a, fa, b, fb, e);
  return total;
}

function formTerm(
  model: CompiledModel,
  a: number,
  fa: CompiledForm,
  b: number,
  fb: CompiledForm | null,
  e: ReportEvidence,
): number {
  const n = model.nSymptoms;
  const leak = 1 - model.symptomLeak;
  let symptoms = 1;
  // With two causes: the one met first hides the other's symptoms on its channels (model.ts).
  let first = a;
  let second = b;
  let pf = e.complete ? fa.noticed : fa.said;
  let ps = fb ? (e.complete ? fb.noticed : fb.said) : null;
  if (fb && (model.rank[b] as number) < (model.rank[a] as number)) {
    first = b;
    second = a;
    [pf, ps] = [ps as Float64Array, pf];
  }
  const unmentioned = e.complete || model.softUnmentioned;
  for (let s = 0; s < n; s++) {
    let p1 = pf[s] as number;
    let p2 = ps ? (ps[s] as number) : 0;
    if (ps) {
      if (model.symptomAlone[s]) {
        if (model.actsOn[second]) p1 = 0;
        if (model.actsOn[first]) p2 = 0;
      } else if ((model.actsOn[first] as number) & (model.symptomChannels[s] as number)) p2 = 0;
    }
    const p = 1 - leak * (1 - p1) * (1 - p2);
    if (e.reported.has(s)) symptoms *= p;
    else if (unmentioned) symptoms *= 1 - p;
  }
  let like = model.symptomWeight === 1 ? symptoms : symptoms ** model.symptomWeight;
  for (const { o, value } of e.answers) {
    let p: number;
    if (!fb) p = mix(o, rowOf(o, a, fa)[value] as number);
    else p = pairAnswer(model, o, a, rowOf(o, a, fa), b, rowOf(o, b, fb), value);
    like *= o.weight === 1 ? p : p ** o.weight;
  }
  return like;
}

/** Two causes' rows combined as model.ts's answerLikelihood does. */
function pairAnswer(
  model: CompiledModel,
  o: CompiledObservation,
  a: number,
  rowA: Float64Array,
  b: number,
  rowB: Float64Array,
  value: number,
): number {
  const actsA = o.affects[a] === 1;
  const actsB = o.affects[b] === 1;
  if (!actsA || !actsB) {
    if (actsA) return mix(o, rowA[value] as number);
    if (actsB) return mix(o, rowB[value] as number);
    return o.p[model.nFaults * o.nValues + value] as number;
  }
  let [fr, sr, f] = [rowA, rowB, a];
  if ((model.rank[b] as number) < (model.rank[a] as number)) [fr, sr, f] = [rowB, rowA, b];
  const r1 = fr[value] as number;
  const combined = o.decides[f] ? r1 : (value === 0 ? 0 : r1) + (fr[0] as number) * (sr[value] as number);
  return mix(o, combined);
}
