/**
 * The troubleshooter (issue 6): a knowledge base of FAULTS.md faults, symptoms, observations
 * and fixes with cited numbers; an engine that keeps an exact posterior over causes and
 * picks the next step by expected cost of repair; a simulated person that lets it be
 * evaluated on the twin against the guides' checklist. See docs/troubleshooter.md.
 */
export { DEFAULT_KNOWLEDGE_BASE, checkKnowledgeBase } from "./knowledge/knowledge-base.ts";
export type {
  KnowledgeBase,
  FaultEntry,
  FixEntry,
  ObservationEntry,
  SymptomEntry,
} from "./knowledge/types.ts";
export { SYMPTOM_IDS, isSymptomId } from "./knowledge/ids.ts";
export type { SymptomId, FaultId, FixId } from "./knowledge/ids.ts";
export { telemetryFindings } from "./knowledge/telemetry-findings.ts";
export { createSession } from "./engine/session.ts";
export type {
  TroubleReport,
  TroubleshootingSession,
  SessionOptions,
  Step,
  RankedCause,
  AnswerChoice,
  PlannedFix,
} from "./engine/session.ts";
export { runEval, CHECKLIST } from "./eval/run-eval.ts";
export type { EvalOptions, EvalSummary, CaseResult } from "./eval/run-eval.ts";
// The simulated person's hands on a twin, for front ends that troubleshoot a simulated lock
// (the web app's troubleshooter carries out each step on the lock's twin with these).
export { answerOnTwin, newRetryMemory, symptomsGone } from "./simulation/simulated-person.ts";
export type { RetryMemory } from "./simulation/simulated-person.ts";
export type { CaseLock } from "./simulation/case-lock.ts";
