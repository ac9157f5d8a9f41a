/**
 * Runs a fleet's locks on several cores (issue 17): `worker_threads`, each taking chunks of
 * lock numbers from this thread as it finishes the last, into a tally of its own; the tallies
 * are added at the end. A lock's life depends only on the options and its number, so the
 * tally — and the report — is the same, byte for byte, whatever the number of workers and
 * however the chunks fell. One worker means this thread, with no worker started.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { FleetOptions } from "./fleet-options.ts";
import type { TallyData } from "./fleet-tally.ts";
import { FleetTally } from "./fleet-tally.ts";
import { fleetConditions, simulateLocks } from "./simulate-fleet.ts";

export interface RunFleetOptions {
  /** Threads to run locks on (default: one per core, fewer for small fleets; 1 runs on this thread). */
  readonly workers?: number;
  /** The lock numbers to run, `start` to `end - 1` (default: the whole fleet). */
  readonly start?: number;
  readonly end?: number;
  /** Called as locks finish, with the lock-days done and the lock-days in all. */
  readonly onProgress?: (lockDaysDone: number, lockDays: number) => void;
}

/** Fewer locks than this a worker is not worth starting. */
const LOCKS_PER_WORKER_MIN = 50;
/**
 * Chunks shrink as the fleet runs out (guided scheduling): each is the locks left shared among
 * the workers this many times over, so the first cost few messages and the last are a lock or
 * two — the workers finish within a lock of each other, not within a chunk (with fixed chunks of
 * 1/32 of a 1,000-lock year, one worker idled ~0.1 s at the end while the other ran its last).
 */
const SHARES_PER_WORKER = 4;
const CHUNK_LOCKS_MAX = 250;

/** Messages between this thread and a worker (fleet-worker.ts). */
export type ToWorker =
  { readonly type: "chunk"; readonly start: number; readonly end: number } | { readonly type: "done" };
export type FromWorker =
  | { readonly type: "next" }
  | { readonly type: "lock" }
  | { readonly type: "tally"; readonly tally: TallyData };

/** The worker count for a run of `locks` locks when none is asked for. */
export function defaultWorkers(locks: number): number {
  return Math.max(1, Math.min(availableParallelism(), Math.floor(locks / LOCKS_PER_WORKER_MIN)));
}

export async function runFleet(options: FleetOptions, run: RunFleetOptions = {}): Promise<FleetTally> {
  const start = run.start ?? 0;
  const end = run.end ?? options.locks;
  const locks = end - start;
  const workers = Math.max(1, Math.min(run.workers ?? defaultWorkers(locks), Math.max(1, locks)));
  const total = locks * options.days;
  let done = 0;
  const lockDone = (): void => {
    done += options.days;
    run.onProgress?.(done, total);
  };
  const conditions = fleetConditions(options); // checks the options here, before any worker starts
  if (workers === 1) {
    const tally = new FleetTally();
    simulateLocks(conditions, options.days, start, end, tally, lockDone);
    return tally;
  }
  let next = start;
  const take = (): ToWorker => {
    if (next >= end) return { type: "done" };
    const chunk = Math.max(
      1,
      Math.min(CHUNK_LOCKS_MAX, Math.ceil((end - next) / (workers * SHARES_PER_WORKER))),
    );
    const c: ToWorker = { type: "chunk", start: next, end: Math.min(end, next + chunk) };
    next = c.end;
    return c;
  };
  const tallies = await Promise.all(
    Array.from({ length: workers }, () => runWorker(options, take, lockDone)),
  );
  const tally = new FleetTally();
  for (const t of tallies) tally.add(t);
  return tally;
}

/**
 * Starts the worker module next to this one: compiled JavaScript as it is; in development
 * (this file is TypeScript) through a bootstrap that registers tsx first, since a worker does
 * not inherit the loader hooks of the thread that starts it.
 */
function startWorker(options: FleetOptions): Worker {
  // No `execArgv`: a worker inherits the process's own. Handed over explicitly, a V8 option a user
  // gave node (`--max-old-space-size=8192` for a large fleet, `--stack-trace-limit`) is refused
  // (ERR_WORKER_INVALID_EXEC_ARGV) and the run died; inherited, it is the process's setting, as
  // V8's options are, and `--cpu-prof` writes each worker's profile beside the main thread's.
  const workerData = { options };
  if (!import.meta.url.endsWith(".ts"))
    return new Worker(new URL("./fleet-worker.js", import.meta.url), { workerData });
  const tsx = import.meta.resolve("tsx/esm/api");
  const entry = new URL("./fleet-worker.ts", import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

function runWorker(options: FleetOptions, take: () => ToWorker, lockDone: () => void): Promise<FleetTally> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(options);
    let tally: FleetTally | null = null;
    worker.on("message", (m: FromWorker) => {
      if (m.type === "lock") lockDone();
      else if (m.type === "next") worker.postMessage(take());
      else tally = FleetTally.fromJSON(m.tally);
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (tally) resolve(tally);
      else reject(new Error(`a fleet worker stopped (exit code ${code}) before sending its tally`));
    });
  });
}
