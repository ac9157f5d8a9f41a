import { describe, expect, it } from "vitest";
import { PROFILES } from "./profiles/index.ts";
import { SimulatedLock } from "./testing/simulated-lock.ts";
import { countCodes, matchEntry } from "./code-book.ts";

const P = (id: string) => PROFILES[id]!;

function opens(lock: SimulatedLock, code: string): boolean {
  return matchEntry(lock.profile, lock.state.persistent, code, lock.nowMs).kind === "user";
}

describe("programming sequences", () => {
  it("B-PRG-1: 914 adds a code with Program, slot, lock, code, lock → green + two beeps", () => {
    const lock = new SimulatedLock(P("smartcode-914"));
    const from = lock.effects.length;
    lock.keys("program 12 lock 2947 lock");
    expect(lock.signalsSince(from)).toMatchObject({ green: 1, beeps: 2 });
    expect(lock.state.persistent.codes[11]).not.toBeNull();
    expect(lock.effectsOf("store.commit", from)).toHaveLength(1);
  });

  it("B-FB-2, B-CODE-4: a conflicting code is refused with one red flash and three beeps, nothing saved", () => {
    const lock = new SimulatedLock(P("smartcode-914"), { codes: ["29475"] });
    const from = lock.effects.length;
    lock.keys("program 2 lock 29476 lock");
    expect(lock.signalsSince(from)).toMatchObject({ red: 1, beeps: 3, green: 0 });
    expect(countCodes(lock.state.persistent)).toBe(1);
    expect(lock.effectsOf("store.commit", from)).toHaveLength(0);
  });

  it("B-CODE-3: a slot beyond capacity is refused, never a crash", () => {
    const lock = new SimulatedLock(P("smartcode-914"));
    const from = lock.effects.length;
    lock.keys("program 31 lock 2947 lock");
    expect(lock.signalsSince(from)).toMatchObject({ red: 1, beeps: 3 });
    expect(countCodes(lock.state.persistent)).toBe(0);
  });

  it("B-CODE-3, B-PRG-4: Program pressed past the last slot is refused once, and more presses cannot start over at slot 1", () => {
    const full = Array.from({ length: 16 }, (_, i) => String(2001 + i));
    const lock = new SimulatedLock(P("smartcode-264"), { codes: full });
    const from = lock.effects.length;
    lock.keys(`${"program ".repeat(18)}8164 lock`);
    expect(lock.signalsSince(from)).toMatchObject({ red: 2, green: 16 }); // the 17th press; then 8164 is a wrong code
    expect(opens(lock, "2001")).toBe(true); // slot 1 was not overwritten by the 18th press
    expect(opens(lock, "8164")).toBe(false);
    expect(countCodes(lock.state.persistent)).toBe(16);
  });

  it("B-CODE-3: after a refused slot press times out, Program starts a new attempt", () => {
    const full = Array.from({ length: 16 }, (_, i) => String(2001 + i));
    const lock = new SimulatedLock(P("smartcode-264"), { codes: full });
    lock.keys("program ".repeat(17).trim());
    lock.advance(P("smartcode-264").sequenceTimeoutMs + 1_000);
    lock.keys("program 8164 lock");
    expect(opens(lock, "8164")).toBe(true);
    expect(opens(lock, "2001")).toBe(false);
  });

  it("B-FB-2, B-SEC-1: 955 a programming code of the wrong length is refused once; the confirmation typed on is part of the refused attempt, not a wrong code", () => {
    const lock = new SimulatedLock(P("smartcode-955"), { codes: ["2947"] });
    const from = lock.effects.length;
    lock.keys("program 3 123 lock 123 lock");
    expect(lock.signalsSince(from)).toMatchObject({ red: 1, longBeeps: 0 });
    expect(lock.state.wrongCount).toBe(0);
    expect(lock.state.persistent.programmingCode).toBeNull();
  });

  it("B-FB-2: 914 a missing slot number is refused once; the code typed on is swallowed, and nothing is stored", () => {
    const lock = new SimulatedLock(P("smartcode-914"), { codes: ["2947"] });
    const from = lock.effects.length;
    lock.keys("program lock 8163 lock");
    expect(lock.signalsSince(from)).toMatchObject({ red: 1, beeps: 3, green: 0 });
    expect(lock.state.wrongCount).toBe(0);
    expect(countCodes(lock.state.persistent)).toBe(1);
  });

  it("B-SEC-1, MANUFACTURER: 910 three master codes of the wrong length are three refusals, not three wrong codes: no lockout", () => {
    const p = P("smartcode-910");
    const lock = new SimulatedLock(p, { codes: ["1357"] });
    const from = lock.effects.length;
    for (let i = 0; i < 3; i++) {
      lock.dispatch({ type: "key.down", key: "program" });
      lock.advance(5_000);
      lock.dispatch({ type: "key.up", key: "program" });
      lock.keys("975 lock 975 lock");
      lock.advance(p.sequenceTimeoutMs + 1_000);
    }
    expect(lock.signalsSince(from)).toMatchObject({ red: 9, beeps: 9 });
    expect(lock.state.lockedOutUntilMs).toBeNull();
    expect(lock.state.wrongCount).toBe(0);
  });

  it("B-FB-2, B-CODE-6: after a refusal a pause ends the refused attempt: a code typed then is an entry again", () => {
    const p = P("smartcode-955");
    const lock = new SimulatedLock(p, { codes: ["2947"] });
    lock.turn("extended", "thumbturn");
    lock.keys("program 3 123 lock");
    lock.advance(p.keypad.entryPauseMs + 500);
    lock.keys("2947");
    lock.advance(p.keypad.entryPauseMs + 1_000);
    expect(lock.isExtended).toBe(false);
  });

  it("B-FB-2: after a refusal a Program press starts a new attempt at once", () => {
    const lock = new SimulatedLock(P("smartcode-914"), { codes: ["2947"] });
    lock.keys("program 2 lock 123 lock 45");
    lock.keys("program 2 lock 8163 lock");
    expect(opens(lock, "8163")).toBe(true);
  });

  it("B-PRG-3, B-FB-2: Halo with a wrong master code, the whole add sequence is one refusal and one wrong entry; nothing is added", () => {
    const lock = new SimulatedLock(P("halo"), { codes: ["2947"], programmingCode: "13579" });
    const from = lock.effects.length;
    lock.keys("program 97531 lock program 8163 lock");
    expect(lock.signalsSince(from)).toMatchObject({ red: 1, beeps: 3, green: 0 });
    expect(lock.state.wrongCount).toBe(1);
    expect(opens(lock, "8163")).toBe(false);
  });

  it("B-PRG-3: Halo right after a wrong master code, starting over with the right one adds the code", () => {
    const lock = new SimulatedLock(P("halo"), { codes: ["2947"], programmingCode: "13579" });
    lock.keys("program 97531 lock");
    const from = lock.effects.length;
    lock.keys("program 13579 lock program 8163 lock");
    expect(lock.signalsSince(from)).toMatchObject({ green: 1, beeps: 1, red: 0 });
    expect(opens(lock, "8163")).toBe(true);
  });

  it("B-CODE-7: 914 frees a slot with an empty code (Program, slot, lock, lock)", () => {
    const lock = new SimulatedLock(P("smartcode-914"), { codes: ["2947", "8163"] });
    lock.keys("program 1 lock lock");
    expect(lock.state.persistent.codes[0]).toBeNull();
    expect(countCodes(lock.state.persistent)).toBe(1);
  });

  it("B-PRG-4: Program pressed N times chooses slot N with a green flash for each press", () => {
    const lock = new SimulatedLock(P("smartcode-264"));
    const from = lock.effects.length;
    lock.keys("program program program 2947 lock");
    expect(lock.state.persistent.codes[2]).not.toBeNull();
    expect(lock.signalsSince(from).green).toBe(3 + 1);
  });

  it("B-PRG-5: 955 sets the programming code: two beeps, beep + green, code twice → long beep + green", () => {
    const lock = new SimulatedLock(P("smartcode-955"));
    let from = lock.effects.length;
    lock.keys("program");
    expect(lock.signalsSince(from)).toMatchObject({ beeps: 2 });
    from = lock.effects.length;
    lock.keys("3");
    expect(lock.signalsSince(from)).toMatchObject({ beeps: 1, green: 1 });
    from = lock.effects.length;
    lock.keys("5821 lock 5821 lock");
    expect(lock.signalsSince(from)).toMatchObject({ longBeeps: 1, green: 1 });
    expect(lock.state.persistent.programmingCode).not.toBeNull();
  });

  it("B-PRG-5: only when the interior programming switch is on", () => {
    const lock = new SimulatedLock(P("smartcode-955"), { settings: { programmingSwitch: false } });
    lock.keys("program 3 5821 lock 5821 lock");
    expect(lock.state.persistent.programmingCode).toBeNull();
  });

  it("B-PRG-6: 955 deletes a user code without the programming code", () => {
    const lock = new SimulatedLock(P("smartcode-955"), { codes: ["2947", "8163"] });
    const from = lock.effects.length;
    lock.keys("program 2 lock 8163 lock 8163 lock");
    expect(lock.state.persistent.codes[1]).toBeNull();
    expect(lock.signalsSince(from).longBeeps).toBe(1);
  });

  it("B-PRG-7: 264 changes its programming code within 5 s → two green flashes and two beeps", () => {
    const lock = new SimulatedLock(P("smartcode-264"));
    const from = lock.effects.length;
    lock.keys("0000 lock 4 lock 7391 lock");
    expect(lock.signalsSince(from)).toMatchObject({ green: 2, beeps: 2 });
    expect(matchEntry(lock.profile, lock.state.persistent, "7391", 0).kind).toBe("programming");
  });

  it("B-PRG-9: an unfinished sequence is discarded after the timeout with nothing saved", () => {
    const lock = new SimulatedLock(P("smartcode-264"));
    lock.keys("0000 lock 4 lock 73");
    lock.advance(6_000);
    lock.keys("91 lock");
    expect(matchEntry(lock.profile, lock.state.persistent, "0000", 0).kind).toBe("programming");
  });

  it("B-PRG-8: 275 changes its programming code: beep, beep, then two beeps + green", () => {
    const lock = new SimulatedLock(P("smartcode-275"));
    let from = lock.effects.length;
    lock.keys("0000 lock");
    expect(lock.signalsSince(from).beeps).toBe(1);
    from = lock.effects.length;
    lock.keys("4 lock");
    expect(lock.signalsSince(from).beeps).toBe(1);
    from = lock.effects.length;
    lock.keys("7391028 lock");
    expect(lock.signalsSince(from)).toMatchObject({ beeps: 2, green: 1 });
  });

  it("B-PRG-2: halo creates a master code with one beep; a too-short one is refused with three beeps", () => {
    const lock = new SimulatedLock(P("halo"));
    let from = lock.effects.length;
    lock.keys("program 135 lock");
    expect(lock.signalsSince(from).beeps).toBe(3);
    from = lock.effects.length;
    lock.keys("program 1357 lock");
    expect(lock.signalsSince(from).beeps).toBe(1);
    expect(lock.state.persistent.programmingCode).not.toBeNull();
  });

  it("B-PRG-3: halo adds a user code with Program, master, lock, Program, code, lock", () => {
    const lock = new SimulatedLock(P("halo"), { programmingCode: "1357" });
    lock.keys("program 1357 lock program 2947 lock");
    expect(opens(lock, "2947")).toBe(true);
  });

  it("B-PRG-3, B-SEC-1: a wrong master code adds nothing and counts as a wrong entry", () => {
    const lock = new SimulatedLock(P("halo"), { programmingCode: "1357" });
    lock.keys("program 9999 lock");
    expect(lock.state.wrongCount).toBe(1);
    lock.keys("program 2947 lock");
    expect(opens(lock, "2947")).toBe(false);
  });

  it("B-SET-4: halo learns its handing with Program, 9, lock", () => {
    const lock = new SimulatedLock(P("halo"), { handed: false });
    lock.keys("program 9 lock");
    lock.advance(10_000);
    expect(lock.state.persistent.handing).toBe("cw");
  });

  it("MANUFACTURER 910: a master code is set by holding Program 5 s; then Program asks for it (green + 3 beeps)", () => {
    const lock = new SimulatedLock(P("smartcode-910"));
    const from = lock.effects.length;
    lock.dispatch({ type: "key.down", key: "program" });
    lock.advance(5_100);
    expect(lock.signalsSince(from).green).toBe(1);
    lock.dispatch({ type: "key.up", key: "program" });
    lock.keys("13579 lock 13579 lock");
    expect(lock.state.persistent.programmingCode).not.toBeNull();
    const after = lock.effects.length;
    lock.keys("program");
    expect(lock.signalsSince(after)).toMatchObject({ green: 1, beeps: 3 });
  });

  it("B-PRG-3, MANUFACTURER 910: with a master code, the master typed straight after Program (as on the master-code models) adds a code too; a wrong one is a wrong code", () => {
    const lock = new SimulatedLock(P("smartcode-910"), { codes: ["1357"], programmingCode: "97531" });
    const from = lock.effects.length;
    lock.keys("program 97531 lock program program 5791 lock");
    expect(countCodes(lock.state.persistent)).toBe(2);
    expect(lock.signalsSince(from)).toMatchObject({ green: 2, beeps: 4, red: 0 });
    expect(opens(lock, "5791")).toBe(true);
    lock.keys("program 11111 lock");
    expect(lock.state.wrongCount).toBe(1);
    expect(countCodes(lock.state.persistent)).toBe(2);
  });

  it("MANUFACTURER 910: with a master code, Program, Lock, master, Lock, 999999 twice deletes all codes", () => {
    const lock = new SimulatedLock(P("smartcode-910"), {
      codes: ["1357", "2468"].slice(0, 1),
      programmingCode: "97531",
    });
    lock.keys("program lock 97531 lock 999999 lock 999999 lock");
    expect(countCodes(lock.state.persistent)).toBe(0);
  });
});
