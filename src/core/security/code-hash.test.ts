// Rule B-SEC-7: "comparing an entry with the stored codes takes the same steps whatever the digits,
// and stored codes can be kept as keyed hashes, so that neither timing nor a dump of the store
// gives a code away." These tests pin both halves: what a stored hash reveals, and how much work
// a lookup does.

import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bytesToHex,
  constantTimeEqualHex,
  deviceKeyFromHex,
  findMatchingIndex,
  hashCode,
  type ComparisonCounter,
} from "./code-hash.ts";

const KEY = deviceKeyFromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
const OTHER_KEY = deviceKeyFromHex("ff0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
const digitsArb = fc.stringMatching(/^[0-9]{4,10}$/);
const keyArb = fc.uint8Array({ minLength: 16, maxLength: 32 });

describe("hashCode", () => {
  it("B-SEC-7: a stored code hash is HMAC-SHA256 over a purpose byte and the ASCII digits, cut to 8 bytes", () => {
    fc.assert(
      fc.property(
        keyArb,
        digitsArb,
        fc.constantFrom("full" as const, "prefix" as const),
        (key, digits, purpose) => {
          const message = Buffer.concat([
            Buffer.from([purpose === "full" ? 1 : 2]),
            Buffer.from(digits, "ascii"),
          ]);
          const expected = createHmac("sha256", key).update(message).digest("hex").slice(0, 16);
          expect(hashCode(key, purpose, digits)).toBe(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("B-SEC-7: a stored code hash does not contain the code's digits", () => {
    for (const digits of ["1234", "0000", "2580", "13579", "987654", "11223344", "0123456789"]) {
      const hash = hashCode(KEY, "full", digits);
      expect(hash).toMatch(/^[0-9a-f]{16}$/);
      expect(hash).not.toContain(digits);
      expect(hashCode(KEY, "prefix", digits)).not.toContain(digits);
    }
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{6,10}$/), (digits) => {
        expect(hashCode(KEY, "full", digits)).not.toContain(digits);
      }),
      { numRuns: 200 },
    );
  });

  it("B-SEC-7: full and prefix hashes of the same digits differ", () => {
    fc.assert(
      fc.property(keyArb, digitsArb, (key, digits) => {
        expect(hashCode(key, "full", digits)).not.toBe(hashCode(key, "prefix", digits));
      }),
      { numRuns: 200 },
    );
  });

  it("B-SEC-7: different device keys give different hashes for the same code", () => {
    fc.assert(
      fc.property(keyArb, keyArb, digitsArb, (a, b, digits) => {
        fc.pre(bytesToHex(a) !== bytesToHex(b));
        expect(hashCode(a, "full", digits)).not.toBe(hashCode(b, "full", digits));
      }),
      { numRuns: 200 },
    );
    expect(hashCode(KEY, "full", "1234")).not.toBe(hashCode(OTHER_KEY, "full", "1234"));
  });

  it("B-SEC-7: the same key, purpose and digits always give the same hash, and different codes differ", () => {
    expect(hashCode(KEY, "full", "1234")).toBe(hashCode(KEY, "full", "1234"));
    expect(hashCode(KEY, "full", "1234")).not.toBe(hashCode(KEY, "full", "1235"));
    expect(hashCode(KEY, "full", "1234")).not.toBe(hashCode(KEY, "full", "01234"));
  });

  it("rejects anything but the digits 0-9", () => {
    for (const bad of ["12a4", "12 4", "-123", "１２３４", "12/4", "12:4"]) {
      expect(() => hashCode(KEY, "full", bad)).toThrow(RangeError);
    }
  });
});

describe("constantTimeEqualHex", () => {
  it("is true only for identical strings", () => {
    expect(constantTimeEqualHex("", "")).toBe(true);
    expect(constantTimeEqualHex("00ff", "00ff")).toBe(true);
    expect(constantTimeEqualHex("00ff", "00fe")).toBe(false);
    expect(constantTimeEqualHex("10ff", "00ff")).toBe(false);
    expect(constantTimeEqualHex("00ff", "00ff00")).toBe(false);
    expect(constantTimeEqualHex("00ff00", "00ff")).toBe(false);
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-f]{0,20}$/), fc.stringMatching(/^[0-9a-f]{0,20}$/), (a, b) => {
        expect(constantTimeEqualHex(a, b)).toBe(a === b);
      }),
      { numRuns: 200 },
    );
  });

  it("B-SEC-7: constantTimeEqualHex walks every character whether the first or last one differs", () => {
    const stepsFor = (a: string, b: string): number => {
      const counter: ComparisonCounter = { steps: 0 };
      constantTimeEqualHex(a, b, counter);
      return counter.steps;
    };
    const hash = hashCode(KEY, "full", "1234");
    const firstDiffers = (hash[0] === "0" ? "1" : "0") + hash.slice(1);
    const lastDiffers = hash.slice(0, 15) + (hash[15] === "0" ? "1" : "0");
    expect(stepsFor(hash, hash)).toBe(16);
    expect(stepsFor(hash, firstDiffers)).toBe(16);
    expect(stepsFor(hash, lastDiffers)).toBe(16);
    expect(stepsFor(hash, hash.slice(0, 4))).toBe(16);
    expect(stepsFor(hash.slice(0, 4), hash)).toBe(16);
  });
});

describe("findMatchingIndex", () => {
  const codes = ["1234", "2580", "0000", "97531", "11223344"];
  const stored = codes.map((c) => hashCode(KEY, "full", c));

  it("returns the slot of the matching code, or -1", () => {
    codes.forEach((c, i) => expect(findMatchingIndex(stored, hashCode(KEY, "full", c))).toBe(i));
    expect(findMatchingIndex(stored, hashCode(KEY, "full", "4321"))).toBe(-1);
    expect(findMatchingIndex(stored, hashCode(KEY, "prefix", "1234"))).toBe(-1);
    expect(findMatchingIndex(stored, hashCode(OTHER_KEY, "full", "1234"))).toBe(-1);
    expect(findMatchingIndex([], hashCode(KEY, "full", "1234"))).toBe(-1);
  });

  it("skips empty slots and returns the first of duplicate matches", () => {
    const target = hashCode(KEY, "full", "2580");
    expect(findMatchingIndex([null, null, target, null], target)).toBe(2);
    expect(findMatchingIndex([null, target, null, target], target)).toBe(1);
    expect(findMatchingIndex([null, null, null], target)).toBe(-1);
    // An empty slot never matches, even a target that looks like the internal dummy.
    expect(findMatchingIndex([null, null], "----------------")).toBe(-1);
  });

  it("agrees with a plain indexOf on random slot tables", () => {
    const hashArb = fc.stringMatching(/^[0-9a-f]{16}$/);
    fc.assert(
      fc.property(
        fc.array(fc.option(hashArb), { maxLength: 12 }),
        hashArb,
        fc.nat(),
        (slots, extra, pick) => {
          const occupied = slots.filter((s): s is string => s !== null);
          const target = occupied.length > 0 && pick % 2 === 0 ? occupied[pick % occupied.length]! : extra;
          expect(findMatchingIndex(slots, target)).toBe(slots.indexOf(target));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("B-SEC-7: findMatchingIndex walks every slot whatever the digits", () => {
    const slots: (string | null)[] = [...stored.slice(0, 2), null, ...stored.slice(2), null];
    const stepsFor = (digits: string): { index: number; steps: number } => {
      const counter: ComparisonCounter = { steps: 0 };
      const index = findMatchingIndex(slots, hashCode(KEY, "full", digits), counter);
      return { index, steps: counter.steps };
    };
    const expectedSteps = slots.length * 16;
    expect(stepsFor("1234")).toEqual({ index: 0, steps: expectedSteps }); // match in slot 0
    expect(stepsFor("11223344")).toEqual({ index: slots.length - 2, steps: expectedSteps }); // last occupied slot
    expect(stepsFor("4321")).toEqual({ index: -1, steps: expectedSteps }); // no match
    // Any entry at all, matching or not, costs the same number of character comparisons.
    fc.assert(
      fc.property(digitsArb, (digits) => {
        expect(stepsFor(digits).steps).toBe(expectedSteps);
      }),
      { numRuns: 200 },
    );
  });

  it("B-SEC-7: findMatchingIndex takes the same steps for a match in the first slot, the last slot, or none", () => {
    const target = hashCode(KEY, "full", "2580");
    const filler = (n: number): string[] =>
      Array.from({ length: n }, (_, i) => hashCode(KEY, "full", `9${i}00`));
    const tables: (string | null)[][] = [
      [target, ...filler(7)],
      [...filler(7), target],
      filler(8),
      [null, null, null, null, null, null, null, null],
      [target, null, null, null, null, null, null, null],
    ];
    const steps = tables.map((table) => {
      const counter: ComparisonCounter = { steps: 0 };
      findMatchingIndex(table, target, counter);
      return counter.steps;
    });
    expect(new Set(steps)).toEqual(new Set([8 * 16]));
  });
});

describe("deviceKeyFromHex and bytesToHex", () => {
  it("round-trip any bytes, accepting either case", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (bytes) => {
        const hex = bytesToHex(bytes);
        expect(hex).toBe(Buffer.from(bytes).toString("hex"));
        expect(deviceKeyFromHex(hex)).toEqual(bytes);
        expect(deviceKeyFromHex(hex.toUpperCase())).toEqual(bytes);
      }),
      { numRuns: 200 },
    );
    expect(bytesToHex(new Uint8Array(0))).toBe("");
  });

  it("rejects empty, odd-length and non-hex keys", () => {
    for (const bad of ["", "abc", "0g", "zz", "00 1", "0x00"]) {
      expect(() => deviceKeyFromHex(bad)).toThrow(RangeError);
    }
  });
});
