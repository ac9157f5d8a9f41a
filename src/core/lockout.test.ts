import { describe, expect, it } from "vitest";
import { PROFILES } from "./profiles/index.ts";
import { SimulatedLock } from "./testing/simulated-lock.ts";
import { MAX_LOCKOUT_MS, lockoutDurationMs } from "./lockout.ts";
import { PACED_GAP_MS, exhaustCodeSpace } from "./testing/guessing-attack.ts";
import type { LockProfile } from "./profile-types.ts";

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
    expect(lock.radioEvents().map((e) => e.kind)).toContain("lockout-started");
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

const YEAR_MS = 365 * 86_400_000;

/** One wrong code, then `gapMs` of waiting (the entry ends at `lock`). */
function spacedWrong(lock: SimulatedLock, times: number, gapMs: number): void {
  for (let i = 0; i < times; i++) {
    lock.keys("1111 lock");
    lock.advance(gapMs);
  }
}

describe("paced guessing (B-SEC-6)", () => {
  it("B-SEC-6: MANUFACTURER 910: nine wrong codes a minute apart do not lock out; the tenth in a row does", () => {
    const lock = new SimulatedLock(p910, { codes: ["1357"] });
    spacedWrong(lock, 9, 61_000);
    expect(lock.state.lockedOutUntilMs).toBeNull();
    expect(lock.state.wrongCount).toBe(9);
    lock.keys("1111 lock");
    expect(lock.state.lockedOutUntilMs).not.toBeNull();
    expect(lock.effectsOf("history").at(-1)?.entry.detail).toMatch(/10 wrong entries in a row/);
  });

  it("B-SEC-6: from the tenth wrong code in a row every wrong code locks out, each lockout longer, up to 24 h", () => {
    for (const profile of [p910, p914]) {
      const lock = new SimulatedLock(profile, { codes: ["13572468"] });
      const durations: number[] = [];
      for (let i = 0; i < 40; i++) {
        const until = lock.state.lockedOutUntilMs;
        lock.advance(Math.max(PACED_GAP_MS, until === null ? 0 : until - lock.nowMs + 1));
        lock.keys("1111 lock");
        const now = lock.state.lockedOutUntilMs;
        if (i >= 9) {
          expect(now, `${profile.id}: wrong code ${i + 1}`).not.toBeNull();
          durations.push((now ?? 0) - lock.nowMs);
        }
      }
      for (let i = 1; i < durations.length; i++) {
        expect(durations[i]).toBeGreaterThanOrEqual(
          Math.min(MAX_LOCKOUT_MS, 2 * (durations[i - 1] ?? 0)) - 1_000,
        );
      }
      // Measured after the last key came up, half a second into the lockout.
      expect(durations.at(-1)).toBeGreaterThan(MAX_LOCKOUT_MS - 1_000);
    }
  });

  it("B-SEC-6: a right code ends the run of wrong codes however long it was; so does a code change from inside", () => {
    const lock = new SimulatedLock(p910, { codes: ["1357"] });
    spacedWrong(lock, 9, 61_000);
    lock.keys("1357 lock");
    lock.advance(5_000);
    expect(lock.state.wrongCount).toBe(0);
    spacedWrong(lock, 9, 61_000);
    expect(lock.state.lockedOutUntilMs).toBeNull();
    lock.keys("program program 9753 lock"); // slot 2 from inside
    lock.advance(10_000);
    expect(lock.state.wrongCount).toBe(0);
    spacedWrong(lock, 9, 61_000);
    expect(lock.state.lockedOutUntilMs).toBeNull();
  });

  it.each(Object.values(PROFILES).map((p) => [p.id, p] as const))(
    "B-SEC-6: paced brute force on %s — one guess every 31 s, every lockout waited out — takes at least a year to try every code",
    (_id, profile) => {
      const r = exhaustCodeSpace(profile, "paced");
      expect(r.guesses).toBe(r.codeSpace);
      expect(r.opened).toBe(false);
      expect(r.lockMs).toBeGreaterThanOrEqual(YEAR_MS);
    },
  );

  it.each([p910, p914].map((p) => [p.id, p] as const))(
    "B-SEC-6: unpaced brute force on %s takes at least a year to try every code",
    (_id, profile) => {
      const r = exhaustCodeSpace(profile, "unpaced");
      expect(r.guesses).toBe(r.codeSpace);
      expect(r.lockMs).toBeGreaterThanOrEqual(YEAR_MS);
    },
  );

  it("B-SEC-6: without the rule, the 910's documented lockout alone falls to paced guessing in hours (issue 16)", () => {
    const windowOnly: LockProfile = { ...p910, lockout: { ...p910.lockout, everyWrongFrom: Infinity } };
    const r = exhaustCodeSpace(windowOnly, "paced");
    expect(r.guesses).toBe(625);
    expect(r.lockouts).toBe(0);
    expect(r.lockMs).toBeLessThan(86_400_000);
  });
});
