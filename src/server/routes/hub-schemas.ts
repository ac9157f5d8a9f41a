/**
 * Request schemas of the hub API (/api/hub/v1, issue 10 item 8), names after Seam's where they
 * fit (`lock_ids`, `starts_at`, `ends_at`, `max_uses`, `common_code_key`). Every body and query
 * is checked here, bounded in size and count, before the hub sees it.
 */
import { z } from "zod";
import { decimalInt } from "../decimal-int.ts";
import type { NewAccessCode } from "../../hub/index.ts";
import { pageCursorField } from "./hub-paging.ts";

const id = z.string().min(1).max(64);
const weekday = z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);

export const createAccessCodeBody = z
  .object({
    lock_ids: z.array(id).min(1).max(10_000),
    name: z.string().min(1).max(100),
    code: z.string().min(1).max(12).optional(),
    starts_at: z.string().min(1).max(40).optional(),
    ends_at: z.string().min(1).max(40).optional(),
    weekly: z
      .object({
        days: z.array(weekday).min(1).max(7),
        start_time: z.string().max(5),
        end_time: z.string().max(5),
      })
      .strict()
      .optional(),
    max_uses: z.number().int().min(1).max(10_000).optional(),
    common_code_key: z.string().min(1).max(100).optional(),
    person_id: id.optional(),
    lead_time_minutes: z.number().int().min(0).max(43_200).optional(),
    preferred_code_length: z.number().int().min(4).max(12).optional(),
  })
  .strict();
export type CreateAccessCodeBody = z.infer<typeof createAccessCodeBody>;

export const accessCodeParams = z.object({ access_code_id: id }).strict();
export const lockParams = z.object({ lock_id: id }).strict();
export const personParams = z.object({ person_id: id }).strict();
export const apiTokenParams = z.object({ person_id: id, api_token_id: id }).strict();
/** An API token as listed: never its secret or hash. */
export const apiTokenJsonSchema = z.object({
  id: z.string(),
  person_id: z.string(),
  label: z.string(),
  created_at: z.string(),
});
export const adoptParams = z.object({ lock_id: id, slot: decimalInt(1, 250) }).strict();

export const listAccessCodesQuery = z
  .object({
    lock_id: id.optional(),
    person_id: id.optional(),
    limit: decimalInt(1, 1000).optional().describe("default 1000"),
    page_cursor: pageCursorField.optional(),
  })
  .strict();

/** `GET /people`, `/sites`, `/locks`: every one without `limit` (as before paging came). */
export const listPageQuery = z
  .object({
    limit: decimalInt(1, 1000).optional().describe("default: all"),
    page_cursor: pageCursorField.optional(),
  })
  .strict();

export const addLockBody = z
  .object({ lock_id: id, site_id: id, name: z.string().min(1).max(100).optional() })
  .strict();
export const locksListQuery = listPageQuery
  .extend({
    managed: z
      .enum(["true", "false"])
      .optional()
      .describe(
        "false: the locks taken off the hub's care instead (Seam's devices/unmanaged/list); default true",
      ),
  })
  .strict();
export const renameLockBody = z
  .object({
    name: z
      .string()
      .min(1)
      .max(100)
      .nullable()
      .optional()
      .describe("the hub's name for the lock; null gives back the host's name"),
    managed: z
      .boolean()
      .optional()
      .describe(
        "false takes the lock off the hub's care (its codes are deleted from it, its alerts close, it leaves GET /locks); true brings it back, read afresh as at a first visit",
      ),
  })
  .strict()
  .refine((b) => b.name !== undefined || b.managed !== undefined, {
    message: "give name, managed, or both",
  });
export const createSiteBody = z
  .object({ name: z.string().min(1).max(100), time_zone: z.string().min(1).max(64), id: id.optional() })
  .strict();
export const createPersonBody = z
  .object({
    name: z.string().min(1).max(100),
    role: z.enum(["owner", "manager", "guest"]),
    site_ids: z.array(id).max(1000).optional(),
    id: id.optional(),
  })
  .strict();
export const createTokenBody = z.object({ label: z.string().min(1).max(100).optional() }).strict();
export const adoptBody = z
  .object({ name: z.string().min(1).max(100), code: z.string().min(1).max(12), person_id: id.optional() })
  .strict();

export const listEventsQuery = z
  .object({
    lock_id: id.optional(),
    person_id: id.optional(),
    kind: z.string().min(1).max(400).optional(), // comma-separated
    since: z.string().min(1).max(40).optional(),
    until: z.string().min(1).max(40).optional(),
    limit: decimalInt(1, 10_000).optional(),
    before_id: decimalInt(1, Number.MAX_SAFE_INTEGER).optional(),
    page_cursor: pageCursorField.optional().describe("pagination.next_page_cursor (instead of before_id)"),
    format: z.enum(["json", "csv"]).optional(),
  })
  .strict();

export const listAlertsQuery = z
  .object({
    lock_id: id.optional(),
    kind: z
      .string()
      .min(1)
      .max(400)
      .optional()
      .describe(
        "comma-separated; a kind also matches its per-code kinds (code.sync-failed → code.sync-failed:<id>)",
      ),
    limit: decimalInt(1, 10_000).optional().describe("default 100"),
    before_id: decimalInt(1, Number.MAX_SAFE_INTEGER).optional().describe("the next page after this alert"),
    page_cursor: pageCursorField.optional().describe("pagination.next_page_cursor (instead of before_id)"),
  })
  .strict();

export const createWebhookBody = z
  .object({
    url: z.string().min(1).max(2000),
    kinds: z
      .array(z.enum(["alert", "access_code.lock_status"]))
      .max(10)
      .optional(),
  })
  .strict();
export const webhookParams = z.object({ webhook_id: id }).strict();

export const setupBody = z
  .object({
    token: z.string().min(1).max(200),
    name: z.string().min(1).max(100),
    password: z.string().min(1).max(200),
    id: id.optional(),
  })
  .strict();
export const signInBody = z.object({ person_id: id, password: z.string().min(1).max(200) }).strict();
export const passwordBody = z.object({ password: z.string().min(1).max(200) }).strict();

/** A create-code body (snake_case, optional fields absent) as the hub's NewAccessCode. */
export function newAccessCodeOf(b: z.infer<typeof createAccessCodeBody>): NewAccessCode {
  return {
    lockIds: b.lock_ids,
    name: b.name,
    ...(b.code === undefined ? {} : { code: b.code }),
    ...(b.starts_at === undefined ? {} : { startsAt: b.starts_at }),
    ...(b.ends_at === undefined ? {} : { endsAt: b.ends_at }),
    ...(b.weekly === undefined
      ? {}
      : { weekly: { days: b.weekly.days, startTime: b.weekly.start_time, endTime: b.weekly.end_time } }),
    ...(b.max_uses === undefined ? {} : { maxUses: b.max_uses }),
    ...(b.common_code_key === undefined ? {} : { commonCodeKey: b.common_code_key }),
    ...(b.person_id === undefined ? {} : { personId: b.person_id }),
    ...(b.lead_time_minutes === undefined ? {} : { leadTimeMinutes: b.lead_time_minutes }),
    ...(b.preferred_code_length === undefined ? {} : { preferredCodeLength: b.preferred_code_length }),
  };
}
