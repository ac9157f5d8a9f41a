/**
 * One troubleshooting case as plain data: the lock model, the faults with how bad they are,
 * the household (its codes, what it remembers, whether it uses the app), the air at the
 * door, harmless oddities, and the person's habits (how often they misread, do not know,
 * or leave a symptom out). A case is built into a world (build-world.ts) the same way every
 * time, so the troubleshooter and each baseline meet the same lock.
 */
import type { FaultId } from "../../twin/fault-ids.ts";

export interface InjectedFault {
  readonly id: FaultId;
  /** 0 = the mildest form the generator uses, 1 = the worst (inject-fault.ts says per fault). */
  readonly severity: number;
  /** Which form, where a fault has several (which digit is wrong, which key is broken…). */
  readonly variant: number;
}

export interface HouseholdCode {
  readonly slot: number;
  readonly code: string;
}

export interface Household {
  /** The person's own code and slot. */
  readonly own: HouseholdCode;
  /** The other household codes stored in the lock. */
  readonly others: readonly HouseholdCode[];
  /** The person remembers at least one other household code (to try it). */
  readonly remembersOther: boolean;
  /** The programming (master) code stored in the lock, if the model has one set. */
  readonly programmingCode?: string;
  /** The person knows it. */
  readonly knowsProgrammingCode: boolean;
  /** The household uses the lock's app (radio models only). */
  readonly usesApp: boolean;
  /** They can say how many codes the household has (B-CARE-5). */
  readonly knowsCodeCount: boolean;
  /** There is a voltmeter in the house (seed 003's monthly check). */
  readonly hasMeter: boolean;
  /** The trouble started soon after the batteries were changed (seed 000). */
  readonly afterBatteryChange: boolean;
  /** They can name the lock's model. */
  readonly knowsModel: boolean;
}

export type Oddity =
  /** Cells part-used but healthy (charge 0.5–0.95): the pack reads below fresh. */
  | { readonly kind: "part-used-cells"; readonly charge: number }
  /** A wrong-code lockout some days ago that ended by itself. */
  | { readonly kind: "old-lockout"; readonly daysAgo: number }
  /** A code mistyped and then typed right, some hours ago. */
  | { readonly kind: "old-mistype"; readonly hoursAgo: number }
  /** Brown-out resets on record from an old weak pack. */
  | { readonly kind: "old-brown-out"; readonly count: number };

export interface PersonTraits {
  /** Chance of misreading what they look at (3–8 %). */
  readonly misread: number;
  /** Chance of "don't know" to a question they could answer from memory. */
  readonly dontKnow: number;
  /** Chance that each symptom besides the main one is mentioned. */
  readonly mentions: number;
  /** They tried the lock with the door open before asking (seed 000/004 teach it). */
  readonly triedDoorOpen: boolean;
}

export interface CaseSpec {
  /** Stable name: set, mix, index (and which draw). */
  readonly id: string;
  readonly profile: string;
  readonly faults: readonly InjectedFault[];
  readonly temperatureC: number;
  /** The lock's clock at the start (epoch ms). */
  readonly startMs: number;
  readonly household: Household;
  readonly oddities: readonly Oddity[];
  readonly person: PersonTraits;
  /** Seeds the twin's chance events and the person's noise. */
  readonly seed: number;
}
