/**
 * One AA cell: open-circuit voltage from its state of charge, internal resistance that
 * rises as it drains and in the cold, a usable capacity that falls with load current and
 * with cold, and self-discharge. Figures from REFERENCES.md, cited in docs/twin.md:
 * alkaline 1.63 → 0.9 V a cell; 2,900 mAh at 50 mA, 2,700 at 100, 2,300 at 250, 2,000 at
 * 500 mA (Duracell Procell, duty cycle); run time roughly halves between −20 °C and 0 °C;
 * NiMH flat about 1.2 V; Li-FeS2 1.5–1.8 V flat, then a steep end.
 */
export type Chemistry = "alkaline" | "nimh" | "lithium";

export interface Cell {
  readonly chemistry: Chemistry;
  /** State of charge, 1 = new, 0 = empty (of the capacity at light load, 20 °C). */
  readonly charge: number;
  /** Put in backwards: its flat end meets the spring and makes no contact (B-PWR-4). */
  readonly reversed: boolean;
  /** Capacity at light load (50 mA) and 20 °C. */
  readonly capacityMah: number;
}

interface Chem {
  readonly points: readonly (readonly [charge: number, volts: number])[];
  /** Internal resistance of a full cell and of an empty one at 20 °C, ohms. */
  readonly fullOhm: number;
  readonly emptyOhm: number;
  readonly capacityMah: number;
  /** Capacity at load current (mA) as a fraction of the light-load capacity. */
  readonly loadCurve: readonly (readonly [currentMa: number, fraction: number])[];
  /** Fraction of charge lost per year on the shelf. */
  readonly selfDischargePerYear: number;
}

const CHEMISTRY: Readonly<Record<Chemistry, Chem>> = {
  alkaline: {
    points: [
      [0, 0.7],
      [0.05, 0.9],
      [0.2, 1.1],
      [0.35, 1.2],
      [0.55, 1.3],
      [0.8, 1.45],
      [1, 1.6],
    ],
    fullOhm: 0.15,
    emptyOhm: 2.0,
    capacityMah: 2_900, // Procell at 50 mA
    // Procell duty-cycle figures: 2,900 / 2,700 / 2,300 / 2,000 mAh at 50 / 100 / 250 / 500 mA;
    // 1 A extrapolated from Coppertop's continuous 0.83 Ah vs 1.30 Ah at 500 mA.
    loadCurve: [
      [50, 1],
      [100, 2700 / 2900],
      [250, 2300 / 2900],
      [500, 2000 / 2900],
      [1000, 1300 / 2900],
    ],
    selfDischargePerYear: 0.03, // alkaline keeps ~97 % a year (ours, from common shelf-life claims)
  },
  nimh: {
    points: [
      [0, 0.9],
      [0.05, 1.1],
      [0.15, 1.18],
      [0.85, 1.24],
      [1, 1.28],
    ],
    fullOhm: 0.03,
    emptyOhm: 0.3,
    capacityMah: 2_000,
    loadCurve: [
      [50, 1],
      [1000, 0.95],
    ], // NiMH holds its capacity under load
    selfDischargePerYear: 0.25, // low-self-discharge NiMH (ours)
  },
  lithium: {
    points: [
      [0, 0.8],
      [0.03, 1.2],
      [0.08, 1.65],
      [0.9, 1.72],
      [1, 1.8],
    ],
    fullOhm: 0.1,
    emptyOhm: 0.6,
    capacityMah: 3_000,
    loadCurve: [
      [50, 1],
      [1000, 0.92],
    ],
    selfDischargePerYear: 0.01,
  },
};

export function newCell(chemistry: Chemistry, charge = 1, reversed = false): Cell {
  return { chemistry, charge, reversed, capacityMah: CHEMISTRY[chemistry].capacityMah };
}

function interpolate(points: readonly (readonly [number, number])[], x: number): number {
  let p0 = points[0];
  if (!p0) return 0;
  if (x <= p0[0]) return p0[1];
  // Indexed, not destructured: this runs for every cell at every reading of the pack.
  for (let i = 1; i < points.length; i++) {
    const p1 = points[i] as readonly [number, number];
    if (x <= p1[0]) return p0[1] + ((p1[1] - p0[1]) * (x - p0[0])) / (p1[0] - p0[0]);
    p0 = p1;
  }
  return p0[1];
}

export function openCircuitV(cell: Cell): number {
  return interpolate(CHEMISTRY[cell.chemistry].points, Math.min(1, Math.max(0, cell.charge)));
}

/** Internal resistance: flat through most of the discharge, steep near the end, higher in the cold. */
export function internalOhm(cell: Cell, temperatureC: number): number {
  const c = CHEMISTRY[cell.chemistry];
  const q = Math.min(1, Math.max(0, cell.charge));
  // Cubed by multiplying: `** 3` is Math.pow, ten times slower, and this runs at every reading
  // of the pack under load (issue 17). The two differ in the last bit at most.
  const e = 1 - q;
  const drained = c.fullOhm + (c.emptyOhm - c.fullOhm) * (e * e * e);
  return drained * coldResistanceFactor(temperatureC);
}

/** Resistance rises about 3 % a degree below 20 °C (ours; alkaline datasheets show ×2–3 at −20 °C). */
export function coldResistanceFactor(temperatureC: number): number {
  return temperatureC < 20 ? 1 + 0.03 * (20 - temperatureC) : 1;
}

/**
 * The share of light-load capacity a cell delivers at this current and temperature:
 * the load curve, times the cold factor (1 at 20 °C, 0.75 at 0 °C, 0.5 at −20 °C: run time
 * roughly halves between −20 °C and 0 °C, REFERENCES).
 */
export function capacityFraction(cell: Cell, currentMa: number, temperatureC: number): number {
  const load = interpolate(CHEMISTRY[cell.chemistry].loadCurve, Math.max(0, currentMa));
  const cold = temperatureC >= 20 ? 1 : Math.max(0.35, 1 - 0.0125 * (20 - temperatureC));
  return load * (cell.chemistry === "alkaline" ? cold : 0.5 + 0.5 * cold);
}

/**
 * The cell after `currentMa` has flowed for `seconds` at `temperatureC`: charge drawn at a
 * high current or in the cold counts for more, because less of the capacity is usable then.
 */
export function drain(cell: Cell, currentMa: number, seconds: number, temperatureC = 20): Cell {
  if (currentMa <= 0 || seconds <= 0) return cell;
  return withCharge(
    cell,
    drainedCharge(
      cell.charge,
      cell.capacityMah,
      currentMa,
      seconds,
      capacityFraction(cell, currentMa, temperatureC),
    ),
  );
}

/** Charge lost on the shelf (or in the lock) over `seconds`. */
export function selfDischarge(cell: Cell, seconds: number): Cell {
  return withCharge(cell, selfDischargedCharge(cell, cell.charge, seconds));
}

/**
 * `drain`'s arithmetic on a charge, for the pack, which works out `fraction`
 * (`capacityFraction`) once for all its cells of one chemistry.
 */
export function drainedCharge(
  charge: number,
  capacityMah: number,
  currentMa: number,
  seconds: number,
  fraction: number,
): number {
  const usedMah = (currentMa * seconds) / 3600 / fraction;
  return Math.max(0, charge - usedMah / capacityMah);
}

/** `selfDischarge`'s arithmetic on a charge of this cell's chemistry. */
export function selfDischargedCharge(cell: Cell, charge: number, seconds: number): number {
  const perSecond = CHEMISTRY[cell.chemistry].selfDischargePerYear / (365 * 86_400);
  return Math.max(0, charge * (1 - perSecond * seconds));
}

/** The cell with a new state of charge (written out, not spread: this runs for every settle). */
export function withCharge(cell: Cell, charge: number): Cell {
  return { chemistry: cell.chemistry, charge, reversed: cell.reversed, capacityMah: cell.capacityMah };
}
