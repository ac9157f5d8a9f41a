import { describe, expect, it } from "vitest";
import { forecastStopMs } from "./battery-forecast.ts";

const DAY = 86_400_000;

describe("battery forecast", () => {
  it("draws a line through the current pack's readings to the level where the lock stops locking", () => {
    const samples = [0, 10, 20, 30].map((d) => ({ atMs: d * DAY, percent: 80 - d })); // 1 point a day
    expect(forecastStopMs(samples)! / DAY).toBeCloseTo(75, 5); // 80 → 5 %
  });

  it("starts over after a pack change, and says nothing for flat or too few readings", () => {
    const old = [0, 1, 2].map((d) => ({ atMs: d * DAY, percent: 20 - d * 5 }));
    const fresh = [3, 13, 23].map((d) => ({ atMs: d * DAY, percent: 100 - (d - 3) }));
    expect(forecastStopMs([...old, ...fresh])! / DAY).toBeCloseTo(98, 5);
    expect(
      forecastStopMs([
        { atMs: 0, percent: 50 },
        { atMs: DAY, percent: 50 },
        { atMs: 2 * DAY, percent: 50 },
      ]),
    ).toBeNull();
    expect(forecastStopMs([{ atMs: 0, percent: 50 }])).toBeNull();
  });
});
