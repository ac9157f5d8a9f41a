/**
 * The words the simulated person and the troubleshooter share: FAULTS.md's fourteen
 * symptoms, and for each question or test the answers a person can give. These are the
 * interface of the conversation — like FAULTS.md's ids, a contract — and nothing more: how
 * likely an answer is under a cause lives only in the knowledge base, which this folder
 * never imports (issue 15: cases independent of what they grade). A test in
 * `eval/vocabulary-contract.test.ts` checks both sides use the same words.
 */

/** FAULTS.md "Symptoms", in its order. */
export const WORLD_SYMPTOMS = [
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

export type WorldSymptom = (typeof WORLD_SYMPTOMS)[number];

/** Any question: the person cannot tell or does not remember. Counts as no evidence. */
export const DONT_KNOW = "dont-know";
/** An app question from a household that does not use the lock's app. Counts as no evidence. */
export const NO_APP = "no-app";

/**
 * Every question and test the person knows how to answer, with the answers they can give
 * (besides "don't know" and "no app"). Intake questions are what they saw when it went
 * wrong; asked again after a fix they mean "try it again".
 */
export const ANSWERS = {
  // intake
  "lock-press-bolt": ["extends", "partway", "stays"],
  "lock-press-sound": ["bolt-moves", "click", "whir", "silent"],
  "lock-press-signal": ["none", "jam", "error", "battery"],
  "code-result": ["opens", "extends-instead", "rejected", "ignored"],
  "code-keys-lit": ["all", "some-dark", "none"],
  "warning-light": ["no", "yes"],
  "app-shows": ["works", "offline", "missing"],
  "after-battery-change": ["no", "yes"],
  // tests and questions
  "lights-at-all": ["yes", "no"],
  "key-door-open": ["smooth", "stiff", "seized"],
  "lock-door-open": ["extends", "fails"],
  "other-code": ["opens", "rejected", "ignored"],
  "code-as-written": ["same", "different"],
  "typed-is-master": ["no", "yes"],
  "code-temporary": ["no", "yes"],
  "app-code-list": ["listed", "expired", "missing", "unavailable"],
  "cells-check": ["ok", "mixed", "wrong-type", "reversed"],
  "contacts-look": ["clean", "crusted"],
  "cell-voltage": ["above-1.3", "below-1.3", "below-1.1"],
  "clutch-live-test": ["engages", "spins-free", "gear-still"],
  "clutch-spring": ["whole", "broken"],
  "each-key": ["all", "one-dead", "some-miss", "no-light"],
  "keypad-look": ["clean", "grimy"],
  "app-firmware": ["current", "update-offered", "unavailable"],
  "app-mode": ["normal", "vacation", "unavailable"],
  "cold-outside": ["no", "yes"],
  "new-code-prefix": ["no", "yes"],
  "slots-full": ["no", "yes"],
  "lock-network": ["yes", "no"],
} as const satisfies Record<string, readonly string[]>;

export type QuestionId = keyof typeof ANSWERS;

export function isQuestionId(id: string): id is QuestionId {
  return Object.hasOwn(ANSWERS, id);
}

/** Questions answered from the app: a household without it says "no app". */
export const APP_QUESTIONS: ReadonlySet<string> = new Set([
  "app-shows",
  "app-code-list",
  "app-firmware",
  "app-mode",
]);
