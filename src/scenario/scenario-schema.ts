// The scenario language (SCENARIOS.md v1) as zod schemas: they validate the plain value that YAML
// gives us and turn it into the AST of scenario-types.ts, and they are also the language's
// reference, field by field. Objects are strict, so a misspelt field is an error that names it.
// Messages here are for a person reading a scenario file; parse-scenario.ts adds the step number,
// the field path and the line. Codes, keys and key names arrive as strings even when YAML would
// read them as numbers: the parser restores their source text first so "0042" keeps its zeros.

import { z } from "zod";
import { FAULT_IDS, FIX_IDS, isFaultId, isFixId } from "../twin/fault-ids.ts";
import { DURATION_FORMS, parseDurationSeconds } from "./duration.ts";
import { KEY_NAMES, isKeyName } from "../core/keys.ts";
import type { KeyName } from "../core/keys.ts";
import type { RadioCommand, RadioCommandType } from "../core/radio-types.ts";
import {
  LOCK_EVENT_KINDS,
  LOCK_MODES,
  LOCK_SOURCES,
  MAX_CODE_USES,
  REFUSAL_CODES,
} from "../core/radio-types.ts";
import { toWeeklyWindow } from "./weekly-window.ts";
import type {
  BatteryKind,
  CodeSetup,
  Expectation,
  LockSetup,
  RadioEventExpectation,
  SlotExpectation,
  StepBody,
  WeeklySchedule,
} from "./scenario-types.ts";

/** The lock's clock when `lock.time` is not given (SCENARIOS.md). */
export const DEFAULT_LOCK_TIME_MS = Date.parse("2026-03-02T08:00:00Z");

/** The battery packs of `lock.batteries` and `battery: { replace: KIND }`. */
export const BATTERY_KINDS = [
  "fresh",
  "low",
  "critical",
  "dead",
  "rechargeable",
  "lithium",
  "mixed",
  "reversed",
] as const satisfies readonly BatteryKind[];

/** Day names of a weekly schedule, Monday first. */
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

const KEY_HINT = "use 0-9, lock, program, reset";

/**
 * What to say about a token that is not a key name: the usual slips (a capital letter, and in a
 * `keys` step keys run together without spaces) get their own advice; else the key names.
 */
function keyHintFor(token: string, severalKeys: boolean): string {
  const lower = token.toLowerCase();
  if (isKeyName(lower)) return `key names are lower case: ${lower}`;
  // The confirm key by one of its labels (B-HW-1): "#", "enter", the Kwikset "K", the 275's arrow.
  const confirm = /^(\d*)(#|enter|kwikset|k|ok|confirm|arrow|▸|►|>)$/.exec(lower);
  if (confirm) {
    const digits = confirm[1] ?? "";
    return `the confirm key is called lock whatever its label (B-HW-1): write "${digits === "" ? "" : `${digits} `}lock"`;
  }
  if (severalKeys && /^(?:\d|lock|program|reset)+$/.test(lower)) {
    const split = lower.match(/\d+|lock|program|reset/g) ?? [];
    return `separate keys with spaces: "${split.join(" ")}"`;
  }
  return KEY_HINT;
}

/** How much of a string a message quotes. */
const SHOWN_CHARS = 40;

/** A value as a message quotes it (a long string cut to its first 40 characters). */
export function showValue(v: unknown): string {
  if (v === undefined || v === null) return "nothing";
  // A long string (a binary file read as text, a pasted blob) is cut: the message names it, it
  // does not echo it back whole.
  if (typeof v === "string")
    return v.length > SHOWN_CHARS ? `${JSON.stringify(v.slice(0, SHOWN_CHARS))}…` : JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (Array.isArray(v)) return "a list";
  if (v instanceof Date) return "a date";
  return "a mapping";
}

/**
 * A strict object: an unknown field is an `unrecognized_keys` issue whose message lists what is
 * allowed here (the parser prefixes `unknown field "x"`).
 */
function strict<T extends z.core.$ZodLooseShape>(
  shape: T,
  intro = "known fields",
  notAMapping?: (input: unknown) => string,
) {
  const known = `${intro}: ${Object.keys(shape).join(", ")}`;
  return z.strictObject(shape, {
    error: (iss) => {
      if (iss.code === "unrecognized_keys") return known;
      if (iss.code === "invalid_type" && iss.input !== undefined && notAMapping)
        return notAMapping(iss.input);
      return undefined;
    },
  });
}

/** Drops fields whose value is undefined, so the AST has no `key: undefined` noise. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** Edit distance, for "did you mean" on misspelt fault and fix ids. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(3, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = distance(word, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

/**
 * Exactly one of the given keys, e.g. a step (`- wait: 5`) or a remote command object
 * (`{ mode: vacation }`); the value is what that key's schema makes of it. Zero or several keys
 * are one problem, before any value is looked at.
 */
function exactlyOne<R>(
  what: string,
  example: string,
  intro: string,
  splitAdvice: string,
  shape: Record<string, z.ZodType<R>>,
): z.ZodType<R> {
  const optional = Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, s.optional()]));
  return z
    .unknown()
    .superRefine((v, ctx) => {
      if (!isPlainObject(v)) return;
      const keys = Object.keys(v);
      if (keys.length === 0) {
        ctx.addIssue({ code: "custom", message: `an empty ${what} (write one, like ${example})` });
      } else if (keys.length > 1) {
        ctx.addIssue({
          code: "custom",
          message: `a ${what} does one thing, but this one has ${keys.length}: ${keys.join(", ")} (${splitAdvice})`,
        });
      }
    })
    .pipe(
      strict(
        optional,
        intro,
        (input) => `a ${what} is a mapping with one key, like ${example}; got ${showValue(input)}`,
      ).transform((o, ctx): R => {
        for (const value of Object.values(o)) if (value !== undefined) return value as R;
        // Only an unknown key leaves nothing here, and that is already an issue; never succeed empty.
        if (ctx.issues.length === 0)
          ctx.issues.push({ code: "custom", message: `an empty ${what}`, input: o });
        return z.NEVER;
      }),
    );
}

// ---------------------------------------------------------------------------------------------
// Values

/** A user or programming code: 1 to 12 digits, as text (the profile checks its own length rules later). */
export const codeSchema = z.string().superRefine((code, ctx) => {
  if (!/^\d{1,12}$/.test(code)) {
    ctx.addIssue({ code: "custom", message: `a code is 1 to 12 digits, got ${showValue(code)}` });
  }
});

/** A code slot, counted from 1. */
export const slotSchema = z.number().int().min(1);

/** One key name: `0`–`9`, `lock`, `program` or `reset`. */
export const keyNameSchema = z.enum(KEY_NAMES, {
  error: (iss) =>
    iss.code === "invalid_value"
      ? `${showValue(iss.input)} is not a key name (${typeof iss.input === "string" ? keyHintFor(iss.input, false) : KEY_HINT})`
      : undefined,
});

/** Bounds on a scenario's size (issue 16: every count bounded): steps, and presses in one `keys` step. */
export const MAX_STEPS = 10_000;
/** Enough for a de Bruijn sweep of every 4-digit code (10,003 presses, REFERENCES) and more. */
export const MAX_PRESSES_PER_STEP = 20_000;

/**
 * `keys: "program 1 lock 2947 lock"`: tokens separated by spaces; a run of digits is one press per
 * digit; the other tokens are key names.
 */
export const keysSchema = z.string().transform((text, ctx): KeyName[] => {
  const keys: KeyName[] = [];
  const tokens = text.split(/\s+/).filter((t) => t !== "");
  if (tokens.length === 0) {
    ctx.issues.push({
      code: "custom",
      message: `keys: nothing to press (write e.g. "1234 lock")`,
      input: text,
    });
  }
  for (const token of tokens) {
    if (/^\d+$/.test(token)) {
      for (const digit of token) if (isKeyName(digit)) keys.push(digit);
    } else if (isKeyName(token)) {
      keys.push(token);
    } else {
      ctx.issues.push({
        code: "custom",
        message: `unknown key name ${JSON.stringify(token)} (${keyHintFor(token, true)})`,
        input: text,
      });
    }
  }
  if (keys.length > MAX_PRESSES_PER_STEP) {
    ctx.issues.push({
      code: "custom",
      message: `keys: ${keys.length.toLocaleString("en-US")} presses in one step, more than the ${MAX_PRESSES_PER_STEP.toLocaleString("en-US")} a step may have`,
      input: `${text.slice(0, 40)}…`,
    });
  }
  return keys;
});

/** A duration in seconds: a number, or a string such as `500ms`, `10s`, `5m`, `1.5h`, `3d`. */
export const durationSchema = z
  .union([z.number(), z.string()], {
    error: (iss) => `expected a duration (${DURATION_FORMS}), got ${showValue(iss.input)}`,
  })
  .transform((v, ctx) => {
    const result = parseDurationSeconds(v);
    if (result.ok) return result.seconds;
    ctx.issues.push({ code: "custom", message: result.reason, input: v });
    return z.NEVER;
  });

const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * Reads an ISO-8601 date or date-time into epoch ms. A time without a zone is read as UTC, so a
 * scenario means the same on every host. Returns undefined for anything else, including dates
 * that do not exist (2026-02-30).
 */
export function parseIsoTimeMs(text: string): number | undefined {
  const m = ISO_TIME.exec(text.trim());
  if (!m) return undefined;
  const [, y = "", mo = "", d = "", h = "00", mi = "00", s = "00", fraction = "", zone = "Z"] = m;
  const lastDay = new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate();
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > lastDay) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const offset = /^z$/i.test(zone) ? "Z" : `${zone.slice(0, 3)}:${zone.length > 3 ? zone.slice(-2) : "00"}`;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${fraction.slice(0, 4)}${offset}`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** An instant: an ISO-8601 string such as `2026-03-02T08:00:00Z` (a YAML 1.1 timestamp also works). */
export const timeSchema = z
  .union([z.string(), z.date()], {
    error: (iss) => `expected a date-time like 2026-03-02T08:00:00Z, got ${showValue(iss.input)}`,
  })
  .transform((v, ctx) => {
    const ms = typeof v === "string" ? parseIsoTimeMs(v) : v.getTime();
    if (ms !== undefined && !Number.isNaN(ms)) return ms;
    ctx.issues.push({
      code: "custom",
      message: `${showValue(v)} is not an ISO-8601 date-time (write e.g. 2026-03-02T08:00:00Z)`,
      input: v,
    });
    return z.NEVER;
  });

/** A time of day `HH:MM` (24 h); `until` may also be `24:00`. Normalised to two-digit hours. */
function clockTimeSchema(allowMidnightEnd: boolean) {
  return z.string().transform((text, ctx) => {
    const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
    const hours = Number(m?.[1]);
    const minutes = Number(m?.[2]);
    const end = allowMidnightEnd && hours === 24 && minutes === 0;
    if (!m || (!end && (hours > 23 || minutes > 59))) {
      ctx.issues.push({
        code: "custom",
        message: `${showValue(text)} is not a time of day (write HH:MM, 24 h, e.g. 08:30)`,
        input: text,
      });
      return z.NEVER;
    }
    return `${String(hours).padStart(2, "0")}:${m[2]}`;
  });
}

/** `schedule: { days: [mon, tue], from: "08:00", until: "17:30" }`: our extension for B-CODE-8 scheduled codes. */
export const weeklyScheduleSchema = strict({
  days: z.array(z.enum(WEEKDAYS)).min(1),
  from: clockTimeSchema(false),
  until: clockTimeSchema(true),
})
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.days.forEach((day, i) => {
      if (seen.has(day))
        ctx.addIssue({ code: "custom", message: `${day} is listed twice`, path: ["days", i] });
      seen.add(day);
    });
    if (s.from === s.until) {
      ctx.addIssue({
        code: "custom",
        message: `the window is empty (from and until are both ${s.from})`,
        path: ["until"],
      });
    }
  })
  .transform((s): WeeklySchedule => s);

/** Profile settings that differ from the profile's defaults: `{ autoLockSeconds: 30 }`. */
export const settingsSchema = z.record(
  z.string(),
  z.union([z.number(), z.string(), z.boolean()], {
    error: (iss) => `a setting is a number, text or true/false, got ${showValue(iss.input)}`,
  }),
);

/** A fault id from FAULTS.md. */
export const faultIdSchema = z.string().superRefine((id, ctx) => {
  if (isFaultId(id)) return;
  const hint = isFixId(id) ? `; ${id} is a fix (use a "fix:" step)` : didYouMean(id, FAULT_IDS);
  ctx.addIssue({
    code: "custom",
    message: `unknown fault ${JSON.stringify(id)}: it is not in FAULTS.md${hint}`,
  });
});

/** A fix id from FAULTS.md. */
export const fixIdSchema = z.string().superRefine((id, ctx) => {
  if (isFixId(id)) return;
  const hint = isFaultId(id) ? `; ${id} is a fault (use a "fault:" step)` : didYouMean(id, FIX_IDS);
  ctx.addIssue({
    code: "custom",
    message: `unknown fix ${JSON.stringify(id)}: it is not in FAULTS.md${hint}`,
  });
});

function didYouMean(id: string, ids: readonly string[]): string {
  // The same words in another order ("low-battery" for battery-low) before spelling slips.
  const words = id
    .toLowerCase()
    .split(/[-_\s]+/)
    .sort()
    .join("-");
  const reordered = ids.find((c) => c.split("-").sort().join("-") === words);
  const guess = reordered ?? closest(id, ids);
  return guess === undefined ? "" : ` (did you mean ${guess}?)`;
}

const doorSchema = z.enum(["open", "closed"]);
const turnSchema = z.enum(["lock", "unlock"]);
const batteryKindSchema = z.enum(BATTERY_KINDS);

/** `validUntil` must come after `validFrom` when both are given. */
function checkWindow(
  v: { validFrom?: number | undefined; validUntil?: number | undefined },
  ctx: z.RefinementCtx,
) {
  if (v.validFrom !== undefined && v.validUntil !== undefined && v.validUntil <= v.validFrom) {
    ctx.addIssue({
      code: "custom",
      message: "validUntil must be later than validFrom",
      path: ["validUntil"],
    });
  }
}

const codeFields = {
  slot: slotSchema,
  code: codeSchema,
  validFrom: timeSchema.optional(),
  validUntil: timeSchema.optional(),
  schedule: weeklyScheduleSchema.optional(),
};

/** A stored user code in `lock.codes`: `{ slot: 1, code: "2947" }`, optionally with a validity window or schedule. */
export const codeSetupSchema = strict(
  codeFields,
  "known fields",
  (input) => `a code is a mapping like { slot: 1, code: "2947" }, got ${JSON.stringify(input)}`,
)
  .superRefine(checkWindow)
  .transform((c): CodeSetup => compact(c));

// ---------------------------------------------------------------------------------------------
// The lock

/** Options the parser needs from outside the language. */
export interface ScenarioSchemaOptions {
  /** Profile ids that `lock.profile` may name. */
  profileIds: readonly string[];
}

/** The `lock:` block, defaults of SCENARIOS.md filled in (the parser adds `line`). */
export function lockSetupSchema(options: ScenarioSchemaOptions) {
  return strict({
    profile: z.string().superRefine((id, ctx) => {
      if (!options.profileIds.includes(id)) {
        ctx.addIssue({
          code: "custom",
          message: `unknown profile ${JSON.stringify(id)} (known profiles: ${options.profileIds.join(", ") || "none"})`,
        });
      }
    }),
    state: z.enum(["factory", "ready"]).default("ready"),
    door: doorSchema.default("open"),
    batteries: batteryKindSchema.default("fresh"),
    codes: z
      .array(codeSetupSchema)
      .default([])
      .superRefine((codes, ctx) => {
        const seen = new Set<number>();
        codes.forEach((c, i) => {
          if (seen.has(c.slot)) {
            ctx.addIssue({ code: "custom", message: `slot ${c.slot} is given twice`, path: [i, "slot"] });
          }
          seen.add(c.slot);
        });
      }),
    programmingCode: codeSchema.optional(),
    faults: z.array(faultIdSchema).default([]),
    temperatureC: z.number().min(-100).max(150).default(20),
    settings: settingsSchema.default({}),
    time: timeSchema.optional(),
    paired: z.boolean().optional(),
  })
    .superRefine((lock, ctx) => {
      if (lock.state === "factory" && lock.codes.length > 0) {
        ctx.addIssue({
          code: "custom",
          message: "a factory lock has no user codes (B-SET-1); remove codes or use state: ready",
          path: ["codes"],
        });
      }
    })
    .transform(({ time, ...lock }): Omit<LockSetup, "line"> =>
      compact({ ...lock, timeMs: time ?? DEFAULT_LOCK_TIME_MS }),
    );
}

// ---------------------------------------------------------------------------------------------
// Remote commands

/** A code given with a remote lock or unlock (`{ unlock: { code: "2947" } }`). */
const remoteBoltSchema = (type: "lock" | "unlock") =>
  strict({ code: codeSchema.optional() }).transform(({ code }): RadioCommand =>
    code === undefined ? { type } : { type, code },
  );

/** A limited-use code's uses (B-CODE-1: `uses: 1` is a one-time code). */
const usesSchema = z
  .number()
  .int()
  .min(1)
  .max(MAX_CODE_USES, { error: `uses is at most ${MAX_CODE_USES}` });

/**
 * The radio commands a `remote:` step sends, one schema per core command type (pairing has
 * steps of its own), so a command added to core's vocabulary is a compile error here until
 * the language has it.
 */
const REMOTE_COMMAND_SCHEMAS = {
  lock: remoteBoltSchema("lock"),
  unlock: remoteBoltSchema("unlock"),
  setCode: strict({ ...codeFields, uses: usesSchema.optional() })
    .superRefine(checkWindow)
    .transform((c): RadioCommand => ({
      type: "setCode",
      slot: c.slot,
      code: c.code,
      ...(c.validFrom === undefined ? {} : { validFromMs: c.validFrom }),
      ...(c.validUntil === undefined ? {} : { validUntilMs: c.validUntil }),
      ...(c.schedule === undefined ? {} : { weekly: toWeeklyWindow(c.schedule) }),
      ...(c.uses === undefined ? {} : { uses: c.uses }),
    })),
  deleteCode: strict({ slot: slotSchema }).transform(({ slot }): RadioCommand => ({
    type: "deleteCode",
    slot,
  })),
  setSchedule: strict({
    slot: slotSchema,
    validFrom: timeSchema.nullable().optional(),
    validUntil: timeSchema.nullable().optional(),
    schedule: weeklyScheduleSchema.nullable().optional(),
    enabled: z.boolean().optional(),
  }).transform((c): RadioCommand => ({
    type: "setSchedule",
    slot: c.slot,
    ...(c.validFrom === undefined ? {} : { validFromMs: c.validFrom }),
    ...(c.validUntil === undefined ? {} : { validUntilMs: c.validUntil }),
    ...(c.schedule === undefined ? {} : { weekly: c.schedule === null ? null : toWeeklyWindow(c.schedule) }),
    ...(c.enabled === undefined ? {} : { enabled: c.enabled }),
  })),
  readSlot: strict({ slot: slotSchema }).transform(({ slot }): RadioCommand => ({ type: "readSlot", slot })),
  readChecksum: z.null().transform((): RadioCommand => ({ type: "readChecksum" })),
  mode: z.enum(LOCK_MODES).transform((mode): RadioCommand => ({ type: "mode", mode })),
  settings: settingsSchema.transform((settings): RadioCommand => ({
    type: "settings",
    settings: settings as Record<string, number | boolean>,
  })),
  status: z.null().transform((): RadioCommand => ({ type: "status" })),
  firmwareStatus: z.null().transform((): RadioCommand => ({ type: "firmwareStatus" })),
  // An image's transfer (updateBegin/Chunk/Finish) is the hub's job, not a scenario step's; the
  // event log (readLog) is kept by the host around a lock (event-log.ts), not by a twin alone.
} satisfies Record<
  Exclude<RadioCommandType, "pair" | "unpair" | "updateBegin" | "updateChunk" | "updateFinish" | "readLog">,
  z.ZodType<RadioCommand>
>;

/** Commands written as a single word: `remote: unlock`, `remote: readChecksum`, `remote: status`. */
const BARE_COMMANDS = ["lock", "unlock", "readChecksum", "status", "firmwareStatus"] as const;

/**
 * `remote: lock`, `remote: unlock`, `remote: readChecksum`, `remote: status`, or one of
 * `{ lock: { code } }`, `{ unlock: { code } }`, `{ setCode }`, `{ deleteCode }`, `{ setSchedule }`, `{ readSlot }`,
 * `{ mode }`, `{ settings }`.
 */
export const remoteCommandSchema = z.union(
  [
    z.enum(BARE_COMMANDS).transform((type): RadioCommand => ({ type })),
    exactlyOne<RadioCommand>(
      "remote command",
      `{ mode: vacation }`,
      "remote commands are",
      "one remote step each",
      REMOTE_COMMAND_SCHEMAS,
    ),
  ],
  {
    error: (iss) =>
      `${showValue(iss.input)} is not a remote command (use lock, unlock, readChecksum, status, or one of { unlock: { code } }, { setCode: {...} }, { deleteCode: { slot } }, { setSchedule: {...} }, { readSlot: { slot } }, { mode: ... }, { settings: {...} })`,
  },
);

/** Who pairs the lock: `hub` (Z-Wave inclusion / exclusion) or `app` (Wi-Fi join, Bluetooth pairing). */
export const controllerSchema = z.enum(["hub", "app"], {
  error: (iss) =>
    `${showValue(iss.input)} is not a controller (use hub for a Z-Wave lock, app for Wi-Fi or Bluetooth)`,
});

// ---------------------------------------------------------------------------------------------
// Expectations

const countSchema = z.number().int().min(0);

/** `feedback: none`, or counts of each signal since the last `expect`. */
export const feedbackSchema = z.union(
  [
    z.literal("none"),
    strict({
      green: countSchema.optional(),
      red: countSchema.optional(),
      amber: countSchema.optional(),
      beeps: countSchema.optional(),
      longBeeps: countSchema.optional(),
    }).transform(compact),
  ],
  {
    error: (iss) => `feedback is none or counts like { green: 1, beeps: 2 }, got ${showValue(iss.input)}`,
  },
);

const eventKindSchema = z.enum(LOCK_EVENT_KINDS, {
  error: (iss) =>
    `${showValue(iss.input)} is not an event the lock reports (one of ${LOCK_EVENT_KINDS.join(", ")})`,
});

/**
 * `radio: none`, or the events the lock reported since the last `expect`, in order: a kind
 * (`lockout-started`) or a kind with details (`{ kind: unlocked, source: remote }`).
 */
export const radioExpectationSchema = z.union([
  z.literal("none"),
  z.array(
    z.union(
      [
        eventKindSchema.transform((kind): RadioEventExpectation => ({ kind })),
        strict({
          kind: eventKindSchema,
          source: z.enum([...LOCK_SOURCES]).optional(),
          slot: slotSchema.optional(),
        }).transform((e): RadioEventExpectation => compact(e)),
      ],
      {
        error: (iss) =>
          typeof iss.input === "string"
            ? `${showValue(iss.input)} is not an event the lock reports (one of ${LOCK_EVENT_KINDS.join(", ")})`
            : `an event is a kind, or { kind, source, slot } (kinds: ${LOCK_EVENT_KINDS.join(", ")})`,
      },
    ),
  ),
]);

/** `result: ok`, `result: pending`, or a refusal code such as `lock.unpaired`. */
export const resultExpectationSchema = z.string().superRefine((r, ctx) => {
  if (r === "ok" || r === "pending" || (REFUSAL_CODES as readonly string[]).includes(r)) return;
  ctx.addIssue({
    code: "custom",
    message: `${showValue(r)} is not a result (use ok, pending, or a refusal code: ${REFUSAL_CODES.join(", ")})`,
  });
});

/** `expect: { ... }`: every field optional; only the fields given are checked. */
export const expectationSchema = strict({
  bolt: z.enum(["extended", "retracted", "moving", "jammed"]).optional(),
  reported: z.enum(["locked", "unlocked", "jammed", "unknown"]).optional(),
  feedback: feedbackSchema.optional(),
  keypad: z.enum(["active", "locked-out", "disabled"]).optional(),
  handed: z.boolean().optional(),
  codes: countSchema.optional(),
  battery: z.enum(["ok", "low", "critical", "dead"]).optional(),
  // `none` (our extension): no lock or unlock in the history yet.
  lastEvent: z
    .union(
      [
        z.literal("none"),
        strict({
          type: turnSchema.optional(),
          source: z.enum(["keypad", "key", "thumbturn", "remote", "auto-lock"]).optional(),
          slot: slotSchema.optional(),
        }).transform(compact),
      ],
      {
        error: (iss) =>
          `lastEvent is none or a mapping like { type: unlock, source: keypad, slot: 1 }, got ${showValue(iss.input)}`,
      },
    )
    .optional(),
  motorRan: z.boolean().optional(),
  paired: z.boolean().optional(),
  online: z.boolean().optional(),
  radio: radioExpectationSchema.optional(),
  result: resultExpectationSchema.optional(),
  slot: strict({
    occupied: z.boolean().optional(),
    usesLeft: countSchema.optional(),
    enabled: z.boolean().optional(),
    validFrom: timeSchema.optional(),
    validUntil: timeSchema.optional(),
  })
    .transform((s): SlotExpectation => compact(s))
    .optional(),
}).transform((e): Expectation => compact(e));

// ---------------------------------------------------------------------------------------------
// Steps

/** One schema per step kind (the key of the step's mapping); each makes the step's body. */
export const STEP_SCHEMAS = {
  keys: keysSchema.transform((keys): StepBody => ({ kind: "keys", keys })),
  hold: strict({ key: keyNameSchema, seconds: durationSchema }).transform(({ key, seconds }): StepBody => ({
    kind: "hold",
    key,
    seconds,
  })),
  press: keyNameSchema.transform((key): StepBody => ({ kind: "press", key })),
  release: keyNameSchema.transform((key): StepBody => ({ kind: "release", key })),
  battery: z.union(
    [
      z.enum(["remove", "insert"]).transform((action): StepBody => ({ kind: "battery", action })),
      strict({ replace: batteryKindSchema }).transform(({ replace }): StepBody => ({
        kind: "battery",
        action: "replace",
        batteries: replace,
      })),
    ],
    {
      error: (iss) => `battery is remove, insert or { replace: KIND }, got ${showValue(iss.input)}`,
    },
  ),
  wait: durationSchema.transform((seconds): StepBody => ({ kind: "wait", seconds })),
  door: doorSchema.transform((door): StepBody => ({ kind: "door", door })),
  key: turnSchema.transform((turn): StepBody => ({ kind: "key", turn })),
  thumbturn: turnSchema.transform((turn): StepBody => ({ kind: "thumbturn", turn })),
  fault: faultIdSchema.transform((fault): StepBody => ({ kind: "fault", fault })),
  fix: fixIdSchema.transform((fix): StepBody => ({ kind: "fix", fix })),
  remote: remoteCommandSchema.transform((command): StepBody => ({ kind: "remote", command })),
  pair: controllerSchema.transform((by): StepBody => ({ kind: "pair", by })),
  unpair: controllerSchema.transform((by): StepBody => ({ kind: "unpair", by })),
  temperature: z
    .number()
    .min(-100)
    .max(150)
    .transform((celsius): StepBody => ({ kind: "temperature", celsius })),
  expect: expectationSchema.transform((expect): StepBody => ({ kind: "expect", expect })),
} satisfies Record<StepBody["kind"], z.ZodType<StepBody>>;

/** Every step kind, in the order SCENARIOS.md lists them. */
export const STEP_KINDS = Object.keys(STEP_SCHEMAS) as StepBody["kind"][];

/** A step: a mapping with exactly one key, the step kind (`- wait: 5m`). */
export const stepSchema: z.ZodType<StepBody> = exactlyOne<StepBody>(
  "step",
  `"keys: 1234 lock" or "expect: { bolt: extended }"`,
  "steps are",
  `give each its own "- " entry`,
  STEP_SCHEMAS,
);

// ---------------------------------------------------------------------------------------------
// The file

/** A whole scenario file: `scenario` (the title), `lock` and `steps`. */
export function scenarioFileSchema(options: ScenarioSchemaOptions) {
  return strict(
    {
      scenario: z.string().trim().min(1),
      lock: lockSetupSchema(options),
      steps: z
        .array(stepSchema)
        .min(1, { error: "a scenario needs at least one step" })
        .max(MAX_STEPS, { error: `a scenario has at most ${MAX_STEPS.toLocaleString("en-US")} steps` }),
    },
    "known fields",
    (input) => `a scenario file is a mapping with scenario, lock and steps; got ${showValue(input)}`,
  );
}
