import { describe, expect, it } from "vitest";
import { isStrongCode, weakCodeWarnings } from "./weak-codes.ts";
import { clashOnLock, generateCode } from "./code-generator.ts";

const codes = (c: string, o = {}) => weakCodeWarnings(c, o).map((w) => w.code);

describe("weak-code warnings (B-CODE-9)", () => {
  it("B-CODE-9: flags 0000, 1234, repeats, runs, repeated groups, years, dates and reuse, as warnings", () => {
    expect(codes("0000")).toContain("code.weak-repeated");
    expect(codes("1234")).toEqual(expect.arrayContaining(["code.weak-common", "code.weak-sequence"]));
    expect(codes("7890")).toContain("code.weak-sequence");
    expect(codes("98765")).toContain("code.weak-sequence");
    expect(codes("4646")).toContain("code.weak-repeated");
    expect(codes("1987")).toContain("code.weak-year");
    expect(codes("42311985")).toContain("code.weak-year");
    expect(codes("2412")).toContain("code.weak-date");
    expect(codes("4729", { reusedOnSites: ["cabin"] })).toEqual(["code.reused-across-sites"]);
  });

  it("B-CODE-9: an ordinary code raises nothing", () => {
    expect(codes("4729")).toEqual([]);
    expect(codes("836149")).toEqual([]);
    expect(isStrongCode("4729")).toBe(true);
  });
});

describe("hub-generated codes", () => {
  const lock = (id: string, taken: string[] = [], min = 4, max = 8) => ({
    lockId: id,
    minLength: min,
    maxLength: max,
    uniquePrefixDigits: 4,
    takenCodes: taken,
  });

  it("B-CODE-2/B-CODE-4: satisfy every target lock: length, first four unique, not already there, not weak", () => {
    const locks = [lock("a", ["4729", "8316"]), lock("b", ["5930"], 6, 8), lock("c", [], 4, 10)];
    for (let i = 0; i < 200; i++) {
      const made = generateCode(locks);
      expect(made.ok).toBe(true);
      if (!made.ok) continue;
      expect(made.value.length).toBe(6);
      for (const l of locks) expect(clashOnLock(made.value, l)).toBeNull();
      expect(isStrongCode(made.value)).toBe(true);
    }
  });

  it("B-CODE-4: avoids a prefix the lock refused before (a keypad code or the programming code)", () => {
    let n = 0;
    const digits = "47298316";
    const random = () => Number(digits[n++ % digits.length]);
    const l = { ...lock("a", [], 4, 4), refusedPrefixes: ["4729"] };
    expect(clashOnLock("4729", l)).not.toBeNull();
    expect(generateCode([l], { random })).toEqual({ ok: true, value: "8316" });
  });

  it("B-CODE-2: refuses when no length suits every lock", () => {
    expect(generateCode([lock("a", [], 4, 6), lock("b", [], 8, 10)])).toMatchObject({
      ok: false,
      code: "code.length",
    });
  });
});
