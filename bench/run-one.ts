/**
 * One run of one benchmark, in a process of its own: `run.ts` forks this file with the
 * benchmark's id, and it sends back the figures, its wall time and its peak memory over the
 * IPC channel. Anything the benchmark prints goes to the harness's stderr as progress.
 */
import { BENCHMARKS } from "./benchmarks.ts";
import type { BenchResult } from "./benchmark.ts";
import { machinePaceMs } from "./machine-pace.ts";
import { peakRssBytes } from "./memory.ts";

/** What a run sends its parent. */
export type RunMessage =
  | {
      readonly ok: true;
      readonly results: BenchResult[];
      readonly wallMs: number;
      /** CPU time of the whole process (all threads) during the benchmark: user + system. */
      readonly cpuMs: number;
      readonly peakRssBytes: number;
      readonly heapBytes: number;
      /** The machine's pace just before the benchmark (machine-pace.ts), ms: lower is faster. */
      readonly paceMs: number;
    }
  | { readonly ok: false; readonly error: string };

async function main(): Promise<RunMessage> {
  const id = process.argv[2];
  const benchmark = BENCHMARKS.find((b) => b.id === id);
  if (!benchmark) return { ok: false, error: `no benchmark "${id}" in bench/benchmarks.ts` };
  const paceMs = machinePaceMs();
  globalThis.gc?.(); // the pace's garbage is not the benchmark's
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  try {
    const run = await benchmark.load();
    const results = await run();
    const bad = results.find((r) => !Number.isFinite(r.value));
    if (bad) return { ok: false, error: `figure "${bad.name}" is ${bad.value}` };
    const m = process.memoryUsage();
    return {
      ok: true,
      results,
      wallMs: performance.now() - t0,
      cpuMs: cpuMsSince(cpu0),
      peakRssBytes: peakRssBytes(),
      heapBytes: m.heapUsed + m.arrayBuffers,
      paceMs,
    };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

const message = await main();
if (!process.send) {
  console.log(JSON.stringify(message, null, 2)); // run by hand: print it
} else {
  process.send(message, () => process.exit(0)); // exit even if the benchmark left a handle open
}
