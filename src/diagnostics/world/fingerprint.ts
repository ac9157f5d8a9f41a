/**
 * A fingerprint of a case set: SHA-256 over the first draw of every case (its faults and
 * everything drawn with them), so that a change to the generator that would change the
 * held-out cases is caught (case-sets.test.ts) — without building any lock.
 */
import { createHash } from "node:crypto";
import type { CaseKind, CaseSet } from "./generate-cases.ts";
import { candidateSpec, drawFaults } from "./generate-cases.ts";
import type { MixId } from "./mixes.ts";

export function fingerprint(set: CaseSet, mix: MixId, kind: CaseKind, size: number): string {
  const hash = createHash("sha256");
  for (let i = 0; i < size; i++) {
    const faults = drawFaults(set, mix, kind, i);
    hash.update(JSON.stringify(candidateSpec(set, mix, kind, i, faults, 0)));
    hash.update("\n");
  }
  return hash.digest("hex");
}
