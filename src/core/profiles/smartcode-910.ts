/**
 * SmartCode 909/910/912/914 (2015 and later) as the manufacturer documents it
 * (MANUFACTURER.md), not as the guides do: five buttons of two digits, codes entered alone,
 * slot by Program presses, optional master code, handing by holding Lock at power-up,
 * 3 wrong codes within a minute → 60 s. The proof that a new model is only a profile.
 */
import { ZWAVE_INCLUSION } from "./pairing-procedures.ts";
import type { LockProfile } from "../profile-types.ts";
import { GUIDE_BASE, GUIDE_SIGNALS, REMOTE_SETTINGS } from "./guide-defaults.ts";

const RED3 = { red: 3, beeps: 3 }; // "wrong code, failed programming, or no codes"
const OK = { green: 1, beeps: 1 }; // "Success: green ×1 + 1 beep"
const MASTER_ASKED = { green: 1, beeps: 3 }; // "Program answers green + 3 beeps"

export const smartcode910: LockProfile = {
  ...GUIDE_BASE,
  id: "smartcode-910",
  name: "SmartCode 910 (manufacturer)",
  // The 909 is the radio-less twin with perhaps 8 codes (MANUFACTURER.md, uncertain): not this profile.
  models: ["910", "912", "914 (2015+)"],
  sources: ["MANUFACTURER.md"],
  keypad: {
    kind: "buttons",
    confirmLabel: "Lock",
    sharedButtons: ["12", "34", "56", "78", "90"],
    entryEnds: "lock-or-pause",
    entryPauseMs: 2_000,
  },
  interior: { resetHole: false, clutchLever: false, programmingSwitch: false, doorSensor: false },
  radio: "zwave",
  pairing: ZWAVE_INCLUSION,
  codes: {
    capacity: 30,
    userLengthMin: 4,
    userLengthMax: 8,
    programmingLengthMin: 4,
    programmingLengthMax: 8,
    uniquePrefixDigits: null, // only the same button sequence is a duplicate
    defaultProgrammingCode: null, // master code optional, off by default
    silentWithoutCodes: false, // "no codes stored: any keypad use gives red ×3 + 3 beeps"
  },
  sequenceTimeoutMs: 5_000, // "Programming idle 5 s: timeout"
  // "3 wrong codes within 1 minute: keypad locked for 60 s"; and B-SEC-6 (ours): from the 10th
  // wrong code in a row, however slowly they come, each wrong code locks out, for longer each time.
  lockout: { attempts: 3, windowMs: 60_000, durationMs: 60_000, everyWrongFrom: 10 },
  autoLock: { allowedSeconds: [30, 60, 90, 120, 180] },
  signals: {
    ...GUIDE_SIGNALS,
    wrongCode: RED3,
    keypadDisabled: RED3,
    programSuccess: OK,
    programFailure: RED3,
    refused: RED3,
    noCodes: RED3,
    lowBattery: { red: 10, beeps: 10 },
    critical: { red: 10, beeps: 10 }, // no separate pattern is published; the low one stands in
    lockout: { red: 15, beeps: 15 },
    handingFailure: { red: 1 }, // solid red status LED
  },
  procedures: [
    {
      id: "add-user-code",
      rule: "MANUFACTURER add code",
      start: { kind: "program-key" },
      when: "no-programming-code",
      tokens: [
        { t: "presses", key: "program" },
        { t: "digits", role: "new-user" },
        { t: "key", key: "lock" },
      ],
      action: "add-code",
      success: OK,
      failure: RED3,
    },
    {
      id: "add-user-code-with-master",
      rule: "MANUFACTURER master code",
      start: { kind: "program-key" },
      when: "programming-code-set",
      tokens: [
        { t: "key", key: "program", signal: MASTER_ASKED },
        { t: "key", key: "lock" },
        { t: "digits", role: "auth" },
        { t: "key", key: "lock" },
        { t: "presses", key: "program" },
        { t: "digits", role: "new-user" },
        { t: "key", key: "lock" },
      ],
      action: "add-code",
      success: OK,
      failure: RED3,
    },
    {
      // The same with the master code typed straight after Program, as B-PRG-3 types it on the
      // master-code models: MANUFACTURER.md says only that Program "asks for it before any
      // change", so both readings add the code (ours).
      id: "add-user-code-with-master-direct",
      rule: "MANUFACTURER master code",
      start: { kind: "program-key" },
      when: "programming-code-set",
      tokens: [
        { t: "key", key: "program", signal: MASTER_ASKED },
        { t: "digits", role: "auth" },
        { t: "key", key: "lock" },
        { t: "presses", key: "program" },
        { t: "digits", role: "new-user" },
        { t: "key", key: "lock" },
      ],
      action: "add-code",
      success: OK,
      failure: RED3,
    },
    {
      id: "delete-all-codes",
      rule: "MANUFACTURER delete all",
      start: { kind: "program-key" },
      when: "programming-code-set",
      tokens: [
        { t: "key", key: "program", signal: MASTER_ASKED },
        { t: "key", key: "lock" },
        { t: "digits", role: "auth" },
        { t: "key", key: "lock" },
        { t: "digits", role: "literal", equals: "999999" },
        { t: "key", key: "lock" },
        { t: "digits", role: "literal", equals: "999999" },
        { t: "key", key: "lock" },
      ],
      action: "delete-all",
      success: OK,
      failure: RED3,
    },
    {
      id: "set-master-code",
      rule: "MANUFACTURER master code",
      start: { kind: "hold-program", holdMs: 5_000, signal: { green: 1 } },
      when: "no-programming-code",
      tokens: [
        { t: "digits", role: "new-programming" },
        { t: "key", key: "lock" },
        { t: "digits", role: "confirm" },
        { t: "key", key: "lock" },
      ],
      action: "set-programming-code",
      success: { green: 1, longBeeps: 1 },
      failure: RED3,
    },
  ],
  boot: [
    // Seeds 000 and 001 hand "SmartCode 913/914/915" and "Kwikset SmartCode" by holding Program at
    // power-up; the manual's 910/912/914 hands by holding Lock. Program held and released before
    // the 30 s reset is refused out loud (red ×3 + 3 beeps) rather than ignored.
    { key: "program", holdMs: 0, complete: "on-release", then: "refuse", source: "seeds 000/001's handing" },
    // "hold the exterior Lock button while inserting the pack until the bolt moves by itself"
    { key: "lock", holdMs: 1_000, complete: "at-hold", then: "hand-door" },
    // "hold Program while reinserting it for about 30 s until a beep and red status LED;
    //  release; press Program once more; green + 1 or 2 beeps" (we give 2)
    {
      key: "program",
      holdMs: 30_000,
      signalAtHold: { beeps: 1, red: 1 },
      complete: "next-program-press",
      windowMs: 10_000,
      then: "factory-reset",
      completeSignal: { green: 1, beeps: 2 },
    },
  ],
  // DIP switches: 1 status LED (its 6 s blink is not modelled), 2 auto-lock (30 s), 3 audio.
  defaultSettings: {
    autoLock: false,
    autoLockSeconds: 0,
    audio: true,
    statusLed: false,
    ...REMOTE_SETTINGS,
  },
};
