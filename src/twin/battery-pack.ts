/**
 * The pack of four AA cells in series, its contacts, and the packs a scenario can name
 * (SCENARIOS.md `batteries:`; the alkaline levels are defined once, in pack-levels.ts). A
 * reversed cell breaks the circuit; corroded contacts add series resistance (B-PWR-5).
 * Terminal voltage sags under load: V = Voc − I·R.
 */
import type { Cell, Chemistry } from "./battery-cell.ts";
import type { PackKind } from "./pack-levels.ts";
import { LEVEL_OF_KIND, PACK_LEVELS } from "./pack-levels.ts";
import {
  capacityFraction,
  drainedCharge,
  internalOhm,
  newCell,
  openCircuitV,
  selfDischargedCharge,
  withCharge,
} from "./battery-cell.ts";

export type { PackKind } from "./pack-levels.ts";

/** Four cells of a pack kind; the alkaline levels are pack-levels.ts's. */
export function makePack(kind: PackKind): Cell[] {
  const four = (chem: Chemistry, charge: number): Cell[] => [0, 1, 2, 3].map(() => newCell(chem, charge));
  switch (kind) {
    case "fresh":
    case "low":
    case "unlocks-only":
    case "critical":
    case "dead":
      return four("alkaline", PACK_LEVELS[LEVEL_OF_KIND[kind] ?? "fresh"].charge);
    case "rechargeable":
      return four("nimh", 1);
    case "lithium":
      return four("lithium", 1);
    case "mixed":
      return [
        newCell("alkaline", 1),
        newCell("alkaline", 1),
        newCell("alkaline", 0.25),
        newCell("alkaline", 0.25),
      ];
    case "reversed":
      return [
        newCell("alkaline", 1),
        newCell("alkaline", 1, true),
        newCell("alkaline", 1),
        newCell("alkaline", 1),
      ];
  }
}

/** Contact resistance of clean terminals, ohms (ours: spring contacts, a few tens of mΩ). */
export const CLEAN_CONTACT_OHM = 0.05;

export interface PackElectrics {
  /** Open-circuit voltage of the pack, or 0 when the circuit is broken. */
  readonly openV: number;
  /** Series resistance: cells plus contacts. */
  readonly seriesOhm: number;
}

export function packElectrics(
  cells: readonly Cell[],
  temperatureC: number,
  contactOhm: number,
): PackElectrics {
  if (cells.length !== 4) return BROKEN;
  let openV = 0;
  let seriesOhm = contactOhm;
  let prev: Cell | null = null;
  let cellV = 0;
  let cellOhm = 0;
  for (const c of cells) {
    if (c.reversed) return BROKEN;
    if (c !== prev) {
      // Cells that drained together are one object (ageAndDrainPack): work each out once.
      cellV = openCircuitV(c);
      cellOhm = internalOhm(c, temperatureC);
      prev = c;
    }
    openV += cellV;
    seriesOhm += cellOhm;
  }
  return { openV, seriesOhm };
}

function sameCell(a: Cell, b: Cell): boolean {
  return (
    a === b ||
    (a.charge === b.charge &&
      a.chemistry === b.chemistry &&
      a.reversed === b.reversed &&
      a.capacityMah === b.capacityMah)
  );
}

/** `packElectrics(...).openV` without the resistances: the voltage at rest, 0 with the circuit broken. */
export function packOpenV(cells: readonly Cell[]): number {
  if (cells.length !== 4) return 0;
  let openV = 0;
  let prev: Cell | null = null;
  let cellV = 0;
  for (const c of cells) {
    if (c.reversed) return 0;
    if (c !== prev) {
      cellV = openCircuitV(c);
      prev = c;
    }
    openV += cellV;
  }
  return openV;
}

const BROKEN: PackElectrics = Object.freeze({ openV: 0, seriesOhm: Infinity });

/** The pack after `currentMa` for `seconds` (the same current flows through every cell in series). */
export function drainPack(
  cells: readonly Cell[],
  currentMa: number,
  seconds: number,
  temperatureC = 20,
): Cell[] {
  return ageAndDrainPack(cells, 0, currentMa, seconds, temperatureC);
}

export function ageCells(cells: readonly Cell[], seconds: number): Cell[] {
  return ageAndDrainPack(cells, seconds, 0, 0, 20);
}

/**
 * The pack after `agedSeconds` of self-discharge and then `currentMa` drawn for `seconds`:
 * exactly `drainPack(ageCells(cells, agedSeconds), currentMa, seconds)`, in one pass with one
 * new cell each and the capacity fraction worked out once per chemistry. The twin settles
 * its pack at every key press, signal and motor segment, so this is its hottest path.
 */
export function ageAndDrainPack(
  cells: readonly Cell[],
  agedSeconds: number,
  currentMa: number,
  seconds: number,
  temperatureC = 20,
): Cell[] {
  const draws = currentMa > 0 && seconds > 0;
  const out: Cell[] = [];
  let chemistry: Cell["chemistry"] | null = null;
  let fraction = 1;
  let prevIn: Cell | null = null;
  let prevOut: Cell | null = null;
  for (const c of cells) {
    if (prevOut && prevIn && sameCell(c, prevIn)) {
      // A cell like the one before ends like it: share the object (a pack drains as one).
      out.push(prevOut);
      continue;
    }
    let charge = agedSeconds > 0 ? selfDischargedCharge(c, c.charge, agedSeconds) : c.charge;
    if (draws) {
      if (c.chemistry !== chemistry) {
        chemistry = c.chemistry;
        fraction = capacityFraction(c, currentMa, temperatureC);
      }
      charge = drainedCharge(charge, c.capacityMah, currentMa, seconds, fraction);
    }
    prevIn = c;
    prevOut = charge === c.charge ? c : withCharge(c, charge);
    out.push(prevOut);
  }
  return out;
}

type MutableCell = { -readonly [K in keyof Cell]: Cell[K] };

/**
 * `ageAndDrainPack` done to the cells themselves, allocating nothing: the twin owns its pack's
 * cells and settles them at every key press, signal and motor segment, its hottest path
 * (issue 17). Neighbouring cells that are alike become one shared object first, as
 * `ageAndDrainPack` makes them (a pack drains as one), so each distinct cell is worked out once.
 * `burstMa` for `burstSeconds` (a key's backlight, a beep) is drained after the steady draw in
 * the same pass: what a second call would do, with the same arithmetic, for one pass not two.
 */
export function ageAndDrainPackInPlace(
  cells: Cell[],
  agedSeconds: number,
  currentMa: number,
  seconds: number,
  temperatureC = 20,
  burstMa = 0,
  burstSeconds = 0,
): void {
  const draws = currentMa > 0 && seconds > 0;
  const bursts = burstMa > 0 && burstSeconds > 0;
  const only = cells[0];
  if (
    only !== undefined &&
    cells.length === 4 &&
    cells[1] === only &&
    cells[2] === only &&
    cells[3] === only
  ) {
    // The usual pack: one cell object, shared since the cells first drained together. The same
    // arithmetic as the loop below, without its bookkeeping (this runs ~40 times a lock-day).
    let charge = agedSeconds > 0 ? selfDischargedCharge(only, only.charge, agedSeconds) : only.charge;
    if (draws)
      charge = drainedCharge(
        charge,
        only.capacityMah,
        currentMa,
        seconds,
        capacityFraction(only, currentMa, temperatureC),
      );
    if (bursts)
      charge = drainedCharge(
        charge,
        only.capacityMah,
        burstMa,
        burstSeconds,
        capacityFraction(only, burstMa, temperatureC),
      );
    (only as MutableCell).charge = charge;
    return;
  }
  for (let i = 1; i < cells.length; i++) {
    const before = cells[i - 1] as Cell;
    if (cells[i] !== before && sameCell(cells[i] as Cell, before)) cells[i] = before;
  }
  let chemistry: Cell["chemistry"] | null = null;
  let fraction = 1;
  let burstFraction = 1;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i] as MutableCell;
    if (i > 0 && (c === cells[i - 1] || cells.indexOf(c) < i)) continue; // shared: already changed
    let charge = agedSeconds > 0 ? selfDischargedCharge(c, c.charge, agedSeconds) : c.charge;
    if (c.chemistry !== chemistry) {
      chemistry = c.chemistry;
      if (draws) fraction = capacityFraction(c, currentMa, temperatureC);
      if (bursts) burstFraction = capacityFraction(c, burstMa, temperatureC);
    }
    if (draws) charge = drainedCharge(charge, c.capacityMah, currentMa, seconds, fraction);
    // The burst after the steady draw, as a second call would drain it: the same arithmetic.
    if (bursts) charge = drainedCharge(charge, c.capacityMah, burstMa, burstSeconds, burstFraction);
    c.charge = charge;
  }
}
