/**
 * Rankings in words a person understands: which evidence points at the likeliest cause
 * ("battery voltage fell to 3.3 V under the motor: the likely cause is weak cells (91 %)"),
 * why a fix comes now, why a question is worth asking, and what a factory reset erases.
 * Evidence is ranked by its likelihood ratio for the cause against the other causes.
 */
import type { LockTelemetry } from "../../twin/telemetry.ts";
import type { FaultId, FixId } from "../knowledge/ids.ts";
import type { FixEntry, KnowledgeBase } from "../knowledge/types.ts";
import { telemetryWords } from "../knowledge/telemetry-findings.ts";
import type { Belief } from "./belief.ts";
import type { CompiledFix, CompiledModel } from "./model.ts";

/** One piece of evidence as the session recorded it. */
export interface EvidenceRecord {
  readonly kind: "symptom" | "answer" | "fix";
  readonly id: string;
  readonly value: string;
  /** P(this evidence | hypothesis i), computed when it was given. */
  readonly likelihood: Float64Array;
}

export function percent(p: number): string {
  if (p >= 0.995) return "over 99 %";
  if (p < 0.01) return "under 1 %";
  return `${Math.round(p * 100)} %`;
}

/** "about 5 min", "about 15 s". */
export function duration(minutes: number): string {
  return minutes < 1 ? `${Math.round(minutes * 60)} s` : `${Math.round(minutes * 10) / 10} min`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** What one piece of evidence says, in words. */
export function evidenceWords(
  model: CompiledModel,
  e: EvidenceRecord,
  telemetry: LockTelemetry | undefined,
): string {
  if (e.kind === "symptom") {
    const says = model.kb.symptoms.find((s) => s.id === e.id)?.says ?? e.id;
    return `you said "${says}"`;
  }
  if (e.kind === "fix") {
    const fix = model.fixIndex.get(e.id as never);
    return `${fix ? fix.entry.id.replace(/-/g, " ") : e.id} did not help`;
  }
  const o = model.observationIndex.get(e.id);
  if (!o) return `${e.id}: ${e.value}`;
  if (o.entry.kind === "telemetry") {
    const words = telemetryWords(e.id, e.value, telemetry);
    if (words) return words;
    return `the lock reports ${o.entry.words[e.value] ?? e.value}`;
  }
  return o.entry.words[e.value] ?? e.value;
}

/** Evidence for cause f, strongest first: likelihood ratio against the other hypotheses. */
export function strongestEvidence(
  belief: Belief,
  f: number,
  evidence: readonly EvidenceRecord[],
): { record: EvidenceRecord; ratio: number }[] {
  const m = belief.model;
  const bit = 1 << f;
  const out: { record: EvidenceRecord; ratio: number }[] = [];
  for (const e of evidence) {
    let inW = 0;
    let inL = 0;
    let outW = 0;
    let outL = 0;
    for (let i = 0; i < belief.weight.length; i++) {
      const w = belief.weight[i] as number;
      if (w < 1e-12) continue;
      const l = e.likelihood[i] as number;
      if ((m.hypotheses[i] as number) & bit) {
        inW += w;
        inL += w * l;
      } else {
        outW += w;
        outL += w * l;
      }
    }
    if (inW <= 0) continue;
    const ratio = outW <= 0 ? Infinity : inL / inW / Math.max(outL / outW, 1e-12);
    if (ratio > 2) out.push({ record: e, ratio });
  }
  return out.sort((a, b) => b.ratio - a.ratio);
}

/** "Battery voltage fell to 3.3 V under the motor: the likely cause is weak cells (91 %)." */
export function causeSentence(
  belief: Belief,
  f: number,
  p: number,
  evidence: readonly EvidenceRecord[],
  telemetry: LockTelemetry | undefined,
  runnerUp?: { f: number; p: number },
): string {
  const m = belief.model;
  const cause = m.kb.faults[f]?.cause ?? String(m.faults[f]);
  const strongest = strongestEvidence(belief, f, evidence).slice(0, 2);
  const because = strongest.map((s) => evidenceWords(m, s.record, telemetry)).join(", and ");
  const verdict =
    p >= 0.5 || !runnerUp
      ? `the likely cause is ${cause} (${percent(p)})`
      : `the likeliest cause is ${cause} (${percent(p)}), ahead of ${m.kb.faults[runnerUp.f]?.cause ?? ""} (${percent(runnerUp.p)})`;
  return because ? `${capitalise(because)}: ${verdict}.` : `${capitalise(verdict)}.`;
}

/** The cause a fix is mainly aimed at: the likeliest present cause it removes. */
export function mainTarget(model: CompiledModel, present: Float64Array, fix: CompiledFix): number {
  let best = -1;
  for (let f = 0; f < model.nFaults; f++) {
    if (!(fix.repairMask & (1 << f))) continue;
    if (best < 0 || (present[f] as number) > (present[best] as number)) best = f;
  }
  return best;
}

export function factoryResetWarning(fix: CompiledFix): string | undefined {
  return eraseWarning(fix.entry);
}

/**
 * What a fix erases, said before it is done (factory reset), or undefined when it erases
 * nothing: the troubleshooter's step warning, and what the web API's `/fixes` asks the
 * person to confirm, in the same words.
 */
export function eraseWarning(fix: Pick<FixEntry, "erases">): string | undefined {
  const erases = fix.erases;
  if (!erases || erases.length === 0) return undefined;
  const list = erases.length > 1 ? `${erases.slice(0, -1).join(", ")} and ${erases.at(-1)}` : erases[0];
  return `A factory reset erases ${list}. Write your codes down first: you will set a master code, program every code again, run the door handing and re-pair the hub or app.`;
}

export function faultName(model: CompiledModel, f: number): FaultId {
  return model.faults[f] as FaultId;
}

/** The warning of a fix by id in a knowledge base (undefined: it erases nothing, or is not there). */
export function fixEraseWarning(kb: KnowledgeBase, fix: FixId): string | undefined {
  const entry = kb.fixes.find((f) => f.id === fix);
  return entry ? eraseWarning(entry) : undefined;
}
