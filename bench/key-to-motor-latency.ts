/**
 * Figure 2 (issue 3): microseconds from the last key of a valid code to the motor command.
 * For each sample a ready, locked lock is given one of its 10 codes; only the `step` call
 * that ends the entry is timed — the `lock` key on a smartcode-264 (entries end with the
 * Kwikset button), the entryPause timer on a smartcode-914 (entries end with a pause) —
 * and it must emit the retracting motor effect.
 */
import type { CoreEvent } from "../src/core/events.ts";
import type { Step } from "../src/core/step.ts";
import { createStep } from "../src/core/step.ts";
import type { BenchResult } from "./report.ts";
import { SeededRandom, digitKeys, keyPresses, profileById, readyLock, storedCodes } from "./lock-fixtures.ts";

const WARM_UP_SAMPLES = 2_000;
const SAMPLES = 20_000;
const KEY_GAP_MS = 250;
/** Start each entry well after power-up, away from the power-up timers. */
const ENTRY_AT_MS = 60_000;

interface Case {
  readonly profileId: string;
  /** What ends the entry, as a person would say it. */
  readonly endedBy: string;
  /** The event that ends an entry whose last digit went down at `lastKeyMs`. */
  readonly ending: (lastKeyMs: number, entryPauseMs: number) => { atMs: number; event: CoreEvent };
}

const CASES: readonly Case[] = [
  {
    profileId: "smartcode-264",
    endedBy: "lock key",
    ending: (lastKeyMs) => ({ atMs: lastKeyMs + KEY_GAP_MS, event: { type: "key.down", key: "lock" } }),
  },
  {
    profileId: "smartcode-914",
    endedBy: "entryPause timer",
    ending: (lastKeyMs, pauseMs) => ({
      atMs: lastKeyMs + pauseMs,
      event: { type: "timer", name: "entryPause" },
    }),
  },
];

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: Float64Array, p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

function measure(c: Case): { samplesUs: Float64Array; missing: number } {
  const profile = profileById(c.profileId);
  const step: Step = createStep(profile);
  const rng = new SeededRandom(0x264 ^ profile.codes.capacity);
  const { persistent, codes } = storedCodes(profile, 10, rng);
  const ready = readyLock(profile, step, persistent);
  // Retracting is the motor direction opposite the learned handing (cw extends here).
  const retract = ready.persistent.handing === "cw" ? "ccw" : "cw";
  // The typed entries, prepared up front so the loop does only the work being measured.
  const entries = codes.map((code) => {
    const presses = keyPresses(digitKeys(code), ENTRY_AT_MS, KEY_GAP_MS);
    const lastKeyMs = presses[presses.length - 1]?.atMs ?? ENTRY_AT_MS;
    return { presses, ending: c.ending(lastKeyMs, profile.keypad.entryPauseMs) };
  });

  const samplesUs = new Float64Array(SAMPLES);
  let missing = 0;
  for (let i = -WARM_UP_SAMPLES; i < SAMPLES; i++) {
    const entry = entries[((i % entries.length) + entries.length) % entries.length]!;
    let state = ready;
    for (const { atMs, event } of entry.presses) state = step(state, event, atMs).state;
    const t0 = process.hrtime.bigint();
    const r = step(state, entry.ending.event, entry.ending.atMs);
    const t1 = process.hrtime.bigint();
    if (i < 0) continue;
    samplesUs[i] = Number(t1 - t0) / 1000;
    if (!r.effects.some((e) => e.type === "motor" && e.drive === retract)) missing++;
  }
  return { samplesUs: samplesUs.sort(), missing };
}

export function run(): BenchResult[] {
  const results: BenchResult[] = [];
  for (const c of CASES) {
    const { samplesUs, missing } = measure(c);
    const label = `key-to-motor ${c.profileId} (${c.endedBy})`;
    const note =
      `${SAMPLES.toLocaleString("en-US")} samples over 10 codes; max ${percentile(samplesUs, 100).toFixed(1)} µs` +
      (missing > 0 ? `; ${missing} samples gave NO motor command` : "");
    results.push({ name: `${label} p50`, value: round2(percentile(samplesUs, 50)), unit: "µs" });
    results.push({
      name: `${label} p99`,
      value: round2(percentile(samplesUs, 99)),
      unit: "µs",
      target: 50,
      better: "lower",
      note,
    });
  }
  return results;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
