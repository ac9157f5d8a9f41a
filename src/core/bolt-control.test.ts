import { describe, expect, it } from "vitest";
import { PROFILES } from "./profiles/index.ts";
import { SimulatedLock } from "./testing/simulated-lock.ts";

const p914 = PROFILES["smartcode-914"]!;

describe("bolt control", () => {
  it("B-BOLT-1: lock extends the bolt and unlock retracts it, each recorded with its source", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"] });
    lock.keys("lock");
    lock.advance(1000);
    expect(lock.state.reported).toBe("locked");
    lock.keys("2947");
    lock.advance(3000);
    expect(lock.state.reported).toBe("unlocked");
    const kinds = lock
      .effectsOf("history")
      .map((e) => `${e.entry.kind}/${e.entry.source}/${e.entry.slot ?? "-"}`);
    expect(kinds).toContain("lock/one-touch/-");
    expect(kinds).toContain("unlock/keypad/1");
  });

  it("B-BOLT-6: a stalled bolt is retried a bounded number of times, then reported jammed with red ×1 + beep ×1", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"], blocked: true });
    const from = lock.effects.length;
    lock.keys("lock");
    lock.advance(20_000);
    const drives = lock.effectsOf("motor", from).filter((e) => e.drive !== "stop");
    expect(drives.length).toBe(1 + 2 * p914.bolt.jamRetries); // first try, then back off + retry each time
    expect(lock.state.reported).toBe("jammed");
    expect(lock.signalsSince(from)).toMatchObject({ red: 1, beeps: 1 });
    expect(lock.effectsOf("motor").at(-1)?.drive).toBe("stop");
  });

  it("B-BOLT-6: never reports locked unless the bolt position confirms it", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"], blocked: true });
    lock.keys("lock");
    for (let t = 0; t < 20; t++) {
      lock.advance(500);
      expect(lock.state.reported).not.toBe("locked");
    }
  });

  it("B-BOLT-6: the stall is judged from current only after the inrush blanking time", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"], blocked: true });
    const from = lock.effects.length;
    lock.dispatch({ type: "key.down", key: "lock" });
    lock.advance(p914.bolt.blankingMs - 10);
    expect(lock.effectsOf("motor", from).filter((e) => e.drive === "stop")).toHaveLength(0);
    lock.advance(20);
    expect(lock.effectsOf("motor", from).filter((e) => e.drive === "stop").length).toBeGreaterThan(0);
  });

  it("B-SET-2: until the handing is learned the bolt is never driven electronically", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"], handed: false });
    lock.keys("lock");
    lock.keys("2947");
    lock.advance(5000);
    expect(lock.effectsOf("motor")).toHaveLength(0);
    expect(lock.state.reported).toBe("unknown");
  });

  it("B-PWR-3: with a critical pack the bolt is not extended (three red flashes, three beeps) but it still retracts", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"], restV: 4.5 });
    expect(lock.state.battery).toBe("critical");
    lock.turn("extended", "key");
    let from = lock.effects.length;
    lock.keys("2947");
    lock.advance(3000);
    expect(lock.isExtended).toBe(false);
    from = lock.effects.length;
    lock.keys("lock");
    lock.advance(2000);
    expect(lock.isExtended).toBe(false);
    expect(lock.effectsOf("motor", from)).toHaveLength(0);
    expect(lock.signalsSince(from)).toMatchObject({ red: 3, beeps: 3 });
  });

  it("B-PWR-2: with a low pack the lock works and warns", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"], restV: 5.0 });
    expect(lock.state.battery).toBe("low");
    const from = lock.effects.length;
    lock.keys("lock");
    lock.advance(2000);
    expect(lock.isExtended).toBe(true);
    expect(lock.signalsSince(from).amber).toBe(1);
  });

  it("B-HW-4: the key or thumbturn moves the bolt; the lock records it with its source", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"] });
    lock.turn("extended", "key");
    expect(lock.state.reported).toBe("locked");
    lock.turn("retracted", "thumbturn");
    const last = lock.effectsOf("history").at(-1)?.entry;
    expect(last).toMatchObject({ kind: "unlock", source: "thumbturn" });
  });

  it("B-BOLT-7: auto-lock relocks a set time after an unlock, and never while no code exists", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"], settings: { autoLockSeconds: 30 } });
    lock.keys("lock");
    lock.advance(1000);
    lock.keys("2947");
    lock.advance(3000);
    expect(lock.isExtended).toBe(false);
    lock.advance(25_000);
    expect(lock.isExtended).toBe(false);
    lock.advance(5_000);
    expect(lock.isExtended).toBe(true);
    expect(lock.effectsOf("history").at(-1)?.entry).toMatchObject({ kind: "lock", source: "auto-lock" });
    const none = new SimulatedLock(p914, { settings: { autoLockSeconds: 30 } });
    none.turn("extended", "key");
    none.turn("retracted", "thumbturn");
    none.advance(60_000);
    expect(none.isExtended).toBe(false);
  });

  it("B-BOLT-7: the last user code deleted while auto-lock counts down (or waits for the door): it does not engage", () => {
    const remote = new SimulatedLock(p914, { codes: ["2947"], settings: { autoLockSeconds: 30 } });
    remote.turn("extended", "key");
    remote.turn("retracted", "thumbturn");
    remote.advance(10_000);
    remote.radio({ type: "deleteCode", slot: 1 });
    remote.advance(60_000);
    expect(remote.isExtended).toBe(false);
    const keypad = new SimulatedLock(p914, { codes: ["2947"], settings: { autoLockSeconds: 30 } });
    keypad.turn("extended", "key");
    keypad.turn("retracted", "thumbturn");
    keypad.keys("program 1 lock lock"); // the 914's delete (docs/profiles/smartcode-914.md)
    keypad.advance(60_000);
    expect(keypad.isExtended).toBe(false);
    const halo = new SimulatedLock(PROFILES["halo"]!, { codes: ["2947"], settings: { autoLockSeconds: 30 } });
    halo.dispatch({ type: "door.sensor", closed: false });
    halo.turn("extended", "key");
    halo.turn("retracted", "thumbturn");
    halo.advance(60_000);
    halo.radio({ type: "deleteCode", slot: 1 });
    halo.dispatch({ type: "door.sensor", closed: true });
    halo.advance(5_000);
    expect(halo.isExtended).toBe(false);
  });

  it("B-BOLT-7: on a lock with a door sensor auto-lock waits until the door closes", () => {
    const lock = new SimulatedLock(PROFILES["halo"]!, { codes: ["2947"], settings: { autoLockSeconds: 30 } });
    lock.dispatch({ type: "door.sensor", closed: false });
    lock.turn("extended", "key");
    lock.turn("retracted", "thumbturn");
    lock.advance(60_000);
    expect(lock.isExtended).toBe(false);
    lock.dispatch({ type: "door.sensor", closed: true });
    lock.advance(1000);
    expect(lock.isExtended).toBe(true);
  });
});
