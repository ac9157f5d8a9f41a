/**
 * The knowledge base: sound as data, every number with a source, the guides' one prior
 * reproduced, and in agreement with the twin — what a simulated person reports and answers
 * for each fault has a real probability under the knowledge base, and every repair it
 * claims works on the twin.
 */
import { describe, expect, it } from "vitest";
import { PROFILE_IDS, getProfile } from "../../core/profiles/index.ts";
import { applyFix } from "../../twin/faults.ts";
import { SeededRandom } from "../../twin/seeded-random.ts";
import { createSession } from "../engine/session.ts";
import { buildCaseLock } from "../simulation/case-lock.ts";
import {
  answerOnTwin,
  newRetryMemory,
  reportFromLock,
  symptomsGone,
} from "../simulation/simulated-person.ts";
import { FAULT_IDS, SYMPTOM_IDS } from "./ids.ts";
import type { FaultId } from "./ids.ts";
import { DEFAULT_KNOWLEDGE_BASE as kb, checkKnowledgeBase } from "./knowledge-base.ts";
import { telemetryFindings } from "./telemetry-findings.ts";

/** An answer the knowledge base gives less than this is a disagreement with the twin. */
const AGREES = 0.05;

/** A fault's effect shows on these models only when the case is real (see run-eval.ts). */
function realCase(profile: string, fault: FaultId, seed: number) {
  const probe = buildCaseLock(profile, [fault], seed);
  if ("refused" in probe) return null;
  const r = reportFromLock(probe, new SeededRandom(seed));
  if (symptomsGone(r.symptoms, probe)) return null; // nothing wrong to see on this model
  const lock = buildCaseLock(profile, [fault], seed);
  if ("refused" in lock) return null;
  return { lock, report: reportFromLock(lock, new SeededRandom(seed)) };
}

describe("the knowledge base as data", () => {
  it("has every FAULTS.md fault, symptom and fix, and well-formed distributions", () => {
    expect(checkKnowledgeBase(kb)).toEqual([]);
  });

  it("cites a source for every prior, likelihood and cost", () => {
    const sources = [
      ...kb.faults.map((f) => f.prior.source),
      ...Object.values(kb.symptomLikelihoods).flatMap((row) =>
        Object.values(row).map((c) => c?.source ?? ""),
      ),
      ...kb.observations.flatMap((o) => [
        o.minutes.source,
        ...Object.values(o.byFault).map((l) => l?.source ?? ""),
      ]),
      ...kb.fixes.flatMap((f) => [f.minutes.source, f.repairsSource]),
      kb.symptomLeak.source,
      kb.pairShare.source,
    ];
    for (const s of sources) expect(s.trim().length).toBeGreaterThan(3);
  });

  it("reproduces seed 000: batteries are about 60 % of 'unlocks but won't lock'", () => {
    const session = createSession(kb, { symptom: "wont-lock-unlocks-fine" });
    const power = session.causes().filter((c) => kb.faults.find((f) => f.id === c.fault)?.group === "power");
    const share = power.reduce((a, c) => a + c.probability, 0);
    expect(share).toBeGreaterThan(0.5);
    expect(share).toBeLessThan(0.7);
  });
});

describe("the knowledge base agrees with the twin", () => {
  it("every symptom, intake answer, telemetry finding and test answer a fault gives on a model has P ≥ 5 %", () => {
    const disagreements: string[] = [];
    for (const fault of FAULT_IDS) {
      for (const profile of PROFILE_IDS) {
        const real = realCase(profile, fault, 7);
        if (!real) continue;
        const { lock, report } = real;
        const row = kb.symptomLikelihoods[fault];
        for (const s of report.symptoms)
          if ((row[s]?.value ?? 0) < AGREES) disagreements.push(`${fault} on ${profile}: reports ${s}`);
        const prof = getProfile(profile);
        const answers: Record<string, string> = {
          ...report.intake,
          ...telemetryFindings(report.telemetry, report.history, {
            codeCount: report.codeCount,
            capacity: prof?.codes.capacity ?? 30,
            radio: prof?.radio !== null,
          }),
        };
        // Questions first (they change nothing), then the tests that act on the lock.
        const order = [...kb.observations].sort(
          (a, b) => Number(a.kind === "test") - Number(b.kind === "test"),
        );
        for (const o of order) {
          if (o.kind === "intake" || o.kind === "telemetry" || (o.needs === "radio" && prof?.radio === null))
            continue;
          answers[o.id] = answerOnTwin(o.id, lock, newRetryMemory(), 0);
        }
        for (const [id, value] of Object.entries(answers)) {
          const o = kb.observations.find((x) => x.id === id);
          const p = o ? (o.byFault[fault]?.p ?? { [o.values[0] as string]: 1 }) : {};
          if ((p[value] ?? 0) < AGREES) disagreements.push(`${fault} on ${profile}: ${id} = ${value}`);
        }
      }
    }
    expect(disagreements).toEqual([]);
  });

  it("every symptom the knowledge base calls near-certain (≥ 0.9) is reported", () => {
    const missing: string[] = [];
    for (const fault of FAULT_IDS) {
      for (const profile of ["smartcode-914", "halo", "smartcode-264"]) {
        const real = realCase(profile, fault, 3);
        if (!real) continue;
        for (const s of SYMPTOM_IDS) {
          if ((kb.symptomLikelihoods[fault][s]?.value ?? 0) >= 0.9 && !real.report.symptoms.includes(s))
            missing.push(`${fault} on ${profile}: ${s}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it("every repair it claims works on the twin, on every model where the fault exists", () => {
    const broken: string[] = [];
    for (const fix of kb.fixes) {
      for (const fault of fix.repairs) {
        for (const profile of PROFILE_IDS) {
          const real = realCase(profile, fault, 11);
          if (!real) continue;
          const done = applyFix(real.lock.twin, fix.id, real.lock.person);
          if (!done.ok) continue; // "not possible here": the session learns that and moves on
          if (!symptomsGone(real.report.symptoms, real.lock))
            broken.push(`${fix.id} does not repair ${fault} on ${profile}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });
});
