/**
 * SmartCode 913/914/915 as seed 000 describes them: add a code with Program, slot, lock,
 * code, lock (B-PRG-1); handing by holding Program at power-up (B-SET-3); factory reset
 * by holding Program 30 s from power-up (B-RST-2) or the reset hole for 10 s (B-RST-3).
 */
import { ZWAVE_INCLUSION } from "./pairing-procedures.ts";
import type { LockProfile } from "../profile-types.ts";
import { GUIDE_BASE, GUIDE_SIGNALS, REMOTE_SETTINGS } from "./guide-defaults.ts";

const TWO_BEEPS = { green: 1, beeps: 2 }; // seed 000: "listen for two beeps"

export const smartcode914: LockProfile = {
  ...GUIDE_BASE,
  id: "smartcode-914",
  name: "SmartCode 913/914/915",
  models: ["913", "914", "915"],
  sources: ["seed 000", "seed 001"],
  keypad: {
    kind: "buttons",
    confirmLabel: "Lock",
    sharedButtons: [],
    entryEnds: "lock-or-pause",
    entryPauseMs: 2_000,
  },
  interior: { resetHole: true, clutchLever: true, programmingSwitch: false, doorSensor: false },
  radio: "zwave",
  defaultSettings: { ...GUIDE_BASE.defaultSettings, ...REMOTE_SETTINGS },
  pairing: ZWAVE_INCLUSION,
  codes: {
    capacity: 30, // B-CODE-3
    userLengthMin: 4,
    userLengthMax: 8, // B-CODE-2
    programmingLengthMin: 4,
    programmingLengthMax: 8,
    uniquePrefixDigits: 4, // B-CODE-4
    defaultProgrammingCode: null,
    silentWithoutCodes: true, // B-SET-7
  },
  signals: { ...GUIDE_SIGNALS, programSuccess: TWO_BEEPS },
  procedures: [
    {
      id: "add-user-code",
      rule: "B-PRG-1",
      start: { kind: "program-key" },
      when: "always",
      tokens: [
        { t: "key", key: "program" },
        { t: "slot-number", maxDigits: 2 },
        { t: "key", key: "lock" },
        { t: "digits", role: "new-user" },
        { t: "key", key: "lock" },
      ],
      action: "add-code",
      success: TWO_BEEPS,
    },
    {
      // Ours (the guide is silent): an empty code clears the slot, B-CODE-7.
      id: "delete-user-code",
      rule: "B-CODE-7",
      start: { kind: "program-key" },
      when: "always",
      tokens: [
        { t: "key", key: "program" },
        { t: "slot-number", maxDigits: 2 },
        { t: "key", key: "lock" },
        { t: "key", key: "lock" },
      ],
      action: "delete-slot",
      success: TWO_BEEPS,
    },
  ],
  boot: [
    // Seed 001's handing: Program held while the pack goes back in, released (no time given:
    // any hold counts), then pressed and held again: the bolt learns, green (or red) after.
    {
      key: "program",
      holdMs: 0,
      complete: "next-program-press",
      windowMs: 10_000,
      then: "hand-door",
      source: "seed 001",
    },
    // B-SET-3 (seed 000): held 3 s → one beep + green; release; within 10 s press Program once.
    {
      key: "program",
      holdMs: 3_000,
      source: "seed 000",
      signalAtHold: { beeps: 1, green: 1 },
      complete: "next-program-press",
      windowMs: 10_000,
      then: "hand-door",
    },
    // B-RST-2: keep holding to 30 s after power-up; release → three beeps (B-FB-4, seed 000).
    {
      key: "program",
      holdMs: 30_000,
      complete: "on-release",
      then: "factory-reset",
      completeSignal: { beeps: 3 },
    },
  ],
  resetHole: { holdMs: 10_000, signal: { beeps: 3 } }, // B-RST-3; signal as B-RST-2 (ours)
};
