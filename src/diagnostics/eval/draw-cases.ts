/**
 * Drawing evaluation cases: a cause (or two) from the knowledge base's priors, then a lock
 * model where it can exist, uniformly. Two causes that set the same thing two ways (two
 * packs, two typed codes) are never drawn together: the knowledge base's exclusive groups.
 */
import { PROFILES } from "../../core/profiles/index.ts";
import type { SeededRandom } from "../../twin/seeded-random.ts";
import { capabilitiesOf } from "../engine/capabilities.ts";
import { allowed } from "../engine/model.ts";
import type { FaultId } from "../knowledge/ids.ts";
import type { KnowledgeBase } from "../knowledge/types.ts";

export interface DrawnCase {
  readonly faults: readonly FaultId[];
  readonly profile: string;
  /** Seeds the twin's chance events and the person's habits for this case. */
  readonly seed: number;
}

function pick<T>(rng: SeededRandom, items: readonly T[], weight: (t: T) => number): T {
  const total = items.reduce((a, t) => a + weight(t), 0);
  let r = rng.next() * total;
  for (const t of items) {
    r -= weight(t);
    if (r < 0) return t;
  }
  return items[items.length - 1] as T;
}

function canExistOn(kb: KnowledgeBase, fault: FaultId, profileId: string): boolean {
  const profile = PROFILES[profileId];
  const needs = kb.faults.find((f) => f.id === fault)?.needs;
  if (!profile) return false;
  return allowed(needs, capabilitiesOf(profile));
}

export function drawCase(kb: KnowledgeBase, rng: SeededRandom, count: 1 | 2): DrawnCase {
  const first = pick(rng, kb.faults, (f) => f.prior.value).id;
  const faults: FaultId[] = [first];
  if (count === 2) {
    const clash = new Set<FaultId>(kb.exclusive.filter((g) => g.includes(first)).flat());
    clash.add(first);
    const second = pick(
      rng,
      kb.faults.filter((f) => !clash.has(f.id)),
      (f) => f.prior.value,
    ).id;
    faults.push(second);
  }
  const models = Object.keys(PROFILES).filter((p) => faults.every((f) => canExistOn(kb, f, p)));
  const profile =
    models.length > 0 ? (models[Math.floor(rng.next() * models.length)] as string) : "smartcode-914";
  return { faults, profile, seed: Math.floor(rng.next() * 2 ** 31) };
}
