/**
 * A fleet of 1,000 smartcode-914 twins living a year of typical use (src/twin/fleet): the
 * real run, every operation typed key by key through the twin and its firmware, nothing
 * extrapolated. Wall time, simulated lock-seconds per wall-second, and microseconds per
 * lock-day on one core.
 */
import { simulateFleet } from "../src/twin/fleet/simulate-fleet.ts";
import type { FleetOptions } from "../src/twin/fleet/fleet-options.ts";
import type { BenchResult } from "./benchmark.ts";

const FLEET: FleetOptions = {
  locks: 1_000,
  days: 365,
  seed: 1,
  usage: "typical",
  profileId: "smartcode-914",
};
const TARGET_SECONDS_ONE_CORE = 5;
const TARGET_US_PER_LOCK_DAY = 15;

export function run(): BenchResult[] {
  simulateFleet({ ...FLEET, locks: 20, days: 60 }); // warm up the JIT
  const t0 = performance.now();
  const r = simulateFleet(FLEET);
  const seconds = (performance.now() - t0) / 1000;
  const n = (x: number): string => x.toLocaleString("en-US");
  return [
    {
      name: "fleet 1,000 × 365 days, one core (in process)",
      value: seconds,
      unit: "s",
      target: TARGET_SECONDS_ONE_CORE,
      better: "lower",
      note: `smartcode-914, typical use, seed 1, run for real: ${n(r.operations.total)} operations, ${n(r.failures.total)} failures, ${n(r.battery.changes)} battery changes`,
    },
    {
      name: "fleet µs per lock-day, one core",
      value: (seconds * 1e6) / r.lockDays,
      unit: "µs",
      target: TARGET_US_PER_LOCK_DAY,
      better: "lower",
    },
    {
      name: "fleet simulated lock-seconds per wall-second, one core",
      value: Math.round((r.lockDays * 86_400) / seconds),
      unit: "lock-s/s",
    },
  ];
}
