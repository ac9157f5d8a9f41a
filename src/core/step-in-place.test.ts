/**
 * `stepInPlace` (the fleet's fast path, issue 17) against the pure `step`, event by event: on
 * random sequences on every profile — codes, keys, waits, power cycles, turns by hand, radio
 * commands, and a bolt that jams so runs stall, back off and retry — the state changed in place
 * equals the state `step` returns and the effects are the same, in the same order. And `step`
 * itself never changes the state it is given (its timer record and motor run are copied on
 * their first change in a step, not shared).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CoreEffect } from "./effects.ts";
import type { KeyName } from "./keys.ts";
import type { LockProfile } from "./profile-types.ts";
import { PROFILES } from "./profiles/index.ts";
import type { CoreState } from "./state.ts";
import type { Step } from "./step.ts";
import { createStep, stepInPlace } from "./step.ts";
import type { Mutable } from "./step-context.ts";
import { ownedCopy } from "./step-context.ts";
import { SimulatedLock } from "./testing/simulated-lock.ts";

/** `step`, checked at every call against `stepInPlace` on a copy the checker owns. */
function checkedStep(profile: LockProfile, counter: { steps: number }): Step {
  const pure = createStep(profile);
  let own: Mutable<CoreState> | null = null;
  let last: CoreState | null = null;
  const effects: CoreEffect[] = [];
  return (state, event, now) => {
    const before = structuredClone(state);
    const r = pure(state, event, now);
    expect(state, "step leaves its input as it was").toStrictEqual(before);
    // Carried on from the last step, or a state from elsewhere: then a fresh owned copy of it.
    if (own === null || state !== last) own = ownedCopy(state);
    effects.length = 0;
    stepInPlace(profile, own, event, now, effects);
    expect(own, `state after ${event.type}`).toStrictEqual(r.state);
    expect(effects, `effects of ${event.type}`).toStrictEqual(r.effects);
    last = r.state;
    counter.steps++;
    return r;
  };
}

type Action =
  | { a: "type"; code: string; confirm: boolean }
  | { a: "key"; key: KeyName }
  | { a: "wait"; ms: number }
  | { a: "power" }
  | { a: "turn"; to: "extended" | "retracted" }
  | { a: "radio"; type: "lock" | "unlock" }
  | { a: "jam"; blocked: boolean };

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      a: fc.constant("type" as const),
      code: fc.constantFrom("2947", "8163", "1357", "0000", "29475", "999999"),
      confirm: fc.boolean(),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      a: fc.constant("key" as const),
      key: fc.constantFrom<KeyName>("1", "2", "9", "lock", "lock", "program"),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      a: fc.constant("wait" as const),
      ms: fc.constantFrom(100, 2_500, 11_000, 70_000, 400_000, 30 * 3_600_000),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ a: "power" as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      a: fc.constant("turn" as const),
      to: fc.constantFrom<"extended" | "retracted">("extended", "retracted"),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      a: fc.constant("radio" as const),
      type: fc.constantFrom("lock" as const, "unlock" as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ a: fc.constant("jam" as const), blocked: fc.boolean() }) },
);

describe.each(Object.values(PROFILES).map((p) => [p.id, p] as const))("stepInPlace on %s", (_id, profile) => {
  it("gives the state and effects of step, event by event; step never changes its input", () => {
    const counter = { steps: 0 };
    fc.assert(
      fc.property(fc.array(action, { minLength: 5, maxLength: 40 }), (actions) => {
        const lock = new SimulatedLock(profile, {
          codes: profile.id === "smartcode-910" ? ["1357"] : ["2947", "8163"],
          step: checkedStep(profile, counter),
        });
        for (const act of actions) {
          if (act.a === "type") {
            for (const d of act.code) lock.press(d as KeyName);
            if (act.confirm) lock.press("lock");
          } else if (act.a === "key") lock.press(act.key);
          else if (act.a === "wait") lock.advance(act.ms);
          else if (act.a === "power") lock.powerCycle();
          else if (act.a === "turn") lock.turn(act.to, "key");
          else if (act.a === "radio") lock.radio({ type: act.type });
          else lock.blocked = act.blocked;
        }
        lock.advance(60_000);
      }),
      { numRuns: 40, seed: 17 },
    );
    expect(counter.steps).toBeGreaterThan(1_000); // the check really ran
  });
});
