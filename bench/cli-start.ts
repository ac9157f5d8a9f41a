/**
 * How soon the CLI answers (issue 17: ≤ 0.3 s): `latchkey --version` and `latchkey profiles`
 * started as a user starts them, `node bin/latchkey.js …` in a process of its own, compiled
 * JavaScript from dist/ (no transpiler at run time). In a checkout the start also checks that
 * dist/ is not older than src/; an installed package skips that. Each figure is the median of
 * several starts within the run (the harness then takes the median of the runs).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { BenchResult } from "./benchmark.ts";
import { median } from "./summarize.ts";

const BIN = fileURLToPath(new URL("../bin/latchkey.js", import.meta.url));
const STARTS = 7;
const TARGET_S = 0.3;

function startSeconds(args: readonly string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0)
    throw new Error(`latchkey ${args.join(" ")} exited with ${r.status}: ${r.stderr.toString()}`);
  return seconds;
}

export function run(): BenchResult[] {
  startSeconds(["--version"]); // builds dist/ if the sources changed, so no start pays for it
  return (
    [
      ["--version", ["--version"]],
      ["profiles", ["profiles"]],
    ] as const
  ).map(([label, args]) => ({
    name: `latchkey ${label}, start to exit`,
    value: median(Array.from({ length: STARTS }, () => startSeconds(args))),
    unit: "s",
    target: TARGET_S,
    better: "lower" as const,
    note: `median of ${STARTS} starts of node bin/latchkey.js ${args.join(" ")} in a checkout`,
  }));
}
