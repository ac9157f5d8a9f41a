/**
 * The firmware routes (hub-firmware-routes.ts) in /api/openapi.json, from the zod schemas the
 * handlers check with and answer in (hub-firmware-schemas.ts).
 */
import { z } from "zod";
import type { HubRouteDoc } from "./hub-route-docs.ts";
import { FIRMWARE_CONFLICTS } from "./hub-firmware-routes.ts";
import {
  createRolloutBody,
  firmwareLockParams,
  firmwareUpdateJsonSchema,
  lockFirmwareUpdateBody,
  publishReleaseBody,
  releaseJsonSchema,
  rolloutJsonSchema,
  rolloutParams,
  rolloutSummaryJsonSchema,
} from "./hub-firmware-schemas.ts";

const OWNER = "owner";
const OWNER_MANAGER = "owner, manager (their sites)";

const ROUTES: readonly HubRouteDoc[] = [
  {
    method: "GET",
    path: "/firmware/releases",
    summary: "Firmware releases the hub can send, and the public key it signs them with",
    who: OWNER_MANAGER,
    response: {
      status: 200,
      description: "Releases, oldest first per model",
      schema: z.object({ releases: z.array(releaseJsonSchema), public_key: z.string().nullable() }),
    },
  },
  {
    method: "POST",
    path: "/firmware/releases",
    summary: "Publish a build (signed with the hub's key); locks of its model get an update-available alert",
    who: OWNER,
    body: publishReleaseBody,
    response: { status: 201, description: "The release", schema: z.object({ release: releaseJsonSchema }) },
    errors: ["firmware.profile", "firmware.release-exists", "firmware.no-key", "firmware_release.too-many"],
  },
  {
    method: "POST",
    path: "/locks/:lock_id/firmware_update",
    summary: "Update one lock over its radio (answers at once; read the status with GET)",
    who: OWNER_MANAGER,
    params: firmwareLockParams,
    body: lockFirmwareUpdateBody,
    response: {
      status: 202,
      description: "The update, pending",
      schema: z.object({ firmware_update: firmwareUpdateJsonSchema }),
    },
    errors: [
      "lock.not-found",
      "lock.offline",
      "lock.unpaired",
      "lock.no-radio",
      "lock.battery-low",
      "firmware.release-not-found",
      "firmware.up-to-date",
      "firmware.downgrade",
      "firmware.update-in-progress",
      "firmware.no-key",
    ],
  },
  {
    method: "GET",
    path: "/locks/:lock_id/firmware_update",
    summary: "The lock's latest update and its status",
    who: OWNER_MANAGER,
    params: firmwareLockParams,
    response: {
      status: 200,
      description: "The update",
      schema: z.object({ firmware_update: firmwareUpdateJsonSchema }),
    },
    errors: ["lock.not-found", "firmware_update.not-found"],
  },
  {
    method: "POST",
    path: "/firmware_rollouts",
    summary: "Start a staged rollout (1 %, 10 %, 100 % by default) that halts by itself above a failure rate",
    who: OWNER,
    body: createRolloutBody,
    response: {
      status: 201,
      description: "The rollout, running",
      schema: z.object({ firmware_rollout: rolloutJsonSchema }),
    },
    errors: [
      "firmware.release-not-found",
      "firmware_rollout.no-targets",
      "lock.not-found",
      "site.not-found",
      "firmware.no-key",
    ],
  },
  {
    method: "GET",
    path: "/firmware_rollouts",
    summary: "Rollouts, newest first",
    who: OWNER,
    response: {
      status: 200,
      description: "Rollouts",
      schema: z.object({ firmware_rollouts: z.array(rolloutSummaryJsonSchema) }),
    },
  },
  {
    method: "GET",
    path: "/firmware_rollouts/:firmware_rollout_id",
    summary:
      "A rollout's stages and report: which locks updated, rolled back (and why), failed, or were never tried",
    who: OWNER,
    params: rolloutParams,
    response: {
      status: 200,
      description: "The rollout and its report",
      schema: z.object({ firmware_rollout: rolloutJsonSchema }),
    },
    errors: ["firmware_rollout.not-found"],
  },
  {
    method: "POST",
    path: "/firmware_rollouts/:firmware_rollout_id/cancel",
    summary:
      "Cancel a running rollout: no lock starts after it, updates already sending finish; the report says who cancelled it and when",
    who: OWNER,
    params: rolloutParams,
    response: {
      status: 200,
      description: "The rollout, cancelled, and its report",
      schema: z.object({ firmware_rollout: rolloutJsonSchema }),
    },
    errors: ["firmware_rollout.not-found", "firmware_rollout.not-running"],
  },
];

/**
 * The routes as documented: a refusal the routes answer 409 (`FIRMWARE_CONFLICTS`: the lock's or
 * the catalog's state now) is listed under 409, as it is sent — it was under 400 beside
 * `request.invalid`.
 */
export const FIRMWARE_ROUTE_DOCS: readonly HubRouteDoc[] = ROUTES.map((doc) => ({
  ...doc,
  errors: doc.errors?.filter((code) => !FIRMWARE_CONFLICTS.has(code)),
  conflicts: doc.errors?.filter((code) => FIRMWARE_CONFLICTS.has(code)),
}));
