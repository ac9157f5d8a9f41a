/**
 * A plain household for tests and examples: the person's code 2947 in slot 1 and a second
 * household code 8163 in slot 2 (seed 003's valid examples), the programming code where the
 * model needs or has one, 20 °C, no oddities, a person who reads everything exactly and
 * mentions everything — with the given faults at the given severity.
 */
import { getProfile } from "../../core/profiles/index.ts";
import type { FaultId } from "../../twin/fault-ids.ts";
import { buildWorld } from "./build-world.ts";
import type { World } from "./build-world.ts";
import type { CaseSpec } from "./case-spec.ts";

export const PLAIN_OWN_CODE = "2947";
export const PLAIN_OTHER_CODE = "8163";
export const PLAIN_MASTER_CODE = "50813";

export function plainSpec(
  profile: string,
  faults: readonly FaultId[],
  seed = 1,
  options: { severity?: number; temperatureC?: number } = {},
): CaseSpec {
  const p = getProfile(profile);
  const hasProgramming =
    p !== undefined &&
    (p.codes.defaultProgrammingCode !== null ||
      p.procedures.some(
        (x) =>
          x.start.kind === "programming-code" || x.tokens.some((t) => t.t === "digits" && t.role === "auth"),
      ));
  return {
    id: `plain/${profile}/${faults.join("+")}/${seed}`,
    profile,
    faults: faults.map((id) => ({ id, severity: options.severity ?? 0.5, variant: seed })),
    temperatureC: options.temperatureC ?? 20,
    startMs: Date.parse("2026-03-02T08:00:00Z"),
    household: {
      own: { slot: 1, code: PLAIN_OWN_CODE },
      others: [{ slot: 2, code: PLAIN_OTHER_CODE }],
      remembersOther: true,
      ...(hasProgramming ? { programmingCode: p?.codes.defaultProgrammingCode ?? PLAIN_MASTER_CODE } : {}),
      knowsProgrammingCode: hasProgramming,
      usesApp: true,
      knowsCodeCount: true,
      hasMeter: true,
      afterBatteryChange: false,
      knowsModel: true,
    },
    oddities: [],
    person: { misread: 0, dontKnow: 0, mentions: 1, triedDoorOpen: false },
    seed,
  };
}

/** The plain household's world, or null when these faults cannot be put in on this model. */
export function plainWorld(
  profile: string,
  faults: readonly FaultId[],
  seed = 1,
  options: { severity?: number; temperatureC?: number } = {},
): World | null {
  const w = buildWorld(plainSpec(profile, faults, seed, options), { exact: true });
  return typeof w === "string" ? null : w;
}
