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
export { SYMPTOM_IDS, isSymptomId, DONT_KNOW, NO_APP, isNoEvidence } from "./knowledge/ids.ts";
export type { SymptomId, FaultId, FixId } from "./knowledge/ids.ts";
export { telemetryFindings } from "./knowledge/telemetry-findings.ts";
export { createSession } from "./engine/session.ts";
// What a fix erases, in the troubleshooter's words: the web API's /fixes asks to confirm it too.
export { fixEraseWarning } from "./engine/explain.ts";
export type {
  TroubleReport,
  TroubleshootingSession,
  SessionOptions,
  Step,
  RankedCause,
  AnswerChoice,
  PlannedFix,
} from "./engine/session.ts";
export { runEvalCases, runCase, RESET_RULE_CHANCE } from "./eval/run-eval.ts";
export type { EvalOptions, CaseOutcome, EngineOutcome } from "./eval/run-eval.ts";
export { summarizeEval, reliabilityTable, CALIBRATION_MIN_CASES } from "./eval/summarize-eval.ts";
export type { EvalFigures, ReliabilityBin, GuideComparison } from "./eval/summarize-eval.ts";
export { BASELINES, CHECKLIST } from "./eval/baselines.ts";
// The simulated person's hands on a twin, for front ends that troubleshoot a simulated lock
// (the web app's troubleshooter carries out each step on the lock's twin with these).
export { answerOnTwin, newRetryMemory, symptomsGone } from "./world/person.ts";
export type { RetryMemory } from "./world/person.ts";
export type { LockAtHand, LockAtHand as CaseLock } from "./world/lock-at-hand.ts";
