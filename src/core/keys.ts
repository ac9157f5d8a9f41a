/**
 * Key names as the scenario language and the keypad port use them (SCENARIOS.md, B-HW-1):
 * `lock` is the exterior confirm key whatever its label; `program` is the interior
 * Program button; `reset` is the reset hole on models that have one.
 */
export const DIGIT_KEYS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"] as const;
export type DigitKey = (typeof DIGIT_KEYS)[number];
export type KeyName = DigitKey | "lock" | "program" | "reset";

export function isDigitKey(key: KeyName): key is DigitKey {
  return key.length === 1 && key >= "0" && key <= "9";
}
