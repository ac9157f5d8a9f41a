/**
 * Kwikset Halo (Wi-Fi) as seed 002 describes it: create a master code with Program, code,
 * lock (B-PRG-2); add a user code with Program, master, lock, Program, code, lock
 * (B-PRG-3); handing with Program, 9, lock (B-SET-4); factory reset by holding Program
 * 30 s while the pack goes in → one long beep (B-RST-4, B-FB-4). A door sensor holds
 * auto-lock until the door closes (B-BOLT-7).
 */
import { WIFI_JOIN } from "./pairing-procedures.ts";
import type { LockProfile, Procedure } from "../profile-types.ts";
import { GUIDE_BASE, REMOTE_SETTINGS } from "./guide-defaults.ts";

const ONE_BEEP = { beeps: 1, green: 1 }; // B-PRG-2/3: one beep; B-FB-1 green

export const MASTER_CODE_PROCEDURES: readonly Procedure[] = [
  {
    id: "door-handing",
    rule: "B-SET-4",
    start: { kind: "program-key" },
    when: "always",
    tokens: [
      { t: "key", key: "program" },
      { t: "digit", digit: "9" },
      { t: "key", key: "lock" },
    ],
    action: "hand-door",
    success: {},
  },
  {
    id: "create-master-code",
    rule: "B-PRG-2",
    start: { kind: "program-key" },
    when: "no-programming-code",
    tokens: [
      { t: "key", key: "program" },
      { t: "digits", role: "new-programming" },
      { t: "key", key: "lock" },
    ],
    action: "set-programming-code",
    success: ONE_BEEP,
  },
  {
    id: "add-user-code",
    rule: "B-PRG-3",
    start: { kind: "program-key" },
    when: "programming-code-set",
    tokens: [
      { t: "key", key: "program" },
      { t: "digits", role: "auth" },
      { t: "key", key: "lock" },
      { t: "key", key: "program" },
      { t: "digits", role: "new-user" },
      { t: "key", key: "lock" },
    ],
    action: "add-code",
    success: ONE_BEEP,
  },
];

export const halo: LockProfile = {
  ...GUIDE_BASE,
  id: "halo",
  name: "Kwikset Halo (Wi-Fi)",
  models: ["Halo"],
  sources: ["seed 002", "seed 004"],
  keypad: {
    kind: "buttons",
    confirmLabel: "Lock",
    sharedButtons: [],
    entryEnds: "lock-or-pause",
    entryPauseMs: 2_000,
  },
  interior: { resetHole: false, clutchLever: false, programmingSwitch: false, doorSensor: true },
  radio: "wifi",
  defaultSettings: { ...GUIDE_BASE.defaultSettings, ...REMOTE_SETTINGS },
  pairing: WIFI_JOIN,
  codes: {
    capacity: 30,
    userLengthMin: 4,
    userLengthMax: 8,
    programmingLengthMin: 4,
    programmingLengthMax: 8, // B-PRG-2: 4–8 digits
    uniquePrefixDigits: 4,
    defaultProgrammingCode: null,
    silentWithoutCodes: true,
  },
  // Seed 002: "Enter each code and verify the lock responds with one beep and the bolt moves."
  signals: { ...GUIDE_BASE.signals, programSuccess: ONE_BEEP, codeAccepted: ONE_BEEP },
  procedures: MASTER_CODE_PROCEDURES,
  boot: [
    {
      key: "program",
      holdMs: 30_000,
      signalAtHold: { longBeeps: 1 },
      complete: "at-hold",
      then: "factory-reset",
    },
  ],
};
