/**
 * Alert messages are for an owner to read: times in the site's own time zone in plain words
 * ("at 14:05 on 7 Dec", "around 19 Dec"), never an ISO timestamp, and no rule ids ("B-CODE-4")
 * from a lock's refusal. The machine fields stay separate: an alert's `at`, `kind` and
 * `lock_id`, a lock's `battery_forecast.stops_locking_at`, a code's `ends_at`.
 */
import { localParts } from "./site-time.ts";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "7 Dec" in the site's zone; with the year when it is not the year of `nowMs` there. */
export function siteDay(ms: number, timeZone: string, nowMs: number): string {
  const d = localParts(timeZone, ms);
  const sameYear = localParts(timeZone, nowMs).year === d.year;
  return `${d.day} ${MONTHS[d.month - 1] ?? ""}${sameYear ? "" : ` ${d.year}`}`;
}

/** "14:05 on 7 Dec" in the site's zone (24-hour clock, as the lock's own history shows). */
export function siteTime(ms: number, timeZone: string, nowMs: number): string {
  const d = localParts(timeZone, ms);
  const hhmm = `${String(d.hour).padStart(2, "0")}:${String(d.minute).padStart(2, "0")}`;
  return `${hhmm} on ${siteDay(ms, timeZone, nowMs)}`;
}

/** A lock's refusal without the rule ids the firmware cites for developers ("(B-CODE-4)"). */
export function plainReason(reason: string): string {
  return reason
    .replace(/\s*\((?:B-[A-Z]+-\d+[a-z]?(?:[/,]\s*\d+|[,;]\s*B-[A-Z]+-\d+[a-z]?)*)\)/g, "")
    .replace(/\bB-[A-Z]+-\d+[a-z]?(?:\/\d+)*:\s*/g, "")
    .trim();
}

/** The time zone of a lock's site (UTC when the site is gone). */
export async function siteZone(
  repo: { getSite(id: string): Promise<{ timeZone: string } | undefined> },
  siteId: string | null,
): Promise<string> {
  return (siteId === null ? undefined : (await repo.getSite(siteId))?.timeZone) ?? "UTC";
}
