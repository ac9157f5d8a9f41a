/**
 * How often each fault is the cause, in the three mixes the evaluation reports (issue 15):
 *
 * - `uniform`: every FAULTS.md fault equally often (the targets are measured here);
 * - `seed-000`: seed 000's one figure, "Start with battery solutions—they resolve 60% of
 *   cases": the seven power faults (the pack and its contacts) share 60 %, the other
 *   twenty-four the other 40 %, evenly within each. Seed 000 says it of its own complaint
 *   ("unlocks but won't lock"); we apply it to every case, which is the only reading that
 *   gives a whole mix (ours);
 * - `kb`: the knowledge base's own priors as they stood when this generator was written
 *   (issue 6, docs/troubleshooter.md "Causes and priors"). They are COPIED HERE AS NUMBERS, not
 *   imported: the generator must not import what it grades, and later tuning of the
 *   knowledge base on the development set must not move the held-out cases.
 */
import type { FaultId } from "../../twin/fault-ids.ts";
import { FAULT_IDS } from "../../twin/fault-ids.ts";

export const MIX_IDS = ["uniform", "seed-000", "kb"] as const;
export type MixId = (typeof MIX_IDS)[number];

export function isMixId(id: string): id is MixId {
  return (MIX_IDS as readonly string[]).includes(id);
}

const POWER: readonly FaultId[] = [
  "battery-low",
  "battery-critical",
  "battery-dead",
  "battery-wrong-type",
  "battery-mixed",
  "battery-reversed",
  "contacts-corroded",
];

/**
 * The knowledge base's prior weights at commit dcd22a9 (issue 6), copied by hand from
 * src/diagnostics/knowledge/faults.ts on the day this generator was frozen. Do not update
 * them when the knowledge base changes: they define the held-out "kb" mix.
 */
const KB_PRIORS_AT_FREEZE: Readonly<Record<FaultId, number>> = {
  "battery-low": 14,
  "battery-critical": 6,
  "battery-dead": 8,
  "battery-wrong-type": 3,
  "battery-mixed": 2,
  "battery-reversed": 1.5,
  "contacts-corroded": 2.5,
  "no-user-codes": 4,
  "not-handed": 4,
  "wrong-handing": 1.5,
  "strike-misaligned": 6,
  "bolt-dry": 3,
  "clutch-disengaged": 3,
  "clutch-spring-broken": 0.8,
  "motor-failed": 1,
  "keypad-lockout": 3,
  "keypad-dirty": 2,
  "keypad-damaged": 0.7,
  "wrong-code": 8,
  "code-expired": 2,
  "code-deleted": 4,
  "programming-code-used": 1,
  "code-conflict": 3,
  "code-capacity-full": 1.5,
  "master-code-forgotten": 3,
  "vacation-mode": 1,
  "hub-unpaired": 3,
  "radio-offline": 4,
  "firmware-outdated": 1.5,
  "memory-corrupted": 1,
  "cold-weather": 2,
};

/** Relative weight of each fault in a mix (they need not sum to 1). */
export function mixWeights(mix: MixId): Readonly<Record<FaultId, number>> {
  const out = {} as Record<FaultId, number>;
  for (const f of FAULT_IDS) {
    if (mix === "uniform") out[f] = 1;
    else if (mix === "seed-000")
      out[f] = POWER.includes(f) ? 0.6 / POWER.length : 0.4 / (FAULT_IDS.length - POWER.length);
    else out[f] = KB_PRIORS_AT_FREEZE[f];
  }
  return out;
}
