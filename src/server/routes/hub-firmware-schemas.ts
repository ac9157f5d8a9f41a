/**
 * The firmware routes' inputs and answers as zod schemas (issue 14): the handlers check with
 * them (hub-firmware-routes.ts) and the OpenAPI document is made from them
 * (hub-firmware-docs.ts), so the two cannot disagree.
 */
import { z } from "zod";
import { BOARD_REVISIONS } from "../../core/update/firmware-image.ts";
import { UPDATE_STATUSES } from "../../hub/index.ts";

const id = z.string().min(1).max(64);
const time = z.string().describe("ISO 8601, UTC");
const profile = z
  .string()
  .regex(/^[a-z0-9-]{1,40}$/, "profile is a model id, e.g. halo")
  .describe("the lock model (profile id)");
const version = z
  .string()
  .regex(/^(0|[1-9]\d{0,4})\.(0|[1-9]\d{0,4})\.(0|[1-9]\d{0,4})$/, "version is MAJOR.MINOR.PATCH");

export const firmwareLockParams = z.object({ lock_id: id }).strict();
export const rolloutParams = z.object({ firmware_rollout_id: id }).strict();

export const publishReleaseBody = z
  .object({
    profile,
    version,
    changes: z.array(z.string().min(1).max(300)).min(1).max(50).describe("release notes"),
    boards: z
      .array(z.enum(BOARD_REVISIONS))
      .min(1)
      .max(BOARD_REVISIONS.length)
      .optional()
      .describe("board revisions the build is for; absent: every one (on others it fails its self-test)"),
    program_bytes: z
      .number()
      .int()
      .min(256)
      .max(96 * 1024)
      .optional()
      .describe("size of the program (default 24 KiB)"),
  })
  .strict();

export const lockFirmwareUpdateBody = z
  .object({
    version: version.optional().describe("default: the newest release for the lock's model"),
    allow_downgrade: z.boolean().optional(),
  })
  .strict();

export const createRolloutBody = z
  .object({
    profile,
    version,
    lock_ids: z
      .array(id)
      .min(1)
      .max(10_000)
      .optional()
      .describe("only these locks (default: every lock of the model)"),
    site_id: id.optional(),
    failure_threshold_percent: z
      .number()
      .min(0)
      .lt(100)
      .optional()
      .describe("a stage whose failure rate is above this halts the rollout (default 2)"),
    stages_percent: z
      .array(z.number().gt(0).max(100))
      .min(1)
      .max(10)
      .optional()
      .describe("cumulative share of the target locks each stage reaches (default [1, 10, 100])"),
    concurrency: z.number().int().min(1).max(64).optional().describe("locks updated at once (default 16)"),
    allow_downgrade: z.boolean().optional(),
  })
  .strict();

const issue = z.object({ code: z.string(), message: z.string() });

export const releaseJsonSchema = z.object({
  profile: z.string(),
  version: z.string(),
  changes: z.array(z.string()),
  boards: z.array(z.enum(BOARD_REVISIONS)).nullable(),
  program_bytes: z.number().int(),
  origin: z
    .enum(["firmware", "published"])
    .describe("the firmware's own release table, or a build published on this hub"),
  published_at: time.nullable(),
});

export const firmwareUpdateJsonSchema = z.object({
  id: z.string(),
  lock_id: z.string(),
  version: z.string(),
  status: z
    .enum(UPDATE_STATUSES)
    .describe("pending → sending → verifying → updated | rolled-back | failed; skipped: never tried"),
  error: issue.nullable().describe("why it rolled back, failed or was skipped (a stable code)"),
  previous_version: z.string().nullable(),
  rollout_id: z.string().nullable(),
  created_at: time,
  started_at: time.nullable(),
  finished_at: time.nullable(),
});

const rolloutFields = {
  id: z.string(),
  profile: z.string(),
  version: z.string(),
  status: z.enum(["running", "halted", "completed", "cancelled"]),
  stage: z.number().int().describe("the stage running now, or where it halted or ended (from 0)"),
  stages_percent: z.array(z.number()),
  failure_threshold_percent: z.number(),
  concurrency: z.number().int(),
  halted_reason: z.string().nullable(),
  created_by: z.string().nullable(),
  created_at: time,
  finished_at: time.nullable(),
  /** Who cancelled the rollout by hand (a person id) and when; null unless cancelled. */
  cancelled_by: z.string().nullable(),
  cancelled_at: time.nullable(),
};

export const rolloutSummaryJsonSchema = z.object(rolloutFields);

export const rolloutJsonSchema = z.object({
  ...rolloutFields,
  targets: z.number().int(),
  stages: z.array(
    z.object({
      stage: z.number().int(),
      percent: z.number(),
      size: z.number().int(),
      updated: z.number().int(),
      failed: z.number().int().describe("rolled back or failed"),
      skipped: z.number().int(),
      pending: z.number().int(),
      failure_rate_percent: z.number(),
    }),
  ),
  report: z.object({
    updated: z.array(z.string()).describe("lock ids now running the version"),
    rolled_back: z.array(z.object({ lock_id: z.string(), reason: z.string().nullable() })),
    failed: z.array(
      z.object({ lock_id: z.string(), code: z.string().nullable(), reason: z.string().nullable() }),
    ),
    never_tried: z
      .array(
        z.object({
          lock_id: z.string(),
          status: z.string(),
          code: z.string().nullable(),
          reason: z.string().nullable(),
        }),
      )
      .describe("halted first, out of reach, already current, or not their turn yet"),
  }),
});
