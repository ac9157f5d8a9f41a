/**
 * The figures of a fleet run as one plain object (what `latchkey simulate --json` prints):
 * operations, failures by cause, mistakes and lockouts, battery changes and the distribution
 * of pack life, faults seen and fixed. Deterministic for the options and seed: no wall time.
 */
import type { FaultId } from "../fault-ids.ts";
import type { FailureCause } from "./failure-cause.ts";
import type { Distribution, FleetTally, Method } from "./fleet-tally.ts";
import type { FleetOptions } from "./fleet-options.ts";
import { FLEET_DEFAULTS } from "./fleet-options.ts";

/** Days in an average month, for months = days / this. */
export const DAYS_PER_MONTH = 365.25 / 12;

export type { Distribution } from "./fleet-tally.ts";

export interface FleetReport {
  readonly locks: number;
  readonly days: number;
  readonly seed: number;
  readonly usage: string;
  readonly profile: string;
  readonly cells: string;
  readonly lockDays: number;
  readonly operations: {
    readonly total: number;
    readonly perLockDay: number;
    readonly byMethod: Readonly<Record<Method, number>>;
  };
  /** Operations that did not work at the person's first go, by FAULTS.md cause. */
  readonly failures: {
    readonly total: number;
    readonly perThousandOperations: number;
    readonly byCause: Readonly<Partial<Record<FailureCause, number>>>;
  };
  readonly codeEntries: number;
  /** Code entries with a slipped digit. */
  readonly mistakes: number;
  readonly lockouts: number;
  readonly brownOuts: number;
  /** Failed operations the person then finished with the key or thumbturn. */
  readonly finishedByHand: number;
  /** Operations nobody could finish, not even by hand. */
  readonly undone: number;
  readonly battery: {
    readonly changes: number;
    readonly changedAtEndOfLife: number;
    readonly changedOnWarning: number;
    /**
     * Days from a pack going in to the first day the lock failed for battery reasons or
     * reported critical, over the packs that got there (see battery-log.ts).
     */
    readonly lifeDays: Distribution | null;
    readonly lifeMonths: Distribution | null;
    /** Days from the first low-battery warning to the end of life, over the same packs. */
    readonly warningDays: Distribution | null;
    /** Days in the lock of the packs that were changed, whatever the reason. */
    readonly serviceDays: Distribution | null;
    /** Packs still in at the end of the run that had not reached their end. */
    readonly packsStillGoing: number;
  };
  readonly faults: {
    readonly seen: Readonly<Partial<Record<FaultId, number>>>;
    readonly fixed: Readonly<Partial<Record<FaultId, number>>>;
  };
}

export function fleetReport(o: FleetOptions, t: FleetTally): FleetReport {
  const life = t.packLifeDays.distribution();
  const failures = [...t.failures.values()].reduce((a, b) => a + b, 0);
  return {
    locks: o.locks,
    days: o.days,
    seed: o.seed ?? FLEET_DEFAULTS.seed,
    usage: o.usage ?? FLEET_DEFAULTS.usage,
    profile: o.profileId ?? FLEET_DEFAULTS.profileId,
    cells: o.cells ?? FLEET_DEFAULTS.cells,
    lockDays: t.lockDays,
    operations: {
      total: t.operations,
      perLockDay: round(t.operations / Math.max(1, t.lockDays), 2),
      byMethod: { ...t.byMethod },
    },
    failures: {
      total: failures,
      perThousandOperations: round((1000 * failures) / Math.max(1, t.operations), 2),
      byCause: sortedRecord(t.failures),
    },
    codeEntries: t.codeEntries,
    mistakes: t.mistakes,
    lockouts: t.lockouts,
    brownOuts: t.brownOuts,
    finishedByHand: t.byHandAfterFailure,
    undone: t.undone,
    battery: {
      changes: t.batteryChanges,
      changedAtEndOfLife: t.packsChangedAtEndOfLife,
      changedOnWarning: t.packsChangedOnWarning,
      lifeDays: life,
      lifeMonths: life && scale(life, 1 / DAYS_PER_MONTH),
      warningDays: t.packWarningDays.distribution(),
      serviceDays: t.packServiceDays.distribution(),
      packsStillGoing: t.packsStillGoing,
    },
    faults: { seen: sortedRecord(t.faultsSeen), fixed: sortedRecord(t.faultsFixed) },
  };
}

function scale(d: Distribution, k: number): Distribution {
  return {
    count: d.count,
    min: round(d.min * k, 1),
    median: round(d.median * k, 1),
    max: round(d.max * k, 1),
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** A Map as a record, largest count first. */
function sortedRecord<K extends string>(m: ReadonlyMap<K, number>): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = {};
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) out[k] = v;
  return out;
}
