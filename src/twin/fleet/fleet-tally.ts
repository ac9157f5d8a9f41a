/**
 * What a fleet run counts, shared by all its locks so that a lock carries no counters of its
 * own: operations by how they were done, failures by cause, mistakes and lockouts, battery
 * changes and each pack's life, faults seen and fixed.
 */
import type { FaultId } from "../fault-ids.ts";
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
  readonly packs: PackLife[] = [];
  readonly faultsSeen = new Map<FaultId, number>();
  readonly faultsFixed = new Map<FaultId, number>();
  /** Lock-days simulated and simulated lock time, ms (for lock-seconds per wall-second). */
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
}
