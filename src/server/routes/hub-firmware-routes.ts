/**
 * The hub's firmware routes under /api/hub/v1 (issue 14): the releases it can send, one lock's
 * update and its status, and staged rollouts with their reports. Same rules as the rest of the
 * hub API: zod-checked inputs, every call authorised by the hub (rollouts and publishing are
 * the owner's), refusals `{ error: { code, message } }` that change nothing. An update takes
 * the radio's time (minutes over Z-Wave), so starting one answers 202 and its status is read
 * back with GET.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import type {
  Actor,
  CatalogRelease,
  FirmwareUpdateRow,
  Hub,
  Outcome,
  RolloutReport,
  RolloutRow,
} from "../../hub/index.ts";
import {
  createRolloutBody,
  firmwareLockParams,
  lockFirmwareUpdateBody,
  publishReleaseBody,
  rolloutParams,
} from "./hub-firmware-schemas.ts";
import type {
  firmwareUpdateJsonSchema,
  releaseJsonSchema,
  rolloutJsonSchema,
  rolloutSummaryJsonSchema,
} from "./hub-firmware-schemas.ts";

export interface FirmwareRoutesOptions {
  readonly hub: Hub;
  readonly actorOf: (req: FastifyRequest) => Promise<Actor>;
  readonly parse: <S extends z.ZodType>(schema: S, value: unknown, where: string) => z.output<S>;
  readonly unwrap: <T>(outcome: Outcome<T>) => T;
  readonly fail: (status: number, code: string, message: string) => Error;
  readonly prefix: string;
}

/** Refusals that clash with the lock's or the hub's state now (409), beyond hub-api's own. */
export const FIRMWARE_CONFLICTS: ReadonlySet<string> = new Set([
  "lock.offline",
  "lock.unpaired",
  "lock.no-radio",
  "lock.battery-low",
  "firmware.up-to-date",
  "firmware.downgrade",
  "firmware.update-in-progress",
  "firmware.release-exists",
  "firmware.no-key",
  "firmware_rollout.no-targets",
]);

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function releaseJson(r: CatalogRelease): z.infer<typeof releaseJsonSchema> {
  return {
    profile: r.profileId,
    version: r.version,
    changes: [...r.changes],
    boards: r.boards ? [...r.boards] : null,
    program_bytes: r.programBytes,
    origin: r.origin,
    published_at: iso(r.publishedAtMs),
  };
}

export function firmwareUpdateJson(u: FirmwareUpdateRow): z.infer<typeof firmwareUpdateJsonSchema> {
  return {
    id: u.id,
    lock_id: u.lockId,
    version: u.version,
    status: u.status,
    error: u.code === null ? null : { code: u.code, message: u.reason ?? "" },
    previous_version: u.previousVersion,
    rollout_id: u.rolloutId,
    created_at: iso(u.createdAtMs)!,
    started_at: iso(u.startedAtMs),
    finished_at: iso(u.finishedAtMs),
  };
}

export function rolloutSummaryJson(r: RolloutRow): z.infer<typeof rolloutSummaryJsonSchema> {
  return {
    id: r.id,
    profile: r.profileId,
    version: r.version,
    status: r.status,
    stage: r.stage,
    stages_percent: [...r.stagesPercent],
    failure_threshold_percent: r.thresholdBp / 100,
    concurrency: r.concurrency,
    halted_reason: r.haltedReason,
    created_by: r.createdBy,
    created_at: iso(r.createdAtMs)!,
    finished_at: iso(r.finishedAtMs),
    cancelled_by: r.cancelledBy,
    cancelled_at: iso(r.cancelledAtMs),
  };
}

export function rolloutJson(report: RolloutReport): z.infer<typeof rolloutJsonSchema> {
  return {
    ...rolloutSummaryJson(report.rollout),
    targets: report.targets,
    stages: report.stages.map((s) => ({
      stage: s.stage,
      percent: s.percent,
      size: s.size,
      updated: s.updated,
      failed: s.failed,
      skipped: s.skipped,
      pending: s.pending,
      failure_rate_percent: Math.round(s.failureRate * 10_000) / 100,
    })),
    report: {
      updated: [...report.updated],
      rolled_back: report.rolledBack.map((r) => ({ lock_id: r.lockId, reason: r.reason })),
      failed: report.failed.map((r) => ({ lock_id: r.lockId, code: r.code, reason: r.reason })),
      never_tried: report.neverTried.map((r) => ({
        lock_id: r.lockId,
        status: r.status,
        code: r.code,
        reason: r.reason,
      })),
    },
  };
}

/** Registers the firmware routes (called once from hub-api.ts, before its catch-all). */
export async function hubFirmwareRoutes(app: FastifyInstance, options: FirmwareRoutesOptions): Promise<void> {
  const { hub, actorOf, parse, fail } = options;
  const unwrap = <T>(outcome: Outcome<T>): T => {
    if (!outcome.ok && FIRMWARE_CONFLICTS.has(outcome.code)) throw fail(409, outcome.code, outcome.reason);
    return options.unwrap(outcome);
  };
  const route = (
    method: "GET" | "POST",
    url: string,
    handle: (actor: Actor, req: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
    bodyLimit = 16 * 1024,
  ): void => {
    app.route({
      method,
      url: `${options.prefix}${url}`,
      bodyLimit,
      handler: async (req, reply) => handle(await actorOf(req), req, reply),
    });
  };

  route("GET", "/firmware/releases", async (actor) => {
    const r = unwrap(await hub.firmware.listReleases(actor));
    return { releases: r.releases.map(releaseJson), public_key: r.publicKey };
  });
  route(
    "POST",
    "/firmware/releases",
    async (actor, req, reply) => {
      const b = parse(publishReleaseBody, req.body, "body");
      const release = unwrap(
        await hub.firmware.publishRelease(actor, {
          profileId: b.profile,
          version: b.version,
          changes: b.changes,
          ...(b.boards ? { boards: b.boards } : {}),
          ...(b.program_bytes === undefined ? {} : { programBytes: b.program_bytes }),
        }),
      );
      void reply.code(201);
      return { release: releaseJson(release) };
    },
    64 * 1024,
  );
  route("POST", "/locks/:lock_id/firmware_update", async (actor, req, reply) => {
    const p = parse(firmwareLockParams, req.params, "path");
    const b = parse(lockFirmwareUpdateBody, req.body, "body");
    const row = unwrap(
      await hub.firmware.updateLock(actor, p.lock_id, {
        ...(b.version === undefined ? {} : { version: b.version }),
        ...(b.allow_downgrade === undefined ? {} : { allowDowngrade: b.allow_downgrade }),
      }),
    );
    void reply.code(202);
    return { firmware_update: firmwareUpdateJson(row) };
  });
  route("GET", "/locks/:lock_id/firmware_update", async (actor, req) => {
    const p = parse(firmwareLockParams, req.params, "path");
    return { firmware_update: firmwareUpdateJson(unwrap(await hub.firmware.latestUpdate(actor, p.lock_id))) };
  });
  route(
    "POST",
    "/firmware_rollouts",
    async (actor, req, reply) => {
      const b = parse(createRolloutBody, req.body, "body");
      const report = unwrap(
        await hub.firmware.startRollout(actor, {
          profileId: b.profile,
          version: b.version,
          ...(b.lock_ids ? { lockIds: b.lock_ids } : {}),
          ...(b.site_id ? { siteId: b.site_id } : {}),
          ...(b.failure_threshold_percent === undefined
            ? {}
            : { failureThreshold: b.failure_threshold_percent / 100 }),
          ...(b.stages_percent ? { stagesPercent: b.stages_percent } : {}),
          ...(b.concurrency === undefined ? {} : { concurrency: b.concurrency }),
          ...(b.allow_downgrade === undefined ? {} : { allowDowngrade: b.allow_downgrade }),
        }),
      );
      void reply.code(201);
      return { firmware_rollout: rolloutJson(report) };
    },
    1024 * 1024, // up to 10,000 lock ids
  );
  route("GET", "/firmware_rollouts", async (actor) => ({
    firmware_rollouts: unwrap(await hub.firmware.listRollouts(actor)).map(rolloutSummaryJson),
  }));
  route("POST", "/firmware_rollouts/:firmware_rollout_id/cancel", async (actor, req) => {
    const p = parse(rolloutParams, req.params, "path");
    return {
      firmware_rollout: rolloutJson(unwrap(await hub.firmware.cancelRollout(actor, p.firmware_rollout_id))),
    };
  });
  route("GET", "/firmware_rollouts/:firmware_rollout_id", async (actor, req) => {
    const p = parse(rolloutParams, req.params, "path");
    return {
      firmware_rollout: rolloutJson(unwrap(await hub.firmware.rolloutReport(actor, p.firmware_rollout_id))),
    };
  });
}
