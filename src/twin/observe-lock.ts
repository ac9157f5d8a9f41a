/**
 * What a person (or a test) can see of a twin at a moment, in the words of SCENARIOS.md
 * "Expectations": the bolt, what the lock reports, signals counted since a mark, the
 * keypad's state, handing, codes, battery belief, the newest lock/unlock and whether the
 * motor ran.
 */
import type { Signal } from "../core/signals.ts";
import { countCodes } from "../core/code-book.ts";
import type { LockTwin } from "./lock-twin.ts";

export interface Mark {
  readonly signalIndex: number;
  readonly motorStarts: number;
}

export interface SignalCounts {
  green: number;
  red: number;
  amber: number;
  beeps: number;
  longBeeps: number;
}

export interface LastEvent {
  readonly type: "lock" | "unlock";
  readonly source: "keypad" | "key" | "thumbturn" | "remote" | "auto-lock";
  readonly slot?: number;
}

export interface Observation {
  readonly atMs: number;
  readonly bolt: "extended" | "retracted" | "moving" | "jammed";
  readonly reported: "locked" | "unlocked" | "jammed" | "unknown";
  readonly feedback: SignalCounts;
  readonly keypad: "active" | "locked-out" | "disabled";
  readonly handed: boolean;
  readonly codes: number;
  readonly battery: "ok" | "low" | "critical" | "dead";
  readonly lastEvent: LastEvent | null;
  readonly motorRan: boolean;
  readonly packRestV: number;
  /** Paired with its hub or app, on both ends (B-NET-3). */
  readonly paired: boolean;
  /** The radio link is up: powered and in reach (B-NET-5). */
  readonly online: boolean;
}

export function markNow(twin: LockTwin): Mark {
  return { signalIndex: twin.signals.length, motorStarts: twin.motorStarts };
}

export function countSignals(signals: readonly { signal: Signal }[]): SignalCounts {
  const c: SignalCounts = { green: 0, red: 0, amber: 0, beeps: 0, longBeeps: 0 };
  for (const { signal: s } of signals) {
    c.green += s.green ?? 0;
    c.red += s.red ?? 0;
    c.amber += s.amber ?? 0;
    c.beeps += s.beeps ?? 0;
    c.longBeeps += s.longBeeps ?? 0;
  }
  return c;
}

export function observe(twin: LockTwin, since: Mark): Observation {
  const fw = twin.firmware.state;
  const persistent = twin.persistent();
  const mode = persistent?.mode ?? "normal";
  let keypad: Observation["keypad"] = "active";
  if (!twin.powered || mode === "vacation" || mode === "privacy") keypad = "disabled";
  else if (fw.lockedOutUntilMs !== null) keypad = "locked-out";
  return {
    atMs: twin.clock.nowMs,
    bolt: twin.boltState(),
    reported: twin.powered ? fw.reported : "unknown",
    feedback: countSignals(twin.signals.slice(since.signalIndex)),
    keypad,
    handed: persistent?.handing != null,
    codes: persistent ? countCodes(persistent) : 0,
    battery: twin.powered ? fw.battery : "dead",
    lastEvent: lastLockEvent(twin),
    motorRan: twin.motorStarts > since.motorStarts,
    packRestV: twin.packRestV(),
    ...twin.radioStatus(),
  };
}

function lastLockEvent(twin: LockTwin): LastEvent | null {
  for (let i = twin.history.length - 1; i >= 0; i--) {
    const e = twin.history[i];
    if (!e || (e.kind !== "lock" && e.kind !== "unlock")) continue;
    const source =
      e.source === "one-touch"
        ? "keypad"
        : e.source === "interior" || e.source === "system"
          ? "keypad"
          : e.source;
    return { type: e.kind, source, ...(e.slot === undefined ? {} : { slot: e.slot }) };
  }
  return null;
}
