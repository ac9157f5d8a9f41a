/**
 * Issue 17: every effect the reducer makes has the same fields in the same order (one hidden
 * class in V8, so the shell's reads of `type` stay monomorphic), and so do the events the twin
 * raises most (event-shape.ts). Equal key lists are what "one literal" leaves to see from
 * JavaScript; a new effect written as its own literal would fail here.
 */
import { describe, expect, it } from "vitest";
import { PROFILES } from "./profiles/index.ts";
import { SimulatedLock } from "./testing/simulated-lock.ts";
import {
  batterySampleEvent,
  boltPositionEvent,
  keyEvent,
  motorCurrentEvent,
  timerEvent,
} from "./event-shape.ts";

const EFFECT_FIELDS = ["type", "drive", "name", "signal", "ms", "state", "report", "entry"];

describe("effects and frequent events have one shape", () => {
  it.each(Object.values(PROFILES).map((p) => [p.id, p] as const))(
    "%s: every effect a day of use makes",
    (_id, profile) => {
      const lock = new SimulatedLock(profile, { codes: ["1234", "5678"] });
      const code = (c: string): void => {
        lock.keys(c);
        if (profile.keypad.entryEnds === "lock") lock.press("lock");
        lock.advance(10_000);
      };
      code("1234");
      lock.press("lock");
      lock.advance(10_000);
      for (let i = 0; i < 6; i++) code("9999"); // wrong codes: signals, history, a lockout
      lock.advance(120_000);
      lock.turn("retracted", "thumbturn");
      lock.radio({ type: "lock" });
      lock.advance(30_000);
      lock.powerCycle();
      lock.advance(30_000);
      const types = new Set(lock.effects.map((e) => e.type));
      for (const t of ["motor", "signal", "timer.start", "timer.cancel", "history", "battery.measure"])
        expect(types, `a day of use makes a ${t} effect`).toContain(t);
      for (const e of lock.effects) expect(Object.keys(e), e.type).toEqual(EFFECT_FIELDS);
    },
  );

  it("the twin's key, timer, position, motor and battery events", () => {
    const events = [
      keyEvent("key.down", "1"),
      keyEvent("key.up", "lock"),
      timerEvent("entryPause"),
      boltPositionEvent("between"),
      boltPositionEvent("cw-end", "thumbturn"),
      motorCurrentEvent(120, 5.9),
      batterySampleEvent(6.1),
      batterySampleEvent(6.1, -4.5),
    ];
    const keys = Object.keys(events[0] as object);
    for (const e of events) expect(Object.keys(e), e.type).toEqual(keys);
    expect(events[5]).toEqual({ type: "motor.current", currentMa: 120, supplyV: 5.9 });
    expect(events[7]).toEqual({ type: "battery.sample", restV: 6.1, temperatureC: -4.5 });
  });
});
