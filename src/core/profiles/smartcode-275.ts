/**
 * SmartCode 275 touchscreen as seed 003 describes it: programming code 0000, the enter
 * arrow confirms, codes of 4–10 digits, change the programming code with
 * code ▸ (beep), 4 ▸ (beep), new code ▸ → two beeps + green (B-PRG-8).
 */
import type { LockProfile } from "../profile-types.ts";
import { GUIDE_BASE } from "./guide-defaults.ts";
import { SLOT_PRESS_ADD, THREE_MODEL_FACTORY_RESET, programmingCodeHanding } from "./shared-procedures.ts";

export const smartcode275: LockProfile = {
  ...GUIDE_BASE,
  id: "smartcode-275",
  name: "SmartCode 275 Touchscreen",
  models: ["275"],
  sources: ["seed 003"],
  keypad: {
    kind: "touchscreen",
    confirmLabel: "enter arrow",
    sharedButtons: [],
    entryEnds: "lock",
    entryPauseMs: 0,
  },
  interior: { resetHole: false, clutchLever: false, programmingSwitch: false, doorSensor: false },
  radio: null,
  pairing: null,
  codes: {
    capacity: 16,
    userLengthMin: 4,
    userLengthMax: 10, // B-CODE-2: touchscreens take 4–10
    programmingLengthMin: 4,
    programmingLengthMax: 10,
    uniquePrefixDigits: 4,
    defaultProgrammingCode: "0000",
    silentWithoutCodes: true,
  },
  procedures: [
    {
      id: "change-programming-code",
      rule: "B-PRG-8",
      start: { kind: "programming-code", signal: { beeps: 1 } },
      when: "always",
      tokens: [
        { t: "digit", digit: "4" },
        { t: "key", key: "lock", signal: { beeps: 1 } },
        { t: "digits", role: "new-programming" },
        { t: "key", key: "lock" },
      ],
      action: "set-programming-code",
      success: { beeps: 2, green: 1 },
    },
    programmingCodeHanding,
    SLOT_PRESS_ADD,
  ],
  boot: [THREE_MODEL_FACTORY_RESET],
};
