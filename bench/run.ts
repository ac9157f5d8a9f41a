/**
 * `npm run bench [-- <id>…]`: runs every benchmark of benchmarks.ts (or those whose id
 * contains one of the words given), each in a fresh process of its own, several times, one
 * after the other; prints the median of the runs with the minimum and maximum, the target and
 * whether it is met; and writes bench/results/latest.json. A missed target is a figure, not a
 * failure: the exit code is 1 only when a benchmark crashed or timed out.
 */
import { fork } from "node:child_process";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { BENCHMARKS } from "./benchmarks.ts";
import type { Benchmark, BenchResult } from "./benchmark.ts";
import type { BenchmarkRecord, Spread } from "./report.ts";
import { formatBytes, formatNumber, printTable, writeResults } from "./report.ts";
import type { RunMessage } from "./run-one.ts";
import type { Figure } from "./summarize.ts";
import { median, summarize } from "./summarize.ts";

const MIN_RUNS = 3;
const DEFAULT_TIMEOUT_S = 600;
const runOnePath = fileURLToPath(new URL("./run-one.ts", import.meta.url));
const resultsPath = fileURLToPath(new URL("./results/latest.json", import.meta.url));

function usage(): string {
  return [
    "usage: npm run bench [-- <word>…]   runs the benchmarks whose id contains a word (all without one)",
    "benchmarks:",
    ...BENCHMARKS.map((b) => `  ${b.id.padEnd(24)} ${b.title}`),
  ].join("\n");
}

/** One run in a fresh process: `node --import tsx --expose-gc run-one.ts <id>`. */
function runOnce(b: Benchmark): Promise<RunMessage> {
  return new Promise((resolve) => {
    const child = fork(runOnePath, [b.id], {
      execArgv: ["--import", "tsx", "--expose-gc"],
      stdio: ["ignore", process.stderr, process.stderr, "ipc"],
    });
    let message: RunMessage | null = null;
    const timeoutS = b.timeoutSeconds ?? DEFAULT_TIMEOUT_S;
    const timer = setTimeout(() => {
      message = { ok: false, error: `timed out after ${timeoutS} s` };
      child.kill("SIGKILL");
    }, timeoutS * 1000);
    child.on("message", (m) => {
      message ??= m as RunMessage;
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(message ?? { ok: false, error: `exited with ${signal ?? `code ${code}`} before reporting` });
    });
  });
}

function spread(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

async function runBenchmark(b: Benchmark): Promise<{ record: BenchmarkRecord; figures: Figure[] }> {
  const runs = Math.max(MIN_RUNS, b.runs ?? MIN_RUNS);
  const results: BenchResult[][] = [];
  const wallMs: number[] = [];
  const cpuMs: number[] = [];
  const loadAverage = Math.round((loadavg()[0] ?? 0) * 100) / 100;
  const peakRss: number[] = [];
  const paceMs: number[] = [];
  for (let i = 1; i <= runs; i++) {
    process.stderr.write(`[${b.id}] run ${i}/${runs}…\n`);
    const m = await runOnce(b);
    const measuredAt = new Date().toISOString();
    if (!m.ok) {
      process.stderr.write(`[${b.id}] failed: ${m.error}\n`);
      return {
        record: { id: b.id, title: b.title, measuredAt, runs: i, loadAverage, error: m.error },
        figures: [],
      };
    }
    results.push(m.results);
    wallMs.push(m.wallMs);
    cpuMs.push(m.cpuMs);
    peakRss.push(m.peakRssBytes);
    paceMs.push(m.paceMs);
    process.stderr.write(
      `[${b.id}] run ${i}/${runs}: ${formatNumber(m.wallMs / 1000)} s wall, ${formatNumber(m.cpuMs / 1000)} s CPU, peak RSS ${formatBytes(m.peakRssBytes)}, machine pace ${formatNumber(m.paceMs)} ms\n`,
    );
  }
  return {
    record: {
      id: b.id,
      title: b.title,
      measuredAt: new Date().toISOString(),
      runs,
      wallSeconds: spread(wallMs.map((ms) => Math.round(ms) / 1000)),
      cpuSeconds: spread(cpuMs.map((ms) => Math.round(ms) / 1000)),
      loadAverage,
      peakRssBytes: spread(peakRss),
      machinePaceMs: spread(paceMs.map((ms) => Math.round(ms * 10) / 10)),
    },
    figures: summarize(b.id, results),
  };
}

async function main(args: readonly string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(usage());
    return 0;
  }
  const unknown = args.find((a) => a.startsWith("-"));
  if (unknown) {
    console.error(`bench: unknown option ${unknown}\n${usage()}`);
    return 2;
  }
  const chosen =
    args.length === 0 ? BENCHMARKS : BENCHMARKS.filter((b) => args.some((w) => b.id.includes(w)));
  if (chosen.length === 0) {
    console.error(`bench: no benchmark matches ${args.map((a) => `"${a}"`).join(", ")}\n${usage()}`);
    return 2;
  }
  const records: BenchmarkRecord[] = [];
  const figures: Figure[] = [];
  for (const b of chosen) {
    const r = await runBenchmark(b);
    records.push(r.record);
    figures.push(...r.figures);
  }
  const m = process.versions;
  console.log(`\nlatchkey bench — Node ${m.node}, ${process.platform}/${process.arch}\n`);
  printTable(records, figures);
  writeResults(
    resultsPath,
    records,
    figures,
    BENCHMARKS.map((b) => b.id),
  );
  console.log(
    `\nwrote ${resultsPath}${chosen.length < BENCHMARKS.length ? " (only these benchmarks' entries)" : ""}`,
  );
  return records.some((r) => r.error) ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
