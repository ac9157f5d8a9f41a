/**
 * A simulated household lock for one troubleshooting case: a ready lock of a model with
 * the person's code and a second household code (so "another code works" means
 * something), the programming code where the model has one, the door closed — then the
 * case's faults injected through the twin, exactly as the twin's own tests do.
 */
import { getProfile } from "../../core/profiles/index.ts";
import type { LockProfile } from "../../core/profile-types.ts";
import { buildTwin } from "../../scenario/build-twin.ts";
import type { LockSetup } from "../../scenario/scenario-types.ts";
import { injectFault, packForFault } from "../../twin/faults.ts";
import type { FaultId } from "../../twin/fault-ids.ts";
import type { LockTwin } from "../../twin/lock-twin.ts";
import type { Person } from "../../twin/person.ts";
import { capabilitiesOf } from "../engine/capabilities.ts";

/** The household's codes (seed 003's valid examples: first four digits differ). */
export const PERSON_CODE = "2947";
export const OTHER_CODE = "8163";
/** The master/programming code on models where the person sets one (seed 002). */
export const MASTER_CODE = "5813";
export const CASE_START_MS = Date.parse("2026-03-02T08:00:00Z");

export interface CaseLock {
  readonly twin: LockTwin;
  readonly person: Person;
  readonly profile: string;
  /** How many codes the person believes are programmed (B-CARE-5: have the code count ready). */
  readonly codeCount: number;
}

/** Models on which the person sets a master code themselves (guide 002, manufacturer 910). */
function needsMasterCode(profile: LockProfile): boolean {
  return profile.codes.defaultProgrammingCode === null && capabilitiesOf(profile).programmingCode;
}

/**
 * Builds the case's lock. Faults that need a running lock go in while the pack is fresh, then
 * a pack fault, so "dead cells and no codes" can be built; a lockout goes in last. Two
 * faults that overwrite each other are the caller's to avoid (the knowledge base's
 * exclusive groups).
 */
export function buildCaseLock(
  profileId: string,
  faults: readonly FaultId[],
  seed: number,
): CaseLock | { refused: string } {
  const profile = getProfile(profileId);
  if (!profile) return { refused: `unknown profile "${profileId}"` };
  const setup: LockSetup = {
    line: 1,
    profile: profileId,
    state: "ready",
    door: "closed",
    batteries: "fresh",
    codes: [
      { slot: 1, code: PERSON_CODE },
      { slot: 2, code: OTHER_CODE },
    ],
    ...(needsMasterCode(profile) ? { programmingCode: MASTER_CODE } : {}),
    faults: [],
    temperatureC: 20,
    settings: {},
    timeMs: CASE_START_MS,
  };
  const built = buildTwin(setup, "troubleshooter-case");
  if ("problems" in built) return { refused: built.problems.map((p) => p.reason).join("; ") };
  const { twin } = built;
  const person: Person = { ...built.person, otherCodes: [{ code: OTHER_CODE, slot: 2 }] };
  // The twin's chance events (a dirty key missing, a corroded contact's resistance) come
  // from one stream seeded alike for every twin; move along it so cases differ.
  const skip = seed % 997;
  for (let i = 0; i < skip; i++) twin.rng.next();
  // A lockout lives in working memory, so it goes in last: any power cycle would end it.
  const lockout = faults.filter((f) => f === "keypad-lockout");
  const rest = faults.filter((f) => f !== "keypad-lockout");
  const ordered = [
    ...rest.filter((f) => !packForFault(f)),
    ...rest.filter((f) => packForFault(f)),
    ...lockout,
  ];
  for (const f of ordered) {
    const r = injectFault(twin, f, person);
    if (!r.ok) return { refused: `${f}: ${r.reason}` };
  }
  twin.advance(5_000);
  // The person counts their own code and the household's (capacity-full adds to those).
  return { twin, person, profile: profileId, codeCount: 1 + (person.otherCodes?.length ?? 0) };
}
