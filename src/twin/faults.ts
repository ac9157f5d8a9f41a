/**
 * Faults and fixes by FAULTS.md id. A fault changes the lock's physical parameters (cells,
 * contacts, friction, strike, clutch, motor, handing of the door, radio link, air), never
 * the firmware's decisions: the symptoms follow from the physics and from what the
 * firmware reads through its ports. This first cut covers the faults the present physics
 * can produce honestly; the others answer "not simulated yet" so a scenario never passes
 * by ignoring them.
 */
import type { LockTwin } from "./lock-twin.ts";
import type { FaultId, FixId } from "./fault-ids.ts";
import type { PackKind } from "./battery-pack.ts";
import { CLEAN_CONTACT_OHM } from "./battery-pack.ts";
import { HEALTHY_MECHANISM } from "./bolt-mechanism.ts";
import type { PersonKnowledge } from "./person-actions.ts";
import { runDoorHanding, softReset } from "./person-actions.ts";

export type TwinOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: string };
const OK: TwinOutcome = { ok: true };

/** Corroded terminals: a crust of a few ohms in series (B-PWR-5). */
export const CORRODED_CONTACT_OHM = 3;
/** Misaligned strike: extra friction over the last 30 % of the throw with the door closed. */
export const MISALIGNED_STRIKE_N = 16;
/** Dry or rusty bolt: friction more than doubles. */
export const DRY_BOLT_FRICTION_N = 14;
export const COLD_WEATHER_C = -20;

const PACK_FAULTS: Partial<Record<FaultId, PackKind>> = {
  "battery-low": "drained",
  "battery-critical": "critical",
  "battery-dead": "dead",
  "battery-wrong-type": "rechargeable",
  "battery-mixed": "mixed",
  "battery-reversed": "reversed",
};

/** Pack kind a battery fault stands for, if it is one. */
export function packForFault(id: FaultId): PackKind | undefined {
  return PACK_FAULTS[id];
}

export function injectFault(twin: LockTwin, id: FaultId): TwinOutcome {
  const pack = PACK_FAULTS[id];
  if (pack) {
    if (!twin.cells) return OK;
    // The cells in the holder change; a reversed or dead pack cuts the power.
    twin.removePack();
    twin.insertPack(pack);
    return OK;
  }
  switch (id) {
    case "contacts-corroded":
      twin.contactOhm = CORRODED_CONTACT_OHM;
      return OK;
    case "strike-misaligned":
      twin.mech = { ...twin.mech, strikeLoadN: MISALIGNED_STRIKE_N };
      return OK;
    case "bolt-dry":
      twin.mech = { ...twin.mech, frictionN: DRY_BOLT_FRICTION_N };
      return OK;
    case "clutch-disengaged":
      twin.mech = { ...twin.mech, clutchEngaged: false };
      return OK;
    case "motor-failed":
      twin.mech = { ...twin.mech, motorWorks: false };
      return OK;
    case "wrong-handing":
      // The lock body now sits on a door of the other hand from the one it learned.
      twin.extendDrive = twin.extendDrive === "cw" ? "ccw" : "cw";
      return OK;
    case "radio-offline":
      twin.radioOnline = false;
      return OK;
    case "cold-weather":
      twin.setTemperature(COLD_WEATHER_C);
      return OK;
    default:
      return { ok: false, reason: `fault "${id}" cannot be simulated by the twin yet (the physical-twin issue adds it)` };
  }
}

export function applyFix(twin: LockTwin, id: FixId, person: PersonKnowledge): TwinOutcome {
  switch (id) {
    case "replace-batteries":
      twin.replacePack("fresh");
      return OK;
    case "reseat-batteries":
      // Out, each cell checked against the + and − marks (seed 000), and back in.
      twin.removePack();
      twin.advance(2_000);
      twin.insertPack();
      twin.turnCellsRightWayRound();
      return OK;
    case "clean-contacts":
      twin.removePack();
      twin.contactOhm = CLEAN_CONTACT_OHM;
      twin.insertPack();
      return OK;
    case "adjust-strike-plate":
      twin.mech = { ...twin.mech, strikeLoadN: 0 };
      return OK;
    case "lubricate-bolt":
      twin.mech = { ...twin.mech, frictionN: HEALTHY_MECHANISM.frictionN };
      return OK;
    case "reseat-clutch":
      twin.mech = { ...twin.mech, clutchEngaged: true };
      return OK;
    case "restore-connectivity":
      twin.radioOnline = true;
      return OK;
    case "warm-up":
      twin.setTemperature(20);
      return OK;
    case "soft-reset":
      softReset(twin);
      return OK;
    case "run-door-handing":
      return runDoorHanding(twin, person)
        ? OK
        : { ok: false, reason: `${twin.profile.id}: the door-handing procedure needs the programming code, which is not known` };
    case "contact-support":
      // Support replaces what a person cannot: the motor and gear train.
      twin.mech = { ...twin.mech, motorWorks: true, clutchEngaged: true };
      return OK;
    default:
      return { ok: false, reason: `fix "${id}" cannot be applied by the twin yet (the physical-twin issue adds it)` };
  }
}
