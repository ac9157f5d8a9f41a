/**
 * `latchkey merge SHARD_FILE... [--json]` (issue 17): adds up the shard files of a fleet run as
 * n jobs (`latchkey simulate ... --shard i/n`) and prints the report of the whole fleet —
 * the same, byte for byte, as `latchkey simulate` run once with those options. Refuses, with
 * the reason, files that are not shard files, shards of different fleets or splits, and a
 * shard missing or given twice. Exit 0 when merged, 2 otherwise.
 */
import { fleetReport } from "../twin/fleet/fleet-report.ts";
import type { ShardFile } from "../twin/fleet/fleet-shard.ts";
import { MAX_SHARD_FILE_BYTES, MAX_SHARDS, mergeShards, parseShardFile } from "../twin/fleet/fleet-shard.ts";
import type { Output } from "./output.ts";
import { consoleOutput } from "./output.ts";
import { printReport } from "./simulate-command.ts";
import { readRegularFile } from "./regular-file.ts";
import { packageVersion } from "./version.ts";

export const MERGE_USAGE = "usage: latchkey merge SHARD_FILE... [--json]";

export function mergeRun(args: readonly string[], io: Output = consoleOutput): number {
  // A wrong command line gets the usage; a file that cannot be merged gets one line naming it.
  const usage = (why: string): number => {
    io.err(`latchkey merge: ${why}\n${MERGE_USAGE}`);
    return 2;
  };
  const fail = (why: string): number => {
    io.err(`latchkey merge: ${why}`);
    return 2;
  };
  const json = args.includes("--json");
  const unknown = args.find((a) => a.startsWith("-") && a !== "--json");
  if (unknown) return usage(`unknown option ${unknown}`);
  const paths = args.filter((a) => a !== "--json");
  if (paths.length === 0) return usage("no shard files given");
  if (paths.length > MAX_SHARDS) return usage(`more than ${MAX_SHARDS.toLocaleString("en-US")} files`);
  const files: { name: string; file: ShardFile }[] = [];
  for (const path of paths) {
    // Regular files only, opened non-blocking: a FIFO, /dev/zero or a folder is refused, not waited on.
    const read = readRegularFile(path, MAX_SHARD_FILE_BYTES, "a shard file");
    if (!read.ok) return fail(`${path}: ${read.reason}`);
    const file = parseShardFile(read.text, path, packageVersion());
    if (typeof file === "string") return fail(file);
    files.push({ name: path, file });
  }
  const merged = mergeShards(files);
  if (typeof merged === "string") return fail(merged);
  const report = fleetReport(merged.options, merged.tally);
  // Each file's counts are within 2^53 (its schema), but their sum need not be: a report of
  // rounded figures (9,007,199,254,742,220 operations) is no run's.
  if (!exact(report))
    return fail(
      "the shards' counts add up past 2^53, beyond what any run counts: a shard file was forged or damaged",
    );
  printReport(report, json, io);
  return 0;
}

/** Every number in the report is finite and exact (within Number.MAX_SAFE_INTEGER). */
function exact(value: unknown): boolean {
  if (typeof value === "number") return Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER;
  if (value !== null && typeof value === "object") return Object.values(value).every(exact);
  return true;
}
