/**
 * Runs one update row (firmware_updates) through the lock's link and keeps its status honest
 * in the database at each step: pending → sending → verifying → updated | rolled-back |
 * failed, or skipped when the lock was never tried (out of reach, already on the version).
 * One update per lock at a time in this process; the database row is what a restart reads.
 */
import { compareVersions } from "../../core/update/firmware-versions.ts";
import type { HubLockSource } from "../host-port.ts";
import type { FirmwareStore, FirmwareUpdateRow, UpdateStatus } from "./firmware-store.ts";
import type { LockVersions } from "./lock-versions.ts";
import type { CatalogRelease } from "./release-catalog.ts";
import { imageOf } from "./release-catalog.ts";
import { askStatus, sendImage } from "./send-image.ts";
import type { HubSigningKey } from "./signing-key.ts";

export interface UpdaterContext {
  readonly store: FirmwareStore;
  readonly source: HubLockSource;
  readonly versions: LockVersions;
  readonly key: HubSigningKey;
  readonly now: () => number;
  readonly release: (profileId: string, version: string) => Promise<CatalogRelease | undefined>;
}

/** Link refusals that mean the lock could not be reached (in a rollout: never tried, not failed). */
const UNREACHABLE = new Set(["lock.offline", "lock.unpaired", "lock.unknown", "radio.absent"]);

/**
 * Why the hub will not start an update on these cells, or null. Our choice (docs/firmware.md):
 * writing flash and restarting draw the most current a lock ever draws, and cells that already
 * warn (B-PWR-2) or no longer throw the bolt (B-PWR-3) may give out mid-update; a property
 * manager changes the cells first, as the guides' checklist starts with fresh cells (B-CARE-4).
 */
export function batteryRefusal(
  battery: { percent: number; level: string } | null | undefined,
): string | null {
  if (!battery || (battery.level !== "low" && battery.level !== "critical")) return null;
  return `the lock's batteries are ${battery.level} (${battery.percent} %): replace them before updating its firmware`;
}

/**
 * An update the hub was running (`sending` or `verifying`) when it stopped: the lock says how it
 * ended — it runs the version (`updated`) or rolled back from it (`rolled-back`) — or the row
 * is made `pending` again, in the database too, so it is sent anew (a lock keeps its old image
 * until a new one is verified whole). A row left `sending` could never start again: the move
 * to `sending` is a conditional write from `pending`.
 */
export async function recoverUpdate(
  ctx: Pick<UpdaterContext, "store" | "source" | "now">,
  row: FirmwareUpdateRow,
): Promise<FirmwareUpdateRow> {
  const { store, now } = ctx;
  const link = ctx.source.link(row.lockId);
  const status = link && link.status().online ? await askStatus(link) : null;
  if (status && !("ok" in status)) {
    if (status.version === row.version) {
      await store.patchUpdate(row.id, { status: "updated", code: null, reason: null, finishedAtMs: now() });
      return { ...row, status: "updated" };
    }
    if (status.last?.version === row.version && status.last.outcome === "rolled-back") {
      const reason = status.last.reason ?? "the new image failed its self-test at its first boot";
      await store.patchUpdate(row.id, {
        status: "rolled-back",
        code: "update.rolled-back",
        reason,
        finishedAtMs: now(),
      });
      return { ...row, status: "rolled-back", code: "update.rolled-back", reason };
    }
  }
  await store.patchUpdate(row.id, { status: "pending" });
  return { ...row, status: "pending" };
}

export class LockUpdater {
  private readonly busy = new Set<string>();

  constructor(private readonly ctx: UpdaterContext) {}

  isBusy(lockId: string): boolean {
    return this.busy.has(lockId);
  }

  /**
   * Runs the update; returns its final status. `unreachable` says what a lock out of reach
   * becomes: `skipped` in a rollout (never tried), `failed` for an owner's one-lock update.
   */
  async run(row: FirmwareUpdateRow, unreachable: "skipped" | "failed"): Promise<UpdateStatus> {
    const { store, now } = this.ctx;
    // A rollout cancelled while this lock was being asked leaves its row never tried: kept so.
    const finish = async (
      status: UpdateStatus,
      code: string | null,
      reason: string | null,
    ): Promise<UpdateStatus> =>
      (await store.finishUpdate(row.id, { status, code, reason, finishedAtMs: now() })) ? status : "skipped";
    if (this.busy.has(row.lockId))
      return finish("failed", "firmware.busy", "another update of this lock is under way");
    this.busy.add(row.lockId);
    try {
      const link = this.ctx.source.link(row.lockId);
      if (!link) return await finish(unreachable, "lock.unknown", "the host no longer has this lock");
      if (!link.status().online)
        return await finish(
          unreachable,
          "lock.offline",
          "the lock is out of reach (no power, or its radio is down)",
        );
      const weak = batteryRefusal(this.ctx.source.view(row.lockId)?.battery);
      if (weak) return await finish(unreachable, "lock.battery-low", weak);
      const status = await askStatus(link);
      if ("ok" in status)
        return await finish(
          UNREACHABLE.has(status.code) ? unreachable : "failed",
          status.code,
          status.reason,
        );
      await this.ctx.versions.onStatus(row.lockId, status);
      const order = compareVersions(status.version, row.version);
      if (order === 0)
        return await finish("skipped", "firmware.up-to-date", `the lock already runs ${row.version}`);
      if (order > 0 && !row.allowDowngrade)
        return await finish(
          "skipped",
          "firmware.newer",
          `the lock runs ${status.version}, newer than ${row.version} (allow a downgrade to install it)`,
        );
      const release = await this.ctx.release(row.profileId, row.version);
      if (!release)
        return await finish(
          "failed",
          "firmware.release-not-found",
          `no release ${row.version} for ${row.profileId}`,
        );
      const image = imageOf(release, this.ctx.key);
      let withdrawn = false;
      const outcome = await sendImage(link, image, row.version, {
        allowDowngrade: row.allowDowngrade,
        onPhase: async (phase) => {
          if (phase === "sending") {
            // Only a row still pending starts: a cancel that came first wins, and nothing is sent.
            withdrawn = !(await store.startSending(row.id, status.version, now()));
            return !withdrawn;
          }
          await store.patchUpdate(row.id, { status: phase });
        },
      });
      if (withdrawn) return "skipped";
      switch (outcome.status) {
        case "updated":
          await this.ctx.versions.learn(row.lockId, row.version, {
            version: row.version,
            outcome: "updated",
            reason: null,
          });
          return await finish("updated", null, null);
        case "rolled-back":
          await this.ctx.versions.learn(row.lockId, outcome.running, {
            version: row.version,
            outcome: "rolled-back",
            reason: outcome.reason,
          });
          return await finish("rolled-back", outcome.code, outcome.reason);
        case "failed":
          return await finish("failed", outcome.code, outcome.reason);
      }
    } catch (error) {
      return finish("failed", "firmware.error", (error as Error).message.slice(0, 300));
    } finally {
      this.busy.delete(row.lockId);
    }
  }
}
