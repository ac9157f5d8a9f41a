/**
 * Request and answer schemas of the Seam RPC paths (/api/seam/v1, seam-rpc.ts): Seam's names
 * and shapes as its API reference documents them (docs.seam.co), for what the hub can do.
 * Every body is strict: a field Seam has and the hub cannot honour is either refused by value
 * (a `z.literal` naming the one value the hub's behaviour matches) or, unknown here, refused
 * as an unknown field — never quietly ignored.
 */
import { z } from "zod";
import { pageCursorField, paginationJsonSchema } from "./hub-paging.ts";

const id = z.string().min(1).max(64);
const time = z.string().min(1).max(40);
const ids = (max: number) => z.array(id).min(1).max(max);

/** Seam's options whose only value the hub's behaviour matches; another value is refused, saying why. */
const seamCodeOptions = {
  use_backup_access_code_pool: z
    .literal(false, { error: "the hub has no pool of backup codes: leave use_backup_access_code_pool out" })
    .optional(),
  allow_external_modification: z
    .literal(false, {
      error: "the hub puts back a managed code changed at the lock: external modification is not allowed",
    })
    .optional(),
  is_external_modification_allowed: z
    .literal(false, {
      error: "the hub puts back a managed code changed at the lock: external modification is not allowed",
    })
    .optional(),
  use_offline_access_code: z
    .literal(false, {
      error: "the hub programs codes over the lock's radio; there are no offline (algorithmic) codes",
    })
    .optional(),
  is_offline_access_code: z
    .literal(false, {
      error: "the hub programs codes over the lock's radio; there are no offline (algorithmic) codes",
    })
    .optional(),
  attempt_for_offline_device: z
    .literal(true, {
      error: "the hub always keeps a code for an offline lock and sends it when the lock is back",
    })
    .optional(),
  prefer_native_scheduling: z
    .literal(true, {
      error: "every lock holds the code's window itself (native scheduling); there is no other way",
    })
    .optional(),
  behavior_when_code_cannot_be_shared: z
    .literal("throw", {
      error:
        "a common_code_key whose digits a lock cannot take is refused (throw); there is no other behaviour",
    })
    .optional(),
  max_time_rounding: z
    .enum(["1hour", "1day", "1h", "1d"])
    .optional()
    .describe("accepted and has no effect: the hub keeps starts_at/ends_at to the millisecond, never rounds"),
  is_one_time_use: z.boolean().optional().describe("true: max_uses 1 (the lock counts the use itself)"),
  preferred_code_length: z.number().int().min(4).max(12).optional(),
  sync: z
    .boolean()
    .optional()
    .describe("accepted; the answer never waits for the lock (status setting until it confirms)"),
};

/**
 * A list's `limit`. Seam's defaults are larger than the hub's pages (access_codes/list 55,000,
 * unmanaged/list 300,000): a larger one is taken and answered a page of at most 1,000
 * (MAX_SEAM_PAGE) with `has_next_page`, rather than refused.
 */
const pageLimit = z
  .number()
  .int()
  .min(1)
  .max(1_000_000)
  .optional()
  .describe("at most 1,000 a page: a larger limit answers 1,000 and has_next_page");
/** Seam's `search`: a part of the fields it names, in any case. */
const search = z.string().min(1).max(100).optional();

/** A code's digits as Seam takes them (the lock's own length rules are checked later, per lock). */
const codeDigits = z.string().regex(/^\d{4,12}$/, "code is 4–12 digits");

export const seamDeviceGetBody = z
  .object({
    device_id: id.optional(),
    name: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe(
        "instead of device_id: the lock of this name (its display_name; refused when several have it)",
      ),
  })
  .strict()
  .refine((b) => (b.device_id === undefined) !== (b.name === undefined), {
    message: "give device_id or name (one of them)",
    path: ["device_id"],
  });
const deviceName = z
  .string()
  .min(1)
  .max(100)
  .nullable()
  .describe("the hub's name for the lock; null gives back the host's name");
export const seamDeviceUpdateBody = z
  .object({
    device_id: id,
    name: deviceName.optional(),
    properties: z.object({ name: deviceName.optional() }).strict().optional(),
    is_managed: z
      .boolean()
      .optional()
      .describe(
        "false takes the lock off the hub's care (Seam's unmanaged device: its codes are deleted from it); true leaves it managed",
      ),
  })
  .strict()
  .refine((b) => b.name !== undefined || b.properties?.name !== undefined || b.is_managed !== undefined, {
    message: "give name (or properties.name) or is_managed: what the hub can change here",
    path: ["name"],
  })
  .refine((b) => b.name === undefined || b.properties?.name === undefined || b.name === b.properties.name, {
    message: "name and properties.name differ: give one",
    path: ["properties", "name"],
  });

export const seamUnmanagedDeviceUpdateBody = z
  .object({
    device_id: id,
    is_managed: z
      .boolean()
      .optional()
      .describe("true brings the lock back under the hub's care (read afresh, as at a first visit)"),
  })
  .strict();

/** Seam's device-type and manufacturer filters: any of Seam's names is taken; the hub's locks are only latchkey's. */
const seamName = z.string().regex(/^[a-z0-9_]{1,64}$/, "a Seam name such as latchkey_lock");
export const seamDevicesListBody = z
  .object({
    device_ids: ids(1000).optional(),
    device_type: seamName.optional().describe("latchkey_lock matches every lock; another type, none"),
    device_types: z.array(seamName).min(1).max(100).optional(),
    manufacturer: seamName.optional().describe("latchkey matches every lock; another manufacturer, none"),
    search: search.describe("part of device_id, display_name or location.location_name"),
    limit: pageLimit,
    page_cursor: pageCursorField.optional(),
  })
  .strict();
export const seamLockActionBody = z
  .object({
    device_id: id,
    sync: z.boolean().optional().describe("true: answer once the lock has answered (at most 20 s)"),
  })
  .strict();
export const seamActionAttemptGetBody = z.object({ action_attempt_id: id }).strict();
export const seamConfigureAutoLockBody = z
  .object({
    device_id: id,
    auto_lock_enabled: z.boolean(),
    auto_lock_delay_seconds: z
      .number()
      .int()
      .min(1)
      .max(86_400)
      .optional()
      .describe("the lock takes its model's delays (B-BOLT-7: 30–180 s; the 910 30, 60, 90, 120, 180)"),
    sync: z.boolean().optional().describe("true: answer once the lock has answered (at most 20 s)"),
  })
  .strict()
  .refine((b) => b.auto_lock_enabled || b.auto_lock_delay_seconds === undefined, {
    message: "auto_lock_delay_seconds is for auto_lock_enabled: true",
    path: ["auto_lock_delay_seconds"],
  });
export const seamActionAttemptsListBody = z
  .object({
    action_attempt_ids: ids(1000).optional(),
    device_id: id.optional(),
    limit: pageLimit,
    page_cursor: pageCursorField.optional(),
  })
  .strict();

export const seamAccessCodeCreateBody = z
  .object({
    device_id: id,
    name: z.string().min(1).max(100).optional().describe('default "Access code"'),
    code: codeDigits.optional(),
    starts_at: time.optional(),
    ends_at: time.optional(),
    common_code_key: z.string().min(1).max(100).optional(),
    ...seamCodeOptions,
  })
  .strict();
export const seamAccessCodeListBody = z
  .object({
    device_id: id.optional(),
    access_code_ids: ids(100).optional(),
    search: search.describe("part of name, code (as the caller sees it) or access_code_id"),
    limit: pageLimit,
    page_cursor: pageCursorField.optional(),
  })
  .strict();
export const seamAccessCodeGetBody = z
  .object({
    access_code_id: id.optional(),
    device_id: id.optional(),
    code: codeDigits
      .optional()
      .describe("with device_id, instead of access_code_id: the hub's code with these digits on that lock"),
  })
  .strict()
  .refine((b) => b.access_code_id !== undefined || (b.device_id !== undefined && b.code !== undefined), {
    message: "give access_code_id, or device_id and code",
    path: ["access_code_id"],
  })
  .refine((b) => b.access_code_id === undefined || b.code === undefined, {
    message: "give access_code_id or code, not both",
    path: ["code"],
  });
export const seamAccessCodeUpdateBody = z
  .object({
    access_code_id: id,
    device_id: id.optional().describe("move the code to this lock (one of the same site)"),
    name: z.string().min(1).max(100).optional(),
    code: codeDigits.optional(),
    starts_at: time.optional(),
    ends_at: time.optional(),
    type: z.enum(["ongoing", "time_bound"]).optional().describe("ongoing: drop starts_at/ends_at"),
    is_managed: z
      .literal(true, {
        error: "a code the hub made stays managed: delete it to take it off the lock instead",
      })
      .optional(),
    ...seamCodeOptions,
  })
  .strict();
export const seamAccessCodeDeleteBody = z
  .object({ access_code_id: id, device_id: id.optional(), sync: z.boolean().optional() })
  .strict();

export const seamGenerateCodeBody = z.object({ device_id: id }).strict();

/** An unmanaged code's id: `unmanaged_<slot>_<device_id>` (the hub knows a keypad code by its slot). */
export const UNMANAGED_ID = /^unmanaged_(\d{1,4})_(.{1,64})$/;
export const seamUnmanagedListBody = z
  .object({
    device_id: id,
    search: search.describe(
      "part of access_code_id (an unmanaged code has no name, and no digits the hub knows)",
    ),
    limit: pageLimit,
    page_cursor: pageCursorField.optional(),
  })
  .strict();
export const seamUnmanagedGetBody = z
  .object({
    access_code_id: z
      .string()
      .regex(UNMANAGED_ID, "an unmanaged code's id, unmanaged_<slot>_<device_id>")
      .describe(
        "as unmanaged/list gives it; by code it cannot be: the lock never reveals a keypad code's digits",
      ),
    device_id: id.optional(),
  })
  .strict();

/**
 * An event's id as events/list gives it: h<n> (history event n), a<n> (alert n raised), a<n>s
 * (the battery status alert n set), a<n>r (its end).
 */
const eventId = z
  .string()
  .regex(/^(h\d{1,15}|a\d{1,15}[rs]?)$/, "an event_id as events/list gives it (h<n>, a<n>, a<n>s, a<n>r)");
export const seamEventGetBody = z
  .object({
    event_id: eventId,
    device_id: id.optional(),
    event_type: z.string().min(1).max(100).optional(),
  })
  .strict();

export const seamWorkspaceGetBody = z.object({}).strict();

const eventType = z.string().regex(/^[a-z_]+(\.[a-z_]+){1,3}$/, "an event type such as lock.unlocked");
export const seamEventsListBody = z
  .object({
    event_ids: z
      .array(eventId)
      .min(1)
      .max(100)
      .optional()
      .describe("only these events (with since or between)"),
    device_id: id.optional(),
    device_ids: ids(100).optional(),
    access_code_id: id.optional(),
    access_code_ids: ids(100).optional(),
    event_type: eventType.optional(),
    event_types: z.array(eventType).min(1).max(50).optional(),
    since: time.optional(),
    between: z.tuple([time, time]).optional().describe("[from, until]"),
    limit: z.number().int().min(1).max(10_000).optional().describe("default 500"),
  })
  .strict()
  .refine((b) => (b.since === undefined) !== (b.between === undefined), {
    message: "give since or between (one of them)",
    path: ["since"],
  });

// ---- answers -----------------------------------------------------------------------------

const isoTime = z.string().describe("ISO 8601, UTC");
const seamError = z.object({ error_code: z.string(), message: z.string() }).catchall(z.unknown());
const seamWarning = z.object({ warning_code: z.string(), message: z.string() }).catchall(z.unknown());

export const seamDeviceJson = z.object({
  device_id: z.string(),
  device_type: z.literal("latchkey_lock"),
  display_name: z.string(),
  capabilities_supported: z.array(z.enum(["access_code", "lock", "battery"])),
  can_remotely_lock: z.boolean(),
  can_remotely_unlock: z.boolean(),
  can_configure_auto_lock: z.boolean().describe("the lock's model has auto-lock (B-BOLT-7)"),
  can_program_online_access_codes: z.boolean(),
  can_program_offline_access_codes: z.literal(false),
  can_unlock_with_code: z.literal(true).describe("every model's keypad codes unlock (B-CODE-6)"),
  is_managed: z.literal(true),
  workspace_id: z.literal("latchkey_hub").describe("one workspace: this hub"),
  device_manufacturer: z.object({ manufacturer: z.literal("latchkey"), display_name: z.string() }),
  space_ids: z.array(z.string()).max(0).describe("the hub has no Seam spaces: a lock's site is its location"),
  custom_metadata: z.object({}).strict().describe("the hub keeps none (devices/update refuses it)"),
  location: z
    .object({
      location_name: z.string(),
      time_zone: z.string(),
      timezone: z.string().describe("the same (Seam's older name)"),
    })
    .nullable(),
  created_at: isoTime,
  errors: z.array(seamError),
  warnings: z.array(seamWarning),
  properties: z.object({
    name: z.string(),
    appearance: z.object({ name: z.string() }).describe("the lock's name, as Seam has it"),
    online: z.boolean(),
    locked: z.boolean().optional(),
    door_open: z.boolean().optional(),
    battery_level: z.number().min(0).max(1).optional(),
    battery: z.object({ level: z.number(), status: z.enum(["critical", "low", "good", "full"]) }).optional(),
    manufacturer: z.literal("latchkey"),
    model: z
      .object({
        display_name: z.string(),
        manufacturer_display_name: z.string(),
        has_built_in_keypad: z.literal(true),
        online_access_codes_supported: z.literal(true),
        offline_access_codes_supported: z.literal(false),
        accessory_keypad_supported: z.literal(false),
        can_connect_accessory_keypad: z.literal(false),
      })
      .optional(),
    has_native_entry_events: z.literal(true),
    online_access_codes_enabled: z.literal(true),
    offline_access_codes_enabled: z.literal(false),
    supports_offline_access_codes: z.literal(false),
    supports_accessory_keypad: z.literal(false),
    supports_backup_access_code_pool: z.literal(false),
    auto_lock_enabled: z.boolean().optional().describe("as the hub knows the lock's settings"),
    auto_lock_delay_seconds: z.number().int().optional().describe("the delay in force when enabled"),
    supported_code_lengths: z.array(z.number().int()).optional(),
    max_active_codes_supported: z.number().int().optional(),
    code_constraints: z.array(
      z.object({
        constraint_type: z.string(),
        min_length: z.number().optional(),
        max_length: z.number().optional(),
      }),
    ),
  }),
});

/** Seam's `pending_mutations`: what the hub is still pushing to the lock (seam-rpc.ts, pendingMutations). */
const seamPendingMutation = z.discriminatedUnion("mutation_code", [
  z.object({ mutation_code: z.literal("creating"), message: z.string(), created_at: isoTime }),
  z.object({
    mutation_code: z.literal("deferring_creation"),
    message: z.string(),
    created_at: isoTime,
    scheduled_at: isoTime.describe("when the hub sends it: starts_at less the code's lead time"),
  }),
  z.object({ mutation_code: z.literal("deleting"), message: z.string(), created_at: isoTime }),
]);

export const seamAccessCodeJson = z.object({
  access_code_id: z.string(),
  workspace_id: z.literal("latchkey_hub").describe("one workspace: this hub"),
  device_id: z.string(),
  name: z.string(),
  code: z.string(),
  type: z.enum(["ongoing", "time_bound"]),
  status: z.enum(["unset", "setting", "set", "removing"]),
  starts_at: isoTime.optional(),
  ends_at: isoTime.optional(),
  created_at: isoTime,
  common_code_key: z.string().nullable(),
  is_managed: z.literal(true),
  is_one_time_use: z.boolean(),
  is_scheduled_on_device: z.boolean(),
  is_waiting_for_code_assignment: z.boolean(),
  is_external_modification_allowed: z.literal(false),
  is_offline_access_code: z.literal(false),
  is_backup_access_code_available: z.literal(false),
  is_backup: z.literal(false),
  pulled_backup_access_code_id: z.null(),
  pending_mutations: z.array(seamPendingMutation),
  errors: z.array(seamError),
  warnings: z.array(seamWarning),
});
export type SeamAccessCodeJson = z.infer<typeof seamAccessCodeJson>;

export const seamActionAttemptJson = z.object({
  action_attempt_id: z.string(),
  action_type: z.enum(["LOCK_DOOR", "UNLOCK_DOOR", "CONFIGURE_AUTO_LOCK"]),
  status: z.enum(["pending", "success", "error"]),
  result: z.object({}).nullable(),
  error: z.object({ type: z.string(), message: z.string() }).nullable(),
});
export type SeamActionAttemptJson = z.infer<typeof seamActionAttemptJson>;

export const seamUnmanagedAccessCodeJson = z.object({
  access_code_id: z.string().describe("unmanaged_<slot>_<device_id>"),
  workspace_id: z.literal("latchkey_hub").describe("one workspace: this hub"),
  device_id: z.string(),
  name: z.null().describe("a keypad code has no name"),
  code: z.null().describe("the lock never reveals a keypad code's digits"),
  type: z.literal("ongoing").describe("keypad programming gives a code no window"),
  status: z.literal("set"),
  display_status: z.literal("set"),
  is_managed: z.literal(false),
  created_at: isoTime.describe("when the hub learnt of it (the lock's report or its code-table read)"),
  slot: z.number().int().describe("the lock's slot that holds it (the REST API's adopt path names it)"),
  latchkey_source: z
    .string()
    .describe("how the hub learnt of it, as the REST API's unmanaged_codes[].source"),
  errors: z.array(seamError),
  warnings: z.array(seamWarning),
});
export type SeamUnmanagedAccessCodeJson = z.infer<typeof seamUnmanagedAccessCodeJson>;

export const seamGeneratedCodeJson = z.object({
  device_id: z.string(),
  code: z.string().describe("digits the hub would choose now; nothing is made or kept"),
});

export const seamWorkspaceJson = z.object({
  workspace_id: z.literal("latchkey_hub").describe("one workspace: this hub"),
  name: z.string(),
  company_name: z.string(),
  is_sandbox: z.literal(false),
  is_suspended: z.literal(false),
  is_publishable_key_auth_enabled: z.literal(false),
  connect_partner_name: z.null(),
  organization_id: z.null(),
  connect_webview_customization: z.object({}),
});

export const seamEventJson = z.object({
  event_id: z
    .string()
    .describe(
      "h<n>: history event n; a<n>: alert n raised; a<n>s: the battery status alert n set; a<n>r: alert n over",
    ),
  event_type: z.string(),
  workspace_id: z.literal("latchkey_hub").describe("one workspace: this hub"),
  device_id: z.string().nullable(),
  access_code_id: z.string().optional(),
  access_code_is_managed: z
    .literal(true)
    .optional()
    .describe("lock.locked/unlocked with access_code_id: the code is one the hub manages"),
  method: z.enum(["keycode", "manual", "automatic", "remote", "unknown"]).optional(),
  battery_level: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe(
      "device.low_battery, device.battery_status_changed: the level the hub read when the status changed (0–1)",
    ),
  battery_status: z
    .enum(["critical", "low", "good", "full"])
    .optional()
    .describe("device.battery_status_changed: the status from then on"),
  device_battery_level: z.number().min(0).max(1).optional().describe("the same (Seam's newer name)"),
  error_code: z.literal("device_offline").optional().describe("device.disconnected"),
  device_errors: z
    .array(seamError)
    .optional()
    .describe("device.disconnected, access_code.failed_to_set_on_device"),
  device_warnings: z.array(seamWarning).optional(),
  connected_account_errors: z
    .array(seamError)
    .max(0)
    .optional()
    .describe("none: the hub has no connected accounts"),
  connected_account_warnings: z.array(seamWarning).max(0).optional(),
  access_code_errors: z.array(seamError).optional().describe("access_code.failed_to_set_on_device"),
  access_code_warnings: z.array(seamWarning).optional(),
  occurred_at: isoTime,
  created_at: isoTime,
});
export type SeamEventJson = z.infer<typeof seamEventJson>;

export const seamErrorBody = z
  .object({
    error: z.object({
      type: z.string().describe("Seam's error type (invalid_input, device_not_found, …)"),
      message: z.string(),
      latchkey_code: z.string().describe("the hub API's own stable code for the same refusal"),
      request_id: z.string(),
    }),
    ok: z.literal(false),
  })
  .describe("A refusal in Seam's shape; a refusal changes nothing");

const ok = { ok: z.literal(true) };
/** A lock taken off the hub's care, as Seam's unmanaged device: the device's fields, `is_managed: false`. */
export const seamUnmanagedDeviceJson = seamDeviceJson.extend({ is_managed: z.literal(false) });

export const seamAnswers = {
  unmanagedDevice: z.object({ device: seamUnmanagedDeviceJson, ...ok }),
  unmanagedDevices: z.object({
    devices: z.array(seamUnmanagedDeviceJson),
    pagination: paginationJsonSchema,
    ...ok,
  }),
  device: z.object({ device: seamDeviceJson, ...ok }),
  devices: z.object({ devices: z.array(seamDeviceJson), pagination: paginationJsonSchema, ...ok }),
  lock: z.object({ device: seamDeviceJson, lock: seamDeviceJson, ...ok }),
  locks: z.object({
    devices: z.array(seamDeviceJson),
    locks: z.array(seamDeviceJson),
    pagination: paginationJsonSchema,
    ...ok,
  }),
  actionAttempt: z.object({ action_attempt: seamActionAttemptJson, ...ok }),
  accessCode: z.object({ access_code: seamAccessCodeJson, ...ok }),
  accessCodeUpdated: z.object({
    access_code: seamAccessCodeJson,
    replaced_access_code_id: z
      .string()
      .describe("the id the code had: an update is a replacement with a new id"),
    ...ok,
  }),
  accessCodes: z.object({
    access_codes: z.array(seamAccessCodeJson),
    pagination: paginationJsonSchema,
    ...ok,
  }),
  deleted: z.object({ ...ok }),
  updated: z.object({ ...ok }),
  events: z.object({ events: z.array(seamEventJson), ...ok }),
  event: z.object({ event: seamEventJson, ...ok }),
  actionAttempts: z.object({
    action_attempts: z.array(seamActionAttemptJson),
    pagination: paginationJsonSchema,
    ...ok,
  }),
  generatedCode: z.object({ generated_code: seamGeneratedCodeJson, ...ok }),
  unmanagedAccessCode: z.object({ access_code: seamUnmanagedAccessCodeJson, ...ok }),
  unmanagedAccessCodes: z.object({
    access_codes: z.array(seamUnmanagedAccessCodeJson),
    pagination: paginationJsonSchema,
    ...ok,
  }),
  workspace: z.object({ workspace: seamWorkspaceJson, ...ok }),
};
