/**
 * `npm run bench`: runs every benchmark in turn, prints the figures as a table and writes
 * them to bench/results/latest.json. The targets are figures from issues 3 and 4, not tests, so
 * the exit code is 0 whether they are met or not.
 */
import { fileURLToPath } from "node:url";
import type { BenchResult } from "./report.ts";
import { printTable, writeResults } from "./report.ts";
import { benchCoreThroughput } from "./core-throughput.ts";
import { benchKeyToMotorLatency } from "./key-to-motor-latency.ts";
import { benchCoreStateSize } from "./core-state-size.ts";
import { benchPropertySequences } from "./property-sequences.ts";
import { benchFleet } from "./fleet.ts";
import { benchTroubleshooter } from "./troubleshooter.ts";

const BENCHMARKS: readonly { readonly name: string; readonly run: () => BenchResult[] }[] = [
  { name: "core throughput", run: benchCoreThroughput },
  { name: "key-to-motor latency", run: benchKeyToMotorLatency },
  { name: "core state size", run: benchCoreStateSize },
  { name: "property sequences", run: benchPropertySequences },
  { name: "fleet on virtual time", run: benchFleet },
  { name: "troubleshooter vs checklist", run: benchTroubleshooter },
];

const resultsPath = fileURLToPath(new URL("./results/latest.json", import.meta.url));

const results: BenchResult[] = [];
for (const b of BENCHMARKS) {
  const t0 = performance.now();
  process.stderr.write(`running ${b.name}… `);
  results.push(...b.run());
  process.stderr.write(`${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}
console.log(`\nlatchkey bench — Node ${process.version}, ${process.platform}/${process.arch}\n`);
printTable(results);
writeResults(resultsPath, results);
console.log(`\nwrote ${resultsPath}`);
