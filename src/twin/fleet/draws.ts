/**
 * Seeded chance for fleets: a seed for each lock and purpose derived from the fleet's seed,
 * and the few distributions the usage, fault and owner models draw from. Everything goes
 * through `SeededRandom` (never Math.random), so a fleet with the same seed is the same fleet.
 */
import { SeededRandom } from "../seeded-random.ts";

/** What a lock's seed is for: its owner and household, or the twin's own chance events. */
export type SeedStream = "household" | "twin";

const STREAM: Readonly<Record<SeedStream, number>> = { household: 0x68a1, twin: 0x7e11 };

/** A well-mixed 32-bit seed for lock `index` of a fleet (murmur3's finaliser over seed, index, stream). */
export function lockSeed(fleetSeed: number, index: number, stream: SeedStream): number {
  let h = (fleetSeed >>> 0) ^ Math.imul(index + 1, 0x9e3779b1) ^ Math.imul(STREAM[stream], 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0 || 1;
}

export function householdRandom(fleetSeed: number, index: number): SeededRandom {
  return new SeededRandom(lockSeed(fleetSeed, index, "household"));
}

/** True with probability `p`. */
export function chance(rng: SeededRandom, p: number): boolean {
  return p > 0 && rng.next() < p;
}

/** A number uniformly in [min, max). */
export function inRange(rng: SeededRandom, [min, max]: readonly [number, number]): number {
  return rng.between(min, max);
}

/** A whole number of days uniformly in [min, max]. */
export function daysIn(rng: SeededRandom, [min, max]: readonly [number, number]): number {
  return min + rng.int(max - min + 1);
}

/** Waiting time of a Poisson process with `perYear` events a year, in days (Infinity at rate 0). */
export function exponentialDays(rng: SeededRandom, perYear: number): number {
  if (perYear <= 0) return Infinity;
  return (-Math.log(1 - rng.next()) / perYear) * 365;
}

/** An index drawn with probability proportional to `weights`. */
export function pickWeighted(rng: SeededRandom, weights: readonly number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let x = rng.next() * total;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i] ?? 0;
    if (x < 0) return i;
  }
  return weights.length - 1;
}
