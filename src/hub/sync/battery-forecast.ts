/**
 * When will this lock stop locking? A least-squares line through the pack's recent readings
 * (issue 10 item 5: "low battery with a forecast of the date the lock will stop locking"),
 * ignoring anything before the last pack change (a jump up). Null when the readings do not
 * fall (too few, or flat).
 */
export interface BatterySample {
  readonly atMs: number;
  readonly percent: number;
}

/** The level at which the lock no longer drives its bolt (critical, B-PWR). */
export const STOPS_LOCKING_PERCENT = 5;

export function forecastStopMs(
  samples: readonly BatterySample[],
  stopPercent = STOPS_LOCKING_PERCENT,
): number | null {
  // Only the current pack: start after the last rise of 20 points or more.
  let start = 0;
  for (let i = 1; i < samples.length; i++) {
    if ((samples[i]?.percent ?? 0) - (samples[i - 1]?.percent ?? 0) >= 20) start = i;
  }
  const pts = samples.slice(start);
  if (pts.length < 3) return null;
  const t0 = pts[0]!.atMs;
  const n = pts.length;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (const p of pts) {
    const x = (p.atMs - t0) / 86_400_000;
    sx += x;
    sy += p.percent;
    sxx += x * x;
    sxy += x * p.percent;
  }
  const denom = n * sxx - sx * sx;
  if (denom <= 0) return null;
  const slope = (n * sxy - sx * sy) / denom; // percent per day
  if (slope >= -1e-6) return null;
  const intercept = (sy - slope * sx) / n;
  const days = (stopPercent - intercept) / slope;
  return t0 + days * 86_400_000;
}
