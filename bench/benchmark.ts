/**
 * The one interface between the harness (run.ts) and a benchmark: a module that exports a
 * `run()` returning its figures, and an entry in benchmarks.ts. Each run of a benchmark
 * happens in a fresh Node process, so nothing one benchmark compiled, allocated or warmed up
 * colours another's figures; the harness runs it several times and reports the median with
 * the minimum and maximum (bench/README.md).
 */

/** One figure from one run of a benchmark. */
export interface BenchResult {
  /** Stable across runs: the harness groups the runs' figures by name. */
  readonly name: string;
  readonly value: number;
  /** Units as a person reads them: "s", "µs", "bytes", "events/s", "%". Memory is in bytes. */
  readonly unit: string;
  /** The figure aimed for (from the issue that set it); `better` says which side of it is good. */
  readonly target?: number;
  readonly better?: "higher" | "lower";
  /** What was measured and how, in a sentence; the note of the median run is kept. */
  readonly note?: string;
}

/** What a benchmark module exports as `run`. It may be async (a benchmark that spawns processes). */
export type BenchmarkRun = () => BenchResult[] | Promise<BenchResult[]>;

/** An entry of the list in benchmarks.ts. */
export interface Benchmark {
  /** Short name used on the command line (`npm run bench -- <id>`) and in the results file. */
  readonly id: string;
  /** What it measures, in a few words, for the table's heading. */
  readonly title: string;
  /** Loads the module and returns its `run`; called only in the benchmark's own process. */
  readonly load: () => Promise<BenchmarkRun>;
  /** Processes to run it in (default and minimum 3). */
  readonly runs?: number;
  /** A run taking longer than this is killed and reported as failed (default 600 s). */
  readonly timeoutSeconds?: number;
}
