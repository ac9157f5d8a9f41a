/**
 * Seam's RPC paths (seam-rpc.ts) in /api/openapi.json, tag `seam`: each path's body (and, for a
 * read, the same fields as GET query parameters) from the zod schemas its handler checks, and
 * its answer from the schemas in seam-rpc-schemas.ts. Paths are under /api/seam/v1.
 */
import type { z } from "zod";
import type { HubRouteDoc } from "./hub-route-docs.ts";
import {
  seamAccessCodeCreateBody,
  seamAccessCodeDeleteBody,
  seamAccessCodeGetBody,
  seamAccessCodeListBody,
  seamAccessCodeUpdateBody,
  seamActionAttemptGetBody,
  seamActionAttemptsListBody,
  seamConfigureAutoLockBody,
  seamAnswers,
  seamDeviceGetBody,
  seamDeviceUpdateBody,
  seamDevicesListBody,
  seamEventGetBody,
  seamEventsListBody,
  seamGenerateCodeBody,
  seamLockActionBody,
  seamUnmanagedGetBody,
  seamUnmanagedDeviceUpdateBody,
  seamUnmanagedListBody,
  seamWorkspaceGetBody,
} from "./seam-rpc-schemas.ts";

const OWNER_MANAGER = "owner, manager (their sites)";

interface SeamPath {
  readonly path: string;
  readonly read: boolean;
  /**
   * The method Seam's SDKs call a change with, besides POST: PATCH with the body (PATCH_PUT: PUT
   * too, as Seam's reference lists for access_codes/update), DELETE with query parameters.
   */
  readonly sdkMethod?: "PATCH" | "PATCH_PUT" | "DELETE";
  readonly summary: string;
  readonly who: string;
  readonly body: z.ZodType;
  readonly answer: z.ZodType;
  readonly errors?: readonly string[];
}

const PATHS: readonly SeamPath[] = [
  {
    path: "/devices/list",
    read: true,
    summary:
      "Locks as Seam's devices, by id (device_type latchkey_lock, manufacturer latchkey; another matches none), paged with limit and page_cursor",
    who: OWNER_MANAGER,
    body: seamDevicesListBody,
    answer: seamAnswers.devices,
  },
  {
    path: "/devices/get",
    read: true,
    summary: "One lock as Seam's device, by device_id or by name",
    who: OWNER_MANAGER,
    body: seamDeviceGetBody,
    answer: seamAnswers.device,
    errors: ["lock.not-found"],
  },
  {
    path: "/devices/update",
    read: false,
    sdkMethod: "PATCH",
    summary:
      "Rename a lock, as PATCH /api/hub/v1/locks/{id} (name or properties.name; null: the host's name); is_managed: false takes it off the hub's care",
    who: OWNER_MANAGER,
    body: seamDeviceUpdateBody,
    answer: seamAnswers.updated,
    errors: ["lock.not-found", "lock.unmanaged"],
  },
  {
    path: "/devices/unmanaged/list",
    read: true,
    summary: "Locks taken off the hub's care, as Seam's unmanaged devices (is_managed: false), by id",
    who: OWNER_MANAGER,
    body: seamDevicesListBody,
    answer: seamAnswers.unmanagedDevices,
  },
  {
    path: "/devices/unmanaged/get",
    read: true,
    summary: "One lock taken off the hub's care, by device_id or name (a managed one: 404)",
    who: OWNER_MANAGER,
    body: seamDeviceGetBody,
    answer: seamAnswers.unmanagedDevice,
    errors: ["lock.not-found"],
  },
  {
    path: "/devices/unmanaged/update",
    read: false,
    sdkMethod: "PATCH",
    summary:
      "is_managed: true brings a lock back under the hub's care, as PATCH /api/hub/v1/locks/{id} { managed: true }",
    who: OWNER_MANAGER,
    body: seamUnmanagedDeviceUpdateBody,
    answer: seamAnswers.updated,
    errors: ["lock.not-found"],
  },
  {
    path: "/locks/list",
    read: true,
    summary: "Locks (devices and locks: the same list)",
    who: OWNER_MANAGER,
    body: seamDevicesListBody,
    answer: seamAnswers.locks,
  },
  {
    path: "/locks/get",
    read: true,
    summary: "One lock (device and lock: the same object)",
    who: OWNER_MANAGER,
    body: seamDeviceGetBody,
    answer: seamAnswers.lock,
    errors: ["lock.not-found"],
  },
  {
    path: "/locks/lock_door",
    read: false,
    summary: "Lock the door over the lock's radio: an action attempt to follow with action_attempts/get",
    who: OWNER_MANAGER,
    body: seamLockActionBody,
    answer: seamAnswers.actionAttempt,
    errors: ["lock.not-found", "lock.offline"],
  },
  {
    path: "/locks/unlock_door",
    read: false,
    summary: "Unlock the door over the lock's radio: an action attempt to follow with action_attempts/get",
    who: OWNER_MANAGER,
    body: seamLockActionBody,
    answer: seamAnswers.actionAttempt,
    errors: ["lock.not-found", "lock.offline"],
  },
  {
    path: "/locks/configure_auto_lock",
    read: false,
    summary:
      "Turn auto-lock on (with a delay, or the lock's own) or off, as POST /api/hub/v1/locks/{id}/settings does: an action attempt; the lock refuses a delay its model does not take",
    who: OWNER_MANAGER,
    body: seamConfigureAutoLockBody,
    answer: seamAnswers.actionAttempt,
    errors: ["lock.not-found", "settings.invalid", "lock.offline"],
  },
  {
    path: "/action_attempts/get",
    read: true,
    summary: "A lock or unlock's attempt: pending, success or error (kept 15 minutes, at most 1,000)",
    who: "the person who made it",
    body: seamActionAttemptGetBody,
    answer: seamAnswers.actionAttempt,
    errors: ["action_attempt.not-found"],
  },
  {
    path: "/action_attempts/list",
    read: true,
    summary: "The caller's lock and unlock attempts still kept, oldest first, by id or device",
    who: "the person who made them",
    body: seamActionAttemptsListBody,
    answer: seamAnswers.actionAttempts,
  },
  {
    path: "/access_codes/generate_code",
    read: true,
    summary: "Digits the hub would choose now for a new code on the lock; nothing is made or kept",
    who: OWNER_MANAGER,
    body: seamGenerateCodeBody,
    answer: seamAnswers.generatedCode,
    errors: ["lock.not-found", "code.length", "code.capacity"],
  },
  {
    path: "/access_codes/unmanaged/list",
    read: true,
    summary: "Keypad codes the hub found on the lock (slot and when; never digits), by slot",
    who: OWNER_MANAGER,
    body: seamUnmanagedListBody,
    answer: seamAnswers.unmanagedAccessCodes,
    errors: ["lock.not-found"],
  },
  {
    path: "/access_codes/unmanaged/get",
    read: true,
    summary: "One keypad code the hub found, by the id unmanaged/list gives",
    who: OWNER_MANAGER,
    body: seamUnmanagedGetBody,
    answer: seamAnswers.unmanagedAccessCode,
    errors: ["access_code.not-found"],
  },
  {
    path: "/access_codes/create",
    read: false,
    summary: "Make an access code on one lock",
    who: OWNER_MANAGER,
    body: seamAccessCodeCreateBody,
    answer: seamAnswers.accessCode,
    errors: [
      "lock.not-found",
      "code.digits",
      "code.window",
      "code.length",
      "code.common-key",
      "code.capacity",
    ],
  },
  {
    path: "/access_codes/list",
    read: true,
    summary: "Access codes of a lock (or named by id), oldest first, paged with limit and page_cursor",
    who: "everyone (a guest: their own)",
    body: seamAccessCodeListBody,
    answer: seamAnswers.accessCodes,
    errors: ["lock.not-found"],
  },
  {
    path: "/access_codes/get",
    read: true,
    summary: "One access code on its lock, by access_code_id or by device_id and code",
    who: "owner, manager, the guest it is for",
    body: seamAccessCodeGetBody,
    answer: seamAnswers.accessCode,
    errors: ["access_code.not-found"],
  },
  {
    path: "/access_codes/update",
    read: false,
    sdkMethod: "PATCH_PUT",
    summary: "Change a code: the hub replaces it (a new access_code_id; the old one leaves the lock first)",
    who: OWNER_MANAGER,
    body: seamAccessCodeUpdateBody,
    answer: seamAnswers.accessCodeUpdated,
    errors: [
      "access_code.not-found",
      "lock.not-found",
      "access_code.deleted",
      "code.digits",
      "code.window",
      "code.length",
      "code.common-key",
    ],
  },
  {
    path: "/access_codes/delete",
    read: false,
    sdkMethod: "DELETE",
    summary: "Delete a code (status removing until the lock confirms)",
    who: OWNER_MANAGER,
    body: seamAccessCodeDeleteBody,
    answer: seamAnswers.deleted,
    errors: ["access_code.not-found", "access_code.deleted"],
  },
  {
    path: "/events/list",
    read: true,
    summary: "History and alerts as Seam's events (docs/hub.md has the mapping), newest first",
    who: OWNER_MANAGER,
    body: seamEventsListBody,
    answer: seamAnswers.events,
    errors: ["lock.not-found"],
  },
  {
    path: "/events/get",
    read: true,
    summary: "One event by the event_id events/list gives (device_id, event_type: it must match too)",
    who: OWNER_MANAGER,
    body: seamEventGetBody,
    answer: seamAnswers.event,
    errors: ["event.not-found"],
  },
  {
    path: "/workspaces/get",
    read: true,
    summary: "The one workspace: this hub",
    who: "everyone signed in",
    body: seamWorkspaceGetBody,
    answer: seamAnswers.workspace,
  },
];

/**
 * Every Seam path as the OpenAPI document's route docs: POST with a body; a read also as GET,
 * and a change also as the SDKs call it (PATCH with the body, DELETE with query parameters).
 */
export const SEAM_ROUTE_DOCS: readonly HubRouteDoc[] = PATHS.flatMap((p) => {
  const response = { status: 200, description: "Seam's answer, with ok: true", schema: p.answer };
  const base = {
    path: p.path,
    summary: p.summary,
    who: p.who,
    response,
    ...(p.errors ? { errors: p.errors } : {}),
  };
  const post: HubRouteDoc = { ...base, method: "POST", body: p.body };
  if (p.read) return [post, { ...base, method: "GET", query: p.body }];
  if (p.sdkMethod === "PATCH") return [post, { ...base, method: "PATCH", body: p.body }];
  if (p.sdkMethod === "PATCH_PUT")
    return [post, { ...base, method: "PATCH", body: p.body }, { ...base, method: "PUT", body: p.body }];
  if (p.sdkMethod === "DELETE") return [post, { ...base, method: "DELETE", query: p.body }];
  return [post];
});
