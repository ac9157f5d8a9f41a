/**
 * What a person at the door perceives when they use the simulated lock: the bolt (out, part
 * way, not at all), the motor's sound, and the lights and beeps, classed the way the guides
 * teach a person to read them (seed 003 "Visual Confirmation System": green = success,
 * red + 3 beeps = failure, no response = power). Sound and travel come from the twin's
 * physics — a person hears a motor spinning free and sees a bolt stop half way.
 */
import type { Signal } from "../../core/signals.ts";
import type { LockTwin } from "../../twin/lock-twin.ts";
import { digitsToKeys, settleLock, tap, typeKeys } from "../../twin/person-actions.ts";

/** What the lights and beeper said, as a person classes it with the model's manual. */
export type SignalSeen = "none" | "jam" | "error" | "battery";
/** What the motor sounded like while the person waited. */
export type SoundHeard = "bolt-moves" | "click" | "whir" | "silent";
export type BoltSeen = "extends" | "partway" | "stays" | "retracts";

export interface ActionSeen {
  /** The keypad lit or sounded at all (the electronics have power). */
  readonly lit: boolean;
  readonly bolt: BoltSeen;
  readonly sound: SoundHeard;
  readonly signal: SignalSeen;
  /** A green flash (code accepted) was among the signals. */
  readonly green: boolean;
  /** The low-battery warning was among the signals. */
  readonly warning: boolean;
  /** Key presses that did not register (no backlight, no beep for them). */
  readonly missedPresses: number;
}

/** A free-spinning motor draws only its no-load current (the twin: 40 mA); a stall far more. */
const FREE_SPIN_MAX_A = 0.1;
const SAMPLE_MS = 50;
const WATCH_MS = 9_000;

const RANK: Readonly<Record<SignalSeen, number>> = { none: 0, jam: 1, error: 2, battery: 3 };

/**
 * Classes one signal the way a person does with their model's manual: by what the pattern
 * means there (seed 003's table; the 910's own table), not by counting flashes across
 * models — red ×3 + 3 beeps is a battery alarm on a SmartCode and a wrong code on a 910.
 */
export function classifySignal(
  name: string,
  s: Signal,
): { seen: SignalSeen; green: boolean; warning: boolean } {
  const silent = !s.red && !s.green && !s.amber && !s.beeps && !s.longBeeps;
  let seen: SignalSeen = "none";
  if (!silent) {
    if (name === "jammed") seen = "jam";
    else if (name === "critical") seen = "battery";
    else if (name === "lowBattery") seen = (s.red ?? 0) > 0 ? "battery" : "none";
    else if (
      [
        "wrongCode",
        "keypadDisabled",
        "refused",
        "programFailure",
        "handingFailure",
        "noCodes",
        "lockout",
      ].includes(name)
    )
      seen = "error";
  }
  return { seen, green: (s.green ?? 0) > 0, warning: name === "lowBattery" && !silent };
}

/**
 * Watches the twin while `act` runs and the lock settles: samples the bolt every 50 ms of
 * lock time so a bolt that moves and comes back is seen moving.
 */
export function watch(twin: LockTwin, act: () => void): ActionSeen {
  const signalsBefore = twin.signals.length;
  const startsBefore = twin.motorStarts;
  const missedBefore = twin.missedPresses;
  const boltBefore = twin.boltState();
  const lit = twin.powered;
  let moved = false;
  act();
  for (let t = 0; t < WATCH_MS; t += SAMPLE_MS) {
    twin.advance(SAMPLE_MS);
    if (twin.boltState() === "moving") moved = true;
  }
  settleLock(twin);
  const after = twin.boltState();
  let bolt: BoltSeen = "stays";
  if (after === "jammed") bolt = "partway";
  else if (after !== boltBefore) bolt = after === "extended" ? "extends" : "retracts";
  else if (moved) bolt = "partway"; // went out and came back (retries)
  let sound: SoundHeard = "silent";
  if (twin.motorStarts > startsBefore) {
    const peakA = twin.lastRun?.peakCurrentA ?? 0;
    if (moved || bolt !== "stays") sound = "bolt-moves";
    else if (peakA <= 0) sound = "silent";
    else if (peakA <= FREE_SPIN_MAX_A) sound = "whir";
    else sound = "click";
  }
  let signal: SignalSeen = "none";
  let green = false;
  let warning = false;
  for (const rec of twin.signals.slice(signalsBefore)) {
    const c = classifySignal(rec.name, rec.signal);
    if (RANK[c.seen] > RANK[signal]) signal = c.seen;
    green ||= c.green;
    warning ||= c.warning;
  }
  return {
    lit: lit || twin.powered,
    bolt,
    sound,
    signal,
    green,
    warning,
    missedPresses: twin.missedPresses - missedBefore,
  };
}

/** The lock button pressed once from outside (one-touch locking, B-CODE-6). */
export function watchLockPress(twin: LockTwin): ActionSeen {
  return watch(twin, () => tap(twin, "lock"));
}

/** A code typed as the model wants it (with its Lock/Kwikset key where it needs one). */
export function watchCodeEntry(twin: LockTwin, code: string): ActionSeen {
  return watch(twin, () =>
    typeKeys(twin, [
      ...digitsToKeys(code),
      ...(twin.profile.keypad.entryEnds === "lock" ? (["lock"] as const) : []),
    ]),
  );
}
