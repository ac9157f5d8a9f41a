/**
 * `latchkey doctor`, in process: eval's --json contract (the last line is one object with
 * exactly the keys), a session on a scenario file's lock, and the interactive
 * session driven by scripted answers.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PassThrough } from "node:stream";
import type { Asker } from "./doctor-command.ts";
import { AnswerError, MAX_ANSWER_CHARS, doctorCommand, streamAsker } from "./doctor-command.ts";
import type { Output } from "./scenario-command.ts";

function capture(): Output & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(...l.split("\n")), err: (l) => errors.push(l) };
}

function scripted(answers: string[]): Asker & { prompts: string[] } {
  const prompts: string[] = [];
  return {
    prompts,
    ask: async (prompt) => {
      prompts.push(prompt);
      return answers.shift() ?? null;
    },
    close: () => undefined,
  };
}

const dir = mkdtempSync(join(tmpdir(), "latchkey-doctor-"));
const lockFile = join(dir, "weak-cells.yaml");
writeFileSync(
  lockFile,
  `scenario: a 914 whose cells are drained
lock:
  profile: smartcode-914
  codes: [{ slot: 1, code: "2947" }, { slot: 2, code: "8163" }]
  faults: [battery-low]
steps:
  - wait: 1
`,
);

describe("latchkey doctor eval", () => {
  it("--json: the last line is exactly {engine, checklist, cases} with issue 6's fields", async () => {
    const io = capture();
    expect(await doctorCommand(["eval", "--cases", "4", "--seed", "2", "--json"], io)).toBe(0);
    const all = JSON.parse(io.lines.filter((l) => l.trim()).at(-2) ?? "{}") as {
      runs: { mix: string; telemetry: boolean; top1: number; reliability: unknown[]; guides: object }[];
    };
    expect(all.runs).toHaveLength(1);
    expect(all.runs[0]).toMatchObject({ mix: "uniform", telemetry: true });
    expect(all.runs[0]?.reliability).toHaveLength(10);
    const last = JSON.parse(io.lines.filter((l) => l.trim()).at(-1) ?? "{}") as Record<
      string,
      Record<string, number>
    >;
    expect(Object.keys(last)).toEqual(["engine", "checklist", "cases"]);
    expect(Object.keys(last["engine"] ?? {}).sort()).toEqual([
      "brier",
      "fixedRate",
      "meanMinutes",
      "meanSteps",
      "top1",
      "top3",
    ]);
    expect(Object.keys(last["checklist"] ?? {}).sort()).toEqual(["fixedRate", "meanMinutes", "meanSteps"]);
    expect(last["cases"]).toBe(4);
  });

  it("prints a table per mix and telemetry setting, then the JSON line", async () => {
    const io = capture();
    expect(
      await doctorCommand(
        ["eval", "--cases", "2", "--set", "dev", "--faults", "double", "--mix", "all", "--telemetry", "both"],
        io,
      ),
    ).toBe(0);
    const text = io.lines.join("\n");
    for (const mix of ["uniform", "seed-000", "kb"])
      for (const t of ["with", "without"])
        expect(text).toContain(
          `dev set (seed 1500002), ${mix} mix, cases 0–1, two faults each, ${t} telemetry`,
        );
    expect(text).toMatch(/fixed by the person, no support call/);
    expect(text).toMatch(/calibration of the top cause/);
    expect(io.lines.at(-1)).toMatch(/^\{"engine":/);
  });

  it("refuses a bad option with usage and exit 2", async () => {
    const io = capture();
    expect(await doctorCommand(["eval", "--faults", "triple"], io)).toBe(2);
    expect(await doctorCommand(["eval", "--cases", "many"], io)).toBe(2);
    // Issue 16 item 8: seeds read strictly, cases bounded.
    for (const seed of ["-1", "0x10", " ", "1e3"])
      expect(await doctorCommand(["eval", "--seed", seed], io)).toBe(2);
    expect(await doctorCommand(["eval", "--cases", "5001"], io)).toBe(2);
    expect(await doctorCommand(["eval", "--cases", "0"], io)).toBe(2);
    expect(await doctorCommand(["eval", "--mix", "odd"], io)).toBe(2);
    expect(await doctorCommand(["eval", "--set", "heldout", "--seed", "3"], io)).toBe(2);
    expect(io.errors.join("\n")).toMatch(/--seed takes a whole number/);
    expect(io.errors.join("\n")).toMatch(/--cases must be from 1 to 5000/);
  });
});

describe("latchkey doctor --lock FILE", () => {
  it("reads the lock's telemetry, explains in its numbers, and fixes it", async () => {
    const io = capture();
    expect(await doctorCommand(["--lock", lockFile], io)).toBe(0);
    const text = io.lines.join("\n");
    expect(text).toContain("It unlocks with my code but won't lock from the keypad.");
    // The explanation uses the lock's own numbers.
    expect(text).toMatch(/(pack reads 4\.\d\d V at rest|battery voltage fell to 3\.\d V under the motor)/i);
    expect(text).toContain("fix: replace-batteries");
    expect(text).toMatch(/Fixed in 1 steps?/);
  });

  it("--fault adds a fault; a lock with nothing wrong is said to work", async () => {
    const io = capture();
    expect(await doctorCommand(["--lock", lockFile, "--fault", "clutch-disengaged"], io)).toBe(0);
    const healthy = join(dir, "healthy.yaml");
    writeFileSync(
      healthy,
      `scenario: fine\nlock: { profile: halo, codes: [{ slot: 1, code: "2947" }] }\nsteps:\n  - wait: 1\n`,
    );
    const io2 = capture();
    expect(await doctorCommand(["--lock", healthy], io2)).toBe(0);
    expect(io2.lines.join("\n")).toContain("nothing to troubleshoot");
  });
});

describe("latchkey doctor --lock FILE: a cause only support mends (FAULTS motor-failed)", () => {
  it("says the lock was fixed by support's visit, not by the person", async () => {
    const io = capture();
    const file = join(dir, "motor.yaml");
    writeFileSync(
      file,
      `scenario: a 914 whose motor failed\nlock:\n  profile: smartcode-914\n  codes: [{ slot: 1, code: "2947" }]\n  faults: [motor-failed]\nsteps:\n  - wait: 1\n`,
    );
    expect(await doctorCommand(["--lock", file], io)).toBe(0);
    expect(io.lines.join("\n")).toContain("fix: contact-support");
    expect(io.lines.at(-1)).toMatch(/^Fixed by support's visit \(a person cannot mend this cause/);
  });
});

describe("latchkey doctor --report FILE", () => {
  it("with --lock: written when the session reached support (FAULTS motor-failed), with a copy of the lock", async () => {
    const lockPath = join(dir, "motor-report.yaml");
    writeFileSync(
      lockPath,
      `scenario: a 914 whose motor failed\nlock:\n  profile: smartcode-914\n  codes: [{ slot: 1, code: "2947" }]\n  faults: [motor-failed]\nsteps:\n  - wait: 1\n`,
    );
    const out = join(dir, "motor-report.md");
    const io = capture();
    expect(await doctorCommand(["--lock", lockPath, "--report", out], io)).toBe(0);
    const text = readFileSync(out, "utf8");
    expect(text).toMatch(/^# Support report/);
    expect(text).toContain("faults: [ motor-failed ]");
    expect(io.lines).toContain(`The support report is in ${out}.`);
    // Fixed without support (FAULTS battery-low): nothing to take to a call, and it says so.
    const none = join(dir, "none.md");
    const io2 = capture();
    expect(await doctorCommand(["--lock", lockFile, "--report", none], io2)).toBe(0);
    expect(io2.lines.at(-1)).toBe(
      `No support report written to ${none}: the lock was fixed without support.`,
    );
  });

  it("a report path that cannot be written is refused before the session, on one line (exit 2)", async () => {
    for (const bad of [join(dir, "no-such-folder", "r.md"), dir]) {
      const io = capture();
      const asker = scripted(["1"]);
      expect(await doctorCommand(["--report", bad], io, asker)).toBe(2);
      expect(io.errors).toHaveLength(1);
      expect(io.errors[0]).toMatch(/^latchkey doctor: --report .*: (no folder|a folder, not a file)/);
      expect(asker.prompts).toEqual([]);
    }
  });

  it("a report path that is already there is never written over: the --lock file itself, a FIFO, a link", async () => {
    const lockCopy = join(dir, "motor-own.yaml");
    const text = `scenario: a 914 whose motor failed\nlock:\n  profile: smartcode-914\n  faults: [motor-failed]\nsteps:\n  - wait: 1\n`;
    writeFileSync(lockCopy, text);
    const fifo = join(dir, "report.fifo");
    execFileSync("mkfifo", [fifo]);
    const link = join(dir, "report-link.md");
    symlinkSync(join(dir, "elsewhere.md"), link);
    for (const [target, kind] of [
      [lockCopy, "a file"],
      [fifo, "a FIFO (named pipe)"],
      [link, "a symlink"],
    ] as const) {
      const io = capture();
      expect(await doctorCommand(["--lock", lockCopy, "--report", target], io), target).toBe(2);
      expect(io.errors).toEqual([
        `latchkey doctor: --report ${target}: already there (${kind}): not written over; name a new file (latchkey doctor --help lists the options)`,
      ]);
    }
    expect(readFileSync(lockCopy, "utf8")).toBe(text);
    expect(existsSync(join(dir, "elsewhere.md"))).toBe(false);
  });
});

describe("latchkey doctor: bad arguments (docs/cli.md: one line, exit 2)", () => {
  it("names what is wrong on one line, and refuses an option the chosen form does not take", async () => {
    const cases: [string[], RegExp][] = [
      [["--bogus"], /^latchkey doctor: unknown option --bogus \(latchkey doctor --help/],
      [["--lock"], /^latchkey doctor: --lock needs a value/],
      [["--lock", "--fault", "battery-low"], /^latchkey doctor: --lock needs a value/],
      [["extra"], /^latchkey doctor: unexpected argument "extra"/],
      // Options of the --lock form are refused without it, not silently ignored.
      [["--fault", "battery-low"], /^latchkey doctor: --fault needs --lock FILE/],
      [["--symptom", "key-stiff"], /^latchkey doctor: --symptom needs --lock FILE/],
      [["--no-telemetry"], /^latchkey doctor: --no-telemetry needs --lock FILE/],
      [
        ["--lock", lockFile, "--profile", "halo"],
        /^latchkey doctor: --profile is for the interactive doctor/,
      ],
      [["--lock", lockFile, "--faults", "triple"], /^latchkey doctor: --faults must be single or double/],
      [["--lock", lockFile, "--fault", "gremlins"], /^latchkey doctor: unknown fault "gremlins"/],
      [["--lock", lockFile, "--symptom", "sad"], /^latchkey doctor: unknown symptom "sad"/],
      [["--profile", "smartcode-999"], /^latchkey doctor: unknown profile "smartcode-999"/],
      [["eval", "--cases", "0"], /^latchkey doctor eval: --cases must be from 1 to 5000, not 0 \(/],
      [["eval", "--odd"], /^latchkey doctor eval: unknown option "--odd"/],
      [["eval", "extra"], /^latchkey doctor eval: unexpected argument "extra"/],
      // An option given twice is refused (as simulate does), not decided by whichever came last.
      [["--profile", "halo", "--profile", "aura"], /^latchkey doctor: --profile given twice/],
      [["--lock", lockFile, "--lock", lockFile], /^latchkey doctor: --lock given twice/],
      [["eval", "--cases", "3", "--cases", "4"], /^latchkey doctor eval: --cases given twice/],
      [["eval", "--seed", "1", "--seed", "2"], /^latchkey doctor eval: --seed given twice/],
    ];
    for (const [args, reason] of cases) {
      const io = capture();
      const asker = scripted([]);
      expect(await doctorCommand(args, io, asker), args.join(" ")).toBe(2);
      expect(io.errors, args.join(" ")).toHaveLength(1);
      expect(io.errors[0], args.join(" ")).not.toContain("\n");
      expect(io.errors[0], args.join(" ")).toMatch(reason);
      expect(asker.prompts, args.join(" ")).toEqual([]);
    }
  });
});

describe("latchkey doctor: answers piped in are bounded (a clear line and exit 2, never a hang)", () => {
  it("answers that keep missing the choices (yes x | latchkey doctor) stop after 10, changing nothing", async () => {
    const io = capture();
    const asker = scripted(Array.from({ length: 1000 }, () => "x"));
    expect(await doctorCommand(["--profile", "halo"], io, asker)).toBe(2);
    expect(io.errors).toEqual([
      "latchkey doctor: 10 answers in a row that are not one of the choices: stopped, nothing was changed",
    ]);
    expect(asker.prompts).toHaveLength(10);
  });

  it("a line longer than any answer (cat /dev/zero | latchkey doctor) is refused as it arrives, not kept", async () => {
    const input = new PassThrough();
    const written: string[] = [];
    const asker = streamAsker(input, (t) => written.push(t));
    const answer = asker.ask("Which? ");
    // Far past the bound, and no newline ever comes.
    for (let i = 0; i < 100; i++) input.write(Buffer.alloc(MAX_ANSWER_CHARS, 0));
    await expect(answer).rejects.toBeInstanceOf(AnswerError);
    await expect(answer).rejects.toThrow(/an answer longer than 1,000 characters: stopped/);
    asker.close();
    // Through the command: one line, exit 2.
    const io = capture();
    const stream = new PassThrough();
    stream.end(`13\n${"9".repeat(MAX_ANSWER_CHARS + 1)}\n`);
    expect(
      await doctorCommand(
        ["--profile", "halo"],
        io,
        streamAsker(stream, () => undefined),
      ),
    ).toBe(2);
    expect(io.errors).toEqual([
      "latchkey doctor: an answer longer than 1,000 characters: stopped, nothing was changed",
    ]);
  });

  it("lines piped in are queued in order, CRLF and control characters cleaned, the last without a newline kept", async () => {
    const input = new PassThrough();
    const written: string[] = [];
    const asker = streamAsker(input, (t) => written.push(t));
    input.end("1\r\n 2 \n\u001b[2Jx\n\n4");
    expect(await asker.ask("a? ")).toBe("1");
    expect(await asker.ask("b? ")).toBe("2");
    expect(await asker.ask("c? ")).toBe("\ufffd[2Jx");
    expect(await asker.ask("d? ")).toBe("");
    expect(await asker.ask("e? ")).toBe("4");
    expect(await asker.ask("f? ")).toBeNull();
    expect(written.join("")).toBe("a? 1\nb? 2\nc? \ufffd[2Jx\nd? \ne? 4\nf? ");
    asker.close();
  });

  it("a flood of lines is read ahead only so far: the input is paused until they are asked for", async () => {
    const input = new PassThrough({ highWaterMark: 16 });
    const asker = streamAsker(input, () => undefined);
    input.write("1\n".repeat(1000));
    await new Promise((r) => setImmediate(r));
    expect(input.isPaused()).toBe(true);
    for (let i = 0; i < 1000; i++) expect(await asker.ask("? ")).toBe("1");
    input.end();
    expect(await asker.ask("? ")).toBeNull();
    asker.close();
  });
});

describe("latchkey doctor (interactive)", () => {
  it("'anything else?' says which answers are not on the list instead of dropping them silently", async () => {
    const io = capture();
    expect(await doctorCommand(["--profile", "halo"], io, scripted(["1", "99, 9, x, 0", "2"]))).toBe(0);
    expect(io.lines).toContain("  Not on the list, so not counted: 99, x.");
  });

  it("FAULTS forgot-master-code on a model without a master code says so and how codes are managed", async () => {
    // Model 1 (smartcode-914: no programming code), symptom 13 (forgot the master code), then stop.
    const io = capture();
    expect(await doctorCommand([], io, scripted(["1", "13", "", "2"]))).toBe(0);
    const text = io.lines.join("\n");
    expect(text).toContain("The SmartCode 913/914/915 has no master (programming) code");
    expect(text).toMatch(/factory reset erases every code the last owner set/);
    // Halo has one: its own cause is ranked, without the note.
    const halo = capture();
    expect(await doctorCommand(["--profile", "halo"], halo, scripted(["13", "", "2"]))).toBe(0);
    expect(halo.lines.join("\n")).not.toContain("has no master");
    expect(halo.lines.join("\n")).toMatch(/\d+ % {2}a forgotten master code/);
  });

  it("asks the model and the symptom, shows ranked causes, and stops when the person says it works", async () => {
    const io = capture();
    // Model 1 (smartcode-914), symptom 6 (red flashes + beeps), nothing else (Enter), no
    // battery change (2); then the person answers every question with its first choice and
    // the first fix works.
    const input = scripted(["1", "6", "", "2", ...Array.from({ length: 40 }, () => "1")]);
    const code = await doctorCommand([], io, input);
    const text = io.lines.join("\n");
    expect(input.prompts.some((p) => /after the batteries were changed/.test(p))).toBe(true);
    expect(text).toContain("Still likely now:");
    expect(text).toMatch(/█+·* +\d+ %/);
    expect(text).toContain("Try this");
    expect(code).toBe(0);
    expect(text).toMatch(/Fixed after \d+ steps?/);
  });

  it("the support step lists seed 000's five items, the number, hours and warranty, and writes the report", async () => {
    const io = capture();
    const report = join(dir, "support.md");
    // Model 1, the motor whirs, nothing else comes to mind, no battery change; then "2" to
    // everything: the second answer to each question, and no fix works.
    const input = scripted(["1", "3", "", "2", ...Array.from({ length: 80 }, () => "2")]);
    await doctorCommand(["--report", report], io, input);
    const text = io.lines.join("\n");
    expect(text).toContain("1-800-327-5625");
    expect(text).toContain("Mon–Fri 7 AM–4 PM PST, Sat 6:30 AM–2:30 PM PST");
    expect(text).toContain("electronics are covered for 1 year, mechanical parts for a lifetime");
    for (const item of [
      "Exact model number",
      "Purchase receipt",
      "List of all troubleshooting steps attempted",
      "Video showing symptoms",
      "Master code and user code count",
    ])
      expect(text).toContain(item);
    const written = readFileSync(report, "utf8");
    expect(written).toContain("## Steps tried");
    expect(written).toMatch(/```yaml\n[\s\S]*lock:\n\s+profile: smartcode-914/);
  });

  it("Ctrl-D (the input ends) stops with a word and exit 0", async () => {
    const io = capture();
    expect(await doctorCommand(["--profile", "halo"], io, scripted([]))).toBe(0);
    expect(io.lines.join("\n")).toMatch(/Stopped: no more answers \(Ctrl-D\)/);
  });
});
