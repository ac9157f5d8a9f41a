/**
 * What a fleet run counts, shared by all its locks so that a lock carries no counters of its
 * own: operations by how they were done, failures by cause, mistakes and lockouts, battery
 * changes and what the packs' lives came to, faults seen and fixed.
 *
 * Everything is a count or a histogram of whole days, so a tally's size is bounded by the
 * run's days, never its locks (100,000 locks run in the memory of 100), and tallies add up:
 * locks run on several threads or as shards on several machines give, added, the tally of one
 * run (issue 17). `toJSON`/`fromJSON` carry a tally between threads and in shard files.
 */
import type { FaultId } from "../fault-ids.ts";
import { FAULT_IDS } from "../fault-ids.ts";
import type { FailureCause } from "./failure-cause.ts";

/** How an operation was done. */
export type Method = "code" | "lock-button" | "key" | "thumbturn" | "auto-lock";
export const METHODS: readonly Method[] = ["code", "lock-button", "key", "thumbturn", "auto-lock"];

/** One pack's life in a lock. Days count from the fleet's first day. */
export interface PackLife {
  readonly insertedDay: number;
  /** First day the lock showed the low-battery warning (B-PWR-2), or null. */
  readonly firstLowDay: number | null;
  /**
   * End of its life: the first day the lock failed to lock or unlock for battery reasons or
   * reported critical (B-PWR-3), or null if it was changed earlier or is still in.
   */
  readonly endDay: number | null;
  /** Day it was taken out, or null if still in at the end of the run. */
  readonly removedDay: number | null;
  /** Why it was changed: it had failed (or reported critical), or the owner heeded the warning. */
  readonly changedOn: "end-of-life" | "warning" | null;
}

/** Min, median and max of whole-day values, and how many there were. */
export interface Distribution {
  readonly count: number;
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

/** How many times each whole number of days came up: an exact distribution in bounded memory. */
export class DayHistogram {
  private readonly counts = new Map<number, number>();

  add(days: number, times = 1): void {
    this.counts.set(days, (this.counts.get(days) ?? 0) + times);
  }

  addAll(other: DayHistogram): void {
    for (const [days, times] of other.counts) this.add(days, times);
  }

  /** Min, median (the mean of the middle two for an even count) and max, or null for none. */
  distribution(): Distribution | null {
    const sorted = [...this.counts].sort((a, b) => a[0] - b[0]);
    const count = sorted.reduce((n, [, times]) => n + times, 0);
    if (count === 0) return null;
    const nth = (k: number): number => {
      let seen = 0;
      for (const [days, times] of sorted) {
        seen += times;
        if (k < seen) return days;
      }
      return sorted[sorted.length - 1]?.[0] ?? 0;
    };
    const mid = count >> 1;
    const median = count % 2 === 1 ? nth(mid) : (nth(mid - 1) + nth(mid)) / 2;
    return { count, min: sorted[0]?.[0] ?? 0, median, max: sorted[sorted.length - 1]?.[0] ?? 0 };
  }

  /** `[days, times]` pairs, fewest days first. */
  toJSON(): [number, number][] {
    return [...this.counts].sort((a, b) => a[0] - b[0]);
  }

  static fromJSON(pairs: readonly (readonly [number, number])[]): DayHistogram {
    const h = new DayHistogram();
    for (const [days, times] of pairs) h.add(days, times);
    return h;
  }
}

/** A tally as plain data (threads, shard files); see FleetTally.toJSON. */
export interface TallyData {
  readonly lockDays: number;
  readonly operations: number;
  readonly byMethod: Readonly<Record<Method, number>>;
  readonly failures: readonly (readonly [string, number])[];
  readonly codeEntries: number;
  readonly mistakes: number;
  readonly lockouts: number;
  readonly byHandAfterFailure: number;
  readonly undone: number;
  readonly brownOuts: number;
  readonly batteryChanges: number;
  readonly packs: {
    readonly lifeDays: readonly (readonly [number, number])[];
    readonly warningDays: readonly (readonly [number, number])[];
    readonly serviceDays: readonly (readonly [number, number])[];
    readonly changedAtEndOfLife: number;
    readonly changedOnWarning: number;
    readonly stillGoing: number;
  };
  readonly faultsSeen: readonly (readonly [string, number])[];
  readonly faultsFixed: readonly (readonly [string, number])[];
}

export class FleetTally {
  operations = 0;
  readonly byMethod: Record<Method, number> = {
    code: 0,
    "lock-button": 0,
    key: 0,
    thumbturn: 0,
    "auto-lock": 0,
  };
  /** Operations that did not work at the person's first go (with their own retries), by cause. */
  readonly failures = new Map<FailureCause, number>();
  /** Code entries typed, and those with a slipped digit. */
  codeEntries = 0;
  mistakes = 0;
  lockouts = 0;
  /** Failed operations finished by hand instead (the key outside, the thumbturn inside). */
  byHandAfterFailure = 0;
  /** Operations nobody could finish, not even by hand. */
  undone = 0;
  brownOuts = 0;
  batteryChanges = 0;
  /** Days from a pack going in to the end of its life, over the packs that reached it (battery-log.ts). */
  readonly packLifeDays = new DayHistogram();
  /** Days from the first low-battery warning to the end of life, over those packs that warned. */
  readonly packWarningDays = new DayHistogram();
  /** Days in the lock of the packs that were taken out, whatever the reason. */
  readonly packServiceDays = new DayHistogram();
  packsChangedAtEndOfLife = 0;
  packsChangedOnWarning = 0;
  /** Packs still in at the end of the run that had not reached their end. */
  packsStillGoing = 0;
  readonly faultsSeen = new Map<FaultId, number>();
  readonly faultsFixed = new Map<FaultId, number>();
  /** Lock-days simulated (for lock-seconds per wall-second). */
  lockDays = 0;

  operation(method: Method): void {
    this.operations++;
    this.byMethod[method]++;
  }

  failure(cause: FailureCause): void {
    this.failures.set(cause, (this.failures.get(cause) ?? 0) + 1);
  }

  faultSeen(id: FaultId): void {
    this.faultsSeen.set(id, (this.faultsSeen.get(id) ?? 0) + 1);
  }

  faultFixed(id: FaultId): void {
    this.faultsFixed.set(id, (this.faultsFixed.get(id) ?? 0) + 1);
  }

  /** A pack's life is over in this run: taken out, or still in at the end. */
  pack(p: PackLife): void {
    if (p.endDay !== null) {
      this.packLifeDays.add(p.endDay - p.insertedDay);
      if (p.firstLowDay !== null) this.packWarningDays.add(p.endDay - p.firstLowDay);
    }
    if (p.removedDay !== null) this.packServiceDays.add(p.removedDay - p.insertedDay);
    else if (p.endDay === null) this.packsStillGoing++;
    if (p.changedOn === "end-of-life") this.packsChangedAtEndOfLife++;
    else if (p.changedOn === "warning") this.packsChangedOnWarning++;
  }

  /** Adds another tally's counts to this one (locks run elsewhere). */
  add(o: FleetTally): void {
    this.lockDays += o.lockDays;
    this.operations += o.operations;
    for (const m of METHODS) this.byMethod[m] += o.byMethod[m];
    for (const [cause, n] of o.failures) this.failures.set(cause, (this.failures.get(cause) ?? 0) + n);
    this.codeEntries += o.codeEntries;
    this.mistakes += o.mistakes;
    this.lockouts += o.lockouts;
    this.byHandAfterFailure += o.byHandAfterFailure;
    this.undone += o.undone;
    this.brownOuts += o.brownOuts;
    this.batteryChanges += o.batteryChanges;
    this.packLifeDays.addAll(o.packLifeDays);
    this.packWarningDays.addAll(o.packWarningDays);
    this.packServiceDays.addAll(o.packServiceDays);
    this.packsChangedAtEndOfLife += o.packsChangedAtEndOfLife;
    this.packsChangedOnWarning += o.packsChangedOnWarning;
    this.packsStillGoing += o.packsStillGoing;
    for (const [id, n] of o.faultsSeen) this.faultsSeen.set(id, (this.faultsSeen.get(id) ?? 0) + n);
    for (const [id, n] of o.faultsFixed) this.faultsFixed.set(id, (this.faultsFixed.get(id) ?? 0) + n);
  }

  toJSON(): TallyData {
    const pairs = <K extends string>(m: ReadonlyMap<K, number>): [string, number][] =>
      [...m].sort((a, b) => a[0].localeCompare(b[0]));
    return {
      lockDays: this.lockDays,
      operations: this.operations,
      byMethod: { ...this.byMethod },
      failures: pairs(this.failures),
      codeEntries: this.codeEntries,
      mistakes: this.mistakes,
      lockouts: this.lockouts,
      byHandAfterFailure: this.byHandAfterFailure,
      undone: this.undone,
      brownOuts: this.brownOuts,
      batteryChanges: this.batteryChanges,
      packs: {
        lifeDays: this.packLifeDays.toJSON(),
        warningDays: this.packWarningDays.toJSON(),
        serviceDays: this.packServiceDays.toJSON(),
        changedAtEndOfLife: this.packsChangedAtEndOfLife,
        changedOnWarning: this.packsChangedOnWarning,
        stillGoing: this.packsStillGoing,
      },
      faultsSeen: pairs(this.faultsSeen),
      faultsFixed: pairs(this.faultsFixed),
    };
  }

  /**
   * A tally from its plain data. The data is trusted to have the shape of `TallyData` (shard
   * files are checked against their schema first, fleet-shard.ts); an unknown cause or fault id
   * is still refused here.
   */
  static fromJSON(d: TallyData): FleetTally {
    const t = new FleetTally();
    t.lockDays = d.lockDays;
    t.operations = d.operations;
    for (const m of METHODS) t.byMethod[m] = d.byMethod[m];
    for (const [cause, n] of d.failures) t.failures.set(failureCause(cause), n);
    t.codeEntries = d.codeEntries;
    t.mistakes = d.mistakes;
    t.lockouts = d.lockouts;
    t.byHandAfterFailure = d.byHandAfterFailure;
    t.undone = d.undone;
    t.brownOuts = d.brownOuts;
    t.batteryChanges = d.batteryChanges;
    t.packLifeDays.addAll(DayHistogram.fromJSON(d.packs.lifeDays));
    t.packWarningDays.addAll(DayHistogram.fromJSON(d.packs.warningDays));
    t.packServiceDays.addAll(DayHistogram.fromJSON(d.packs.serviceDays));
    t.packsChangedAtEndOfLife = d.packs.changedAtEndOfLife;
    t.packsChangedOnWarning = d.packs.changedOnWarning;
    t.packsStillGoing = d.packs.stillGoing;
    for (const [id, n] of d.faultsSeen) t.faultsSeen.set(faultId(id), n);
    for (const [id, n] of d.faultsFixed) t.faultsFixed.set(faultId(id), n);
    return t;
  }
}

const FAULTS: ReadonlySet<string> = new Set(FAULT_IDS);

function faultId(id: string): FaultId {
  if (!FAULTS.has(id)) throw new RangeError(`unknown fault "${id}"`);
  return id as FaultId;
}

function failureCause(cause: string): FailureCause {
  return cause === "unexplained" ? "unexplained" : faultId(cause);
}
