/**
 * Each lock's running firmware as the hub knows it (issue 14): learned from the lock's own words
 * — its `firmwareStatus` answer, and the boot reports `firmware-updated` and
 * `firmware-rolled-back` — never guessed. When a lock runs older than the newest release for
 * its model, its owner gets one "update available" alert (kind `firmware.update-available`),
 * replaced when a newer release comes and resolved once the lock runs the newest.
 */
import type { FirmwareStatus } from "../../core/radio-types.ts";
import { compareVersions, isVersion } from "../../core/update/firmware-versions.ts";
import type { HubLockEventReport, HubLockSource } from "../host-port.ts";
import type { HubRepository } from "../storage/hub-repository.ts";
import type { SyncChange } from "../sync/lock-sync.ts";
import type { FirmwareStore } from "./firmware-store.ts";
import type { CatalogRelease } from "./release-catalog.ts";
import { latestFor } from "./release-catalog.ts";
import { askStatus } from "./send-image.ts";

export const UPDATE_AVAILABLE = "firmware.update-available";
/** A lock that did not answer is asked again after this long. */
const ASK_AGAIN_MS = 60 * 60_000;

export interface VersionContext {
  readonly repo: HubRepository;
  readonly store: FirmwareStore;
  readonly source: HubLockSource;
  readonly now: () => number;
  readonly catalog: () => Promise<readonly CatalogRelease[]>;
  readonly emit: (change: SyncChange) => void;
}

export class LockVersions {
  constructor(private readonly ctx: VersionContext) {}

  /** A boot report: what the lock runs now, and how its update ended. */
  async onReport(lockId: string, report: HubLockEventReport): Promise<void> {
    const e = report.event;
    if (e.kind === "firmware-updated" && isVersion(e["version"])) {
      await this.learn(lockId, e["version"], { version: e["version"], outcome: "updated", reason: null });
    } else if (e.kind === "firmware-rolled-back" && isVersion(e["running"]) && isVersion(e["version"])) {
      const reason = typeof e["reason"] === "string" ? e["reason"].slice(0, 300) : null;
      await this.learn(lockId, e["running"], { version: e["version"], outcome: "rolled-back", reason });
    } else if (e.kind === "paired") {
      // A lock just paired can answer now: ask it at the next round, not an hour after the
      // unanswered ask made while it was unpaired (only locks whose version is unknown are asked).
      await this.ctx.store.markAsked(lockId, 0);
    }
  }

  /** The lock's answer to firmwareStatus (or updateFinish). */
  async onStatus(lockId: string, status: FirmwareStatus): Promise<void> {
    if (!isVersion(status.version)) return;
    const last =
      status.last && isVersion(status.last.version)
        ? {
            version: status.last.version,
            outcome: status.last.outcome,
            reason: status.last.reason?.slice(0, 300) ?? null,
          }
        : null;
    await this.learn(lockId, status.version, last);
  }

  async learn(
    lockId: string,
    version: string,
    last: { version: string; outcome: string; reason: string | null } | null,
  ): Promise<void> {
    if (!(await this.ctx.repo.getLock(lockId))) return;
    await this.ctx.store.setVersion(lockId, version, this.ctx.now(), last);
    await this.checkAlert(lockId, await this.ctx.catalog());
  }

  /**
   * Asks locks whose version is unknown (a few per round, each at most once an hour): what a
   * hub does with a lock it has just been given.
   */
  async discover(limit: number): Promise<number> {
    const now = this.ctx.now();
    const ids = await this.ctx.store.locksToAsk(limit, now - ASK_AGAIN_MS);
    let learned = 0;
    for (const id of ids) {
      await this.ctx.store.markAsked(id, now);
      const link = this.ctx.source.link(id);
      if (!link || !link.status().online) continue;
      const status = await askStatus(link);
      if ("ok" in status) continue;
      await this.onStatus(id, status);
      learned++;
    }
    return learned;
  }

  /** Raises, refreshes or resolves the lock's "update available" alert. */
  async checkAlert(lockId: string, catalog: readonly CatalogRelease[]): Promise<void> {
    const { repo, store, now } = this.ctx;
    const lock = await repo.getLock(lockId);
    const known = await store.lockFirmware(lockId);
    const profileId = this.ctx.source.view(lockId)?.profileId;
    if (!lock || !known?.version || !profileId) return;
    const latest = latestFor(catalog, profileId);
    const open = await store.openAlertMessage(lockId, UPDATE_AVAILABLE);
    if (!latest || compareVersions(known.version, latest.version) >= 0) {
      if (open !== null) await repo.resolveAlerts(lockId, UPDATE_AVAILABLE, now());
      return;
    }
    const notes = latest.changes.slice(0, 3).join(" ");
    const message =
      `${lock.name} runs firmware ${known.version}; ${latest.version} is available. ${notes}`.slice(0, 500);
    if (open === message) return;
    if (open !== null) await repo.resolveAlerts(lockId, UPDATE_AVAILABLE, now());
    const raised = await repo.raiseAlert({
      atMs: now(),
      lockId,
      siteId: lock.siteId,
      kind: UPDATE_AVAILABLE,
      message,
    });
    if (raised) this.ctx.emit({ type: "alert", lockId, kind: UPDATE_AVAILABLE, message });
  }
}
