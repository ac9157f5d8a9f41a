/**
 * The knowledge base as one value: faults with priors, symptoms, observations and fixes,
 * each number cited in its own file. `checkKnowledgeBase` finds what would make the engine
 * wrong silently (a distribution that does not sum to one, an unknown id).
 */
import { FAULT_IDS, FIX_IDS, SYMPTOM_IDS } from "./ids.ts";
import { FAULTS } from "./faults.ts";
import { FIXES } from "./fixes.ts";
import { OBSERVATIONS } from "./observations.ts";
import { SYMPTOM_LEAK, SYMPTOM_LIKELIHOODS, SYMPTOMS } from "./symptoms.ts";
import type { KnowledgeBase } from "./types.ts";
import { learnedKnowledgeBase } from "./learned-tables.ts";

/**
 * The cited knowledge base: every number from a guide, the spec, REFERENCES.md, or "ours"
 * with the reason. It is the prior of the learned tables below.
 */
export const CITED_KNOWLEDGE_BASE: KnowledgeBase = {
  faults: FAULTS,
  symptoms: SYMPTOMS,
  symptomLikelihoods: SYMPTOM_LIKELIHOODS,
  symptomLeak: SYMPTOM_LEAK,
  observations: OBSERVATIONS,
  fixes: FIXES,
  exclusive: [
    // One pack is in the lock at a time.
    [
      "battery-low",
      "battery-critical",
      "battery-dead",
      "battery-wrong-type",
      "battery-mixed",
      "battery-reversed",
    ],
    // What the person types to get in.
    ["wrong-code", "programming-code-used"],
    // The one new code the person wants to add.
    ["code-conflict", "code-capacity-full"],
    // The person's own slot: gone, expired, or every code gone.
    ["no-user-codes", "code-deleted", "code-expired", "memory-corrupted"],
    // The stored handing.
    ["not-handed", "wrong-handing", "memory-corrupted"],
    // The clutch lever: out of place, or its spring broken.
    ["clutch-disengaged", "clutch-spring-broken"],
  ],
  precedence: [
    // No power: nothing else can show (B-PWR-4).
    "battery-dead",
    "battery-reversed",
    // The keypad ignores everything (B-SEC-1).
    "keypad-lockout",
    // No codes: the lock button and codes do nothing (B-SET-7).
    "memory-corrupted",
    "no-user-codes",
    // Codes refused or garbled before anything moves.
    "vacation-mode",
    "keypad-damaged",
    "keypad-dirty",
    "firmware-outdated",
    "wrong-code",
    "programming-code-used",
    "code-expired",
    "code-deleted",
    // Checks before a motor run (B-SET-2, B-PWR-3).
    "not-handed",
    "battery-critical",
    // The motor run: supply, drive train, direction.
    "contacts-corroded",
    "battery-low",
    "motor-failed",
    "clutch-spring-broken",
    "clutch-disengaged",
    "wrong-handing",
    // Load on a moving bolt.
    "strike-misaligned",
    "bolt-dry",
    "cold-weather",
    "battery-wrong-type",
    "battery-mixed",
    // Other channels: adding codes, the app.
    "code-conflict",
    "code-capacity-full",
    "master-code-forgotten",
    "hub-unpaired",
    "radio-offline",
  ],
  pairShare: {
    value: 0.2,
    source:
      "ours: the guides treat one cause at a time; two at once (a battery change that also lost the handing, seed 000) is the minority",
  },
};

/**
 * The knowledge base the troubleshooter uses: the cited one with its tables fitted on the
 * development set (learned-tables.ts, issue 15).
 */
export const DEFAULT_KNOWLEDGE_BASE: KnowledgeBase = learnedKnowledgeBase(CITED_KNOWLEDGE_BASE);

/** Problems that would make the engine wrong silently; empty when the base is sound. */
export function checkKnowledgeBase(kb: KnowledgeBase): string[] {
  const problems: string[] = [];
  const faults = new Set<string>(FAULT_IDS);
  const fixes = new Set<string>(FIX_IDS);
  const symptoms = new Set<string>(SYMPTOM_IDS);
  for (const f of kb.faults) if (!faults.has(f.id)) problems.push(`unknown fault ${f.id}`);
  for (const id of FAULT_IDS)
    if (!kb.faults.some((f) => f.id === id)) problems.push(`fault ${id} has no entry`);
  for (const id of FIX_IDS) if (!kb.fixes.some((f) => f.id === id)) problems.push(`fix ${id} has no entry`);
  for (const id of SYMPTOM_IDS)
    if (!kb.symptoms.some((s) => s.id === id)) problems.push(`symptom ${id} has no entry`);
  for (const f of kb.faults) if (!(f.prior.value > 0)) problems.push(`${f.id}: prior must be positive`);
  for (const [fault, row] of Object.entries(kb.symptomLikelihoods)) {
    if (!faults.has(fault)) problems.push(`symptom table: unknown fault ${fault}`);
    for (const [s, p] of Object.entries(row)) {
      if (!symptoms.has(s)) problems.push(`symptom table ${fault}: unknown symptom ${s}`);
      if (!p || p.value < 0 || p.value > 1) problems.push(`symptom table ${fault}/${s}: not a probability`);
    }
  }
  for (const s of kb.symptoms)
    for (const [id, value] of Object.entries(s.answers ?? {})) {
      const o = kb.observations.find((x) => x.id === id);
      if (!o) problems.push(`symptom ${s.id}: answers unknown observation ${id}`);
      else if (!o.values.includes(value))
        problems.push(`symptom ${s.id}: "${value}" is not an answer to ${id}`);
    }
  const ids = new Set<string>();
  for (const o of kb.observations) {
    if (ids.has(o.id)) problems.push(`observation ${o.id} twice`);
    ids.add(o.id);
    if (o.values.length < 2) problems.push(`${o.id}: needs two answers or more`);
    for (const v of o.values) if (!o.words[v]) problems.push(`${o.id}: no words for ${v}`);
    for (const [fault, like] of Object.entries(o.byFault)) {
      if (!faults.has(fault)) problems.push(`${o.id}: unknown fault ${fault}`);
      if (!like) continue;
      let sum = 0;
      for (const [v, p] of Object.entries(like.p)) {
        if (!o.values.includes(v)) problems.push(`${o.id}/${fault}: unknown answer ${v}`);
        sum += p;
      }
      if (Math.abs(sum - 1) > 1e-9) problems.push(`${o.id}/${fault}: answers sum to ${sum}`);
    }
  }
  for (const x of kb.fixes) {
    if (!fixes.has(x.id)) problems.push(`unknown fix ${x.id}`);
    if (!(x.minutes.value > 0)) problems.push(`${x.id}: minutes must be positive`);
    for (const r of x.repairs) if (!faults.has(r)) problems.push(`${x.id}: repairs unknown fault ${r}`);
  }
  for (const g of kb.exclusive)
    for (const f of g) if (!faults.has(f)) problems.push(`exclusive group: unknown fault ${f}`);
  for (const id of FAULT_IDS) if (!kb.precedence.includes(id)) problems.push(`precedence: ${id} missing`);
  return problems;
}
