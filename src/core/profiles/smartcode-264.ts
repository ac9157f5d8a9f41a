/**
 * SmartCode 264 deadbolt as seed 003 describes it: programming code 0000 out of the box,
 * codes end with the Kwikset button, change the programming code with
 * code, Kwikset, 4, Kwikset, new code, Kwikset (B-PRG-7); user codes by slot presses (B-PRG-4).
 */
import type { LockProfile } from "../profile-types.ts";
import { GUIDE_BASE } from "./guide-defaults.ts";
import { SLOT_PRESS_ADD, THREE_MODEL_FACTORY_RESET, programmingCodeHanding } from "./shared-procedures.ts";

export const smartcode264: LockProfile = {
  ...GUIDE_BASE,
  id: "smartcode-264",
  name: "SmartCode 264",
  models: ["264"],
  sources: ["seed 003"],
  keypad: { kind: "buttons", confirmLabel: "Kwikset", sharedButtons: [], entryEnds: "lock", entryPauseMs: 0 },
  interior: { resetHole: false, clutchLever: false, programmingSwitch: false, doorSensor: false },
  radio: null,
  pairing: null,
  codes: {
    capacity: 16, // B-CODE-3
    userLengthMin: 4,
    userLengthMax: 8,
    programmingLengthMin: 4,
    programmingLengthMax: 10, // B-CODE-2: 4–10 for the 264's programming code
    uniquePrefixDigits: 4,
    defaultProgrammingCode: "0000", // B-SET-1
    silentWithoutCodes: true,
  },
  // B-PRG-7: "lock, 4, lock within 5 s" — the whole sequence keeps to 5 s between keys.
  sequenceTimeoutMs: 5_000,
  procedures: [
    {
      id: "change-programming-code",
      rule: "B-PRG-7",
      start: { kind: "programming-code" },
      when: "always",
      tokens: [
        { t: "digit", digit: "4" },
        { t: "key", key: "lock" },
        { t: "digits", role: "new-programming" },
        { t: "key", key: "lock" },
      ],
      action: "set-programming-code",
      success: { green: 2, beeps: 2 },
    },
    programmingCodeHanding,
    SLOT_PRESS_ADD,
  ],
  boot: [THREE_MODEL_FACTORY_RESET],
};
