/**
 * A fleet on virtual time (issue 4): N locks, each a real twin with its firmware, living D
 * days under a usage model, a climate, their doors, faults and owners. Each lock has its own
 * clock and its own seeded chance, so a lock's life does not depend on the others: they are
 * run one after the other (a lock's state stays in the processor's cache for its whole run,
 * and a finished lock is dropped), and the result depends only on the options and the seed.
 */
import type { LockProfile } from "../../core/profile-types.ts";
import { getProfile } from "../../core/profiles/index.ts";
import { withCodeHashMemo } from "../../core/security/code-hash.ts";
import { TEMPERATE } from "./seasons.ts";
import { USAGE_MODELS } from "./usage-model.ts";
import type { FleetConditions } from "./fleet-lock.ts";
import { FleetLock } from "./fleet-lock.ts";
import { FleetTally } from "./fleet-tally.ts";
import type { FleetReport } from "./fleet-report.ts";
import { fleetReport } from "./fleet-report.ts";
import type { FleetOptions } from "./fleet-options.ts";
import { FLEET_DEFAULTS, FLEET_START_MS } from "./fleet-options.ts";

/** Called as locks finish with the lock-days done and the lock-days in all. */
export type FleetProgress = (lockDaysDone: number, lockDays: number) => void;

/** Builds the fleet's locks, ready on day 0, all at once (the bench measures their memory). */
export function buildFleet(options: FleetOptions): {
  locks: FleetLock[];
  tally: FleetTally;
  conditions: FleetConditions;
} {
  const conditions = fleetConditions(options);
  const tally = new FleetTally();
  const locks: FleetLock[] = [];
  for (let i = 0; i < options.locks; i++) locks.push(new FleetLock(i, conditions, tally));
  return { locks, tally, conditions };
}

export function simulateFleet(options: FleetOptions, onProgress?: FleetProgress): FleetReport {
  const tally = new FleetTally();
  const total = options.locks * options.days;
  let done = 0;
  simulateLocks(fleetConditions(options), options.days, 0, options.locks, tally, () => {
    done += options.days;
    onProgress?.(done, total);
  });
  return fleetReport(options, tally);
}

/**
 * Runs the locks numbered `start` to `end - 1` of the fleet, one after the other, each for all
 * its days, into `tally`; `onLock` is called after each. A lock's life depends only on the
 * conditions and its number, so any split of the numbers (threads, shards) adds up to the same.
 */
export function simulateLocks(
  conditions: FleetConditions,
  days: number,
  start: number,
  end: number,
  tally: FleetTally,
  onLock?: () => void,
): void {
  // Nobody attacks a simulated fleet: its households' codes are hashed once, not every day.
  withCodeHashMemo(() => {
    for (let i = start; i < end; i++) {
      const lock = new FleetLock(i, conditions, tally);
      for (let day = 0; day < days; day++) lock.runDay(day);
      lock.finish();
      onLock?.();
    }
  });
}

export function fleetConditions(o: FleetOptions): FleetConditions {
  const profile = fleetProfile(o.profileId ?? FLEET_DEFAULTS.profileId);
  const usage = USAGE_MODELS[o.usage ?? FLEET_DEFAULTS.usage];
  if (usage.guests && profile.radio === null) {
    throw new RangeError(
      `${profile.id} has no radio: a rental needs one to send guests' temporary codes (B-CODE-8)`,
    );
  }
  const startDayOfYear = o.startDayOfYear ?? FLEET_DEFAULTS.startDayOfYear;
  return {
    profile,
    usage,
    climate: o.climate ?? TEMPERATE,
    pack: (o.cells ?? FLEET_DEFAULTS.cells) === "lithium" ? "lithium" : "fresh",
    faults: o.faults ?? FLEET_DEFAULTS.faults,
    doors: o.doors ?? FLEET_DEFAULTS.doors,
    ownersHeedWarnings: o.ownersHeedWarnings ?? FLEET_DEFAULTS.ownersHeedWarnings,
    startMs: FLEET_START_MS + startDayOfYear * 86_400_000,
    startDayOfYear,
    fleetSeed: o.seed ?? FLEET_DEFAULTS.seed,
  };
}

function fleetProfile(id: string): LockProfile {
  const profile = getProfile(id);
  if (!profile) throw new RangeError(`unknown profile "${id}"`);
  return profile;
}
