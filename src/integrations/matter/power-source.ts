/**
 * The Power Source cluster (Matter Core §11.7) for the lock's pack: voltage, percent and
 * charge level from the twin's cells, and what to buy when it is low (4 × AA alkaline,
 * the pack every guide names).
 */
import { PowerSourceServer } from "@matter/main/behaviors/power-source";
import { PowerSource } from "@matter/main/clusters/power-source";
import type { LockView } from "./lock-port.ts";

export const LockPowerSourceServer = PowerSourceServer.with("Battery", "Replaceable");

type Battery = LockView["battery"];

/** The attributes that follow the pack (set again on every change). */
export function powerSourceStateOf(battery: Battery) {
  if (battery === null) {
    // No pack in: the source is there but not delivering (§11.7.5.1).
    return {
      status: PowerSource.PowerSourceStatus.Unavailable,
      batVoltage: null,
      batPercentRemaining: null,
      batChargeLevel: PowerSource.BatChargeLevel.Critical,
      batReplacementNeeded: true,
    };
  }
  const level =
    battery.level === "ok"
      ? PowerSource.BatChargeLevel.Ok
      : battery.level === "low"
        ? PowerSource.BatChargeLevel.Warning
        : PowerSource.BatChargeLevel.Critical;
  return {
    status: PowerSource.PowerSourceStatus.Active,
    batVoltage: Math.round(battery.volts * 1000),
    // Half-percent units, 0–200 (§11.7.6.12).
    batPercentRemaining: Math.max(0, Math.min(200, Math.round(battery.percent * 2))),
    batChargeLevel: level,
    batReplacementNeeded: battery.level !== "ok",
  };
}

/** The whole initial state: the fixed replacement data plus the live attributes. */
export function initialPowerSourceState(battery: Battery) {
  return {
    order: 0,
    description: "4 × AA alkaline pack",
    batReplaceability: PowerSource.BatReplaceability.UserReplaceable,
    batPresent: battery !== null,
    batReplacementDescription: "4 × AA alkaline (LR6) cells",
    batCommonDesignation: PowerSource.BatCommonDesignation.Aa,
    batAnsiDesignation: "15A",
    batIecDesignation: "LR6",
    batApprovedChemistry: PowerSource.BatApprovedChemistry.Alkaline,
    batQuantity: 4,
    ...powerSourceStateOf(battery),
  };
}
