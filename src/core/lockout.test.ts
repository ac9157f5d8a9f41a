import { describe, expect, it } from "vitest";
import { PROFILES } from "./profiles/index.ts";
import { SimulatedLock } from "./testing/simulated-lock.ts";
import { lockoutDurationMs } from "./lockout.ts";

const p914 = PROFILES["smartcode-914"]!;
const p910 = PROFILES["smartcode-910"]!;

function wrong(lock: SimulatedLock, times: number): void {
  for (let i = 0; i < times; i++) {
    lock.keys("1111");
    lock.advance(3000);
  }
}

describe("wrong-code lockout", () => {
  it("B-SEC-1: five wrong entries in a row lock the keypad out silently for 5 minutes, then it works again", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"] });
    lock.turn("extended", "key");
    wrong(lock, 5);
    expect(lock.state.lockedOutUntilMs).not.toBeNull();
    const from = lock.effects.length;
    lock.keys("2947");
    lock.advance(3000);
    expect(lock.isExtended).toBe(true);
    expect(lock.effectsOf("signal", from)).toHaveLength(0);
    lock.advance(5 * 60_000);
    expect(lock.state.lockedOutUntilMs).toBeNull();
    lock.keys("2947");
    lock.advance(3000);
    expect(lock.isExtended).toBe(false);
  });

  it("B-SEC-1: a right code resets the count", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"] });
    wrong(lock, 4);
    lock.keys("2947");
    lock.advance(3000);
    wrong(lock, 4);
    expect(lock.state.lockedOutUntilMs).toBeNull();
  });

  it("B-SEC-6: a lockout that ends without a right code doubles the next, capped at 24 h", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"] });
    wrong(lock, 5);
    const first = (lock.state.lockedOutUntilMs ?? 0) - lock.nowMs;
    lock.advance(first + 1000);
    wrong(lock, 5);
    const second = (lock.state.lockedOutUntilMs ?? 0) - lock.nowMs;
    expect(second).toBeGreaterThan(first * 1.9);
    expect(lockoutDurationMs(5 * 60_000, 20)).toBe(24 * 3_600_000);
  });

  it("B-SEC-6: a right code resets the escalation", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"] });
    wrong(lock, 5);
    lock.advance(5 * 60_000 + 1000);
    lock.keys("2947");
    lock.advance(3000);
    expect(lock.state.persistent.lockoutLevel).toBe(0);
  });

  it("B-SEC-6: every lockout is in the history and raised as an alert to the hub", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"] });
    wrong(lock, 5);
    expect(lock.effectsOf("history").some((e) => e.entry.kind === "lockout")).toBe(true);
    expect(
      lock.effectsOf("radio.report").some((e) => e.report.type === "alert" && e.report.alert === "lockout"),
    ).toBe(true);
  });

  it("B-PWR-7: pulling the pack clears a running lockout but keeps the escalation level and the codes", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"] });
    wrong(lock, 5);
    lock.powerCycle();
    expect(lock.state.lockedOutUntilMs).toBeNull();
    expect(lock.state.persistent.lockoutLevel).toBe(1);
    expect(lock.state.persistent.codes[0]).not.toBeNull();
  });

  it("MANUFACTURER 910: 3 wrong codes within a minute lock the keypad for 60 s with red ×15 + 15 beeps", () => {
    const lock = new SimulatedLock(p910, { codes: ["1357"] });
    const from = lock.effects.length;
    wrong(lock, 3);
    expect(lock.signalsSince(from)).toMatchObject({ red: 2 * 3 + 15, beeps: 2 * 3 + 15 });
    expect((lock.state.lockedOutUntilMs ?? 0) - lock.nowMs).toBeLessThanOrEqual(60_000);
  });

  it("MANUFACTURER 910: wrong codes more than a minute apart do not add up", () => {
    const lock = new SimulatedLock(p910, { codes: ["1357"] });
    wrong(lock, 2);
    lock.advance(61_000);
    wrong(lock, 2);
    expect(lock.state.lockedOutUntilMs).toBeNull();
  });
});
