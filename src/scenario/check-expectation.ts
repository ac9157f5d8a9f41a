/**
 * Compares an `expect:` step with what the twin shows (SCENARIOS.md "Expectations"): only
 * the fields given are checked; each mismatch names the field, what was expected and
 * what was seen.
 */
import type { Observation } from "../twin/observe-lock.ts";
import type { Expectation } from "./scenario-types.ts";

export interface Mismatch {
  readonly field: string;
  readonly expected: unknown;
  readonly seen: unknown;
}

export function checkExpectation(expect: Expectation, seen: Observation): Mismatch[] {
  const out: Mismatch[] = [];
  const same = (field: string, want: unknown, got: unknown): void => {
    if (want !== undefined && want !== got) out.push({ field, expected: want, seen: got });
  };
  same("bolt", expect.bolt, seen.bolt);
  same("reported", expect.reported, seen.reported);
  same("keypad", expect.keypad, seen.keypad);
  same("handed", expect.handed, seen.handed);
  same("codes", expect.codes, seen.codes);
  same("battery", expect.battery, seen.battery);
  same("motorRan", expect.motorRan, seen.motorRan);
  if (expect.feedback === "none") {
    const f = seen.feedback;
    if (f.green + f.red + f.amber + f.beeps + f.longBeeps > 0)
      out.push({ field: "feedback", expected: "none", seen: f });
  } else if (expect.feedback) {
    for (const [name, want] of Object.entries(expect.feedback)) {
      same(`feedback.${name}`, want, seen.feedback[name as keyof Observation["feedback"]]);
    }
  }
  if (expect.lastEvent) {
    const e = seen.lastEvent;
    if (!e) out.push({ field: "lastEvent", expected: expect.lastEvent, seen: null });
    else {
      same("lastEvent.type", expect.lastEvent.type, e.type);
      same("lastEvent.source", expect.lastEvent.source, e.source);
      same("lastEvent.slot", expect.lastEvent.slot, e.slot);
    }
  }
  return out;
}
