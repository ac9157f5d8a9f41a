/**
 * `latchkey simulate` (issues 4, 17): its arguments, exit 2 with a clear message for bad ones,
 * the human summary, `--json` as one object (the report alone: wall time goes to stderr), and
 * the progress bar only on a terminal.
 */
import { describe, expect, it } from "vitest";
import type { Output } from "./scenario-command.ts";
import { parseSimulateArgs, simulateRun } from "./simulate-command.ts";
import { progressBar } from "./progress-bar.ts";

function capture(): Output & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l) };
}

const quiet = { progress: { update: () => undefined, finish: () => undefined } };

describe("latchkey simulate", () => {
  it("takes --locks and --days, and optionally --seed, --usage, --profile, --cells, --json (either `--x 1` or `--x=1`)", () => {
    expect(
      parseSimulateArgs([
        "--locks",
        "3",
        "--days=20",
        "--seed",
        "9",
        "--usage",
        "rental",
        "--profile",
        "halo",
        "--cells",
        "lithium",
        "--json",
      ]),
    ).toEqual({
      json: true,
      options: { locks: 3, days: 20, seed: 9, usage: "rental", profileId: "halo", cells: "lithium" },
    });
    expect(parseSimulateArgs(["--locks", "1", "--days", "1"])).toMatchObject({
      json: false,
      options: { usage: "typical", profileId: "smartcode-914", seed: 1 },
    });
    expect(
      parseSimulateArgs(["--locks", "10", "--days", "1", "--workers", "2", "--shard", "3/4"]),
    ).toMatchObject({
      workers: 2,
      shard: { index: 3, count: 4 },
    });
  });

  it.each([
    [["--days", "5"], "--locks is required"],
    [["--locks", "0", "--days", "5"], "--locks must be between 1"],
    [["--locks", "2.5", "--days", "5"], "--locks must be a whole number"],
    [["--locks", "2", "--days", "-1"], "--days must be a whole number"],
    [["--locks", "2", "--days", "5", "--usage", "office"], "--usage must be one of typical, heavy, rental"],
    [["--locks", "2", "--days", "5", "--profile", "nope"], 'unknown profile "nope"'],
    [["--locks", "2", "--days", "5", "--fast"], "unknown option --fast"],
    [["--locks", "2", "--days", "5", "--seed"], "--seed needs a value"],
    [["--locks", "2", "--locks", "3", "--days", "5"], "--locks given twice"],
    [["--locks", "2", "--days", "5", "extra"], 'unexpected argument "extra"'],
    [["--locks", "2", "--days", "5", "--workers", "0"], "--workers must be between 1"],
    [["--locks", "2", "--days", "5", "--shard", "3"], "--shard must look like i/n"],
    [["--locks", "2", "--days", "5", "--shard", "3/2"], "--shard: i must be between 1 and n"],
    [["--locks", "2", "--days", "5", "--shard", "1/3"], "would leave some empty"],
    // The message names the option and its allowed range, whatever was typed.
    [
      ["--locks", "1e12", "--days", "5"],
      '--locks must be a whole number between 1 and 1,000,000, not "1e12"',
    ],
    [["--locks", "NaN", "--days", "5"], '--locks must be a whole number between 1 and 1,000,000, not "NaN"'],
    [["--locks", "2", "--days", "-1"], '--days must be a whole number between 1 and 36,500, not "-1"'],
    [
      ["--locks", "2", "--days", "5", "--workers", "-3"],
      '--workers must be a whole number between 1 and 256, not "-3"',
    ],
    [["--locks", "2", "--days", "5", "--workers", "1000"], "--workers must be between 1 and 256, not 1000"],
    [
      ["--locks", "2", "--days", "5", "--shard", "99999999/99999999"],
      "--shard: n must be between 1 and 10,000, not 99999999",
    ],
    [
      ["--locks", "2", "--days", "5", "--shard", "99999999999999999999/2"],
      "--shard: i must be between 1 and n (2), not 99999999999999999999",
    ],
    [["--locks", "2", "--days", "5", "--json=yes"], "--json takes no value"],
    [["--locks", "--days", "5"], "--locks needs a value"],
    // Refused, not ignored: the output of a shard run is a shard file whatever --json says.
    [
      ["--locks", "2", "--days", "5", "--shard", "1/2", "--json"],
      "--json is for the report: with --shard the output is a shard file (merge --json prints the report)",
    ],
  ])("exit 2 with a clear message for %j", async (args, message) => {
    const io = capture();
    expect(await simulateRun(args, io, quiet)).toBe(2);
    expect(io.errors.join("\n")).toContain(message);
    expect(io.errors.join("\n")).toContain("usage: latchkey simulate");
    expect(io.lines).toEqual([]);
  });

  it("exit 2 for a rental on a lock without a radio (no temporary codes from an app)", async () => {
    const io = capture();
    expect(
      await simulateRun(
        ["--locks", "1", "--days", "2", "--usage", "rental", "--profile", "smartcode-264"],
        io,
        quiet,
      ),
    ).toBe(2);
    expect(io.errors.join("\n")).toContain("smartcode-264 has no radio");
  });

  it("prints a summary: operations, failures by cause, lockouts, battery changes and life, faults seen and fixed", async () => {
    const io = capture();
    expect(await simulateRun(["--locks", "2", "--days", "30"], io, quiet)).toBe(0);
    const text = io.lines.join("\n");
    for (const heading of [
      "operations",
      "failures",
      "mistakes",
      "lockouts",
      "battery changes",
      "battery life",
      "faults",
    ])
      expect(text).toContain(heading);
    expect(text).toContain("60 lock-days");
    // Every count says what it counts (the summary explains its own fields).
    expect(text).toMatch(/^lockouts +\d+ +times the keypad shut itself after too many wrong codes$/m);
    expect(text).toMatch(/^brown-outs +\d+ +times a motor run sagged the pack so far the lock restarted$/m);
    expect(io.errors.join("\n")).toMatch(/60 lock-days in [\d.]+ s/); // wall time: stderr only
  });

  it("--json prints one JSON object with all the figures, byte for byte the same for the same seed", async () => {
    const run = async (): Promise<string> => {
      const io = capture();
      expect(await simulateRun(["--locks", "2", "--days", "20", "--seed", "5", "--json"], io, quiet)).toBe(0);
      expect(io.lines).toHaveLength(1);
      return io.lines[0] ?? "";
    };
    const a = await run();
    expect(JSON.parse(a)).toMatchObject({ locks: 2, days: 20, seed: 5, lockDays: 40 });
    for (const key of ["operations", "failures", "lockouts", "battery", "faults"])
      expect(JSON.parse(a)).toHaveProperty(key);
    expect(await run()).toBe(a);
  });

  it("draws its progress bar only on a terminal, and wipes it when done", () => {
    const written: string[] = [];
    const pipe = progressBar("simulating", "lock-days", { isTTY: false, write: (t) => written.push(t) });
    pipe.update(5, 10);
    pipe.finish();
    expect(written).toEqual([]);
    const tty = progressBar("simulating", "lock-days", {
      isTTY: true,
      columns: 100,
      write: (t) => written.push(t),
    });
    tty.update(10, 10);
    tty.finish();
    expect(written[0]).toMatch(/simulating \[#+\] 100%\s+10\/10 lock-days/);
    expect(written.at(-1)).toBe("\r\x1b[K");
  });
});
