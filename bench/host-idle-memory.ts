/**
 * Memory per idle hosted lock at 10,000 locks in one process (issue 9: "no fixed cap; 10,000
 * idle locks in one process is a benchmark"). Locks are paced in real time, as `npm start`
 * runs them, each with its wall timer armed; the store is the in-memory one so the figure is
 * the host's and the twins', not SQLite's page cache. Heap after a full GC, and resident set.
 */
import type { BenchResult } from "./benchmark.ts";
import { LockHost } from "../src/host/index.ts";
import { HOST_BENCH_SETUP, gc } from "./host-fixtures.ts";

const LOCKS = 10_000;

export async function run(): Promise<BenchResult[]> {
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage().rss;
  const host = new LockHost({});
  host.open();
  const t0 = performance.now();
  for (let i = 0; i < LOCKS; i++) {
    const made = host.create({ id: `door-${i}`, setup: HOST_BENCH_SETUP, seed: i + 1 });
    if (!made.ok) throw new Error(made.reason);
  }
  const createMs = performance.now() - t0;
  // Idle a moment: each lock's wall timer is armed, nothing is due.
  await new Promise((r) => setTimeout(r, 500));
  gc();
  const heap = (process.memoryUsage().heapUsed - heap0) / LOCKS;
  const rss = (process.memoryUsage().rss - rss0) / LOCKS;
  const t1 = performance.now();
  host.list();
  const listMs = performance.now() - t1;
  await host.close();
  return [
    {
      name: "heap per idle hosted lock (10,000 locks)",
      value: Math.round(heap),
      unit: "bytes",
      target: 16_384,
      better: "lower",
      note: "heap after GC over 10,000 paced SmartCode 914 locks with their twins, records, telemetry and wall timers",
    },
    {
      name: "resident set per idle hosted lock (10,000 locks)",
      value: Math.round(rss),
      unit: "bytes",
      target: 32_768,
      better: "lower",
    },
    {
      name: "time to make 10,000 locks",
      value: Math.round(createMs) / 1000,
      unit: "s",
      target: 10,
      better: "lower",
    },
    {
      name: "time to list 10,000 locks' views",
      value: Math.round(listMs),
      unit: "ms",
      target: 500,
      better: "lower",
    },
  ];
}
