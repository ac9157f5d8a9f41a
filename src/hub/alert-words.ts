/**
 * Alert messages are for an owner to read: times in the site's own time zone in plain words
 * ("at 14:05 on 7 Dec", "around 19 Dec"), never an ISO timestamp, and no rule ids ("B-CODE-4")
 * from a lock's refusal. The machine fields stay separate: an alert's `at`, `kind` and
 * `lock_id`, a lock's `battery_forecast.stops_locking_at`, a code's `ends_at`.
 */
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(
  timeZone: string,
  ms: number,
): { year: number; month: number; day: number; hh: string; mm: string } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  const p: Record<string, string> = {};
  for (const x of f.formatToParts(new Date(ms))) p[x.type] = x.value;
  return {
    year: Number(p["year"]),
    month: Number(p["month"]),
    day: Number(p["day"]),
    hh: (p["hour"] ?? "00").padStart(2, "0"),
    mm: (p["minute"] ?? "00").padStart(2, "0"),
  };
}

/** "7 Dec" in the site's zone; with the year when it is not the year of `nowMs` there. */
export function siteDay(ms: number, timeZone: string, nowMs: number): string {
  const d = partsIn(timeZone, ms);
  const sameYear = partsIn(timeZone, nowMs).year === d.year;
  return `${d.day} ${MONTHS[d.month - 1] ?? ""}${sameYear ? "" : ` ${d.year}`}`;
}

/** "14:05 on 7 Dec" in the site's zone (24-hour clock, as the lock's own history shows). */
export function siteTime(ms: number, timeZone: string, nowMs: number): string {
  const d = partsIn(timeZone, ms);
  return `${d.hh}:${d.mm} on ${siteDay(ms, timeZone, nowMs)}`;
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
