import { describe, expect, it } from "vitest";
import {
  isInsideWeekly,
  isValidTimeZone,
  offsetMinutesAt,
  parseSiteTime,
  toLockWeekly,
} from "./site-time.ts";

describe("times in the site's zone", () => {
  it("reads a wall-clock time in the site's zone, and an offset time as given", () => {
    expect(parseSiteTime("2026-12-24T15:00", "Europe/Berlin")).toBe(Date.UTC(2026, 11, 24, 14, 0));
    expect(parseSiteTime("2026-07-01T15:00", "America/New_York")).toBe(Date.UTC(2026, 6, 1, 19, 0));
    expect(parseSiteTime("2026-12-24T15:00:00Z", "Europe/Berlin")).toBe(Date.UTC(2026, 11, 24, 15, 0));
    expect(parseSiteTime("2026-12-24T15:00+01:00", "Asia/Tokyo")).toBe(Date.UTC(2026, 11, 24, 14, 0));
  });

  it("refuses what is not a time", () => {
    for (const bad of [
      "tomorrow",
      "2026-02-31T10:00",
      "2026-13-01T10:00",
      "2026-12-24 15:00",
      "",
      "2026-12-24T25:00",
    ]) {
      expect(parseSiteTime(bad, "UTC")).toBeNull();
    }
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
    expect(isValidTimeZone("Europe/Berlin")).toBe(true);
  });

  it("follows daylight saving: the offset changes at the switch", () => {
    expect(offsetMinutesAt("Europe/Berlin", Date.UTC(2026, 0, 10))).toBe(60);
    expect(offsetMinutesAt("Europe/Berlin", Date.UTC(2026, 6, 10))).toBe(120);
    // 02:30 on the spring-forward day does not exist in Berlin: the later instant is taken
    expect(parseSiteTime("2026-03-29T02:30", "Europe/Berlin")).toBe(Date.UTC(2026, 2, 29, 1, 30));
  });

  it("B-CODE-8: weekly hours become the lock's window, shifted to the lock's clock", () => {
    const w = toLockWeekly(
      { days: ["mon", "wed"], startTime: "09:00", endTime: "17:00" },
      "Europe/Berlin",
      Date.UTC(2026, 0, 5),
    );
    expect(w).toEqual({
      window: { dayMask: 0b101, fromMinute: 8 * 60, untilMinute: 16 * 60 },
      approximated: false,
    });
    // 08:00–12:00 in Tokyo (UTC+9) is 23:00–03:00 UTC the day before: the larger part only
    const t = toLockWeekly(
      { days: ["tue"], startTime: "08:00", endTime: "12:00" },
      "Asia/Tokyo",
      Date.UTC(2026, 0, 5),
    );
    expect(t.approximated).toBe(true);
    expect(t.window).toEqual({ dayMask: 1 << 1, fromMinute: 0, untilMinute: 180 }); // Tuesday 00:00–03:00 UTC
  });

  it("B-CODE-8: tells whether an instant is inside weekly hours in the site's zone", () => {
    const s = { days: ["mon" as const], startTime: "09:00", endTime: "17:00" };
    expect(isInsideWeekly(s, "Europe/Berlin", Date.UTC(2026, 0, 5, 8, 30))).toBe(true); // Monday 09:30 Berlin
    expect(isInsideWeekly(s, "Europe/Berlin", Date.UTC(2026, 0, 5, 7, 30))).toBe(false);
    expect(isInsideWeekly(s, "Europe/Berlin", Date.UTC(2026, 0, 6, 8, 30))).toBe(false);
  });
});
