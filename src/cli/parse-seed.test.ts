import { describe, expect, it } from "vitest";
import { MAX_SEED, parseSeed, parseWholeNumber } from "./parse-seed.ts";

describe("seeds and counts on the command line", () => {
  it("takes plain decimal whole numbers", () => {
    expect(parseSeed("0")).toEqual({ ok: true, value: 0 });
    expect(parseSeed("42")).toEqual({ ok: true, value: 42 });
    expect(parseSeed(String(MAX_SEED))).toEqual({ ok: true, value: MAX_SEED });
  });

  it("refuses -1, 0x10, a blank, 1e3, 1.5 and numbers out of range, with a reason", () => {
    for (const bad of [
      "-1",
      "0x10",
      " ",
      "",
      "1e3",
      "1.5",
      "+3",
      "３",
      String(MAX_SEED + 1),
      "99999999999999999999",
    ]) {
      const r = parseSeed(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/--seed/);
    }
    expect(parseSeed(undefined)).toEqual({ ok: false, reason: "--seed needs a value" });
  });

  it("bounds a count", () => {
    expect(parseWholeNumber("--cases", "0", 1, 5000).ok).toBe(false);
    expect(parseWholeNumber("--cases", "5001", 1, 5000).ok).toBe(false);
    expect(parseWholeNumber("--cases", "5000", 1, 5000)).toEqual({ ok: true, value: 5000 });
  });
});
