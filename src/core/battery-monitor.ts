/**
 * Battery monitoring (B-PWR-2, B-PWR-3): the pack voltage at rest, and the lowest supply
 * under a running motor, against the profile's low and critical thresholds. A dead pack
 * (B-PWR-4) never reaches the firmware at all: below the brown-out voltage there is no
 * firmware running to believe anything.
 */
import type { BatteryLevel } from "./state.ts";
import type { LockProfile } from "./profile-types.ts";
import type { StepContext } from "./step-context.ts";
import { record, report } from "./step-context.ts";

const RANK: Readonly<Record<BatteryLevel, number>> = { ok: 0, low: 1, critical: 2 };

export function levelFor(profile: LockProfile, restV: number, minLoadV: number | null = null): BatteryLevel {
  const b = profile.battery;
  const atRest: BatteryLevel = restV < b.criticalV ? "critical" : restV < b.lowV ? "low" : "ok";
  if (minLoadV === null) return atRest;
  const underLoad: BatteryLevel =
    minLoadV < b.criticalUnderLoadV ? "critical" : minLoadV < b.lowUnderLoadV ? "low" : "ok";
  return RANK[underLoad] > RANK[atRest] ? underLoad : atRest;
}

/** A reading at rest. A new pack (a rise of more than 0.3 V) forgets what the old one did under load. */
export function onBatterySample(ctx: StepContext, restV: number, temperatureC?: number): void {
  const s = ctx.s;
  if (restV > s.batteryRestV + 0.3) {
    s.batteryMinLoadV = null;
    s.sourceOhm = null;
    s.sourceLearnedMs = null;
  }
  s.batteryRestV = restV;
  if (temperatureC !== undefined) s.temperatureC = temperatureC;
  setBatteryLevel(ctx, levelFor(ctx.profile, restV, s.batteryMinLoadV));
}

export function setBatteryLevel(ctx: StepContext, level: BatteryLevel): void {
  const before = ctx.s.battery;
  ctx.s.battery = level;
  if (level !== before && level !== "ok") {
    report(ctx, { type: "alert", alert: level === "low" ? "low-battery" : "critical-battery" });
    record(ctx, "refused", "system", {
      detail: `battery ${level} (${ctx.s.batteryRestV.toFixed(2)} V at rest)`,
    });
  }
}
