/**
 * A pack's life in a fleet lock and the owner's habit with batteries. Battery life, as the
 * fleet measures it (issue 4), runs from the day a pack goes in to the first day the lock
 * fails to lock or unlock for battery reasons — no response (battery-dead), a refusal to throw
 * the bolt (battery-critical, B-PWR-3), a run the pack cannot finish (battery-low) — or
 * reports its pack critical. The owner changes the pack a day or two after that, or, if they
 * heed the low-battery warning (B-PWR-2), once it has shown for as long as they let it.
 */
import type { BatteryLevel } from "../../core/state.ts";
import type { SeededRandom } from "../seeded-random.ts";
import type { PackLife } from "./fleet-tally.ts";
import { chance, daysIn } from "./draws.ts";
import { REPAIR_DAYS } from "./fault-rates.ts";

/** How owners treat the low-battery warning (ours): half never act on it; the rest within a week to two months. */
export const OWNER_HABITS = { ignoresWarningShare: 0.5, patienceDays: [7, 60] as const };

/** Days an owner lets the low-battery warning show before changing the pack (Infinity: until it fails). */
export function drawPatienceDays(rng: SeededRandom, heedsWarnings = true): number {
  if (!heedsWarnings || chance(rng, OWNER_HABITS.ignoresWarningShare)) return Infinity;
  return daysIn(rng, OWNER_HABITS.patienceDays);
}

export class PackWatch {
  readonly insertedDay: number;
  firstLowDay: number | null = null;
  endDay: number | null = null;
  /** The day the owner will change the pack, once they have decided to. */
  changeDay: number | null = null;
  private changeOn: PackLife["changedOn"] = null;

  constructor(insertedDay: number) {
    this.insertedDay = insertedDay;
  }

  /** What the lock shows about its pack today (its own judgement, B-PWR-2/3). */
  saw(level: BatteryLevel, day: number, patienceDays: number, rng: SeededRandom): void {
    if (level === "ok") return;
    this.firstLowDay ??= day;
    if (level === "critical") this.ended(day, rng);
    else if (this.changeDay === null && day - this.firstLowDay >= patienceDays)
      this.plan(day + daysIn(rng, [0, 2]), "warning");
  }

  /** The lock failed for battery reasons today. */
  ended(day: number, rng: SeededRandom): void {
    this.endDay ??= day;
    if (this.changeOn !== "end-of-life")
      this.plan(day + daysIn(rng, REPAIR_DAYS["replace-batteries"] ?? [0, 2]), "end-of-life");
  }

  life(removedDay: number | null): PackLife {
    return {
      insertedDay: this.insertedDay,
      firstLowDay: this.firstLowDay,
      endDay: this.endDay,
      removedDay,
      changedOn: removedDay === null ? null : this.changeOn,
    };
  }

  private plan(day: number, on: NonNullable<PackLife["changedOn"]>): void {
    this.changeDay = this.changeDay === null ? day : Math.min(this.changeDay, day);
    this.changeOn = on;
  }
}
