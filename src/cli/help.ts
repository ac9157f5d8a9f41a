/**
 * What `latchkey <command> --help` prints (issue 16, item 8): every subcommand answers `--help`
 * (or `-h`) with its usage and options on stdout and exit 0, whatever else is on the line.
 * Loaded only when help is asked for, so the CLI still starts at once (main.ts).
 */
import { MAX_SCENARIO_WORDS } from "../scenario/duration.ts";
import { MAX_PRESSES_PER_STEP, MAX_STEPS } from "../scenario/scenario-schema.ts";
import { MAX_SEED } from "./parse-seed.ts";
import { EVAL_USAGE, MAX_CASES } from "./doctor-eval.ts";
import { MERGE_USAGE } from "./merge-command.ts";
import { LOCKS_USAGE } from "./locks-command.ts";
import { MAX_DAYS, MAX_LOCKS, MAX_SHARDS } from "../twin/fleet/fleet-shard.ts";
import { MAX_SCENARIO_FILE_BYTES } from "./regular-file.ts";
import { MAX_SCENARIO_FILES, MAX_WALK_ENTRIES } from "./scenario-files.ts";

const SEED = `a whole number from 0 to ${MAX_SEED.toLocaleString("en-US")} in plain digits`;

const SCENARIO_HELP = `usage: latchkey scenario run FILE_OR_DIR... [--json] [--trace] [--quiet]

Runs scenario files (SCENARIOS.md); a folder is read recursively for .yaml, .yml and .json.

  --json     one JSON object per step (the trace) on stdout, nothing else
  --trace    also print every step in words and what the lock showed after it
  --quiet    print only failures and the summary
  -h, --help this text

exit: 0 every expectation holds · 1 an expectation failed · 2 a file is not valid scenario
language, or a path is not a readable regular file (a FIFO, a dangling symlink, a symlink loop,
an unreadable file or folder: named on stderr and skipped; the others still run), or no
scenario file was found at all (nothing run)

bounds: a file of at most ${MAX_SCENARIO_FILE_BYTES.toLocaleString("en-US")} bytes, ${MAX_STEPS.toLocaleString("en-US")} steps, ${MAX_PRESSES_PER_STEP.toLocaleString("en-US")} presses a keys step;
${MAX_SCENARIO_WORDS} of lock time for one wait or hold and for all steps together;
${MAX_SCENARIO_FILES.toLocaleString("en-US")} files a run, ${MAX_WALK_ENTRIES.toLocaleString("en-US")} files and folders looked at (a folder reached
again through a link is read once).
`;

const SERVE_HELP = `usage: latchkey serve [--mqtt URL]

The web app (npm start): builds the browser app if needed and serves simulated locks a person
can use, printing the address. Every lock with a radio also appears in Home Assistant by MQTT
discovery, and locks that other processes serve over the broker (latchkey locks) join this
hub (docs/mqtt.md). Runs until Ctrl-C.

  --mqtt URL   the MQTT broker (wins over MQTT_URL)

environment:
  PORT                   the port (default 8080; 0 picks a free one)
  HOST                   the interface (default localhost)
  MQTT_URL               an MQTT broker (mqtt://host:1883, mqtts://…); unset: an embedded broker
  MQTT_PORT              the embedded broker's port, 1–65535 in digits (default 1883, or a free one
                         when taken; 0 picks a free one)
  MQTT_USERNAME, MQTT_PASSWORD, MQTT_CA_FILE, MQTT_CERT_FILE, MQTT_KEY_FILE,
  MQTT_REJECT_UNAUTHORIZED=false                 passed to the MQTT client
  MQTT_BASE_TOPIC        lock topics (default latchkey); MQTT_DISCOVERY_PREFIX (default homeassistant)
  MQTT_BIRTH_TOPIC       Home Assistant's birth message topic (default homeassistant/status, as
                         Home Assistant's); <discovery prefix>/status is always heard as well
  MQTT_LINK_ROOT         the lock link's topics (default latchkey-link)

exit: 1 when the broker cannot be reached; 2 when PORT or MQTT_PORT is not a port number, a topic
setting is not a topic, HOST:PORT cannot be listened on (a port in use, a host not this
machine's), or an argument is wrong
`;

const SIMULATE_HELP = `usage: latchkey simulate --locks N --days D [options]

A fleet of locks on virtual time: each a real twin and firmware, used key by key, with seasons,
faults and battery changes. Prints operations, failures by cause, lockouts, battery life.

  --locks N                       how many locks (1 to ${MAX_LOCKS.toLocaleString("en-US")})
  --days D                        how many days each lives (1 to ${MAX_DAYS.toLocaleString("en-US")})
  --seed S                        the fleet's seed (default 1), ${SEED}
  --usage typical|heavy|rental    10 operations a day; about 30; a holiday rental (default typical)
  --profile ID                    the model (default smartcode-914; latchkey profiles lists them)
  --cells alkaline|lithium        the cells put in (default alkaline)
  --workers W                     run the locks on W threads, 1 to 256 (default one per core, at
                                  most one per 50 locks); the same figures whatever W
  --shard i/n                     run only the i-th of n parts (up to ${MAX_SHARDS.toLocaleString("en-US")}) and print a shard file
                                  (JSON: not with --json; latchkey merge adds the n files up)
  --json                          one JSON object with every figure on stdout
  -h, --help                      this text

exit: 0 done · 2 bad arguments
`;

const MERGE_HELP = `${MERGE_USAGE}

Adds up the shard files of a fleet run as n jobs (latchkey simulate ... --shard i/n) and prints
the report of the whole fleet, the same as one run of simulate with those options.

  --json       the report as one JSON object
  -h, --help   this text

Each shard file records the latchkey version that ran it and a SHA-256 of its figures: a shard
of another version, or one edited or damaged, is refused (run that shard again).

exit: 0 merged · 2 a file that is not a shard of the same fleet (one line naming it and why),
a shard missing or twice, or not a regular file
`;

const DOCTOR_HELP = `usage:
  latchkey doctor [--profile ID] [--faults single|double] [--report FILE]
  latchkey doctor --lock FILE [--fault ID] [--symptom ID] [--no-telemetry] [--faults single|double] [--report FILE]
  ${EVAL_USAGE}

The troubleshooter (docs/troubleshooter.md).

  (no options)      asks you in the terminal: the model, what you see, then each question and fix
  --lock FILE       builds the lock of a scenario file's lock: block and troubleshoots it: a
                    simulated person reports what it shows, questions are answered on it
  --fault ID        a FAULTS.md fault added to that lock (only with --lock)
  --symptom ID      the FAULTS.md symptom the person leads with (only with --lock; default:
                    the first thing the simulated person notices)
  --profile ID      the model, without asking (not with --lock: the file names it)
  --faults single|double   one fault at a time, or up to two (default single)
  --no-telemetry    do not read the lock's telemetry (only with --lock)
  --report FILE     write a support report to FILE when the session reaches support (its
                    folder must exist and FILE must not: nothing is written over; checked
                    before the first question)
  eval              the engine against the guides' checklist on cases it did not make
    --set heldout|dev   the frozen held-out set (default) or the development set
    --cases N       how many cases (1 to ${MAX_CASES.toLocaleString("en-US")}, default 100)
    --from I        start at the set's I-th case (default 0)
    --seed S        draw new cases from this seed, ${SEED}
    --faults single|double   one injected fault a case, or two
    --mix uniform|seed-000|kb|all   how often each fault is drawn (default uniform)
    --no-telemetry | --telemetry both   without the lock's telemetry, or with and without
    --json          every figure as one JSON line instead of the tables (the last line,
                    one JSON object with both sides' figures, is printed either way)
    --verbose       a line per case: its faults, what was said, and what each side did
  -h, --help        this text

exit: 0 fixed — the lock works at the end, support's visit included (eval: done; also when
the answers end, Ctrl-D) · 1 not fixed (the doctor gave up) · 2 bad arguments, a FILE
that is not a readable regular file, or answers that cannot be answers (a line over 1,000
characters, 10 in a row not among the choices: stopped, nothing changed)
`;

const DEMO_HELP = `usage: latchkey demo

A short tour of the field guides' procedures, run on simulated locks, with what the lock showed
after each step. npm run demo runs it.

exit: 0 every expectation held · 1 one failed
`;

const PROFILES_HELP = `usage: latchkey profiles

Lists the model profiles: id, name and the guide or manual each follows (docs/profiles/).
`;

const HELP_BY_COMMAND: Readonly<Record<string, string>> = {
  scenario: SCENARIO_HELP,
  serve: SERVE_HELP,
  locks: LOCKS_USAGE,
  simulate: SIMULATE_HELP,
  merge: MERGE_HELP,
  doctor: DOCTOR_HELP,
  demo: DEMO_HELP,
  profiles: PROFILES_HELP,
};

/** The help of a command, or undefined for a command there is none. */
export function helpFor(command: string): string | undefined {
  return HELP_BY_COMMAND[command];
}
