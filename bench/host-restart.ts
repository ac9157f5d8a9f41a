/**
 * Restart time with 1,000 stored locks (issue 9): a host writes 1,000 locks to SQLite and
 * closes; a new host opens the same file and resumes every lock (reads, decodes, rebuilds each
 * twin, carries paced ones to the last heartbeat at their speed and through the outage at real
 * time). The figure is `open()` in a fresh host.
 */
import { join } from "node:path";
import type { BenchResult } from "./benchmark.ts";
import { LockHost, SqliteHostStore } from "../src/host/index.ts";
import { HOST_BENCH_SETUP, withTempFolder } from "./host-fixtures.ts";

const LOCKS = 1_000;

export async function run(): Promise<BenchResult[]> {
  return withTempFolder(async (folder) => {
    const file = join(folder, "locks.sqlite");
    const first = new LockHost({ store: new SqliteHostStore(file) });
    first.open();
    for (let i = 0; i < LOCKS; i++) {
      const made = first.create({ id: `door-${i}`, setup: HOST_BENCH_SETUP, seed: i + 1 });
      if (!made.ok) throw new Error(made.reason);
    }
    await first.close();
    const t0 = performance.now();
    const second = new LockHost({ store: new SqliteHostStore(file) });
    const opened = second.open();
    const ms = performance.now() - t0;
    if (opened.resumed !== LOCKS) throw new Error(`resumed ${opened.resumed} of ${LOCKS}`);
    await second.close();
    return [
      {
        name: "restart with 1,000 stored locks (open and resume all)",
        value: Math.round(ms),
        unit: "ms",
        target: 2_000,
        better: "lower",
        note: "SQLite in WAL mode; every lock's twin rebuilt from its stored state and carried to the last heartbeat at its speed, then through the outage at real time",
      },
    ];
  });
}
