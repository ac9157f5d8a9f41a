/**
 * The CLI's contract (SCENARIOS.md): exit 0 when every expectation holds, 1 with the step,
 * expected and seen for each failure, 2 with file, line and reason for an invalid file;
 * `--json` prints one JSON object per step. Run through the real `bin/latchkey.js`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "latchkey-cli-"));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

function run(args: string[]): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync("node", ["bin/latchkey.js", ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    return { code: 0, stdout, stderr: "" };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, stdout: err.stdout, stderr: err.stderr };
  }
}

const passing = file(
  "passing.yaml",
  `scenario: one-touch locking
lock: { profile: smartcode-914, codes: [{ slot: 1, code: "2947" }] }
steps:
  - keys: lock
  - wait: 2
  - expect: { bolt: extended, reported: locked }
`,
);

describe("latchkey scenario run", () => {
  it("exits 0 when every expectation holds", () => {
    const r = run(["scenario", "run", passing]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("1 passed, 0 failed");
  });

  it("exits 1 and names the step, what was expected and what was seen", () => {
    const failing = file(
      "failing.yaml",
      `scenario: wrong expectation
lock: { profile: smartcode-914 }
steps:
  - keys: lock
  - expect: { bolt: extended }
`,
    );
    const r = run(["scenario", "run", failing]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/step 2 \(line 5\): bolt: expected extended, saw retracted/);
  });

  it("exits 2 with file, line and reason for a file that is not scenario language", () => {
    const bad = file(
      "bad.yaml",
      `scenario: typo
lock: { profile: smartcode-914 }
steps:
  - keys: lock
  - presss: program
`,
    );
    const r = run(["scenario", "run", bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:5:`);
  });

  it("exits 2 naming a fault that cannot exist on the model", () => {
    const f = file(
      "unsupported.yaml",
      `scenario: vacation mode on a lock with no radio
lock: { profile: smartcode-264 }
steps:
  - fault: vacation-mode
`,
    );
    const r = run(["scenario", "run", f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no radio");
    expect(r.stderr).toContain(":4:");
  });

  it("--json prints one JSON object per step", () => {
    const r = run(["scenario", "run", passing, "--json"]);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { step: number; bolt: string; action: string });
    expect(lines.map((l) => l.step)).toEqual([1, 2, 3]);
    expect(lines[2]?.bolt).toBe("extended");
    // Each record says what the step did, as docs/cli.md's example shows.
    expect(lines.map((l) => l.action)).toEqual([
      "keys: lock",
      "wait 2 s",
      "expect {bolt:extended,reported:locked}",
    ]);
  });

  it("docs/cli.md's JSON trace example is what --json prints for that file's first step", () => {
    const doc = readFileSync("docs/cli.md", "utf8");
    const example = /## The JSON trace[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const shown = JSON.parse(example ?? "") as { file: string; packRestV: number };
    const r = run(["scenario", "run", shown.file, "--json"]);
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout.split("\n")[0] ?? "") as { packRestV: number };
    // Every field and value as shown; the voltage to the millivolt (the pack model may be refined).
    expect(printed.packRestV).toBeCloseTo(shown.packRestV, 3);
    expect({ ...printed, packRestV: 0 }).toEqual({ ...shown, packRestV: 0 });
  });

  it("--json into a reader that stops early (| head -1) ends quietly, with no stack trace", () => {
    const many = file(
      "many-steps.yaml",
      `scenario: many steps\nlock: { profile: halo }\nsteps:\n${"  - wait: 1\n".repeat(5000)}`,
    );
    const r = spawnSync("sh", ["-c", `node bin/latchkey.js scenario run '${many}' --json | head -1`], {
      encoding: "utf8",
    });
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).not.toMatch(/EPIPE|Error/);
  });

  it("exits 2 for a folder with no scenario files: nothing checked is not a pass", () => {
    const empty = mkdtempSync(join(tmpdir(), "latchkey-empty-"));
    writeFileSync(join(empty, "notes.txt"), "not a scenario");
    const r = run(["scenario", "run", empty]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`no scenario files (.yaml, .yml, .json) in ${empty}: nothing was run`);
  });

  it("points `latchkey scenario FILE` to `scenario run FILE`", () => {
    const r = run(["scenario", passing]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`(to run it: latchkey scenario run ${passing})`);
  });
});

describe("a reader that has gone (| true, | head)", () => {
  it("every command ends quietly with status 141, never a stack trace, as scenario run does", () => {
    for (const args of [
      "profiles",
      "--version",
      "simulate --help",
      "simulate --locks 1 --days 1 --seed 2",
      "simulate --locks 1 --days 1 --json",
    ]) {
      // `true` reads nothing and exits at once: the command's first write finds the pipe closed.
      const r = spawnSync(
        "bash",
        ["-c", `node bin/latchkey.js ${args} | true; echo "status \${PIPESTATUS[0]}"`],
        {
          encoding: "utf8",
        },
      );
      expect(r.stdout.trim(), args).toBe("status 141");
      expect(r.stderr, args).not.toMatch(/EPIPE|Unhandled|at .*\.js:\d+/);
    }
  });
});

describe("output that cannot be written (> /dev/full, a full disk)", () => {
  it.skipIf(!existsSync("/dev/full"))(
    "every command stops with one line and status 74, never a stack trace",
    () => {
      for (const args of ["profiles", "--version", "simulate --locks 1 --days 1"]) {
        const r = spawnSync("bash", ["-c", `node bin/latchkey.js ${args} > /dev/full`], { encoding: "utf8" });
        expect(r.status, args).toBe(74);
        expect(r.stderr, args).toContain("latchkey: cannot write the output (ENOSPC): stopped");
        expect(r.stderr, args).not.toMatch(/throw|at .*\.js:\d+/);
      }
    },
  );
});

describe("latchkey simulate under node's own options", () => {
  it("runs its worker threads when node was given V8 options (a large fleet's --max-old-space-size)", () => {
    // Workers were handed the process's options and refused V8's (ERR_WORKER_INVALID_EXEC_ARGV).
    const fleet = ["simulate", "--locks", "4", "--days", "2", "--seed", "3", "--json"];
    const plain = spawnSync("node", ["bin/latchkey.js", ...fleet, "--workers", "1"], { encoding: "utf8" });
    const tuned = spawnSync(
      "node",
      ["--max-old-space-size=2048", "--stack-trace-limit=20", "bin/latchkey.js", ...fleet, "--workers", "2"],
      { encoding: "utf8" },
    );
    expect(tuned.stderr).not.toContain("ERR_WORKER_INVALID_EXEC_ARGV");
    expect(tuned.status).toBe(0);
    expect(tuned.stdout).toBe(plain.stdout);
  });
});
