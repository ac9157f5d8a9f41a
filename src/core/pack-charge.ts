/**
 * The pack's charge in percent from its voltage at rest, as the lock reports it with a low or
 * critical battery and in its status (B-NET-2 "battery level"). The lock knows only the
 * voltage; this inverts the open-circuit curve of a pack of four alkaline AA cells
 * (REFERENCES: 1.6 V a cell new, about 0.9 V at end of life; the twin's cell model uses the
 * same points, and a twin test holds the two together).
 */

/** [pack volts at rest, percent of charge left], rising. */
const ALKALINE_PACK_CURVE: readonly (readonly [volts: number, percent: number])[] = [
  [2.8, 0],
  [3.6, 5],
  [4.4, 20],
  [4.8, 35],
  [5.2, 55],
  [5.8, 80],
  [6.4, 100],
];

/** Percent of charge left (0–100, whole numbers) for a pack reading `restV` at rest. */
export function packPercent(restV: number): number {
  const first = ALKALINE_PACK_CURVE[0] as readonly [number, number];
  if (!(restV > first[0])) return 0;
  for (let i = 1; i < ALKALINE_PACK_CURVE.length; i++) {
    const [v1, p1] = ALKALINE_PACK_CURVE[i] as readonly [number, number];
    if (restV <= v1) {
      const [v0, p0] = ALKALINE_PACK_CURVE[i - 1] as readonly [number, number];
      return Math.round(p0 + ((p1 - p0) * (restV - v0)) / (v1 - v0));
    }
  }
  return 100;
}
