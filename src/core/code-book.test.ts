import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PROFILES } from "./profiles/index.ts";
import {
  checkNewCode,
  fullHashHex,
  isWithinWindow,
  matchEntry,
  matchingSlot,
  normalizeDigits,
  storeCode,
  withSlot,
} from "./code-book.ts";
import { factoryPersistentState } from "./factory-state.ts";
import { TEST_SECRET } from "./testing/simulated-lock.ts";
import type { PersistentState } from "./state.ts";
import type { ComparisonCounter } from "./security/code-hash.ts";
import { hashCode } from "./security/code-hash.ts";

const p914 = PROFILES["smartcode-914"]!;
const p275 = PROFILES["smartcode-275"]!;
const p910 = PROFILES["smartcode-910"]!;

function withCodes(profile = p914, codes: string[] = [], programming?: string): PersistentState {
  let p = factoryPersistentState(profile, TEST_SECRET);
  if (programming) p = { ...p, programmingCode: storeCode(profile, TEST_SECRET, programming) };
  codes.forEach(
    (c, i) => (p = withSlot(p, i + 1, storeCode(profile, TEST_SECRET, normalizeDigits(profile, c)))),
  );
  return p;
}

describe("code rules", () => {
  it("B-CODE-2: button keypads take 4–8 digits, touchscreens 4–10", () => {
    const p = withCodes();
    expect(checkNewCode(p914, p, "123", "user", 0).ok).toBe(false);
    expect(checkNewCode(p914, p, "12345678", "user", 0).ok).toBe(true);
    expect(checkNewCode(p914, p, "123456789", "user", 0)).toMatchObject({
      ok: false,
      code: "code.length",
    });
    expect(checkNewCode(p275, withCodes(p275), "1234567890", "user", 0).ok).toBe(true);
    expect(checkNewCode(p275, withCodes(p275), "12345678901", "user", 0).ok).toBe(false);
  });

  it("B-CODE-4: refuses a code whose first four digits match slot 1", () => {
    const r = checkNewCode(p914, withCodes(p914, ["29475"]), "29476", "user", 1);
    expect(r).toMatchObject({ ok: false, code: "code.conflict" });
    if (!r.ok) expect(r.reason).toContain("slot 1");
  });

  it("B-CODE-4: a slot being overwritten does not conflict with its own old code", () => {
    expect(checkNewCode(p914, withCodes(p914, ["29475"]), "29476", "user", 0).ok).toBe(true);
  });

  it("B-CODE-4: the programming code's first four digits count too", () => {
    const r = checkNewCode(p275, withCodes(p275, [], "0000"), "00001", "user", 0);
    expect(r).toMatchObject({ ok: false, code: "code.conflict" });
  });

  it("B-CODE-5: the programming code must differ from every user code", () => {
    const r = checkNewCode(p914, withCodes(p914, ["2947"]), "2947", "programming", null);
    expect(r).toMatchObject({ ok: false, code: "code.conflict" });
    if (!r.ok) expect(r.reason).toContain("B-CODE-5");
  });

  it("MANUFACTURER 910: codes with the same button sequence are the same code", () => {
    expect(normalizeDigits(p910, "2134")).toBe(normalizeDigits(p910, "1234"));
    const r = checkNewCode(p910, withCodes(p910, ["1234"]), "2134", "user", 1);
    expect(r).toMatchObject({ ok: false, code: "code.conflict" });
    // The 910 has no first-four-digits rule: 12345 and 12346 differ on the last button.
    expect(checkNewCode(p910, withCodes(p910, ["12345"]), "12357", "user", 1).ok).toBe(true);
  });

  it("B-CODE-9: weak codes such as 1234 are allowed by the lock", () => {
    expect(checkNewCode(p914, withCodes(), "1234", "user", 0).ok).toBe(true);
    expect(checkNewCode(p914, withCodes(), "1111", "user", 0).ok).toBe(true);
  });

  it("B-SEC-7: the stored state holds no code digits", () => {
    const p = withCodes(p914, ["29475831", "61738204"], "55661234");
    const text = JSON.stringify(p);
    for (const code of ["29475831", "61738204", "55661234", "2947", "6173"]) expect(text).not.toContain(code);
  });

  it("B-CODE-8: a temporary code works only inside its window; a weekly one only on its days and hours", () => {
    const mon0900 = Date.parse("2026-03-02T09:00:00Z"); // a Monday
    const code = { validFromMs: mon0900, validUntilMs: mon0900 + 3_600_000 };
    expect(isWithinWindow(code, mon0900 - 1)).toBe(false);
    expect(isWithinWindow(code, mon0900)).toBe(true);
    expect(isWithinWindow(code, mon0900 + 3_600_000)).toBe(false);
    const weekly = {
      weekly: { dayMask: 0b1, fromMinute: 8 * 60, untilMinute: 17 * 60 },
    };
    expect(isWithinWindow(weekly, mon0900)).toBe(true);
    expect(isWithinWindow(weekly, mon0900 + 9 * 3_600_000)).toBe(false); // Monday 18:00
    expect(isWithinWindow(weekly, mon0900 + 86_400_000)).toBe(false); // Tuesday 09:00
  });

  it("B-CODE-1: a user code matches its slot, the programming code is recognised as such", () => {
    const p = withCodes(p914, ["2947", "8163"], "5555");
    expect(matchEntry(p914, p, "8163", 0)).toEqual({ kind: "user", slot: 2, inWindow: true });
    expect(matchEntry(p914, p, "5555", 0)).toEqual({ kind: "programming" });
    expect(matchEntry(p914, p, "1111", 0)).toEqual({ kind: "none" });
    expect(matchEntry(p914, p, "", 0)).toEqual({ kind: "none" });
  });

  it("B-CODE-1: entries on many locks in turn each match their own lock's codes (the slots' words are kept for a few stored states only)", () => {
    const locks = Array.from({ length: 9 }, (_, i) =>
      withCodes(p914, [`${1000 + i * 7}`, `${5000 + i * 3}`]),
    );
    for (let round = 0; round < 3; round++) {
      locks.forEach((p, i) => {
        expect(matchEntry(p914, p, `${5000 + i * 3}`, 0)).toEqual({ kind: "user", slot: 2, inWindow: true });
        expect(matchEntry(p914, p, `${1000 + ((i + 1) % 9) * 7}`, 0)).toEqual({ kind: "none" });
      });
    }
    // A changed state (a code taken out of slot 1) matches as it now is, not as it was.
    const changed = withSlot(locks[0]!, 1, null);
    expect(matchEntry(p914, changed, "1000", 0)).toEqual({ kind: "none" });
    expect(matchEntry(p914, locks[0]!, "1000", 0)).toEqual({ kind: "user", slot: 1, inWindow: true });
  });
});

describe("matching an entry in constant steps (B-SEC-7)", () => {
  // A full 30-slot lock with gaps, a code in the first and the last slot, and a programming code.
  const codes = Array.from({ length: 30 }, (_, i) =>
    i % 4 === 2 ? "" : `${String(i + 10).padStart(2, "0")}${i % 10}7`,
  );
  let p = withCodes(p914, [], "5555");
  codes.forEach((c, i) => {
    if (c !== "") p = withSlot(p, i + 1, storeCode(p914, TEST_SECRET, c));
  });
  const stepsFor = (typed: string): { match: string; steps: number } => {
    const counter: ComparisonCounter = { steps: 0 };
    const m = matchEntry(p914, p, typed, 0, counter);
    return { match: m.kind === "user" ? `slot ${m.slot}` : m.kind, steps: counter.steps };
  };
  // Two 32-bit words a slot, and the two of the programming code's hash.
  const expected = 30 * 2 + 2;

  it("B-SEC-7: matchEntry, which the keypad calls for every entry, compares the same words whatever the digits", () => {
    expect(stepsFor(codes[0]!)).toEqual({ match: "slot 1", steps: expected });
    expect(stepsFor(codes[29]!)).toEqual({ match: "slot 30", steps: expected });
    expect(stepsFor("5555")).toEqual({ match: "programming", steps: expected });
    expect(stepsFor("9999")).toEqual({ match: "none", steps: expected });
    expect(stepsFor("98765432")).toEqual({ match: "none", steps: expected });
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{4,8}$/), (typed) => {
        expect(stepsFor(typed).steps).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("B-SEC-7: matchingSlot takes the same steps for a match in the first slot, the last slot, or none, full or empty", () => {
    const target = storeCode(p914, TEST_SECRET, "2580");
    const filler = (n: number): PersistentState => {
      let q = withCodes(p914);
      for (let i = 0; i < n; i++) q = withSlot(q, i + 1, storeCode(p914, TEST_SECRET, `9${i}00`.slice(0, 4)));
      return q;
    };
    const tables = [
      withSlot(filler(0), 1, target),
      withSlot(filler(29), 30, target),
      filler(30),
      withCodes(p914),
    ];
    const steps = tables.map((t) => {
      const counter: ComparisonCounter = { steps: 0 };
      matchingSlot(t, fullHashHex(target), counter);
      return counter.steps;
    });
    expect(new Set(steps)).toEqual(new Set([60]));
  });

  it("B-SEC-7: matchingSlot finds the first slot holding the hash, never a free slot, like a plain search", () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }), { minLength: 30, maxLength: 30 }),
        fc.integer({ min: 0, max: 40 }),
        (slots, wanted) => {
          const q: PersistentState = {
            ...withCodes(p914),
            codes: slots.map((n) => (n === null ? null : storeCode(p914, TEST_SECRET, `${1000 + n}`))),
          };
          const target = hashCode(TEST_SECRET, "full", `${1000 + wanted}`);
          expect(matchingSlot(q, target)).toBe(
            q.codes.findIndex((c) => c !== null && fullHashHex(c) === target),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
