/**
 * A lock and the person at it, as the simulated person's hands need them: the twin, what
 * the person knows (their code, the programming code, other household codes), what the
 * household has (the app, a meter) and remembers, and how the person perceives — exactly
 * (the web app's "do this on the lock") or with a person's slips (the evaluation's cases).
 */
import type { LockTwin } from "../../twin/lock-twin.ts";
import type { Person } from "../../twin/person.ts";
import type { SeededRandom } from "../../twin/seeded-random.ts";

export interface HouseholdFacts {
  /** They use the lock's app (a radio model). Default: yes where the model has a radio. */
  readonly usesApp?: boolean;
  /** A voltmeter is at hand. Default: yes. */
  readonly hasMeter?: boolean;
  /** The trouble began soon after a battery change (seed 000). Default: unknown. */
  readonly afterBatteryChange?: boolean;
  /** They had already tried the lock with the door open. Default: no. */
  readonly triedDoorOpen?: boolean;
  /** Chance that each symptom besides the main one is mentioned. Default: all are. */
  readonly mentions?: number;
  /** They can name the lock's model. Default: yes. */
  readonly knowsModel?: boolean;
}

/** How a person gets what they look at wrong (issue 15: 3–8 %) or cannot answer. */
export interface Senses {
  readonly rng: SeededRandom;
  readonly misread: number;
  readonly dontKnow: number;
}

export interface LockAtHand {
  readonly twin: LockTwin;
  readonly person: Person;
  readonly profile: string;
  /** How many codes the person believes are programmed (B-CARE-5), if they can say. */
  readonly codeCount?: number;
  readonly household?: HouseholdFacts;
  /** Absent: the person perceives exactly and always answers. */
  readonly senses?: Senses;
}
