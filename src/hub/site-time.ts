/**
 * Times in a site's time zone. A guest's stay "from 3 pm on the 24th" means 3 pm where the
 * door is, whatever the hub's own zone; weekly hours likewise. Intl does the zone arithmetic
 * (no time-zone tables of our own).
 */
import type { WeeklySchedule, Weekday } from "./model.ts";
import { WEEKDAYS } from "./model.ts";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== "string" || timeZone.length === 0 || timeZone.length > 64) return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The zone as IANA spells it when only the case differs (`europe/lisbon` → `Europe/Lisbon`,
 * `utc` → `UTC`): Intl takes any case, so the hub took `utc` and kept it so, and integrators
 * read it back that way. Another name for the same zone (`US/Pacific`, `Etc/UTC`) is kept as
 * written: it is a valid IANA name the owner chose.
 */
export function zoneAsSpelled(timeZone: string): string {
  const resolved = formatter(timeZone).resolvedOptions().timeZone;
  return resolved.toLowerCase() === timeZone.toLowerCase() ? resolved : timeZone;
}

/** The wall clock in the zone at an instant: year, month (1–12), day, hour (0–23), minute, second. */
export function localParts(
  timeZone: string,
  utcMs: number,
): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(utcMs))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return {
    year: parts["year"] ?? 1970,
    month: parts["month"] ?? 1,
    day: parts["day"] ?? 1,
    hour: parts["hour"] ?? 0,
    minute: parts["minute"] ?? 0,
    second: parts["second"] ?? 0,
  };
}

/** Offset of the zone from UTC at an instant, in minutes (local = UTC + offset). */
export function offsetMinutesAt(timeZone: string, utcMs: number): number {
  const l = localParts(timeZone, utcMs);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

/**
 * The instant a wall-clock time in the zone names. In a spring-forward gap the time does not
 * exist and the later instant is taken; in a fall-back overlap, the earlier.
 */
export function zonedTimeToUtcMs(
  timeZone: string,
  local: { year: number; month: number; day: number; hour: number; minute: number; second?: number },
): number {
  const naive = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second ?? 0);
  const first = naive - offsetMinutesAt(timeZone, naive) * 60_000;
  const second = naive - offsetMinutesAt(timeZone, first) * 60_000;
  if (first === second) return first;
  // Two candidates: keep the one whose wall clock matches, preferring the earlier.
  const matches = (t: number): boolean => t + offsetMinutesAt(timeZone, t) * 60_000 === naive;
  const candidates = [Math.min(first, second), Math.max(first, second)];
  return candidates.find(matches) ?? Math.max(first, second);
}

const ISO_WITH_ZONE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * An instant from an API string: ISO 8601 with `Z` or an offset is absolute; without one it is
 * a wall-clock time in the site's zone. Null when it is neither.
 */
export function parseSiteTime(text: string, timeZone: string): number | null {
  if (typeof text !== "string" || text.length > 40) return null;
  const z = ISO_WITH_ZONE.exec(text);
  if (z) {
    // The calendar is checked here: Date.parse takes "2027-02-30T10:00Z" as 2 March.
    const [year, month, day, hour, minute, second] = z
      .slice(1, 7)
      .map((v) => (v === undefined ? 0 : Number(v))) as [number, number, number, number, number, number];
    if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
    if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return null;
    // Fractions finer than a millisecond (Seam writes microseconds) are cut to milliseconds.
    const millis = z[7] === undefined ? 0 : Number(z[7].slice(0, 3).padEnd(3, "0"));
    const zone = z[8] ?? "Z";
    let offsetMinutes = 0;
    if (zone !== "Z") {
      const oh = Number(zone.slice(1, 3));
      const om = Number(zone.slice(4, 6));
      if (oh > 23 || om > 59) return null;
      offsetMinutes = (zone.startsWith("-") ? -1 : 1) * (oh * 60 + om);
    }
    return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  }
  const m = ISO_LOCAL.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v)));
  if (month! < 1 || month! > 12 || day! < 1 || day! > 31 || hour! > 23 || minute! > 59 || second! > 59)
    return null;
  const check = new Date(Date.UTC(year!, month! - 1, day!));
  if (check.getUTCDate() !== day) return null; // 31 February
  return zonedTimeToUtcMs(timeZone, {
    year: year!,
    month: month!,
    day: day!,
    hour: hour!,
    minute: minute!,
    second: second!,
  });
}

/** Wall-clock day of the week (Monday 0) and minute of the day at an instant, in the zone. */
export function siteWeekMinute(timeZone: string, utcMs: number): { weekday: number; minute: number } {
  const localMs = utcMs + offsetMinutesAt(timeZone, utcMs) * 60_000;
  const day = Math.floor(localMs / 86_400_000);
  return { weekday: (((day + 3) % 7) + 7) % 7, minute: Math.floor((localMs - day * 86_400_000) / 60_000) };
}

export function parseClock(text: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) return null;
  return h * 60 + min;
}

/** True when the instant is inside the weekly hours, read in the site's zone. */
export function isInsideWeekly(schedule: WeeklySchedule, timeZone: string, utcMs: number): boolean {
  const { weekday, minute } = siteWeekMinute(timeZone, utcMs);
  const from = parseClock(schedule.startTime) ?? 0;
  const until = parseClock(schedule.endTime) ?? 0;
  return schedule.days.includes(WEEKDAYS[weekday] as Weekday) && minute >= from && minute < until;
}

/** The lock's weekly window (core WeeklyWindow: Monday bit 1, minutes of the lock's day). */
export interface LockWeeklyWindow {
  readonly dayMask: number;
  readonly fromMinute: number;
  readonly untilMinute: number;
}

/**
 * Weekly hours in the site's zone as the lock's window. The lock keeps UTC epoch time (its
 * clock is the host's), so the hours are shifted by the zone's offset at `atMs`; the hub
 * re-sends when the offset changes (daylight saving). When the shifted hours cross the lock's
 * midnight, one window cannot say it exactly: the hub sends the larger part that stays inside
 * the allowed hours, so the lock never opens outside them, and says so (`approximated`).
 */
export function toLockWeekly(
  schedule: WeeklySchedule,
  timeZone: string,
  atMs: number,
): { window: LockWeeklyWindow; approximated: boolean } {
  const offset = offsetMinutesAt(timeZone, atMs);
  const from = (parseClock(schedule.startTime) ?? 0) - offset;
  const until = (parseClock(schedule.endTime) ?? 0) - offset;
  const dayShift = Math.floor(from / 1440);
  let fromMin = from - dayShift * 1440;
  let untilMin = until - dayShift * 1440;
  let shift = dayShift;
  let approximated = false;
  if (untilMin > 1440) {
    // Crosses the lock's midnight: keep the larger part.
    const before = 1440 - fromMin;
    const after = untilMin - 1440;
    approximated = true;
    if (after > before) {
      shift += 1;
      fromMin = 0;
      untilMin = after;
    } else {
      untilMin = 1440;
    }
  }
  let dayMask = 0;
  for (const d of schedule.days) {
    const i = WEEKDAYS.indexOf(d);
    if (i < 0) continue;
    dayMask |= 1 << ((((i + shift) % 7) + 7) % 7);
  }
  // The core's window is [from, until) in minutes of a day; 1440 is written as the day's end.
  return { window: { dayMask, fromMinute: fromMin, untilMinute: Math.min(untilMin, 1440) }, approximated };
}
