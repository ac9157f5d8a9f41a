/**
 * Checks a requested access code before anything is stored (a refusal changes nothing):
 * digits, window in the site's time zone, weekly hours, uses, lead time. Per-lock rules the
 * hub cannot know for sure (first four digits against keypad codes) are left to the lock,
 * whose refusal then shows on that lock alone.
 */
import type { Outcome, WeeklySchedule, Weekday } from "./model.ts";
import { DEFAULT_LEAD_TIME_MS, WEEKDAYS } from "./model.ts";
import { parseClock, parseSiteTime } from "./site-time.ts";

export interface NewAccessCode {
  readonly lockIds: readonly string[];
  readonly name: string;
  readonly code?: string;
  /** ISO 8601; without an offset, a wall-clock time in the site's zone. */
  readonly startsAt?: string;
  readonly endsAt?: string;
  readonly weekly?: {
    readonly days: readonly string[];
    readonly startTime: string;
    readonly endTime: string;
  };
  readonly maxUses?: number;
  readonly commonCodeKey?: string;
  readonly personId?: string;
  readonly leadTimeMinutes?: number;
  /** Length the hub aims for when it chooses the digits. */
  readonly preferredCodeLength?: number;
}

export interface CheckedTimes {
  readonly startsAtMs: number | null;
  readonly endsAtMs: number | null;
  readonly weekly: WeeklySchedule | null;
  readonly maxUses: number | null;
  readonly leadTimeMs: number;
}

const TEN_YEARS_MS = 10 * 366 * 86_400_000;
/** A building's worth of doors under one code (the API body stays under 1 MB). */
export const MAX_LOCKS_PER_CODE = 10_000;

export function checkName(name: unknown): Outcome<string> {
  if (typeof name !== "string" || name.trim().length === 0 || name.length > 100) {
    return { ok: false, code: "request.invalid", reason: "name is 1–100 characters" };
  }
  // Control characters (NUL, a newline, ESC…) and lone surrogates: a name is shown, exported
  // and written in reports as one line of text.
  if (/[\p{Cc}\p{Cs}]/u.test(name.trim()))
    return {
      ok: false,
      code: "request.invalid",
      reason: "name is one line of text: no control characters (newline, tab, NUL, ESC…)",
    };
  return { ok: true, value: name.trim() };
}

export function checkDigits(code: string): Outcome<string> {
  if (!/^[0-9]{4,12}$/.test(code))
    return { ok: false, code: "code.digits", reason: "a code is 4 to 12 digits, nothing else" };
  return { ok: true, value: code };
}

export function checkTimes(input: NewAccessCode, timeZone: string, nowMs: number): Outcome<CheckedTimes> {
  let startsAtMs: number | null = null;
  let endsAtMs: number | null = null;
  if (input.startsAt !== undefined) {
    startsAtMs = parseSiteTime(input.startsAt, timeZone);
    if (startsAtMs === null)
      return {
        ok: false,
        code: "code.window",
        reason: `starts_at ${JSON.stringify(input.startsAt).slice(0, 50)} is not an ISO 8601 time`,
      };
  }
  if (input.endsAt !== undefined) {
    endsAtMs = parseSiteTime(input.endsAt, timeZone);
    if (endsAtMs === null)
      return {
        ok: false,
        code: "code.window",
        reason: `ends_at ${JSON.stringify(input.endsAt).slice(0, 50)} is not an ISO 8601 time`,
      };
    if (endsAtMs <= nowMs) return { ok: false, code: "code.window", reason: "ends_at is already past" };
  }
  if (startsAtMs !== null && endsAtMs !== null && endsAtMs <= startsAtMs) {
    return { ok: false, code: "code.window", reason: "ends_at must be after starts_at" };
  }
  for (const t of [startsAtMs, endsAtMs]) {
    if (t !== null && Math.abs(t - nowMs) > TEN_YEARS_MS)
      return { ok: false, code: "code.window", reason: "times are within ten years of now" };
  }
  let weekly: WeeklySchedule | null = null;
  if (input.weekly !== undefined) {
    const w = input.weekly;
    if (
      !Array.isArray(w.days) ||
      w.days.length === 0 ||
      w.days.length > 7 ||
      !w.days.every((d) => WEEKDAYS.includes(d as Weekday))
    ) {
      return { ok: false, code: "code.schedule", reason: `weekly.days is a list of ${WEEKDAYS.join(", ")}` };
    }
    const from = parseClock(w.startTime);
    const until = parseClock(w.endTime);
    if (from === null || until === null || until <= from) {
      return {
        ok: false,
        code: "code.schedule",
        reason: "weekly start_time and end_time are HH:MM with the end after the start (24:00 ends the day)",
      };
    }
    weekly = { days: WEEKDAYS.filter((d) => w.days.includes(d)), startTime: w.startTime, endTime: w.endTime };
  }
  let maxUses: number | null = null;
  if (input.maxUses !== undefined) {
    if (!Number.isInteger(input.maxUses) || input.maxUses < 1 || input.maxUses > 10_000) {
      return { ok: false, code: "code.uses", reason: "max_uses is a whole number from 1 to 10000" };
    }
    maxUses = input.maxUses;
  }
  let leadTimeMs = DEFAULT_LEAD_TIME_MS;
  if (input.leadTimeMinutes !== undefined) {
    if (
      !Number.isInteger(input.leadTimeMinutes) ||
      input.leadTimeMinutes < 0 ||
      input.leadTimeMinutes > 30 * 1440
    ) {
      return { ok: false, code: "request.invalid", reason: "lead_time_minutes is 0 to 43200" };
    }
    leadTimeMs = input.leadTimeMinutes * 60_000;
  }
  return { ok: true, value: { startsAtMs, endsAtMs, weekly, maxUses, leadTimeMs } };
}
