/**
 * One AA cell: open-circuit voltage from its state of charge, internal resistance that
 * rises as it drains and in the cold, and charge drawn out by current over time.
 * Figures from REFERENCES.md (alkaline 1.63 → 0.9 V a cell; NiMH flat about 1.2 V;
 * Li-FeS2 1.5–1.8 V flat then a cliff). The physical-twin issue deepens this model
 * (capacity against load current and temperature, self-discharge); the interface stays.
 */
export type Chemistry = "alkaline" | "nimh" | "lithium";

export interface Cell {
  readonly chemistry: Chemistry;
  /** State of charge, 1 = new, 0 = empty. */
  readonly charge: number;
  /** Put in backwards: its flat end meets the spring and makes no contact (B-PWR-4). */
  readonly reversed: boolean;
  readonly capacityMah: number;
}

interface Curve {
  readonly points: readonly (readonly [charge: number, volts: number])[];
  /** Internal resistance of a full cell and of an empty one at 20 °C, ohms. */
  readonly fullOhm: number;
  readonly emptyOhm: number;
  readonly capacityMah: number;
}

const CURVES: Readonly<Record<Chemistry, Curve>> = {
  // Alkaline: 1.6 V new, sloping to 0.9 V at end of life (REFERENCES, Renesas/GreenPAK).
  alkaline: {
    points: [[0, 0.7], [0.05, 0.9], [0.2, 1.1], [0.35, 1.2], [0.55, 1.3], [0.8, 1.45], [1, 1.6]],
    fullOhm: 0.15,
    emptyOhm: 2.0,
    capacityMah: 2_700,
  },
  // NiMH: about 1.2 V nominal, flat (REFERENCES).
  nimh: {
    points: [[0, 0.9], [0.05, 1.1], [0.15, 1.18], [0.85, 1.24], [1, 1.28]],
    fullOhm: 0.03,
    emptyOhm: 0.3,
    capacityMah: 2_000,
  },
  // Li-FeS2: 1.7–1.8 V flat, then a steep end (REFERENCES).
  lithium: {
    points: [[0, 0.8], [0.03, 1.2], [0.08, 1.65], [0.9, 1.72], [1, 1.8]],
    fullOhm: 0.1,
    emptyOhm: 0.6,
    capacityMah: 3_000,
  },
};

export function newCell(chemistry: Chemistry, charge = 1, reversed = false): Cell {
  return { chemistry, charge, reversed, capacityMah: CURVES[chemistry].capacityMah };
}

export function openCircuitV(cell: Cell): number {
  const pts = CURVES[cell.chemistry].points;
  const q = Math.min(1, Math.max(0, cell.charge));
  for (let i = 1; i < pts.length; i++) {
    const [q1, v1] = pts[i] as readonly [number, number];
    const [q0, v0] = pts[i - 1] as readonly [number, number];
    if (q <= q1) return v0 + ((v1 - v0) * (q - q0)) / (q1 - q0);
  }
  return pts[pts.length - 1]?.[1] ?? 0;
}

/** Internal resistance: rises as the cell drains and as it gets colder. */
export function internalOhm(cell: Cell, temperatureC: number): number {
  const c = CURVES[cell.chemistry];
  const q = Math.min(1, Math.max(0, cell.charge));
  // Flat through most of the discharge, steep near the end (alkaline ≈ 0.15 Ω new, ≈ 0.45 Ω half used).
  const drained = c.fullOhm + (c.emptyOhm - c.fullOhm) * (1 - q) ** 3;
  const cold = temperatureC < 20 ? 1 + 0.03 * (20 - temperatureC) : 1;
  return drained * cold;
}

/** The cell after `currentA` has flowed for `seconds`. */
export function drain(cell: Cell, currentA: number, seconds: number): Cell {
  const usedMah = (currentA * 1000 * seconds) / 3600;
  return { ...cell, charge: Math.max(0, cell.charge - usedMah / cell.capacityMah) };
}
