/**
 * Figure 1 (issue 3): core events per second on one core. A recorded event mix for a ready
 * smartcode-914 with 10 codes is replayed through `step` directly — no twin, no world —
 * so only the reducer is timed. Warm up, then the best of three runs of at least 1 s.
 */
import type { CoreState } from "../src/core/state.ts";
import type { Step } from "../src/core/step.ts";
import { createStep } from "../src/core/step.ts";
import type { BenchResult } from "./report.ts";
import type { TimedEvent } from "./lock-fixtures.ts";
import { DEVICE_KEY, SeededRandom, profileById, readyLock, storedCodes } from "./lock-fixtures.ts";
import { describeMix, recordEventMix } from "./event-mix.ts";

const EVENTS = 50_000;
const WARM_UP_MS = 500;
const RUN_MS = 1_000;
const RUNS = 3;

/** One pass over the stream; returns a value built from the effects so nothing is optimised away. */
function replay(step: Step, start: CoreState, events: readonly TimedEvent[]): number {
  let state = start;
  let effects = 0;
  for (const { atMs, event } of events) {
    const r = step(state, event, atMs);
    state = r.state;
    effects += r.effects.length;
  }
  return effects;
}

function timedPasses(step: Step, start: CoreState, events: readonly TimedEvent[], minMs: number): number {
  let passes = 0;
  let sink = 0;
  const t0 = performance.now();
  let elapsedMs = 0;
  do {
    sink += replay(step, start, events);
    passes++;
    elapsedMs = performance.now() - t0;
  } while (elapsedMs < minMs);
  if (sink < 0) console.log(sink); // keeps `sink` observable
  return (passes * events.length) / (elapsedMs / 1000);
}

export function benchCoreThroughput(): BenchResult[] {
  const profile = profileById("smartcode-914");
  const step = createStep(profile, DEVICE_KEY);
  const rng = new SeededRandom(0x914);
  const { persistent, codes } = storedCodes(profile, 10, rng);
  const start = readyLock(profile, step, persistent);
  const events = recordEventMix(step, start, codes, rng, EVENTS);

  timedPasses(step, start, events, WARM_UP_MS);
  let best = 0;
  for (let i = 0; i < RUNS; i++) best = Math.max(best, timedPasses(step, start, events, RUN_MS));
  const spanH = (events[events.length - 1]?.atMs ?? 0) / 3_600_000;
  return [
    {
      name: "core events per second (smartcode-914, 10 codes)",
      value: Math.round(best),
      unit: "events/s",
      target: 2_000_000,
      better: "higher",
      note:
        `best of ${RUNS} runs of ≥${RUN_MS} ms replaying ${EVENTS.toLocaleString("en-US")} recorded events ` +
        `(${spanH.toFixed(1)} h of lock time): ${describeMix(events)}`,
    },
  ];
}
