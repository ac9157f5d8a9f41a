/**
 * The year at the door (seasons.ts): a cold January and a warm July on the keypad side, the
 * small hours colder than the afternoon, and doors that swell only in the humid summer.
 */
import { describe, expect, it } from "vitest";
import { CONSTANT_20C, SWELL_PEAK_DAY, TEMPERATE, outdoorTemperatureC, swellingStrikeN } from "./seasons.ts";

describe("seasons", () => {
  it("the temperate climate runs from about −4 °C on January nights to about 26 °C on July afternoons", () => {
    expect(outdoorTemperatureC(TEMPERATE, TEMPERATE.coldestDay, 3)).toBeCloseTo(-4, 5);
    expect(outdoorTemperatureC(TEMPERATE, TEMPERATE.coldestDay + 182.5, 15)).toBeCloseTo(26, 5);
    expect(outdoorTemperatureC(TEMPERATE, 100, 15)).toBeGreaterThan(outdoorTemperatureC(TEMPERATE, 100, 3));
    expect(
      outdoorTemperatureC(TEMPERATE, 100, 12, 2.5) - outdoorTemperatureC(TEMPERATE, 100, 12),
    ).toBeCloseTo(2.5, 9);
  });

  it("the calibration climate is 20 °C all year, day and night", () => {
    for (const [day, hour] of [
      [0, 0],
      [100, 3],
      [200, 15],
      [364, 23],
    ] as const)
      expect(outdoorTemperatureC(CONSTANT_20C, day, hour)).toBe(20);
  });

  it("a door swells to its peak in late July and not at all from late autumn to spring (strike-misaligned: seasonal)", () => {
    expect(swellingStrikeN(10, SWELL_PEAK_DAY)).toBeCloseTo(10, 9);
    expect(swellingStrikeN(10, 0)).toBe(0);
    expect(swellingStrikeN(10, 330)).toBe(0);
    expect(swellingStrikeN(10, SWELL_PEAK_DAY + 30)).toBeGreaterThan(0);
    expect(swellingStrikeN(10, SWELL_PEAK_DAY + 30)).toBeLessThan(10);
    const swollenDays = Array.from({ length: 365 }, (_, d) => swellingStrikeN(10, d)).filter(
      (n) => n > 0,
    ).length;
    expect(swollenDays).toBeGreaterThan(120);
    expect(swollenDays).toBeLessThan(160);
    expect(swellingStrikeN(0, SWELL_PEAK_DAY)).toBe(0);
  });
});
