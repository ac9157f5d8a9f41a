/**
 * The pack of four AA cells in series, its contacts, and the packs a scenario can name
 * (SCENARIOS.md `batteries:`). A reversed cell breaks the circuit; corroded contacts add
 * series resistance (B-PWR-5). Terminal voltage sags under load: V = Voc − I·R.
 */
import type { Cell, Chemistry } from "./battery-cell.ts";
import { drain, internalOhm, newCell, openCircuitV, selfDischarge } from "./battery-cell.ts";

export type PackKind =
  | "fresh"
  | "low"
  | "critical"
  | "dead"
  | "rechargeable"
  | "lithium"
  | "mixed"
  | "reversed"
  /** Further drained than `low`: still above critical, no longer strong enough to extend (FAULTS battery-low). */
  | "drained";

/**
 * Charge of an alkaline cell for each named state (see battery-cell.ts curve):
 * low ≈ 1.25 V a cell, under the 1.3 V warning but still able to lock, slowly (B-PWR-2);
 * drained ≈ 1.17 V, unlocks but cannot extend the bolt (B-BOLT-5); critical ≈ 1.05 V
 * (B-PWR-3); dead 0.7 V, under the electronics' brown-out (B-PWR-4).
 */
const ALKALINE_CHARGE = { fresh: 1, low: 0.45, drained: 0.3, critical: 0.16, dead: 0 } as const;

export function makePack(kind: PackKind): Cell[] {
  const four = (chem: Chemistry, charge: number): Cell[] => [0, 1, 2, 3].map(() => newCell(chem, charge));
  switch (kind) {
    case "fresh":
    case "low":
    case "drained":
    case "critical":
    case "dead":
      return four("alkaline", ALKALINE_CHARGE[kind]);
    case "rechargeable":
      return four("nimh", 1);
    case "lithium":
      return four("lithium", 1);
    case "mixed":
      return [newCell("alkaline", 1), newCell("alkaline", 1), newCell("alkaline", 0.25), newCell("alkaline", 0.25)];
    case "reversed":
      return [newCell("alkaline", 1), newCell("alkaline", 1, true), newCell("alkaline", 1), newCell("alkaline", 1)];
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

export function packElectrics(cells: readonly Cell[], temperatureC: number, contactOhm: number): PackElectrics {
  if (cells.length !== 4 || cells.some((c) => c.reversed)) return { openV: 0, seriesOhm: Infinity };
  let openV = 0;
  let seriesOhm = contactOhm;
  for (const c of cells) {
    openV += openCircuitV(c);
    seriesOhm += internalOhm(c, temperatureC);
  }
  return { openV, seriesOhm };
}

/** The pack after `currentMa` for `seconds` (the same current flows through every cell in series). */
export function drainPack(cells: readonly Cell[], currentMa: number, seconds: number, temperatureC = 20): Cell[] {
  return cells.map((c) => drain(c, currentMa, seconds, temperatureC));
}

export function ageCells(cells: readonly Cell[], seconds: number): Cell[] {
  return cells.map((c) => selfDischarge(c, seconds));
}
