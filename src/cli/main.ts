/**
 * The `latchkey` command line. Subcommands:
 *   scenario run FILE_OR_DIR... [--json] [--trace]   run scenario files (SCENARIOS.md)
 *   demo                                           run the guide scenarios and show their traces
 *   profiles                                       list the model profiles
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { PROFILES } from "../core/profiles/index.ts";
import { consoleOutput, scenarioRun } from "./scenario-command.ts";
import type { Output } from "./scenario-command.ts";

const HELP = `latchkey — a simulated Kwikset-style smart deadbolt

usage:
  latchkey scenario run FILE_OR_DIR... [--json] [--trace] [--quiet]
  latchkey demo                      run the guide scenarios with their traces
  latchkey profiles                  list the model profiles
`;

export async function main(argv: readonly string[], io: Output = consoleOutput): Promise<number> {
  const [command, sub, ...rest] = argv;
  switch (command) {
    case "scenario":
      if (sub === "run") return scenarioRun(rest, io);
      io.err(HELP);
      return 2;
    case "demo": {
      const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "scenarios");
      const dir = existsSync(join(root, "guides")) ? join(root, "guides") : root;
      io.out(`Running the field guides' procedures on simulated locks (${dir})\n`);
      return scenarioRun([dir], io, { verbose: true });
    }
    case "profiles":
      for (const p of Object.values(PROFILES)) io.out(`${p.id.padEnd(15)} ${p.name} — ${p.sources.join(", ")}`);
      return 0;
    case undefined:
    case "help":
    case "--help":
      io.out(HELP);
      return 0;
    default:
      io.err(`unknown command "${command}"\n${HELP}`);
      return 2;
  }
}
