/**
 * The knowledge base compiled for one lock model: the causes that can exist on it, the
 * hypotheses (one cause, or two for double-fault troubleshooting) with their priors, and
 * every likelihood as flat arrays, so that inference and look-ahead are loops over numbers.
 * A hypothesis is a set of causes held as a bit mask (31 faults fit in 31 bits).
 */
import type { FaultId, FixId, SymptomId } from "../knowledge/ids.ts";
import { SYMPTOM_IDS } from "../knowledge/ids.ts";
import type { FixEntry, KnowledgeBase, Needs, ObservationEntry } from "../knowledge/types.ts";
import type { CompiledForm } from "./report-forms.ts";
import { compileForms } from "./report-forms.ts";

/** What the lock model offers; unknown model: everything is possible. */
export interface ModelCapabilities {
  readonly radio: boolean;
  readonly programmingCode: boolean;
  /** New codes must differ in their first digits (B-CODE-4); the 910 has no such rule. */
  readonly prefixRule: boolean;
}

export const ANY_MODEL: ModelCapabilities = { radio: true, programmingCode: true, prefixRule: true };

export interface CompiledObservation {
  readonly entry: ObservationEntry;
  readonly index: number;
  readonly nValues: number;
  /** P(value | only this fault) before slips, row f for fault f, row nFaults for a healthy lock. */
  readonly raw: Float64Array;
  /** The same with the observation's slip mixed in (what one fault gives). */
  readonly p: Float64Array;
  /** 1 where a fault's answer stands even when it is the healthy one (it hides the other fault's). */
  readonly decides: Uint8Array;
  /** 1 where a fault acts on this observation (entry.affectedBy, or the keys of byFault). */
  readonly affects: Uint8Array;
  readonly slip: number;
  readonly available: boolean;
  /** The power its likelihood is taken to when an answer is recorded (knowledge base's evidenceWeights). */
  readonly weight: number;
}

export interface CompiledFix {
  readonly entry: FixEntry;
  readonly index: number;
  readonly repairMask: number;
  /** Causes that, while present, stop the fix from taking. */
  readonly blockMask: number;
  readonly minutes: number;
  readonly available: boolean;
}

export interface CompiledModel {
  readonly kb: KnowledgeBase;
  readonly faults: readonly FaultId[];
  readonly nFaults: number;
  /** Bit mask of the causes that can exist on this model. */
  readonly possibleMask: number;
  readonly hypotheses: Int32Array;
  readonly hypothesisPrior: Float64Array;
  readonly nSymptoms: number;
  /** P(symptom mentioned | fault), [fault × symptom]. */
  readonly symptomP: Float64Array;
  /** P(symptom noticed | fault): for a person who says they listed everything. */
  readonly symptomNoticedP: Float64Array;
  /**
   * The tables are learned (P(mentioned) differs from P(noticed)): a symptom not mentioned is
   * weak evidence even when the list is not complete. With cited tables it is no evidence then.
   */
  readonly softUnmentioned: boolean;
  /** The weight of a symptom as evidence (knowledge base's evidenceWeights). */
  readonly symptomWeight: number;
  /** Each cause's forms in a first report (report-mixture.ts); null: one form, its own tables. */
  readonly forms: readonly (readonly CompiledForm[] | null)[];
  readonly symptomLeak: number;
  /** Bit mask of each symptom's channels. */
  readonly symptomChannels: Int32Array;
  /** 1 for a symptom said only when nothing else is wrong. */
  readonly symptomAlone: Uint8Array;
  /** Bit mask of the channels on which each fault shows something (a symptom at 0.5 or more). */
  readonly actsOn: Int32Array;
  readonly observations: readonly CompiledObservation[];
  readonly observationIndex: ReadonlyMap<string, CompiledObservation>;
  readonly fixes: readonly CompiledFix[];
  readonly fixIndex: ReadonlyMap<FixId, CompiledFix>;
  readonly maxFaults: 1 | 2;
  /** Rank of each fault in the knowledge base's precedence (0 = met first). */
  readonly rank: Int32Array;
}

export function allowed(needs: Needs | undefined, caps: ModelCapabilities): boolean {
  if (needs === "radio") return caps.radio;
  if (needs === "programming-code") return caps.programmingCode;
  if (needs === "prefix-rule") return caps.prefixRule;
  return true;
}

export function bitOf(faults: readonly FaultId[], id: FaultId): number {
  return 1 << faults.indexOf(id);
}

/** The causes in a mask, as ids. */
export function faultsIn(model: CompiledModel, mask: number): FaultId[] {
  const out: FaultId[] = [];
  for (let f = 0; f < model.nFaults; f++) if (mask & (1 << f)) out.push(model.faults[f] as FaultId);
  return out;
}

/** Compiled models by knowledge base, capabilities and fault count: read-only, so shared by sessions. */
const compiled = new WeakMap<KnowledgeBase, Map<string, CompiledModel>>();

export function compileModel(
  kb: KnowledgeBase,
  caps: ModelCapabilities = ANY_MODEL,
  maxFaults: 1 | 2 = 1,
): CompiledModel {
  const key = `${caps.radio}/${caps.programmingCode}/${caps.prefixRule}/${maxFaults}`;
  let byKey = compiled.get(kb);
  if (!byKey) compiled.set(kb, (byKey = new Map()));
  const known = byKey.get(key);
  if (known) return known;
  const model = compileModelNow(kb, caps, maxFaults);
  byKey.set(key, model);
  return model;
}

function compileModelNow(kb: KnowledgeBase, caps: ModelCapabilities, maxFaults: 1 | 2): CompiledModel {
  const faults = kb.faults.map((f) => f.id);
  const nFaults = faults.length;
  if (nFaults > 31) throw new Error("the engine holds causes in 31-bit masks");
  let possibleMask = 0;
  const prior = new Float64Array(nFaults);
  kb.faults.forEach((f, i) => {
    if (!allowed(f.needs, caps)) return;
    possibleMask |= 1 << i;
    prior[i] = f.prior.value;
  });
  const priorSum = prior.reduce((a, b) => a + b, 0);

  const exclusive = kb.exclusive.map((g) => g.reduce((m, id) => m | bitOf(faults, id), 0));
  const compatible = (mask: number): boolean => exclusive.every((g) => popcount(mask & g) <= 1);
  const masks: number[] = [];
  const priors: number[] = [];
  const pairShare = maxFaults === 2 ? kb.pairShare.value : 0;
  for (let a = 0; a < nFaults; a++) {
    if (!(possibleMask & (1 << a))) continue;
    masks.push(1 << a);
    priors.push(((1 - pairShare) * (prior[a] as number)) / priorSum);
  }
  if (maxFaults === 2) {
    const pairMasks: number[] = [];
    const pairWeights: number[] = [];
    for (let a = 0; a < nFaults; a++) {
      for (let b = a + 1; b < nFaults; b++) {
        const mask = (1 << a) | (1 << b);
        if ((mask & possibleMask) !== mask || !compatible(mask)) continue;
        pairMasks.push(mask);
        pairWeights.push((prior[a] as number) * (prior[b] as number));
      }
    }
    const sum = pairWeights.reduce((x, y) => x + y, 0);
    pairMasks.forEach((mask, i) => {
      masks.push(mask);
      priors.push((pairShare * (pairWeights[i] as number)) / sum);
    });
  }

  const nSymptoms = SYMPTOM_IDS.length;
  const symptomP = new Float64Array(nFaults * nSymptoms);
  const symptomNoticedP = new Float64Array(nFaults * nSymptoms);
  faults.forEach((f, fi) => {
    const row = kb.symptomLikelihoods[f];
    const noticed = (kb.symptomNoticed ?? kb.symptomLikelihoods)[f];
    SYMPTOM_IDS.forEach((s, si) => {
      symptomP[fi * nSymptoms + si] = row[s as SymptomId]?.value ?? 0;
      symptomNoticedP[fi * nSymptoms + si] = noticed[s as SymptomId]?.value ?? 0;
    });
  });

  const channelBit = new Map<string, number>();
  const bitFor = (c: string): number => {
    if (!channelBit.has(c)) channelBit.set(c, 1 << channelBit.size);
    return channelBit.get(c) as number;
  };
  const symptomChannels = new Int32Array(nSymptoms);
  const symptomAlone = new Uint8Array(nSymptoms);
  SYMPTOM_IDS.forEach((id, si) => {
    const entry = kb.symptoms.find((x) => x.id === id);
    symptomChannels[si] = (entry?.channels ?? []).reduce((m, c) => m | bitFor(c), 0);
    symptomAlone[si] = entry?.onlyAlone ? 1 : 0;
  });
  const actsOn = new Int32Array(nFaults);
  for (let f = 0; f < nFaults; f++) {
    for (let si = 0; si < nSymptoms; si++) {
      if (!symptomAlone[si] && (symptomNoticedP[f * nSymptoms + si] as number) >= 0.5)
        actsOn[f] = (actsOn[f] as number) | (symptomChannels[si] as number);
    }
  }

  const observations = kb.observations.map((entry, index) =>
    compileObservation(entry, index, faults, caps, evidenceWeight(kb, entry.kind)),
  );
  const fixes = kb.fixes.map((entry, index): CompiledFix => ({
    entry,
    index,
    repairMask: entry.repairs.reduce((m, id) => m | bitOf(faults, id), 0),
    blockMask: (entry.blockedBy ?? []).reduce((m, id) => m | bitOf(faults, id), 0),
    minutes: entry.minutes.value,
    available: allowed(entry.needs, caps),
  }));
  return {
    kb,
    faults,
    nFaults,
    possibleMask,
    hypotheses: Int32Array.from(masks),
    hypothesisPrior: Float64Array.from(priors),
    nSymptoms,
    symptomP,
    symptomNoticedP,
    softUnmentioned: kb.symptomNoticed !== undefined,
    symptomWeight: evidenceWeight(kb, "symptom"),
    forms: compileForms(kb, faults, observations),
    symptomLeak: kb.symptomLeak.value,
    symptomChannels,
    symptomAlone,
    actsOn,
    observations,
    observationIndex: new Map(observations.map((o) => [o.entry.id, o])),
    fixes,
    fixIndex: new Map(fixes.map((x) => [x.entry.id, x])),
    maxFaults,
    rank: Int32Array.from(
      faults.map((f) => {
        const r = kb.precedence.indexOf(f);
        return r < 0 ? kb.precedence.length : r;
      }),
    ),
  };
}

/** The weight of one piece of evidence of this kind (1 for questions and tests). */
export function evidenceWeight(kb: KnowledgeBase, kind: ObservationEntry["kind"] | "symptom"): number {
  const w = kb.evidenceWeights;
  if (!w) return 1;
  return kind === "symptom"
    ? w.symptom
    : kind === "intake"
      ? w.intake
      : kind === "telemetry"
        ? w.telemetry
        : 1;
}

function compileObservation(
  entry: ObservationEntry,
  index: number,
  faults: readonly FaultId[],
  caps: ModelCapabilities,
  weight: number,
): CompiledObservation {
  const nValues = entry.values.length;
  const rows = faults.length + 1;
  const raw = new Float64Array(rows * nValues);
  const p = new Float64Array(rows * nValues);
  const decides = new Uint8Array(rows);
  const affects = new Uint8Array(rows);
  const actors = new Set<string>(entry.affectedBy ?? Object.keys(entry.byFault));
  for (let r = 0; r < rows; r++) {
    const like = r < faults.length ? entry.byFault[faults[r] as FaultId] : entry.healthy;
    if (like?.decides) decides[r] = 1;
    if (r < faults.length && actors.has(faults[r] as string)) affects[r] = 1;
    for (let v = 0; v < nValues; v++) {
      const base = like ? (like.p[entry.values[v] as string] ?? 0) : v === 0 ? 1 : 0;
      raw[r * nValues + v] = base;
      p[r * nValues + v] = (1 - entry.slip) * base + entry.slip / nValues;
    }
  }
  return {
    entry,
    index,
    nValues,
    raw,
    p,
    decides,
    affects,
    slip: entry.slip,
    available: allowed(entry.needs, caps),
    weight,
  };
}

export function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v; v &= v - 1) n++;
  return n;
}

/** Index of the lowest set bit. */
export function lowBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/**
 * P(answer = value | the causes in `mask` are present): the healthy row for none, the
 * cause's row for one. For two, the cause the lock meets first (the knowledge base's
 * precedence) answers; when it shows nothing unusual its healthy answer passes the other
 * cause's through — unless it `decides` (no codes: the keypad shows nothing whatever else
 * is wrong). Slips are mixed in last.
 */
export function answerLikelihood(
  model: CompiledModel,
  o: CompiledObservation,
  mask: number,
  value: number,
): number {
  const n = o.nValues;
  if (mask === 0) return o.p[model.nFaults * n + value] as number;
  let a = lowBit(mask);
  const rest = mask & (mask - 1);
  if (rest === 0) return o.p[a * n + value] as number;
  let b = lowBit(rest);
  // Only a fault that acts on the observation answers it: with one such fault, its answer;
  // with none, a healthy lock's (the household's own oddities are in that row).
  const actsA = o.affects[a] === 1;
  const actsB = o.affects[b] === 1;
  if (!actsA || !actsB) {
    const row = actsA ? a : actsB ? b : model.nFaults;
    return o.p[row * n + value] as number;
  }
  if ((model.rank[b] as number) < (model.rank[a] as number)) [a, b] = [b, a];
  const ra = o.raw[a * n + value] as number;
  let combined: number;
  if (o.decides[a]) combined = ra;
  else {
    const pass = o.raw[a * n] as number;
    combined = (value === 0 ? 0 : ra) + pass * (o.raw[b * n + value] as number);
  }
  return (1 - o.slip) * combined + o.slip / n;
}

/** The causes left after `fix` is carried out on a lock with the causes in `mask`. */
export function afterFix(fix: CompiledFix, mask: number): number {
  return mask & fix.blockMask ? mask : mask & ~fix.repairMask;
}

/**
 * P(symptom reported | causes in mask): noisy-OR with the leak. With two causes, the one
 * met later shows a symptom only if the one met first shows nothing on its channels; a
 * symptom said only when nothing else is wrong needs the other cause to be quiet.
 */
export function symptomLikelihood(
  model: CompiledModel,
  mask: number,
  symptom: number,
  complete = false,
): number {
  const n = model.nSymptoms;
  const table = complete ? model.symptomNoticedP : model.symptomP;
  if (mask === 0) return model.symptomLeak;
  let a = lowBit(mask);
  const rest = mask & (mask - 1);
  if (rest === 0) return 1 - (1 - model.symptomLeak) * (1 - (table[a * n + symptom] as number));
  let b = lowBit(rest);
  if ((model.rank[b] as number) < (model.rank[a] as number)) [a, b] = [b, a];
  let pa = table[a * n + symptom] as number;
  let pb = table[b * n + symptom] as number;
  if (model.symptomAlone[symptom]) {
    if (model.actsOn[b]) pa = 0;
    if (model.actsOn[a]) pb = 0;
  } else if ((model.actsOn[a] as number) & (model.symptomChannels[symptom] as number)) {
    pb = 0;
  }
  return 1 - (1 - model.symptomLeak) * (1 - pa) * (1 - pb);
}
