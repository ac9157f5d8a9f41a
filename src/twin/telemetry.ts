/**
 * What the lock reports about itself (issue 4, "Telemetry the troubleshooter will read"):
 * its last motor run, the pack at rest and under load, temperature, brown-outs, wrong-code
 * count and the timers it has pending. Everything here comes from the firmware's own
 * state — what a real lock could send to an app — not from the twin's hidden physics.
 */
import type { LockMode } from "../core/radio-types.ts";
import type { LastRunTelemetry, TimerName } from "../core/state.ts";
import type { LockTwin } from "./lock-twin.ts";

export interface LockTelemetry {
  readonly atMs: number;
  /** False when the lock has no power: then it reports nothing else. */
  readonly responding: boolean;
  readonly packRestV: number | null;
  readonly packUnderLoadV: number | null;
  readonly battery: "ok" | "low" | "critical" | null;
  readonly temperatureC: number | null;
  readonly lastRun: LastRunTelemetry | null;
  readonly brownOuts: number;
  /** Wrong codes in a row since the last right one (B-SEC-6), or in the window where that is larger. */
  readonly wrongCodeCount: number;
  readonly lockedOutForMs: number;
  readonly reported: "locked" | "unlocked" | "jammed" | "unknown";
  readonly handed: boolean;
  readonly codes: number;
  readonly mode: LockMode;
  readonly paired: boolean;
  readonly pendingTimers: readonly { readonly name: TimerName; readonly inMs: number }[];
}

export function readTelemetry(twin: LockTwin): LockTelemetry {
  const now = twin.clock.nowMs;
  if (!twin.powered) {
    return {
      atMs: now,
      responding: false,
      packRestV: null,
      packUnderLoadV: null,
      battery: null,
      temperatureC: null,
      lastRun: null,
      brownOuts: twin.persistent()?.brownOuts ?? 0,
      wrongCodeCount: 0,
      lockedOutForMs: 0,
      reported: "unknown",
      handed: twin.persistent()?.handing != null,
      codes: twin.persistent()?.codes.filter((c) => c !== null).length ?? 0,
      mode: twin.persistent()?.mode ?? "normal",
      paired: twin.persistent()?.paired ?? false,
      pendingTimers: [],
    };
  }
  const s = twin.firmware.state;
  const pendingTimers = Object.entries(s.timers)
    .filter((e): e is [TimerName, number] => typeof e[1] === "number")
    .map(([name, due]) => ({ name, inMs: Math.max(0, due - now) }))
    .sort((a, b) => a.inMs - b.inMs);
  return {
    atMs: now,
    responding: true,
    packRestV: round(s.batteryRestV),
    packUnderLoadV: s.batteryMinLoadV === null ? null : round(s.batteryMinLoadV),
    battery: s.battery,
    temperatureC: s.temperatureC,
    lastRun: s.lastRun,
    brownOuts: s.persistent.brownOuts,
    wrongCodeCount: Math.max(s.wrongCount, s.wrongTimesMs.length),
    lockedOutForMs: s.lockedOutUntilMs === null ? 0 : Math.max(0, s.lockedOutUntilMs - now),
    reported: s.reported,
    handed: s.persistent.handing !== null,
    codes: s.persistent.codes.filter((c) => c !== null).length,
    mode: s.persistent.mode,
    paired: s.persistent.paired,
    pendingTimers,
  };
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
