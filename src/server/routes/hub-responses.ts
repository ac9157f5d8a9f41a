/**
 * What the hub API answers, as zod schemas: the OpenAPI document is made from them
 * (`hub-route-docs.ts`), and the functions in `hub-api.ts` that shape answers are typed by
 * them, so the document cannot say one thing while the server sends another.
 */
import { z } from "zod";

const time = z.string().describe("ISO 8601, UTC");
const issue = z.object({ code: z.string(), message: z.string() });

export const hubErrorBody = z
  .object({ error: z.object({ code: z.string(), message: z.string() }) })
  .describe("A refusal: a stable code and a sentence; a refusal changes nothing");

export const lockCodeJson = z.object({
  lock_id: z.string(),
  lock_name: z
    .string()
    .nullable()
    .describe(
      "the lock's name in the hub (a guest cannot list locks); null once the hub no longer manages it",
    ),
  status: z.enum(["setting", "set", "removing", "removed", "failed"]),
  slot: z.number().int().nullable(),
  errors: z.array(issue.extend({ slot: z.number().int().optional() })),
  warnings: z.array(issue),
  updated_at: time.nullable(),
});

export const accessCodeJsonSchema = z.object({
  id: z.string(),
  access_code_id: z.string().describe("the same as id, under Seam's name"),
  name: z.string(),
  code: z.string(),
  type: z.enum(["ongoing", "time_bound"]),
  status: z
    .enum(["setting", "set", "removing", "removed", "failed"])
    .describe("failed if any lock failed, else removing, else setting, else set"),
  is_generated: z.boolean(),
  is_managed: z
    .literal(true)
    .describe("Seam's flag: a code the hub made or adopted (keypad codes are a lock's unmanaged_codes)"),
  is_one_time_use: z.boolean().describe("max_uses is 1"),
  is_scheduled_on_device: z
    .boolean()
    .describe(
      "the code has a window (starts_at/ends_at or weekly) and every lock holds it with that window (set), so the lock itself enforces it",
    ),
  starts_at: time.nullable(),
  ends_at: time.nullable(),
  weekly: z.object({ days: z.array(z.string()), start_time: z.string(), end_time: z.string() }).nullable(),
  max_uses: z.number().int().nullable(),
  uses: z.number().int(),
  common_code_key: z.string().nullable(),
  person_id: z.string().nullable(),
  site_id: z.string(),
  site_time_zone: z
    .string()
    .describe(
      "the site's IANA time zone, in which starts_at/ends_at were meant and weekly hours are read (a guest, who lists no site, reads it here)",
    ),
  lead_time_minutes: z.number().int(),
  created_at: time.nullable(),
  deleted_at: time.nullable(),
  errors: z
    .array(issue.extend({ lock_id: z.string(), slot: z.number().int().optional() }))
    .describe("every lock's errors, each with its lock_id (Seam reads errors on the code)"),
  warnings: z.array(issue),
  locks: z.array(lockCodeJson),
});
export type AccessCodeJson = z.infer<typeof accessCodeJsonSchema>;

export const hubLockJsonSchema = z.object({
  lock_id: z.string().describe("the host's lock id"),
  site_id: z.string(),
  name: z.string(),
  model: z.string().nullable(),
  online: z.boolean(),
  paired: z.boolean(),
  removed_at: time
    .nullable()
    .describe(
      "when the host deleted this lock: it holds no codes, none reads set on it and the hub sends it nothing until a lock is made again under its id; null while the host has it",
    ),
  managed: z
    .boolean()
    .describe("false once a person took the lock off the hub's care (PATCH with managed: false)"),
  unmanaged_at: time
    .nullable()
    .describe("when a person took the lock off the hub's care; null while the hub manages it"),
  battery: z.object({ percent: z.number(), volts: z.number(), level: z.string() }).nullable(),
  bolt: z.string().nullable(),
  firmware_version: z
    .string()
    .nullable()
    .describe("the version the lock last said it runs (issue 14); null until it said"),
  firmware_update_available: z
    .string()
    .nullable()
    .describe("the newest release for the lock's model when the lock runs older, else null"),
  code_rules: z
    .object({
      minLength: z.number().int(),
      maxLength: z.number().int(),
      capacity: z.number().int(),
      uniquePrefixDigits: z.number().int().nullable().optional(),
    })
    .nullable(),
  unmanaged_codes: z.array(
    z.object({ slot: z.number().int(), detected_at: time.nullable(), source: z.string() }),
  ),
});
export type HubLockJson = z.infer<typeof hubLockJsonSchema>;

export const personJsonSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(["owner", "manager", "guest"]),
  site_ids: z.array(z.string()),
  created_at: time.nullable(),
  revoked_at: time.nullable().describe("when the person's access was revoked; null while they have it"),
});
export type PersonJson = z.infer<typeof personJsonSchema>;

export const siteJsonSchema = z.object({
  id: z.string(),
  name: z.string(),
  time_zone: z.string(),
  created_at: time.nullable(),
});

export const hubEventJsonSchema = z.object({
  id: z.number().int(),
  at: time.nullable(),
  site_id: z.string().nullable(),
  lock_id: z.string().nullable(),
  person_id: z.string().nullable(),
  access_code_id: z.string().nullable(),
  kind: z.string(),
  source: z.string(),
  slot: z.number().int().nullable(),
  detail: z.string().nullable(),
  delivered_late: z
    .boolean()
    .describe(
      "true when the hub read it from the lock's own log after the link came back (B-NET-5); `at` is when the lock recorded it",
    ),
});
export type HubEventJson = z.infer<typeof hubEventJsonSchema>;

export const alertJsonSchema = z.object({
  id: z.number().int(),
  at: time.nullable(),
  lock_id: z.string().nullable(),
  site_id: z.string().nullable(),
  kind: z.string(),
  message: z.string(),
  resolved_at: time.nullable(),
});

export const webhookJsonSchema = z.object({
  id: z.string(),
  url: z.string(),
  kinds: z.array(z.string()),
  created_at: time.nullable(),
});

export const deliveryJsonSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  status: z.enum(["pending", "delivered", "failed"]),
  attempts: z.number().int(),
  next_attempt_at: time.nullable(),
  last_status_code: z.number().int().nullable(),
  last_error: z.string().nullable(),
  created_at: time.nullable(),
  delivered_at: time.nullable(),
});

export const accessCodeAnswer = z.object({ access_code: accessCodeJsonSchema });
export const lockAnswer = z.object({ lock: hubLockJsonSchema });
export const personAnswer = z.object({ person: personJsonSchema });
