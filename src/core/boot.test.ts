import { describe, expect, it } from "vitest";
import { PROFILES } from "./profiles/index.ts";
import { SimulatedLock } from "./testing/simulated-lock.ts";
import { countCodes } from "./code-book.ts";

const p914 = PROFILES["smartcode-914"]!;

function bootHolding(lock: SimulatedLock, key: "program" | "lock"): void {
  lock.powerCycle([key]);
}

describe("power-up procedures", () => {
  it("B-SET-3: Program held 3 s at power-up gives a beep and a green flash; a press within 10 s hands the door", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"], handed: false });
    const from = lock.effects.length;
    bootHolding(lock, "program");
    lock.advance(3_100);
    expect(lock.signalsSince(from)).toMatchObject({ green: 1, beeps: 1 });
    lock.dispatch({ type: "key.up", key: "program" });
    lock.advance(2000);
    lock.press("program");
    lock.advance(10_000);
    expect(lock.state.persistent.handing).toBe("cw");
    expect(lock.bolt).toBe("ccw-end"); // out and in twice, ending retracted
    const drives = lock.effectsOf("motor", from).filter((e) => e.drive !== "stop");
    expect(drives.length).toBeGreaterThanOrEqual(4);
  });

  it("B-SET-3: seed 001's handing on the 914 — Program held while the pack goes in, released at once, pressed and held again — hands the door", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"], handed: false });
    const from = lock.effects.length;
    bootHolding(lock, "program");
    lock.dispatch({ type: "key.up", key: "program" }); // released the moment the pack is in
    lock.advance(1_000);
    expect(lock.signalsSince(from)).toMatchObject({ green: 0, beeps: 0, red: 0 });
    lock.dispatch({ type: "key.down", key: "program" }); // "press and hold the Program button again"
    lock.advance(3_000);
    lock.dispatch({ type: "key.up", key: "program" });
    lock.advance(10_000);
    expect(lock.state.persistent.handing).toBe("cw");
    expect(lock.signalsSince(from)).toMatchObject({ green: 1, red: 0 });
    expect(lock.state.session).toBeNull(); // the press went to the handing, not to a programming sequence
  });

  it("B-SET-3: on the 910, seeds 000/001's Program-at-power-up handing is not the model's: refused out loud, nothing learned", () => {
    const p910 = PROFILES["smartcode-910"]!;
    const lock = new SimulatedLock(p910, { codes: ["1357"], handed: false });
    const from = lock.effects.length;
    bootHolding(lock, "program");
    lock.advance(3_100);
    lock.dispatch({ type: "key.up", key: "program" });
    expect(lock.signalsSince(from)).toMatchObject({ red: 3, beeps: 3 });
    lock.advance(2_000);
    lock.press("program");
    lock.advance(10_000);
    expect(lock.state.persistent.handing).toBeNull();
    expect(countCodes(lock.state.persistent)).toBe(1);
  });

  it("B-SET-3: the window for the Program press closes after 10 s", () => {
    const lock = new SimulatedLock(p914, { handed: false });
    bootHolding(lock, "program");
    lock.advance(3_100);
    lock.dispatch({ type: "key.up", key: "program" });
    lock.advance(11_000);
    lock.press("program");
    lock.advance(10_000);
    expect(lock.state.persistent.handing).toBeNull();
  });

  it("B-SET-5: handing fails with a red flash when the bolt cannot move", () => {
    const lock = new SimulatedLock(p914, { handed: false, blocked: true });
    bootHolding(lock, "program");
    lock.advance(3_100);
    lock.dispatch({ type: "key.up", key: "program" });
    const from = lock.effects.length;
    lock.press("program");
    lock.advance(20_000);
    expect(lock.state.persistent.handing).toBeNull();
    expect(lock.signalsSince(from).red).toBe(1);
  });

  it("B-RST-2, B-RST-1: Program held past 30 s from power-up, then released, resets with three beeps", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947", "8163"] });
    bootHolding(lock, "program");
    lock.advance(31_000);
    const from = lock.effects.length;
    lock.dispatch({ type: "key.up", key: "program" });
    expect(lock.signalsSince(from).beeps).toBe(3);
    expect(countCodes(lock.state.persistent)).toBe(0);
    expect(lock.state.persistent.handing).toBeNull();
    expect(lock.state.persistent.paired).toBe(false);
  });

  it("B-RST-3: the reset hole held 10 s is a factory reset", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"] });
    lock.dispatch({ type: "key.down", key: "reset" });
    lock.advance(9_000);
    expect(countCodes(lock.state.persistent)).toBe(1);
    lock.advance(1_100);
    expect(countCodes(lock.state.persistent)).toBe(0);
  });

  it("B-FB-4: the 003 models confirm a reset with red, then green + one beep after one more Program press", () => {
    const lock = new SimulatedLock(PROFILES["smartcode-955"]!, { codes: ["2947"] });
    const from = lock.effects.length;
    bootHolding(lock, "program");
    lock.advance(30_100);
    expect(lock.signalsSince(from).red).toBe(1);
    lock.dispatch({ type: "key.up", key: "program" });
    expect(countCodes(lock.state.persistent)).toBe(1);
    const after = lock.effects.length;
    lock.press("program");
    expect(countCodes(lock.state.persistent)).toBe(0);
    expect(lock.signalsSince(after)).toMatchObject({ green: 1, beeps: 1 });
  });

  it("B-FB-4, B-RST-4: halo resets at 30 s with one long beep and leaves its pairing", () => {
    const lock = new SimulatedLock(PROFILES["halo"]!, { codes: ["2947"], programmingCode: "1357" });
    const from = lock.effects.length;
    bootHolding(lock, "program");
    lock.advance(30_100);
    expect(lock.signalsSince(from).longBeeps).toBe(1);
    expect(lock.state.persistent.programmingCode).toBeNull();
    expect(lock.state.persistent.paired).toBe(false);
  });

  it("MANUFACTURER 910: holding Lock while the pack goes in hands the door", () => {
    const lock = new SimulatedLock(PROFILES["smartcode-910"]!, { handed: false });
    bootHolding(lock, "lock");
    lock.advance(10_000);
    expect(lock.state.persistent.handing).toBe("cw");
  });

  it("B-PWR-7: a power cycle keeps codes and settings and drops a half-typed sequence", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"], settings: { autoLockSeconds: 60 } });
    lock.keys("program 2 lock 81");
    lock.powerCycle();
    expect(lock.state.session).toBeNull();
    expect(countCodes(lock.state.persistent)).toBe(1);
    expect(lock.state.persistent.settings["autoLockSeconds"]).toBe(60);
  });
});
