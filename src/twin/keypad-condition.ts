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

export const CLEAN_KEYPAD: KeypadCondition = { dirtyMissChance: 0, brokenKeys: [] };
/** Grime: about one press in three does not register (ours). */
export const DIRTY_MISS_CHANCE = 0.35;

/**
 * How long a key must be held before the keypad sees it: 20 ms when warm, 10 ms more for
 * each degree below 0 °C (ours). A press shorter than that is lost; a normal press is late.
 */
export function keypadResponseMs(temperatureC: number): number {
  return temperatureC >= 0 ? 20 : 20 + 10 * -temperatureC;
}

const EXTERIOR = new Set<KeyName>(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "lock"]);

export function isExteriorKey(key: KeyName): boolean {
  return EXTERIOR.has(key);
}

/** Whether a press of `key` can reach the firmware at all (broken or dirty keys). */
export function pressRegisters(key: KeyName, keypad: KeypadCondition, rng: SeededRandom): boolean {
  if (!EXTERIOR.has(key)) return true;
  if (keypad.brokenKeys.includes(key)) return false;
  return keypad.dirtyMissChance <= 0 || rng.next() >= keypad.dirtyMissChance;
}
