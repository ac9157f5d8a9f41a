/**
 * Printing and saving the figures. Targets are figures to compare against, not pass/fail
 * tests: a miss is shown in the table and kept in the results file, never turned into an exit
 * code. bench/results/latest.json keeps every benchmark's latest figures; running a subset
 * replaces only that subset's.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname } from "node:path";
import type { Figure } from "./summarize.ts";

export type { BenchResult } from "./benchmark.ts";

/** Median, minimum and maximum of a per-run measurement. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** How one benchmark went: its runs, their wall time and peak memory, or why it failed. */
export interface BenchmarkRecord {
  readonly id: string;
  readonly title: string;
  /** ISO time the benchmark finished. */
  readonly measuredAt: string;
  readonly runs: number;
  readonly wallSeconds?: Spread;
  /** CPU seconds of the benchmark's process (all its threads); beside wall time, it shows contention. */
  readonly cpuSeconds?: Spread;
  /** The machine's 1-minute load average as the benchmark started: above its cores, timings suffer. */
  readonly loadAverage?: number;
  /** Peak resident set of the benchmark's process. */
  readonly peakRssBytes?: Spread;
  /**
   * The machine's pace as each run started (machine-pace.ts: a fixed piece of plain JavaScript,
   * ms, lower is faster): timings taken beside a slower pace were taken on a slower machine.
   */
  readonly machinePaceMs?: Spread;
  readonly error?: string;
}

export interface ResultsFile {
  readonly about: string;
  readonly machine: {
    readonly node: string;
    readonly platform: string;
    readonly cpus: number;
    readonly cpuModel: string;
    readonly memoryBytes: number;
  };
  readonly benchmarks: BenchmarkRecord[];
  readonly figures: Figure[];
}

const ABOUT =
  "npm run bench: each benchmark run in its own process several times; value is the median of the runs, min and max beside it; met says whether the median meets the target (bench/README.md)";

export function machine(): ResultsFile["machine"] {
  const list = cpus();
  return {
    node: process.version,
    platform: `${process.platform}/${process.arch}`,
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? "unknown",
    memoryBytes: totalmem(),
  };
}

export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString("en-US");
  const a = Math.abs(n);
  const digits = a >= 100 ? 0 : a >= 10 ? 1 : a >= 0.1 ? 2 : 3;
  return n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Bytes as a person reads them (B, KB, MB, GB; 1 KB = 1,024 B). */
export function formatBytes(n: number): string {
  const units = ["B", "KB", "MB", "GB"];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${formatNumber(i === 0 ? Math.round(v) : Math.round(v * 10) / 10)} ${units[i]}`;
}

function formatTarget(f: Figure): string {
  if (f.target === undefined) return "";
  return `${f.better === "lower" ? "≤" : "≥"} ${formatNumber(f.target)}`;
}

function formatRange(f: Figure): string {
  if (f.runs < 2 || f.min === f.max) return f.runs < 2 ? "(1 run)" : "(same each run)";
  return `${formatNumber(f.min)} – ${formatNumber(f.max)}`;
}

function verdict(f: Figure): string {
  if (f.met === undefined) return "";
  return f.met ? "met" : "MISSED";
}

/** The machine's pace during a benchmark's runs, as its heading gives it. */
function pace(r: BenchmarkRecord): string {
  const p = r.machinePaceMs;
  if (!p) return "";
  return `, machine pace ${formatNumber(p.median)} ms (${formatNumber(p.min)} – ${formatNumber(p.max)})`;
}

/** Prints each benchmark's figures as an aligned table under a heading, notes underneath. */
export function printTable(records: readonly BenchmarkRecord[], figures: readonly Figure[]): void {
  const header = ["figure", "median", "min – max", "unit", "target", ""];
  const rowsOf = (fs: readonly Figure[]): string[][] =>
    fs.map((f) => [f.name, formatNumber(f.value), formatRange(f), f.unit, formatTarget(f), verdict(f)]);
  const all = rowsOf(figures);
  const widths = header.map((h, i) => Math.max(h.length, ...all.map((row) => (row[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === 1 || i === 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of records) {
    const mine = figures.filter((f) => f.benchmark === r.id);
    const busy =
      r.loadAverage !== undefined && r.loadAverage > cpus().length
        ? ` — BUSY MACHINE (load ${formatNumber(r.loadAverage)} on ${cpus().length} cores): timings are not trustworthy`
        : "";
    const about = r.error
      ? `FAILED: ${r.error.split("\n")[0]}`
      : `${r.runs} runs, each ${formatNumber(r.wallSeconds?.median ?? 0)} s wall, ${formatNumber(r.cpuSeconds?.median ?? 0)} s CPU, peak RSS ${formatBytes(r.peakRssBytes?.median ?? 0)}${pace(r)}${busy}`;
    console.log(`\n[${r.id}] ${r.title} — ${about}`);
    for (const row of rowsOf(mine)) console.log(line(row));
  }
  const notes = figures.filter((f) => f.note);
  if (notes.length > 0) {
    console.log("");
    for (const f of notes) console.log(`- ${f.name}: ${f.note}`);
  }
}

/**
 * Writes the results file: this run's benchmarks replace their earlier records and figures,
 * the others' are kept as they were (with their own `measuredAt`), in `order`.
 */
export function writeResults(
  path: string,
  records: readonly BenchmarkRecord[],
  figures: readonly Figure[],
  order: readonly string[],
): ResultsFile {
  const earlier = readResults(path);
  const fresh = new Set(records.map((r) => r.id));
  const known = new Set(order);
  const keep = (id: string): boolean => !fresh.has(id) && known.has(id);
  const rank = (id: string): number => order.indexOf(id);
  const allRecords = [...(earlier?.benchmarks.filter((r) => keep(r.id)) ?? []), ...records].sort(
    (a, b) => rank(a.id) - rank(b.id),
  );
  const allFigures = [...(earlier?.figures.filter((f) => keep(f.benchmark)) ?? []), ...figures].sort(
    (a, b) => rank(a.benchmark) - rank(b.benchmark),
  );
  const file: ResultsFile = { about: ABOUT, machine: machine(), benchmarks: allRecords, figures: allFigures };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
  return file;
}

/** The results file as it is, or null when there is none or it has the old layout (a bare array). */
export function readResults(path: string): ResultsFile | null {
  if (!existsSync(path)) return null;
  const parsed = JSON.parse(readFileSync(path, "utf8")) as unknown;
  if (Array.isArray(parsed) || typeof parsed !== "object" || parsed === null) return null;
  const file = parsed as Partial<ResultsFile>;
  return Array.isArray(file.benchmarks) && Array.isArray(file.figures) ? (file as ResultsFile) : null;
}
