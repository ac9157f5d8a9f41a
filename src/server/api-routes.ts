/**
 * Every HTTP route of the API as data: method, path, the zod schemas of its parameters and
 * body, what it answers and which error codes it can give, and its handler. The server
 * registers these (`create-server.ts`) and the OpenAPI document is made from the same list
 * (`openapi.ts`), so the documentation cannot drift from what the server checks.
 */
import type { z } from "zod";
import { PROFILE_IDS, PROFILES } from "../core/profiles/index.ts";
import type { ErrorCode } from "./http-error.ts";
import { HttpError } from "./http-error.ts";
import {
  createLockBodySchema,
  doctorAnswerBodySchema,
  doctorDoBodySchema,
  doctorResultSchema,
  doctorStartBodySchema,
  symptomListSchema,
  doorBodySchema,
  faultBodySchema,
  faultCatalogueSchema,
  fixBodySchema,
  historyPageSchema,
  importLockBodySchema,
  historyQuerySchema,
  keyActionBodySchema,
  lockListSchema,
  lockParamsSchema,
  lockSnapshotSchema,
  matterPairingSchema,
  packBodySchema,
  pairingResultSchema,
  profileListSchema,
  remoteBodySchema,
  remoteResultSchema,
  supportReportSchema,
  timeBodySchema,
  turnBodySchema,
} from "./api-schemas.ts";
import type { LockSnapshot } from "./api-schemas.ts";
import type { LockRegistry } from "./lock-registry.ts";
import type { HostedLock as ManagedLock } from "../host/index.ts";
import type { SnapshotSource } from "./snapshots.ts";
import { summarizeProfile } from "./profile-summary.ts";
import { faultCatalogue } from "./fault-catalogue.ts";
import { DoctorDesk, symptomList } from "./lock-doctor.ts";
import { requireEraseConfirmation } from "./security/confirm-erase.ts";
import { REPORT_HISTORY_ENTRIES, buildSupportReport, supportReportMarkdown } from "./support-report.ts";

type Schema = z.ZodType;

/**
 * Before the create-lock body is parsed: an unknown profile is its own error, and a lock
 * without a `time` starts at the present moment (a scenario's default is a fixed instant).
 */
export function prepareCreateLockBody(raw: unknown): unknown {
  if (typeof raw !== "object" || raw === null) return raw;
  const lock = (raw as { lock?: unknown }).lock;
  if (typeof lock !== "object" || lock === null) return raw;
  const profile = (lock as { profile?: unknown }).profile;
  if (typeof profile === "string" && !PROFILE_IDS.includes(profile)) {
    throw new HttpError("profile.unknown", `unknown profile "${profile}" (known: ${PROFILE_IDS.join(", ")})`);
  }
  if ((lock as { time?: unknown }).time !== undefined) return raw;
  return { ...raw, lock: { ...lock, time: new Date().toISOString() } };
}
type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface ApiRoute<
  P extends Schema | undefined = Schema | undefined,
  B extends Schema | undefined = Schema | undefined,
> {
  readonly method: "GET" | "POST" | "DELETE";
  /** Fastify's form: `/api/locks/:id`. */
  readonly url: string;
  readonly summary: string;
  readonly description?: string;
  readonly params?: P;
  readonly query?: Schema;
  readonly body?: B;
  /** Runs on the raw body before the schema does (defaults that depend on the moment). */
  readonly beforeBody?: (raw: unknown) => unknown;
  readonly response: {
    readonly status: number;
    readonly description: string;
    readonly schema?: Schema;
    /** A media type other than JSON: the handler returns the body as text. */
    readonly type?: string;
    /** Offered as a download under this file name. */
    readonly filename?: (params: Record<string, string>) => string;
  };
  readonly errors: readonly ErrorCode[];
  readonly handle: (input: {
    params: Infer<P>;
    body: Infer<B>;
    query: { limit: number; before?: number };
  }) => unknown;
}

function route<P extends Schema | undefined = undefined, B extends Schema | undefined = undefined>(
  r: ApiRoute<P, B>,
): ApiRoute {
  return r as unknown as ApiRoute;
}

/** The errors any route with a lock id and a body can give. */
const LOCK_ERRORS = ["request.invalid", "lock.unknown"] as const;

/**
 * …and on a route that changes a lock or makes one: the host answers after its commit, and a
 * commit the data folder refused is 503 `host.storage-failed` (docs/host.md), which the
 * OpenAPI document has to list for a client to expect it.
 */
const ACT_ERRORS = [...LOCK_ERRORS, "host.storage-failed"] as const;

type MatterOutcome<T> = { ok: true; value: T } | { ok: false; code: string; reason: string };

/**
 * The locks' Matter nodes (integrations/matter's MatterOnDemand, or a MatterService): pairing
 * data, the QR image, and turning a lock into a Matter node or back.
 */
export interface MatterControl {
  info(id: string): MatterOutcome<object>;
  qrSvg(id: string): MatterOutcome<string>;
  enable(id: string): Promise<MatterOutcome<object>>;
  disable(id: string): Promise<MatterOutcome<void>>;
}

/** The Matter layer's refusal as the API's error (a code it does not know is a bug). */
function matterRefusal(refusal: { code: string; reason: string }): HttpError {
  const known: Record<string, ErrorCode> = {
    "lock.not-found": "lock.unknown",
    "matter.disabled": "matter.disabled",
    "matter.no-radio": "matter.no-radio",
    "matter.too-many": "matter.too-many",
    "matter.all-on": "matter.all-on",
    "matter.start-failed": "matter.start-failed",
  };
  return new HttpError(known[refusal.code] ?? "server.bug", refusal.reason);
}

const MATTER_OFF = "this server has no Matter: start it with `npm start` (docs/matter.md)";

export function apiRoutes(
  registry: LockRegistry,
  snapshots: SnapshotSource,
  matter: MatterControl | null = null,
): ApiRoute[] {
  /** Runs an action on a lock (the host tells the pages) and answers with the lock as it now is. */
  const act = (id: string, action: (lock: ManagedLock) => void): LockSnapshot => {
    registry.act(id, action);
    return snapshots.snapshot(registry.get(id));
  };
  const snapshotResponse = { status: 200, description: "The lock as it is now", schema: lockSnapshotSchema };
  const doctors = new DoctorDesk(registry);
  const doctorResult = (id: string) => {
    const lock = registry.get(id);
    return { session: doctors.get(id).view(lock), lock: snapshots.snapshot(lock) };
  };
  /** The lock's support report: the lock now, its history, its scenario file, its session if any. */
  const supportReportOf = (id: string) => {
    const lock = registry.get(id);
    const session = doctors.find(id)?.view(lock) ?? null;
    return buildSupportReport({
      lock,
      snapshot: snapshots.snapshot(lock),
      history: registry.host.history(id, REPORT_HISTORY_ENTRIES).entries,
      scenario: registry.exportScenario(id),
      session,
    });
  };
  const doctorResponse = {
    status: 200,
    description: "The session (ranked causes, explanation, next step, steps so far) and the lock",
    schema: doctorResultSchema,
  };

  return [
    route({
      method: "GET",
      url: "/api/profiles",
      summary: "The model profiles a lock can be made from",
      response: {
        status: 200,
        description: "Every profile, with its keypad, interior and procedures",
        schema: profileListSchema,
      },
      errors: [],
      handle: () => ({ profiles: PROFILE_IDS.map((id) => summarizeProfile(PROFILES[id]!)) }),
    }),
    route({
      method: "GET",
      url: "/api/locks",
      summary: "Every lock the server runs",
      response: { status: 200, description: "The locks, oldest first", schema: lockListSchema },
      errors: [],
      handle: () => ({ locks: registry.all().map((l) => snapshots.snapshot(l)) }),
    }),
    route({
      method: "POST",
      url: "/api/locks",
      summary: "Make a new lock",
      description:
        "The `lock` block is the one of a scenario file (SCENARIOS.md): profile, state, door, batteries, codes, " +
        "programmingCode, faults, temperatureC, settings, time. Its clock starts at `time`, or now.",
      body: createLockBodySchema,
      beforeBody: prepareCreateLockBody,
      response: { status: 201, description: "The new lock", schema: lockSnapshotSchema },
      errors: [
        "request.invalid",
        "profile.unknown",
        "lock.setup-invalid",
        "lock.exists",
        "lock.too-many",
        "host.storage-failed",
      ],
      handle: ({ body }) => snapshots.snapshot(registry.create(body.lock, body.name, body.id)),
    }),
    route({
      method: "POST",
      url: "/api/locks/import",
      summary: "Make a new lock from a scenario file (a support agent reproduces a customer's lock)",
      description:
        "`file` is the text of a scenario file (SCENARIOS.md, YAML or JSON, at most 48 KB), e.g. one " +
        "`GET /api/locks/:id/scenario` wrote. Its `lock` block makes the lock, as `POST /api/locks` does; its " +
        "steps are checked but not run. A file that is not valid scenario language is refused with every " +
        "problem and its line, and nothing is made.",
      body: importLockBodySchema,
      response: { status: 201, description: "The new lock", schema: lockSnapshotSchema },
      errors: [
        "request.invalid",
        "scenario.invalid",
        "lock.setup-invalid",
        "lock.exists",
        "lock.too-many",
        "host.storage-failed",
      ],
      handle: ({ body }) => snapshots.snapshot(registry.importScenario(body.file, body.name, body.id)),
    }),
    route({
      method: "GET",
      url: "/api/locks/:id/scenario",
      summary: "The lock as a scenario file (YAML), to rebuild it elsewhere",
      description:
        "Profile, state, door, pack, the faults the lock shows, temperature, settings, clock, programming " +
        "code and user codes with their windows and schedules. The lock keeps only keyed hashes of its " +
        "codes: a code the person told the page is written when it matches its slot; every other code " +
        "is a placeholder that keeps the model's rules, marked `# PLACEHOLDER` and listed in the header.",
      params: lockParamsSchema,
      response: {
        status: 200,
        description: "The scenario file",
        type: "application/yaml; charset=utf-8",
        filename: (p) => `${p["id"] ?? "lock"}.scenario.yaml`,
      },
      errors: LOCK_ERRORS,
      handle: ({ params }) => registry.exportScenario(params.id),
    }),
    route({
      method: "GET",
      url: "/api/locks/:id/support-report",
      summary: "What to have ready before calling support (seed 000), filled in from the lock",
      description:
        "Seed 000's five items (model, purchase date, steps already tried, a recording of the symptom — the " +
        "lock's signals, bolt and motor as a trace —, master code known and user code count), the number, hours " +
        "and warranty terms, the troubleshooter's session if one is open, the lock's telemetry, its history " +
        "(the newest 500 entries) and a scenario file that rebuilds the lock (`scenario.file`).",
      params: lockParamsSchema,
      response: {
        status: 200,
        description: "The report (kind latchkey.support-report, version 1)",
        schema: supportReportSchema,
      },
      errors: LOCK_ERRORS,
      handle: ({ params }) => supportReportOf(params.id),
    }),
    route({
      method: "GET",
      url: "/api/locks/:id/support-report.md",
      summary: "The support report as Markdown, as a download",
      params: lockParamsSchema,
      response: {
        status: 200,
        description: "The report for a person to read or attach to a ticket",
        type: "text/markdown; charset=utf-8",
        filename: (p) => `${p["id"] ?? "lock"}.support-report.md`,
      },
      errors: LOCK_ERRORS,
      handle: ({ params }) => supportReportMarkdown(supportReportOf(params.id)),
    }),
    route({
      method: "GET",
      url: "/api/locks/:id",
      summary: "One lock",
      params: lockParamsSchema,
      response: snapshotResponse,
      errors: LOCK_ERRORS,
      handle: ({ params }) => snapshots.snapshot(registry.get(params.id)),
    }),
    route({
      method: "DELETE",
      url: "/api/locks/:id",
      summary: "Remove a lock",
      params: lockParamsSchema,
      response: { status: 204, description: "Removed" },
      errors: LOCK_ERRORS,
      handle: ({ params }) => registry.remove(params.id),
    }),
    route({
      method: "GET",
      url: "/api/locks/:id/matter",
      summary: "The lock's Matter pairing data",
      description:
        "`{ manual_pairing_code, qr_pairing_code, passcode, discriminator, port, commissioned }` for a lock " +
        "that is a Matter node (`POST /api/locks/{id}/matter`, or every lock with `MATTER=1 npm start`; " +
        "docs/matter.md).",
      params: lockParamsSchema,
      response: { status: 200, description: "The pairing data", schema: matterPairingSchema },
      errors: ["lock.unknown", "matter.disabled", "matter.no-radio"],
      handle: ({ params }) => {
        registry.get(params.id);
        if (matter === null) throw new HttpError("matter.disabled", MATTER_OFF);
        const info = matter.info(params.id);
        if (info.ok) return info.value;
        throw matterRefusal(info);
      },
    }),
    route({
      method: "POST",
      url: "/api/locks/:id/matter",
      summary: "Make the lock a Matter node (commissionable by any Matter controller)",
      description:
        "Starts the lock's Matter node and keeps that choice in the data folder (it is a node again after a " +
        "restart, with the same pairing codes and port). Answers its pairing data, as GET does; a lock that " +
        "already is a node answers the same. Works whether or not the server started with `MATTER=1`.",
      params: lockParamsSchema,
      response: { status: 200, description: "The pairing data", schema: matterPairingSchema },
      errors: [
        "lock.unknown",
        "matter.disabled",
        "matter.no-radio",
        "matter.too-many",
        "matter.start-failed",
      ],
      handle: async ({ params }) => {
        registry.get(params.id);
        if (matter === null) throw new HttpError("matter.disabled", MATTER_OFF);
        const info = await matter.enable(params.id);
        if (info.ok) return info.value;
        throw matterRefusal(info);
      },
    }),
    route({
      method: "DELETE",
      url: "/api/locks/:id/matter",
      summary: "Stop the lock being a Matter node: it leaves every controller",
      description:
        "The node leaves every fabric and its Matter storage is erased: each controller loses the lock, and " +
        "making it a node again needs commissioning again. A lock that is not a node answers 204 too. " +
        "Refused with `matter.all-on` while the server runs with `MATTER=1` (every lock is a node then).",
      params: lockParamsSchema,
      response: { status: 204, description: "Not a Matter node (any more)" },
      errors: ["lock.unknown", "matter.all-on"],
      handle: async ({ params }) => {
        registry.get(params.id);
        if (matter === null) return;
        const done = await matter.disable(params.id);
        if (!done.ok) throw matterRefusal(done);
      },
    }),
    route({
      method: "GET",
      url: "/api/locks/:id/matter/qr",
      summary: "The lock's Matter pairing QR code as an image (SVG)",
      description:
        "The `qr_pairing_code` payload drawn by matter.js's QR encoder, for a controller's camera.",
      params: lockParamsSchema,
      response: { status: 200, description: "The QR code", type: "image/svg+xml" },
      errors: ["lock.unknown", "matter.disabled", "matter.no-radio"],
      handle: ({ params }) => {
        registry.get(params.id);
        if (matter === null) throw new HttpError("matter.disabled", MATTER_OFF);
        const svg = matter.qrSvg(params.id);
        if (svg.ok) return svg.value;
        throw matterRefusal(svg);
      },
    }),
    route({
      method: "GET",
      url: "/api/locks/:id/history",
      summary: "The lock's history from the host's database, newest last",
      description: "`limit` (1–500, default 100) entries before `before` (a `seq`), or the newest.",
      params: lockParamsSchema,
      query: historyQuerySchema,
      response: {
        status: 200,
        description: "Entries with their sequence numbers, and the total",
        schema: historyPageSchema,
      },
      errors: LOCK_ERRORS,
      handle: ({ params, query }) => {
        registry.get(params.id);
        return registry.host.history(params.id, query.limit, query.before);
      },
    }),
    route({
      method: "POST",
      url: "/api/locks/:id/keys",
      summary: "Press, release or tap a key (keypad, Program, reset hole)",
      description:
        "Hold a key by pressing it and releasing it later, across other actions (e.g. Program while the pack goes in).",
      params: lockParamsSchema,
      body: keyActionBodySchema,
      response: snapshotResponse,
      errors: [...ACT_ERRORS, "key.absent"],
      handle: ({ params, body }) => act(params.id, (l) => l.key(body)),
    }),
    route({
      method: "POST",
      url: "/api/locks/:id/pack",
      summary: "Take the battery pack out, put it back, or put in a new one",
      params: lockParamsSchema,
      body: packBodySchema,
      response: snapshotResponse,
      errors: [...ACT_ERRORS, "pack.inserted", "pack.removed"],
      handle: ({ params, body }) => act(params.id, (l) => l.pack(body)),
    }),
    route({
      method: "POST",
      url: "/api/locks/:id/door",
      summary: "Open or close the door",
      params: lockParamsSchema,
      body: doorBodySchema,
      response: snapshotResponse,
      errors: ACT_ERRORS,
      handle: ({ params, body }) => act(params.id, (l) => l.door(body)),
    }),
    route({
      method: "POST",
      url: "/api/locks/:id/turn",
      summary: "Turn the physical key (outside) or the thumbturn (inside)",
      params: lockParamsSchema,
      body: turnBodySchema,
      response: snapshotResponse,
      errors: ACT_ERRORS,
      handle: ({ params, body }) => act(params.id, (l) => l.turn(body)),
    }),
    route({
      method: "POST",
      url: "/api/locks/:id/time",
      summary: "Set the lock's pace (0 paused, 1 real time, 10, 60) or skip lock time ahead",
      params: lockParamsSchema,
      body: timeBodySchema,
      response: snapshotResponse,
      errors: ACT_ERRORS,
      handle: ({ params, body }) =>
        act(params.id, (l) => ("speed" in body ? l.setSpeed(body.speed) : l.advance(body.skipMs))),
    }),
    route({
      method: "POST",
      url: "/api/locks/:id/remote",
      summary: "Lock or unlock over the lock's radio, as an app or hub does",
      params: lockParamsSchema,
      body: remoteBodySchema,
      response: {
        status: 200,
        description:
          "What the lock answered (ok, or a refusal: lock.offline, lock.unpaired, lock.timeout, the lock's own), and the lock",
        schema: remoteResultSchema,
      },
      errors: [...LOCK_ERRORS, "radio.absent"],
      handle: async ({ params, body }) => {
        const link = registry.host.link(params.id);
        if (!link) throw new HttpError("lock.unknown", `there is no lock "${params.id}"`);
        if (registry.get(params.id).profile.radio === null)
          throw new HttpError("radio.absent", `${registry.get(params.id).profile.name} has no radio`);
        const result = await link.send({ type: body.command });
        return { result, lock: snapshots.snapshot(registry.get(params.id)) };
      },
    }),
    route({
      method: "POST",
      url: "/api/locks/:id/pairing",
      summary: "Pair the lock with its hub or app, as its profile's procedure says",
      description:
        "Z-Wave (SmartCode 914, 955, 910): the hub starts inclusion and the person presses the radio button A. " +
        "Halo: the app adds it and gives it the Wi-Fi network. Aura: the app adds it over Bluetooth in range. " +
        "Refused, with nothing done, when the lock has no radio, no power, is out of reach or is already paired.",
      params: lockParamsSchema,
      response: {
        status: 200,
        description: "The procedure and what happened, and the lock (its `link` says paired)",
        schema: pairingResultSchema,
      },
      errors: [...ACT_ERRORS, "radio.absent", "lock.offline", "lock.paired", "pairing.failed"],
      handle: ({ params }) => {
        const pairing = registry.act(params.id, (l) => l.pair());
        return { pairing, lock: snapshots.snapshot(registry.get(params.id)) };
      },
    }),
    route({
      method: "DELETE",
      url: "/api/locks/:id/pairing",
      summary: "Remove the lock from its hub or app (Z-Wave exclusion, or removing it from the account)",
      description:
        "Z-Wave: the hub starts exclusion and the person presses the radio button A. Halo and Aura: the app " +
        "removes the lock. Refused, with nothing done, when the lock is not paired or out of reach.",
      params: lockParamsSchema,
      response: {
        status: 200,
        description: "What happened, and the lock (its `link` says not paired)",
        schema: pairingResultSchema,
      },
      errors: [...ACT_ERRORS, "radio.absent", "lock.offline", "lock.unpaired", "pairing.failed"],
      handle: ({ params }) => {
        const pairing = registry.act(params.id, (l) => l.unpair());
        return { pairing, lock: snapshots.snapshot(registry.get(params.id)) };
      },
    }),
    route({
      method: "GET",
      url: "/api/locks/:id/faults",
      summary: "The FAULTS.md faults and fixes, and which the twin can do for this lock's model",
      params: lockParamsSchema,
      response: {
        status: 200,
        description: "Faults and fixes with `supported` and, if not, the reason",
        schema: faultCatalogueSchema,
      },
      errors: LOCK_ERRORS,
      handle: ({ params }) => faultCatalogue(registry.get(params.id).profile.id),
    }),
    route({
      method: "POST",
      url: "/api/locks/:id/faults",
      summary: "Make a fault appear now (FAULTS.md id)",
      params: lockParamsSchema,
      body: faultBodySchema,
      response: snapshotResponse,
      errors: [...ACT_ERRORS, "fault.unknown", "fault.unsupported"],
      handle: ({ params, body }) => act(params.id, (l) => l.fault(body)),
    }),
    route({
      method: "POST",
      url: "/api/locks/:id/fixes",
      summary: "Apply a fix now (FAULTS.md id)",
      description:
        "A fix that erases the lock's setup (factory-reset) needs `confirmErase: true`; without it the answer is " +
        "`fix.confirm-needed` with what it erases, and nothing is done.",
      params: lockParamsSchema,
      body: fixBodySchema,
      response: snapshotResponse,
      errors: [...ACT_ERRORS, "fix.unknown", "fix.confirm-needed", "fix.refused"],
      handle: ({ params, body }) => {
        registry.get(params.id);
        requireEraseConfirmation(body);
        return act(params.id, (l) => l.fix(body));
      },
    }),

    // ---- the troubleshooter (docs/troubleshooter.md and docs/web.md, "Troubleshooter page") ----
    route({
      method: "GET",
      url: "/api/doctor/symptoms",
      summary: "The symptoms a troubleshooting session starts from, as a person says them (FAULTS.md)",
      response: {
        status: 200,
        description: "The fourteen symptoms, in FAULTS.md's order",
        schema: symptomListSchema,
      },
      errors: [],
      handle: () => symptomList(),
    }),
    route({
      method: "POST",
      url: "/api/locks/:id/doctor",
      summary: "Start troubleshooting this lock from a symptom (replaces any session it had)",
      description:
        "The engine ranks the causes from the symptom and, with `telemetry` (default true), what the lock reports " +
        "about itself and its history; the session's `step` says what to do next.",
      params: lockParamsSchema,
      body: doctorStartBodySchema,
      response: { ...doctorResponse, status: 201 },
      errors: [...LOCK_ERRORS, "doctor.unknown-symptom"],
      handle: ({ params, body }) => {
        doctors.start(registry.get(params.id), body);
        return doctorResult(params.id);
      },
    }),
    route({
      method: "GET",
      url: "/api/locks/:id/doctor",
      summary: "The lock's troubleshooting session",
      params: lockParamsSchema,
      response: doctorResponse,
      errors: [...LOCK_ERRORS, "doctor.no-session"],
      handle: ({ params }) => doctorResult(params.id),
    }),
    route({
      method: "POST",
      url: "/api/locks/:id/doctor/answer",
      summary: "Answer the current question or test, or say what became of the current fix",
      description:
        "`{observation, value}` with one of the step's answers; or `{fix, result}` for a fix the person did " +
        "themselves (works, not-working, not-possible). Nothing is done to the lock.",
      params: lockParamsSchema,
      body: doctorAnswerBodySchema,
      response: doctorResponse,
      errors: [
        ...LOCK_ERRORS,
        "doctor.no-session",
        "doctor.finished",
        "doctor.not-the-step",
        "doctor.unknown-answer",
      ],
      handle: ({ params, body }) => {
        registry.get(params.id);
        doctors.get(params.id).answer(body);
        return doctorResult(params.id);
      },
    }),
    route({
      method: "POST",
      url: "/api/locks/:id/doctor/do",
      summary: "Carry out the current test or fix on the simulated lock, and feed the result to the session",
      description:
        "`{observation}`: the simulated person does the test on the lock's twin (a question is answered from what " +
        "the household knows and sees); `{fix}`: the fix is applied with the twin's applyFix, then the person " +
        "checks the lock (lock and unlock from the keypad with the door closed, three times, and what they " +
        "reported is gone). A fix with a warning (factory reset) needs `confirmErase: true`. The lock's new " +
        "snapshot goes to every page.",
      params: lockParamsSchema,
      body: doctorDoBodySchema,
      response: doctorResponse,
      errors: [
        ...ACT_ERRORS,
        "doctor.no-session",
        "doctor.finished",
        "doctor.not-the-step",
        "doctor.confirm-needed",
      ],
      handle: ({ params, body }) => {
        registry.get(params.id);
        const doctor = doctors.get(params.id);
        act(params.id, (l) => doctor.carryOut(l, body));
        return doctorResult(params.id);
      },
    }),
    route({
      method: "DELETE",
      url: "/api/locks/:id/doctor",
      summary: "End the lock's troubleshooting session",
      params: lockParamsSchema,
      response: { status: 204, description: "Ended" },
      errors: [...LOCK_ERRORS, "doctor.no-session"],
      handle: ({ params }) => {
        registry.get(params.id);
        doctors.end(params.id);
      },
    }),
  ];
}
