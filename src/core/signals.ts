/**
 * Feedback the lock gives a person: counts of LED flashes and beeps, the way a person
 * counts them (SCENARIOS.md "Signals are counted the way a person counts them").
 * B-HW-5: a status LED (green, red, amber) and a beeper give all feedback.
 */
export interface Signal {
  readonly green?: number;
  readonly red?: number;
  readonly amber?: number;
  readonly beeps?: number;
  readonly longBeeps?: number;
}

/** The names a profile gives its feedback patterns (BEHAVIOR.md section 6). */
export type SignalName =
  | "codeAccepted"
  | "wrongCode"
  | "keypadDisabled"
  | "programSuccess"
  | "programFailure"
  | "jammed"
  | "critical"
  | "lowBattery"
  | "noCodes"
  | "handingSuccess"
  | "handingFailure"
  | "lockout"
  | "oneTouchLock"
  | "refused";

export const NO_SIGNAL: Signal = {};

/** True when the signal makes no light and no sound. */
export function isSilent(signal: Signal): boolean {
  return !signal.green && !signal.red && !signal.amber && !signal.beeps && !signal.longBeeps;
}
