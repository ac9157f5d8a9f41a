/**
 * Turns the figures of several runs of a benchmark into one row each: the median of the
 * runs with their minimum and maximum, the target beside it, and whether the median meets
 * it. Pure, so its arithmetic is tested (summarize.test.ts).
 */
import type { BenchResult } from "./benchmark.ts";

/** A figure over its runs, as the table prints it and results/latest.json keeps it. */
export interface Figure {
  readonly benchmark: string;
  readonly name: string;
  readonly unit: string;
  /** The median of the runs. */
  readonly value: number;
  readonly min: number;
  readonly max: number;
  /** Runs the figure came from. */
  readonly runs: number;
  readonly target?: number;
  readonly better?: "higher" | "lower";
  /** Whether the median meets the target (absent without one). */
  readonly met?: boolean;
  readonly note?: string;
}

/** Median of the values (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median of no values");
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? (v[mid] as number) : ((v[mid - 1] as number) + (v[mid] as number)) / 2;
}

export function meets(value: number, target: number, better: "higher" | "lower" = "higher"): boolean {
  return better === "lower" ? value <= target : value >= target;
}

/**
 * One figure per name, in the order the first run gave them. A figure missing from some runs
 * is summarised over the runs that gave it (its `runs` says how many).
 */
export function summarize(benchmark: string, runs: readonly (readonly BenchResult[])[]): Figure[] {
  const byName = new Map<string, BenchResult[]>();
  for (const results of runs)
    for (const r of results) {
      const list = byName.get(r.name) ?? [];
      list.push(r);
      byName.set(r.name, list);
    }
  const figures: Figure[] = [];
  for (const [name, results] of byName) {
    const values = results.map((r) => r.value);
    const value = median(values);
    // Target, unit and note from the run closest to the median (its note describes that run).
    const closest = results.reduce((a, b) => (Math.abs(b.value - value) < Math.abs(a.value - value) ? b : a));
    const target = closest.target;
    figures.push({
      benchmark,
      name,
      unit: closest.unit,
      value,
      min: Math.min(...values),
      max: Math.max(...values),
      runs: results.length,
      ...(target === undefined ? {} : { target, met: meets(value, target, closest.better) }),
      ...(closest.better ? { better: closest.better } : {}),
      ...(closest.note ? { note: closest.note } : {}),
    });
  }
  return figures;
}
