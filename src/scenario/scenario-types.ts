// The scenario language's AST (SCENARIOS.md v1): what the parser hands the runner. One place for
// these types so the parser, the runner and the trace agree on what a step is. Every step and the
// lock setup keep their 1-based source line, so a failed expectation can point back at the file.

/** A key on the exterior keypad: a digit, the lock/confirm key, program, or the reset hole. */
export type KeyName =
  "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "lock" | "program" | "reset";

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

/** The lock as the scenario's `lock:` block sets it up, with the defaults of SCENARIOS.md filled in. */
export interface LockSetup {
  /** 1-based line of the `lock:` key. */
  line: number;
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
}

/** A command over the lock's radio, as an app or hub sends it (`remote:` step). */
export type RemoteCommand =
  | { type: "lock" }
  | { type: "unlock" }
  | {
      type: "setCode";
      slot: number;
      code: string;
      validFrom?: number;
      validUntil?: number;
      schedule?: WeeklySchedule;
    }
  | { type: "deleteCode"; slot: number }
  | { type: "mode"; mode: "normal" | "vacation" | "privacy" | "passage" }
  | { type: "settings"; settings: Record<string, number | string | boolean> };

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
  lastEvent?: {
    type?: "lock" | "unlock";
    source?: "keypad" | "key" | "thumbturn" | "remote" | "auto-lock";
    slot?: number;
  };
  motorRan?: boolean;
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
  | { kind: "remote"; command: RemoteCommand }
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
