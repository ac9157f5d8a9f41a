// Durations in scenario files (`wait: 5m`, `hold: { seconds: 3 }`): SCENARIOS.md writes them as
// plain seconds or with a unit, and YAML hands us a number or a string. One parser so every step
// that takes a time reads it the same way and rejects the same mistakes with the same reason.

/** A parsed duration in seconds, or why the value is not one. */
export type DurationResult = { ok: true; seconds: number } | { ok: false; reason: string };

const UNIT_SECONDS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400 };

const DURATION = /^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h|d)?$/;

/** The forms a duration may take, for messages. */
export const DURATION_FORMS = "seconds as a number, or 500ms, 10s, 5m, 2h, 3d";

/**
 * The longest a scenario may run in lock time, one step or all of them together: ten years
 * (3,650 days). Longer than any pack lasts; without a bound `wait: 1e308` never ends and
 * `wait: 1e13` runs for minutes of wall time (issue 16, item 7).
 */
export const MAX_SCENARIO_SECONDS = 3_650 * 86_400;
/** The same bound as people write it, for messages. */
export const MAX_SCENARIO_WORDS = "10 years (3650d)";

/**
 * Reads a duration: a number is seconds; a string is a non-negative decimal with an optional
 * unit `ms`, `s`, `m`, `h` or `d` ("10", "10s", "500ms", "5m", "1.5h", "3d"). Never throws.
 */
export function parseDurationSeconds(v: number | string): DurationResult {
  if (typeof v === "number") {
    if (!Number.isFinite(v))
      return { ok: false, reason: `${String(v)} is not a duration (use ${DURATION_FORMS})` };
    if (v < 0) return { ok: false, reason: `a duration cannot be negative (got ${v})` };
    return withinBound(v, String(v));
  }
  const match = DURATION.exec(v.trim());
  if (!match) return { ok: false, reason: `${JSON.stringify(v)} is not a duration (use ${DURATION_FORMS})` };
  const amount = Number(match[1]);
  const perUnit = UNIT_SECONDS[match[2] ?? "s"] ?? 1;
  // Round away binary noise such as 0.1 * 3 so "300ms" is exactly 0.3 s.
  return withinBound(Math.round(amount * perUnit * 1e9) / 1e9, JSON.stringify(v));
}

function withinBound(seconds: number, shown: string): DurationResult {
  if (!(seconds <= MAX_SCENARIO_SECONDS))
    return {
      ok: false,
      reason: `${shown} is longer than a scenario may run (at most ${MAX_SCENARIO_WORDS})`,
    };
  return { ok: true, seconds };
}
