/**
 * The exterior keypad's physical condition: grime that makes some presses miss
 * (keypad-dirty), a broken key that never registers (keypad-damaged), and the cold, which
 * slows the keypad's response (B-PWR-6; seed 004: "slower responsiveness").
 */
import type { KeyName } from "../core/keys.ts";
import type { SeededRandom } from "./seeded-random.ts";

export interface KeypadCondition {
  /** Chance that a press on a dirty key does not register. */
  readonly dirtyMissChance: number;
  readonly brokenKeys: readonly KeyName[];
}

/** The condition as one object of one shape, whatever it was made from (as `mechanism`, bolt-mechanism.ts). */
export function keypadCondition(k: KeypadCondition): KeypadCondition {
  return { dirtyMissChance: k.dirtyMissChance, brokenKeys: k.brokenKeys };
}

export const CLEAN_KEYPAD: KeypadCondition = keypadCondition({ dirtyMissChance: 0, brokenKeys: [] });
/** Grime: about one press in three does not register (ours). */
export const DIRTY_MISS_CHANCE = 0.35;

/**
 * The lock's rated operating range, −35 °C to +70 °C (−31 °F to 158 °F). MANUFACTURER.md and
 * REFERENCES.md give none; this is the range Kwikset's electronic deadbolt specification
 * sheets quote, chosen and recorded in docs/decisions/0009-cold-keypad.md. Seed 004: "ensure
 * your lock is rated for your climate".
 */
export const RATED_MIN_C = -35;
export const RATED_MAX_C = 70;

/** How long a key must be held before a warm keypad sees it (ours: a debounce of 20 ms). */
export const KEYPAD_RESPONSE_WARM_MS = 20;
/** How much longer for each degree below 0 °C, down to the rated minimum (ours). */
export const KEYPAD_RESPONSE_MS_PER_DEGREE_BELOW_0 = 5;
/**
 * The slowest the keypad gets: its response at the rated minimum, 195 ms. Still shorter than
 * the 250 ms a key is down in a press (SCENARIOS.md: a press takes 0.5 s), so within its
 * rating a cold keypad is slower, never deaf (seed 004: cold means "slower responsiveness").
 */
export const KEYPAD_RESPONSE_MAX_MS =
  KEYPAD_RESPONSE_WARM_MS + KEYPAD_RESPONSE_MS_PER_DEGREE_BELOW_0 * -RATED_MIN_C;

/**
 * How long a key must be held before the keypad sees it (B-PWR-6): 20 ms when warm, 5 ms more
 * for each degree below 0 °C, down to the rated minimum; colder than that the lock is outside
 * its rating and the twin keeps the rated minimum's 195 ms. A press shorter than that is lost
 * (a quick jab in the cold); a normal press is seen, late.
 */
export function keypadResponseMs(temperatureC: number): number {
  const below = Math.min(Math.max(0, -temperatureC), -RATED_MIN_C);
  return KEYPAD_RESPONSE_WARM_MS + KEYPAD_RESPONSE_MS_PER_DEGREE_BELOW_0 * below;
}

/**
 * The exterior keypad's keys: the digits and lock; program and reset are on the interior unit.
 * Said as the two that are not (two comparisons of interned names, not a set's hash lookup:
 * every press asks, eleven a fleet lock-day, issue 17).
 */
export function isExteriorKey(key: KeyName): boolean {
  return key !== "program" && key !== "reset";
}

/** Whether a press of `key` can reach the firmware at all (broken or dirty keys). */
export function pressRegisters(key: KeyName, keypad: KeypadCondition, rng: SeededRandom): boolean {
  if (!isExteriorKey(key)) return true;
  if (keypad.brokenKeys.includes(key)) return false;
  return keypad.dirtyMissChance <= 0 || rng.next() >= keypad.dirtyMissChance;
}
