/**
 * What the hub learns from a lock's own reports: history for every event, uses counted for
 * one-time and N-use codes, and changes made at the lock itself (seed 002: "a code wiped
 * during a sync, or a setting reset nobody remembers triggering"). A code typed in at the
 * keypad is unmanaged (adoptable); a managed code deleted at the keypad is drift the hub
 * repairs; a factory reset empties the lock and unpairs it, and the hub asks for re-pairing.
 * Settings and mode changes (any controller's) are kept as history the lock's state reads
 * back (lock-settings.ts): `settings-changed` with the settings, `mode-changed` with the mode.
 */
import type { HubLockEventReport } from "../host-port.ts";
import type { HubRepository } from "../storage/hub-repository.ts";
import type { LockSyncer, SyncChange } from "./lock-sync.ts";
import { modeOf, settingsDetail } from "./lock-settings.ts";

export interface ReportContext {
  readonly repo: HubRepository;
  readonly syncer: LockSyncer;
  readonly now: () => number;
  readonly onChange?: (change: SyncChange) => void;
  /** The lock's battery as the host's view says it now (the same scale as the hub's readings). */
  readonly battery?: (lockId: string) => { readonly percent: number } | null | undefined;
}

const ALERTS: Record<string, { kind: string; message: string }> = {
  "factory-reset": {
    kind: "lock.factory-reset",
    message:
      "was factory reset: every code is gone and it is unpaired; re-pair it and the hub restores its codes",
  },
  unpaired: { kind: "lock.unpaired", message: "is no longer paired with the hub; re-pair it" },
  jammed: { kind: "lock.jammed", message: "jammed: the bolt could not finish moving" },
  "lockout-started": { kind: "lock.lockout", message: "locked its keypad after too many wrong codes" },
  "wrong-code-limit": {
    kind: "lock.brute-force",
    message: "saw the wrong-code limit reached: someone may be guessing codes",
  },
  "battery-low": { kind: "battery.low", message: "reports a low battery" },
  "battery-critical": {
    kind: "battery.critical",
    message: "reports a critical battery: replace it now or it will stop locking",
  },
};

/** Handles one report from a lock's link (in this process, after earlier work on the lock). */
export async function handleLockReport(
  ctx: ReportContext,
  lockId: string,
  report: HubLockEventReport,
): Promise<void> {
  const { repo } = ctx;
  const lock = await repo.getLock(lockId);
  if (!lock) return;
  const now = ctx.now();
  const e = report.event;
  const slot =
    typeof e.slot === "number" && Number.isInteger(e.slot) && e.slot > 0 && e.slot < 1000 ? e.slot : null;
  const source = typeof e.source === "string" ? e.source.slice(0, 32) : "lock";
  const rows = await repo.listLockCodes(lockId);
  const owner = slot === null ? undefined : rows.find((r) => r.slot === slot);
  let personId: string | null = null;
  if (owner) personId = (await repo.getAccessCode(owner.accessCodeId))?.personId ?? null;

  // History first, and it is the claim: a report the link stamped is stored once however many
  // hubs on this database hear it, and only the hub that stored it acts on it (a use counted
  // once, one alert, one repair).
  const stored = await repo.appendEvent({
    atMs: now,
    siteId: lock.siteId,
    lockId,
    personId,
    accessCodeId: owner?.accessCodeId ?? null,
    kind: `lock.${e.kind}`.slice(0, 64),
    source,
    slot,
    detail:
      e.kind === "settings-changed"
        ? settingsDetail(e["settings"])
        : e.kind === "mode-changed"
          ? (modeOf(e["mode"]) ?? `lock time ${report.atMs}`)
          : `lock time ${report.atMs}`,
    ...(report.stamp ? { linkStamp: report.stamp } : {}),
    // The lock's own time: a record of its log read later (log-catch-up.ts) is known as this one.
    ...(report.atMs > 0 ? { lockAtMs: Math.round(report.atMs) } : {}),
  });
  if (!stored) return;

  switch (e.kind) {
    case "unlocked":
      if (owner && source === "keypad") {
        await repo.recordUse(owner.accessCodeId, now);
      }
      // A bolt that finished a move is no longer jammed.
      await repo.resolveAlerts(lockId, "lock.jammed", now);
      break;
    case "locked":
      await repo.resolveAlerts(lockId, "lock.jammed", now);
      break;
    case "code-used-up":
      // The lock says a limited-use code has no use left: the hub takes it off the lock.
      if (owner) await repo.finishUses(owner.accessCodeId, now);
      break;
    case "code-added":
    case "code-changed":
      if (source !== "remote" && slot !== null) {
        if (owner && owner.appliedKey !== null) {
          // A managed code overwritten at the keypad: the lock now holds someone else's code there.
          const next = {
            ...owner,
            status: "failed" as const,
            slot: null,
            appliedKey: null,
            errors: [
              {
                code: "code.overwritten-at-lock",
                message: `slot ${slot} was reprogrammed at the keypad`,
                slot,
              },
            ],
            warnings: [],
            updatedAtMs: now,
          };
          await repo.saveLockCode(next);
          ctx.onChange?.({ type: "lock-code", state: next });
        }
        await repo.putUnmanaged({ lockId, slot, detectedAtMs: now, source });
        await repo.updateSyncState(lockId, { checksum: null });
      }
      break;
    case "code-deleted":
      if (source !== "remote" && slot !== null) {
        await repo.deleteUnmanaged(lockId, slot);
        if (owner && owner.appliedKey !== null) {
          await ctx.syncer.markDrift(
            owner,
            now,
            "code.removed-at-lock",
            `slot ${slot} was deleted at the keypad; the hub puts the code back`,
          );
        }
        await repo.updateSyncState(lockId, { checksum: null });
      }
      break;
    case "factory-reset":
      for (const row of rows) {
        if (row.slot !== null && row.status !== "removed") {
          await ctx.syncer.markDrift(
            row,
            now,
            "code.removed-at-lock",
            "the lock was factory reset; the hub restores the code once it is re-paired",
          );
        }
      }
      await repo.deleteUnmanaged(lockId);
      await repo.updateSyncState(lockId, {
        paired: false,
        checksum: null,
        inventoried: true,
        lastVerifiedAtMs: null,
      });
      break;
    case "unpaired":
      await repo.updateSyncState(lockId, { paired: false });
      break;
    case "paired":
      await repo.updateSyncState(lockId, { paired: true, checksum: null });
      await repo.resolveAlerts(lockId, "lock.factory-reset", now);
      await repo.resolveAlerts(lockId, "lock.unpaired", now);
      await repo.markDue([lockId], now);
      break;
    case "lockout-ended":
      await repo.resolveAlerts(lockId, "lock.lockout", now);
      break;
    case "battery-low":
    case "battery-critical": {
      // The level now, stored before the alert (Seam's device.low_battery carries it): the
      // view's, the scale of every other reading (the report's percent is the pack voltage's,
      // which a jump between the two would read as fresh cells).
      const level = ctx.battery?.(lockId);
      if (level) await repo.addBatterySample(lockId, now, level.percent, 0);
      break;
    }
  }

  const alert = ALERTS[e.kind];
  if (alert) {
    const raised = await repo.raiseAlert({
      atMs: now,
      lockId,
      siteId: lock.siteId,
      kind: alert.kind,
      message: `${lock.name} ${alert.message}`,
    });
    if (raised) ctx.onChange?.({ type: "alert", lockId, kind: alert.kind, message: raised.message });
  }
  // One battery alert at a time: the level the lock reports now replaces the other, closed only
  // once the new one is open — never a moment with neither, which a reader would take for cells
  // that went good between low and critical (seam-rpc.ts reads the overlap as one change).
  if (e.kind === "battery-low" || e.kind === "battery-critical")
    await repo.resolveAlerts(lockId, e.kind === "battery-low" ? "battery.critical" : "battery.low", now);
  if (e.kind !== "unlocked" && e.kind !== "locked") await repo.markDue([lockId], now);
}
