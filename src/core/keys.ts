/**
 * Key names as the scenario language, the keypad port, the server's schemas and the web page
 * use them (SCENARIOS.md, B-HW-1), declared once here and derived everywhere else: `lock` is
 * the exterior confirm key whatever its label; `program` is the interior Program button;
 * `reset` is the reset hole on models that have one.
 */
export const DIGIT_KEYS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"] as const;
export type DigitKey = (typeof DIGIT_KEYS)[number];

/** Every key name, digits first. */
export const KEY_NAMES = [...DIGIT_KEYS, "lock", "program", "reset"] as const;
export type KeyName = (typeof KEY_NAMES)[number];

export function isDigitKey(key: KeyName): key is DigitKey {
  return key.length === 1 && key >= "0" && key <= "9";
}

/** Whether a string is a key name (for schemas that read text). */
export function isKeyName(text: string): text is KeyName {
  return (KEY_NAMES as readonly string[]).includes(text);
}
