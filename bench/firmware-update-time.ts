/**
 * Issue 14's "update time per radio kind": one lock made with 1.0.0 (FAULTS.md
 * firmware-outdated) takes the maker's latest release (src/twin/maker-release.ts, 24 KiB
 * program) over its own radio, as the fix `update-firmware` sends it — begin, every chunk in
 * the radio's air time (src/twin/radio-air-time.ts), finish, the restart into the new image and
 * its self-test. Per radio kind: a SmartCode 914 (Z-Wave), an Aura (Bluetooth LE), a Halo
 * (Wi-Fi).
 *
 * Two figures each:
 * - lock time (virtual, the twin's clock): deterministic, the same every run. Targets (ours,
 *   docs/firmware.md "Update time"): Z-Wave ≤ 15 min, Bluetooth LE ≤ 60 s, Wi-Fi ≤ 10 s.
 * - wall time to simulate it: the median of 5 updates on fresh locks after one warm-up (the
 *   image is signed once and cached, as the app downloads it once). Target ≤ 50 ms (ours): a
 *   10,000-lock rollout's updates then take at most about 8 minutes of one core, and the page's
 *   _Apply update-firmware_, which runs the whole update before it answers, stays instant.
 */
import type { LockSetup } from "../src/scenario/scenario-types.ts";
import { buildTwin } from "../src/scenario/build-twin.ts";
import { FIRST_VERSION, LATEST_VERSION } from "../src/core/update/firmware-versions.ts";
import { PROFILES } from "../src/core/profiles/index.ts";
import type { LockTwin } from "../src/twin/lock-twin.ts";
import { updateToLatest } from "../src/twin/firmware-update-actions.ts";
import { makerRelease } from "../src/twin/maker-release.ts";
import type { BenchResult } from "./benchmark.ts";

interface RadioCase {
  readonly radio: "zwave" | "bluetooth" | "wifi";
  readonly words: string;
  readonly profile: string;
  /** Lock time the update may take, ms (docs/firmware.md). */
  readonly targetMs: number;
}

const CASES: readonly RadioCase[] = [
  { radio: "zwave", words: "Z-Wave", profile: "smartcode-914", targetMs: 15 * 60_000 },
  { radio: "bluetooth", words: "Bluetooth LE", profile: "aura", targetMs: 60_000 },
  { radio: "wifi", words: "Wi-Fi", profile: "halo", targetMs: 10_000 },
];

/** Simulated updates timed per radio (after one warm-up); the figure is their median. */
const TIMED = 5;
const WALL_TARGET_MS = 50;

/** A ready lock, paired with its app or hub, made with 1.0.0 and never updated. */
function outdatedLock(profile: string, seed: number): LockTwin {
  const setup: LockSetup = {
    line: 1,
    profile,
    state: "ready",
    door: "closed",
    batteries: "fresh",
    codes: [{ slot: 1, code: "2947" }],
    faults: ["firmware-outdated"],
    temperatureC: 20,
    settings: {},
    timeMs: Date.parse("2026-03-02T08:00:00Z"),
  };
  const built = buildTwin(setup, "bench", { seed });
  if ("problems" in built) throw new Error(built.problems[0]?.reason);
  if (built.twin.runningVersion !== FIRST_VERSION)
    throw new Error(`${profile} does not run ${FIRST_VERSION}`);
  return built.twin;
}

/** One update: its lock time and the wall time it took to simulate. */
function updateOnce(c: RadioCase, seed: number): { lockMs: number; wallMs: number } {
  const twin = outdatedLock(c.profile, seed);
  const t0 = performance.now();
  const outcome = updateToLatest(twin);
  const wallMs = performance.now() - t0;
  if (!outcome.ok) throw new Error(`${c.profile}: the update failed: ${outcome.code} ${outcome.reason}`);
  if (twin.runningVersion !== LATEST_VERSION) throw new Error(`${c.profile} runs ${twin.runningVersion}`);
  return { lockMs: outcome.ms, wallMs };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export function run(): BenchResult[] {
  const results: BenchResult[] = [];
  for (const c of CASES) {
    const profile = PROFILES[c.profile]!;
    if (profile.radio !== c.radio) throw new Error(`${c.profile} has radio ${profile.radio}, not ${c.radio}`);
    const bytes = makerRelease(profile, LATEST_VERSION).length;
    const warm = updateOnce(c, 1);
    const runs = Array.from({ length: TIMED }, (_, i) => updateOnce(c, i + 2));
    if (runs.some((r) => r.lockMs !== warm.lockMs)) throw new Error(`${c.profile}: lock time varies`);
    results.push(
      {
        name: `${c.words} update, lock time (${profile.name})`,
        value: Math.round(warm.lockMs / 100) / 10,
        unit: "s",
        target: c.targetMs / 1000,
        better: "lower",
        note:
          `${FIRST_VERSION} → ${LATEST_VERSION}, the maker's ${bytes.toLocaleString("en-US")}-byte signed image ` +
          `over ${c.words} in the twin's virtual time: every chunk's air time, finish, restart and self-test`,
      },
      {
        name: `${c.words} update, wall time to simulate (${profile.name})`,
        value: Math.round(median(runs.map((r) => r.wallMs)) * 10) / 10,
        unit: "ms",
        target: WALL_TARGET_MS,
        better: "lower",
        note: `median of ${TIMED} updates on fresh locks after one warm-up (the signed image made once and reused)`,
      },
    );
  }
  return results;
}
