/**
 * A scenario's weekly schedule (`schedule: { days, from, until }`) as the lock stores it
 * (core's WeeklyWindow: day bits Monday=1 … Sunday=64, minutes of the day).
 */
import type { WeeklyWindow } from "../core/radio-types.ts";
import type { WeeklySchedule } from "./scenario-types.ts";

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

export function toWeeklyWindow(s: WeeklySchedule): WeeklyWindow {
  const minutes = (hhmm: string): number => {
    const [h, m] = hhmm.split(":").map(Number);
    return (h ?? 0) * 60 + (m ?? 0);
  };
  let dayMask = 0;
  for (const d of s.days) dayMask |= 1 << DAYS.indexOf(d);
  return { dayMask, fromMinute: minutes(s.from), untilMinute: minutes(s.until) };
}
