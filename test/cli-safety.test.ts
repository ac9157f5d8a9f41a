/**
 * Tools that cannot be hung and a CLI a person expects (issue 16, items 7 and 8): scenario
 * durations and sizes are bounded (exit 2 with line and reason); only regular files are opened
 * (a FIFO, a dangling symlink, a symlink loop, an unreadable file: a message and exit 2, never a
 * hang or a stack trace); every command answers --help; --version; one seed rule everywhere.
 * What could hang runs in a child process with a timeout; the rest calls `main` in-process.
 */
import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { rmSync } from "node:fs";
import { main } from "../src/cli/main.ts";
import type { Output } from "../src/cli/scenario-command.ts";
import { describeFsError, readRegularFile } from "../src/cli/regular-file.ts";
import { parseSeed } from "../src/cli/parse-seed.ts";
import { expandScenarioPaths } from "../src/cli/scenario-files.ts";

const dir = mkdtempSync(join(tmpdir(), "latchkey-cli-safety-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string): string => {
  const p = join(dir, name);
  mkdirSync(join(p, ".."), { recursive: true });
  writeFileSync(p, text);
  return p;
};

const GOOD = `scenario: one-touch locking
lock: { profile: smartcode-914, codes: [{ slot: 1, code: "2947" }] }
steps:
  - keys: lock
  - wait: 2
  - expect: { bolt: extended }
`;

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Output = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await main(args, io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** The real command in a child process, killed after `timeoutMs` (a hang shows as a kill). */
function spawnCli(
  args: string[],
  timeoutMs = 60_000,
): Promise<{ code: number | null; killed: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      "node",
      ["bin/latchkey.js", ...args],
      { timeout: timeoutMs, encoding: "utf8" },
      (e, stdout, stderr) => {
        const err = e as (Error & { code?: number | string; killed?: boolean }) | null;
        resolve({
          code: err ? (typeof err.code === "number" ? err.code : null) : 0,
          killed: err?.killed === true,
          stdout,
          stderr,
        });
      },
    );
  });
}

const isRoot = process.getuid?.() === 0;

describe("scenario files that cannot hang or crash the tools (issue 16, item 7)", () => {
  it("a wait of 1e308 s, of 1e13 s, and steps adding up past ten years are refused with their line (exit 2)", async () => {
    for (const wait of ["1e308", "1e13", "3651d", '"99999999h"']) {
      const f = file(`wait-${wait.replace(/\W/g, "")}.yaml`, GOOD.replace("wait: 2", `wait: ${wait}`));
      const r = await cli(["scenario", "run", f]);
      expect(r.code, wait).toBe(2);
      expect(r.err, wait).toMatch(
        new RegExp(`${f}:5: step 2: .*longer than a scenario may run \\(at most 10 years`),
      );
    }
    const hold = file("hold.yaml", GOOD.replace("wait: 2", "hold: { key: program, seconds: 1e12 }"));
    expect((await cli(["scenario", "run", hold])).code).toBe(2);
    const total = file(
      "total.yaml",
      GOOD.replace("  - wait: 2\n", "  - wait: 2000d\n  - wait: 1000d\n  - wait: 700d\n"),
    );
    const r = await cli(["scenario", "run", total]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      `${total}:7: step 4: the steps so far add up to more lock time than a scenario may run`,
    );
  });

  it("ten years of lock time in one scenario is allowed and runs", async () => {
    const f = file("long.yaml", GOOD.replace("wait: 2", "wait: 3600d").replace("bolt: extended", "codes: 1"));
    const r = await cli(["scenario", "run", f]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
  });

  it("too many presses in one keys step, too many steps, too big a file: refused, exit 2", async () => {
    const presses = file("presses.yaml", GOOD.replace("keys: lock", `keys: "${"1".repeat(20_001)}"`));
    const r1 = await cli(["scenario", "run", presses]);
    expect(r1.code).toBe(2);
    expect(r1.err).toContain("more than the 20,000 a step may have");
    const steps = file("steps.yaml", GOOD + "  - wait: 1\n".repeat(10_000));
    const r2 = await cli(["scenario", "run", steps]);
    expect(r2.code).toBe(2);
    expect(r2.err).toContain("at most 10,000 steps");
    const big = file("big.yaml", GOOD + `# ${"x".repeat(1024 * 1024)}\n`);
    const r3 = await cli(["scenario", "run", big]);
    expect(r3.code).toBe(2);
    expect(r3.err).toMatch(/bytes, more than the 1,048,576 a scenario file may have/);
  });

  it("a file with thousands of bad steps shows the first 20 problems and a count of the rest", async () => {
    const bad = file("many-bad.yaml", GOOD + "  - keys: enter\n".repeat(5_000));
    const r = await cli(["scenario", "run", bad]);
    expect(r.code).toBe(2);
    const lines = r.err.split("\n");
    expect(lines).toHaveLength(21);
    expect(lines[0]).toMatch(/^.*many-bad\.yaml:7: step 4: unknown key name "enter"/);
    expect(lines[20]).toBe(`${bad}: … and 4,980 more problems (fix these first)`);
    const d = await cli(["doctor", "--lock", bad]);
    expect(d.code).toBe(2);
    expect(d.err.split("\n")).toHaveLength(21);
  });

  it("a binary or UTF-16 file is one line saying so; a byte-order mark or CRLF is read as any editor saves them", async () => {
    const binary = file("binary.yaml", "");
    writeFileSync(binary, Buffer.from([0x73, 0x63, 0x00, 0xff, 0x12, 0x0a, 0x3a, 0x3a]));
    const utf16 = file("utf16.yaml", "");
    writeFileSync(utf16, Buffer.from(`\ufeff${GOOD}`, "utf16le"));
    for (const [f, reason] of [
      [binary, "binary, not text (a NUL byte at byte 2): not read"],
      [utf16, "UTF-16 text, not UTF-8: not read (save it as UTF-8)"],
    ] as const) {
      const r = await cli(["scenario", "run", f]);
      expect(r.code, f).toBe(2);
      expect(r.err, f).toBe(`${f}: ${reason}`);
      const d = await cli(["doctor", "--lock", f]);
      expect(d.code, f).toBe(2);
      expect(d.err, f).toBe(`${f}: ${reason}`);
    }
    const bomCrlf = file("bom-crlf.yaml", `\ufeff${GOOD.replace(/\n/g, "\r\n")}`);
    const r = await cli(["scenario", "run", bomCrlf]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("1 passed, 0 failed");
  });

  it("a FIFO named .yaml is refused at once by scenario run and doctor --lock, never opened for reading", async () => {
    const fifoDir = join(dir, "fifo");
    mkdirSync(fifoDir, { recursive: true });
    const fifo = join(fifoDir, "pipe.yaml");
    await new Promise<void>((resolve, reject) =>
      execFile("mkfifo", [fifo], (e) => (e ? reject(e) : resolve())),
    );
    const good = file("fifo/good.yaml", GOOD);
    const [asFile, asFolder, doctor] = await Promise.all([
      spawnCli(["scenario", "run", fifo]),
      spawnCli(["scenario", "run", fifoDir]),
      spawnCli(["doctor", "--lock", fifo]),
    ]);
    for (const r of [asFile, asFolder, doctor]) {
      expect(r.killed).toBe(false);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${fifo}: a FIFO (named pipe), not a regular file: not read`);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    expect(asFolder.stdout).toContain(`PASS ${good}`); // the rest of the folder still runs
  });

  it("a folder with a dangling symlink, a symlink loop and a link back to itself: each named, the rest run, exit 2", async () => {
    const d = join(dir, "links");
    mkdirSync(join(d, "sub"), { recursive: true });
    const good = file("links/good.yaml", GOOD);
    symlinkSync(join(d, "nowhere.yaml"), join(d, "dangling.yaml"));
    symlinkSync(join(d, "loop-b.yaml"), join(d, "loop-a.yaml"));
    symlinkSync(join(d, "loop-a.yaml"), join(d, "loop-b.yaml"));
    symlinkSync(d, join(d, "sub", "back-up"));
    const r = await cli(["scenario", "run", d]);
    expect(r.code).toBe(2);
    expect(r.out).toContain(`PASS ${good}`);
    expect(r.err).toContain(`${join(d, "dangling.yaml")}: a symlink to nothing (dangling)`);
    expect(r.err).toContain(`${join(d, "loop-a.yaml")}: a symlink loop`);
    expect(r.err).toContain(
      `${join(d, "sub", "back-up")}: a symlink loop (a link back into a folder being read)`,
    );
    expect(r.out).toContain("1 passed, 0 failed, 4 invalid");
    // The same paths named directly.
    for (const p of ["dangling.yaml", "loop-a.yaml", "missing.yaml"]) {
      const one = await cli(["scenario", "run", join(d, p)]);
      expect(one.code, p).toBe(2);
    }
  });

  it("folders of links to links (2 a level, 30 levels: 2^30 walks) are each read once, at once", async () => {
    const d = join(dir, "link-bomb");
    for (let i = 0; i <= 30; i++) mkdirSync(join(d, `d${i}`), { recursive: true });
    for (let i = 0; i < 30; i++)
      for (const name of ["a", "b"]) symlinkSync(join(d, `d${i + 1}`), join(d, `d${i}`, name));
    const good = file("link-bomb/d30/good.yaml", GOOD);
    const started = Date.now();
    const r = await cli(["scenario", "run", join(d, "d0")]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.code).toBe(0);
    expect(r.out).toContain("1 passed, 0 failed");
    expect(r.out).toContain(`PASS ${join(d, "d0", "a", "a")}`);
    expect(good).toContain("d30");
  });

  it("a walk stops at its bounds (files run, entries looked at) and says so, not reading a whole disk", () => {
    const d = join(dir, "wide");
    for (let i = 0; i < 30; i++) file(`wide/s${String(i).padStart(2, "0")}.yaml`, GOOD);
    const byEntries = expandScenarioPaths([d], { maxEntries: 10 });
    expect(byEntries.files).toHaveLength(10);
    expect(byEntries.problems).toEqual([
      {
        path: join(d, "s10.yaml"),
        reason:
          "more than 10 files and folders looked at: the rest are not read (name the scenarios' folder)",
      },
    ]);
    const byFiles = expandScenarioPaths([d, d], { maxFiles: 5 });
    expect(byFiles.files).toHaveLength(5);
    expect(byFiles.problems).toEqual([
      { path: join(d, "s05.yaml"), reason: "more than 5 scenario files: the rest are not run" },
    ]);
  });

  it.skipIf(isRoot)("an unreadable file or folder is named and skipped (exit 2)", async () => {
    const f = file("locked/secret.yaml", GOOD);
    chmodSync(f, 0o000);
    const r = await cli(["scenario", "run", f]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${f}: cannot be read (permission denied)`);
    chmodSync(join(dir, "locked"), 0o000);
    const r2 = await cli(["scenario", "run", join(dir, "locked")]);
    expect(r2.code).toBe(2);
    chmodSync(join(dir, "locked"), 0o755);
    chmodSync(f, 0o644);
  });

  it("a permission error, however it comes (root reads anything, so it is made here), reads as a reason, not a crash", () => {
    const denied = Object.assign(new Error("EACCES"), { code: "EACCES" });
    expect(describeFsError(denied, join(dir, "x.yaml"))).toBe("cannot be read (permission denied)");
    expect(readRegularFile(dir)).toEqual({ ok: false, reason: "a folder, not a regular file: not read" });
    expect(readRegularFile(join(dir, "no-such.yaml"))).toEqual({
      ok: false,
      reason: "no such file or folder",
    });
  });
});

describe("the CLI a person expects (issue 16, item 8)", () => {
  it("every command answers --help and -h with its usage on stdout, exit 0, whatever else is given", async () => {
    const commands = [
      ["scenario", "run", "--help"],
      ["scenario", "--help"],
      ["serve", "--help"],
      ["simulate", "--help"],
      ["simulate", "--locks", "x", "-h"],
      ["merge", "--help"],
      ["doctor", "--help"],
      ["doctor", "eval", "--help"],
      ["demo", "--help"],
      ["profiles", "-h"],
      ["help", "simulate"],
      ["help", "help"],
      ["--help"],
    ];
    for (const args of commands) {
      const r = await cli(args);
      expect(r.code, args.join(" ")).toBe(0);
      expect(r.out, args.join(" ")).toMatch(/usage:/);
      expect(r.err, args.join(" ")).toBe("");
    }
  });

  it("--version prints the package's version", async () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    for (const flag of ["--version", "-v", "-V"])
      expect(await cli([flag])).toEqual({ code: 0, out: pkg.version, err: "" });
    const real = await spawnCli(["--version"]);
    expect(real.stdout.trim()).toBe(pkg.version);
  });

  it("one seed rule everywhere: simulate and doctor eval refuse -1, 0x10, ' ', 1e3, +5 and 2^32 with the same reason", async () => {
    for (const bad of ["-1", "0x10", " ", "1e3", "+5", "1.0", "4294967296", "１"]) {
      const reason = parseSeed(bad);
      expect(reason.ok, bad).toBe(false);
      if (reason.ok) continue;
      const sim = await cli(["simulate", "--locks", "1", "--days", "1", "--seed", bad]);
      expect(sim.code, bad).toBe(2);
      expect(sim.err, bad).toContain(reason.reason);
      const evalRun = await cli(["doctor", "eval", "--cases", "1", "--seed", bad]);
      expect(evalRun.code, bad).toBe(2);
      expect(evalRun.err, bad).toContain(reason.reason);
    }
    expect(parseSeed("0")).toEqual({ ok: true, value: 0 });
    expect(parseSeed("4294967295")).toEqual({ ok: true, value: 4294967295 });
  });

  it("arguments a command does not take are refused (exit 2), not ignored", async () => {
    expect((await cli(["serve", "--port", "80"])).code).toBe(2);
    expect((await cli(["profiles", "extra"])).code).toBe(2);
    expect(await cli(["--version", "extra"])).toEqual({
      code: 2,
      out: "",
      err: "latchkey --version takes no arguments (extra)",
    });
    expect((await cli(["scenario", "walk"])).code).toBe(2);
    expect((await cli(["frobnicate"])).code).toBe(2);
  });

  it("an argument longer than any path is refused before any command reads it, in one short line", async () => {
    const huge = "9".repeat(100_000);
    for (const args of [
      ["simulate", "--locks", huge, "--days", "1"],
      ["scenario", "run", huge],
      ["merge", huge],
      ["doctor", "--profile", huge],
      [huge],
    ]) {
      const r = await cli(args);
      expect(r.code).toBe(2);
      expect(r.out).toBe("");
      expect(r.err).toBe(
        `latchkey: argument ${args.indexOf(huge) + 1} is 100,000 characters long, more than the 4,096 any argument may have ("99999999999999999999"…)`,
      );
    }
    // --help still answers whatever else is on the line.
    expect((await cli(["simulate", huge, "--help"])).code).toBe(0);
  });
});
