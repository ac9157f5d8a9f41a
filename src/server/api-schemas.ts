/**
 * The HTTP and WebSocket API as zod schemas (STYLE.md 5): every body, parameter and query
 * the server accepts is parsed by one of these, and the same schemas generate the OpenAPI
 * document (`openapi.ts`) and the TypeScript types the browser app imports (type-only).
 */
import { z } from "zod";
import { decimalInt } from "./decimal-int.ts";
import { lockSetupSchema } from "../scenario/scenario-schema.ts";
import { KEY_NAMES } from "../core/keys.ts";
import { PACK_KINDS } from "../twin/pack-levels.ts";
import { PROFILE_IDS } from "../core/profiles/index.ts";

// ---- shared words ----

export const keyNameSchema = z
  .enum(KEY_NAMES)
  .describe("A key: 0–9, lock (the exterior confirm key), program, reset");
export const packKindSchema = z
  .enum(PACK_KINDS)
  .describe(
    "A battery pack of four AA cells: the scenario words, and unlocks-only (the battery-low fault's pack); levels in src/twin/pack-levels.ts",
  );
export const boltSchema = z.enum(["extended", "retracted", "moving", "jammed"]);
export const reportedSchema = z.enum(["locked", "unlocked", "jammed", "unknown"]);
export const keypadSchema = z.enum(["active", "locked-out", "disabled"]);
export const batteryBeliefSchema = z.enum(["ok", "low", "critical", "dead"]);
/** Time pacing: 0 is paused, 1 is real time. */
export const speedSchema = z.union([z.literal(0), z.literal(1), z.literal(10), z.literal(60)]);
export type Speed = z.infer<typeof speedSchema>;

/**
 * The longest skip in one request: a month (31 days), so a person can watch a pack age. A skip
 * runs the lock's clock event by event (each bounded per step), and a month of an idle lock is
 * a few milliseconds of work; the bound keeps one request from asking for years.
 */
export const MAX_SKIP_MS = 31 * 24 * 3_600_000;

// ---- parameters ----

export const lockParamsSchema = z.strictObject({
  id: z.string().min(1).max(100).describe("The lock's id, e.g. lock-1"),
});

// ---- request bodies ----

/** POST /api/locks: a name, and a lock block in the scenario language (SCENARIOS.md "File"). */
export const createLockBodySchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/)
    .optional()
    .describe("A stable id the person chooses (lower-case letters, digits, dashes); default: a UUID"),
  name: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .refine((name) => !/[\p{Cc}\p{Cs}]/u.test(name), {
      message: "a name is one line of text: no control characters (newline, tab, NUL, ESC…)",
    })
    .optional()
    .describe("What the page shows on the lock's tab (one line)"),
  lock: lockSetupSchema({ profileIds: PROFILE_IDS }).describe(
    "The lock block of a scenario file: profile, state, door, batteries, codes, programmingCode, faults, temperatureC, settings, time (default: now)",
  ),
});
export type CreateLockBody = z.input<typeof createLockBodySchema>;

/** The largest scenario file `POST /api/locks/import` reads (an exported lock is about 2 KB); its JSON body stays under the server's 64 KiB limit. */
export const MAX_SCENARIO_FILE_CHARS = 48 * 1024;

export const importLockBodySchema = z.strictObject({
  file: z
    .string()
    .min(1)
    .max(MAX_SCENARIO_FILE_CHARS)
    .describe("The text of a scenario file (YAML or JSON), at most 48 KB"),
  id: createLockBodySchema.shape.id,
  name: createLockBodySchema.shape.name,
});
export type ImportLockBody = z.infer<typeof importLockBodySchema>;

export const keyActionBodySchema = z.strictObject({
  key: keyNameSchema,
  action: z
    .enum(["press", "release", "tap"])
    .describe("press: the key goes down and stays down; release: it comes up; tap: down and up"),
});
export type KeyActionBody = z.infer<typeof keyActionBodySchema>;

export const packBodySchema = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("remove").describe("Take the pack out") }),
  z.strictObject({ action: z.literal("insert").describe("Put the pack that was taken out back in") }),
  z.strictObject({
    action: z.literal("replace").describe("Put in a new pack of this kind"),
    kind: packKindSchema,
  }),
]);
export type PackBody = z.infer<typeof packBodySchema>;

export const doorBodySchema = z.strictObject({ closed: z.boolean() });
export type DoorBody = z.infer<typeof doorBodySchema>;

export const turnBodySchema = z.strictObject({
  by: z.enum(["key", "thumbturn"]).describe("The physical key outside, or the thumbturn inside"),
  direction: z.enum(["lock", "unlock"]),
});
export type TurnBody = z.infer<typeof turnBodySchema>;

export const timeBodySchema = z.union([
  z.strictObject({ speed: speedSchema }),
  z.strictObject({
    skipMs: z.number().int().min(1).max(MAX_SKIP_MS).describe("Let this much lock time pass now"),
  }),
]);
export type TimeBody = z.infer<typeof timeBodySchema>;

export const remoteBodySchema = z.strictObject({
  command: z.enum(["lock", "unlock"]).describe("A command over the lock's radio, as an app or hub sends it"),
});
export type RemoteBody = z.infer<typeof remoteBodySchema>;

export const faultBodySchema = z.strictObject({
  fault: z.string().min(1).describe("A fault id from FAULTS.md"),
});
export type FaultBody = z.infer<typeof faultBodySchema>;

export const fixBodySchema = z.strictObject({
  fix: z.string().min(1).describe("A fix id from FAULTS.md"),
  programmingCode: z
    .string()
    .regex(/^[0-9]{4,10}$/)
    .optional()
    .describe("The programming code the person knows, for fixes that need it (run-door-handing)"),
  confirmErase: z
    .boolean()
    .optional()
    .describe(
      "Required true for a fix that erases the lock's setup (factory-reset), as the troubleshooter asks",
    ),
});
export type FixBody = z.infer<typeof fixBodySchema>;

export const liveClientMessageSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("sync").describe("Send every lock's snapshot again") }),
]);

// ---- responses ----

const signalCountsShape = {
  green: z.number().int(),
  red: z.number().int(),
  amber: z.number().int(),
  beeps: z.number().int(),
  longBeeps: z.number().int(),
};

export const profileSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  models: z.array(z.string()),
  sources: z.array(z.string()),
  keypad: z.object({
    kind: z.enum(["buttons", "touchscreen"]),
    confirmLabel: z.string(),
    sharedButtons: z.array(z.string()),
  }),
  interior: z.object({
    resetHole: z.boolean(),
    clutchLever: z.boolean(),
    programmingSwitch: z.boolean(),
    doorSensor: z.boolean(),
  }),
  radio: z.enum(["zwave", "wifi", "bluetooth"]).nullable(),
  pairing: z
    .object({
      method: z.enum(["zwave-inclusion", "wifi-join", "bluetooth-pairing"]),
      controllerStep: z.string().describe("What the hub or app does, in a person's words"),
      lockStep: z.string().describe("What the person does at the lock, in words"),
      source: z.string().describe("The guide or manual the procedure follows"),
    })
    .nullable()
    .describe("How the model pairs with its hub or app; null without a radio"),
  codes: z.object({
    capacity: z.number().int(),
    userLengthMin: z.number().int(),
    userLengthMax: z.number().int(),
    defaultProgrammingCode: z.string().nullable(),
  }),
  battery: z.object({ lowV: z.number(), criticalV: z.number() }),
  holdKeys: z
    .array(keyNameSchema)
    .describe("Keys that a procedure of this model holds down, across other actions"),
  procedures: z
    .array(z.object({ id: z.string(), rule: z.string(), steps: z.string() }))
    .describe("The profile's procedures in words, for the page's help"),
});
export type ProfileSummary = z.infer<typeof profileSummarySchema>;

export const signalRecordSchema = z.object({
  seq: z.number().int().describe("1 for the lock's first signal; the page plays those it has not played"),
  atMs: z.number(),
  name: z.string(),
  ...signalCountsShape,
});
export type SignalRecordDto = z.infer<typeof signalRecordSchema>;

export const historyEntrySchema = z.object({
  atMs: z
    .number()
    .describe("The lock's clock, epoch ms; not always whole: a motor run ends between milliseconds"),
  kind: z.string(),
  source: z.string(),
  slot: z.number().int().optional(),
  detail: z.string().optional(),
});

export const faultActionSchema = z.object({
  atMs: z.number(),
  kind: z.enum(["fault", "fix"]),
  id: z.string(),
  ok: z.boolean(),
  reason: z.string().optional(),
});

export const motorRunSchema = z.object({
  startedMs: z.number(),
  endedMs: z
    .number()
    .nullable()
    .describe("Epoch ms, not always whole (the bolt reaches its stop between milliseconds)"),
  peakCurrentMa: z.number(),
  minSupplyV: z.number().nullable(),
  samples: z
    .array(z.object({ tMs: z.number(), currentMa: z.number() }))
    .describe("Motor current, a step per change"),
});

/** The lock's firmware as it answers `firmwareStatus` (issue 14, docs/firmware.md). */
export const firmwareStatusSchema = z
  .object({
    version: z.string().describe("The version the lock runs now: changes with an update or a rollback"),
    slot: z.enum(["A", "B"]).describe("The flash slot it runs from"),
    pending: z.string().nullable().describe("A verified image that runs from the next boot, or null"),
    last: z
      .object({
        version: z.string(),
        outcome: z.enum(["updated", "rolled-back"]),
        reason: z.string().optional().describe("Why a rolled-back image failed"),
      })
      .nullable()
      .describe("How the last update ended, or null before any"),
  })
  .describe("The lock's firmware (issue 14)");

export const lockSnapshotSchema = z.object({
  rev: z
    .number()
    .int()
    .describe(
      "Grows with every snapshot the server makes: keep the newest. A restarted server counts from 1 again, " +
        "so after the WebSocket reconnects take each lock's next snapshot whatever its rev",
    ),
  id: z.string(),
  name: z.string(),
  profile: profileSummarySchema,
  nowMs: z.number().describe("The lock's own clock, epoch ms"),
  speed: speedSchema,
  bolt: boltSchema,
  boltMm: z.number().describe("Bolt travel out of the door edge, at the last stop"),
  boltThrowMm: z.number(),
  reported: reportedSchema,
  keypad: keypadSchema,
  lockedOutUntilMs: z
    .number()
    .nullable()
    .describe("While the keypad is locked out (B-SEC-1), the lock-clock instant the lockout ends; else null"),
  handed: z.boolean(),
  codes: z.number().int(),
  battery: batteryBeliefSchema,
  lastEvent: z
    .object({ type: z.enum(["lock", "unlock"]), source: z.string(), slot: z.number().int().optional() })
    .nullable(),
  powered: z.boolean(),
  pack: z.object({
    inserted: z.boolean(),
    kind: packKindSchema
      .nullable()
      .describe(
        "The kind last put in, or the pack a battery fault left (unlocks-only: the battery-low fault)",
      ),
    restV: z.number(),
  }),
  doorClosed: z.boolean(),
  heldKeys: z.array(keyNameSchema),
  temperatureC: z.number(),
  clutch: z.enum(["engaged", "disengaged"]).describe("The clutch lever, as the faults and fixes left it"),
  radioOnline: z.boolean().describe("false after a radio-offline fault until restore-connectivity"),
  link: z
    .object({
      radio: z.enum(["zwave", "wifi", "bluetooth"]).nullable().describe("The lock's radio, null for none"),
      online: z.boolean().describe("A command can reach the lock now (power, link up, the hub knows it)"),
      paired: z.boolean().describe("The lock is paired with the hub (its stored state)"),
    })
    .describe("The lock's radio link as an app sees it"),
  firmware: firmwareStatusSchema,
  signalCount: z.number().int(),
  signals: z.array(signalRecordSchema).describe("The newest signals, oldest first"),
  history: z.array(historyEntrySchema).describe("The newest history entries, oldest first"),
  faultLog: z.array(faultActionSchema),
  telemetry: z.object({
    packV: z.array(z.object({ atMs: z.number(), restV: z.number() })),
    lastRun: motorRunSchema.nullable(),
  }),
});
export type LockSnapshot = z.infer<typeof lockSnapshotSchema>;

export const historyQuerySchema = z.strictObject({
  limit: decimalInt(1, 500).default(100),
  before: decimalInt(1, Number.MAX_SAFE_INTEGER).optional(),
});

export const historyPageSchema = z.object({
  entries: z.array(historyEntrySchema.extend({ seq: z.number().int() })),
  total: z.number().int().describe("Entries the database holds for this lock"),
});

/** GET /api/locks/:id/support-report (support-report.ts's SupportReport, checked by its test). */
export const supportReportSchema = z.object({
  kind: z.literal("latchkey.support-report"),
  version: z.literal(1),
  generatedAt: z.string().describe("ISO 8601, wall clock"),
  lock: z.object({
    id: z.string(),
    name: z.string(),
    profile: z.string(),
    model: z.string(),
    models: z.array(z.string()),
    lockTime: z.string().describe("The lock's clock, ISO 8601"),
    firmwareRadio: z.string().nullable(),
    firmware: firmwareStatusSchema,
  }),
  call: z.object({
    label: z.string(),
    phone: z.string(),
    hours: z.string(),
    warranty: z.string(),
    notes: z.array(z.string()),
    source: z.string(),
  }),
  gather: z
    .array(z.object({ item: z.string(), source: z.string(), answer: z.string() }))
    .describe("Seed 000's five items, each filled in from the lock"),
  stepsTried: z.array(z.object({ atMs: z.number().nullable(), text: z.string(), outcome: z.string() })),
  recording: z.object({
    fromMs: z.number().nullable(),
    toMs: z.number(),
    boltNow: z.string(),
    reportedNow: z.string(),
    trace: z.array(
      z.object({
        atMs: z.number(),
        at: z.string(),
        what: z.enum(["signal", "event", "motor"]),
        text: z.string(),
        id: z.string(),
      }),
    ),
  }),
  codes: z.object({
    userCodes: z.number().int(),
    masterCode: z.enum(["known", "not known", "none on this lock"]),
  }),
  troubleshooter: z
    .object({
      symptom: z.string(),
      status: z.string(),
      likeliest: z.array(z.object({ cause: z.string(), fault: z.string(), probability: z.number() })),
    })
    .nullable()
    .describe("The open troubleshooting session, or null"),
  telemetry: z.object({
    now: z.record(z.string(), z.unknown()).describe("What the lock reports about itself now"),
    packV: z.array(z.object({ atMs: z.number(), restV: z.number() })),
    lastRun: motorRunSchema.nullable(),
  }),
  history: z.array(historyEntrySchema.extend({ seq: z.number().int() })).describe("The newest 500 entries"),
  scenario: z.object({
    filename: z.string(),
    file: z.string().describe("A scenario file that rebuilds the lock"),
  }),
});

export const lockListSchema = z.object({ locks: z.array(lockSnapshotSchema) });
export const profileListSchema = z.object({ profiles: z.array(profileSummarySchema) });

const supportSchema = z.object({
  id: z.string(),
  description: z.string().optional(),
  supported: z.boolean(),
  reason: z.string().optional().describe("Why the twin cannot do it yet"),
});
export const faultCatalogueSchema = z.object({
  faults: z.array(supportSchema),
  fixes: z.array(supportSchema),
  packs: z
    .array(z.object({ kind: packKindSchema, description: z.string() }))
    .describe("The packs a person can put in, each with its voltage and what the lock does on it"),
});
export type FaultCatalogue = z.infer<typeof faultCatalogueSchema>;

export const linkResultSchema = z.union([
  z.object({ ok: z.literal(true), data: z.unknown().optional() }),
  z.object({
    ok: z.literal(false),
    code: z.string().describe("lock.offline, lock.unpaired, lock.timeout, or the lock's own refusal code"),
    reason: z.string(),
  }),
]);

export const remoteResultSchema = z.object({
  result: linkResultSchema.describe("What the lock answered over its radio, correlated by request id"),
  lock: lockSnapshotSchema,
});

export const pairingResultSchema = z.object({
  pairing: z
    .object({
      method: z.enum(["zwave-inclusion", "wifi-join", "bluetooth-pairing"]),
      controllerStep: z.string().describe("What the hub or app does (the profile's words)"),
      lockStep: z.string().describe("What the person does at the lock (the profile's words)"),
      steps: z.array(z.string()).describe("What happened, in order, in words"),
    })
    .describe("The procedure the lock's profile declares, and what was done"),
  lock: lockSnapshotSchema,
});
export type PairingResult = z.infer<typeof pairingResultSchema>;

/** `GET /api/locks/{id}/matter` (issue 12: outside checks rely on these names and this shape). */
export const matterPairingSchema = z.object({
  manual_pairing_code: z
    .string()
    .describe("The 11-digit manual pairing code a person types into a controller"),
  qr_pairing_code: z.string().describe("The QR payload (MT:…), also drawn at /api/locks/{id}/matter/qr"),
  passcode: z.number().int().describe("The setup passcode (1–99999998)"),
  discriminator: z.number().int().describe("The 12-bit long discriminator"),
  port: z.number().int().describe("The node's UDP port"),
  commissioned: z.boolean().describe("Whether a controller has commissioned the node"),
});
export type MatterPairing = z.infer<typeof matterPairingSchema>;

export const errorBodySchema = z.object({
  error: z.object({ code: z.string().describe("A stable code, e.g. lock.unknown"), message: z.string() }),
});

export const liveServerMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("lock"), lock: lockSnapshotSchema }),
  z.object({ type: z.literal("removed"), id: z.string() }),
  z.object({ type: z.literal("error"), error: errorBodySchema.shape.error }),
  // A page signed in to the hub (its session cookie, or a bearer token) also hears these (server/hub-live.ts).
  z.object({
    type: z.literal("hub-alert"),
    alert: z.object({
      lock_id: z.string().nullable(),
      site_id: z.string().nullable(),
      kind: z.string(),
      message: z.string(),
    }),
  }),
  z.object({
    type: z
      .literal("hub-alert-resolved")
      .describe("an alert closed: the situation ended, or a person acknowledged it (drop it from the list)"),
    alert: z.object({
      id: z.number().int(),
      lock_id: z.string().nullable(),
      site_id: z.string().nullable(),
      kind: z.string(),
      resolved_at: z.string().describe("ISO 8601"),
    }),
  }),
  z.object({
    type: z.literal("hub-access-code"),
    lock_code: z.object({
      access_code_id: z.string(),
      lock_id: z.string(),
      status: z.string(),
      slot: z.number().int().nullable(),
      errors: z.array(z.object({ code: z.string(), message: z.string(), slot: z.number().int().optional() })),
      warnings: z.array(z.object({ code: z.string(), message: z.string() })),
    }),
  }),
  z.object({
    type: z
      .literal("hub-lock")
      .describe(
        "a lock came under the hub's care, was renamed, was deleted by the host (removed) or made again under its id (recreated), was taken off the hub's care (unmanaged) or brought back (managed): a list of locks reloads; `state` (only on the hub's own socket, /api/hub/v1/live, at most once a second per lock): its bolt, battery or door changed, read GET /api/hub/v1/locks/{id}/state",
      ),
    lock: z.object({
      id: z.string(),
      site_id: z.string(),
      change: z.enum(["added", "renamed", "removed", "recreated", "unmanaged", "managed", "state"]),
    }),
  }),
  z.object({
    type: z
      .literal("hub-overflow")
      .describe("more changes at once than a page is sent: reload them over HTTP"),
    alerts: z.number().int(),
    lock_codes: z.number().int(),
  }),
]);
export type LiveServerMessage = z.infer<typeof liveServerMessageSchema>;

// ---- the troubleshooter (docs/troubleshooter.md, "Troubleshooter page") ----

export const doctorStartBodySchema = z.strictObject({
  symptom: z
    .string()
    .min(1)
    .describe("What is wrong: one of FAULTS.md's fourteen symptom ids (GET /api/doctor/symptoms)"),
  alsoSymptoms: z
    .array(z.string().min(1))
    .max(13)
    .default([])
    .describe("Anything else the person noticed (symptom ids)"),
  telemetry: z
    .boolean()
    .default(true)
    .describe("Read what the lock reports about itself (its telemetry and history) into the first ranking"),
  code: z
    .string()
    .regex(/^[0-9]{4,10}$/)
    .optional()
    .describe(
      "The user code the person types, so the simulated person can try the lock with it (default: the code they already know, from the lock's set-up or a fix)",
    ),
});
export type DoctorStartBody = z.input<typeof doctorStartBodySchema>;
export type DoctorStartInput = z.output<typeof doctorStartBodySchema>;

export const doctorAnswerBodySchema = z.union([
  z.strictObject({
    observation: z.string().min(1).describe("The observation of the current step"),
    value: z.string().min(1).describe("One of the step's answers (its value)"),
  }),
  z.strictObject({
    fix: z.string().min(1).describe("The fix of the current step, done by the person themselves"),
    result: z
      .enum(["works", "not-working", "not-possible"])
      .describe("What became of it: the lock works now, still not, or the person could not do it"),
  }),
]);
export type DoctorAnswerBody = z.infer<typeof doctorAnswerBodySchema>;

export const doctorDoBodySchema = z.union([
  z.strictObject({
    observation: z
      .string()
      .min(1)
      .describe("The test (or question) of the current step: the server does it on the lock's twin"),
  }),
  z.strictObject({
    fix: z.string().min(1).describe("The fix of the current step: the server applies it to the lock's twin"),
    confirmErase: z
      .boolean()
      .optional()
      .describe("Required true for a fix with a warning (factory reset: what it erases)"),
  }),
]);
export type DoctorDoBody = z.infer<typeof doctorDoBodySchema>;

export const rankedCauseSchema = z.object({
  fault: z.string().describe("FAULTS.md fault id"),
  cause: z.string().describe("The cause in a person's words"),
  probability: z.number().describe("P(it was a cause when troubleshooting started), 0–1"),
  stillPresent: z.number().describe("P(it is still present now), 0–1"),
});

const answerChoiceSchema = z.object({ value: z.string(), words: z.string() });

export const doctorStepSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z
      .enum(["question", "test"])
      .describe("question: something the person knows or looks at; test: something done with the lock"),
    observation: z.string(),
    question: z.string(),
    answers: z.array(answerChoiceSchema),
    minutes: z.number(),
    why: z.string(),
  }),
  z.object({
    kind: z.literal("fix"),
    fix: z.string().describe("FAULTS.md fix id"),
    instructions: z.string(),
    minutes: z.number(),
    chance: z.number().describe("P(this fix removes a cause still present)"),
    why: z.string(),
    warning: z.string().optional().describe("What the fix erases (factory reset): confirm before doing it"),
    plan: z
      .array(z.object({ fix: z.string(), chance: z.number(), minutes: z.number() }))
      .describe("The repair order this fix heads"),
  }),
  z.object({ kind: z.literal("done"), outcome: z.enum(["fixed", "gave-up"]), why: z.string() }),
]);
export type DoctorStep = z.infer<typeof doctorStepSchema>;

export const doctorLogEntrySchema = z.object({
  kind: z.enum(["question", "test", "fix"]),
  id: z.string().describe("The observation or fix id"),
  text: z.string().describe("The question or the fix's instructions"),
  outcome: z.string().describe("The answer in words, or what became of the fix"),
  by: z
    .enum(["person", "lock"])
    .describe("person: answered at the page; lock: carried out on the lock's twin"),
  minutes: z.number(),
  topCause: z.object({ fault: z.string(), cause: z.string(), probability: z.number() }).nullable(),
});

export const doctorSessionSchema = z.object({
  lockId: z.string(),
  symptom: z.object({ id: z.string(), says: z.string() }),
  alsoSymptoms: z.array(z.string()),
  telemetry: z.boolean().describe("Whether the lock's telemetry went into the ranking"),
  knowsCode: z.boolean().describe("Whether the simulated person knows a user code to try the lock with"),
  status: z.enum(["working", "fixed", "gave-up"]),
  causes: z.array(rankedCauseSchema).describe("The likeliest causes, likeliest first"),
  explanation: z.string().describe("The ranking in words"),
  step: doctorStepSchema.describe("What to do next (the same until it is answered or done)"),
  steps: z.number().int(),
  minutes: z.number(),
  log: z.array(doctorLogEntrySchema).describe("Every step so far, oldest first"),
});
export type DoctorSession = z.infer<typeof doctorSessionSchema>;

export const doctorResultSchema = z.object({ session: doctorSessionSchema, lock: lockSnapshotSchema });
export type DoctorResult = z.infer<typeof doctorResultSchema>;

export const symptomListSchema = z.object({
  symptoms: z.array(
    z.object({ id: z.string(), says: z.string().describe("As a person says it (FAULTS.md)") }),
  ),
});
export type SymptomList = z.infer<typeof symptomListSchema>;
