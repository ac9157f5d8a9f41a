/**
 * The companion app's hub routes (hub-companion-routes.ts) in /api/openapi.json, beside the
 * hub's own (hub-route-docs.ts, `hubRouteDocs(extra)`).
 */
import { z } from "zod";
import type { HubRouteDoc } from "./hub-route-docs.ts";
import { createAccessCodeBody } from "./hub-schemas.ts";
import {
  accessCodeParams,
  alertParams,
  checkCodeBody,
  hostLocksQuery,
  lockParams,
  remoteBody,
  settingsBody,
} from "./hub-companion-routes.ts";
import { INVITE_ROUTE_DOCS } from "./hub-invite-routes.ts";
import { paginationJsonSchema } from "./hub-paging.ts";

/**
 * What a remote lock, unlock or settings change answers 409 with: the host does not reach the
 * lock, or the lock refused over its radio (hub-companion-routes.ts hands its code on).
 */
const LOCK_REFUSALS: readonly string[] = [
  "lock.offline",
  "lock.unpaired",
  "lock.timeout",
  "code.required",
  "code.wrong",
  "bolt.jammed",
  "bolt.not-handed",
  "any other refusal of the lock, with its code",
];

const OWNER_MANAGER = "owner, manager (their sites)";
const lockState = z.object({ lock: z.record(z.string(), z.unknown()) });

export const COMPANION_ROUTE_DOCS: readonly HubRouteDoc[] = [
  {
    method: "GET",
    path: "/me",
    summary: "Who is signed in (the session's or the token's person)",
    who: "anyone signed in",
    response: {
      status: 200,
      description: "The person",
      schema: z.object({ person: z.record(z.string(), z.unknown()) }),
    },
  },
  {
    method: "GET",
    path: "/lock_states",
    summary: "Every lock with its door, mode, firmware, last activity, battery forecast and settings",
    who: OWNER_MANAGER,
    response: {
      status: 200,
      description: "Lock states",
      schema: z.object({ locks: z.array(z.record(z.string(), z.unknown())) }),
    },
  },
  {
    method: "GET",
    path: "/locks/:lock_id/state",
    summary: "One lock's state",
    who: OWNER_MANAGER,
    params: lockParams,
    response: { status: 200, description: "The lock's state", schema: lockState },
    errors: ["lock.not-found"],
  },
  ...(["lock", "unlock"] as const).map((action): HubRouteDoc => ({
    method: "POST",
    path: `/locks/:lock_id/${action}`,
    summary: `${action === "lock" ? "Lock" : "Unlock"} over the lock's radio link`,
    who: OWNER_MANAGER,
    params: lockParams,
    body: remoteBody,
    response: { status: 200, description: "The lock's state after the bolt's run", schema: lockState },
    errors: ["lock.not-found"],
    conflicts: LOCK_REFUSALS,
  })),
  {
    method: "POST",
    path: "/locks/:lock_id/settings",
    summary: "Change settings the lock's model has, and its mode",
    who: OWNER_MANAGER,
    params: lockParams,
    body: settingsBody,
    response: { status: 200, description: "The lock's state", schema: lockState },
    errors: ["lock.not-found", "settings.invalid"],
    conflicts: LOCK_REFUSALS,
  },
  {
    method: "GET",
    path: "/host_locks",
    summary: "The host's locks not yet under the hub, by id, paged with limit and page_cursor",
    who: "owner, manager",
    query: hostLocksQuery,
    response: {
      status: 200,
      description: "Host locks",
      schema: z.object({
        host_locks: z.array(z.record(z.string(), z.unknown())),
        pagination: paginationJsonSchema,
      }),
    },
  },
  {
    method: "POST",
    path: "/alerts/:alert_id/acknowledge",
    summary: "Acknowledge (resolve) an alert",
    who: "owner, manager of the alert's site",
    params: alertParams,
    response: {
      status: 200,
      description: "The alert",
      schema: z.object({ alert: z.record(z.string(), z.unknown()) }),
    },
    errors: ["alert.not-found"],
    conflicts: ["alert.resolved"],
  },
  {
    method: "POST",
    path: "/access_codes/check",
    summary: "Weak-code warnings for digits being chosen (makes nothing)",
    who: "owner, manager",
    body: checkCodeBody,
    response: {
      status: 200,
      description: "Warnings",
      schema: z.object({ warnings: z.array(z.record(z.string(), z.unknown())) }),
    },
  },
  {
    method: "POST",
    path: "/access_codes/:access_code_id/replace",
    summary: "Edit a code: a new code replaces it (the old one leaves its locks first)",
    who: OWNER_MANAGER,
    params: accessCodeParams,
    body: createAccessCodeBody,
    response: {
      status: 201,
      description: "The new code",
      schema: z.object({
        access_code: z.record(z.string(), z.unknown()),
        replaced_access_code_id: z.string(),
      }),
    },
    errors: ["access_code.not-found", "access_code.deleted"],
  },
  ...INVITE_ROUTE_DOCS,
];
