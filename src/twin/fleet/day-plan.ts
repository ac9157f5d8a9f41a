/**
 * A day at the door: when people go out and come back. A household makes trips out and back
 * between 07:00 and 22:00 (opsPerDay / 4 of them on average, four operations each); a
 * rental has its guests' trips, a check-out, a cleaner and a check-in on changeover days.
 */
import type { SeededRandom } from "../seeded-random.ts";
import type { UsageModel } from "./usage-model.ts";
import { HOUR_MS } from "./seasons.ts";

/** Who is at the door: the household (has a key), a guest (code only), the cleaner between stays. */
export type Visitor = "household" | "guest" | "cleaner";

/** Going out (unlock inside, lock outside) or coming in (unlock outside, lock inside), at a time of day. */
export interface Passage {
  readonly atMs: number;
  readonly way: "leave" | "arrive";
  readonly who: Visitor;
}

const DAY_STARTS = 7 * HOUR_MS;
const DAY_ENDS = 22 * HOUR_MS;
/** At least this long between two passages: a passage with auto-lock takes about a minute. */
const GAP_MS = 3 * 60_000;

/** Trips out and back in a day: a whole number around `mean` (2 or 3 for a mean of 2.5). */
export function tripsToday(rng: SeededRandom, mean: number): number {
  const whole = Math.floor(mean);
  return whole + (rng.next() < mean - whole ? 1 : 0);
}

/** `count` times of day in [from, until), sorted and at least GAP_MS apart. */
function timesBetween(rng: SeededRandom, count: number, from: number, until: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < count; i++) times.push(from + rng.next() * (until - from));
  return spreadAndRound(sortAscending(times, count), count);
}

/**
 * The first `count` numbers of `times` in ascending order, in place: insertion sort, for the
 * handful of times a day has. `Array.prototype.sort` with a comparator copies the array into a
 * work area each call, a kilobyte a lock-day (issue 17). Numbers alike are interchangeable,
 * so the order is the one `sort((a, b) => a - b)` gives.
 */
function sortAscending<T extends number[] | Float64Array>(times: T, count: number): T {
  for (let i = 1; i < count; i++) {
    const t = times[i] as number;
    let j = i - 1;
    for (; j >= 0 && (times[j] as number) > t; j--) times[j + 1] = times[j] as number;
    times[j + 1] = t;
  }
  return times;
}

/** Sorted times pushed apart to GAP_MS at least, then rounded to the millisecond, in place. */
function spreadAndRound<T extends number[] | Float64Array>(times: T, count: number): T {
  for (let i = 1; i < count; i++) times[i] = Math.max(times[i] as number, (times[i - 1] as number) + GAP_MS);
  for (let i = 0; i < count; i++) times[i] = Math.round(times[i] as number);
  return times;
}

/** Trips out and back for `who`, between `from` and `until`: leave, arrive, leave, arrive… */
export function trips(
  rng: SeededRandom,
  count: number,
  who: Visitor,
  from = DAY_STARTS,
  until = DAY_ENDS,
): Passage[] {
  const times = timesBetween(rng, 2 * count, from, until);
  return times.map((atMs, i) => ({ atMs, way: i % 2 === 0 ? "leave" : "arrive", who }));
}

type MutablePassage = { -readonly [K in keyof Passage]: Passage[K] };

/** The household's times of the day being planned (grown when a day has more). */
let householdTimes = new Float64Array(16);
/** A list of passages for each count of passages a day has had (a handful of counts). */
const householdPlans: MutablePassage[][] = [];

/**
 * A household's day, in lists made once and refilled every call (a fleet plans a day for every
 * lock-day, issue 17): the passages it returns are valid until the next call — walked through,
 * never kept. The same draws, in the same order, as `trips` for the household.
 */
export function householdDay(rng: SeededRandom, usage: UsageModel): readonly Passage[] {
  const count = 2 * tripsToday(rng, usage.opsPerDay / 4);
  if (householdTimes.length < count) householdTimes = new Float64Array(2 * count);
  const times = householdTimes;
  for (let i = 0; i < count; i++) times[i] = DAY_STARTS + rng.next() * (DAY_ENDS - DAY_STARTS);
  spreadAndRound(sortAscending(times, count), count);
  const plan = (householdPlans[count] ??= Array.from({ length: count }, (): MutablePassage => ({
    atMs: 0,
    way: "leave",
    who: "household",
  })));
  for (let i = 0; i < count; i++) {
    const p = plan[i] as MutablePassage;
    p.atMs = times[i] as number;
    p.way = i % 2 === 0 ? "leave" : "arrive";
  }
  return plan;
}

/** What a rental's day holds: the stay that ends, the one that starts, and whether guests are in between. */
export interface RentalDay {
  readonly checkOut: boolean;
  readonly checkIn: boolean;
  /** Guests stay through the day (neither arriving nor leaving for good). */
  readonly staying: boolean;
}

/**
 * A rental's day: the leaving guest goes by check-out; the cleaner comes and goes at midday;
 * the new guest arrives from check-in (or early, if they do) and may go out again in the
 * evening; guests in residence make their trips.
 */
export function rentalDay(
  rng: SeededRandom,
  usage: UsageModel,
  day: RentalDay,
  earlyGuest: boolean,
): Passage[] {
  const g = usage.guests;
  if (!g) return [];
  const out: Passage[] = [];
  if (day.checkOut) {
    out.push({
      atMs: Math.round((g.checkOutHour - 2 + rng.next() * 1.75) * HOUR_MS),
      way: "leave",
      who: "guest",
    });
    out.push(...trips(rng, 1, "cleaner", (g.checkOutHour + 0.5) * HOUR_MS, (g.checkInHour - 0.5) * HOUR_MS));
  }
  if (day.checkIn) {
    const from = earlyGuest ? g.checkInHour - 2 : g.checkInHour;
    const arrive = Math.round((from + rng.next() * (earlyGuest ? 1.9 : 5)) * HOUR_MS);
    out.push({ atMs: arrive, way: "arrive", who: "guest" });
    if (rng.next() < 0.5) out.push(...trips(rng, 1, "guest", arrive + HOUR_MS, DAY_ENDS));
  }
  if (day.staying)
    out.push(...trips(rng, tripsToday(rng, usage.opsPerDay / 4), "guest", 8 * HOUR_MS, DAY_ENDS));
  return out.sort((a, b) => a.atMs - b.atMs);
}
