/**
 * Which FAULTS.md faults and fixes the twin can do for a model today, and the packs a person
 * can put in (pack-levels.ts: each with its voltage and what the lock does on it). The twin answers
 * `{ ok: false, reason }` for those it cannot simulate (yet, or ever on that model: no radio,
 * no programming code), so the catalogue asks it: each id is tried on a fresh, handed lock of
 * the profile with one user code, and the answer (with its reason) is kept. Some answers
 * depend on the lock's state, so the page still lets a person try any id on their own lock.
 * As the twin learns more faults, the page offers them without a change here.
 */
import { FAULT_DESCRIPTIONS, FAULT_IDS, FIX_IDS } from "../twin/fault-ids.ts";
import { PACK_DESCRIPTIONS, PACK_KINDS } from "../twin/pack-levels.ts";
import { applyFix, injectFault } from "../twin/faults.ts";
import { buildTwin } from "../scenario/build-twin.ts";
import type { BuiltLock } from "../scenario/build-twin.ts";
import { DEFAULT_LOCK_TIME_MS } from "../scenario/scenario-schema.ts";
import type { FaultCatalogue } from "./api-schemas.ts";

const cache = new Map<string, FaultCatalogue>();

function freshLock(profileId: string): BuiltLock {
  const built = buildTwin(
    {
      line: 0,
      profile: profileId,
      state: "ready",
      door: "open",
      batteries: "fresh",
      codes: [{ slot: 1, code: "2947" }],
      faults: [],
      temperatureC: 20,
      settings: {},
      timeMs: DEFAULT_LOCK_TIME_MS,
    },
    "fault catalogue",
  );
  if ("problems" in built)
    throw new Error(`cannot build a ${profileId} lock: ${built.problems[0]?.reason ?? "?"}`);
  return built;
}

export function faultCatalogue(profileId: string): FaultCatalogue {
  const known = cache.get(profileId);
  if (known) return known;
  const faults = FAULT_IDS.map((id) => {
    const { twin, person } = freshLock(profileId);
    const r = injectFault(twin, id, person);
    return {
      id,
      description: FAULT_DESCRIPTIONS[id],
      supported: r.ok,
      ...(r.ok ? {} : { reason: r.reason }),
    };
  });
  const fixes = FIX_IDS.map((id) => {
    const { twin, person } = freshLock(profileId);
    const r = applyFix(twin, id, person);
    return { id, supported: r.ok, ...(r.ok ? {} : { reason: r.reason }) };
  });
  const packs = PACK_KINDS.map((kind) => ({ kind, description: PACK_DESCRIPTIONS[kind] }));
  const catalogue = { faults, fixes, packs };
  cache.set(profileId, catalogue);
  return catalogue;
}
