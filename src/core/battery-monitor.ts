/**
 * Battery monitoring (B-PWR-2, B-PWR-3): the pack voltage at rest against the profile's
 * low and critical thresholds. A dead pack (B-PWR-4) never reaches the firmware at all:
 * below the brown-out voltage there is no firmware running to believe anything.
 */
import type { BatteryLevel } from "./state.ts";
import type { LockProfile } from "./profile-types.ts";
import type { StepContext } from "./step-context.ts";
import { record, report } from "./step-context.ts";

export function levelFor(profile: LockProfile, restV: number): BatteryLevel {
  if (restV < profile.battery.criticalV) return "critical";
  if (restV < profile.battery.lowV) return "low";
  return "ok";
}

export function onBatterySample(ctx: StepContext, restV: number): void {
  const before = ctx.s.battery;
  ctx.s.batteryRestV = restV;
  ctx.s.battery = levelFor(ctx.profile, restV);
  if (ctx.s.battery !== before && ctx.s.battery !== "ok") {
    report(ctx, { type: "alert", alert: ctx.s.battery === "low" ? "low-battery" : "critical-battery" });
    record(ctx, "refused", "system", { detail: `battery ${ctx.s.battery} at ${restV.toFixed(2)} V` });
  }
}
