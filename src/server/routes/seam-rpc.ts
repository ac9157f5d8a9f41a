/**
 * Seam's RPC paths beside the hub's REST API (docs/hub.md, "Seam's RPC paths"; decision 0028):
 * `POST /api/seam/v1/<resource>/<action>` with a JSON body (reads also as GET with query
 * parameters), `Authorization: Bearer <hub token>`, answers `{ <resource>: …, ok: true }` and
 * refusals `{ error: { type, message, latchkey_code, request_id, validation_errors? }, ok:
 * false }` with the HTTP status the REST API gives the same refusal. A Seam SDK pointed at
 * `http://host:port/api/seam/v1` (its `endpoint` option) drives the hub with code written for
 * Seam.
 *
 * An edge only, like hub-api.ts: every decision is the hub's, and each path calls what the
 * REST route for the same thing calls (Hub's methods; hub-lock-actions.ts for lock, unlock and
 * a code's replacement), so both APIs check, refuse and record alike. A refusal changes nothing.
 */
import { randomUUID } from "node:crypto";
import type { FastifyError, FastifyInstance, FastifyRequest, HTTPMethods } from "fastify";
import { z } from "zod";
import type {
  AccessCode,
  AccessCodeView,
  Actor,
  Alert,
  Hub,
  HubEvent,
  HubLockSummary,
  LinkResult,
  LockCodeState,
  NewAccessCode,
  Site,
  UnmanagedCode,
} from "../../hub/index.ts";
import { knownSettings, overallStatus } from "../../hub/index.ts";
import { autoLockDelaySeconds } from "../../core/auto-lock.ts";
import { getProfile } from "../../core/profiles/index.ts";
import { describeZodError } from "../error-handler.ts";
import { HttpError } from "../http-error.ts";
import { httpErrorFromFastify } from "../security/fastify-errors.ts";
import { HubApiError, acceptEmptyJson, holdsNul, hubActorOf, parseTime, unwrap } from "./hub-api.ts";
import { BadCursor, decodeCursor, pageOf, paginationAfter } from "./hub-paging.ts";
import type { PaginationJson } from "./hub-paging.ts";
import type { LockActionDeps } from "./hub-lock-actions.ts";
import {
  prepareLockAction,
  prepareSettingsChange,
  replaceAccessCode,
  runLockAction,
  runSettingsChange,
} from "./hub-lock-actions.ts";
import type { SettingsChange } from "./hub-lock-actions.ts";
import {
  seamAccessCodeCreateBody,
  seamAccessCodeDeleteBody,
  seamAccessCodeGetBody,
  seamAccessCodeListBody,
  seamAccessCodeUpdateBody,
  seamActionAttemptGetBody,
  seamActionAttemptsListBody,
  seamConfigureAutoLockBody,
  seamDeviceGetBody,
  seamDeviceUpdateBody,
  seamUnmanagedDeviceUpdateBody,
  seamDevicesListBody,
  seamEventGetBody,
  seamEventsListBody,
  seamGenerateCodeBody,
  seamLockActionBody,
  seamUnmanagedGetBody,
  seamUnmanagedListBody,
  seamWorkspaceGetBody,
  UNMANAGED_ID,
} from "./seam-rpc-schemas.ts";
import type {
  SeamAccessCodeJson,
  SeamActionAttemptJson,
  SeamEventJson,
  SeamUnmanagedAccessCodeJson,
  seamDeviceJson,
  seamUnmanagedDeviceJson,
} from "./seam-rpc-schemas.ts";

export const SEAM_RPC_PREFIX = "/api/seam/v1";

/** The one workspace: this hub (workspaces/get, and every device's, code's and event's `workspace_id`). */
const WORKSPACE_ID = "latchkey_hub" as const;

/** A page of a Seam list holds at most this many (a larger `limit` is taken: Seam's defaults are larger). */
export const MAX_SEAM_PAGE = 1000;
const pageSize = (limit: number | undefined): number | undefined =>
  limit === undefined ? undefined : Math.min(limit, MAX_SEAM_PAGE);
/** Seam's `search`: whether one of `fields` holds `term`, in any case. */
const matches = (term: string | undefined, fields: readonly (string | null | undefined)[]): boolean =>
  term === undefined || fields.some((f) => f?.toLowerCase().includes(term.toLowerCase()));

/** Action attempts kept at most, per server (the oldest go first)… */
export const MAX_ACTION_ATTEMPTS = 1000;
/** …and for this long after they were made (a pending one settles within 20 s). */
export const ACTION_ATTEMPT_TTL_MS = 15 * 60_000;

/** The hub's refusal codes under Seam's error types where Seam has one that means the same. */
const SEAM_ERROR_TYPES: Readonly<Record<string, string>> = {
  "request.invalid": "invalid_input",
  "auth.required": "unauthorized",
  "auth.invalid": "unauthorized",
  "auth.forbidden": "forbidden",
  "auth.rate-limited": "rate_limited",
  "lock.not-found": "device_not_found",
  "access_code.not-found": "access_code_not_found",
  "action_attempt.not-found": "action_attempt_not_found",
  "lock.offline": "device_offline",
  "route.unknown": "endpoint_not_found",
  "route.method-not-allowed": "method_not_allowed",
  "request.too-large": "payload_too_large",
};

/** Seam's error type for one of the hub's codes: Seam's own where it has one, else ours in snake_case. */
export function seamErrorType(code: string): string {
  return SEAM_ERROR_TYPES[code] ?? code.replace(/[.:-]/g, "_");
}

/** A refusal of the caller's input with zod's issues, answered as Seam's `validation_errors`. */
class SeamInputError extends HubApiError {
  constructor(
    message: string,
    readonly validation: unknown,
  ) {
    super(400, "request.invalid", message);
  }
}

type SeamDevice = z.infer<typeof seamDeviceJson>;
type SeamUnmanagedDevice = z.infer<typeof seamUnmanagedDeviceJson>;
type Json = Record<string, unknown>;

/** A read path's query (`GET`) as the body its schema checks: numbers, booleans and lists from text. */
function fromQuery(schema: z.ZodObject, query: unknown): unknown {
  if (typeof query !== "object" || query === null) return {};
  const out: Json = {};
  for (const [k, v] of Object.entries(query as Json)) {
    const field = Object.hasOwn(schema.shape, k) ? schema.shape[k] : undefined;
    let def = (field as { _zod?: { def: { type: string; innerType?: unknown } } } | undefined)?._zod?.def;
    while (def && (def.type === "optional" || def.type === "nullable"))
      def = (def.innerType as { _zod: { def: { type: string; innerType?: unknown } } })._zod.def;
    const kind = def?.type;
    // Seam's SDKs add `_strict=true` to every query they send (schema-aware parsing, which ours always is).
    if (k === "_strict" && (v === "true" || v === "false")) continue;
    if (typeof v !== "string")
      out[k] = v; // a list as repeated keys (`device_ids=a&device_ids=b`), as the SDKs send it
    else if (kind === "number" && /^\d{1,15}$/.test(v)) out[k] = Number(v);
    else if (kind === "boolean" && (v === "true" || v === "false")) out[k] = v === "true";
    else if (kind === "array" || kind === "tuple")
      out[k] = v === "" ? [] : v.split(","); // `name=`: the SDKs' empty list
    else out[k] = v;
  }
  return out;
}

/**
 * The URL a next page is read at (`pagination.next_page_url`, relative): a GET's own; for a
 * POST, its path with the body's fields as query parameters (lists comma-separated), which the
 * same path reads as GET.
 */
function pageUrlOf(req: FastifyRequest): string {
  if (req.method === "GET") return req.url;
  const path = req.url.split("?")[0] ?? "";
  const body = (typeof req.body === "object" && req.body !== null ? req.body : {}) as Json;
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") query.set(k, String(v));
    else if (Array.isArray(v)) query.set(k, v.map(String).join(","));
  }
  const text = query.toString();
  return text === "" ? path : `${path}?${text}`;
}

function seamParse<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  if (holdsNul(value))
    throw new HubApiError(400, "request.invalid", `${where}: text may not hold the NUL character (U+0000)`);
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw new SeamInputError(describeZodError(r.error, where), z.formatError(r.error));
  return r.data;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Seam's battery status for the hub's reading. Cells that give the lock no power at all (dead,
 * reversed, no contact: B-PWR-4) are critical whatever charge they hold — before 7 December 2026
 * they read "good" (a reversed pack of fresh cells even "full").
 */
function batteryStatus(b: { percent: number; level: string }): "critical" | "low" | "good" | "full" {
  if (b.level === "critical" || b.level === "dead") return "critical";
  if (b.level === "low") return "low";
  return b.percent >= 95 ? "full" : "good";
}

/**
 * A lock as Seam's device: only what the hub knows; a field it cannot fill is left out.
 * `autoLockSeconds`: the auto-lock delay in force as the hub knows the lock's settings (0 off),
 * undefined when the lock's model has no auto-lock.
 */
function deviceJson(s: HubLockSummary, site: Site | undefined, autoLockSeconds?: number): SeamDevice {
  const v = s.view;
  const door = (v as { door?: "open" | "closed" | null } | undefined)?.door;
  const online = v?.online ?? false;
  const rules = v?.codeRules;
  return {
    device_id: s.lock.id,
    device_type: "latchkey_lock",
    display_name: s.lock.name,
    capabilities_supported: v?.battery ? ["access_code", "lock", "battery"] : ["access_code", "lock"],
    can_remotely_lock: v !== undefined,
    can_remotely_unlock: v !== undefined,
    can_configure_auto_lock: autoLockSeconds !== undefined,
    can_program_online_access_codes: true,
    can_program_offline_access_codes: false,
    // Every lock has a keypad whose user codes unlock (B-CODE-6).
    can_unlock_with_code: true,
    is_managed: true,
    workspace_id: WORKSPACE_ID,
    device_manufacturer: { manufacturer: "latchkey", display_name: "Latchkey" },
    // The hub has no Seam spaces (a lock's site is its `location`) and keeps no custom metadata
    // (devices/update refuses it): both are honestly empty.
    space_ids: [],
    custom_metadata: {},
    location: site ? { location_name: site.name, time_zone: site.timeZone, timezone: site.timeZone } : null,
    created_at: iso(s.lock.addedAtMs),
    // Seam's `device_removed` for a lock the host deleted (it is gone, not away).
    errors:
      s.hostRemovedAtMs !== null
        ? [
            {
              error_code: "device_removed",
              message:
                "the host deleted this lock; it holds no codes until a lock is made again under its id",
              is_device_error: true,
              created_at: iso(s.hostRemovedAtMs),
            },
          ]
        : online
          ? []
          : [
              {
                error_code: "device_offline",
                message: "the lock does not answer now",
                is_device_error: true,
              },
            ],
    warnings: [],
    properties: {
      name: s.lock.name,
      appearance: { name: s.lock.name },
      online,
      ...(v?.bolt === "locked" || v?.bolt === "unlocked" ? { locked: v.bolt === "locked" } : {}),
      ...(door === "open" || door === "closed" ? { door_open: door === "open" } : {}),
      ...(v?.battery
        ? {
            battery_level: Math.max(0, Math.min(1, v.battery.percent / 100)),
            battery: {
              level: Math.max(0, Math.min(1, v.battery.percent / 100)),
              status: batteryStatus(v.battery),
            },
          }
        : {}),
      manufacturer: "latchkey",
      ...(v
        ? {
            model: {
              display_name: v.model,
              manufacturer_display_name: "Latchkey",
              has_built_in_keypad: true,
              online_access_codes_supported: true,
              offline_access_codes_supported: false,
              accessory_keypad_supported: false,
              can_connect_accessory_keypad: false,
            },
          }
        : {}),
      has_native_entry_events: true,
      online_access_codes_enabled: true,
      offline_access_codes_enabled: false,
      supports_offline_access_codes: false,
      supports_accessory_keypad: false,
      supports_backup_access_code_pool: false,
      ...(autoLockSeconds === undefined
        ? {}
        : {
            auto_lock_enabled: autoLockSeconds > 0,
            ...(autoLockSeconds > 0 ? { auto_lock_delay_seconds: autoLockSeconds } : {}),
          }),
      ...(rules
        ? {
            supported_code_lengths: Array.from(
              { length: Math.max(0, rules.maxLength - rules.minLength + 1) },
              (_, i) => rules.minLength + i,
            ),
            max_active_codes_supported: rules.capacity,
          }
        : {}),
      code_constraints: [
        // B-CODE-4: the lock refuses a code whose first four digits another code has.
        { constraint_type: "unique_first_four_digits" },
        { constraint_type: "name_length", min_length: 1, max_length: 100 },
      ],
    },
  };
}

/** Seam's error code for a lock's refusal of a code. */
const seamCodeError = (code: string): string =>
  code === "code.conflict" ? "duplicate_code_on_device" : "failed_to_set_on_device";

/**
 * What the hub is still pushing to one lock for a code, as Seam's `pending_mutations`: sending
 * it (`creating`), waiting for its lead time before `starts_at` (`deferring_creation`, with
 * when it will be sent), taking it off (`deleting`). A lock that refused it (`failed`) has none:
 * the hub does not send it again by itself, and `errors` says why.
 */
function pendingMutations(c: AccessCode, r: LockCodeState): SeamAccessCodeJson["pending_mutations"] {
  const on = ` on ${r.lockId}`;
  if (r.status === "removing")
    return [
      {
        mutation_code: "deleting",
        message: `the hub is removing the code${on}; it is gone once the lock confirms`,
        created_at: iso(c.deletedAtMs ?? r.updatedAtMs),
      },
    ];
  if (r.status !== "setting") return [];
  if (r.warnings.some((w) => w.code === "code.scheduled") && c.startsAtMs !== null)
    return [
      {
        mutation_code: "deferring_creation",
        message: `the hub sends the code${on} its lead time before starts_at`,
        created_at: iso(c.createdAtMs),
        scheduled_at: iso(c.startsAtMs - c.leadTimeMs),
      },
    ];
  return [
    {
      mutation_code: "creating",
      message: `the hub is setting the code${on}; it is set once the lock confirms`,
      created_at: iso(c.createdAtMs),
    },
  ];
}

/**
 * An access code as Seam's, on one lock: the row of `deviceId` (or the code's one lock) says
 * the status, errors and warnings. A code waiting for its lead time is Seam's `unset`; `failed`
 * is Seam's `setting` with the lock's refusal in `errors`; undefined when the code is gone
 * from that lock (deleted and removed): Seam no longer knows such a code.
 */
function accessCodeJson(view: AccessCodeView, deviceId?: string): SeamAccessCodeJson | undefined {
  const c = view.accessCode;
  const row =
    deviceId === undefined
      ? view.locks.length === 1
        ? view.locks[0]
        : undefined
      : view.locks.find((l) => l.lockId === deviceId);
  if (deviceId !== undefined && !row) return undefined;
  const status = row ? row.status : overallStatus(view.locks);
  if (status === "removed") return undefined;
  const rows = row ? [row] : view.locks;
  const scheduled = rows.some((r) => r.warnings.some((w) => w.code === "code.scheduled"));
  const seamStatus = status === "failed" ? "setting" : status === "setting" && scheduled ? "unset" : status;
  const windowed = c.startsAtMs !== null || c.endsAtMs !== null || c.weekly !== null;
  return {
    access_code_id: c.id,
    workspace_id: WORKSPACE_ID,
    device_id: row?.lockId ?? c.lockIds[0] ?? "",
    name: c.name,
    code: c.code,
    type: c.startsAtMs === null && c.endsAtMs === null ? "ongoing" : "time_bound",
    status: seamStatus,
    ...(c.startsAtMs === null ? {} : { starts_at: iso(c.startsAtMs) }),
    ...(c.endsAtMs === null ? {} : { ends_at: iso(c.endsAtMs) }),
    created_at: iso(c.createdAtMs),
    common_code_key: c.commonCodeKey,
    is_managed: true,
    is_one_time_use: c.maxUses === 1,
    is_scheduled_on_device: windowed && rows.every((r) => r.status === "set"),
    is_waiting_for_code_assignment: false,
    is_external_modification_allowed: false,
    is_offline_access_code: false,
    is_backup_access_code_available: false,
    is_backup: false,
    pulled_backup_access_code_id: null,
    pending_mutations: rows.flatMap((r) => pendingMutations(c, r)),
    errors: rows.flatMap((r) =>
      r.errors.map((e) => ({
        error_code:
          r.status === "failed"
            ? seamCodeError(e.code)
            : e.code === "lock.removed"
              ? "device_removed"
              : e.code.replace(/[.:-]/g, "_"),
        message: e.message,
        is_access_code_error: true,
        latchkey_code: e.code,
        device_id: r.lockId,
      })),
    ),
    warnings: [
      ...c.warnings.map((w) => ({
        warning_code: w.code.replace(/[.:-]/g, "_"),
        message: w.message,
        latchkey_code: w.code,
      })),
      ...rows.flatMap((r) =>
        r.warnings.map((w) => ({
          warning_code: w.code.replace(/[.:-]/g, "_"),
          message: w.message,
          latchkey_code: w.code,
          device_id: r.lockId,
        })),
      ),
    ],
  };
}

/**
 * A keypad code the hub found on a lock as Seam's unmanaged access code: the hub knows its slot
 * and when it learnt of it, never its digits (the lock does not reveal them) nor a name.
 */
function unmanagedJson(u: UnmanagedCode): SeamUnmanagedAccessCodeJson {
  return {
    access_code_id: `unmanaged_${u.slot}_${u.lockId}`,
    workspace_id: WORKSPACE_ID,
    device_id: u.lockId,
    name: null,
    code: null,
    type: "ongoing",
    status: "set",
    display_status: "set",
    is_managed: false,
    created_at: iso(u.detectedAtMs),
    slot: u.slot,
    latchkey_source: u.source,
    errors: [],
    warnings: [],
  };
}

/** How the lock was locked or unlocked, as Seam's `method`. */
function methodOf(source: string): SeamEventJson["method"] {
  if (source === "keypad") return "keycode";
  if (source === "manual" || source === "button" || source === "one-touch") return "manual";
  if (source === "auto") return "automatic";
  if (source === "remote") return "remote";
  return "unknown";
}

/**
 * The mapping table of docs/hub.md ("Seam's RPC paths", events): Seam's event type for each
 * history kind that means the same, and which history kinds give each Seam type.
 */
const HISTORY_TYPES: Readonly<Record<string, string>> = {
  "lock.locked": "lock.locked",
  "lock.unlocked": "lock.unlocked",
  "lock.code-added": "access_code.set_on_device",
  "lock.code-deleted": "access_code.removed_from_device",
  "access-code.created": "access_code.created",
  "access-code.deleted": "access_code.deleted",
  "access-code.regenerated": "access_code.changed",
  "access-code.adopted": "access_code.unmanaged.converted_to_managed",
  // The host deleted the lock (Seam: "the device was removed").
  "lock.removed": "device.removed",
  // A person took the lock off the hub's care, or brought it back (Seam's unmanaged devices).
  "lock.unmanaged": "device.converted_to_unmanaged",
  "lock.managed": "device.unmanaged.converted_to_managed",
};
/** …and for each alert kind, the Seam type of its raising and (lock.offline) of its end. */
const ALERT_TYPES: Readonly<Record<string, { raised: string; over?: string }>> = {
  "lock.offline": { raised: "device.disconnected", over: "device.connected" },
  // Battery alerts give device.low_battery and device.battery_status_changed (batteryEventsJson).
  "battery.low": { raised: "device.low_battery", over: "device.battery_status_changed" },
  "battery.critical": { raised: "device.low_battery", over: "device.battery_status_changed" },
  "code.sync-failed": { raised: "access_code.failed_to_set_on_device" },
};

/** History kinds of a code that history keeps as no one lock's (their lockId is null). */
const CODE_HISTORY_KINDS: readonly string[] = ["access-code.created", "access-code.deleted"];

/** A history event as Seam's, or null when no Seam type means the same. */
function historyEventJson(e: HubEvent): SeamEventJson | null {
  const type = HISTORY_TYPES[e.kind];
  if (!type) return null;
  // A slot's change at the lock is a Seam access-code event only for a code the hub manages.
  if (type.startsWith("access_code.") && e.accessCodeId === null) return null;
  return {
    event_id: `h${e.id}`,
    event_type: type,
    workspace_id: WORKSPACE_ID,
    device_id: e.lockId,
    ...(e.accessCodeId === null ? {} : { access_code_id: e.accessCodeId }),
    ...(type === "lock.locked" || type === "lock.unlocked"
      ? {
          method: methodOf(e.source),
          // Only a code the hub manages is named (a keypad code's slot is not a Seam code).
          ...(e.accessCodeId === null ? {} : { access_code_is_managed: true }),
        }
      : {}),
    occurred_at: iso(e.atMs),
    created_at: iso(e.atMs),
  };
}

/** What a battery alert's Seam events need to know of the lock's other battery alerts and readings. */
interface BatteryContext {
  /** The level (0–1) the hub read when it was raised, and when it closed; absent: none read. */
  readonly raisedLevel?: number | undefined;
  readonly closedLevel?: number | undefined;
  /** A critical alert that took over from this pack's low one (the level crossed low before). */
  readonly continuesLow: boolean;
  /** Closed by the other level's alert raised at that moment (its own status change says so). */
  readonly replaced: boolean;
}

/**
 * A battery alert closed and the other level's raised within this long are one change of status
 * (low to critical, or back): fresh cells cannot go in and run down to the other level so fast.
 */
const SAME_CHANGE_MS = 10_000;

const levelFields = (level: number | undefined) =>
  level === undefined ? {} : { battery_level: level, device_battery_level: level };

/**
 * A battery alert as Seam documents its battery events: `device.low_battery` once, when the level
 * drops below the low threshold (a pack running on from low to critical is not a second one),
 * and `device.battery_status_changed` at each change of status — low or critical at the raising,
 * good or full when fresh cells close it. A person's acknowledgement changes no status.
 */
function batteryEventsJson(a: Alert, acknowledged: boolean, ctx: BatteryContext): SeamEventJson[] {
  const base = { workspace_id: WORKSPACE_ID, device_id: a.lockId };
  const at = { occurred_at: iso(a.atMs), created_at: iso(a.atMs) };
  const out: SeamEventJson[] = [];
  if (a.kind === "battery.low" || !ctx.continuesLow)
    out.push({
      event_id: `a${a.id}`,
      event_type: "device.low_battery",
      ...base,
      ...levelFields(ctx.raisedLevel),
      ...at,
    });
  out.push({
    event_id: `a${a.id}s`,
    event_type: "device.battery_status_changed",
    ...base,
    battery_status: a.kind === "battery.low" ? "low" : "critical",
    ...levelFields(ctx.raisedLevel),
    ...at,
  });
  if (a.resolvedAtMs !== null && !acknowledged && !ctx.replaced)
    out.push({
      event_id: `a${a.id}r`,
      event_type: "device.battery_status_changed",
      ...base,
      battery_status: ctx.closedLevel !== undefined && ctx.closedLevel >= 0.95 ? "full" : "good",
      ...levelFields(ctx.closedLevel),
      occurred_at: iso(a.resolvedAtMs),
      created_at: iso(a.resolvedAtMs),
    });
  return out;
}

/** An empty list of Seam's errors or warnings (the hub has no connected accounts to have any). */
const none = (): [] => [];

/**
 * The errors and warnings Seam's reference requires on an alert's raising, as they stood then:
 * device.disconnected names Seam's `device_offline`; access_code.failed_to_set_on_device the
 * code's error (its reason stays on access_codes/get: the alert's words may hold the digits,
 * and not everyone who reads events may see them).
 */
function raisedIssues(type: string): Partial<SeamEventJson> {
  const empty = {
    connected_account_errors: none(),
    connected_account_warnings: none(),
    device_warnings: none(),
  };
  if (type === "device.disconnected")
    return {
      error_code: "device_offline",
      ...empty,
      device_errors: [{ error_code: "device_offline", message: "the lock does not answer" }],
    };
  if (type === "access_code.failed_to_set_on_device")
    return {
      ...empty,
      device_errors: none(),
      access_code_errors: [
        {
          error_code: "failed_to_set_on_device",
          message: "the lock did not take the code (access_codes/get says why)",
        },
      ],
      access_code_warnings: none(),
    };
  return {};
}

/**
 * An alert as Seam's events: its raising, and for lock.offline its end (not a person's
 * acknowledgement); a battery alert as `batteryEventsJson` says.
 */
function alertEventsJson(a: Alert, acknowledged: boolean, battery?: BatteryContext): SeamEventJson[] {
  if (isBatteryAlert(a))
    return batteryEventsJson(a, acknowledged, battery ?? { continuesLow: false, replaced: false });
  const [kind = "", codeId] = a.kind.split(":", 2);
  const t = ALERT_TYPES[kind];
  if (!t) return [];
  const base = {
    workspace_id: WORKSPACE_ID,
    device_id: a.lockId,
    ...(codeId ? { access_code_id: codeId } : {}),
  };
  const out: SeamEventJson[] = [
    {
      event_id: `a${a.id}`,
      event_type: t.raised,
      ...base,
      ...raisedIssues(t.raised),
      occurred_at: iso(a.atMs),
      created_at: iso(a.atMs),
    },
  ];
  if (t.over && a.resolvedAtMs !== null && !acknowledged)
    out.push({
      event_id: `a${a.id}r`,
      event_type: t.over,
      ...base,
      occurred_at: iso(a.resolvedAtMs),
      created_at: iso(a.resolvedAtMs),
    });
  return out;
}

const isBatteryAlert = (a: Alert): boolean => a.kind === "battery.low" || a.kind === "battery.critical";

/**
 * For each battery alert of `alerts`, by alert id, what its Seam events need (BatteryContext),
 * from the lock's other battery alerts in `alerts` and the hub's readings. The level at the
 * raising is the first reading from the raising on, while it was open (the hub stores one at each
 * raising, or at its next look after the lock's own report: lock-sync.ts); at the closing, the
 * first from the closing on. An alert without one (raised before 7 December 2026) has none: the
 * level is left out, not made up.
 */
async function batteryContexts(
  repo: Hub["repo"],
  alerts: readonly Alert[],
): Promise<Map<number, BatteryContext>> {
  const contexts = new Map<number, BatteryContext>();
  const byLock = new Map<string, Alert[]>();
  for (const a of alerts)
    if (isBatteryAlert(a) && a.lockId !== null) byLock.set(a.lockId, [...(byLock.get(a.lockId) ?? []), a]);
  const level = (percent: number | undefined) =>
    percent === undefined ? undefined : Math.max(0, Math.min(1, percent / 100));
  for (const [lockId, mine] of byLock) {
    const samples = await repo.batterySamples(lockId, Math.min(...mine.map((a) => a.atMs)));
    for (const a of mine) {
      const raised = samples.find(
        (x) => x.atMs >= a.atMs && (a.resolvedAtMs === null || x.atMs <= a.resolvedAtMs),
      );
      const closed = a.resolvedAtMs === null ? undefined : samples.find((x) => x.atMs >= a.resolvedAtMs!);
      // The hub raises one level's alert and then closes the other's (lock-sync.ts,
      // lock-reports.ts): that is one change of status, not an end and a new beginning. While
      // both are open for a moment, the new one continues the old. The lock's report and the
      // hub's poll may both see the change, so one may close the old alert a few milliseconds
      // before or after the other raises the new one — still the same change (SAME_CHANGE_MS),
      // not cells going good for a moment (the CI once read "good 16 %" between low and critical).
      // Alert ids grow as alerts are raised: `b.id < a.id` is "raised before a".
      const other = (b: Alert) => b.id !== a.id && b.kind !== a.kind;
      const sameChange = (closedAt: number | null, raisedAt: number) =>
        closedAt !== null && Math.abs(raisedAt - closedAt) <= SAME_CHANGE_MS;
      contexts.set(a.id, {
        raisedLevel: level(raised?.percent),
        closedLevel: level(closed?.percent),
        continuesLow:
          a.kind === "battery.critical" &&
          mine.some(
            (b) =>
              other(b) &&
              b.kind === "battery.low" &&
              b.id < a.id &&
              (b.resolvedAtMs === null || sameChange(b.resolvedAtMs, a.atMs)),
          ),
        replaced: mine.some((b) => other(b) && b.id > a.id && sameChange(a.resolvedAtMs, b.atMs)),
      });
    }
  }
  return contexts;
}

/** History rows read at most for one `events/list` (its filters then pick what Seam has a type for). */
export const MAX_EVENTS_SCANNED = 20_000;

interface Attempt {
  readonly personId: string;
  readonly deviceId: string;
  readonly atMs: number;
  /** Order of making, for action_attempts/list's pages. */
  readonly seq: number;
  json: SeamActionAttemptJson;
}

/**
 * Action attempts of lock and unlock, in memory (a restart forgets them): at most
 * MAX_ACTION_ATTEMPTS, each kept ACTION_ATTEMPT_TTL_MS, and each visible to the person who made it.
 */
export class ActionAttempts {
  private readonly byId = new Map<string, Attempt>();
  private seq = 0;
  constructor(private readonly now: () => number) {}

  /** Drops expired attempts, and the oldest until `room` more fit under the bound. */
  private prune(room: number): void {
    const oldest = this.now() - ACTION_ATTEMPT_TTL_MS;
    for (const [id, a] of this.byId) {
      if (a.atMs > oldest && this.byId.size + room <= MAX_ACTION_ATTEMPTS) break;
      this.byId.delete(id);
    }
  }

  add(personId: string, deviceId: string, type: SeamActionAttemptJson["action_type"]): SeamActionAttemptJson {
    this.prune(1);
    const json: SeamActionAttemptJson = {
      action_attempt_id: randomUUID(),
      action_type: type,
      status: "pending",
      result: null,
      error: null,
    };
    this.byId.set(json.action_attempt_id, { personId, deviceId, atMs: this.now(), seq: ++this.seq, json });
    return json;
  }

  settle(id: string, result: LinkResult): void {
    const a = this.byId.get(id);
    if (!a) return;
    a.json = result.ok
      ? { ...a.json, status: "success", result: {}, error: null }
      : {
          ...a.json,
          status: "error",
          result: null,
          error: { type: seamErrorType(result.code), message: result.reason },
        };
  }

  get(personId: string, id: string): SeamActionAttemptJson | undefined {
    this.prune(0);
    const a = this.byId.get(id);
    return a && a.personId === personId ? a.json : undefined;
  }

  /** The person's attempts still kept, oldest first (by `ids` and a device when given), each with its order. */
  list(
    personId: string,
    filter: { ids?: readonly string[]; deviceId?: string },
  ): { seq: number; json: SeamActionAttemptJson }[] {
    this.prune(0);
    const ids = filter.ids ? new Set(filter.ids) : undefined;
    const out: { seq: number; json: SeamActionAttemptJson }[] = [];
    for (const a of this.byId.values())
      if (
        a.personId === personId &&
        (!ids || ids.has(a.json.action_attempt_id)) &&
        (filter.deviceId === undefined || a.deviceId === filter.deviceId)
      )
        out.push({ seq: a.seq, json: a.json });
    return out;
  }
}

export interface SeamRpcOptions {
  readonly hub: Hub;
  readonly now?: () => number;
}

/**
 * How a path is called besides POST with a JSON body (which every path takes): a read also as
 * GET with query parameters; a change as Seam's SDKs send it — `PATCH` with the body
 * (access_codes/update, which Seam's reference also lists with `PUT`), `DELETE` with query
 * parameters (access_codes/delete).
 */
type Verb = "read" | "write" | "patch" | "patchPut" | "delete";

const METHODS: Readonly<Record<Verb, readonly HTTPMethods[]>> = {
  read: ["GET", "POST"],
  write: ["POST"],
  patch: ["PATCH", "POST"],
  patchPut: ["PATCH", "PUT", "POST"],
  delete: ["DELETE", "POST"],
};

/** Registers Seam's RPC paths under SEAM_RPC_PREFIX (its own plugin: its own error shape). */
export async function seamRpc(app: FastifyInstance, options: SeamRpcOptions): Promise<void> {
  const { hub } = options;
  const now = options.now ?? hub.now;
  const fail = (status: number, code: string, message: string) => new HubApiError(status, code, message);
  const deps: LockActionDeps = { hub, unwrap, fail, now };
  const actorOf = hubActorOf(hub, { seamKeyPrefix: true });
  const attempts = new ActionAttempts(now);
  const running = new Set<Promise<unknown>>();
  const paths = new Set<string>();

  acceptEmptyJson(app);

  // Seam's SDKs read a call's request id from this header (its errors' `requestId`); the
  // refusals carry the same id as `error.request_id`.
  app.addHook("onSend", async (req, reply) => {
    void reply.header("seam-request-id", String(req.id));
  });

  app.setErrorHandler((thrown, req, reply) => {
    const err = thrown instanceof Error ? thrown : new Error(String(thrown));
    let status: number;
    let code: string;
    let message = err.message;
    let validation: unknown;
    const fe = err as FastifyError;
    if (err instanceof HubApiError) {
      status = err.status;
      code = err.code;
      if (err instanceof SeamInputError) validation = err.validation;
    } else if (err instanceof HttpError) {
      status = err.status;
      code = err.code;
    } else if (fe.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      status = 413;
      code = "request.too-large";
      message = `the body is larger than this path takes (${req.routeOptions.bodyLimit ?? 0} bytes)`;
    } else {
      const named = httpErrorFromFastify(fe);
      if (named) {
        status = named.status;
        code = named.code;
        message = named.message;
      } else if (fe.statusCode !== undefined && fe.statusCode >= 400 && fe.statusCode < 500) {
        status = 400;
        code = "request.invalid";
      } else {
        req.log.error(err);
        status = 500;
        code = "server.bug";
        message = `the server failed (request ${String(req.id)}); the details are in the server's log`;
      }
    }
    void reply.code(status).send({
      error: {
        type: status === 500 ? "internal_server_error" : seamErrorType(code),
        message,
        latchkey_code: code,
        request_id: String(req.id),
        ...(validation === undefined ? {} : { validation_errors: validation }),
      },
      ok: false,
    });
  });

  app.addHook("onClose", async () => {
    while (running.size > 0) await Promise.all([...running]);
  });

  const rpc = <S extends z.ZodObject>(
    path: string,
    verb: Verb,
    schema: S,
    handle: (actor: Actor, body: z.output<S>, url: string) => Promise<Json>,
    bodyLimit = 16 * 1024,
  ): void => {
    paths.add(path);
    app.route({
      method: [...METHODS[verb]],
      url: `${SEAM_RPC_PREFIX}${path}`,
      bodyLimit,
      handler: async (req: FastifyRequest) => {
        const actor = await actorOf(req);
        // A personal access token names its workspace in this header: this hub is the one there is.
        const workspace = req.headers["seam-workspace"];
        if (workspace !== undefined && workspace !== WORKSPACE_ID)
          throw fail(
            403,
            "auth.forbidden",
            `no workspace ${String(workspace).slice(0, 64)}: this hub is one workspace, ${WORKSPACE_ID}`,
          );
        // A DELETE's fields are its query's (as the SDKs send them), or its body's if it has one.
        const fromUrl = req.method === "GET" || (req.method === "DELETE" && req.body === undefined);
        const body = fromUrl
          ? seamParse(schema, fromQuery(schema, req.query), "query")
          : seamParse(schema, req.body, "body");
        return { ...(await handle(actor, body, pageUrlOf(req))), ok: true };
      },
    });
  };

  /** A page cursor's key, or undefined on the first page; one this list did not give is 400. */
  const cursorOf = (
    cursor: string | undefined,
    shape: readonly ("n" | "s")[],
  ): readonly (string | number)[] | undefined => {
    try {
      return cursor === undefined ? undefined : decodeCursor(cursor, shape);
    } catch (err) {
      if (err instanceof BadCursor) throw fail(400, "request.invalid", err.message);
      throw err;
    }
  };

  /** Sites by id, read once per request. */
  const sitesOf = () => {
    const cache = new Map<string, Site | undefined>();
    return async (id: string): Promise<Site | undefined> => {
      if (!cache.has(id)) cache.set(id, await hub.repo.getSite(id));
      return cache.get(id);
    };
  };

  /** The auto-lock delay in force as the hub knows the lock's settings; undefined when its model has none. */
  const autoLockOf = async (s: HubLockSummary): Promise<number | undefined> => {
    const profile = s.view ? getProfile(s.view.profileId) : undefined;
    if (!profile || !("autoLockSeconds" in profile.defaultSettings)) return undefined;
    return autoLockDelaySeconds(await knownSettings(hub.repo, s.lock.id, profile.defaultSettings));
  };

  /** A lock taken off the hub's care as Seam's unmanaged device; a managed one is not one (404). */
  const oneUnmanaged = async (actor: Actor, deviceId: string): Promise<SeamUnmanagedDevice> => {
    const s = unwrap(await hub.getLock(actor, deviceId, { includeUnmanaged: true }));
    if (s.lock.unmanagedAtMs == null)
      throw fail(404, "lock.not-found", "no such unmanaged device: the hub manages this lock (devices/get)");
    return { ...deviceJson(s, await sitesOf()(s.lock.siteId)), is_managed: false };
  };

  const oneDevice = async (actor: Actor, deviceId: string): Promise<SeamDevice> => {
    const s = unwrap(await hub.getLock(actor, deviceId));
    return deviceJson(s, await sitesOf()(s.lock.siteId), await autoLockOf(s));
  };

  /** devices/get and locks/get: by device_id, or by name (Seam's reference takes either). */
  const deviceNamed = async (actor: Actor, b: z.output<typeof seamDeviceGetBody>): Promise<SeamDevice> => {
    if (b.device_id !== undefined) return oneDevice(actor, b.device_id);
    const named = unwrap(await hub.listLocks(actor)).filter((s) => s.lock.name === b.name);
    if (named.length === 0) throw fail(404, "lock.not-found", "no lock of that name");
    if (named.length > 1)
      throw fail(400, "request.invalid", `${named.length} locks have that name: give device_id`);
    return oneDevice(actor, named[0]!.lock.id);
  };

  const listDevices = async (
    actor: Actor,
    b: z.output<typeof seamDevicesListBody>,
    url: string,
    managed = true,
  ): Promise<{ devices: SeamDevice[]; pagination: PaginationJson }> => {
    const after = cursorOf(b.page_cursor, ["s"]);
    const wanted = b.device_ids ? new Set(b.device_ids) : undefined;
    // Every lock is Seam's device type latchkey_lock by manufacturer latchkey: another type or
    // manufacturer matches none (an honest empty list, as Seam answers for a brand one has not).
    const ours =
      (b.device_type === undefined || b.device_type === "latchkey_lock") &&
      (b.device_types === undefined || b.device_types.includes("latchkey_lock")) &&
      (b.manufacturer === undefined || b.manufacturer === "latchkey");
    const site = sitesOf();
    const all: HubLockSummary[] = [];
    for (const s of unwrap(await hub.listLocks(actor, managed)))
      if (
        ours &&
        (!wanted || wanted.has(s.lock.id)) &&
        matches(b.search, [s.lock.id, s.lock.name, (await site(s.lock.siteId))?.name])
      )
        all.push(s);
    const page = pageOf(all, (s) => [s.lock.id], pageSize(b.limit), after, url);
    const devices: SeamDevice[] = [];
    for (const s of page.items) devices.push(deviceJson(s, await site(s.lock.siteId), await autoLockOf(s)));
    return { devices, pagination: page.pagination };
  };

  rpc("/devices/list", "read", seamDevicesListBody, (actor, b, url) => listDevices(actor, b, url));
  rpc("/devices/get", "read", seamDeviceGetBody, async (actor, b) => ({
    device: await deviceNamed(actor, b),
  }));
  // The same as PATCH /api/hub/v1/locks/{id}: a rename, and `is_managed: false` takes the lock
  // off the hub's care (renamed first). `true` on a managed lock changes nothing.
  rpc("/devices/update", "patch", seamDeviceUpdateBody, async (actor, b) => {
    const name = b.name !== undefined ? b.name : b.properties?.name;
    if (name !== undefined) unwrap(await hub.renameLock(actor, b.device_id, name));
    else if (b.is_managed === true) unwrap(await hub.getLock(actor, b.device_id));
    if (b.is_managed === false) unwrap(await hub.setLockManaged(actor, b.device_id, false));
    return {};
  });
  // Seam's unmanaged devices: the locks taken off the hub's care.
  rpc("/devices/unmanaged/list", "read", seamDevicesListBody, async (actor, b, url) => {
    const { devices, pagination } = await listDevices(actor, b, url, false);
    return { devices: devices.map((d) => ({ ...d, is_managed: false })), pagination };
  });
  rpc("/devices/unmanaged/get", "read", seamDeviceGetBody, async (actor, b) => {
    if (b.device_id !== undefined) return { device: await oneUnmanaged(actor, b.device_id) };
    const named = unwrap(await hub.listLocks(actor, false)).filter((s) => s.lock.name === b.name);
    if (named.length === 0) throw fail(404, "lock.not-found", "no unmanaged device of that name");
    if (named.length > 1)
      throw fail(400, "request.invalid", `${named.length} unmanaged devices have that name: give device_id`);
    return { device: await oneUnmanaged(actor, named[0]!.lock.id) };
  });
  // `is_managed: true` brings the lock back under the hub's care, as PATCH /locks/{id}
  // { managed: true }; on a lock already managed it changes nothing (a retried call answers the same).
  rpc("/devices/unmanaged/update", "patch", seamUnmanagedDeviceUpdateBody, async (actor, b) => {
    if (b.is_managed === true) unwrap(await hub.setLockManaged(actor, b.device_id, true));
    else unwrap(await hub.getLock(actor, b.device_id, { includeUnmanaged: true }));
    return {};
  });
  rpc("/locks/list", "read", seamDevicesListBody, async (actor, b, url) => {
    const { devices, pagination } = await listDevices(actor, b, url);
    return { devices, locks: devices, pagination };
  });
  rpc("/locks/get", "read", seamDeviceGetBody, async (actor, b) => {
    const device = await deviceNamed(actor, b);
    return { device, lock: device };
  });

  /**
   * An action attempt of `send` (called once every check has passed): answered pending at once,
   * or once the lock answered with `sync`; the lock's answer settles it.
   */
  const attempt = async (
    actor: Actor,
    deviceId: string,
    type: SeamActionAttemptJson["action_type"],
    sync: boolean | undefined,
    send: () => Promise<LinkResult>,
  ): Promise<Json> => {
    const made = attempts.add(actor.id, deviceId, type);
    const run = send()
      .then((r) => attempts.settle(made.action_attempt_id, r))
      .catch(() =>
        attempts.settle(made.action_attempt_id, {
          ok: false,
          code: "lock.error",
          reason: "the hub could not send the command or record the answer",
        }),
      );
    running.add(run);
    void run.finally(() => running.delete(run));
    if (sync) await run;
    return { action_attempt: attempts.get(actor.id, made.action_attempt_id) ?? made };
  };

  for (const [path, action, type] of [
    ["/locks/lock_door", "lock", "LOCK_DOOR"],
    ["/locks/unlock_door", "unlock", "UNLOCK_DOOR"],
  ] as const) {
    rpc(path, "write", seamLockActionBody, async (actor, b) => {
      // Every check before anything is sent (404, 403, 409 lock.offline): a refusal sends nothing.
      const prepared = await prepareLockAction(deps, actor, b.device_id);
      return attempt(actor, b.device_id, type, b.sync, () => runLockAction(deps, actor, prepared, action));
    });
  }

  // Auto-lock (B-BOLT-7) through the same change as POST /api/hub/v1/locks/{id}/settings: off
  // is autoLock false and no delay; on keeps the lock's delay (30 s if none) unless one is given.
  rpc("/locks/configure_auto_lock", "write", seamConfigureAutoLockBody, async (actor, b) => {
    const change: SettingsChange = {
      settings: !b.auto_lock_enabled
        ? { autoLock: false, autoLockSeconds: 0 }
        : b.auto_lock_delay_seconds === undefined
          ? { autoLock: true }
          : { autoLock: true, autoLockSeconds: b.auto_lock_delay_seconds },
    };
    const prepared = await prepareSettingsChange(deps, actor, b.device_id, change);
    return attempt(actor, b.device_id, "CONFIGURE_AUTO_LOCK", b.sync, () =>
      runSettingsChange(deps, actor, prepared, change),
    );
  });
  rpc("/action_attempts/get", "read", seamActionAttemptGetBody, async (actor, b) => {
    const attempt = attempts.get(actor.id, b.action_attempt_id);
    if (!attempt)
      throw fail(404, "action_attempt.not-found", "no such action attempt (they are kept 15 minutes)");
    return { action_attempt: attempt };
  });
  rpc("/action_attempts/list", "read", seamActionAttemptsListBody, async (actor, b, url) => {
    const after = cursorOf(b.page_cursor, ["n"]);
    const page = pageOf(
      attempts.list(actor.id, {
        ...(b.action_attempt_ids ? { ids: b.action_attempt_ids } : {}),
        ...(b.device_id === undefined ? {} : { deviceId: b.device_id }),
      }),
      (a) => [a.seq],
      pageSize(b.limit),
      after,
      url,
    );
    return { action_attempts: page.items.map((a) => a.json), pagination: page.pagination };
  });

  const codeOrGone = (view: AccessCodeView, deviceId?: string): SeamAccessCodeJson => {
    const json = accessCodeJson(view, deviceId);
    if (!json) throw fail(404, "access_code.not-found", "no such access code (on this device)");
    return json;
  };

  rpc("/access_codes/create", "write", seamAccessCodeCreateBody, async (actor, b) => {
    unwrap(await hub.getLock(actor, b.device_id));
    const input: NewAccessCode = {
      lockIds: [b.device_id],
      name: b.name ?? "Access code",
      ...(b.code === undefined ? {} : { code: b.code }),
      ...(b.starts_at === undefined ? {} : { startsAt: b.starts_at }),
      ...(b.ends_at === undefined ? {} : { endsAt: b.ends_at }),
      ...(b.is_one_time_use ? { maxUses: 1 } : {}),
      ...(b.common_code_key === undefined ? {} : { commonCodeKey: b.common_code_key }),
      ...(b.preferred_code_length === undefined ? {} : { preferredCodeLength: b.preferred_code_length }),
    };
    const view = unwrap(await hub.createAccessCode(actor, input));
    return { access_code: codeOrGone(view, b.device_id) };
  });

  rpc("/access_codes/list", "read", seamAccessCodeListBody, async (actor, b, url) => {
    if (b.device_id !== undefined) unwrap(await hub.getLock(actor, b.device_id));
    if (b.access_code_ids) {
      // The codes named, in the order named (at most 100); `limit` pages through them, the
      // cursor holding how many names were read (Seam's list takes both together).
      const ids = [...new Set(b.access_code_ids)];
      let from = 0;
      try {
        if (b.page_cursor !== undefined) from = decodeCursor(b.page_cursor, ["n"])[0] as number;
      } catch (err) {
        if (err instanceof BadCursor) throw fail(400, "request.invalid", err.message);
        throw err;
      }
      const limit = pageSize(b.limit) ?? ids.length;
      const out: SeamAccessCodeJson[] = [];
      let read = Math.min(from, ids.length);
      for (; read < ids.length && out.length < limit; read++) {
        const got = await hub.getAccessCode(actor, ids[read] as string);
        if (!got.ok && got.code === "access_code.not-found") continue;
        const json = accessCodeJson(unwrap(got), b.device_id);
        if (json && matches(b.search, [json.name, json.code, json.access_code_id])) out.push(json);
      }
      return { access_codes: out, pagination: paginationAfter(read < ids.length, [read], url) };
    }
    let after: readonly (string | number)[] | undefined;
    try {
      after = b.page_cursor === undefined ? undefined : decodeCursor(b.page_cursor, ["n", "s"]);
    } catch (err) {
      if (err instanceof BadCursor) throw fail(400, "request.invalid", err.message);
      throw err;
    }
    const limit = pageSize(b.limit) ?? MAX_SEAM_PAGE;
    const list = unwrap(
      await hub.listAccessCodes(actor, {
        ...(b.device_id === undefined ? {} : { lockId: b.device_id }),
        limit: limit + 1,
        ...(after ? { after: { createdAtMs: after[0] as number, id: after[1] as string } } : {}),
      }),
    );
    const page = list.slice(0, limit);
    const last = page.at(-1)?.accessCode;
    const codes: SeamAccessCodeJson[] = [];
    for (const view of page) {
      // A code on several locks (made through /api/hub/v1) is one Seam code per lock.
      const lockIds = b.device_id === undefined ? view.locks.map((l) => l.lockId) : [b.device_id];
      for (const lockId of lockIds) {
        const json = accessCodeJson(view, lockId);
        // `search` narrows the page (a page may then hold fewer than `limit`, or none, and still have a next).
        if (json && matches(b.search, [json.name, json.code, json.access_code_id])) codes.push(json);
      }
    }
    return {
      access_codes: codes,
      pagination: paginationAfter(list.length > limit, last ? [last.createdAtMs, last.id] : undefined, url),
    };
  });

  rpc("/access_codes/get", "read", seamAccessCodeGetBody, async (actor, b) => {
    if (b.access_code_id !== undefined)
      return {
        access_code: codeOrGone(unwrap(await hub.getAccessCode(actor, b.access_code_id)), b.device_id),
      };
    // By digits on one lock: the codes the caller may read there, as shown to them (a guest
    // sees no digits, so finds none by them), the one still on or going to the lock.
    const deviceId = b.device_id ?? "";
    unwrap(await hub.getLock(actor, deviceId));
    let after: { createdAtMs: number; id: string } | undefined;
    for (;;) {
      const page = unwrap(
        await hub.listAccessCodes(actor, { lockId: deviceId, limit: 1000, ...(after ? { after } : {}) }),
      );
      for (const view of page) {
        if (view.accessCode.code !== b.code) continue;
        const json = accessCodeJson(view, deviceId);
        if (json) return { access_code: json };
      }
      const last = page.at(-1)?.accessCode;
      if (page.length < 1000 || !last) break;
      after = { createdAtMs: last.createdAtMs, id: last.id };
    }
    throw fail(404, "access_code.not-found", "no access code with that code on this device");
  });

  rpc("/access_codes/update", "patchPut", seamAccessCodeUpdateBody, async (actor, b) => {
    const old = unwrap(await hub.getAccessCode(actor, b.access_code_id)).accessCode;
    if (b.type === "ongoing" && (b.starts_at !== undefined || b.ends_at !== undefined))
      throw fail(400, "request.invalid", "type ongoing has no starts_at or ends_at");
    if (b.device_id !== undefined) unwrap(await hub.getLock(actor, b.device_id));
    const keepTimes = b.type !== "ongoing";
    const startsAt = b.starts_at ?? (keepTimes && old.startsAtMs !== null ? iso(old.startsAtMs) : undefined);
    const endsAt = b.ends_at ?? (keepTimes && old.endsAtMs !== null ? iso(old.endsAtMs) : undefined);
    if (b.type === "time_bound" && startsAt === undefined && endsAt === undefined)
      throw fail(400, "request.invalid", "type time_bound needs starts_at or ends_at");
    const maxUses =
      b.is_one_time_use === true ? 1 : b.is_one_time_use === false && old.maxUses === 1 ? null : old.maxUses;
    // The digits stay unless new ones are given, or a length asks the hub to choose again.
    const code = b.code ?? (b.preferred_code_length === undefined ? old.code : undefined);
    const input: NewAccessCode = {
      lockIds: b.device_id === undefined ? old.lockIds : [b.device_id],
      name: b.name ?? old.name,
      ...(code === undefined ? {} : { code }),
      ...(startsAt === undefined ? {} : { startsAt }),
      ...(endsAt === undefined ? {} : { endsAt }),
      ...(old.weekly
        ? { weekly: { days: old.weekly.days, startTime: old.weekly.startTime, endTime: old.weekly.endTime } }
        : {}),
      ...(maxUses === null ? {} : { maxUses }),
      ...(old.commonCodeKey === null ? {} : { commonCodeKey: old.commonCodeKey }),
      ...(old.personId === null ? {} : { personId: old.personId }),
      leadTimeMinutes: Math.round(old.leadTimeMs / 60_000),
      ...(b.preferred_code_length === undefined ? {} : { preferredCodeLength: b.preferred_code_length }),
    };
    const made = await replaceAccessCode(deps, actor, b.access_code_id, input);
    return {
      access_code: codeOrGone(
        made,
        b.device_id ?? (made.locks.length === 1 ? made.locks[0]?.lockId : undefined),
      ),
      replaced_access_code_id: b.access_code_id,
    };
  });

  rpc("/access_codes/delete", "delete", seamAccessCodeDeleteBody, async (actor, b) => {
    const view = unwrap(await hub.getAccessCode(actor, b.access_code_id));
    if (b.device_id !== undefined && !view.locks.some((l) => l.lockId === b.device_id))
      throw fail(404, "access_code.not-found", "no such access code on this device");
    unwrap(await hub.deleteAccessCode(actor, b.access_code_id));
    return {};
  });

  rpc("/access_codes/generate_code", "read", seamGenerateCodeBody, async (actor, b) => ({
    generated_code: { device_id: b.device_id, code: unwrap(await hub.suggestCode(actor, b.device_id)) },
  }));

  // Keypad codes the hub found on a lock: what GET /api/hub/v1/locks/{id} lists as unmanaged_codes.
  rpc("/access_codes/unmanaged/list", "read", seamUnmanagedListBody, async (actor, b, url) => {
    const after = cursorOf(b.page_cursor, ["n"]);
    const lock = unwrap(await hub.getLock(actor, b.device_id));
    const page = pageOf(
      lock.unmanaged.filter((u) => matches(b.search, [`unmanaged_${u.slot}_${u.lockId}`])),
      (u) => [u.slot],
      pageSize(b.limit),
      after,
      url,
    );
    return { access_codes: page.items.map(unmanagedJson), pagination: page.pagination };
  });
  rpc("/access_codes/unmanaged/get", "read", seamUnmanagedGetBody, async (actor, b) => {
    const [, slot = "", lockId = ""] = UNMANAGED_ID.exec(b.access_code_id) ?? [];
    const gone = () => fail(404, "access_code.not-found", "no such unmanaged access code (on this device)");
    if (b.device_id !== undefined && b.device_id !== lockId) throw gone();
    const got = await hub.getLock(actor, lockId);
    if (!got.ok && got.code === "lock.not-found") throw gone();
    const found = unwrap(got).unmanaged.find((u) => u.slot === Number(slot));
    if (!found) throw gone();
    return { access_code: unmanagedJson(found) };
  });

  /**
   * Whether an alert was closed by a person's acknowledgement (then its end is no Seam event):
   * the acknowledgements of `lockId` (every lock visible when undefined) from `fromMs`.
   */
  const acknowledged = async (
    actor: Actor,
    lockId: string | undefined,
    fromMs: number | undefined,
    untilMs?: number,
  ): Promise<(a: Alert) => boolean> => {
    const acks = unwrap(
      await hub.listEvents(actor, {
        ...(lockId === undefined ? {} : { lockId }),
        kinds: ["alert.acknowledged"],
        ...(fromMs === undefined ? {} : { fromMs }),
        ...(untilMs === undefined ? {} : { untilMs }),
        limit: 10_000,
      }),
    );
    const keys = new Set(acks.map((e) => `${e.lockId ?? ""}|${e.detail ?? ""}|${e.atMs}`));
    return (a) => keys.has(`${a.lockId ?? ""}|${a.kind}|${a.resolvedAtMs ?? ""}`);
  };

  /**
   * Seam's access_code.created and access_code.deleted name the code's device; history keeps
   * them as the code's, not one lock's (a code made through /api/hub/v1 may be on several).
   * A code on one lock gives that lock; on several, device_id stays null.
   */
  const withCodeDevices = async (
    events: SeamEventJson[],
    lockOf = new Map<string, string | null>(),
  ): Promise<SeamEventJson[]> => {
    const out: SeamEventJson[] = [];
    for (const e of events) {
      const codeId = e.access_code_id;
      if (e.device_id !== null || codeId === undefined || !e.event_type.startsWith("access_code.")) {
        out.push(e);
        continue;
      }
      if (!lockOf.has(codeId)) {
        const lockIds = (await hub.repo.getAccessCode(codeId))?.lockIds ?? [];
        lockOf.set(codeId, lockIds.length === 1 ? (lockIds[0] ?? null) : null);
      }
      out.push({ ...e, device_id: lockOf.get(codeId) ?? null });
    }
    return out;
  };

  rpc("/events/get", "read", seamEventGetBody, async (actor, b) => {
    const n = Number(b.event_id.replace(/\D/g, ""));
    let event: SeamEventJson | undefined;
    if (b.event_id.startsWith("h")) {
      const [e] = unwrap(await hub.listEvents(actor, { kinds: Object.keys(HISTORY_TYPES), id: n, limit: 1 }));
      event = e?.id === n ? (historyEventJson(e) ?? undefined) : undefined;
    } else {
      const [a] = unwrap(
        await hub.listAlerts(actor, false, { kinds: Object.keys(ALERT_TYPES), id: n, limit: 1 }),
      );
      if (a?.id === n) {
        const acked =
          a.resolvedAtMs === null
            ? () => false
            : await acknowledged(actor, a.lockId ?? undefined, a.resolvedAtMs, a.resolvedAtMs + 1);
        // A battery alert's events depend on the lock's other battery alerts (batteryContexts).
        const battery = isBatteryAlert(a)
          ? (
              await batteryContexts(hub.repo, [
                a,
                ...unwrap(
                  await hub.listAlerts(actor, false, {
                    ...(a.lockId === null ? {} : { lockId: a.lockId }),
                    kinds: ["battery.low", "battery.critical"],
                    limit: 10_000,
                  }),
                ).filter((x) => x.id !== a.id),
              ])
            ).get(a.id)
          : undefined;
        event = alertEventsJson(a, acked(a), battery).find((e) => e.event_id === b.event_id);
      }
    }
    if (
      !event ||
      (b.device_id !== undefined && event.device_id !== b.device_id) ||
      (b.event_type !== undefined && event.event_type !== b.event_type)
    )
      throw fail(404, "event.not-found", "no such event (events/list gives their ids)");
    return { event: (await withCodeDevices([event]))[0] ?? event };
  });

  rpc("/events/list", "read", seamEventsListBody, async (actor, b) => {
    const fromMs = parseTime(b.since ?? b.between?.[0], b.since === undefined ? "between[0]" : "since");
    const untilMs = parseTime(b.between?.[1], "between[1]");
    const limit = b.limit ?? 500;
    const types = new Set([...(b.event_type ? [b.event_type] : []), ...(b.event_types ?? [])]);
    const wantType = (t: string) => types.size === 0 || types.has(t);
    const devices = [...new Set([...(b.device_id ? [b.device_id] : []), ...(b.device_ids ?? [])])];
    const codes = new Set([...(b.access_code_id ? [b.access_code_id] : []), ...(b.access_code_ids ?? [])]);
    const eventIds = b.event_ids ? new Set(b.event_ids) : undefined;
    // The history of a lock taken off the hub's care is still read (who took it off, and before).
    for (const d of devices) unwrap(await hub.getLock(actor, d, { includeUnmanaged: true }));
    const keep = (e: SeamEventJson): boolean => {
      const at = Date.parse(e.occurred_at);
      return (
        wantType(e.event_type) &&
        (!eventIds || eventIds.has(e.event_id)) &&
        (codes.size === 0 || (e.access_code_id !== undefined && codes.has(e.access_code_id))) &&
        (fromMs === undefined || at >= fromMs) &&
        (untilMs === undefined || at <= untilMs)
      );
    };
    const historyKinds = Object.entries(HISTORY_TYPES)
      .filter(([, t]) => wantType(t))
      .map(([k]) => k);
    const alertKinds = Object.entries(ALERT_TYPES)
      .filter(([, t]) => wantType(t.raised) || (t.over !== undefined && wantType(t.over)))
      .map(([k]) => k);
    const out: SeamEventJson[] = [];
    /** History of `kinds` (on `lockId`, or every lock), newest first, until `limit` kept or the scan bound. */
    const readHistory = async (
      lockId: string | undefined,
      kinds: readonly string[],
      accept: (e: SeamEventJson) => Promise<SeamEventJson | undefined>,
    ): Promise<void> => {
      let beforeId: number | undefined;
      let scanned = 0;
      let found = 0;
      while (kinds.length > 0 && found < limit && scanned < MAX_EVENTS_SCANNED) {
        const page = unwrap(
          await hub.listEvents(actor, {
            ...(lockId === undefined ? {} : { lockId }),
            kinds: [...kinds],
            ...(fromMs === undefined ? {} : { fromMs }),
            ...(untilMs === undefined ? {} : { untilMs }),
            ...(beforeId === undefined ? {} : { beforeId }),
            limit: 1000,
          }),
        );
        scanned += page.length;
        for (const e of page) {
          const json = historyEventJson(e);
          const kept = json && keep(json) ? await accept(json) : undefined;
          if (kept) {
            out.push(kept);
            found++;
          }
        }
        if (page.length < 1000) break;
        beforeId = page.at(-1)?.id;
      }
    };
    const asIs = async (e: SeamEventJson) => e;
    for (const lockId of devices.length > 0 ? devices : [undefined]) {
      await readHistory(lockId, historyKinds, asIs);
      if (alertKinds.length === 0) continue;
      const alerts = unwrap(
        await hub.listAlerts(actor, false, {
          ...(lockId === undefined ? {} : { lockId }),
          kinds: alertKinds,
          limit: 10_000,
        }),
      );
      const acked = await acknowledged(actor, lockId, fromMs);
      const battery = await batteryContexts(
        hub.repo,
        alerts.filter(
          (a) => fromMs === undefined || a.atMs >= fromMs || (a.resolvedAtMs ?? a.atMs) >= fromMs,
        ),
      );
      for (const a of alerts)
        for (const json of alertEventsJson(a, acked(a), battery.get(a.id))) if (keep(json)) out.push(json);
    }
    // A code's creation and deletion are history of no one lock: asked by device, they are the
    // ones whose code is on one of those devices (the device_id withCodeDevices gives them).
    if (devices.length > 0) {
      const wanted = new Set(devices);
      const lockOf = new Map<string, string | null>();
      await readHistory(
        undefined,
        CODE_HISTORY_KINDS.filter((k) => historyKinds.includes(k)),
        async (e) => {
          const [filled] = await withCodeDevices([e], lockOf);
          return filled?.device_id != null && wanted.has(filled.device_id) ? filled : undefined;
        },
      );
    }
    out.sort((x, y) => (x.occurred_at < y.occurred_at ? 1 : x.occurred_at > y.occurred_at ? -1 : 0));
    return { events: await withCodeDevices(out.slice(0, limit)) };
  });

  // One workspace: this hub. Seam's SDKs read it at start; every person signed in may.
  rpc("/workspaces/get", "read", seamWorkspaceGetBody, async () => ({
    workspace: {
      workspace_id: WORKSPACE_ID,
      name: "Latchkey hub",
      company_name: "Latchkey hub",
      is_sandbox: false,
      is_suspended: false,
      is_publishable_key_auth_enabled: false,
      connect_partner_name: null,
      organization_id: null,
      connect_webview_customization: {},
    },
  }));

  app.route({
    method: ["GET", "POST", "DELETE", "PUT", "PATCH"],
    url: `${SEAM_RPC_PREFIX}/*`,
    handler: async (req) => {
      const path = (req.url.split("?")[0] ?? "").slice(SEAM_RPC_PREFIX.length);
      if (paths.has(path))
        throw fail(
          405,
          "route.method-not-allowed",
          `${req.method} is not allowed on ${path}: send POST with a JSON body`,
        );
      throw fail(
        404,
        "route.unknown",
        `no path ${path.slice(0, 200)} (docs/hub.md lists Seam's paths the hub answers)`,
      );
    },
  });
}
