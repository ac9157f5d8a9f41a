/**
 * The year at the door: the outdoor temperature the keypad side sees (a seasonal sinusoid
 * around a mean, plus a daily swing), and the door swelling in the humid summer, which
 * pushes the strike out of line (FAULTS.md strike-misaligned: "seasonal door movement";
 * the guides: a misaligned strike "creates friction that overpowers the motor").
 *
 * The twin has one temperature for the whole lock; we give it the keypad side's, so the pack
 * feels the winter too — on the cautious side, as the pack sits in the interior unit.
 */

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

export interface Climate {
  readonly meanC: number;
  /** Half the difference between the warmest and the coldest day. */
  readonly seasonalAmplitudeC: number;
  /** Half the difference between mid-afternoon and the small hours. */
  readonly dailyAmplitudeC: number;
  /** Day of the year (0 = 1 January) of the coldest weather. */
  readonly coldestDay: number;
  /** Locks differ by town and by which way the door faces: each gets an offset in ± this. */
  readonly spreadC: number;
}

/** A temperate climate (ours, roughly central Europe / the US north-east): −4 °C January nights, 26 °C July afternoons. */
export const TEMPERATE: Climate = {
  meanC: 11,
  seasonalAmplitudeC: 11,
  dailyAmplitudeC: 4,
  coldestDay: 19,
  spreadC: 3,
};
/** The calibration climate of the battery claim: 20 °C all year (issue 4). */
export const CONSTANT_20C: Climate = {
  meanC: 20,
  seasonalAmplitudeC: 0,
  dailyAmplitudeC: 0,
  coldestDay: 0,
  spreadC: 0,
};

/** Outdoor temperature at a day of the year (may be fractional) and hour, for a lock with this offset. */
export function outdoorTemperatureC(climate: Climate, dayOfYear: number, hour: number, offsetC = 0): number {
  const season = -Math.cos((2 * Math.PI * (dayOfYear - climate.coldestDay)) / 365);
  const daily = -Math.cos((2 * Math.PI * (hour - 3)) / 24); // coldest at 03:00, warmest at 15:00
  return climate.meanC + offsetC + climate.seasonalAmplitudeC * season + climate.dailyAmplitudeC * daily;
}

/** Day of the year (0–364) of the most swollen door: late July, the humid height of summer (ours). */
export const SWELL_PEAK_DAY = 205;
/** The door swells only when the season is within this share of its peak (≈ 4½ months a year). */
const SWELL_THRESHOLD = 0.3;

/**
 * Extra strike friction, N, from a door that swells by `peakN` at the height of summer: a
 * smooth bump from late May to mid-October, nothing the rest of the year.
 */
export function swellingStrikeN(peakN: number, dayOfYear: number): number {
  if (peakN <= 0) return 0;
  const c = Math.cos((2 * Math.PI * (dayOfYear - SWELL_PEAK_DAY)) / 365);
  return c > SWELL_THRESHOLD ? (peakN * (c - SWELL_THRESHOLD)) / (1 - SWELL_THRESHOLD) : 0;
}

/**
 * How much doors swell, across a fleet (ours): most doors fit year round; some swell enough to
 * make the motor work harder (more current, a shorter pack life); a few enough to jam the bolt
 * at the height of summer — on a fresh pack at 20 °C the firmware judges a stall (bolt-control.ts:
 * 90 % of supply / winding resistance) from about 10 N of strike friction on top of the 6 N
 * of friction and 12 N of throw load (bolt-mechanism.ts).
 */
export const DOOR_SWELLING: readonly { readonly share: number; readonly peakN: readonly [number, number] }[] =
  [
    { share: 0.65, peakN: [0, 0] },
    { share: 0.25, peakN: [2, 8] },
    { share: 0.1, peakN: [8, 20] },
  ];
