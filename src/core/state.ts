/**
 * The firmware's state: a persistent part that survives a power cut through the store
 * (B-PWR-8), and a transient part that a power cut clears (B-PWR-7). Plain data, so it
 * can be copied, compared, serialised and measured.
 */
import type { LockMode, WeeklyWindow } from "./radio-types.ts";
import type { HistorySource } from "./history.ts";
import type { DeviceSecret } from "./security/device-secret.ts";

/** Where the bolt's position switch says the bolt is (B-BOLT-1). */
/**
 * What the bolt's position switch reads, in the motor's frame: the spindle at the end
 * reached by turning clockwise, at the other end, or between. Which end is "extended"
 * is what the door-handing procedure learns (B-SET-3), so a lock with the wrong handing
 * really does retract when asked to lock (B-SET-6).
 */
export type BoltPosition = "cw-end" | "ccw-end" | "between";

/** Every timer the core asks for has a name, so a person can see what is pending. */
export type TimerName =
  | "entryPause" // B-CODE-6: the entry ends after a pause with no key
  | "sequence" // B-PRG-9: an unfinished programming sequence is discarded
  | "lockout" // B-SEC-1: the keypad works again
  | "motorRun" // B-BOLT-6: a run that has not reached its end is stalled
  | "autoLock" // B-BOLT-7
  | "holdProgram" // press-and-hold of the Program key (910 master code)
  | "holdReset" // B-RST-3: reset hole held
  | "bootHold" // B-SET-3, B-RST-2: a key held at power-up
  | "bootWindow" // the window for the confirming Program press after a boot hold
  | "batteryCheck"; // periodic measurement of the pack

/**
 * A user code at rest: keyed hashes only, never digits (B-SEC-7). The hashes are held as
 * integers that V8 keeps unboxed inside the object (Smis: 32-bit on a 64-bit Node, which does
 * not compress pointers), not as hex strings: a plain code is one object of three words,
 * 48 bytes, where an object and two strings took ~96 (bench core-state-size, issue 17). Every
 * bit of the 8-byte tag code-hash.ts keeps is kept, so the store record and the code-table
 * checksum are what they were with hex strings (storage/stored-code-compat.test.ts).
 */
export interface StoredCode {
  /** Keyed hash of the whole (normalised) code: the tag's bytes 0–3, big-endian, as a signed 32-bit integer. */
  readonly fullHi: number;
  /** The tag's bytes 4–7, the same way. */
  readonly fullLo: number;
  /**
   * Keyed hash of its first digits, for B-CODE-4: the tag's first 3 bytes (0…0xffffff), or
   * NO_PREFIX (-1) when the profile has no prefix rule.
   */
  readonly prefix: number;
  readonly validFromMs?: number;
  readonly validUntilMs?: number;
  readonly weekly?: WeeklyWindow;
  /** A limited-use code (B-CODE-1 "one use"): uses left; at 0 it no longer opens. Absent: no limit. */
  readonly usesLeft?: number;
  /** Switched off from the hub, kept in its slot (setSchedule enabled: false): opens nothing. */
  readonly disabled?: true;
}

/** When a code works (B-CODE-8): the part of a stored code `isWithinWindow` reads. */
export type CodeWindow = Pick<StoredCode, "validFromMs" | "validUntilMs" | "weekly">;

export interface PersistentState {
  /**
   * This lock's own key for its code hashes (B-SEC-7; security/device-secret.ts): drawn when
   * the lock was made, kept by a factory reset, never reported.
   */
  readonly secret: DeviceSecret;
  /** One entry per slot; null is a free slot. Length = profile capacity. */
  readonly codes: readonly (StoredCode | null)[];
  readonly programmingCode: StoredCode | null;
  /** The motor direction that extends the bolt, learned by the handing procedure. */
  readonly handing: "cw" | "ccw" | null;
  readonly settings: Readonly<Record<string, number | boolean>>;
  readonly mode: LockMode;
  readonly paired: boolean;
  /** B-SEC-6: lockouts in a row without a right code; the next lasts base × 2^level. */
  readonly lockoutLevel: number;
  /** Resets caused by the supply sagging under the brown-out voltage (telemetry). */
  readonly brownOuts: number;
}

/** What the lock knows of its last motor run, for the app and the troubleshooter. */
export interface LastRunTelemetry {
  readonly startedMs: number;
  readonly durationMs: number;
  readonly target: "extended" | "retracted";
  readonly attempts: number;
  readonly peakCurrentMa: number;
  /** Lowest supply seen under the motor's load. */
  readonly minSupplyV: number;
  readonly outcome: "ok" | "jammed" | "wrong-end";
}

export type ReportedBolt = "locked" | "unlocked" | "jammed" | "unknown";
export type BatteryLevel = "ok" | "low" | "critical";

/** A motor run in progress (B-BOLT-6). */
export interface MotorRun {
  readonly purpose: "operate" | "handing";
  readonly target: "extended" | "retracted";
  readonly drive: "cw" | "ccw";
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly phase: "driving" | "backing-off";
  readonly startedMs: number;
  /** When the first attempt of this request started (telemetry). */
  readonly firstStartedMs: number;
  readonly minSupplyV: number;
  /** The inrush blanking time has passed, so current is judged (REFERENCES: 100–150 ms). */
  readonly blankingDone: boolean;
  readonly source: HistorySource;
  /** The keypad slot that asked for this run, or null. Always present: runs keep one shape. */
  readonly slot: number | null;
  /** The radio request this run answers when it ends (lock/unlock from a hub), or null. */
  readonly requestId: string | null;
  readonly lastCurrentMa: number;
  readonly lastSupplyV: number;
  readonly peakCurrentMa: number;
  /** The bolt left the end it started at during this run. */
  readonly moved: boolean;
}

/** The handing procedure's progress (B-SET-3/4): runs done and what they showed. */
export interface HandingProgress {
  /** Runs done so far: cw, ccw, cw, ccw, then one more to leave the bolt retracted. */
  readonly run: number;
  /** Running current seen in each direction on runs where the bolt moved. */
  readonly cwCurrentMa: number;
  readonly ccwCurrentMa: number;
  readonly cwRuns: number;
  readonly ccwRuns: number;
}

/** One candidate procedure while a programming sequence is being typed. */
export interface Candidate {
  readonly procedure: number;
  readonly token: number;
  /** Presses counted by a `presses` token, digits gathered by a digits/slot token. */
  readonly presses: number;
  readonly digits: string;
  readonly slot?: number;
  readonly newCode?: string;
}

export interface Session {
  readonly candidates: readonly Candidate[];
  /**
   * The attempt was refused at a Program press past the last slot (B-CODE-3, B-PRG-4): it has
   * no candidates left, and further Program presses still belong to it and are swallowed, so
   * that the 32nd press cannot start a new attempt at slot 1 and overwrite its code. Any other
   * key, or the sequence timeout, ends it.
   */
  readonly refused?: true;
  /**
   * The attempt was refused before its end (B-FB-2): where the person is in the refused
   * procedure, so that the keys finishing it are swallowed (programming-session.ts).
   */
  readonly shadow?: Candidate;
  /** The shadow follows a wrong programming code: the right one typed after Program starts over. */
  readonly retryWithProgrammingCode?: true;
}

export interface BootState {
  readonly poweredUpMs: number;
  /** The key held while the pack went in; still down while `held`. */
  readonly key: "program" | "lock";
  readonly held: boolean;
  /** Index into profile.boot of the longest hold reached so far, or -1. */
  readonly reached: number;
  /** Waiting for the confirming Program press of a `next-program-press` hold (its index), or -1. */
  readonly awaitingPress: number;
}

export interface CoreState {
  readonly powered: boolean;
  readonly persistent: PersistentState;
  /** Digits typed outside a programming sequence, normalised; null when none. */
  readonly entry: string | null;
  readonly session: Session | null;
  readonly wrongCount: number;
  readonly wrongTimesMs: readonly number[];
  readonly lockedOutUntilMs: number | null;
  readonly programHeldSinceMs: number | null;
  readonly resetHeldSinceMs: number | null;
  readonly boot: BootState | null;
  readonly boltPosition: BoltPosition;
  readonly reported: ReportedBolt;
  readonly run: MotorRun | null;
  readonly handing: HandingProgress | null;
  readonly batteryRestV: number;
  /** When the pack was last measured at rest (power-up, after a run, a battery check), or null. */
  readonly batteryMeasuredMs: number | null;
  /** Lowest supply under motor load during the most recent run, or null before any run. */
  readonly batteryMinLoadV: number | null;
  readonly temperatureC: number | null;
  readonly lastRun: LastRunTelemetry | null;
  /** Resistance of pack and contacts, learned from the sag under a running motor (ohms), or null. */
  readonly sourceOhm: number | null;
  /** When `sourceOhm` was learned: cells warm up and contacts come and go, so it goes stale. */
  readonly sourceLearnedMs: number | null;
  readonly battery: BatteryLevel;
  readonly doorClosed: boolean | null;
  /** Auto-lock fired while the door was open; lock as soon as it closes (B-BOLT-7). */
  readonly autoLockWaiting: boolean;
  /**
   * Until when the lock listens for a controller after a person pressed its radio button
   * (Z-Wave inclusion or exclusion, profile `pairing`), lock ms; null when not listening.
   */
  readonly pairingUntilMs: number | null;
  /**
   * Due times of pending timers, lock ms, undefined when idle; a timer event for a stale
   * name is ignored. Every name is always present, so the record keeps one shape (fast copies).
   */
  readonly timers: Readonly<Record<TimerName, number | undefined>>;
}
