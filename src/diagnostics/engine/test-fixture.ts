/**
 * A two-cause knowledge base small enough to work out by hand, for the engine's tests:
 * weak cells (A) and a misaligned strike (B), two symptoms, one door test, two fixes.
 * The hand calculations are in inference.test.ts and planner.test.ts.
 */
import type { KnowledgeBase, SymptomTable } from "../knowledge/types.ts";
import { SYMPTOMS } from "../knowledge/symptoms.ts";

const c = (value: number) => ({ value, source: "test fixture" });

export function fixtureKb(
  options: { replaceMinutes?: number; perfectTest?: boolean; decides?: boolean } = {},
): KnowledgeBase {
  const perfect = options.perfectTest ?? false;
  return {
    faults: [
      { id: "battery-low", cause: "weak cells", group: "power", prior: c(3) },
      { id: "strike-misaligned", cause: "a misaligned strike plate", group: "mechanism", prior: c(1) },
    ],
    symptoms: SYMPTOMS,
    symptomLikelihoods: {
      "battery-low": { "wont-lock-unlocks-fine": c(0.9) },
      "strike-misaligned": { "wont-lock-unlocks-fine": c(0.5), "key-stiff": c(0.2) },
    } as unknown as SymptomTable,
    symptomLeak: c(0.01),
    observations: [
      {
        id: "lock-door-open",
        kind: "test",
        ask: "With the door open, press lock.",
        values: ["extends", "fails"],
        words: { extends: "it locks", fails: "it fails" },
        minutes: c(1),
        slip: 0,
        byFault: {
          "battery-low": {
            p: perfect ? { fails: 1 } : { fails: 0.8, extends: 0.2 },
            source: "test",
            ...(options.decides ? { decides: true } : {}),
          },
          "strike-misaligned": { p: perfect ? { extends: 1 } : { fails: 0.1, extends: 0.9 }, source: "test" },
        },
      },
    ],
    fixes: [
      {
        id: "replace-batteries",
        does: "New cells.",
        minutes: c(options.replaceMinutes ?? 5),
        repairs: ["battery-low"],
        repairsSource: "test",
      },
      {
        id: "adjust-strike-plate",
        does: "File the strike.",
        minutes: c(30),
        repairs: ["strike-misaligned"],
        repairsSource: "test",
        blockedBy: [],
      },
    ],
    exclusive: [],
    precedence: ["battery-low", "strike-misaligned"],
    pairShare: c(0.2),
  };
}
