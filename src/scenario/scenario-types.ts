// The scenario language's AST (SCENARIOS.md v1): what the parser hands the runner. One place for
// these types so the parser, the runner and the trace agree on what a step is. Every step and the
// lock setup keep their 1-based source line, so a failed expectation can point back at the file.

import type { KeyName } from "../core/keys.ts";
import type { LockEventKind, LockSource, RadioCommand } from "../core/radio-types.ts";

// Key names and radio commands are core's (src/core/keys.ts, radio-types.ts): the language
// names them, it does not declare them again.
export type { KeyName, RadioCommand };

/** The battery pack in the lock (`lock.batteries`, `battery: { replace: KIND }`). */
export type BatteryKind =
  "fresh" | "low" | "critical" | "dead" | "rechargeable" | "lithium" | "mixed" | "reversed";

/** Whether the door is open or closed against the frame. */
export type DoorState = "open" | "closed";

/** A turn of the physical key or the thumbturn. */
export type Turn = "lock" | "unlock";

/** A user code already stored when the scenario starts (`lock.codes`). Times are epoch ms. */
export interface CodeSetup {
  slot: number;
  code: string;
  validFrom?: number;
  validUntil?: number;
  schedule?: WeeklySchedule;
}

/** Weekly window in the lock's clock: days as "mon".."sun", times "HH:MM" (24 h). Our extension of SCENARIOS.md for B-CODE-8 scheduled codes. */
export interface WeeklySchedule {
  days: ("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")[];
  from: string;
  until: string;
}

/**
 * Where the fields of a `lock:` block are in the file (1-based lines), so a field the profile
 * cannot honour (a code that breaks B-CODE-4, an unknown setting, a fault this model cannot
 * have) is reported at its own line rather than at `lock:`.
 */
export interface LockSetupLines {
  programmingCode?: number;
  paired?: number;
  /** One line per `codes` entry, in order. */
  codes: number[];
  /** One line per `faults` entry, in order. */
  faults: number[];
  /** The line of each setting, by name. */
  settings: Record<string, number>;
}

/** The lock as the scenario's `lock:` block sets it up, with the defaults of SCENARIOS.md filled in. */
export interface LockSetup {
  /** 1-based line of the `lock:` key. */
  line: number;
  /** Lines of its fields, when it was read from a file (the parser fills it in). */
  lines?: LockSetupLines;
  profile: string;
  state: "factory" | "ready";
  door: DoorState;
  batteries: BatteryKind;
  codes: CodeSetup[];
  programmingCode?: string;
  faults: string[];
  temperatureC: number;
  settings: Record<string, number | string | boolean>;
  /** Epoch ms of `lock.time`; default `Date.parse("2026-03-02T08:00:00Z")`. */
  timeMs: number;
  /** Paired with its hub or app; default: a ready lock with a radio is, a factory lock is not. */
  paired?: boolean;
}

/** Who pairs a lock: a hub (Z-Wave inclusion) or the app (Wi-Fi join, Bluetooth pairing). */
export type Controller = "hub" | "app";

/** One event the lock must have reported over the radio (`expect: { radio: [...] }`). */
export interface RadioEventExpectation {
  kind: LockEventKind;
  source?: LockSource | "keypad" | "remote";
  slot?: number;
}

/** What a `readSlot` answer must show (`expect: { slot: {...} }`). */
export interface SlotExpectation {
  occupied?: boolean;
  usesLeft?: number;
  enabled?: boolean;
  validFrom?: number;
  validUntil?: number;
}

/** Signals counted since the last `expect`; a signal not named is not checked. */
export interface SignalCounts {
  green?: number;
  red?: number;
  amber?: number;
  beeps?: number;
  longBeeps?: number;
}

/** What an `expect` step checks; only the fields given are checked. */
export interface Expectation {
  bolt?: "extended" | "retracted" | "moving" | "jammed";
  reported?: "locked" | "unlocked" | "jammed" | "unknown";
  feedback?: "none" | SignalCounts;
  keypad?: "active" | "locked-out" | "disabled";
  handed?: boolean;
  codes?: number;
  battery?: "ok" | "low" | "critical" | "dead";
  /** `none`: no lock or unlock in the history yet (our extension). */
  lastEvent?:
    | "none"
    | {
        type?: "lock" | "unlock";
        source?: "keypad" | "key" | "thumbturn" | "remote" | "auto-lock";
        slot?: number;
      };
  motorRan?: boolean;
  /** Paired with its hub or app (both ends agree). */
  paired?: boolean;
  /** The radio link is up (powered, in reach). */
  online?: boolean;
  /** Events the lock reported over the radio since the last `expect`, in this order; `none`: nothing. */
  radio?: "none" | RadioEventExpectation[];
  /** The answer to the newest `remote`, `pair` or `unpair` step: `ok`, a refusal code, or `pending`. */
  result?: string;
  /** The newest `readSlot` answer. */
  slot?: SlotExpectation;
}

/** One step of a scenario, without its position in the file. Durations are in seconds. */
export type StepBody =
  | { kind: "keys"; keys: KeyName[] }
  | { kind: "hold"; key: KeyName; seconds: number }
  | { kind: "press"; key: KeyName }
  | { kind: "release"; key: KeyName }
  | { kind: "battery"; action: "remove" }
  | { kind: "battery"; action: "insert" }
  | { kind: "battery"; action: "replace"; batteries: BatteryKind }
  | { kind: "wait"; seconds: number }
  | { kind: "door"; door: DoorState }
  | { kind: "key"; turn: Turn }
  | { kind: "thumbturn"; turn: Turn }
  | { kind: "fault"; fault: string }
  | { kind: "fix"; fix: string }
  | { kind: "remote"; command: RadioCommand }
  | { kind: "pair"; by: Controller }
  | { kind: "unpair"; by: Controller }
  | { kind: "temperature"; celsius: number }
  | { kind: "expect"; expect: Expectation };

/** A step with its 1-based source line and its 1-based step number. */
export type Step = StepBody & { line: number; index: number /* 1-based step number */ };

/** A parsed, valid scenario file. */
export interface Scenario {
  file: string;
  title: string;
  lock: LockSetup;
  steps: Step[];
}

/** Why a file is not valid scenario language: the file, the 1-based line and a reason a person understands. */
export interface ScenarioProblem {
  file: string;
  line: number;
  reason: string;
}

/** The parser's answer: a scenario, or every problem found. */
export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; problems: ScenarioProblem[] };
