/**
 * The lock block the host benchmarks make their locks from (a ready SmartCode 914 with one
 * code, as `npm start` makes), and a bench-only temporary data folder.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CreateLockOptions } from "../src/host/index.ts";

export const HOST_BENCH_SETUP: CreateLockOptions["setup"] = {
  profile: "smartcode-914",
  state: "ready",
  door: "closed",
  batteries: "fresh",
  codes: [{ slot: 1, code: "1357" }],
  faults: [],
  temperatureC: 20,
  settings: {},
  timeMs: Date.parse("2026-03-02T08:00:00Z"),
};

export function withTempFolder<T>(work: (folder: string) => Promise<T>): Promise<T> {
  const folder = mkdtempSync(join(tmpdir(), "latchkey-bench-"));
  return work(folder).finally(() => rmSync(folder, { recursive: true, force: true }));
}

export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) throw new Error("run with --expose-gc (npm run bench does)");
  g();
  g();
}
