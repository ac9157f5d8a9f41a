/**
 * What a fleet run is asked for: how many locks, how many days, the seed, the usage model,
 * the model of lock, the cells, the climate, faults, doors and owners; and the defaults.
 */
import type { Climate } from "./seasons.ts";
import type { UsageKind } from "./usage-model.ts";
import type { DoorFit } from "./fleet-lock.ts";
import { CONSTANT_20C } from "./seasons.ts";

export type CellKind = "alkaline" | "lithium";

export interface FleetOptions {
  readonly locks: number;
  readonly days: number;
  readonly seed?: number;
  readonly usage?: UsageKind;
  readonly profileId?: string;
  readonly cells?: CellKind;
  readonly climate?: Climate;
  /** Faults appear by their rates (fault-rates.ts); off for calibration runs. */
  readonly faults?: boolean;
  readonly doors?: DoorFit;
  /** False: owners run every pack to the end (battery-life calibration). */
  readonly ownersHeedWarnings?: boolean;
  /** The first day's place in the year, 0 = 1 January. */
  readonly startDayOfYear?: number;
}

export const FLEET_DEFAULTS = {
  seed: 1,
  usage: "typical",
  profileId: "smartcode-914",
  cells: "alkaline",
  faults: true,
  doors: "seasonal",
  ownersHeedWarnings: true,
  startDayOfYear: 0,
} as const;

/** Lock time of the fleet's first midnight: 2026-01-01T00:00:00Z. */
export const FLEET_START_MS = 1_767_225_600_000;

/**
 * The conditions of Kwikset's battery claim (docs/twin.md "Fleets"): typical use, 20 °C all
 * year, no faults, door aligned, owners who run every pack to the end. The calibration test
 * and the bench both use them.
 */
export const BATTERY_CALIBRATION: Omit<FleetOptions, "locks" | "days"> = {
  seed: 1,
  usage: "typical",
  climate: CONSTANT_20C,
  faults: false,
  doors: "aligned",
  ownersHeedWarnings: false,
};
