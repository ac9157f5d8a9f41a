/**
 * The one definition of each level an alkaline pack can be at, named by what the lock does on
 * it (issue 16, item 6). "Low" meant two things: a scenario's `batteries: low` is a pack that
 * warns and still locks (B-PWR-2), while the FAULTS.md fault `battery-low` is one that unlocks
 * but will not lock (B-BOLT-5, seed 000's headline symptom). Both read "low" to the lock (under
 * the profile's 1.3 V a cell), but they are different packs, so each has its own name here, and
 * the scenario words, the fault, the web page's pack buttons and the docs all take them from
 * this table.
 *
 * Volts are the pack's open-circuit voltage at 20 °C on the twin's alkaline curve
 * (battery-cell.ts, REFERENCES: 6.5 V fresh to about 3.6 V at end of life); a test holds them
 * to the curve. What the lock does also depends on the cold and on the bolt's load; these are
 * the levels on a healthy lock in a door that fits, at 20 °C.
 */

/** A level of an alkaline pack, by what the lock does on it. */
export type PackLevelId = "fresh" | "warns-still-locks" | "unlocks-only" | "refuses-to-lock" | "no-response";

export interface PackLevel {
  readonly id: PackLevelId;
  /** Fraction of a new alkaline cell's charge left in each of the four cells. */
  readonly charge: number;
  /** Open-circuit volts a cell and the pack of four, at 20 °C. */
  readonly cellV: number;
  readonly packV: number;
  /** What the lock does on this pack, as a person sees it. */
  readonly does: string;
  /** The rules and sources behind it. */
  readonly rules: string;
}

export const PACK_LEVELS: Readonly<Record<PackLevelId, PackLevel>> = {
  fresh: {
    id: "fresh",
    charge: 1,
    cellV: 1.6,
    packV: 6.4,
    does: "new cells: everything works",
    rules: "B-PWR-1",
  },
  "warns-still-locks": {
    id: "warns-still-locks",
    // Just under the 1.3 V a cell that means "replace" (B-PWR-2), not far under it: a pack at
    // 1.25 V (5.0 V) had so little margin that from 16 °C down the cold's resistance (B-PWR-6)
    // stopped it pushing the bolt out. At 1.29 V it reads low up to 30 °C and locks down to 8 °C.
    charge: 0.53,
    cellV: 1.29,
    packV: 5.16,
    does: "warns (reads low) and still locks, slowly",
    rules: "B-PWR-2: under 1.3 V a cell the lock warns but keeps working",
  },
  "unlocks-only": {
    id: "unlocks-only",
    charge: 0.3,
    cellV: 1.17,
    packV: 4.67,
    does: "warns; unlocks, but cannot push the bolt out (reports a jam)",
    rules: "B-BOLT-5, FAULTS battery-low (seed 000: unlocks but won't lock)",
  },
  "refuses-to-lock": {
    id: "refuses-to-lock",
    charge: 0.16,
    cellV: 1.05,
    packV: 4.19,
    does: "three red flashes and three beeps; will not try to lock",
    rules: "B-PWR-3, FAULTS battery-critical",
  },
  "no-response": {
    id: "no-response",
    charge: 0,
    cellV: 0.7,
    packV: 2.8,
    does: "no beep, no light: under the electronics' 3.0 V brown-out",
    rules: "B-PWR-4, FAULTS battery-dead",
  },
};

/**
 * The packs a scenario (SCENARIOS.md `batteries:`) and the page can name. The scenario words
 * keep their meaning: `low` is the pack that warns and still locks. `unlocks-only` has no
 * scenario word; a scenario gets it with the fault `battery-low`.
 */
export const PACK_KINDS = [
  "fresh",
  "low",
  "unlocks-only",
  "critical",
  "dead",
  "rechargeable",
  "lithium",
  "mixed",
  "reversed",
] as const;
export type PackKind = (typeof PACK_KINDS)[number];

/** The level each alkaline pack kind is at; other kinds are not a level of an alkaline pack. */
export const LEVEL_OF_KIND: Readonly<Partial<Record<PackKind, PackLevelId>>> = {
  fresh: "fresh",
  low: "warns-still-locks",
  "unlocks-only": "unlocks-only",
  critical: "refuses-to-lock",
  dead: "no-response",
};

/** What each pack kind is, for people (the page's buttons, docs). */
export const PACK_DESCRIPTIONS: Readonly<Record<PackKind, string>> = {
  fresh: `${PACK_LEVELS.fresh.packV.toFixed(1)} V — ${PACK_LEVELS.fresh.does}`,
  // Two decimals: 5.16 V rounded to 5.2 V would read as the 5.2 V threshold itself.
  low: `${PACK_LEVELS["warns-still-locks"].packV.toFixed(2)} V — ${PACK_LEVELS["warns-still-locks"].does}`,
  "unlocks-only": `${PACK_LEVELS["unlocks-only"].packV.toFixed(1)} V — ${PACK_LEVELS["unlocks-only"].does}`,
  critical: `${PACK_LEVELS["refuses-to-lock"].packV.toFixed(1)} V — ${PACK_LEVELS["refuses-to-lock"].does}`,
  dead: `${PACK_LEVELS["no-response"].packV.toFixed(1)} V — ${PACK_LEVELS["no-response"].does}`,
  rechargeable: "5.1 V — NiMH cells: flat and low, weak locking, reads wrong (B-PWR-1)",
  lithium: "7.2 V — lithium cells: strong, then a steep end with little warning (B-PWR-1)",
  mixed: "two new and two old alkaline cells: weak, fails early (B-PWR-1)",
  reversed: "one cell in backwards: no response (B-PWR-4)",
};
