import { describe, expect, it } from "vitest";
import { DoorLock } from "@matter/main/clusters/door-lock";
import { isWithinWindow } from "../../core/code-book.ts";
import { codeWindowOf, epochSOfLockMs, lockDayMaskOf, lockMsOfEpochS, NEVER } from "./access-window.ts";

const enabled = {
  userStatus: DoorLock.UserStatus.OccupiedEnabled,
  userType: DoorLock.UserType.UnrestrictedUser,
};
const days = (names: (keyof DoorLock.DaysMask)[]): DoorLock.DaysMask =>
  Object.fromEntries(names.map((n) => [n, true])) as DoorLock.DaysMask;
const works = (window: ReturnType<typeof codeWindowOf>, atMs: number) => isWithinWindow(window, atMs);

const MONDAY_10H = Date.UTC(2026, 11, 7, 10, 0);

describe("Matter access → the lock's code window (B-CODE-8)", () => {
  it("Matter's Sunday-first day bits become the lock's Monday-first ones", () => {
    expect(lockDayMaskOf(days(["monday"]))).toBe(1);
    expect(lockDayMaskOf(days(["sunday"]))).toBe(64);
    expect(lockDayMaskOf(days(["monday", "wednesday", "friday"]))).toBe(1 | 4 | 16);
  });

  it("a week-day schedule is a weekly window the firmware checks", () => {
    const w = codeWindowOf({
      ...enabled,
      weekDay: { daysMask: days(["monday"]), startHour: 9, startMinute: 0, endHour: 17, endMinute: 30 },
    });
    expect(w.weekly).toEqual({ dayMask: 1, fromMinute: 540, untilMinute: 1050 });
    expect(works(w, MONDAY_10H)).toBe(true);
    expect(works(w, MONDAY_10H + 8 * 3_600_000)).toBe(false); // 18:00
    expect(works(w, MONDAY_10H + 86_400_000)).toBe(false); // Tuesday
  });

  it("a year-day schedule is a validity range (matter.js hands Unix seconds; the wire counts from 2000)", () => {
    expect(lockMsOfEpochS(Date.UTC(2000, 0, 1) / 1000)).toBe(Date.UTC(2000, 0, 1));
    expect(epochSOfLockMs(lockMsOfEpochS(12345))).toBe(12345);
    const start = epochSOfLockMs(MONDAY_10H - 3_600_000);
    const w = codeWindowOf({ ...enabled, yearDay: { localStartTime: start, localEndTime: start + 7200 } });
    expect(works(w, MONDAY_10H)).toBe(true);
    expect(works(w, MONDAY_10H + 2 * 3_600_000)).toBe(false);
  });

  it("disabled users, non-access users and schedule-restricted users with no schedule never get in", () => {
    expect(codeWindowOf({ ...enabled, userStatus: DoorLock.UserStatus.OccupiedDisabled })).toEqual(NEVER);
    expect(codeWindowOf({ ...enabled, userType: DoorLock.UserType.NonAccessUser })).toEqual(NEVER);
    expect(codeWindowOf({ ...enabled, userType: DoorLock.UserType.ScheduleRestrictedUser })).toEqual(NEVER);
    expect(works(NEVER, MONDAY_10H)).toBe(false);
    expect(codeWindowOf(enabled)).toEqual({});
  });
});
