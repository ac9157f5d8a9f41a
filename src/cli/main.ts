/**
 * The `latchkey` command line. Subcommands:
 *   scenario run FILE_OR_DIR... [--json] [--trace]   run scenario files (SCENARIOS.md)
 *   serve                                          the web app: locks in the browser (npm start)
 *   locks --count N --mqtt URL                     N locks served over a broker to a hub elsewhere (issue 13)
 *   simulate --locks N --days D [...]              a fleet of locks on virtual time (issues 4, 17)
 *   merge SHARD_FILE... [--json]                   the report of a fleet run as shards (issue 17)
 *   doctor [--lock FILE] | doctor eval ...          the troubleshooter (docs/troubleshooter.md)
 *   demo                                           run the guide scenarios and show their traces
 *   profiles                                       list the model profiles
 *   --version                                      the package's version
 *   COMMAND --help, help COMMAND                   each command's usage (help.ts)
 *
 * Each command's module is loaded when it is asked for, so the CLI starts at once (issue 17).
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { PROFILES } from "../core/profiles/index.ts";
import type { Output } from "./output.ts";
import { consoleOutput, stopQuietlyWhenStdoutCloses } from "./output.ts";
import { packageVersion } from "./version.ts";

/** A short tour for `npm start`: one procedure from each guide and the manufacturer. */
const DEMO_TOUR = [
  "guide-000/program-a-user-code.yaml",
  "guide-000/door-handing-at-power-up.yaml",
  "guide-000/strike-misaligned-jams-with-door-closed.yaml",
  "guide-002/lockout-five-wrong-codes.yaml",
  "guide-003/955-set-programming-code.yaml",
  "guide-004/auto-lock-waits-for-door-closed.yaml",
  "manufacturer-910/two-digits-per-button-unlock.yaml",
];

const HELP = `latchkey — a simulated Kwikset-style smart deadbolt

usage:
  latchkey scenario run FILE_OR_DIR... [--json] [--trace] [--quiet]
  latchkey serve [--mqtt URL]        the web app: simulated locks in the browser (PORT, default 8080),
                                     Home Assistant discovery over MQTT (MQTT_URL or an embedded broker)
  latchkey locks --count N --mqtt URL   N simulated locks served over a broker to a hub elsewhere
  latchkey simulate --locks N --days D [--seed S] [--usage typical|heavy|rental] [--profile ID]
                   [--cells alkaline|lithium] [--workers W] [--shard i/n] [--json]
  latchkey merge SHARD_FILE... [--json]   the report of a fleet run as shards (simulate --shard i/n)
  latchkey doctor [--lock FILE]      the troubleshooter (doctor eval --cases N --seed S: against the checklist)
  latchkey demo                      run the guide scenarios with their traces
  latchkey profiles                  list the model profiles
  latchkey --version                 the version

latchkey COMMAND --help tells more about a command.
`;

/** The usage of a command (help.ts, loaded only when asked for), or undefined if it has none. */
async function helpFor(command: string): Promise<string | undefined> {
  return (await import("./help.ts")).helpFor(command);
}

/** The longest argument taken: a path (Linux's PATH_MAX); every option value is far shorter. */
export const MAX_ARGUMENT_CHARS = 4096;

export async function main(argv: readonly string[], io: Output = consoleOutput): Promise<number> {
  // `latchkey … | head` closes stdout early: every command then stops quietly (141), not with a stack trace.
  if (io === consoleOutput) stopQuietlyWhenStdoutCloses();
  const [command, sub, ...rest] = argv;
  // Every command answers --help (or -h) with its own usage, whatever else is on the line.
  const args = argv.slice(1);
  if (command !== undefined && (args.includes("--help") || args.includes("-h"))) {
    const help = await helpFor(command);
    if (help !== undefined) {
      io.out(help);
      return 0;
    }
  }
  // No argument latchkey takes is longer than a path (PATH_MAX); refusing longer ones here keeps
  // every message that names an argument one short line.
  const long = argv.findIndex((a) => a.length > MAX_ARGUMENT_CHARS);
  if (long >= 0) {
    io.err(
      `latchkey: argument ${long + 1} is ${(argv[long] as string).length.toLocaleString("en-US")} characters long, more than the ${MAX_ARGUMENT_CHARS.toLocaleString("en-US")} any argument may have (${JSON.stringify((argv[long] as string).slice(0, 20))}…)`,
    );
    return 2;
  }
  if (command === "help" && sub !== undefined && sub !== "help") {
    const help = await helpFor(sub);
    if (help === undefined) {
      io.err(`unknown command "${sub}"\n${HELP}`);
      return 2;
    }
    io.out(help);
    return 0;
  }
  switch (command) {
    case "scenario":
      if (sub === "run") return (await import("./scenario-command.ts")).scenarioRun(rest, io);
      io.err(
        `latchkey scenario: ${sub === undefined ? "which?" : `unknown subcommand "${sub}"${/\.(ya?ml|json)$/i.test(sub) ? ` (to run it: latchkey scenario run ${sub})` : ""}`}\n${(await helpFor("scenario")) ?? HELP}`,
      );
      return 2;
    case "serve": {
      // `--mqtt URL` (issue 13) is the only option; PORT, HOST and the rest come from the environment.
      let mqttUrl: string | undefined;
      if (args.length === 2 && args[0] === "--mqtt" && args[1] !== undefined && !args[1].startsWith("--")) {
        mqttUrl = args[1];
      } else if (args.length > 0) {
        io.err(
          `latchkey serve takes only --mqtt URL (${args.join(" ").slice(0, 80)}); PORT and HOST set the rest`,
        );
        return 2;
      }
      // Loaded only here: the other commands need no web server.
      const { serve } = await import("../server/serve-command.ts");
      return serve(process.env, io, mqttUrl === undefined ? {} : { mqttUrl });
    }
    case "locks":
      return (await import("./locks-command.ts")).locksRun(argv.slice(1), io);
    case "simulate":
      return (await import("./simulate-command.ts")).simulateRun(argv.slice(1), io);
    case "merge":
      return (await import("./merge-command.ts")).mergeRun(argv.slice(1), io);
    case "doctor": {
      // Loaded only here, like serve: the troubleshooter and its knowledge base.
      const { doctorCommand } = await import("./doctor-command.ts");
      return doctorCommand(argv.slice(1), io);
    }
    case "demo": {
      if (args.length > 0) {
        io.err(`latchkey demo takes no arguments (${args.join(" ")})`);
        return 2;
      }
      const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "scenarios");
      const tour = DEMO_TOUR.map((f) => join(root, f)).filter((f) => existsSync(f));
      io.out("Latchkey: a simulated Kwikset-style smart deadbolt. Here are some of the field guides'");
      io.out("procedures, run on simulated locks; each line is what the lock showed after a step.\n");
      const { scenarioRun } = await import("./scenario-command.ts");
      const code = scenarioRun(tour, io, { verbose: true });
      io.out("\nMore: npx latchkey scenario run scenarios --trace   (all guide procedures)");
      io.out("      npx latchkey scenario run FILE --json         (the trace as JSON)");
      return code;
    }
    case "profiles":
      if (args.length > 0) {
        io.err(`latchkey profiles takes no arguments (${args.join(" ")})`);
        return 2;
      }
      for (const p of Object.values(PROFILES))
        io.out(`${p.id.padEnd(15)} ${p.name} — ${p.sources.join(", ")}`);
      return 0;
    case "--version":
    case "-v":
    case "-V":
    case "version":
      if (args.length > 0) {
        io.err(`latchkey --version takes no arguments (${args.join(" ")})`);
        return 2;
      }
      io.out(packageVersion());
      return 0;
    case undefined:
    case "help":
    case "--help":
    case "-h":
      io.out(HELP);
      return 0;
    default:
      io.err(`unknown command "${command}"\n${HELP}`);
      return 2;
  }
}
