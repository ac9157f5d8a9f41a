/**
 * The troubleshooter's programmatic API (what `latchkey doctor` and, later, the hub call):
 *
 *   const session = createSession(DEFAULT_KNOWLEDGE_BASE, { symptom: "wont-lock-unlocks-fine",
 *     profile: "smartcode-914", telemetry, history });
 *   for (let step = session.next(); step.kind !== "done"; step = session.next()) {
 *     if (step.kind === "ask") session.answer(step.observation, answerFromPerson);
 *     else session.applied(step.fix, lockWorksNow);        // or "not-possible"
 *   }
 *
 * `causes()` ranks the causes with their probabilities at any time; every step carries a
 * `why` in words. A factory reset is never proposed while a cheaper fix with a real chance
 * is untried, and always comes with what it erases.
 */
import type { HistoryEntry } from "../../core/history.ts";
import type { LockTelemetry } from "../../twin/telemetry.ts";
import type { FaultId, FixId, SymptomId } from "../knowledge/ids.ts";
import { DONT_KNOW, NO_APP, SYMPTOM_IDS, isNoEvidence } from "../knowledge/ids.ts";
import { supportInstructions } from "../knowledge/support.ts";
import { telemetryFindings } from "../knowledge/telemetry-findings.ts";
import type { KnowledgeBase } from "../knowledge/types.ts";
import { getProfile } from "../../core/profiles/index.ts";
import { Belief, FIX_FALSE_PASS, FIX_MISJUDGED } from "./belief.ts";
import { capabilitiesOfModel } from "./capabilities.ts";
import type { EvidenceRecord } from "./explain.ts";
import { causeSentence, duration, factoryResetWarning, mainTarget, percent } from "./explain.ts";
import type { CompiledFix, CompiledModel, CompiledObservation } from "./model.ts";
import { afterFix, compileModel, symptomLikelihood } from "./model.ts";
import { chooseNext } from "./planner.ts";
import { reportLikelihood, weighedByForms } from "./report-mixture.ts";

/** What the person (or the hub) knows when troubleshooting starts. */
export interface TroubleReport {
  /** The main complaint (FAULTS.md symptom id). */
  readonly symptom: SymptomId;
  readonly alsoSymptoms?: readonly SymptomId[];
  /** True when the person listed everything they noticed, so an unlisted symptom is absent. */
  readonly symptomsComplete?: boolean;
  /** The lock model (a profile id); unknown models allow every cause. */
  readonly profile?: string;
  /** How many codes the household has programmed (B-CARE-5). */
  readonly codeCount?: number;
  /** Observations already answered (the intake: what they saw; any others). */
  readonly answers?: Readonly<Record<string, string>>;
  /** What the lock reports about itself, and its history (B-NET-2). */
  readonly telemetry?: LockTelemetry;
  readonly history?: readonly HistoryEntry[];
}

export interface SessionOptions {
  /** Consider two causes at once (for `--faults double`); default one. */
  readonly maxFaults?: 1 | 2;
  /** Steps before the session gives up; default 40. */
  readonly maxSteps?: number;
}

export interface PlannedFix {
  readonly fix: FixId;
  readonly chance: number;
  readonly minutes: number;
}

export interface AnswerChoice {
  readonly value: string;
  readonly words: string;
}

export type Step =
  | {
      readonly kind: "ask";
      readonly observation: string;
      readonly question: string;
      readonly answers: readonly AnswerChoice[];
      readonly minutes: number;
      readonly why: string;
    }
  | {
      readonly kind: "fix";
      readonly fix: FixId;
      readonly instructions: string;
      readonly minutes: number;
      /** P(this fix removes a cause still present). */
      readonly chance: number;
      readonly why: string;
      /** What the fix erases (factory reset), said before it is done. */
      readonly warning?: string;
      /** The repair order this fix heads: each fix with its chance and minutes. */
      readonly plan: readonly PlannedFix[];
    }
  | { readonly kind: "done"; readonly outcome: "fixed" | "gave-up"; readonly why: string };

export interface RankedCause {
  readonly fault: FaultId;
  readonly cause: string;
  /** P(it was a cause when troubleshooting started). */
  readonly probability: number;
  /** P(it is still present now). */
  readonly stillPresent: number;
}

export interface TakenStep {
  readonly kind: "answer" | "fix";
  readonly id: string;
  /** The question or the fix's instructions. */
  readonly text: string;
  /** The answer in words, or what became of the fix. */
  readonly outcome: string;
}

export interface TroubleshootingSession {
  /** The next step; the same step again until it is answered or applied. */
  next(): Step;
  answer(observation: string, value: string): void;
  /** A fix was carried out: the lock works now (true), still not (false), or it could not be done. */
  applied(fix: FixId, result: boolean | "not-possible"): void;
  /**
   * Causes likeliest first: by P(a cause when troubleshooting started), or with
   * `{ by: "now" }` by P(still present now) — what the bars show after fixes (issue 15).
   */
  causes(limit?: number, options?: { readonly by?: "start" | "now" }): RankedCause[];
  /** What has been done, in order, in words (for the support report). */
  taken(): readonly TakenStep[];
  /** The current ranking in one sentence. */
  explain(): string;
  /** Steps taken so far (questions answered and fixes applied). */
  readonly steps: number;
  readonly minutes: number;
}

const DEFAULT_MAX_STEPS = 40;
/**
 * After a fix, "what happens now?" means trying the lock again (a minute); the other things
 * seen on that same try cost only the asking (ours: a quarter of a minute).
 */
const SAME_TRY_MINUTES = 0.25;

/** What happened after the report, in order, so the session can be replayed on a wider model. */
type LoggedStep =
  | { readonly kind: "answer"; readonly id: string; readonly value: string }
  | { readonly kind: "fix"; readonly fix: FixId; readonly worked: boolean };

class Session implements TroubleshootingSession {
  private model: CompiledModel;
  private belief: Belief;
  private evidence: EvidenceRecord[] = [];
  private readonly kb: KnowledgeBase;
  private readonly report: TroubleReport;
  private readonly telemetry: LockTelemetry | undefined;
  private readonly unavailableFixes = new Set<FixId>();
  /**
   * Questions answered "don't know" or "no app", with the fix count then: not asked again —
   * except a "try it again" (intake) question once a fix has changed the lock.
   */
  private readonly unanswerable = new Map<string, number>();
  private readonly log: LoggedStep[] = [];
  /** What has been done, in words, in order (answers, fixes, fixes that could not be done). */
  private readonly done: TakenStep[] = [];
  private readonly maxSteps: number;
  private outcome: "fixed" | "gave-up" | null = null;
  private pending: Step | null = null;
  /** The fix count when the person last tried the lock again for an intake question. */
  private triedAgainAt = -1;
  steps = 0;
  minutes = 0;

  constructor(kb: KnowledgeBase, report: TroubleReport, options: SessionOptions) {
    this.kb = kb;
    this.report = report;
    this.maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
    this.telemetry = report.telemetry;
    for (const s of [report.symptom, ...(report.alsoSymptoms ?? [])])
      if (!SYMPTOM_IDS.includes(s)) throw new Error(`unknown symptom "${s}"`);
    [this.model, this.belief] = this.build(options.maxFaults ?? 1);
  }

  /** The model and the posterior given the report and every step so far. */
  private build(maxFaults: 1 | 2): [CompiledModel, Belief] {
    const { report } = this;
    const caps = capabilitiesOfModel(report.profile);
    const model = compileModel(this.kb, caps, maxFaults);
    const belief = new Belief(model);
    this.model = model;
    this.belief = belief;
    this.evidence = [];
    const reported = new Set<number>(
      [report.symptom, ...(report.alsoSymptoms ?? [])].map((s) => SYMPTOM_IDS.indexOf(s)),
    );
    for (const s of reported) {
      const like = new Float64Array(model.hypotheses.length);
      for (let i = 0; i < like.length; i++)
        like[i] = symptomLikelihood(
          model,
          model.hypotheses[i] as number,
          s,
          report.symptomsComplete ?? false,
        );
      this.evidence.push({ kind: "symptom", id: SYMPTOM_IDS[s] as string, value: "yes", likelihood: like });
    }
    const complete = report.symptomsComplete ?? false;
    const mixture = model.forms.some((f) => f !== null);
    if (!mixture) belief.observeSymptoms(reported, complete);

    // A complaint that is a test's result answers that test (works-open-not-closed: it locks
    // with the door open), unless the report answers it otherwise.
    const given: Record<string, string> = {};
    for (const s of [report.symptom, ...(report.alsoSymptoms ?? [])])
      Object.assign(given, this.kb.symptoms.find((e) => e.id === s)?.answers);
    Object.assign(given, report.answers);
    if (report.telemetry) {
      const capacity = report.profile === undefined ? undefined : getProfile(report.profile)?.codes.capacity;
      Object.assign(
        given,
        telemetryFindings(report.telemetry, report.history ?? [], {
          ...(report.codeCount === undefined ? {} : { codeCount: report.codeCount }),
          ...(capacity === undefined ? {} : { capacity }),
          radio: caps.radio,
        }),
      );
    }
    const inReport: { o: CompiledObservation; value: number }[] = [];
    for (const [id, value] of Object.entries(given)) {
      const o = model.observationIndex.get(id);
      if (!o || !o.available) continue; // an answer about something this model lacks
      if (isNoEvidence(value)) this.unanswerable.set(id, this.belief.epoch);
      else if (mixture && weighedByForms(model, o)) inReport.push({ o, value: this.valueIndex(o, value) });
      else this.record(o, value);
    }
    if (mixture) {
      // The first report weighed per form of each cause, as one piece (report-mixture.ts).
      for (const { o, value } of inReport) {
        const like = new Float64Array(model.hypotheses.length);
        for (let i = 0; i < like.length; i++) like[i] = belief.answerLikelihood(o, i, value);
        this.evidence.push({
          kind: "answer",
          id: o.entry.id,
          value: o.entry.values[value] as string,
          likelihood: like,
        });
      }
      const like = new Float64Array(model.hypotheses.length);
      const e = { reported, complete, answers: inReport };
      for (let i = 0; i < like.length; i++)
        like[i] = reportLikelihood(model, model.hypotheses[i] as number, e);
      belief.observeAll(like);
      for (const { o, value } of inReport) belief.noteAnswer(o, value);
    }
    for (const step of this.log) {
      if (step.kind === "answer") {
        const o = model.observationIndex.get(step.id);
        if (o && !isNoEvidence(step.value)) this.record(o, step.value);
      } else {
        const f = model.fixIndex.get(step.fix);
        if (f) this.recordFix(f, step.worked);
      }
    }
    return [model, belief];
  }

  private valueIndex(o: CompiledObservation, value: string): number {
    const v = o.entry.values.indexOf(value);
    if (v < 0) throw new Error(`"${value}" is not an answer to ${o.entry.id} (${o.entry.values.join(", ")})`);
    return v;
  }

  private record(o: CompiledObservation, value: string): void {
    const v = this.valueIndex(o, value);
    const like = new Float64Array(this.model.hypotheses.length);
    for (let i = 0; i < like.length; i++) like[i] = this.belief.answerLikelihood(o, i, v);
    this.evidence.push({ kind: "answer", id: o.entry.id, value, likelihood: like });
    this.belief.observe(o, v);
  }

  private recordFix(f: CompiledFix, worked: boolean): void {
    if (!worked) {
      const like = new Float64Array(this.model.hypotheses.length);
      for (let i = 0; i < like.length; i++)
        like[i] = afterFix(f, this.belief.remaining[i] as number) === 0 ? FIX_MISJUDGED : 1 - FIX_FALSE_PASS;
      this.evidence.push({ kind: "fix", id: f.entry.id, value: "no", likelihood: like });
    }
    this.belief.applyFix(f, worked);
  }

  private minutesToAsk(o: CompiledObservation): number {
    return o.entry.kind === "intake" && this.triedAgainAt === this.belief.epoch
      ? SAME_TRY_MINUTES
      : o.entry.minutes.value;
  }

  private fixCandidates(): CompiledFix[] {
    // A fix already done stays a candidate: it is worth again only for hypotheses in which
    // something blocked it then (the planner's chances say so).
    return this.model.fixes.filter((f) => f.available && !this.unavailableFixes.has(f.entry.id));
  }

  private askCandidates(): CompiledObservation[] {
    return this.model.observations.filter(
      (o) =>
        o.available &&
        o.entry.kind !== "telemetry" &&
        !this.belief.askedAlready(o) &&
        !this.cannotBeAnswered(o),
    );
  }

  private cannotBeAnswered(o: CompiledObservation): boolean {
    const at = this.unanswerable.get(o.entry.id);
    if (at === undefined) return false;
    return o.entry.kind !== "intake" || at === this.belief.epoch;
  }

  next(): Step {
    if (this.outcome === "fixed") return { kind: "done", outcome: "fixed", why: "The lock works again." };
    if (this.outcome === "gave-up") return this.giveUp();
    if (this.pending) return this.pending;
    if (this.steps >= this.maxSteps) {
      this.outcome = "gave-up";
      return this.giveUp();
    }
    const minutesOf = (o: CompiledObservation): number => this.minutesToAsk(o);
    let choice = chooseNext(this.model, this.belief, this.fixCandidates(), this.askCandidates(), minutesOf);
    if (choice.kind === "give-up" && this.model.maxFaults === 1) {
      // Nothing one cause explains is left to try: two causes at once, then (Heckerman et
      // al.'s single-fault assumption has just been disproved by the evidence).
      this.build(2);
      choice = chooseNext(this.model, this.belief, this.fixCandidates(), this.askCandidates(), minutesOf);
    }
    if (choice.kind === "give-up") {
      this.outcome = "gave-up";
      return this.giveUp();
    }
    if (choice.kind === "ask") {
      const o = choice.value.observation;
      this.pending = {
        kind: "ask",
        observation: o.entry.id,
        question: o.entry.ask,
        answers: [
          ...o.entry.values.map((value) => ({ value, words: o.entry.words[value] ?? value })),
          { value: DONT_KNOW, words: "I don't know / I can't tell" },
          ...(o.entry.needs === "radio" ? [{ value: NO_APP, words: "I don't use the app" }] : []),
        ],
        minutes: this.minutesToAsk(o),
        why: this.whyAsk(o, choice.value.pAnswer),
      };
      return this.pending;
    }
    const fix = choice.fix;
    const warning = factoryResetWarning(fix);
    this.pending = {
      kind: "fix",
      fix: fix.entry.id,
      instructions: fix.entry.does,
      minutes: fix.minutes,
      chance: choice.pFix,
      why: this.whyFix(fix, choice.pFix),
      ...(warning ? { warning } : {}),
      plan: choice.plan.order.map((f, k) => ({
        fix: f.entry.id,
        chance: choice.plan.pFix[k] as number,
        minutes: f.minutes,
      })),
    };
    return this.pending;
  }

  answer(observation: string, value: string): void {
    const o = this.model.observationIndex.get(observation);
    if (!o) throw new Error(`unknown observation "${observation}"`);
    // "Don't know" and "no app" are no evidence: nothing is learnt, the question is set aside.
    if (isNoEvidence(value)) this.unanswerable.set(observation, this.belief.epoch);
    else this.record(o, value);
    this.log.push({ kind: "answer", id: observation, value });
    this.done.push({
      kind: "answer",
      id: observation,
      text: o.entry.ask,
      outcome:
        value === DONT_KNOW
          ? "I don't know"
          : value === NO_APP
            ? "I don't use the app"
            : (o.entry.words[value] ?? value),
    });
    this.steps++;
    this.minutes += this.minutesToAsk(o);
    if (o.entry.kind === "intake") this.triedAgainAt = this.belief.epoch;
    this.pending = null;
  }

  applied(fix: FixId, result: boolean | "not-possible"): void {
    const f = this.model.fixIndex.get(fix);
    if (!f) throw new Error(`unknown fix "${fix}"`);
    this.pending = null;
    if (result === "not-possible") {
      this.unavailableFixes.add(fix);
      this.done.push({ kind: "fix", id: fix, text: f.entry.does, outcome: "could not be done" });
      return;
    }
    this.steps++;
    this.minutes += f.minutes;
    // The lock (or what the person knows) has changed: what was not possible may be now
    // (a code can be added once a reset has given the person a master code again).
    this.unavailableFixes.clear();
    this.recordFix(f, result);
    this.log.push({ kind: "fix", fix, worked: result });
    this.done.push({
      kind: "fix",
      id: fix,
      text: f.entry.does,
      outcome: result ? "the lock works" : "still not working",
    });
    if (result) this.outcome = "fixed";
  }

  taken(): readonly TakenStep[] {
    return [...this.done];
  }

  causes(limit = this.model.nFaults, options: { readonly by?: "start" | "now" } = {}): RankedCause[] {
    const was = this.belief.causeMarginals();
    const now = this.belief.presentMarginals();
    const out: RankedCause[] = [];
    for (let f = 0; f < this.model.nFaults; f++) {
      if (!(this.model.possibleMask & (1 << f))) continue;
      const entry = this.model.kb.faults[f];
      if (!entry) continue;
      out.push({
        fault: entry.id,
        cause: entry.cause,
        probability: was[f] as number,
        stillPresent: now[f] as number,
      });
    }
    const key = options.by === "now" ? "stillPresent" : "probability";
    return out.sort((a, b) => b[key] - a[key] || b.probability - a.probability).slice(0, limit);
  }

  explain(): string {
    const present = this.belief.presentMarginals();
    const ranked = [...present.keys()].sort((a, b) => (present[b] as number) - (present[a] as number));
    const top = ranked[0] ?? 0;
    const second = ranked[1];
    return causeSentence(
      this.belief,
      top,
      present[top] as number,
      this.evidence,
      this.telemetry,
      second === undefined ? undefined : { f: second, p: present[second] as number },
    );
  }

  private whyFix(fix: CompiledFix, chance: number): string {
    const present = this.belief.presentMarginals();
    const ranked = [...present.keys()].sort((a, b) => (present[b] as number) - (present[a] as number));
    const top = ranked[0];
    const target = mainTarget(this.model, present, fix);
    const name = (f: number): string => this.model.kb.faults[f]?.cause ?? String(this.model.faults[f]);
    let sentence = "";
    if (top !== undefined) {
      // The sentence names the likeliest cause only if it is the likeliest (issue 15:
      // "explanations agree with the numbers").
      const second = ranked[1];
      sentence = causeSentence(
        this.belief,
        top,
        present[top] as number,
        this.evidence,
        this.telemetry,
        second === undefined ? undefined : { f: second, p: present[second] as number },
      );
      if (target >= 0 && target !== top) {
        sentence += ` This fix is for ${name(target)} (${percent(present[target] as number)}): it comes first because, for its minutes, it is likelier to work than what the likeliest cause needs.`;
      }
    }
    const cheaper = fix.entry.lastResort
      ? " Every cheaper fix with a real chance has been tried or ruled out."
      : "";
    return `${sentence} Chance this fix mends a cause still present: ${percent(chance)}, for about ${duration(fix.minutes)}.${cheaper}`.trim();
  }

  private whyAsk(o: CompiledObservation, pAnswer: readonly number[]): string {
    // Which cause leads after each likely answer: the question tells them apart.
    const leaders = new Map<number, number>();
    const active = this.belief.active();
    o.entry.values.forEach((_, v) => {
      if ((pAnswer[v] as number) < 0.05) return;
      const byCause = new Float64Array(this.model.nFaults);
      for (const i of active) {
        const w = (this.belief.weight[i] as number) * this.belief.answerLikelihood(o, i, v);
        for (let mask = this.belief.remaining[i] as number; mask; mask &= mask - 1) {
          const f = 31 - Math.clz32(mask & -mask);
          byCause[f] = (byCause[f] as number) + w;
        }
      }
      let best = 0;
      for (let f = 1; f < byCause.length; f++)
        if ((byCause[f] as number) > (byCause[best] as number)) best = f;
      leaders.set(best, (leaders.get(best) ?? 0) + (pAnswer[v] as number));
    });
    const present = this.belief.presentMarginals();
    const names = [...leaders.keys()]
      .sort((a, b) => (present[b] as number) - (present[a] as number))
      .slice(0, 2)
      .map((f) => `${this.model.kb.faults[f]?.cause} (${percent(present[f] as number)})`);
    const source = o.entry.minutes.source.startsWith("ours")
      ? ""
      : ` (${o.entry.minutes.source.split(":")[0]})`;
    return names.length >= 2
      ? `It tells ${names[0]} from ${names[1]} in about ${duration(this.minutesToAsk(o))}${source}, cheaper than trying fixes blind.`
      : `It narrows the cause down in about ${duration(this.minutesToAsk(o))}${source}, cheaper than trying fixes blind.`;
  }

  private giveUp(): Step {
    const top = this.causes(1)[0];
    return {
      kind: "done",
      outcome: "gave-up",
      why: `Nothing left to try has a chance of helping${top ? ` (the likeliest cause was ${top.cause}, ${percent(top.probability)})` : ""}. ${supportInstructions()}`,
    };
  }
}

export function createSession(
  kb: KnowledgeBase,
  report: TroubleReport,
  options: SessionOptions = {},
): TroubleshootingSession {
  return new Session(kb, report, options);
}
