/**
 * The knowledge base and the simulated person speak the same words: FAULTS.md's symptoms,
 * and for every question the knowledge base can ask, the answers the person can give. This
 * is the only thing the two share (issue 15); how likely an answer is stays the knowledge
 * base's alone.
 */
import { describe, expect, it } from "vitest";
import { DONT_KNOW, NO_APP, SYMPTOM_IDS } from "../knowledge/ids.ts";
import { DEFAULT_KNOWLEDGE_BASE as kb } from "../knowledge/knowledge-base.ts";
import * as world from "../world/vocabulary.ts";

describe("the knowledge base and the simulated person share their words", () => {
  it("the fourteen symptoms of FAULTS.md, in its order", () => {
    expect([...world.WORLD_SYMPTOMS]).toEqual([...SYMPTOM_IDS]);
  });

  it("every question the knowledge base asks is one the person answers, with the same answers", () => {
    const asked = kb.observations.filter((o) => o.kind !== "telemetry");
    for (const o of asked) {
      expect(world.isQuestionId(o.id), `${o.id} is a question the person knows`).toBe(true);
      if (world.isQuestionId(o.id)) expect([...world.ANSWERS[o.id]], o.id).toEqual([...o.values]);
    }
  });

  it("'don't know' and 'no app' are the same words on both sides", () => {
    expect(world.DONT_KNOW).toBe(DONT_KNOW);
    expect(world.NO_APP).toBe(NO_APP);
  });
});
