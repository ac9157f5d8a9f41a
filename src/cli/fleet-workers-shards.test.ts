/**
 * Issue 17: a fleet's report is the same, byte for byte, whatever the number of worker threads,
 * and a fleet run as shards merges into the report of one run. Through the commands a user
 * types (`simulate --workers`, `simulate --shard i/n`, `merge`), with real worker threads.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Output } from "./output.ts";
import { simulateRun } from "./simulate-command.ts";
import { mergeRun } from "./merge-command.ts";

const quiet = { progress: { update: () => undefined, finish: () => undefined } };
const dir = mkdtempSync(join(tmpdir(), "latchkey-shards-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture(): Output & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l) };
}

async function simulate(args: string[]): Promise<string> {
  const io = capture();
  const code = await simulateRun(args, io, quiet);
  expect(code, io.errors.join("\n")).toBe(0);
  return io.lines.join("\n");
}

function merge(args: string[]): { code: number; out: string; err: string } {
  const io = capture();
  const code = mergeRun(args, io);
  return { code, out: io.lines.join("\n"), err: io.errors.join("\n") };
}

// Enough locks that a rental fleet sees guests, faults, battery changes and lockouts.
const FLEET = ["--locks", "24", "--days", "120", "--seed", "11", "--usage", "rental"];

describe("fleets on several threads and as shards", () => {
  it("gives the same report for --workers 1, --workers 2 and a two-shard run merged", async () => {
    const one = await simulate([...FLEET, "--workers", "1", "--json"]);
    const two = await simulate([...FLEET, "--workers", "2", "--json"]);
    const shards = [];
    for (const i of [1, 2]) {
      const path = join(dir, `part-${i}.json`);
      writeFileSync(path, await simulate([...FLEET, "--shard", `${i}/2`, "--workers", "1"]));
      shards.push(path);
    }
    const merged = merge([...shards.reverse(), "--json"]); // any order
    expect(merged.err).toBe("");
    expect(two).toBe(one);
    expect(merged.out).toBe(one);
    const report = JSON.parse(one) as { lockDays: number; battery: { changes: number } };
    expect(report.lockDays).toBe(24 * 120);
    // The human summary too.
    expect(merge(shards).out).toBe(await simulate([...FLEET, "--workers", "1"]));
  });

  it("refuses shards that do not make one fleet, with the reason", async () => {
    const a = join(dir, "a.json");
    const b = join(dir, "b.json");
    const other = join(dir, "other.json");
    writeFileSync(a, await simulate(["--locks", "4", "--days", "3", "--shard", "1/2"]));
    writeFileSync(b, await simulate(["--locks", "4", "--days", "3", "--shard", "2/2"]));
    writeFileSync(other, await simulate(["--locks", "4", "--days", "3", "--seed", "2", "--shard", "2/2"]));
    expect(merge([a, b]).code).toBe(0);
    expect(merge([a]).err).toContain("shard 2 of 2 missing");
    expect(merge([a, a]).err).toContain("given twice");
    expect(merge([a, other]).err).toContain("another fleet");
    const forged = join(dir, "forged.json");
    writeFileSync(
      forged,
      JSON.stringify({
        ...JSON.parse(await simulate(["--locks", "4", "--days", "3", "--shard", "2/2"])),
        lockRange: { start: 0, end: 4 },
      }),
    );
    expect(merge([a, forged]).err).toContain("is not shard 2/2");
    const junk = join(dir, "junk.json");
    writeFileSync(junk, "{}");
    expect(merge([junk]).err).toContain("not a latchkey-fleet-shard/1 file");
    expect(merge([join(dir, "nope.json")]).err).toContain("no such file");
    expect(merge([]).code).toBe(2);
  });

  it("a shard file that cannot be merged is one line naming the file and the reason, with no usage and no report", async () => {
    const a = join(dir, "one-line-a.json");
    const b = join(dir, "one-line-b.json");
    const seed2 = join(dir, "one-line-seed2.json");
    writeFileSync(a, await simulate(["--locks", "4", "--days", "3", "--shard", "1/2"]));
    writeFileSync(b, await simulate(["--locks", "4", "--days", "3", "--shard", "2/2"]));
    writeFileSync(seed2, await simulate(["--locks", "4", "--days", "3", "--seed", "2", "--shard", "2/2"]));
    const truncated = join(dir, "one-line-truncated.json");
    writeFileSync(
      truncated,
      (await simulate(["--locks", "4", "--days", "3", "--shard", "2/2"])).slice(0, 120),
    );
    const oneLine = (args: string[], reason: string): void => {
      const r = merge(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.out, args.join(" ")).toBe("");
      expect(r.err.split("\n"), args.join(" ")).toEqual([`latchkey merge: ${reason}`]);
    };
    // The options that differ are named, not two JSON objects to compare by eye.
    oneLine([a, seed2], `${seed2} is of another fleet than ${a}: seed 2, not 1`);
    oneLine([a], "shard 2 of 2 missing");
    oneLine([a, b, b], `shard 2/2 given twice: ${b} and ${b}`);
    oneLine([a, truncated], `${truncated}: not JSON`);
    // Not regular files: refused at once, never read until they end (a FIFO, /dev/zero).
    oneLine([a, dir], `${dir}: a folder, not a regular file: not read`);
    const fifo = join(dir, "shard.fifo");
    execFileSync("mkfifo", [fifo]);
    oneLine([a, fifo], `${fifo}: a FIFO (named pipe), not a regular file: not read`);
    oneLine([a, "/dev/zero"], "/dev/zero: a device, not a regular file: not read");
    // A wrong command line still gets the usage.
    expect(merge([a, "--bogus"]).err).toContain("usage: latchkey merge");
  });
});
