/** Alert words: times in the site's zone in plain words, refusals without rule ids. */
import { describe, expect, it } from "vitest";
import { plainReason, siteDay, siteTime } from "./alert-words.ts";

const NOW = Date.UTC(2026, 11, 7, 12);

describe("alert words", () => {
  it("a time in the site's own zone, as an owner reads it: 24-hour clock, day and month", () => {
    const at = Date.UTC(2026, 11, 7, 13, 5);
    expect(siteTime(at, "Europe/Berlin", NOW)).toBe("14:05 on 7 Dec");
    expect(siteTime(at, "America/Denver", NOW)).toBe("06:05 on 7 Dec");
    expect(siteTime(at, "UTC", NOW)).toBe("13:05 on 7 Dec");
    // Past midnight where the door is: that day, not the hub's.
    expect(siteTime(Date.UTC(2026, 11, 7, 23, 30), "Europe/Berlin", NOW)).toBe("00:30 on 8 Dec");
  });

  it("a day names its year only when it is not this year there", () => {
    expect(siteDay(Date.UTC(2026, 11, 19, 10), "Europe/Berlin", NOW)).toBe("19 Dec");
    expect(siteDay(Date.UTC(2027, 0, 20, 10), "Europe/Berlin", NOW)).toBe("20 Jan 2027");
    expect(siteDay(Date.UTC(2026, 11, 31, 23, 30), "Europe/Berlin", NOW)).toBe("1 Jan 2027");
  });

  it("a lock's refusal loses the rule ids the firmware cites for developers, and keeps its words", () => {
    expect(plainReason("first 4 digits match slot 2 (B-CODE-4)")).toBe("first 4 digits match slot 2");
    expect(plainReason("a user code has 4 to 8 digits (B-CODE-2)")).toBe("a user code has 4 to 8 digits");
    expect(plainReason("no free slot (B-CODE-2/3, B-CODE-5)")).toBe("no free slot");
    expect(plainReason("B-PWR-4: the cells give no power")).toBe("the cells give no power");
    expect(plainReason("the lock is not paired with the hub")).toBe("the lock is not paired with the hub");
  });
});
