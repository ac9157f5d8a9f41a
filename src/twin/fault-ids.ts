// The fault and fix ids of FAULTS.md (v1), the vocabulary that the twin (injects faults), the
// diagnostics (names causes) and the troubleshooter (applies fixes) share. The ids are the
// contract: keep this list exactly in step with FAULTS.md, in its order.

/** Every root cause the twin can inject, as FAULTS.md lists them. */
export const FAULT_IDS = [
  "battery-low",
  "battery-critical",
  "battery-dead",
  "battery-wrong-type",
  "battery-mixed",
  "battery-reversed",
  "contacts-corroded",
  "no-user-codes",
  "not-handed",
  "wrong-handing",
  "strike-misaligned",
  "bolt-dry",
  "clutch-disengaged",
  "clutch-spring-broken",
  "motor-failed",
  "keypad-lockout",
  "keypad-dirty",
  "keypad-damaged",
  "wrong-code",
  "code-expired",
  "code-deleted",
  "programming-code-used",
  "code-conflict",
  "code-capacity-full",
  "master-code-forgotten",
  "vacation-mode",
  "hub-unpaired",
  "radio-offline",
  "firmware-outdated",
  "memory-corrupted",
  "cold-weather",
] as const;

/** A fault id from FAULTS.md. */
export type FaultId = (typeof FAULT_IDS)[number];

/** Every fix action the troubleshooting loop can apply, as FAULTS.md lists them. */
export const FIX_IDS = [
  "replace-batteries",
  "clean-contacts",
  "reseat-batteries",
  "program-user-code",
  "run-door-handing",
  "adjust-strike-plate",
  "lubricate-bolt",
  "reseat-clutch",
  "wait-lockout",
  "soft-reset",
  "clean-keypad",
  "reenter-code",
  "readd-code",
  "use-user-code",
  "delete-code",
  "disable-vacation-mode",
  "repair-hub",
  "restore-connectivity",
  "update-firmware",
  "warm-up",
  "factory-reset",
  "contact-support",
] as const;

/** A fix id from FAULTS.md. */
export type FixId = (typeof FIX_IDS)[number];

/** The "what it is" column of FAULTS.md, one line per fault. */
export const FAULT_DESCRIPTIONS: Record<FaultId, string> = {
  "battery-low": "cells partly drained",
  "battery-critical": "cells nearly empty",
  "battery-dead": "no usable charge",
  "battery-wrong-type": "rechargeable (1.2 V) or lithium cells",
  "battery-mixed": "old and new cells mixed",
  "battery-reversed": "a cell in backwards",
  "contacts-corroded": "crust on the pack terminals",
  "no-user-codes": "no user code programmed yet",
  "not-handed": "handing never done, or lost in a reset",
  "wrong-handing": "handing learned for the other side",
  "strike-misaligned": "strike plate off; seasonal door movement",
  "bolt-dry": "no or old lubricant, rust",
  "clutch-disengaged": "clutch lever out of place",
  "clutch-spring-broken": "spring missing/broken",
  "motor-failed": "motor or gear broken",
  "keypad-lockout": "wrong-code limit reached",
  "keypad-dirty": "grime on keys",
  "keypad-damaged": "a key or the touch panel broken",
  "wrong-code": "the person enters a wrong or old code",
  "code-expired": "temporary or scheduled code outside its window",
  "code-deleted": "code removed (for example by a sync)",
  "programming-code-used": "the programming code used to unlock",
  "code-conflict": "new code shares its first 4 digits with another",
  "code-capacity-full": "all slots used",
  "master-code-forgotten": "the programming/master code is unknown",
  "vacation-mode": "a mode that disables keypad codes",
  "hub-unpaired": "pairing lost (reset, new hub)",
  "radio-offline": "Wi-Fi/Bluetooth/hub unreachable",
  "firmware-outdated": "known bug fixed in a newer firmware",
  "memory-corrupted": "settings corrupted",
  "cold-weather": "low temperature",
};

const FAULT_SET: ReadonlySet<string> = new Set(FAULT_IDS);
const FIX_SET: ReadonlySet<string> = new Set(FIX_IDS);

/** True when `id` is a fault id of FAULTS.md. */
export function isFaultId(id: unknown): id is FaultId {
  return typeof id === "string" && FAULT_SET.has(id);
}

/** True when `id` is a fix id of FAULTS.md. */
export function isFixId(id: unknown): id is FixId {
  return typeof id === "string" && FIX_SET.has(id);
}
