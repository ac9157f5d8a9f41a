/**
 * `latchkey doctor`: the troubleshooter in a terminal (docs/troubleshooter.md).
 *
 *   latchkey doctor [--profile ID] [--faults single|double]
 *       asks the person: model, symptom, then each question and fix the engine chooses
 *   latchkey doctor --lock FILE [--fault ID] [--no-telemetry] [--faults single|double]
 *       builds the lock of a scenario file's `lock:` block; a simulated person reports what
 *       it shows, the lock's telemetry is read, questions are answered by doing them on the
 *       simulated lock and fixes are applied to it, until it works
 *   latchkey doctor eval [...]
 *       the engine on the held-out cases, against the guides' own sequences (doctor-eval.ts)
 */
import { lstatSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { createInterface } from "node:readline";
import { StringDecoder } from "node:string_decoder";
import { PROFILES, PROFILE_IDS } from "../core/profiles/index.ts";
import { parseScenario } from "../scenario/parse-scenario.ts";
import { buildTwin } from "../scenario/build-twin.ts";
import { SeededRandom } from "../twin/seeded-random.ts";
import { DEFAULT_KNOWLEDGE_BASE } from "../diagnostics/knowledge/knowledge-base.ts";
import type { SymptomId } from "../diagnostics/knowledge/ids.ts";
import { SYMPTOM_IDS, isFaultId, isSymptomId } from "../diagnostics/knowledge/ids.ts";
import { createSession } from "../diagnostics/engine/session.ts";
import { capabilitiesOfModel } from "../diagnostics/engine/capabilities.ts";
import type { RankedCause, Step, TroubleshootingSession } from "../diagnostics/engine/session.ts";
import type { LockAtHand } from "../diagnostics/world/lock-at-hand.ts";
import { reportFromLock, symptomsGone } from "../diagnostics/world/person.ts";
import { troubleshootLock } from "../diagnostics/eval/troubleshoot-lock.ts";
import { doctorEval } from "./doctor-eval.ts";
import { guessedScenario, supportReport } from "../diagnostics/report/support-report.ts";
import type { Output } from "./scenario-command.ts";
import { printProblems } from "./scenario-command.ts";
import { kindOf, readRegularFile } from "./regular-file.ts";
import { exportScenario } from "../scenario/export-scenario.ts";

/** Reads one answer a line at a time (a terminal, or lines piped in). */
export interface Asker {
  /** The next line, trimmed; null once the input has ended; rejects with an AnswerError. */
  ask(prompt: string): Promise<string | null>;
  close(): void;
}

/**
 * Input the doctor cannot take as answers: a line longer than any answer (`cat /dev/zero |
 * latchkey doctor` once grew one line to 640 MB and crashed in readline), or answers that keep
 * missing the choices (`yes x | latchkey doctor` asked for ever). The doctor stops with one line
 * and exit 2; nothing has been changed or written.
 */
export class AnswerError extends Error {}

/** Longer than any answer a person types (a list of symptom numbers is a few dozen characters). */
export const MAX_ANSWER_CHARS = 1_000;
/** Answers in a row that are not one of the choices before the doctor stops asking. */
export const MAX_WRONG_ANSWERS = 10;
/** Lines read ahead of the questions; past this the input is paused until they are asked for. */
const MAX_QUEUED_LINES = 64;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

function tooLong(): AnswerError {
  return new AnswerError(
    `an answer longer than ${MAX_ANSWER_CHARS.toLocaleString("en-US")} characters: stopped, nothing was changed`,
  );
}

/**
 * Answers from a stream of lines (stdin piped in): lines are queued as they arrive, so answers
 * piped in all at once are not lost between questions, but at most MAX_QUEUED_LINES of them
 * (then the stream is paused), and no line past MAX_ANSWER_CHARS is kept; `null` once the
 * input has ended. Each answer is echoed after its prompt, as a terminal would show it.
 */
export function streamAsker(input: NodeJS.ReadableStream, write: (text: string) => void, echo = true): Asker {
  const decoder = new StringDecoder("utf8");
  const queue: (string | AnswerError)[] = [];
  let waiting: { resolve: (line: string | null) => void; reject: (e: AnswerError) => void } | undefined;
  let line = "";
  /** The current line went past the bound: dropped up to its end. */
  let skipping = false;
  let ended = false;
  const deliver = (answer: string | AnswerError): void => {
    // Control characters (escape sequences, NUL) are never part of an answer, and an answer is
    // echoed: shown as U+FFFD, they cannot drive the terminal it is echoed to.
    const item = answer instanceof AnswerError ? answer : answer.replace(CONTROL_CHARACTERS, "\ufffd");
    const w = waiting;
    if (w) {
      waiting = undefined;
      if (item instanceof AnswerError) w.reject(item);
      else w.resolve(item);
      return;
    }
    queue.push(item);
    if (queue.length >= MAX_QUEUED_LINES) input.pause();
  };
  const take = (text: string): void => {
    let at = 0;
    while (at <= text.length) {
      const nl = text.indexOf("\n", at);
      const piece = text.slice(at, nl < 0 ? text.length : nl);
      if (!skipping) {
        line += piece;
        if (line.length > MAX_ANSWER_CHARS) {
          skipping = true;
          line = "";
          deliver(tooLong());
        }
      }
      if (nl < 0) return;
      if (!skipping) deliver(line.trim());
      line = "";
      skipping = false;
      at = nl + 1;
    }
  };
  const end = (): void => {
    if (ended) return;
    take(decoder.end());
    if (line !== "" && !skipping) deliver(line.trim());
    line = "";
    ended = true;
    const w = waiting;
    waiting = undefined;
    w?.resolve(null);
  };
  const onData = (chunk: Buffer | string): void =>
    take(typeof chunk === "string" ? chunk : decoder.write(chunk));
  input.on("data", onData);
  input.on("end", end);
  input.on("error", end);
  return {
    ask(prompt) {
      write(prompt);
      const next = queue.shift();
      if (queue.length < MAX_QUEUED_LINES / 2) input.resume();
      if (next instanceof AnswerError) return Promise.reject(next);
      if (next !== undefined) {
        if (echo) write(`${next}\n`);
        return Promise.resolve(next);
      }
      if (ended) return Promise.resolve(null);
      return new Promise((resolve, reject) => {
        waiting = {
          resolve: (l) => {
            if (l !== null && echo) write(`${l}\n`);
            resolve(l);
          },
          reject,
        };
      });
    },
    close() {
      input.off("data", onData);
      input.off("end", end);
      input.off("error", end);
      input.pause();
    },
  };
}

/** A person at a terminal: readline's line editing; piped input: streamAsker's bounded lines. */
function terminalAsker(): Asker {
  if (process.stdin.isTTY !== true) return streamAsker(process.stdin, (t) => process.stdout.write(t), true);
  const rl = createInterface({ input: process.stdin, terminal: true });
  const lines: string[] = [];
  const waiting: ((line: string | null) => void)[] = [];
  rl.on("line", (line) => {
    const next = waiting.shift();
    if (next) next(line.trim());
    else lines.push(line.trim());
  });
  let ended = false;
  rl.on("close", () => {
    ended = true;
    for (const w of waiting.splice(0)) w(null);
  });
  const bounded = (line: string | null): Promise<string | null> =>
    line !== null && line.length > MAX_ANSWER_CHARS ? Promise.reject(tooLong()) : Promise.resolve(line);
  return {
    ask(prompt) {
      process.stdout.write(prompt);
      const line = lines.shift();
      if (line !== undefined) return bounded(line);
      if (ended) return Promise.resolve(null);
      return new Promise<string | null>((resolve) => waiting.push(resolve)).then(bounded);
    },
    close: () => rl.close(),
  };
}

interface Flags {
  readonly values: Map<string, string>;
  readonly switches: Set<string>;
  readonly rest: string[];
  readonly unknown: string[];
}

function parseFlags(
  args: readonly string[],
  withValue: readonly string[],
  switches: readonly string[],
): Flags {
  const values = new Map<string, string>();
  const on = new Set<string>();
  const rest: string[] = [];
  const unknown: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (withValue.includes(a)) {
      const v = args[i + 1];
      if (v === undefined || v.startsWith("--")) unknown.push(`${a} needs a value`);
      else if (values.has(a)) {
        unknown.push(`${a} given twice`);
        i++;
      } else {
        values.set(a, v);
        i++;
      }
    } else if (switches.includes(a)) on.add(a);
    else if (a.startsWith("-")) unknown.push(`unknown option ${a}`);
    else rest.push(`unexpected argument "${a}"`);
  }
  return { values, switches: on, rest, unknown };
}

function faultsFlag(flags: Flags, io: Output): 1 | 2 | null {
  const v = flags.values.get("--faults") ?? "single";
  if (v === "single") return 1;
  if (v === "double") return 2;
  io.err(`latchkey doctor: --faults must be single or double, not "${v}"`);
  return null;
}

export async function doctorCommand(args: readonly string[], io: Output, asker?: Asker): Promise<number> {
  if (args[0] === "eval") return doctorEval(args.slice(1), io);
  const flags = parseFlags(
    args,
    ["--lock", "--profile", "--faults", "--symptom", "--fault", "--report"],
    ["--no-telemetry"],
  );
  // One line that says what is wrong (the usage is --help's): a support engineer reads the
  // reason, not a page of usage with the reason in brackets at its end.
  const file = flags.values.get("--lock");
  const problems = [...flags.unknown, ...flags.rest];
  // Options that only mean something for one form are refused in the other rather than
  // ignored (docs/cli.md: a command refuses arguments it does not take).
  if (file === undefined) {
    for (const only of ["--fault", "--symptom", "--no-telemetry"])
      if (flags.values.has(only) || flags.switches.has(only)) problems.push(`${only} needs --lock FILE`);
  } else if (flags.values.has("--profile")) {
    problems.push(
      "--profile is for the interactive doctor (with --lock the file's lock: block names the model)",
    );
  }
  const reportFile = flags.values.get("--report");
  if (reportFile !== undefined) {
    // Found out now, not after a whole session (the report would be lost with a stack trace).
    const problem = reportPathProblem(reportFile);
    if (problem !== undefined) problems.push(`--report ${reportFile}: ${problem}`);
  }
  if (problems.length > 0) {
    io.err(`latchkey doctor: ${problems.join("; ")} (latchkey doctor --help lists the options)`);
    return 2;
  }
  const maxFaults = faultsFlag(flags, io);
  if (maxFaults === null) return 2;
  if (file !== undefined) return doctorOnLock(file, flags, maxFaults, io);
  const profile = flags.values.get("--profile");
  if (profile !== undefined && !PROFILES[profile]) {
    io.err(`latchkey doctor: unknown profile "${profile}" (${PROFILE_IDS.join(", ")})`);
    return 2;
  }
  const input = asker ?? terminalAsker();
  try {
    return await doctorInteractive(io, input, maxFaults, profile, flags.values.get("--report"));
  } catch (e) {
    if (!(e instanceof AnswerError)) throw e;
    io.err(`latchkey doctor: ${e.message}`);
    return 2;
  } finally {
    input.close();
  }
}

/** Why a support report cannot be written at `file`, or undefined if it can be tried. */
function reportPathProblem(file: string): string | undefined {
  const dir = dirname(file);
  try {
    if (!statSync(dir).isDirectory()) return `${dir} is not a folder`;
  } catch {
    return `no folder ${dir}`;
  }
  try {
    const st = lstatSync(file);
    // Never written over: it may be the --lock file itself, another report, or a FIFO that
    // would hang the write at the end of the session.
    return st.isDirectory()
      ? "a folder, not a file"
      : `already there (${st.isFile() ? "a file" : kindOf(st)}): not written over; name a new file`;
  } catch {
    // not there yet: it will be made
  }
  return undefined;
}

/** Writes the support report; a failure is one line on stderr, the report stays on stdout. */
function writeReport(io: Output, file: string, text: string): void {
  try {
    // "wx": made new, never written over (nor through a link or into a FIFO made meanwhile).
    writeFileSync(file, text, { flag: "wx" });
    io.out(`The support report is in ${file}.`);
  } catch (error) {
    io.err(
      `latchkey doctor: the support report could not be written to ${file}: ${(error as Error).message}`,
    );
  }
}

// ---------------- interactive ----------------

async function choose(
  input: Asker,
  io: Output,
  prompt: string,
  options: readonly string[],
  allowSkip = false,
): Promise<number | null> {
  for (let wrong = 0; ; wrong++) {
    if (wrong === MAX_WRONG_ANSWERS)
      throw new AnswerError(
        `${MAX_WRONG_ANSWERS} answers in a row that are not one of the choices: stopped, nothing was changed`,
      );
    const a = await input.ask(`${prompt} [1-${options.length}${allowSkip ? ", Enter to skip" : ""}]: `);
    if (a === null) return null;
    if (a === "" && allowSkip) return -1;
    const n = Number(a);
    if (Number.isInteger(n) && n >= 1 && n <= options.length) return n - 1;
    const byName = options.findIndex((o) => o === a);
    if (byName >= 0) return byName;
    // "d", "?" or "don't know" for a question that allows it.
    const dontKnow = options.indexOf("dont-know");
    if (dontKnow >= 0 && /^(d|\?|don'?t know|dk)$/i.test(a)) return dontKnow;
    io.out(`  Please answer with a number from 1 to ${options.length}.`);
  }
}

/** End of input (Ctrl-D): the person has stopped; that is not an error (issue 16, item 8). */
function stopped(io: Output): number {
  io.out(
    "\nStopped: no more answers (Ctrl-D). Nothing was changed; run latchkey doctor again to start over.",
  );
  return 0;
}

function steps(n: number): string {
  return `${n} step${n === 1 ? "" : "s"}`;
}

function bar(p: number): string {
  const width = 20;
  const n = Math.round(p * width);
  return "█".repeat(n) + "·".repeat(width - n);
}

/**
 * The bars: how likely each cause still is now (issue 15: after new cells failed, weak cells
 * are no longer 82 %); where that differs from the start, the start too.
 */
function showCauses(io: Output, causes: readonly RankedCause[]): void {
  for (const c of causes) {
    const was =
      Math.abs(c.probability - c.stillPresent) >= 0.05
        ? `  (${Math.round(c.probability * 100)} % at the start)`
        : "";
    io.out(
      `    ${bar(c.stillPresent)} ${String(Math.round(c.stillPresent * 100)).padStart(3)} %  ${c.cause}${was}`,
    );
  }
}

async function doctorInteractive(
  io: Output,
  input: Asker,
  maxFaults: 1 | 2,
  profileFlag: string | undefined,
  report: string | undefined,
): Promise<number> {
  io.out("Latchkey doctor — answers a few questions, then leads you to a fix.\n");
  let profile = profileFlag;
  if (profile === undefined) {
    const models = [...PROFILE_IDS, "I don't know"];
    models.forEach((m, i) =>
      io.out(`  ${i + 1}. ${m === "I don't know" ? m : `${m} (${PROFILES[m]?.name ?? ""})`}`),
    );
    const k = await choose(input, io, "Which lock model?", models);
    if (k === null) return stopped(io);
    profile = k < PROFILE_IDS.length ? PROFILE_IDS[k] : undefined;
  }
  io.out("");
  const says = DEFAULT_KNOWLEDGE_BASE.symptoms;
  says.forEach((s, i) => io.out(`  ${String(i + 1).padStart(2)}. ${s.says}`));
  const main = await choose(
    input,
    io,
    "What is wrong?",
    says.map((s) => s.id),
  );
  if (main === null) return stopped(io);
  const also: SymptomId[] = [];
  const more = await input.ask(
    "Anything else from the list? (numbers separated by commas; Enter if nothing comes to mind; 0 if that is everything): ",
  );
  if (more === null) return stopped(io);
  const ignored: string[] = [];
  for (const part of more
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean)) {
    const id = /^\d+$/.test(part) ? says[Number(part) - 1]?.id : part;
    if (id !== undefined && isSymptomId(id)) {
      if (id !== says[main]?.id && !also.includes(id)) also.push(id);
    } else if (part !== "0") ignored.push(part);
  }
  // Said, not silently dropped: the person may have mistyped a number.
  if (ignored.length > 0) io.out(`  Not on the list, so not counted: ${ignored.join(", ")}.`);
  // Enter is not "nothing else is wrong": people leave things out (issue 15). Only "0" says
  // the list is complete.
  const complete = more.split(",").some((x) => x.trim() === "0");
  // Seed 000: handing, codes and cells go wrong "after battery replacement".
  const after = await choose(
    input,
    io,
    "Did the trouble start soon after the batteries were changed? 1. yes  2. no  3. I don't know",
    ["yes", "no", "dont-know"],
  );
  if (after === null) return stopped(io);
  const symptom = (says[main] as { id: SymptomId }).id;
  if (profile !== undefined && [symptom, ...also].includes("forgot-master-code")) noMasterCode(io, profile);
  const session = createSession(
    DEFAULT_KNOWLEDGE_BASE,
    {
      symptom,
      alsoSymptoms: also,
      symptomsComplete: complete,
      ...(profile === undefined ? {} : { profile }),
      answers: { "after-battery-change": ["yes", "no", "dont-know"][after] as string },
    },
    { maxFaults },
  );
  return runInteractive(io, input, session, {
    ...(profile === undefined ? {} : { profile }),
    symptoms: [symptom, ...also],
    ...(report === undefined ? {} : { reportFile: report }),
  });
}

/**
 * "I forgot the master code / I inherited the lock" on a model that has no master code: its one
 * cause (FAULTS master-code-forgotten) cannot be, so the engine alone would rank causes of other
 * complaints. Say what such a model does instead (docs/troubleshooter.md); the session goes on
 * in case something else is wrong.
 */
function noMasterCode(io: Output, profile: string): void {
  if (capabilitiesOfModel(profile).programmingCode) return;
  const name = PROFILES[profile]?.name ?? profile;
  io.out(
    `\nThe ${name} has no master (programming) code, so there is none to forget: with the door open, ` +
      "codes are added at the Program button on the inside (Program, then the model's add-code steps). " +
      "For a lock you inherited, a factory reset erases every code the last owner set (seed 002, seed 004): " +
      "pack out, hold Program, pack in, keep holding 30 s; then program your codes, run the door handing " +
      "and pair it again. If something else is wrong too, answer on.",
  );
}

interface SupportContext {
  readonly profile?: string;
  readonly symptoms: readonly SymptomId[];
  readonly reportFile?: string;
}

/** The support step: seed 000's items, number, hours and warranty, and the support report. */
function supportStep(io: Output, session: TroubleshootingSession, ctx: SupportContext): void {
  const text = supportReport(DEFAULT_KNOWLEDGE_BASE, {
    session,
    symptoms: ctx.symptoms,
    ...(ctx.profile === undefined ? {} : { profile: ctx.profile }),
    scenario: { yaml: guessedScenario(session, ctx.profile), kind: "guess" },
  });
  io.out(`\n${text}`);
  if (ctx.reportFile !== undefined) writeReport(io, ctx.reportFile, text);
}

async function runInteractive(
  io: Output,
  input: Asker,
  session: TroubleshootingSession,
  ctx: SupportContext,
): Promise<number> {
  for (;;) {
    io.out("\nStill likely now:");
    showCauses(io, session.causes(3, { by: "now" }));
    const step = session.next();
    io.out("");
    if (step.kind === "done") {
      if (step.outcome === "fixed") {
        io.out(`Fixed after ${steps(session.steps)}, about ${session.minutes} min.`);
        return 0;
      }
      io.out(step.why);
      supportStep(io, session, ctx);
      return 1;
    }
    io.out(`Why: ${step.why}`);
    if (step.kind === "ask") {
      io.out(`\n${step.question}`);
      step.answers.forEach((a, i) => io.out(`  ${i + 1}. ${a.words}`));
      const k = await choose(
        input,
        io,
        "Your answer",
        step.answers.map((a) => a.value),
      );
      if (k === null) return stopped(io);
      session.answer(step.observation, (step.answers[k] as { value: string }).value);
      continue;
    }
    if (step.warning) io.out(`\n⚠ ${step.warning}`);
    io.out(`\nTry this (about ${step.minutes} min): ${step.instructions}`);
    if (step.fix === "contact-support") supportStep(io, session, ctx);
    const k = await choose(input, io, "Then: 1. it works now  2. still not working  3. I could not do it", [
      "works",
      "not",
      "could-not",
    ]);
    if (k === null) return stopped(io);
    session.applied(step.fix, k === 0 ? true : k === 1 ? false : "not-possible");
  }
}

// ---------------- on a simulated lock ----------------

function describeStep(step: Step): string {
  if (step.kind === "ask") return `ask: ${step.question}`;
  if (step.kind === "fix") return `fix: ${step.fix} — ${step.instructions}`;
  return step.why;
}

function doctorOnLock(file: string, flags: Flags, maxFaults: 1 | 2, io: Output): number {
  // Only a regular file is read: a FIFO must not hang the doctor (issue 16, item 7).
  const read = readRegularFile(file);
  if (!read.ok) {
    io.err(`${file}: ${read.reason}`);
    return 2;
  }
  const parsed = parseScenario(read.text, file, { profileIds: PROFILE_IDS });
  if (!parsed.ok) {
    printProblems(io, file, parsed.problems);
    return 2;
  }
  const extra = flags.values.get("--fault");
  if (extra !== undefined && !isFaultId(extra)) {
    io.err(`latchkey doctor: unknown fault "${extra}" (FAULTS.md ids)`);
    return 2;
  }
  // Checked before the lock is tried: a bad argument is refused even on a lock that works.
  const symptomFlag = flags.values.get("--symptom");
  if (symptomFlag !== undefined && !isSymptomId(symptomFlag)) {
    io.err(`latchkey doctor: unknown symptom "${symptomFlag}" (${SYMPTOM_IDS.join(", ")})`);
    return 2;
  }
  const setup = {
    ...parsed.scenario.lock,
    door: "closed" as const,
    faults: [...parsed.scenario.lock.faults, ...(extra ? [extra] : [])],
  };
  const build = (): LockAtHand | string => {
    const built = buildTwin(setup, file);
    if ("problems" in built) return built.problems.map((p) => `${p.file}:${p.line}: ${p.reason}`).join("\n");
    return {
      twin: built.twin,
      person: {
        ...built.person,
        otherCodes: setup.codes.slice(1).map((c) => ({ code: c.code, slot: c.slot })),
      },
      profile: setup.profile,
      // The codes the household set, as they remember them: the file's, or every slot a
      // fault filled (a code that vanished later is still one they expect to work).
      codeCount: Math.max(
        setup.codes.length,
        built.twin.persistent()?.codes.filter((c) => c !== null).length ?? 0,
      ),
    };
  };
  const probe = build();
  if (typeof probe === "string") {
    io.err(probe);
    return 2;
  }
  // The same lock twice (the twin is deterministic): one to see whether anything is wrong.
  const probeReport = reportFromLock(probe, new SeededRandom(1));
  if (symptomsGone(probeReport.noticed, probe)) {
    io.out(
      `${file}: the lock (${setup.profile}) works for its person — nothing to troubleshoot. Add a fault with --fault ID.`,
    );
    return 0;
  }
  const lock = build() as LockAtHand;
  const report = reportFromLock(lock, new SeededRandom(1));
  const symptoms =
    symptomFlag === undefined
      ? report.symptoms
      : [symptomFlag, ...report.symptoms.filter((s) => s !== symptomFlag)];
  const noticed = [...new Set([...symptoms, ...report.noticed])];
  const says = (id: string): string => DEFAULT_KNOWLEDGE_BASE.symptoms.find((s) => s.id === id)?.says ?? id;
  io.out(
    `Latchkey doctor on ${file} (${setup.profile}${setup.faults.length ? `, faults: ${setup.faults.join(", ")}` : ""})`,
  );
  io.out(`\nThe person reports: ${symptoms.map((s) => `"${says(s)}"`).join(" and ")}`);
  io.out(
    `What they saw: ${Object.entries(report.intake)
      .map(([k, v]) => `${k}=${v}`)
      .join(", ")}`,
  );
  const withTelemetry = !flags.switches.has("--no-telemetry");
  if (withTelemetry) {
    const t = report.telemetry;
    io.out(
      `The lock reports: ${t.responding ? `pack ${t.packRestV} V at rest, battery ${t.battery}, last run ${t.lastRun ? `${t.lastRun.outcome} (${t.lastRun.peakCurrentMa} mA, ${t.lastRun.minSupplyV.toFixed(2)} V, ${Math.round(t.lastRun.durationMs)} ms)` : "none"}, ${t.codes} codes, handed ${t.handed}, lockout ${Math.ceil(t.lockedOutForMs / 1000)} s` : "nothing: it does not answer"}`,
    );
  }
  const run = troubleshootLock(
    DEFAULT_KNOWLEDGE_BASE,
    lock,
    { ...report, symptoms, noticed },
    {
      maxFaults,
      telemetry: withTelemetry,
      onStep: (line) => {
        io.out(`\n${describeStep(line.step)}`);
        io.out(`  why: ${line.step.kind === "done" ? "" : line.step.why}`);
        if (line.step.kind === "fix" && line.step.warning) io.out(`  warning: ${line.step.warning}`);
        io.out(`  → ${line.outcome}`);
      },
    },
  );
  io.out(`\nFirst ranking: ${run.firstExplanation}`);
  showCauses(io, run.firstRanking.slice(0, 3));
  io.out(
    `\n${run.fixed ? `${run.fixesDone.includes("contact-support") ? "Fixed by support's visit (a person cannot mend this cause; eval counts it as not fixed without support)" : "Fixed"} in ${steps(run.steps)}, about ${run.minutes} min.` : describeStep(run.final)}`,
  );
  const reportFile = flags.values.get("--report");
  if (reportFile !== undefined) {
    // As in the terminal: the report is for a support call, so it is written when the session
    // reached support (it gave up, or support's visit mended the lock).
    if (run.fixed && !run.fixesDone.includes("contact-support")) {
      io.out(`No support report written to ${reportFile}: the lock was fixed without support.`);
    } else {
      const fresh = build() as LockAtHand;
      const copy = exportScenario(fresh.twin, {
        title: `a copy of ${file}${extra ? ` with ${extra}` : ""}`,
        packKind: null,
        person: fresh.person,
      });
      const text = supportReport(DEFAULT_KNOWLEDGE_BASE, {
        session: run.session,
        profile: setup.profile,
        symptoms,
        codeCount: lock.codeCount ?? setup.codes.length,
        scenario: { yaml: copy.text, kind: "copy" },
      });
      io.out(`\n${text}`);
      writeReport(io, reportFile, text);
    }
  }
  return run.fixed ? 0 : 1;
}
