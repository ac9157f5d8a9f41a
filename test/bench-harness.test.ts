/**
 * The bench harness's arithmetic and bookkeeping (bench/summarize.ts, bench/report.ts): the
 * median with min and max over runs, whether a target is met, and a subset run replacing only
 * its own entries in the results file. No timing is asserted here: figures live in the bench.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BENCHMARKS } from "../bench/benchmarks.ts";
import { median, meets, summarize } from "../bench/summarize.ts";
import type { BenchmarkRecord, ResultsFile } from "../bench/report.ts";
import { printTable, writeResults } from "../bench/report.ts";
import { machinePaceMs } from "../bench/machine-pace.ts";

describe("bench harness", () => {
  it("takes the median of the runs, with their min and max", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const [f] = summarize("demo", [
      [{ name: "speed", value: 10, unit: "x/s", target: 11, better: "higher", note: "run a" }],
      [{ name: "speed", value: 14, unit: "x/s", target: 11, better: "higher", note: "run b" }],
      [{ name: "speed", value: 12, unit: "x/s", target: 11, better: "higher", note: "run c" }],
    ]);
    expect(f).toMatchObject({ benchmark: "demo", value: 12, min: 10, max: 14, runs: 3, met: true });
    expect(f?.note).toBe("run c"); // the note of the run that gave the median
  });

  it("says a target is met only on its good side", () => {
    expect(meets(5, 5, "lower")).toBe(true);
    expect(meets(5.1, 5, "lower")).toBe(false);
    expect(meets(4.9, 5, "higher")).toBe(false);
    const [f] = summarize("demo", [[{ name: "t", value: 9, unit: "s", target: 3, better: "lower" }]]);
    expect(f?.met).toBe(false);
    const [g] = summarize("demo", [[{ name: "n", value: 9, unit: "s" }]]);
    expect(g).not.toHaveProperty("met");
  });

  describe("the results file", () => {
    let dir = "";
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("keeps other benchmarks' entries when a subset runs, in the registry's order", () => {
      dir = mkdtempSync(join(tmpdir(), "latchkey-bench-"));
      const path = join(dir, "latest.json");
      const record = (id: string): BenchmarkRecord => ({
        id,
        title: id,
        measuredAt: "2026-01-01T00:00:00.000Z",
        runs: 3,
      });
      const fig = (id: string, value: number): ReturnType<typeof summarize> =>
        summarize(id, [[{ name: `${id} figure`, value, unit: "x" }]]);
      const order = ["a", "b", "c"];
      writeResults(
        path,
        [record("a"), record("b"), record("c")],
        [...fig("a", 1), ...fig("b", 2), ...fig("c", 3)],
        order,
      );
      writeResults(path, [record("b")], fig("b", 20), order);
      const file = JSON.parse(readFileSync(path, "utf8")) as ResultsFile;
      expect(file.benchmarks.map((b) => b.id)).toEqual(["a", "b", "c"]);
      expect(file.figures.map((f) => [f.benchmark, f.value])).toEqual([
        ["a", 1],
        ["b", 20],
        ["c", 3],
      ]);
    });
  });

  it("times the machine's pace and shows it in the benchmark's heading", () => {
    const ms = machinePaceMs();
    expect(Number.isFinite(ms) && ms > 0).toBe(true);
    const lines: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
    try {
      printTable(
        [
          {
            id: "demo",
            title: "demo",
            measuredAt: "2026-01-01T00:00:00.000Z",
            runs: 3,
            wallSeconds: { median: 1, min: 1, max: 1 },
            cpuSeconds: { median: 1, min: 1, max: 1 },
            peakRssBytes: { median: 1024, min: 1024, max: 1024 },
            machinePaceMs: { median: 22.8, min: 21.3, max: 26.8 },
          },
        ],
        [],
      );
    } finally {
      log.mockRestore();
    }
    expect(lines.join("\n")).toContain("machine pace 22.8 ms (21.3 – 26.8)");
  });

  it("registers each benchmark once, by an id usable on the command line", () => {
    const ids = BENCHMARKS.map((b) => b.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9-]+$/);
  });
});
