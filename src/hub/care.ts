/**
 * Care reminders from the guides: change the batteries every 6–12 months "regardless of
 * whether a low battery warning has appeared" (seed 004), or sooner when the forecast says so;
 * test every code with the door open (seeds 000, 002), monthly; and guest codes past their end
 * still on a lock flagged (seed 003: "delete guest codes within 24 hours of visitor departure").
 * Raised as alerts of kind `care.*`, each once until resolved.
 */
import type { HubRepository } from "./storage/hub-repository.ts";
import { forecastStopMs } from "./sync/battery-forecast.ts";
import { siteDay, siteTime, siteZone } from "./alert-words.ts";

const DAY = 86_400_000;
export const BATTERY_CHANGE_AFTER_MS = 180 * DAY;
export const TEST_CODES_EVERY_MS = 30 * DAY;
const FORECAST_WARNING_MS = 30 * DAY;
const PAST_END_GRACE_MS = 60 * 60_000;

export interface CareAlert {
  readonly lockId: string;
  readonly kind: string;
  readonly message: string;
}

/** Looks at every lock once; returns the reminders newly raised. */
export async function checkCare(repo: HubRepository, nowMs: number): Promise<CareAlert[]> {
  const raised: CareAlert[] = [];
  const raise = async (
    lock: { id: string; siteId: string },
    kind: string,
    message: string,
  ): Promise<void> => {
    const a = await repo.raiseAlert({ atMs: nowMs, lockId: lock.id, siteId: lock.siteId, kind, message });
    if (a) raised.push({ lockId: lock.id, kind, message });
  };
  for (const lock of await repo.listLocks()) {
    const samples = await repo.batterySamples(lock.id, nowMs - 400 * DAY);
    let packSince = lock.addedAtMs;
    for (let i = 1; i < samples.length; i++) {
      if (samples[i]!.percent - samples[i - 1]!.percent >= 20) packSince = samples[i]!.atMs;
    }
    const stop = forecastStopMs(samples);
    if (nowMs - packSince >= BATTERY_CHANGE_AFTER_MS) {
      await raise(
        lock,
        "care.battery-change",
        `${lock.name}: the batteries went in ${Math.floor((nowMs - packSince) / DAY)} days ago; change them every 6–12 months`,
      );
    } else if (stop !== null && stop - nowMs <= FORECAST_WARNING_MS) {
      await raise(
        lock,
        "care.battery-change",
        `${lock.name}: at this rate the batteries run out around ${siteDay(Math.max(stop, nowMs), await siteZone(repo, lock.siteId), nowMs)}; change them soon`,
      );
    } else {
      // Done only when fresh cells went in after it was raised (the readings jumped up): a drain
      // that slows, so the forecast moves past 30 days, is not the owner acting.
      const raisedAt = await repo.lastAlertAt(lock.id, "care.battery-change");
      if (raisedAt !== null && packSince > raisedAt)
        await repo.resolveAlerts(lock.id, "care.battery-change", nowMs);
    }
    const lastTest = await repo.lastAlertAt(lock.id, "care.test-codes");
    if (
      lastTest === null
        ? nowMs - lock.addedAtMs >= TEST_CODES_EVERY_MS
        : nowMs - lastTest >= TEST_CODES_EVERY_MS
    ) {
      await repo.resolveAlerts(lock.id, "care.test-codes", nowMs);
      await raise(
        lock,
        "care.test-codes",
        `${lock.name}: test every code with the door open, so a code that was not saved cannot lock anyone out`,
      );
    }
    const rows = await repo.listLockCodes(lock.id);
    const lingering = rows.filter((r) => r.status !== "removed" && r.slot !== null);
    if (lingering.length > 0) {
      const codes = await repo.getAccessCodes(lingering.map((r) => r.accessCodeId));
      for (const c of codes) {
        if (c.endsAtMs !== null && nowMs - c.endsAtMs >= PAST_END_GRACE_MS) {
          await raise(
            lock,
            `care.code-past-end:${c.id}`,
            `${lock.name}: "${c.name}" ended at ${siteTime(c.endsAtMs, await siteZone(repo, lock.siteId), nowMs)} and is still on the lock (it is offline or refused the removal)`,
          );
        }
      }
    }
  }
  return raised;
}
