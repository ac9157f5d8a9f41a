/**
 * Issue 17: a fleet's report is the same, byte for byte, whatever the number of worker threads,
 * and a fleet run as shards merges into the report of one run. Through the commands a user
 * types (`simulate --workers`, `simulate --shard i/n`, `merge`), with real worker threads.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Output } from "./output.ts";
import { simulateRun } from "./simulate-command.ts";
import { mergeRun } from "./merge-command.ts";

const version = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;
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
    expect(merge([junk]).err).toContain("not a latchkey-fleet-shard/2 file");
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

  it("shards whose counts, each within bounds, add up past 2^53 are refused, not printed rounded", async () => {
    const { shardDigest } = await import("../twin/fleet/fleet-shard.ts");
    const forge = async (i: number): Promise<string> => {
      const f = JSON.parse(await simulate(["--locks", "4", "--days", "3", "--shard", `${i}/2`])) as {
        tally: { operations: number };
        sha256?: string;
      };
      f.tally.operations = Number.MAX_SAFE_INTEGER;
      delete f.sha256;
      const path = join(dir, `overflow-${i}.json`);
      writeFileSync(path, JSON.stringify({ ...f, sha256: shardDigest(f as never) }));
      return path;
    };
    const [a, b] = [await forge(1), await forge(2)];
    expect(merge([a, b])).toEqual({
      code: 2,
      out: "",
      err: "latchkey merge: the shards' counts add up past 2^53, beyond what any run counts: a shard file was forged or damaged",
    });
  });

  it("refuses a resealed shard file with a field the writer never puts there, or split into more shards than locks", async () => {
    const { shardDigest } = await import("../twin/fleet/fleet-shard.ts");
    const reseal = (name: string, change: (f: Record<string, unknown>) => void, text: string): string => {
      const f = JSON.parse(text) as Record<string, unknown>;
      delete f.sha256;
      change(f);
      const path = join(dir, name);
      writeFileSync(path, JSON.stringify({ ...f, sha256: shardDigest(f as never) }));
      return path;
    };
    const one = await simulate(["--locks", "4", "--days", "3", "--shard", "1/2"]);
    const extra = reseal("strict-extra.json", (f) => (f.note = "hello"), one);
    const r = merge([extra]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `latchkey merge: ${extra}: not a latchkey-fleet-shard/2 file (top: Unrecognized key: "note")`,
    );
    // Five shards of four locks, each resealed with an honest range: one of them is empty.
    const shards = [1, 2, 3, 4, 5].map((i) =>
      reseal(
        `strict-empty-${i}.json`,
        (f) => {
          const lockRange = { start: Math.floor(((i - 1) * 4) / 5), end: Math.floor((i * 4) / 5) };
          f.shard = { index: i, count: 5 };
          f.lockRange = lockRange;
        },
        one,
      ),
    );
    const empty = merge(shards);
    expect(empty.code).toBe(2);
    expect(empty.err).toBe(`latchkey merge: ${shards[0]}: 5 shards of 4 locks would leave some empty`);
  });

  it("a shard file saved with a byte-order mark or CRLF still merges; one saved as UTF-16 is refused saying so", async () => {
    const a = join(dir, "bom-a.json");
    const b = join(dir, "bom-b.json");
    const bText = await simulate(["--locks", "4", "--days", "3", "--shard", "2/2"]);
    writeFileSync(a, `\ufeff${await simulate(["--locks", "4", "--days", "3", "--shard", "1/2"])}\r\n`);
    writeFileSync(b, bText.replace(/,/g, ",\r\n"));
    const plain = await simulate(["--locks", "4", "--days", "3"]);
    expect(merge([a, b])).toEqual({ code: 0, out: plain, err: "" });
    const utf16 = join(dir, "bom-utf16.json");
    writeFileSync(utf16, Buffer.from(`\ufeff${bText}`, "utf16le"));
    expect(merge([a, utf16])).toEqual({
      code: 2,
      out: "",
      err: `latchkey merge: ${utf16}: UTF-16 text, not UTF-8: not read (save it as UTF-8)`,
    });
  });

  it("refuses a shard file edited by hand, made by another latchkey version, or in another format; a re-indented one still merges", async () => {
    const a = join(dir, "sealed-a.json");
    const b = join(dir, "sealed-b.json");
    writeFileSync(a, await simulate(["--locks", "4", "--days", "3", "--shard", "1/2"]));
    const bText = await simulate(["--locks", "4", "--days", "3", "--shard", "2/2"]);
    writeFileSync(b, bText);
    const bFile = JSON.parse(bText) as {
      format: string;
      latchkey: string;
      tally: { operations: number; byMethod: { code: number } };
    };
    expect(bFile.format).toBe("latchkey-fleet-shard/2");
    expect(bFile.latchkey).toBe(version);
    const variant = (name: string, change: (f: typeof bFile) => void, indent?: number): string => {
      const f = JSON.parse(bText) as typeof bFile;
      change(f);
      const path = join(dir, name);
      writeFileSync(path, JSON.stringify(f, null, indent));
      return path;
    };
    const refused = (path: string): string => {
      const r = merge([a, path]);
      expect(r.code, path).toBe(2);
      expect(r.out, path).toBe("");
      expect(r.err.split("\n"), path).toHaveLength(1);
      return r.err;
    };
    // A count changed, even one that still adds up elsewhere: the file's checksum says so.
    const edited = variant("sealed-edited.json", (f) => {
      f.tally.operations += 5;
      f.tally.byMethod.code += 5;
    });
    expect(refused(edited)).toBe(
      `latchkey merge: ${edited}: its figures do not match its checksum (edited or damaged): run shard 2/2 again`,
    );
    const older = variant("sealed-older.json", (f) => (f.latchkey = "0.0.1"));
    expect(refused(older)).toBe(
      `latchkey merge: ${older} was made by latchkey 0.0.1, this is ${version}: run shard 2/2 again with this one`,
    );
    const v1 = variant("sealed-v1.json", (f) => (f.format = "latchkey-fleet-shard/1"));
    expect(refused(v1)).toBe(
      `latchkey merge: ${v1}: a latchkey-fleet-shard/1 file; this latchkey ${version} reads latchkey-fleet-shard/2 (run the shard again with it)`,
    );
    // Laid out again (another tool's indentation): the same figures, so it merges.
    const reindented = variant("sealed-reindented.json", () => undefined, 2);
    expect(merge([a, reindented]).out).toBe(merge([a, b]).out);
    expect(merge([a, b]).code).toBe(0);
  });
});
