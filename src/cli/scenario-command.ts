/**
 * `latchkey scenario run FILE_OR_DIR... [--json] [--quiet]` (SCENARIOS.md): exit 0 when every
 * expectation holds, 1 with step, expected and seen for each failure, 2 with file, line and
 * reason for a file that is not valid scenario language. `--json` prints one JSON object
 * per step (the trace).
 */
import { relative } from "node:path";
import type { ScenarioProblem } from "../scenario/scenario-types.ts";
import { PROFILE_IDS } from "../core/profiles/index.ts";
import { parseScenario } from "../scenario/parse-scenario.ts";
import { runScenario } from "../scenario/run-scenario.ts";
import type { StepTrace } from "../scenario/run-scenario.ts";
import { expandScenarioPaths } from "./scenario-files.ts";
import { readRegularFile } from "./regular-file.ts";

import type { Output } from "./output.ts";
import { consoleOutput, stopQuietlyWhenStdoutCloses } from "./output.ts";

export type { Output } from "./output.ts";
export { consoleOutput } from "./output.ts";

export function scenarioRun(
  args: readonly string[],
  io: Output = consoleOutput,
  opts: { verbose?: boolean } = {},
): number {
  const json = args.includes("--json");
  const quiet = args.includes("--quiet");
  const verbose = opts.verbose === true || args.includes("--trace");
  const paths = args.filter((a) => !a.startsWith("--"));
  const unknown = args.filter((a) => a.startsWith("--") && !["--json", "--quiet", "--trace"].includes(a));
  if (unknown.length > 0 || paths.length === 0) {
    io.err(
      `usage: latchkey scenario run FILE_OR_DIR... [--json] [--trace] [--quiet]${unknown.length ? ` (unknown option ${unknown.join(", ")})` : ""}`,
    );
    return 2;
  }
  // What cannot be a scenario file (a FIFO, a dangling or looping symlink, an unreadable folder)
  // is named and skipped; the rest still run; the exit code is then 2.
  // `--json | head` closes stdout early: stop quietly rather than crash on EPIPE.
  if (io === consoleOutput) stopQuietlyWhenStdoutCloses();
  const { files, problems } = expandScenarioPaths(paths);
  let invalid = problems.length;
  for (const p of problems) io.err(`${p.path}: ${p.reason}`);
  // A folder with nothing to run (a wrong folder, a typo) is not a pass: nothing was checked.
  if (files.length === 0 && problems.length === 0) {
    io.err(`no scenario files (.yaml, .yml, .json) in ${paths.join(", ")}: nothing was run`);
    if (!json) io.out("0 passed, 0 failed, nothing run");
    return 2;
  }
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    const read = readRegularFile(file);
    if (!read.ok) {
      invalid++;
      io.err(`${file}: ${read.reason}`);
      continue;
    }
    const parsed = parseScenario(read.text, file, { profileIds: PROFILE_IDS });
    const run = parsed.ok
      ? runScenario(parsed.scenario)
      : { kind: "invalid" as const, problems: parsed.problems };
    if (run.kind === "invalid") {
      invalid++;
      printProblems(io, file, run.problems);
      continue;
    }
    if (json) for (const t of run.trace) io.out(JSON.stringify(traceRecord(t)));
    if (run.passed) passed++;
    else failed++;
    if (json) continue;
    if (verbose)
      io.out(
        `\n${run.passed ? "PASS" : "FAIL"} ${relative(process.cwd(), file)}\n     ${run.scenario.title}`,
      );
    if (verbose) for (const t of run.trace) io.out(`  ${describeStep(t)}`);
    if (!run.passed) {
      if (!verbose) io.out(`FAIL ${file}: ${run.scenario.title}`);
      for (const t of run.trace) {
        for (const f of t.failures) {
          io.out(
            `  step ${t.step} (line ${t.line}): ${f.field}: expected ${show(f.expected)}, saw ${show(f.seen)}`,
          );
        }
      }
    } else if (!quiet && !verbose) io.out(`PASS ${file}: ${run.scenario.title}`);
  }
  if (!json) io.out(`${passed} passed, ${failed} failed${invalid ? `, ${invalid} invalid` : ""}`);
  return invalid > 0 ? 2 : failed > 0 ? 1 : 0;
}

/** Problems shown for one file: the first are what to fix; thousands more are noise. */
export const MAX_PROBLEMS_SHOWN = 20;

/**
 * A file's problems on stderr, `FILE:LINE: reason`, at most MAX_PROBLEMS_SHOWN of them and a
 * count of the rest: a file of 10,000 bad steps printed 10,000 lines, and a run of 10,000
 * such files a hundred million.
 */
export function printProblems(io: Output, file: string, problems: readonly ScenarioProblem[]): void {
  for (const p of problems.slice(0, MAX_PROBLEMS_SHOWN)) io.err(`${p.file}:${p.line}: ${p.reason}`);
  const more = problems.length - MAX_PROBLEMS_SHOWN;
  if (more > 0)
    io.err(
      `${file}: … and ${more.toLocaleString("en-US")} more problem${more === 1 ? "" : "s"} (fix these first)`,
    );
}

function traceRecord(t: StepTrace): Record<string, unknown> {
  return {
    file: t.file,
    step: t.step,
    line: t.line,
    kind: t.kind,
    action: t.action,
    time: t.time,
    ...t.observed,
    ok: t.failures.length === 0,
    failures: t.failures,
  };
}

function describeStep(t: StepTrace): string {
  const o = t.observed;
  const f = o.feedback;
  const signals = [
    f.green && `green ×${f.green}`,
    f.red && `red ×${f.red}`,
    f.amber && `amber ×${f.amber}`,
    f.beeps && `beep ×${f.beeps}`,
    f.longBeeps && `long beep ×${f.longBeeps}`,
  ].filter(Boolean);
  const mark = t.kind === "expect" ? (t.failures.length === 0 ? "✓" : "✗") : " ";
  const action = t.action.length > 34 ? `${t.action.slice(0, 33)}…` : t.action.padEnd(34);
  return `${mark} ${String(t.step).padStart(2)} ${t.time.slice(11, 19)} ${action} → bolt ${o.bolt}, says ${o.reported}, keypad ${o.keypad}${signals.length ? `, seen: ${signals.join(" ")}` : ""}`;
}

function show(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}
