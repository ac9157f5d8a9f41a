/**
 * SmartCode 955 as seed 003 describes it: Program gives two beeps (programming mode);
 * 3 sets the programming code when the interior switch is on (B-PRG-5); 2 then `lock`
 * deletes a user code without the programming code (B-PRG-6); Program pressed N times
 * chooses slot N (B-PRG-4).
 */
import { ZWAVE_INCLUSION } from "./pairing-procedures.ts";
import type { LockProfile } from "../profile-types.ts";
import { GUIDE_BASE, REMOTE_SETTINGS } from "./guide-defaults.ts";

const PROGRAMMING_MODE = { beeps: 2, green: 1 }; // "2 beeps confirm entry" + B-PRG-4 green per press
const LONG_BEEP_GREEN = { longBeeps: 1, green: 1 };

export const smartcode955: LockProfile = {
  ...GUIDE_BASE,
  id: "smartcode-955",
  name: "SmartCode 955",
  models: ["955"],
  sources: ["seed 003"],
  keypad: {
    kind: "buttons",
    confirmLabel: "Kwikset",
    sharedButtons: [],
    entryEnds: "lock-or-pause",
    entryPauseMs: 2_000,
  },
  interior: { resetHole: false, clutchLever: false, programmingSwitch: true, doorSensor: false },
  radio: "zwave",
  pairing: ZWAVE_INCLUSION,
  codes: {
    capacity: 30,
    userLengthMin: 4,
    userLengthMax: 8,
    programmingLengthMin: 4,
    programmingLengthMax: 8,
    uniquePrefixDigits: 4,
    defaultProgrammingCode: null,
    silentWithoutCodes: true,
  },
  procedures: [
    {
      id: "set-programming-code",
      rule: "B-PRG-5",
      start: { kind: "program-key" },
      when: "programming-switch-on",
      tokens: [
        { t: "key", key: "program", signal: PROGRAMMING_MODE },
        { t: "digit", digit: "3", signal: { beeps: 1, green: 1 }, commit: true },
        { t: "digits", role: "new-programming" },
        { t: "key", key: "lock" },
        { t: "digits", role: "confirm" },
        { t: "key", key: "lock" },
      ],
      action: "set-programming-code",
      success: LONG_BEEP_GREEN,
    },
    {
      id: "delete-user-code",
      rule: "B-PRG-6",
      start: { kind: "program-key" },
      when: "always",
      tokens: [
        { t: "key", key: "program", signal: PROGRAMMING_MODE },
        { t: "digit", digit: "2", signal: { green: 1 } }, // seed 003: "Press 2 → green flash"
        { t: "key", key: "lock" },
        { t: "digits", role: "existing" },
        { t: "key", key: "lock" },
        { t: "digits", role: "confirm" },
        { t: "key", key: "lock" },
      ],
      action: "delete-by-code",
      success: { longBeeps: 1 },
    },
    {
      // Ours (guide 003 is silent on the 955's handing): a menu digit after Program, in the
      // 955's own style (MANUFACTURER.md: a numeric menu after Program), as Halo's B-SET-4.
      id: "door-handing",
      rule: "B-SET-2",
      start: { kind: "program-key" },
      when: "always",
      tokens: [
        { t: "key", key: "program", signal: PROGRAMMING_MODE },
        { t: "digit", digit: "9" },
        { t: "key", key: "lock" },
      ],
      action: "hand-door",
      success: {},
    },
    {
      id: "add-user-code",
      rule: "B-PRG-4",
      start: { kind: "program-key" },
      when: "always",
      tokens: [
        { t: "presses", key: "program", firstSignal: PROGRAMMING_MODE, eachSignal: { green: 1 } },
        { t: "digits", role: "new-user" },
        { t: "key", key: "lock" },
      ],
      action: "add-code",
      success: { green: 1, beeps: 1 },
    },
  ],
  boot: [
    // B-FB-4 (seed 003): hold Program while the pack goes in, 30 s until a red flash;
    // then one more Program press → green + one beep.
    {
      key: "program",
      holdMs: 30_000,
      signalAtHold: { red: 1 },
      complete: "next-program-press",
      windowMs: 10_000,
      then: "factory-reset",
      completeSignal: { green: 1, beeps: 1 },
    },
  ],
  defaultSettings: { ...GUIDE_BASE.defaultSettings, programmingSwitch: true, ...REMOTE_SETTINGS },
};
