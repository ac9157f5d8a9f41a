/**
 * The ids the troubleshooter reasons with: FAULTS.md's faults and fixes (shared with the
 * twin, so one list), its fourteen symptoms, and the observations of our knowledge base.
 */
export type { FaultId, FixId } from "../../twin/fault-ids.ts";
export { FAULT_IDS, FIX_IDS, isFaultId, isFixId } from "../../twin/fault-ids.ts";

/** The symptoms a person reports (FAULTS.md "Symptoms"), in its order. */
export const SYMPTOM_IDS = [
  "wont-lock-unlocks-fine",
  "lock-button-ignored",
  "motor-whirs-bolt-stays",
  "wont-unlock-with-code",
  "no-response",
  "red-flashes-beeps",
  "new-code-rejected",
  "works-open-not-closed",
  "key-stiff",
  "keypad-stopped-responding",
  "app-cannot-reach-lock",
  "erratic",
  "forgot-master-code",
  "wrong-direction",
] as const;

export type SymptomId = (typeof SYMPTOM_IDS)[number];

const SYMPTOM_SET: ReadonlySet<string> = new Set(SYMPTOM_IDS);

export function isSymptomId(id: unknown): id is SymptomId {
  return typeof id === "string" && SYMPTOM_SET.has(id);
}

/**
 * Answers that say nothing about the lock: the person cannot tell or does not remember
 * ("dont-know"), or does not use the app ("no-app"). Any question may get them; they count
 * as no evidence (issue 15).
 */
export const DONT_KNOW = "dont-know";
export const NO_APP = "no-app";

export function isNoEvidence(value: string): boolean {
  return value === DONT_KNOW || value === NO_APP;
}
