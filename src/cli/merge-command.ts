/**
 * `latchkey merge SHARD_FILE... [--json]` (issue 17): adds up the shard files of a fleet run as
 * n jobs (`latchkey simulate ... --shard i/n`) and prints the report of the whole fleet —
 * the same, byte for byte, as `latchkey simulate` run once with those options. Refuses, with
 * the reason, files that are not shard files, shards of different fleets or splits, and a
 * shard missing or given twice. Exit 0 when merged, 2 otherwise.
 */
import { readFileSync, statSync } from "node:fs";
import { fleetReport } from "../twin/fleet/fleet-report.ts";
import type { ShardFile } from "../twin/fleet/fleet-shard.ts";
import { MAX_SHARD_FILE_BYTES, MAX_SHARDS, mergeShards, parseShardFile } from "../twin/fleet/fleet-shard.ts";
import type { Output } from "./output.ts";
import { consoleOutput } from "./output.ts";
import { printReport } from "./simulate-command.ts";

export const MERGE_USAGE = "usage: latchkey merge SHARD_FILE... [--json]";

export function mergeRun(args: readonly string[], io: Output = consoleOutput): number {
  const fail = (why: string): number => {
    io.err(`latchkey merge: ${why}\n${MERGE_USAGE}`);
    return 2;
  };
  const json = args.includes("--json");
  const unknown = args.find((a) => a.startsWith("-") && a !== "--json");
  if (unknown) return fail(`unknown option ${unknown}`);
  const paths = args.filter((a) => a !== "--json");
  if (paths.length === 0) return fail("no shard files given");
  if (paths.length > MAX_SHARDS) return fail(`more than ${MAX_SHARDS.toLocaleString("en-US")} files`);
  const files: { name: string; file: ShardFile }[] = [];
  for (const path of paths) {
    let text: string;
    try {
      if (statSync(path).size > MAX_SHARD_FILE_BYTES) return fail(`${path}: too large to be a shard file`);
      text = readFileSync(path, "utf8");
    } catch (e) {
      return fail(
        `${path}: ${e instanceof Error && "code" in e && e.code === "ENOENT" ? "no such file" : "cannot be read"}`,
      );
    }
    const file = parseShardFile(text, path);
    if (typeof file === "string") return fail(file);
    files.push({ name: path, file });
  }
  const merged = mergeShards(files);
  if (typeof merged === "string") return fail(merged);
  printReport(fleetReport(merged.options, merged.tally), json, io);
  return 0;
}
