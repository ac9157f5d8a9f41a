/**
 * `latchkey simulate --locks N --days D [--seed S] [--usage typical|heavy|rental]
 * [--profile ID] [--cells alkaline|lithium] [--workers W] [--shard i/n] [--json]` (issues 4
 * and 17): runs a fleet of twins on virtual time (src/twin/fleet) on W threads and prints its
 * figures — a summary for people, or one JSON object with `--json` — the same, byte for byte,
 * for a seed whatever W. With `--shard i/n` it runs only the i-th of n parts of the fleet and
 * prints a shard file instead; `latchkey merge` adds the n files up into the report of one run.
 * Wall time and a progress bar (on a terminal) go to stderr, so stdout is the report alone.
 * Exit 0 when the run finished, 2 for arguments it cannot use.
 */
import { PROFILE_IDS } from "../core/profiles/index.ts";
import { runFleet } from "../twin/fleet/run-fleet.ts";
import { FLEET_DEFAULTS } from "../twin/fleet/fleet-options.ts";
import type { Distribution, FleetReport } from "../twin/fleet/fleet-report.ts";
import { DAYS_PER_MONTH, fleetReport } from "../twin/fleet/fleet-report.ts";
import type { ShardOptions, ShardSpec } from "../twin/fleet/fleet-shard.ts";
import { MAX_DAYS, MAX_LOCKS, parseShardSpec, shardFile, shardRange } from "../twin/fleet/fleet-shard.ts";
import { USAGE_KINDS, USAGE_MODELS, isUsageKind } from "../twin/fleet/usage-model.ts";
import { FAULT_DESCRIPTIONS } from "../twin/fault-ids.ts";
import type { Output } from "./output.ts";
import { consoleOutput } from "./output.ts";
import type { Progress } from "./progress-bar.ts";
import { progressBar } from "./progress-bar.ts";
import { parseSeed } from "./parse-seed.ts";
import { packageVersion } from "./version.ts";

export const SIMULATE_USAGE =
  "usage: latchkey simulate --locks N --days D [--seed S] [--usage typical|heavy|rental] [--profile ID] [--cells alkaline|lithium] [--workers W] [--shard i/n] [--json]";

/** More threads than this is a typing mistake, not a machine. */
const MAX_WORKERS = 256;

export interface SimulateIo {
  readonly progress?: Progress;
}

/** A simulate command line, understood. */
export interface SimulateArgs {
  readonly options: ShardOptions;
  readonly json: boolean;
  /** Threads to run on; absent: one per core (fewer for small fleets). */
  readonly workers?: number;
  readonly shard?: ShardSpec;
}

export async function simulateRun(
  args: readonly string[],
  io: Output = consoleOutput,
  opts: SimulateIo = {},
): Promise<number> {
  const parsed = parseSimulateArgs(args);
  if (typeof parsed === "string") {
    io.err(`latchkey simulate: ${parsed}\n${SIMULATE_USAGE}`);
    return 2;
  }
  const { options, json, workers, shard } = parsed;
  const range = shard ? shardRange(options.locks, shard) : { start: 0, end: options.locks };
  const progress = opts.progress ?? progressBar("simulating", "lock-days");
  const started = performance.now();
  let tally;
  try {
    tally = await runFleet(options, {
      ...range,
      ...(workers === undefined ? {} : { workers }),
      onProgress: (done, total) => progress.update(done, total),
    });
  } catch (e) {
    progress.finish();
    if (e instanceof RangeError) {
      io.err(`latchkey simulate: ${e.message}`);
      return 2;
    }
    throw e;
  }
  progress.finish();
  const wallSeconds = (performance.now() - started) / 1000;
  const lockSeconds = tally.lockDays * 86_400;
  io.err(
    `latchkey simulate: ${tally.lockDays.toLocaleString("en-US")} lock-days in ${wallSeconds.toFixed(1)} s, ` +
      `${Math.round(lockSeconds / Math.max(wallSeconds, 1e-9)).toLocaleString("en-US")} simulated lock-seconds per second`,
  );
  if (shard) io.out(JSON.stringify(shardFile(options, shard, tally, packageVersion())));
  else printReport(fleetReport(options, tally), json, io);
  return 0;
}

/** A fleet's report on stdout: the summary for people, or one JSON object. */
export function printReport(report: FleetReport, json: boolean, io: Output): void {
  if (json) io.out(JSON.stringify(report));
  else for (const line of summary(report)) io.out(line);
}

/** The options of a simulate command line, or what is wrong with it. */
export function parseSimulateArgs(args: readonly string[]): SimulateArgs | string {
  const values = new Map<string, string>();
  let json = false;
  const takesValue = new Set([
    "--locks",
    "--days",
    "--seed",
    "--usage",
    "--profile",
    "--cells",
    "--workers",
    "--shard",
  ]);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === "--json") {
      json = true;
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (name === "--json") return "--json takes no value";
    if (!takesValue.has(name))
      return arg.startsWith("--") ? `unknown option ${name}` : `unexpected argument "${arg}"`;
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    // `--locks --days 5`: the next option is not --locks's value.
    if (value === undefined || value === "" || (eq < 0 && value.startsWith("--")))
      return `${name} needs a value`;
    if (values.has(name)) return `${name} given twice`;
    values.set(name, value);
  }
  const locks = wholeNumber(values, "--locks", 1, MAX_LOCKS, true);
  if (typeof locks === "string") return locks;
  const days = wholeNumber(values, "--days", 1, MAX_DAYS, true);
  if (typeof days === "string") return days;
  const seedText = values.get("--seed");
  const seedOption = seedText === undefined ? null : parseSeed(seedText);
  if (seedOption && !seedOption.ok) return seedOption.reason;
  const seed = seedOption?.ok ? seedOption.value : null;
  const usage = values.get("--usage") ?? "typical";
  if (!isUsageKind(usage)) return `--usage must be one of ${USAGE_KINDS.join(", ")}, not "${usage}"`;
  const profileId = values.get("--profile") ?? "smartcode-914";
  if (!PROFILE_IDS.includes(profileId))
    return `unknown profile "${profileId}" (known: ${PROFILE_IDS.join(", ")})`;
  const cells = values.get("--cells") ?? "alkaline";
  if (cells !== "alkaline" && cells !== "lithium")
    return `--cells must be alkaline or lithium, not "${cells}"`;
  const workers = wholeNumber(values, "--workers", 1, MAX_WORKERS, false);
  if (typeof workers === "string") return workers;
  const shardText = values.get("--shard");
  const shard = shardText === undefined ? null : parseShardSpec(shardText);
  if (typeof shard === "string") return shard;
  // Refused, not ignored (docs/cli.md): a shard file is JSON already, and `merge --json` prints
  // the report as JSON.
  if (shard && json)
    return "--json is for the report: with --shard the output is a shard file (merge --json prints the report)";
  if (shard && shard.count > (locks as number))
    return `--shard: ${shard.count} shards of ${locks as number} locks would leave some empty`;
  return {
    json,
    options: {
      locks: locks as number,
      days: days as number,
      seed: seed ?? FLEET_DEFAULTS.seed,
      usage,
      profileId,
      cells,
    },
    ...(workers === null ? {} : { workers }),
    ...(shard === null ? {} : { shard }),
  };
}

function wholeNumber(
  values: ReadonlyMap<string, string>,
  name: string,
  min: number,
  max: number,
  required: boolean,
): number | null | string {
  const text = values.get(name);
  if (text === undefined) return required ? `${name} is required` : null;
  const range = `${min.toLocaleString("en-US")} and ${max.toLocaleString("en-US")}`;
  // The message names the option and its range either way (`--locks 1e12`, `--days -1`).
  if (!/^\d+$/.test(text)) return `${name} must be a whole number between ${range}, not "${text}"`;
  const n = Number(text);
  if (n < min || n > max) return `${name} must be between ${range}, not ${text}`;
  return n;
}

// ---- the summary ----

/** The report for people: deterministic for the options and seed (no wall time: that goes to stderr). */
function summary(r: FleetReport): string[] {
  const n = (x: number): string => x.toLocaleString("en-US");
  const out: string[] = [];
  out.push(
    `latchkey simulate — ${n(r.locks)} × ${r.profile}, ${n(r.days)} days (${n(r.lockDays)} lock-days), ${r.usage} use (${USAGE_MODELS[r.usage as keyof typeof USAGE_MODELS]?.description ?? ""}), ${r.cells} cells, seed ${r.seed}`,
  );
  out.push("");
  const m = r.operations.byMethod;
  out.push(
    `operations        ${n(r.operations.total)} (${r.operations.perLockDay} a lock-day): code ${n(m.code)}, lock button ${n(m["lock-button"])}, auto-lock ${n(m["auto-lock"])}, key ${n(m.key)}, thumbturn ${n(m.thumbturn)}`,
  );
  out.push(
    `failures          ${n(r.failures.total)} (${r.failures.perThousandOperations} per 1,000 operations) — the lock did not do it at the person's first go`,
  );
  for (const [cause, count] of Object.entries(r.failures.byCause)) {
    const what =
      cause === "unexplained"
        ? "not accounted for by the model"
        : FAULT_DESCRIPTIONS[cause as keyof typeof FAULT_DESCRIPTIONS];
    out.push(`  ${cause.padEnd(22)} ${n(count as number).padStart(8)}  ${what}`);
  }
  out.push(`mistakes          ${n(r.mistakes)} slipped digits in ${n(r.codeEntries)} code entries`);
  out.push(`lockouts          ${n(r.lockouts)} times the keypad shut itself after too many wrong codes`);
  out.push(`brown-outs        ${n(r.brownOuts)} times a motor run sagged the pack so far the lock restarted`);
  out.push(
    `finished by hand  ${n(r.finishedByHand)} failed operations done with the key or thumbturn instead; ${n(r.undone)} not done at all`,
  );
  const b = r.battery;
  out.push(
    `battery changes   ${n(b.changes)} (${n(b.changedAtEndOfLife)} after the lock failed or reported critical, ${n(b.changedOnWarning)} on the low-battery warning)`,
  );
  out.push(`battery life      ${lifeLine(b.lifeDays)}`);
  out.push(
    `                  (insertion to the first day the lock fails for battery reasons or reports critical; ${n(b.packsStillGoing)} packs still going at the end)`,
  );
  if (b.warningDays)
    out.push(
      `warning           first low-battery warning to end of life: min ${b.warningDays.min} · median ${b.warningDays.median} · max ${b.warningDays.max} days`,
    );
  if (b.serviceDays)
    out.push(
      `pack service      in the lock until changed: min ${b.serviceDays.min} · median ${b.serviceDays.median} · max ${b.serviceDays.max} days`,
    );
  const seen = Object.entries(r.faults.seen);
  out.push(`faults            ${seen.length === 0 ? "none" : "seen / fixed"}`);
  for (const [id, count] of seen)
    out.push(
      `  ${id.padEnd(22)} ${String(count).padStart(6)} / ${String(r.faults.fixed[id as keyof typeof r.faults.fixed] ?? 0).padEnd(6)} ${FAULT_DESCRIPTIONS[id as keyof typeof FAULT_DESCRIPTIONS]}`,
    );
  return out;
}

function lifeLine(d: Distribution | null): string {
  if (!d) return "no pack reached its end in this run";
  const both = (days: number): string => `${days} d (${(days / DAYS_PER_MONTH).toFixed(1)} mo)`;
  return `${d.count} packs: min ${both(d.min)} · median ${both(d.median)} · max ${both(d.max)}`;
}
