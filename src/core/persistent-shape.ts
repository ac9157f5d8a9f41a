/**
 * One object shape for every persistent state the core keeps (issue 17). States come from a
 * record the store decoded (JSON.parse builds its own shapes), from the factory, and from
 * spreads like `{ ...p, lockoutLevel: 0 }`; V8 gives each its own hidden class, so a fleet run
 * met nine of them, every function that reads `persistent.codes` or `.settings` went
 * polymorphic, and each new one cost a deoptimisation. Copied field by field into one literal,
 * they share one.
 */
import type { PersistentState } from "./state.ts";

/** The fields of a persistent state, in the order the factory writes them (and JSON keeps). */
export const PERSISTENT_FIELDS: readonly string[] = [
  "secret",
  "codes",
  "programmingCode",
  "handing",
  "settings",
  "mode",
  "paired",
  "lockoutLevel",
  "brownOuts",
];

/**
 * `p` copied into the one literal shape, the same fields in the same order (so the same JSON
 * in the store). A state with other fields or another order is given back as it is: a copy
 * must never drop or reorder what a record held.
 */
export function shapedPersistent(p: PersistentState): PersistentState {
  if (!hasPersistentFields(p)) return p;
  return {
    secret: p.secret,
    codes: p.codes,
    programmingCode: p.programmingCode,
    handing: p.handing,
    settings: p.settings,
    mode: p.mode,
    paired: p.paired,
    lockoutLevel: p.lockoutLevel,
    brownOuts: p.brownOuts,
  };
}

/** Whether `p` has exactly the fields of a persistent state, in their order (and no others). */
export function hasPersistentFields(p: object): boolean {
  let i = 0;
  for (const key in p) {
    if (key !== PERSISTENT_FIELDS[i]) return false;
    i++;
  }
  return i === PERSISTENT_FIELDS.length;
}
