/**
 * Bytes a fleet lock holds (issue 17: ≤ 4 KB, everything a fleet lock holds): 10,000 locks
 * built as `simulate` builds them — the twin with its firmware, clock, pack and store, the
 * household, door, faults and pack log, and their share of the fleet's tally — each lived
 * for a week, all kept alive at once. Heap (plus array buffers) and resident set, measured
 * after a full collection before and after, divided by the locks. A warm-up fleet of 500 is
 * built and dropped first, so code compiled on the way is not counted as the locks'.
 */
import { buildFleet } from "../src/twin/fleet/simulate-fleet.ts";
import type { FleetOptions } from "../src/twin/fleet/fleet-options.ts";
import type { BenchResult } from "./benchmark.ts";
import { keptBytes } from "./memory.ts";

const LOCKS = 10_000;
const DAYS = 7;
const TARGET_BYTES = 4_096;
const FLEET: FleetOptions = {
  locks: LOCKS,
  days: DAYS,
  seed: 1,
  usage: "typical",
  profileId: "smartcode-914",
};

function fleetOf(locks: number): ReturnType<typeof buildFleet> {
  const f = buildFleet({ ...FLEET, locks });
  for (const lock of f.locks) for (let day = 0; day < DAYS; day++) lock.runDay(day);
  return f;
}

export function run(): BenchResult[] {
  fleetOf(500);
  const { kept, each } = keptBytes(LOCKS, () => fleetOf(LOCKS));
  // A second fleet as large, with the first still alive: what each more lock adds to the
  // resident set once the heap's fixed slack (its young generation grown to full size, the
  // first old-space pages) has been paid — the RSS figure above spreads that over the locks.
  const more = keptBytes(LOCKS, () => fleetOf(LOCKS));
  const what = `${LOCKS.toLocaleString("en-US")} live smartcode-914 fleet locks after ${DAYS} days of typical use (twin, firmware, clock, pack, store, household, faults, pack log, tally)`;
  const figures: BenchResult[] = [
    {
      name: "bytes per fleet lock (heap)",
      value: Math.round(each.heapBytes),
      unit: "bytes",
      target: TARGET_BYTES,
      better: "lower",
      note: `heap + array buffers over ${what}`,
    },
    {
      name: "bytes per fleet lock (RSS)",
      value: Math.round(each.rssBytes),
      unit: "bytes",
      target: TARGET_BYTES,
      better: "lower",
      note: `growth of the resident set over ${what}; includes the heap's own slack`,
    },
    {
      name: "bytes per fleet lock (RSS, 10,000 more)",
      value: Math.round(more.each.rssBytes),
      unit: "bytes",
      target: TARGET_BYTES,
      better: "lower",
      note: `growth of the resident set over 10,000 more such locks built with the first 10,000 still alive (heap ${Math.round(more.each.heapBytes)} B each; below that when pages the first fleet's garbage left are taken up again)`,
    },
  ];
  if (kept.locks.length !== LOCKS || more.kept.locks.length !== LOCKS)
    throw new Error("the fleet lost locks");
  return figures;
}
