/**
 * One benchmark figure, and printing and saving them. Targets are figures to compare
 * against (issue 3), not pass/fail tests: a miss is shown, never turned into an exit code.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The figure aimed for; `better` says which side of it is good. */
  readonly target?: number;
  readonly better?: "higher" | "lower";
  readonly note?: string;
}

function verdict(r: BenchResult): string {
  if (r.target === undefined) return "";
  const ok = r.better === "lower" ? r.value <= r.target : r.value >= r.target;
  return ok ? "ok" : "miss";
}

function formatNumber(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString("en-US");
  const digits = Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2;
  return n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function formatTarget(r: BenchResult): string {
  if (r.target === undefined) return "";
  return `${r.better === "lower" ? "≤" : "≥"} ${formatNumber(r.target)}`;
}

/** Prints the figures as an aligned table, with notes underneath. */
export function printTable(results: readonly BenchResult[]): void {
  const rows = results.map((r) => [r.name, formatNumber(r.value), r.unit, formatTarget(r), verdict(r)]);
  const header = ["figure", "value", "unit", "target", ""];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === 1 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(row));
  const notes = results.filter((r) => r.note);
  if (notes.length > 0) {
    console.log("");
    for (const r of notes) console.log(`- ${r.name}: ${r.note}`);
  }
}

/** Writes the figures as a JSON array to `path`, making its folder if needed. */
export function writeResults(path: string, results: readonly BenchResult[]): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}
