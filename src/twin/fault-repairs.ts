/**
 * The fix that repairs each fault on the twin (FAULTS.md), and whether the fault stops the
 * lock working for its person (lock and unlock from the keypad with the door closed) or
 * shows some other way: a weak or stiff lock, a refused new code, an app that cannot reach
 * the lock. Tests prove every pair; the troubleshooter uses it to know when a fix took.
 */
import type { LockProfile } from "../core/profile-types.ts";
import type { FaultId, FixId } from "./fault-ids.ts";

export interface Repair {
  readonly fix: FixId;
  /** The person can no longer lock and unlock with their code while it lasts. */
  readonly stopsTheLock: boolean;
}

export const REPAIR_FOR: Readonly<Record<FaultId, Repair>> = {
  "battery-low": { fix: "replace-batteries", stopsTheLock: true },
  "battery-critical": { fix: "replace-batteries", stopsTheLock: true },
  "battery-dead": { fix: "replace-batteries", stopsTheLock: true },
  "battery-wrong-type": { fix: "replace-batteries", stopsTheLock: false }, // weak, reads low
  "battery-mixed": { fix: "replace-batteries", stopsTheLock: false }, // weak, fails early
  "battery-reversed": { fix: "reseat-batteries", stopsTheLock: true },
  "contacts-corroded": { fix: "clean-contacts", stopsTheLock: true },
  "no-user-codes": { fix: "program-user-code", stopsTheLock: true },
  "not-handed": { fix: "run-door-handing", stopsTheLock: true },
  "wrong-handing": { fix: "run-door-handing", stopsTheLock: true },
  "strike-misaligned": { fix: "adjust-strike-plate", stopsTheLock: true },
  "bolt-dry": { fix: "lubricate-bolt", stopsTheLock: false }, // stiff key, slow bolt
  "clutch-disengaged": { fix: "reseat-clutch", stopsTheLock: true },
  "clutch-spring-broken": { fix: "contact-support", stopsTheLock: true },
  "motor-failed": { fix: "contact-support", stopsTheLock: true },
  "keypad-lockout": { fix: "wait-lockout", stopsTheLock: true },
  "keypad-dirty": { fix: "clean-keypad", stopsTheLock: true },
  "keypad-damaged": { fix: "contact-support", stopsTheLock: true },
  "wrong-code": { fix: "reenter-code", stopsTheLock: true },
  "code-expired": { fix: "readd-code", stopsTheLock: true },
  "code-deleted": { fix: "readd-code", stopsTheLock: true },
  "programming-code-used": { fix: "use-user-code", stopsTheLock: true },
  "code-conflict": { fix: "reenter-code", stopsTheLock: false }, // a new code is refused
  "code-capacity-full": { fix: "delete-code", stopsTheLock: false }, // a new code is refused
  "master-code-forgotten": { fix: "factory-reset", stopsTheLock: false }, // cannot add or change codes
  "vacation-mode": { fix: "disable-vacation-mode", stopsTheLock: true },
  "hub-unpaired": { fix: "repair-hub", stopsTheLock: false }, // the app cannot reach the lock
  "radio-offline": { fix: "restore-connectivity", stopsTheLock: false }, // the keypad still works (B-NET-5)
  "firmware-outdated": { fix: "update-firmware", stopsTheLock: true },
  "memory-corrupted": { fix: "factory-reset", stopsTheLock: true },
  "cold-weather": { fix: "warm-up", stopsTheLock: false }, // slow keypad, weak battery
};

/**
 * Whether the lock's person can repair `fault` on this model without support's visit: not what
 * needs support anyway, nor a firmware update on a model without a radio — the update goes over
 * the radio, and a radio-less lock gets it only from support's service tool (fixes.ts).
 */
export function personCanRepair(profile: Pick<LockProfile, "radio">, fault: FaultId): boolean {
  const { fix } = REPAIR_FOR[fault];
  if (fix === "contact-support") return false;
  return fix !== "update-firmware" || profile.radio !== null;
}
