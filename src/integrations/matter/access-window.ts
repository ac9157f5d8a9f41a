/**
 * A Matter user's access (status, type, week-day and year-day schedules) as the one
 * window the lock's firmware keeps per code slot (B-CODE-8: validity range and a weekly
 * window). The firmware then refuses the code at the keypad outside it — the schedule is
 * enforced by the lock, not only stored. Rules follow the Matter SDK's reference lock
 * (connectedhomeip examples/lock-app): a schedule that exists restricts the user whatever
 * its type; a ScheduleRestrictedUser with no schedule, a NonAccessUser and a disabled user
 * have no keypad access.
 */
import { DoorLock } from "@matter/main/clusters/door-lock";
import type { WeeklyWindow } from "./lock-port.ts";

/**
 * Matter's epoch-s counts from 2000-01-01 on the wire (Matter Core §7.19.2.5); matter.js
 * converts, and hands commands Unix seconds.
 */

export interface WeekDaySchedule {
  readonly daysMask: DoorLock.DaysMask;
  readonly startHour: number;
  readonly startMinute: number;
  readonly endHour: number;
  readonly endMinute: number;
}

export interface YearDaySchedule {
  readonly localStartTime: number;
  readonly localEndTime: number;
}

export interface UserAccess {
  readonly userStatus: DoorLock.UserStatus;
  readonly userType: DoorLock.UserType;
  readonly weekDay?: WeekDaySchedule;
  readonly yearDay?: YearDaySchedule;
}

/** What a setCode command carries about when the code works. */
export interface CodeWindow {
  readonly validFromMs?: number;
  readonly validUntilMs?: number;
  readonly weekly?: WeeklyWindow;
  readonly uses?: number;
}

/**
 * A window that never opens: it ended 1 ms after the lock's epoch (the firmware refuses the code
 * like an expired one, B-CODE-8). Not an empty window (until = from = 0): the firmware refuses to
 * store one (`validUntilMs must be later than validFromMs`), so disabling a user failed on a real
 * lock and its code kept working.
 */
export const NEVER: CodeWindow = { validFromMs: 0, validUntilMs: 1 };

/** User types this lock can enforce; others are refused with InvalidCommand. */
export const SUPPORTED_USER_TYPES: readonly DoorLock.UserType[] = [
  DoorLock.UserType.UnrestrictedUser,
  DoorLock.UserType.YearDayScheduleUser,
  DoorLock.UserType.WeekDayScheduleUser,
  DoorLock.UserType.ScheduleRestrictedUser,
  DoorLock.UserType.NonAccessUser,
];

const DAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;

/** Matter DaysMask (Sunday = bit 0) → the lock's day bits (Monday = 1 … Sunday = 64). */
export function lockDayMaskOf(days: DoorLock.DaysMask): number {
  let mask = 0;
  DAY_NAMES.forEach((name, i) => {
    if (days[name]) mask |= 1 << i;
  });
  return mask;
}

export function weeklyWindowOf(s: WeekDaySchedule): WeeklyWindow {
  return {
    dayMask: lockDayMaskOf(s.daysMask),
    fromMinute: s.startHour * 60 + s.startMinute,
    untilMinute: s.endHour * 60 + s.endMinute,
  };
}

/** A year-day time (local, Unix seconds as matter.js gives it) → the lock's clock in ms. */
export function lockMsOfEpochS(epochS: number): number {
  return epochS * 1000;
}

export function epochSOfLockMs(lockMs: number): number {
  return Math.floor(lockMs / 1000);
}

/** The window the lock should keep for this user's code. */
export function codeWindowOf(access: UserAccess): CodeWindow {
  if (access.userStatus === DoorLock.UserStatus.OccupiedDisabled) return NEVER;
  if (access.userType === DoorLock.UserType.NonAccessUser) return NEVER;
  if (
    access.userType === DoorLock.UserType.ScheduleRestrictedUser &&
    access.weekDay === undefined &&
    access.yearDay === undefined
  ) {
    return NEVER;
  }
  return {
    ...(access.yearDay
      ? {
          validFromMs: lockMsOfEpochS(access.yearDay.localStartTime),
          validUntilMs: lockMsOfEpochS(access.yearDay.localEndTime),
        }
      : {}),
    ...(access.weekDay ? { weekly: weeklyWindowOf(access.weekDay) } : {}),
  };
}
