/**
 * Compares an `expect:` step with what the twin shows (SCENARIOS.md "Expectations"): only
 * the fields given are checked; each mismatch names the field, what was expected and
 * what was seen.
 */
import type { Observation } from "../twin/observe-lock.ts";
import type { LockEvent } from "../core/radio-types.ts";
import type { Expectation, RadioEventExpectation } from "./scenario-types.ts";
import type { RadioSeen } from "./radio-watch.ts";

const NOTHING_HEARD: RadioSeen = { events: [], result: "none", slot: null };

export interface Mismatch {
  readonly field: string;
  readonly expected: unknown;
  readonly seen: unknown;
}

export function checkExpectation(
  expect: Expectation,
  seen: Observation,
  radio: RadioSeen = NOTHING_HEARD,
): Mismatch[] {
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
  same("paired", expect.paired, seen.paired);
  same("online", expect.online, seen.online);
  same("result", expect.result, radio.result);
  if (expect.radio === "none") {
    if (radio.events.length > 0)
      out.push({ field: "radio", expected: "none", seen: radio.events.map(describe) });
  } else if (expect.radio && !inOrder(expect.radio, radio.events)) {
    out.push({
      field: "radio",
      expected: expect.radio.map(describeWanted),
      seen: radio.events.map(describe),
    });
  }
  if (expect.slot) {
    const s = radio.slot;
    if (!s) out.push({ field: "slot", expected: expect.slot, seen: null });
    else {
      same("slot.occupied", expect.slot.occupied, s.occupied);
      same("slot.usesLeft", expect.slot.usesLeft, s.usesLeft);
      same("slot.enabled", expect.slot.enabled, s.enabled ?? true);
      same("slot.validFrom", expect.slot.validFrom, s.validFromMs);
      same("slot.validUntil", expect.slot.validUntil, s.validUntilMs);
    }
  }
  if (expect.feedback === "none") {
    const f = seen.feedback;
    if (f.green + f.red + f.amber + f.beeps + f.longBeeps > 0)
      out.push({ field: "feedback", expected: "none", seen: f });
  } else if (expect.feedback) {
    for (const [name, want] of Object.entries(expect.feedback)) {
      same(`feedback.${name}`, want, seen.feedback[name as keyof Observation["feedback"]]);
    }
  }
  if (expect.lastEvent === "none") {
    if (seen.lastEvent) out.push({ field: "lastEvent", expected: "none", seen: seen.lastEvent });
  } else if (expect.lastEvent) {
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

/** Every wanted event among those heard, in the wanted order (others may come between). */
function inOrder(wanted: readonly RadioEventExpectation[], heard: readonly LockEvent[]): boolean {
  let i = 0;
  for (const e of heard) {
    const w = wanted[i];
    if (w && matches(w, e)) i++;
  }
  return i === wanted.length;
}

function matches(w: RadioEventExpectation, e: LockEvent): boolean {
  if (w.kind !== e.kind) return false;
  if (w.source !== undefined && (!("source" in e) || e.source !== w.source)) return false;
  if (w.slot !== undefined && (!("slot" in e) || e.slot !== w.slot)) return false;
  return true;
}

/** An event as a trace shows it: `unlocked (remote)`, `code-added (keypad, slot 3)`. */
function describe(e: LockEvent): string {
  const details = Object.entries(e)
    .filter(([k]) => k !== "kind")
    .map(([k, v]) => (k === "slot" ? `slot ${String(v)}` : k === "source" ? String(v) : `${k} ${String(v)}`));
  return details.length === 0 ? e.kind : `${e.kind} (${details.join(", ")})`;
}

function describeWanted(w: RadioEventExpectation): string {
  return describe(w as LockEvent);
}
