/**
 * Why an operation failed, in FAULTS.md's words, judged from the physics the fleet can see
 * (it is the world, not the firmware): "which one change would have made this work?" A
 * motor run that did not get the bolt home is re-planned with a fresh pack, clean contacts, a
 * straight strike, a lubricated bolt or a warm day; the first that moves the bolt names the
 * cause. When a fresh pack would have done it, the pack is to blame (battery-low) — that is
 * how a swollen door or a dry bolt shortens a pack's life.
 */
import type { LockProfile } from "../../core/profile-types.ts";
import type { FaultId } from "../fault-ids.ts";
import type { LockTwin } from "../lock-twin.ts";
import type { MechanicalState } from "../bolt-mechanism.ts";
import { BOLT_THROW_MM, HEALTHY_MECHANISM, planMotion } from "../bolt-mechanism.ts";
import { CLEAN_CONTACT_OHM, packElectrics } from "../battery-pack.ts";
import type { Cell } from "../battery-cell.ts";
import { newCell } from "../battery-cell.ts";

/** A FAULTS.md fault id, or "unexplained" (a failure the model cannot account for: a bug to chase). */
export type FailureCause = FaultId | "unexplained";

/** Causes that end a pack's life (battery-log.ts): the lock failed for battery reasons. */
export const BATTERY_CAUSES: ReadonlySet<FailureCause> = new Set<FailureCause>([
  "battery-dead",
  "battery-critical",
  "battery-low",
]);

/**
 * The pack a lock is judged against: four alkaline cells nine-tenths full, a pack in its first
 * weeks. Judging against a brand-new pack would blame the battery for a mechanism that only
 * a brand-new pack can just move (a dry bolt on the edge of jamming): the owner's new pack
 * would fail too within days.
 */
const FRESH: readonly Cell[] = [0, 1, 2, 3].map(() => newCell("alkaline", 0.9));

/** The cause of a motor run that left the bolt short of where it was sent. */
export function motorFailureCause(twin: LockTwin, extending: boolean): FailureCause {
  const mech = twin.mech;
  if (!mech.motorWorks) return "motor-failed";
  if (!mech.clutchEngaged) return mech.clutchSpringBroken ? "clutch-spring-broken" : "clutch-disengaged";
  const t = twin.temperatureC;
  const fresh = packElectrics(FRESH, t, CLEAN_CONTACT_OHM);
  const works = (m: MechanicalState, openV: number, seriesOhm: number, temperatureC = t): boolean =>
    runSucceeds(twin.profile, m, extending, twin.doorClosed, openV, seriesOhm, temperatureC);
  if (works(mech, fresh.openV, fresh.seriesOhm)) {
    if (twin.contactsCorroded && twin.cells) {
      const clean = packElectrics(twin.cells, t, CLEAN_CONTACT_OHM);
      if (works(mech, clean.openV, clean.seriesOhm)) return "contacts-corroded";
    }
    return "battery-low";
  }
  if (mech.strikeLoadN > 0 && works({ ...mech, strikeLoadN: 0 }, fresh.openV, fresh.seriesOhm))
    return "strike-misaligned";
  if (
    mech.frictionN > HEALTHY_MECHANISM.frictionN &&
    works({ ...mech, frictionN: HEALTHY_MECHANISM.frictionN }, fresh.openV, fresh.seriesOhm)
  ) {
    return "bolt-dry";
  }
  const warm = packElectrics(FRESH, 20, CLEAN_CONTACT_OHM);
  if (t < 20 && works(mech, warm.openV, warm.seriesOhm, 20)) return "cold-weather";
  if (mech.strikeLoadN > 0) return "strike-misaligned";
  if (mech.frictionN > HEALTHY_MECHANISM.frictionN) return "bolt-dry";
  return "unexplained";
}

/**
 * Whether a run would get the bolt home as the firmware sees it (bolt-control.ts): the bolt
 * moves all the way (bolt-mechanism.ts), no segment draws what the firmware takes for a stall
 * (`stallRatio` of supply / motorOhm, B-BOLT-6), the supply stays above brown-out, and the
 * run ends within `runTimeoutMs`.
 */
export function runSucceeds(
  profile: LockProfile,
  mech: MechanicalState,
  extending: boolean,
  doorClosed: boolean,
  openV: number,
  seriesOhm: number,
  temperatureC: number,
): boolean {
  const from = extending ? 0 : BOLT_THROW_MM;
  const to = extending ? BOLT_THROW_MM : 0;
  const { motorOhm, stallRatio, runTimeoutMs } = profile.bolt;
  let ms = 0;
  for (const seg of planMotion(from, to, mech, doorClosed, openV, seriesOhm, temperatureC)) {
    const supplyV = openV - seg.currentA * seriesOhm;
    // As the twin reports it (whole mA) and the firmware judges it (bolt-control.ts isStall).
    const currentMa = Math.round(seg.currentA * 1000);
    if (
      seg.speedMmS <= 0 ||
      supplyV < profile.battery.brownOutV ||
      currentMa >= (stallRatio * supplyV * 1000) / motorOhm
    )
      return false;
    ms += (Math.abs(seg.toMm - seg.fromMm) / seg.speedMmS) * 1000;
  }
  return ms < runTimeoutMs;
}

/** The cause of a key or thumbturn that would not turn (the same loads, a hand instead of a motor). */
export function manualFailureCause(twin: LockTwin): FailureCause {
  if (twin.mech.strikeLoadN > 0 && twin.doorClosed) return "strike-misaligned";
  if (twin.mech.frictionN > HEALTHY_MECHANISM.frictionN) return "bolt-dry";
  return twin.temperatureC < 0 ? "cold-weather" : "unexplained";
}
