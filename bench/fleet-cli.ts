/**
 * `latchkey simulate` as a user runs it (issue 17): the compiled CLI started in a process of
 * its own — its start-up, its worker threads and its report included — for the fleet sizes
 * the issue names. Wall time of each run against its target, and the run's peak resident set
 * (read from /proc while it runs: all its threads share it).
 *
 * - 1,000 locks × 365 days on both cores (≤ 3 s) and with `--workers 1` (≤ 5 s);
 * - 10,000 locks × 365 days (≤ 30 s);
 * - 100,000 locks × 30 days in bounded memory: its peak RSS beside that of 10,000 × 30 days,
 *   which it should match (locks are run and dropped one after another, the tally is
 *   bounded), under a ceiling of 512 MB.
 *
 * Each run prints the same report for the seed whatever the workers (tested in
 * src/cli/fleet-workers-shards.test.ts); here only the clock and the memory are read.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BenchResult } from "./benchmark.ts";

const BIN = fileURLToPath(new URL("../bin/latchkey.js", import.meta.url));
const MB = 1024 * 1024;

interface CliRun {
  readonly seconds: number;
  readonly peakRssBytes: number | null;
}

/** Peak resident set of a running process (Linux: VmHWM), or null where /proc has no such file. */
function peakRssOf(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m?.[1] ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Runs `latchkey simulate <args>`; resolves with its wall time and the highest peak RSS seen. */
function simulate(args: readonly string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [BIN, "simulate", ...args], {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, NODE_OPTIONS: "" },
    });
    let peak: number | null = null;
    let stderr = "";
    const poll = setInterval(() => {
      const now = child.pid === undefined ? null : peakRssOf(child.pid);
      if (now !== null) peak = Math.max(peak ?? 0, now);
    }, 50);
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => {
      clearInterval(poll);
      const seconds = (performance.now() - t0) / 1000;
      if (code !== 0)
        reject(new Error(`latchkey simulate ${args.join(" ")} exited with ${code}:\n${stderr}`));
      else resolve({ seconds, peakRssBytes: peak });
    });
  });
}

const fleet = (locks: number, days: number, ...more: string[]): string[] => [
  "--locks",
  String(locks),
  "--days",
  String(days),
  "--seed",
  "1",
  ...more,
];

export async function runSmall(): Promise<BenchResult[]> {
  await simulate(fleet(10, 5)); // builds dist/ if the sources changed, so no run pays for it
  const two = await simulate(fleet(1_000, 365, "--workers", "2"));
  const one = await simulate(fleet(1_000, 365, "--workers", "1"));
  return [
    {
      name: "latchkey simulate 1,000 × 365 days, two workers",
      value: two.seconds,
      unit: "s",
      target: 3,
      better: "lower",
      note: "the compiled CLI in its own process, start-up and report included, --workers 2, seed 1",
    },
    {
      name: "latchkey simulate 1,000 × 365 days, --workers 1",
      value: one.seconds,
      unit: "s",
      target: 5,
      better: "lower",
    },
    {
      name: "latchkey simulate µs per lock-day, --workers 1",
      value: (one.seconds * 1e6) / 365_000,
      unit: "µs",
      target: 15,
      better: "lower",
      note: "wall time of the one-worker run over its 365,000 lock-days, start-up included",
    },
  ];
}

export async function runLarge(): Promise<BenchResult[]> {
  await simulate(fleet(10, 5));
  const year = await simulate(fleet(10_000, 365));
  const month10k = await simulate(fleet(10_000, 30));
  const month100k = await simulate(fleet(100_000, 30));
  const figures: BenchResult[] = [
    {
      name: "latchkey simulate 10,000 × 365 days",
      value: year.seconds,
      unit: "s",
      target: 30,
      better: "lower",
      note: "the compiled CLI, default workers (one per core), seed 1",
    },
    {
      name: "latchkey simulate 100,000 × 30 days",
      value: month100k.seconds,
      unit: "s",
    },
  ];
  if (month10k.peakRssBytes !== null && month100k.peakRssBytes !== null) {
    figures.push(
      {
        name: "peak RSS, 100,000 locks × 30 days",
        value: month100k.peakRssBytes,
        unit: "bytes",
        target: 512 * MB,
        better: "lower",
        note: "the whole process, its worker threads included (VmHWM)",
      },
      {
        name: "peak RSS, 100,000 locks over 10,000 locks (30 days)",
        value: month100k.peakRssBytes / month10k.peakRssBytes,
        unit: "×",
        target: 1.25,
        better: "lower",
        note: "bounded memory: ten times the locks should need about the same memory",
      },
    );
  }
  return figures;
}
