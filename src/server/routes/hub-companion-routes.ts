/**
 * What the companion app (web/src/companion/, issue 11) needs from the hub beyond issue 10's
 * API: who is signed in, each lock's state as a person reads it (door, mode, firmware, last
 * activity, the battery's forecast, settings), lock and unlock through the hub, settings and
 * modes, acknowledging alerts, editing a code, and the host's locks not yet under the hub.
 * Same rules as the rest of /api/hub/v1: every input checked with zod, every call authorised by
 * role through the hub's one `authorize`, refusals `{ error: { code, message } }` that change
 * nothing. A guest reaches none of these but `GET /me`.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { decimalInt } from "../decimal-int.ts";
import type { AccessCodeView, Actor, Hub, HubLockSummary, Outcome } from "../../hub/index.ts";
import { authorize, forecastStopMs, knownMode, knownSettings, weakCodeWarnings } from "../../hub/index.ts";
import { getProfile } from "../../core/profiles/index.ts";
import { LOCK_MODES } from "../../core/radio-types.ts";
import { createAccessCodeBody, newAccessCodeOf } from "./hub-schemas.ts";
import { BadCursor, decodeCursor, pageCursorField, pageOf } from "./hub-paging.ts";
import {
  prepareLockAction,
  prepareSettingsChange,
  replaceAccessCode,
  runLockAction,
  runSettingsChange,
} from "./hub-lock-actions.ts";

const id = z.string().min(1).max(64);
export const lockParams = z.object({ lock_id: id }).strict();
export const alertParams = z.object({ alert_id: decimalInt(1, Number.MAX_SAFE_INTEGER) }).strict();
export const accessCodeParams = z.object({ access_code_id: id }).strict();
/** `GET /host_locks`: by id, 1,000 a page unless `limit` says fewer ([paging](docs/hub.md)). */
export const hostLocksQuery = z
  .object({
    limit: decimalInt(1, 1000).optional().describe("default: 1,000"),
    page_cursor: pageCursorField.optional(),
  })
  .strict();
export const remoteBody = z
  .object({
    code: z
      .string()
      .regex(/^\d{4,12}$/, "code is 4–12 digits")
      .optional(),
  })
  .strict();
export const checkCodeBody = z
  .object({ code: z.string().regex(/^\d{1,12}$/, "code is 1–12 digits"), site_id: id.optional() })
  .strict();
export const settingsBody = z
  .object({
    settings: z
      .record(z.string().min(1).max(40), z.union([z.boolean(), z.number().int().min(0).max(86_400)]))
      .refine((s) => Object.keys(s).length <= 16, "at most 16 settings")
      .optional(),
    mode: z.enum(LOCK_MODES).optional(),
    /** A user code, for passage (which unlocks) on a lock that asks for one with a remote unlock. */
    code: z
      .string()
      .regex(/^\d{1,12}$/, "code is 1–12 digits")
      .optional(),
  })
  .strict()
  .refine((b) => b.settings !== undefined || b.mode !== undefined, "give settings, mode or both");

/** What the lock view carries beyond the hub's port when the host serves it (src/host/lock-view.ts). */
interface HostViewExtras {
  readonly door?: "open" | "closed" | null;
  readonly mode?: string;
  readonly firmwareVersion?: string;
  readonly radio?: string | null;
  readonly lockout?: { readonly untilMs: number } | null;
}

const DAY = 86_400_000;
const iso = (ms: number | null | undefined): string | null =>
  ms === null || ms === undefined ? null : new Date(ms).toISOString();

/** Person-readable names of the settings a profile has (B-SET-1). */
const SETTING_LABELS: Readonly<Record<string, string>> = {
  autoLock: "Auto-lock",
  autoLockSeconds: "Auto-lock after (seconds)",
  audio: "Sound",
  statusLed: "Status LED",
  requirePinForRemote: "Ask for a code to lock or unlock from the app",
  programmingSwitch: "Programming switch",
};

/** What hub-api.ts lends these routes, so refusals and shapes are the same everywhere (and no import cycle). */
export interface CompanionRoutesOptions {
  readonly hub: Hub;
  readonly actorOf: (req: FastifyRequest) => Promise<Actor>;
  readonly parse: <S extends z.ZodType>(schema: S, value: unknown, where: string) => z.output<S>;
  readonly unwrap: <T>(outcome: Outcome<T>) => T;
  /** An error the hub API's error handler answers as `{ error: { code, message } }` with `status`. */
  readonly fail: (status: number, code: string, message: string) => Error;
  readonly lockJson: (s: HubLockSummary) => object;
  readonly accessCodeJson: (v: AccessCodeView) => Promise<object>;
  readonly prefix: string;
  readonly now?: () => number;
}

/** Registers the companion app's routes (called once from hub-api.ts). */
export async function hubCompanionRoutes(
  app: FastifyInstance,
  options: CompanionRoutesOptions,
): Promise<void> {
  const { hub, actorOf, parse, unwrap, fail, lockJson, accessCodeJson } = options;
  const HUB_API_PREFIX = options.prefix;
  const now = options.now ?? hub.now;
  const allow = (actor: Actor, action: Parameters<typeof authorize>[1], siteId?: string | null): void => {
    const d = authorize(actor, action, siteId === undefined ? {} : { siteId });
    if (!d.ok) throw fail(403, d.code, d.reason);
  };

  /** Settings as the hub knows them: set through it, reported by the lock, read from its status. */
  const settingsOf = async (summary: HubLockSummary) => {
    const profile = summary.view ? getProfile(summary.view.profileId) : undefined;
    if (!profile) return [];
    const values = await knownSettings(hub.repo, summary.lock.id, profile.defaultSettings);
    const allowed = profile.autoLock.allowedSeconds;
    return Object.entries(values).map(([name, value]) => ({
      name,
      label: SETTING_LABELS[name] ?? name,
      value,
      ...(name === "autoLockSeconds"
        ? {
            allowed: Array.isArray(allowed)
              ? [0, ...(allowed as readonly number[])]
              : (allowed as { min: number; max: number }),
          }
        : {}),
    }));
  };

  const stateOf = async (summary: HubLockSummary) => {
    const extra = (summary.view ?? {}) as HostViewExtras;
    const t = now();
    const [last] = await hub.repo.listEvents({ lockIds: [summary.lock.id], limit: 1 });
    const samples = await hub.repo.batterySamples(summary.lock.id, t - 400 * DAY);
    const stop = forecastStopMs(samples);
    const profile = summary.view ? getProfile(summary.view.profileId) : undefined;
    return {
      ...lockJson(summary),
      door: extra.door ?? null,
      // The host's view says the mode when it runs the lock; else what the lock last reported.
      mode: extra.mode ?? (summary.view ? await knownMode(hub.repo, summary.lock.id) : null),
      lockout_until: iso(extra.lockout?.untilMs),
      firmware_version: extra.firmwareVersion ?? null,
      // What the lock last told the hub it runs (issue 14; null until the hub could ask it):
      // "update available" is judged from this, so the app says "up to date" only when it is known.
      firmware_reported: summary.firmware.version,
      radio: extra.radio ?? null,
      battery_forecast: {
        stops_locking_at: iso(stop),
        samples: samples.length,
      },
      last_activity: last
        ? {
            at: iso(last.atMs),
            kind: last.kind,
            source: last.source,
            person_id: last.personId,
            slot: last.slot,
          }
        : null,
      // B-CODE-6: every model locks with one touch of `lock` when no digits are pending; the
      // firmware has no setting to turn it off, so the app shows it, read-only.
      one_touch_locking: profile ? true : null,
      modes: summary.view ? LOCK_MODES : [],
      settings: await settingsOf(summary),
    };
  };

  const visibleLock = async (actor: Actor, lockId: string): Promise<HubLockSummary> =>
    unwrap(await hub.getLock(actor, lockId));

  const actionDeps = { hub, unwrap, fail, now };

  /** A lock's refusal, in the API's shape: 409, the lock's own code and reason. */
  const refused = (r: { code: string; reason: string }): never => {
    throw fail(409, r.code, r.reason);
  };

  app.get(`${HUB_API_PREFIX}/me`, async (req) => {
    const actor = await actorOf(req);
    const person = await hub.repo.getPerson(actor.id);
    return {
      person: {
        id: actor.id,
        name: person?.name ?? actor.id,
        role: actor.role,
        site_ids: actor.siteIds,
      },
    };
  });

  app.get(`${HUB_API_PREFIX}/lock_states`, async (req) => {
    const actor = await actorOf(req);
    const locks = unwrap(await hub.listLocks(actor));
    const out = [];
    for (const s of locks) out.push(await stateOf(s));
    return { locks: out };
  });

  app.get(`${HUB_API_PREFIX}/locks/:lock_id/state`, async (req) => {
    const actor = await actorOf(req);
    const p = parse(lockParams, req.params, "path");
    return { lock: await stateOf(await visibleLock(actor, p.lock_id)) };
  });

  for (const action of ["lock", "unlock"] as const) {
    app.post(`${HUB_API_PREFIX}/locks/:lock_id/${action}`, { bodyLimit: 1024 }, async (req) => {
      const actor = await actorOf(req);
      const p = parse(lockParams, req.params, "path");
      const b = parse(remoteBody, req.body, "body");
      const prepared = await prepareLockAction(actionDeps, actor, p.lock_id);
      const result = await runLockAction(actionDeps, actor, prepared, action, b.code);
      if (!result.ok) refused(result);
      return { lock: await stateOf(await visibleLock(actor, p.lock_id)) };
    });
  }

  app.post(`${HUB_API_PREFIX}/locks/:lock_id/settings`, { bodyLimit: 4096 }, async (req) => {
    const actor = await actorOf(req);
    const p = parse(lockParams, req.params, "path");
    const b = parse(settingsBody, req.body, "body");
    const prepared = await prepareSettingsChange(actionDeps, actor, p.lock_id, b);
    const r = await runSettingsChange(actionDeps, actor, prepared, b);
    if (!r.ok) refused(r);
    return { lock: await stateOf(await visibleLock(actor, p.lock_id)) };
  });

  /** Weak-code warnings (B-CODE-9) for digits a person is choosing, before anything is made. */
  app.post(`${HUB_API_PREFIX}/access_codes/check`, { bodyLimit: 1024 }, async (req) => {
    const actor = await actorOf(req);
    const b = parse(checkCodeBody, req.body, "body");
    allow(actor, "code.write", b.site_id);
    return {
      warnings: weakCodeWarnings(b.code, {
        nowYear: new Date(now()).getUTCFullYear(),
        reusedOnSites: b.site_id === undefined ? [] : await hub.sitesReusing(actor, b.code, b.site_id),
      }).map((w) => ({ code: w.code, message: w.message })),
    };
  });

  app.get(`${HUB_API_PREFIX}/host_locks`, async (req) => {
    const actor = await actorOf(req);
    allow(actor, "lock.write");
    const q = parse(hostLocksQuery, req.query ?? {}, "query");
    let after: readonly (string | number)[] | undefined;
    try {
      after = q.page_cursor === undefined ? undefined : decodeCursor(q.page_cursor, ["s"]);
    } catch (err) {
      if (err instanceof BadCursor) throw fail(400, "request.invalid", err.message);
      throw err;
    }
    const managed = new Set((await hub.repo.listLocks()).map((l) => l.id));
    // By id, a page at a time: a host serving more than 1,000 locks (over the broker) answered
    // its first 1,000 in the host's order with nothing saying the rest were left out.
    const page = pageOf(
      hub.source.list().filter((v) => !managed.has(v.id)),
      (v) => [v.id],
      q.limit ?? 1000,
      after,
      req.url,
    );
    return {
      host_locks: page.items.map((v) => ({
        lock_id: v.id,
        name: v.name,
        model: v.model,
        online: v.online,
        paired: v.paired,
      })),
      pagination: page.pagination,
    };
  });

  app.post(`${HUB_API_PREFIX}/alerts/:alert_id/acknowledge`, { bodyLimit: 1024 }, async (req) => {
    const actor = await actorOf(req);
    const p = parse(alertParams, req.params, "path");
    const rows = await hub.repo.db.query(
      "SELECT id, lock_id, site_id, kind, resolved_at FROM alerts WHERE id = ?",
      [p.alert_id],
    );
    const row = rows[0];
    if (!row) throw fail(404, "alert.not-found", "no such alert");
    const siteId = row["site_id"] === null ? null : String(row["site_id"]);
    allow(actor, "alert.read", siteId);
    allow(actor, "lock.write", siteId);
    if (row["resolved_at"] !== null)
      throw fail(409, "alert.resolved", "the alert was already acknowledged or resolved");
    const t = now();
    // Through the repository, so the live socket hears the closing (hub-alert-resolved).
    if (!(await hub.repo.acknowledgeAlert(p.alert_id, t)))
      throw fail(409, "alert.resolved", "the alert was already acknowledged or resolved");
    await hub.repo.appendEvent({
      atMs: t,
      siteId,
      lockId: row["lock_id"] === null ? null : String(row["lock_id"]),
      personId: actor.id,
      accessCodeId: null,
      kind: "alert.acknowledged",
      source: `person:${actor.id}`,
      slot: null,
      detail: String(row["kind"]),
    });
    return { alert: { id: p.alert_id, kind: String(row["kind"]), resolved_at: iso(t) } };
  });

  /** Editing a code: a replacement (hub-lock-actions.ts), a new id; a refusal changes nothing. */
  app.post(
    `${HUB_API_PREFIX}/access_codes/:access_code_id/replace`,
    { bodyLimit: 1024 * 1024 },
    async (req, reply) => {
      const actor = await actorOf(req);
      const p = parse(accessCodeParams, req.params, "path");
      const b = parse(createAccessCodeBody, req.body, "body");
      const made = await replaceAccessCode(actionDeps, actor, p.access_code_id, newAccessCodeOf(b));
      void reply.code(201);
      return { access_code: await accessCodeJson(made), replaced_access_code_id: p.access_code_id };
    },
  );
}
