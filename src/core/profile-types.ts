/**
 * A model profile: everything that differs between lock models, as data (STYLE.md rule 6).
 * The one core interprets it; a new model is a new profile file, never a new branch.
 * Where the guides disagree (BEHAVIOR.md preamble), the difference lives here.
 */
import type { Signal, SignalName } from "./signals.ts";
import type { KeyName } from "./keys.ts";
import type { PairingMethod } from "./radio-types.ts";

/** What a finished programming procedure does to the lock. */
export type ProcedureAction =
  | "add-code" // store the `new` code in the captured slot, or the first free slot
  | "delete-slot" // free the captured slot (B-CODE-7)
  | "delete-by-code" // free the slot whose code was entered as `existing` (B-PRG-6)
  | "delete-all" // free every slot
  | "set-programming-code" // B-PRG-2, B-PRG-5, B-PRG-7, B-PRG-8
  | "hand-door"; // B-SET-4: learn the door handing by moving the bolt

/**
 * One element of a programming sequence. Sequences are matched key by key against every
 * procedure of the profile at once, so a profile lists its procedures and the core finds
 * which one the person is doing (see programming-session.ts).
 */
export type Token =
  /** A named key pressed once. */
  | { readonly t: "key"; readonly key: "program" | "lock"; readonly signal?: Signal }
  /** One literal digit, e.g. the 955's menu digit 3. `commit` drops the other candidates. */
  | { readonly t: "digit"; readonly digit: string; readonly signal?: Signal; readonly commit?: boolean }
  /** The same key pressed N times to choose slot N (B-PRG-4). */
  | {
      readonly t: "presses";
      readonly key: "program";
      readonly firstSignal?: Signal;
      readonly eachSignal?: Signal;
    }
  /** A slot number typed as digits (B-PRG-1), ended by the next key token. */
  | { readonly t: "slot-number"; readonly maxDigits: number }
  /**
   * Digits ended by `lock`: a new code, its confirmation, the programming code (auth),
   * an existing user code, or a literal such as 999999.
   */
  | {
      readonly t: "digits";
      readonly role: "new-user" | "new-programming" | "confirm" | "auth" | "existing" | "literal";
      readonly equals?: string;
    };

/** When a procedure is available. */
export type ProcedureCondition =
  "programming-code-set" | "no-programming-code" | "programming-switch-on" | "always";

export interface Procedure {
  readonly id: string;
  /** Which BEHAVIOR.md rule or guide it implements. */
  readonly rule: string;
  /**
   * How it starts: with the Program key (the first token is that key), after the
   * programming code is entered and confirmed with `lock`, or by holding Program.
   */
  readonly start:
    | { readonly kind: "program-key" }
    | { readonly kind: "programming-code"; readonly signal?: Signal }
    | { readonly kind: "hold-program"; readonly holdMs: number; readonly signal?: Signal };
  readonly when: ProcedureCondition;
  readonly tokens: readonly Token[];
  readonly action: ProcedureAction;
  readonly success: Signal;
  /** Failure feedback; the profile's `programFailure` when absent. */
  readonly failure?: Signal;
}

/** Something done by holding a key while the pack goes in (B-SET-3, B-RST-2). */
export interface BootHold {
  readonly key: "program" | "lock";
  /** How long the key must be held from power-up; 0 when any hold counts (seed 001's handing). */
  readonly holdMs: number;
  /** The guide or manual whose procedure this is, when a profile follows more than one. */
  readonly source?: string;
  /** Given the moment the hold reaches holdMs, while the key is still down. */
  readonly signalAtHold?: Signal;
  /**
   * When it takes effect: as soon as the hold time is reached; when the key is released
   * after it; or at the next Program press after release, within windowMs.
   */
  readonly complete: "at-hold" | "on-release" | "next-program-press";
  readonly windowMs?: number;
  /**
   * What it does. `refuse`: a guide's procedure this model does not have, answered with the
   * profile's `refused` signal so a person following the guide is not left with nothing.
   */
  readonly then: "hand-door" | "factory-reset" | "refuse";
  readonly completeSignal?: Signal;
}

/**
 * How a model joins and leaves its controller's network, as its guide or MANUFACTURER.md
 * describes it (B-HW-7, B-NET-3). Data, so the core and the twin follow it without asking
 * which radio it is.
 */
export interface PairingProcedure {
  readonly method: PairingMethod;
  /** The guide or manual it follows. */
  readonly source: string;
  /** What the hub or app does, in a person's words (docs, the web page). */
  readonly controllerStep: string;
  /** What the person does at the lock, in words. */
  readonly lockStep: string;
  /**
   * `press-radio-button`: the lock joins only within `listenMs` after a person pressed its
   * radio button (Z-Wave: the hub includes a node that announced itself). `nothing`: an
   * unpaired lock waits to be added by the app (Wi-Fi join, Bluetooth pairing in range).
   */
  readonly atLock: "press-radio-button" | "nothing";
  readonly listenMs: number;
  /** Removal by the controller needs the step at the lock too (Z-Wave exclusion). */
  readonly removeNeedsLockStep: boolean;
  /** Shown when the lock joins. */
  readonly pairedSignal: Signal;
}

export interface LockProfile {
  readonly id: string;
  readonly name: string;
  readonly models: readonly string[];
  /** The guides or manual it follows, e.g. "seed 000". */
  readonly sources: readonly string[];
  readonly keypad: {
    readonly kind: "buttons" | "touchscreen";
    /** Label of the confirm key (B-HW-1). */
    readonly confirmLabel: string;
    /** Digits that share one button (smartcode-910: "12","34",...); empty when one digit per key. */
    readonly sharedButtons: readonly string[];
    /** How an entry ends (B-CODE-6): `lock` only, or `lock` or a pause. */
    readonly entryEnds: "lock" | "lock-or-pause";
    readonly entryPauseMs: number;
  };
  readonly interior: {
    readonly resetHole: boolean;
    readonly clutchLever: boolean;
    readonly programmingSwitch: boolean;
    readonly doorSensor: boolean;
  };
  readonly radio: "zwave" | "wifi" | "bluetooth" | null;
  /** How it pairs with its controller; null exactly when it has no radio. */
  readonly pairing: PairingProcedure | null;
  readonly codes: {
    readonly capacity: number;
    readonly userLengthMin: number;
    readonly userLengthMax: number;
    readonly programmingLengthMin: number;
    readonly programmingLengthMax: number;
    /** B-CODE-4: how many leading digits must differ between codes; null = only whole codes. */
    readonly uniquePrefixDigits: number | null;
    /** B-SET-1: the programming code out of the box, or null for none. */
    readonly defaultProgrammingCode: string | null;
    /** B-SET-7 vs the 910: does the keypad stay silent while no user code exists? */
    readonly silentWithoutCodes: boolean;
  };
  /** B-PRG-9: a sequence left unfinished is discarded after this long without a key. */
  readonly sequenceTimeoutMs: number;
  readonly lockout: {
    /** Wrong entries that start a lockout (B-SEC-1). */
    readonly attempts: number;
    /** Only count wrong entries within this window (910: 60 s); null = in a row. */
    readonly windowMs: number | null;
    readonly durationMs: number;
    /**
     * B-SEC-6 against paced guessing: once this many wrong entries have come in a row without
     * a right code between them — however far apart — every further wrong entry starts a
     * lockout, each longer than the last. (A window alone is beaten by waiting it out.)
     */
    readonly everyWrongFrom: number;
  };
  readonly autoLock: {
    readonly allowedSeconds: readonly number[] | { readonly min: number; readonly max: number };
  };
  readonly bolt: {
    /** B-BOLT-6: retries after a stall before reporting jammed. */
    readonly jamRetries: number;
    /** A run that has not reached its end by then is stalled. */
    readonly runTimeoutMs: number;
    /** Current is ignored for this long after start (inrush), REFERENCES GreenPAK. */
    readonly blankingMs: number;
    /**
     * Winding resistance of the motor: the firmware judges a stall when the current
     * reaches `stallRatio` of supplyV / motorOhm, whatever the pack's state.
     */
    readonly motorOhm: number;
    readonly stallRatio: number;
  };
  readonly battery: {
    /** B-PWR-2: pack voltage at rest under which the lock warns. */
    readonly lowV: number;
    /** B-PWR-3: under which it refuses to extend the bolt. */
    readonly criticalV: number;
    /** The same judgements on the lowest supply seen under motor load (B-PWR-5: weak cells show under load). */
    readonly lowUnderLoadV: number;
    readonly criticalUnderLoadV: number;
    /** The electronics reset below this; a run predicted to sag under it is not started. */
    readonly brownOutV: number;
  };
  readonly signals: Readonly<Record<SignalName, Signal>>;
  readonly procedures: readonly Procedure[];
  readonly boot: readonly BootHold[];
  /** B-RST-3: holding the reset hole this long is a factory reset. */
  readonly resetHole: { readonly holdMs: number; readonly signal: Signal } | null;
  /** Factory settings (B-SET-1); scenario `settings:` override them. */
  readonly defaultSettings: Readonly<Record<string, number | boolean>>;
}

/** Keys a profile's keypad and interior actually have. */
export function profileHasKey(profile: LockProfile, key: KeyName): boolean {
  if (key === "reset") return profile.interior.resetHole;
  return true;
}
