/**
 * What the five field guides agree on, shared by the guide profiles so each profile file
 * says only where its model differs. Values are cited to BEHAVIOR.md rules; where the
 * guides are silent the choice is ours and is written in docs/profiles/.
 */
import type { LockProfile } from "../profile-types.ts";
import type { Signal } from "../signals.ts";

export const GREEN: Signal = { green: 1 };
export const FAILURE: Signal = { red: 1, beeps: 3 }; // B-FB-2

export const GUIDE_SIGNALS: LockProfile["signals"] = {
  codeAccepted: { green: 1 }, // B-FB-1: green flash (the bolt moving is the rest of the answer)
  wrongCode: FAILURE, // FAULTS wrong-code: "red / rejected" — we use the B-FB-2 failure signal
  keypadDisabled: FAILURE, // B-SEC-2: codes rejected in vacation/privacy mode
  programSuccess: { green: 1, beeps: 1 }, // B-FB-1
  programFailure: FAILURE, // B-FB-2
  jammed: { red: 1, beeps: 1 }, // B-BOLT-6
  critical: { red: 3, beeps: 3 }, // B-PWR-3
  lowBattery: { amber: 1 }, // B-PWR-2: warns (our choice of signal: amber, unlike any failure)
  noCodes: {}, // B-SET-7: silent until a user code exists
  handingSuccess: { green: 1 }, // B-SET-5
  handingFailure: { red: 1 }, // B-SET-5
  lockout: {}, // B-SEC-1: the keypad ignores input silently
  oneTouchLock: {}, // the bolt moving is the answer
  refused: FAILURE, // an operation the lock cannot do now (not handed, B-SET-2)
};

export const GUIDE_BASE = {
  sequenceTimeoutMs: 10_000, // B-PRG-9: about 5–10 s between keys
  // B-SEC-1; B-SEC-6: from the 10th wrong code in a row, each wrong code locks out (ours).
  lockout: { attempts: 5, windowMs: null, durationMs: 5 * 60_000, everyWrongFrom: 10 },
  autoLock: { allowedSeconds: { min: 30, max: 180 } }, // B-BOLT-7
  bolt: { jamRetries: 2, runTimeoutMs: 2_000, blankingMs: 150, motorOhm: 7.5, stallRatio: 0.9 }, // B-BOLT-6
  // B-PWR-2: 1.3 V a cell at rest; B-PWR-3: 1.15 V a cell (ours). Under the motor's load the
  // same cells may sag further: 4.0 V / 3.5 V under load mean low / critical (ours).
  battery: { lowV: 5.2, criticalV: 4.6, lowUnderLoadV: 4.0, criticalUnderLoadV: 3.5, brownOutV: 3.0 },
  signals: GUIDE_SIGNALS,
  resetHole: null,
  // B-BOLT-7: auto-lock off by default; `autoLock: true` turns it on at 30 s, `autoLockSeconds` sets the delay.
  defaultSettings: { autoLock: false, autoLockSeconds: 0, audio: true },
} satisfies Partial<LockProfile>;

/**
 * Settings of every model with a radio: `requirePinForRemote` makes a remote lock or unlock
 * carry a user code (as Matter's RequirePINforRemoteOperation); off by default (ours).
 */
export const REMOTE_SETTINGS = { requirePinForRemote: false } as const;
