/**
 * Battery monitoring (B-PWR-2, B-PWR-3): the pack voltage at rest, and the lowest supply
 * under a running motor, against the profile's low and critical thresholds. A dead pack
 * (B-PWR-4) never reaches the firmware at all: below the brown-out voltage there is no
 * firmware running to believe anything.
 */
import type { BatteryLevel } from "./state.ts";
import type { LockProfile } from "./profile-types.ts";
import type { StepContext } from "./step-context.ts";
import { MEASURE_BATTERY, record, reportEvent, startTimer } from "./step-context.ts";
import { packPercent } from "./pack-charge.ts";

/** How bad a level is (ok 0, low 1, critical 2): compared, not looked up, so the read stays monomorphic. */
function rank(level: BatteryLevel): number {
  return level === "critical" ? 2 : level === "low" ? 1 : 0;
}

/**
 * How long an idle lock goes between measurements of its pack (ours). The lock also measures
 * after every motor run, when the pack is most informative, so the check matters only when the
 * lock sits idle; a pack well above the low threshold (B-PWR-2) falls a few hundredths of a
 * volt a week, so once a day is enough for it, and every 6 hours once it nears or passes it.
 */
export const BATTERY_CHECK_MS = { freshPack: 24 * 3_600_000, nearThreshold: 6 * 3_600_000 } as const;
/** Above the low threshold by more than this, a pack is fresh enough for the daily check. */
export const FRESH_PACK_MARGIN_V = 0.2;

export function batteryCheckIntervalMs(profile: LockProfile, restV: number): number {
  return restV - profile.battery.lowV > FRESH_PACK_MARGIN_V
    ? BATTERY_CHECK_MS.freshPack
    : BATTERY_CHECK_MS.nearThreshold;
}

/**
 * The idle battery check came due: measure, unless the pack was measured since (after a run),
 * in which case the check moves to one interval after that measurement. Either way the next
 * check follows from the pack's state, not a fixed beat.
 */
export function onBatteryCheck(ctx: StepContext): void {
  const s = ctx.s;
  const intervalMs = batteryCheckIntervalMs(ctx.profile, s.batteryRestV);
  const sinceMs = s.batteryMeasuredMs === null ? Infinity : ctx.now - s.batteryMeasuredMs;
  if (sinceMs < intervalMs) {
    startTimer(ctx, "batteryCheck", intervalMs - sinceMs);
    return;
  }
  ctx.effects.push(MEASURE_BATTERY);
  startTimer(ctx, "batteryCheck", intervalMs);
}

export function levelFor(profile: LockProfile, restV: number, minLoadV: number | null = null): BatteryLevel {
  const b = profile.battery;
  const atRest: BatteryLevel = restV < b.criticalV ? "critical" : restV < b.lowV ? "low" : "ok";
  if (minLoadV === null) return atRest;
  const underLoad: BatteryLevel =
    minLoadV < b.criticalUnderLoadV ? "critical" : minLoadV < b.lowUnderLoadV ? "low" : "ok";
  return rank(underLoad) > rank(atRest) ? underLoad : atRest;
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
  s.batteryMeasuredMs = ctx.now;
  if (temperatureC !== undefined) s.temperatureC = temperatureC;
  setBatteryLevel(ctx, levelFor(ctx.profile, restV, s.batteryMinLoadV));
}

export function setBatteryLevel(ctx: StepContext, level: BatteryLevel): void {
  const before = ctx.s.battery;
  ctx.s.battery = level;
  if (level !== before && level !== "ok") {
    reportEvent(ctx, {
      kind: level === "low" ? "battery-low" : "battery-critical",
      percent: packPercent(ctx.s.batteryRestV),
    });
    record(ctx, "refused", "system", {
      detail: `battery ${level} (${ctx.s.batteryRestV.toFixed(2)} V at rest)`,
    });
  }
}
