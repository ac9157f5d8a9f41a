/**
 * Faults that appear by themselves in a lock's life, at rates per lock-year, and how long an
 * owner takes to notice and fix each (with the fix FAULTS.md names, fault-repairs.ts). The
 * rates are ours — no manufacturer publishes field failure rates — and each says why it is
 * what it is. Battery faults are not here: packs run down by physics (battery-log.ts), and
 * the seasonal strike is the door's (seasons.ts).
 */
import type { FaultId, FixId } from "../fault-ids.ts";

export interface FaultRate {
  readonly fault: FaultId;
  /** Mean appearances per lock-year. */
  readonly perLockYear: number;
  readonly why: string;
}

export const FAULT_RATES: readonly FaultRate[] = [
  {
    fault: "keypad-dirty",
    perLockYear: 0.15,
    why: "an outdoor keypad gathers grime; a few a year per hundred locks get bad enough to miss presses",
  },
  {
    fault: "bolt-dry",
    perLockYear: 0.1,
    why: "lubricant dries over years; guides say to lubricate the bolt every year or so, and most owners never do",
  },
  {
    fault: "radio-offline",
    perLockYear: 0.5,
    why: "a hub or router outage, moved or replaced router: a few a year per household, one in two lasting days",
  },
  {
    fault: "strike-misaligned",
    perLockYear: 0.04,
    why: "the house settles or the hinges sag (apart from the seasonal swelling of seasons.ts)",
  },
  {
    fault: "contacts-corroded",
    perLockYear: 0.03,
    why: "humidity, or a cell that leaked: rare with alkaline cells changed yearly",
  },
  {
    fault: "clutch-disengaged",
    perLockYear: 0.02,
    why: "the clutch lever knocked out of place, mostly while the interior cover is off",
  },
  {
    fault: "keypad-damaged",
    perLockYear: 0.005,
    why: "a key or the touch panel broken: vandalism, impact, water",
  },
  {
    fault: "clutch-spring-broken",
    perLockYear: 0.005,
    why: "a spring fatigues; a few per thousand locks a year",
  },
  {
    fault: "motor-failed",
    perLockYear: 0.003,
    why: "BHMA Grade A is 400,000 cycles; at 3,650 a year motors rarely wear out within a decade",
  },
];

/** Days from noticing a fault to fixing it, by fix (ours): batteries and cleaning are quick, support takes weeks. */
export const REPAIR_DAYS: Readonly<Partial<Record<FixId, readonly [number, number]>>> = {
  "replace-batteries": [0, 2],
  "clean-keypad": [0, 3],
  "clean-contacts": [1, 5],
  "reseat-clutch": [1, 4],
  "adjust-strike-plate": [2, 14],
  "lubricate-bolt": [1, 7],
  "restore-connectivity": [0, 3],
  "contact-support": [7, 21],
};

/** A fault that does not stop the lock is noticed anyway after this many days: a stiff key, an app that cannot reach the lock. */
export const NOTICE_QUIET_FAULT_DAYS: readonly [number, number] = [3, 60];

/** Fault appearances a lock-year in all (for drawing the next one). */
export const TOTAL_FAULT_RATE = FAULT_RATES.reduce((sum, f) => sum + f.perLockYear, 0);
