/**
 * A fleet split into shards (issue 17): `--shard i/n` runs the i-th of n contiguous ranges of
 * the fleet's lock numbers and writes what it counted as a shard file; merging the n files
 * gives the tally — and so the report — of one run of the whole fleet, because a lock's life
 * depends only on the options and its number. A million-lock fleet then runs as n independent
 * jobs on whatever batch system a user has.
 *
 * Shard files come from outside (another machine, a user's disk): each is checked against its
 * schema, with every count and size bounded, before anything is added up. Each also records
 * the latchkey version that ran it (another version may simulate otherwise, so its counts
 * would not add up to any one run) and a SHA-256 of its content, so a file edited by hand or
 * damaged in transit is refused rather than merged into a report no run would print.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { PROFILE_IDS } from "../../core/profiles/index.ts";
import type { TallyData } from "./fleet-tally.ts";
import { FleetTally, METHODS } from "./fleet-tally.ts";
import { USAGE_KINDS } from "./usage-model.ts";

export const SHARD_FORMAT = "latchkey-fleet-shard/2";
/** More shards than this is a mistake (a million locks in 10,000 jobs is 100 locks a job). */
export const MAX_SHARDS = 10_000;
export const MAX_LOCKS = 1_000_000;
export const MAX_DAYS = 36_500;
/** A shard file is a few kilobytes; anything past this is not one. */
export const MAX_SHARD_FILE_BYTES = 4 * 1024 * 1024;

/** Which shard: the `index`-th (1-based) of `count`. */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

/** The fleet options a shard file records (what `latchkey simulate` takes). */
export interface ShardOptions {
  readonly locks: number;
  readonly days: number;
  readonly seed: number;
  readonly usage: (typeof USAGE_KINDS)[number];
  readonly profileId: string;
  readonly cells: "alkaline" | "lithium";
}

export interface ShardFile {
  readonly format: typeof SHARD_FORMAT;
  /** The latchkey version that ran the shard (package.json's). */
  readonly latchkey: string;
  readonly options: ShardOptions;
  readonly shard: ShardSpec;
  /** Lock numbers `start` to `end - 1`. */
  readonly lockRange: { readonly start: number; readonly end: number };
  readonly tally: TallyData;
  /** SHA-256 (hex) of everything above, keys sorted (`shardDigest`). */
  readonly sha256: string;
}

/** "i/n" as a shard, or what is wrong with it. */
export function parseShardSpec(text: string): ShardSpec | string {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) return `--shard must look like i/n (for example 3/10), not "${text}"`;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS)
    return `--shard: n must be between 1 and ${MAX_SHARDS.toLocaleString("en-US")}, not ${m[2]}`;
  if (index < 1 || index > count) return `--shard: i must be between 1 and n (${count}), not ${m[1]}`;
  return { index, count };
}

/** The lock numbers of a shard: contiguous, as even as whole locks allow, together all of them. */
export function shardRange(locks: number, shard: ShardSpec): { start: number; end: number } {
  return {
    start: Math.floor(((shard.index - 1) * locks) / shard.count),
    end: Math.floor((shard.index * locks) / shard.count),
  };
}

export function shardFile(
  options: ShardOptions,
  shard: ShardSpec,
  tally: FleetTally,
  version: string,
): ShardFile {
  const content: Omit<ShardFile, "sha256"> = {
    format: SHARD_FORMAT,
    latchkey: version,
    options,
    shard,
    lockRange: shardRange(options.locks, shard),
    tally: tally.toJSON(),
  };
  return { ...content, sha256: shardDigest(content) };
}

/** SHA-256 of a shard file's content as JSON with its keys sorted: its layout and key order do not count. */
export function shardDigest(content: Omit<ShardFile, "sha256">): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v !== null && typeof v === "object"
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
          )
        : v;
  return createHash("sha256")
    .update(JSON.stringify(sorted(content)))
    .digest("hex");
}

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const histogram = z.array(z.tuple([z.number().int().min(0).max(MAX_DAYS), count])).max(MAX_DAYS + 1);
const keyedCounts = z.array(z.tuple([z.string().max(64), count])).max(200);

// Strict: a field the writer never puts there is refused by name, not later read as a
// damaged checksum (zod would drop it before the digest is compared).
const shardSchema = z.strictObject({
  format: z.literal(SHARD_FORMAT),
  latchkey: z.string().max(64),
  options: z.strictObject({
    locks: z.number().int().min(1).max(MAX_LOCKS),
    days: z.number().int().min(1).max(MAX_DAYS),
    seed: z.number().int().min(0).max(0xffff_ffff),
    usage: z.enum(USAGE_KINDS),
    profileId: z.string().refine((id) => PROFILE_IDS.includes(id), "an unknown profile"),
    cells: z.enum(["alkaline", "lithium"]),
  }),
  shard: z.strictObject({ index: z.number().int().min(1), count: z.number().int().min(1).max(MAX_SHARDS) }),
  lockRange: z.strictObject({ start: z.number().int().min(0), end: z.number().int().min(0) }),
  tally: z.strictObject({
    lockDays: count,
    operations: count,
    byMethod: z.strictObject(
      Object.fromEntries(METHODS.map((m) => [m, count])) as Record<(typeof METHODS)[number], typeof count>,
    ),
    failures: keyedCounts,
    codeEntries: count,
    mistakes: count,
    lockouts: count,
    byHandAfterFailure: count,
    undone: count,
    brownOuts: count,
    batteryChanges: count,
    packs: z.strictObject({
      lifeDays: histogram,
      warningDays: histogram,
      serviceDays: histogram,
      changedAtEndOfLife: count,
      changedOnWarning: count,
      stillGoing: count,
    }),
    faultsSeen: keyedCounts,
    faultsFixed: keyedCounts,
  }),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/**
 * A shard file's text as a checked shard file, or why it is not one (`name` is for the
 * message); `version` is the latchkey reading it, which merges only shards it made itself.
 */
export function parseShardFile(text: string, name: string, version: string): ShardFile | string {
  if (text.length > MAX_SHARD_FILE_BYTES) return `${name}: too large to be a shard file`;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return `${name}: not JSON`;
  }
  const format = (json as { format?: unknown } | null)?.format;
  if (typeof format === "string" && format !== SHARD_FORMAT && format.startsWith("latchkey-fleet-shard/"))
    return `${name}: a ${format.slice(0, 40)} file; this latchkey ${version} reads ${SHARD_FORMAT} (run the shard again with it)`;
  const r = shardSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    return `${name}: not a ${SHARD_FORMAT} file (${issue ? `${issue.path.join(".") || "top"}: ${issue.message}` : "invalid"})`;
  }
  const file = r.data as ShardFile;
  const { shard, lockRange, options } = file;
  if (file.latchkey !== version)
    return `${name} was made by latchkey ${file.latchkey}, this is ${version}: run shard ${shard.index}/${shard.count} again with this one`;
  if (shard.index > shard.count) return `${name}: shard ${shard.index} of ${shard.count}`;
  // As `simulate --shard` refuses: more shards than locks leaves some empty.
  if (shard.count > options.locks)
    return `${name}: ${shard.count} shards of ${options.locks} locks would leave some empty`;
  const expected = shardRange(options.locks, shard);
  if (lockRange.start !== expected.start || lockRange.end !== expected.end)
    return `${name}: its lock range ${lockRange.start}–${lockRange.end} is not shard ${shard.index}/${shard.count} of ${options.locks} locks`;
  if (file.tally.lockDays !== (lockRange.end - lockRange.start) * options.days)
    return `${name}: ${file.tally.lockDays} lock-days counted, not ${(lockRange.end - lockRange.start) * options.days}`;
  const { sha256, ...content } = file;
  if (shardDigest(content) !== sha256)
    return `${name}: its figures do not match its checksum (edited or damaged): run shard ${shard.index}/${shard.count} again`;
  return file;
}

/**
 * Adds up shard files into the tally of the whole fleet, or says why they do not make one
 * fleet: different options, a shard missing or given twice, shards of different splits.
 */
export function mergeShards(
  files: readonly { readonly name: string; readonly file: ShardFile }[],
): { options: ShardOptions; tally: FleetTally } | string {
  const first = files[0];
  if (!first) return "no shard files given";
  const options = first.file.options;
  const n = first.file.shard.count;
  const seen = new Map<number, string>();
  const tally = new FleetTally();
  for (const { name, file } of files) {
    const differ = (Object.keys(options) as (keyof ShardOptions)[]).filter(
      (k) => file.options[k] !== options[k],
    );
    if (differ.length > 0)
      return `${name} is of another fleet than ${first.name}: ${differ.map((k) => `${k} ${file.options[k]}, not ${options[k]}`).join("; ")}`;
    if (file.shard.count !== n)
      return `${name} is shard ${file.shard.index}/${file.shard.count}, but ${first.name} is one of ${n}`;
    const twice = seen.get(file.shard.index);
    if (twice !== undefined) return `shard ${file.shard.index}/${n} given twice: ${twice} and ${name}`;
    seen.set(file.shard.index, name);
    try {
      tally.add(FleetTally.fromJSON(file.tally));
    } catch (e) {
      return `${name}: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  const missing: number[] = [];
  for (let i = 1; i <= n && missing.length < 10; i++) if (!seen.has(i)) missing.push(i);
  if (missing.length > 0)
    return `shard${missing.length > 1 ? "s" : ""} ${missing.join(", ")}${missing.length === 10 ? ", …" : ""} of ${n} missing`;
  return { options, tally };
}
