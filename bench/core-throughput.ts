/**
 * Core events per second on one core (issue 3's figure, issue 17's event mix): the events a
 * fleet's firmware really takes (fleet-event-mix.ts: 10 locks of the default fleet, a year
 * each) are replayed through `step` directly — no twin, no world — so only the reducer is
 * timed. A warm-up pass, then passes for at least a second; each run of the harness is one
 * such measurement in its own process.
 */
import { getProfile } from "../src/core/profiles/index.ts";
import type { CoreState } from "../src/core/state.ts";
import type { CoreEffect } from "../src/core/effects.ts";
import type { LockProfile } from "../src/core/profile-types.ts";
import type { Step } from "../src/core/step.ts";
import { createStep, stepInPlace } from "../src/core/step.ts";
import { ownedCopy } from "../src/core/step-context.ts";
import type { FleetOptions } from "../src/twin/fleet/fleet-options.ts";
import type { BenchResult } from "./benchmark.ts";
import type { FleetEventMix } from "./fleet-event-mix.ts";
import { describeMix, recordFleetEventMix } from "./fleet-event-mix.ts";

const FLEET: FleetOptions = { locks: 10, days: 365, seed: 1, usage: "typical", profileId: "smartcode-914" };
const WARM_UP_MS = 500;
const RUN_MS = 1_000;

/** One pass over the mix; returns a value built from the effects so nothing is optimised away. */
function replay(step: Step, mix: FleetEventMix): number {
  let effects = 0;
  for (const segment of mix.segments) {
    let state: CoreState = segment.start;
    for (const { atMs, event } of segment.events) {
      const r = step(state, event, atMs);
      state = r.state;
      effects += r.effects.length;
    }
  }
  return effects;
}

/**
 * The same pass through `stepInPlace`, the path a fleet's firmware takes (LockFirmware
 * `inPlace`): each segment starts from a copy of its start state it may change, and one effect
 * list is emptied after each step, as the firmware's is.
 */
function replayInPlace(profile: LockProfile, mix: FleetEventMix): number {
  let effects = 0;
  const list: CoreEffect[] = [];
  for (const segment of mix.segments) {
    const state = ownedCopy(segment.start);
    for (const { atMs, event } of segment.events) {
      stepInPlace(profile, state, event, atMs, list);
      effects += list.length;
      while (list.length > 0) list.pop();
    }
  }
  return effects;
}

function eventsPerSecond(pass: (mix: FleetEventMix) => number, mix: FleetEventMix, minMs: number): number {
  let passes = 0;
  let sink = 0;
  const t0 = performance.now();
  let elapsedMs = 0;
  do {
    sink += pass(mix);
    passes++;
    elapsedMs = performance.now() - t0;
  } while (elapsedMs < minMs);
  if (sink < 0) console.log(sink); // keeps `sink` observable
  return (passes * mix.events) / (elapsedMs / 1000);
}

export function run(): BenchResult[] {
  const profile = getProfile(FLEET.profileId ?? "smartcode-914");
  if (!profile) throw new Error("smartcode-914 missing");
  const mix = recordFleetEventMix(FLEET);
  const step = createStep(profile);
  const pure = (m: FleetEventMix): number => replay(step, m);
  const inPlace = (m: FleetEventMix): number => replayInPlace(profile, m);
  eventsPerSecond(pure, mix, WARM_UP_MS);
  const rate = eventsPerSecond(pure, mix, RUN_MS);
  eventsPerSecond(inPlace, mix, WARM_UP_MS);
  const inPlaceRate = eventsPerSecond(inPlace, mix, RUN_MS);
  return [
    {
      name: "core events per second (the fleet's event mix)",
      value: Math.round(rate),
      unit: "events/s",
      target: 2_000_000,
      better: "higher",
      note:
        `≥${RUN_MS} ms replaying ${mix.events.toLocaleString("en-US")} events recorded from ${FLEET.locks} locks of the default fleet over ${FLEET.days} days ` +
        `(${(mix.events / mix.lockDays).toFixed(1)} a lock-day, ${mix.segments.length} segments): ${describeMix(mix)}`,
    },
    {
      name: "core step, mean time per event",
      value: 1e9 / rate,
      unit: "ns",
    },
    {
      name: "core events per second in place (the fleet's path, stepInPlace)",
      value: Math.round(inPlaceRate),
      unit: "events/s",
      target: 2_000_000,
      better: "higher",
      note: "the same events through stepInPlace, as a fleet's firmware steps them: no state copied per step",
    },
  ];
}
