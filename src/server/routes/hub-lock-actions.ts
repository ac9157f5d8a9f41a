/**
 * What a remote lock or unlock, a change of settings or mode, and a code's replacement do, in
 * one place: the companion app's routes (`POST /locks/{id}/lock|unlock`, `POST
 * /locks/{id}/settings`, `POST /access_codes/{id}/replace`) and the Seam RPC paths
 * (`/locks/lock_door|unlock_door`, `/locks/configure_auto_lock`, `/access_codes/update`,
 * seam-rpc.ts) call these, so both answer the same checks, record the same history and change
 * the lock alike.
 */
import type { AccessCodeView, Actor, Hub, HubLockSummary, NewAccessCode, Outcome } from "../../hub/index.ts";
import { authorize } from "../../hub/index.ts";
import type { HubLockLink, LinkResult } from "../../hub/index.ts";
import { getProfile } from "../../core/profiles/index.ts";
import type { LockMode } from "../../core/radio-types.ts";

export interface LockActionDeps {
  readonly hub: Hub;
  readonly unwrap: <T>(outcome: Outcome<T>) => T;
  /** An error the calling API answers with `status` and its own error shape. */
  readonly fail: (status: number, code: string, message: string) => Error;
  readonly now: () => number;
}

/** How long a lock or unlock waits for the lock's answer. */
export const LOCK_ACTION_TIMEOUT_MS = 20_000;

/**
 * The checks before a remote lock or unlock, all before anything is sent: the lock is the
 * caller's to see (404/403), theirs to operate (`lock.write`), and the host reaches it now
 * (409 `lock.offline`).
 */
export async function prepareLockAction(
  deps: LockActionDeps,
  actor: Actor,
  lockId: string,
): Promise<{ summary: HubLockSummary; link: HubLockLink }> {
  const summary = deps.unwrap(await deps.hub.getLock(actor, lockId));
  const d = authorize(actor, "lock.write", { siteId: summary.lock.siteId });
  if (!d.ok) throw deps.fail(403, d.code, d.reason);
  const link = deps.hub.source.link(lockId);
  if (!link) throw deps.fail(409, "lock.offline", "the host does not reach this lock now");
  return { summary, link };
}

/**
 * Sends the lock or unlock and records it in history (`app.lock` / `app.unlock`, detail `done`
 * or `refused: <code>`), whatever the lock answered; the lock's answer is returned, not thrown.
 */
export async function runLockAction(
  deps: LockActionDeps,
  actor: Actor,
  prepared: { summary: HubLockSummary; link: HubLockLink },
  action: "lock" | "unlock",
  code?: string,
): Promise<LinkResult> {
  // The lock's report of the run waits until the person's entry is in history (holdReports).
  const release = deps.hub.holdReports(prepared.summary.lock.id);
  try {
    const result = await prepared.link
      .send(code === undefined ? { type: action } : { type: action, code }, {
        timeoutMs: LOCK_ACTION_TIMEOUT_MS,
      })
      .catch((err: unknown): LinkResult => ({ ok: false, code: "lock.error", reason: String(err) }));
    await recordLockAction(deps, actor, prepared, action, result);
    return result;
  } finally {
    release();
  }
}

async function recordLockAction(
  deps: LockActionDeps,
  actor: Actor,
  prepared: { summary: HubLockSummary },
  action: "lock" | "unlock",
  result: LinkResult,
): Promise<void> {
  await deps.hub.repo.appendEvent({
    atMs: deps.now(),
    siteId: prepared.summary.lock.siteId,
    lockId: prepared.summary.lock.id,
    personId: actor.id,
    accessCodeId: null,
    kind: `app.${action}`,
    source: `person:${actor.id}`,
    slot: null,
    detail: result.ok ? "done" : `refused: ${result.code}`,
  });
}

/** How long a change of settings or mode waits for the lock's answer. */
export const SETTINGS_TIMEOUT_MS = 20_000;

/** A change of a lock's settings (by the profile's names) and mode, as `POST /locks/{id}/settings` takes it. */
export interface SettingsChange {
  readonly settings?: Readonly<Record<string, number | boolean>>;
  readonly mode?: LockMode;
  /** A user code, for passage (which unlocks) on a lock that asks for one with a remote unlock. */
  readonly code?: string;
}

/**
 * The checks before a change of settings or mode, all before anything is sent: the lock is the
 * caller's to see (404/403), theirs to change (`lock.write`), each setting one its model has,
 * with the model's type (400 `settings.invalid`; the lock checks the values), and the host
 * reaches it now (409 `lock.offline`).
 */
export async function prepareSettingsChange(
  deps: LockActionDeps,
  actor: Actor,
  lockId: string,
  change: SettingsChange,
): Promise<{ summary: HubLockSummary; link: HubLockLink }> {
  const summary = deps.unwrap(await deps.hub.getLock(actor, lockId));
  const d = authorize(actor, "lock.write", { siteId: summary.lock.siteId });
  if (!d.ok) throw deps.fail(403, d.code, d.reason);
  const profile = summary.view ? getProfile(summary.view.profileId) : undefined;
  for (const [name, value] of Object.entries(change.settings ?? {})) {
    // Own names only: `toString` and the like are every object's, not a setting.
    const factory =
      profile && Object.hasOwn(profile.defaultSettings, name) ? profile.defaultSettings[name] : undefined;
    if (factory === undefined)
      throw deps.fail(400, "settings.invalid", `this lock has no setting "${name.slice(0, 40)}"`);
    if (typeof factory !== typeof value)
      throw deps.fail(400, "settings.invalid", `setting "${name}" takes a ${typeof factory}`);
  }
  const link = deps.hub.source.link(lockId);
  if (!link) throw deps.fail(409, "lock.offline", "the host does not reach this lock now");
  return { summary, link };
}

/**
 * Sends the settings, then the mode (a refused setting leaves the mode as it was), recording
 * each the lock took in history (`lock.settings-changed`, `lock.mode-changed`); the lock's
 * refusal is returned, not thrown.
 */
export async function runSettingsChange(
  deps: LockActionDeps,
  actor: Actor,
  prepared: { summary: HubLockSummary; link: HubLockLink },
  change: SettingsChange,
): Promise<LinkResult> {
  const { summary, link } = prepared;
  const record = (kind: string, detail: string) =>
    deps.hub.repo.appendEvent({
      atMs: deps.now(),
      siteId: summary.lock.siteId,
      lockId: summary.lock.id,
      personId: actor.id,
      accessCodeId: null,
      kind,
      source: `person:${actor.id}`,
      slot: null,
      detail,
    });
  if (change.settings && Object.keys(change.settings).length > 0) {
    const r = await link.send(
      { type: "settings", settings: change.settings },
      { timeoutMs: SETTINGS_TIMEOUT_MS },
    );
    if (!r.ok) return r;
    await record("lock.settings-changed", JSON.stringify(change.settings));
  }
  if (change.mode) {
    const r = await link.send(
      change.code === undefined
        ? { type: "mode", mode: change.mode }
        : { type: "mode", mode: change.mode, code: change.code },
      { timeoutMs: SETTINGS_TIMEOUT_MS },
    );
    if (!r.ok) return r;
    await record("lock.mode-changed", change.mode);
  }
  return { ok: true };
}

/**
 * Editing a code: the hub replaces it (a new id; the old one is deleted and leaves its locks
 * first, then the new one is sent), so what a lock holds is always one code a person made.
 * The new code is checked fully before the old one is touched: a refusal changes nothing.
 */
export async function replaceAccessCode(
  deps: LockActionDeps,
  actor: Actor,
  oldId: string,
  input: NewAccessCode,
): Promise<AccessCodeView> {
  const { hub, unwrap, fail } = deps;
  const old = unwrap(await hub.getAccessCode(actor, oldId));
  const d = authorize(actor, "code.write", { siteId: old.accessCode.siteId });
  if (!d.ok) throw fail(403, d.code, d.reason);
  if (old.accessCode.deletedAtMs !== null)
    throw fail(409, "access_code.deleted", "the code is already deleted");
  const made = unwrap(await hub.createAccessCode(actor, input));
  unwrap(await hub.deleteAccessCode(actor, oldId));
  // The new code's changes come after the old one's removal, so a lock frees the old slot
  // (and its digits) before it is asked to take the new code.
  const rows = await hub.repo.listLockCodesFor([made.accessCode.id]);
  await hub.repo.db.transaction(async (tx) => {
    const last = await hub.repo.reserveChangeSeq(tx, rows.length);
    let seq = last - rows.length + 1;
    for (const r of rows)
      await tx.run("UPDATE access_code_locks SET change_seq = ? WHERE access_code_id = ? AND lock_id = ?", [
        seq++,
        r.accessCodeId,
        r.lockId,
      ]);
  });
  await hub.repo.appendEvent({
    atMs: deps.now(),
    siteId: made.accessCode.siteId,
    lockId: null,
    personId: made.accessCode.personId,
    accessCodeId: made.accessCode.id,
    kind: "access-code.replaced",
    source: `person:${actor.id}`,
    slot: null,
    detail: oldId,
  });
  return unwrap(await hub.getAccessCode(actor, made.accessCode.id));
}
