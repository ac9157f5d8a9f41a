import { describe, expect, it } from "vitest";
import { KEY_NAMES, isDigitKey } from "../core/keys.ts";
import { SeededRandom } from "./seeded-random.ts";
import { CLEAN_KEYPAD, isExteriorKey, pressRegisters } from "./keypad-condition.ts";

describe("keypad condition", () => {
  it("the exterior keypad is the digits and lock; program and reset are on the interior unit", () => {
    for (const key of KEY_NAMES) expect(isExteriorKey(key)).toBe(isDigitKey(key) || key === "lock");
  });

  it("a broken exterior key never registers; interior keys are not the keypad's to lose", () => {
    const broken = { ...CLEAN_KEYPAD, brokenKeys: ["5", "program"] as const };
    const rng = new SeededRandom(1);
    expect(pressRegisters("5", broken, rng)).toBe(false);
    expect(pressRegisters("6", broken, rng)).toBe(true);
    expect(pressRegisters("program", broken, rng)).toBe(true);
  });
});
