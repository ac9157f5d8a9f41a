/**
 * Motor, gear train, clutch and bolt: a DC motor whose force and current follow from the
 * supply and the bolt's speed, pushing the bolt against its load. The bolt moves only
 * when the motor's stall force exceeds the load (B-HW-6); extending pushes against the
 * throw load, so it needs more current than retracting (B-HW-3, seed 000). Strike friction
 * acts only with the door closed, over the last part of the throw.
 *
 * Steady state per segment (motor inertia is a few ms and is left out):
 *   I = F_load / kF,   v = (Voc − I·R_total) / kE,   stall when Voc·kF / R_total ≤ F_load.
 * Calibrated so a fresh pack spins a free bolt at about 150 mA (REFERENCES: 150 mA at 6 V)
 * and stalls near 0.8 A (REFERENCES: 0.5–1 A at stall).
 */
export const BOLT_THROW_MM = 25; // a 1-inch deadbolt throw

export interface MotorConstants {
  readonly windingOhm: number;
  /** Bolt force per ampere through the gear train, N/A. */
  readonly forcePerAmpN: number;
  /** Back-EMF per bolt speed, V per mm/s. */
  readonly voltsPerMmS: number;
}

export const MOTOR: MotorConstants = { windingOhm: 7.5, forcePerAmpN: 40, voltsPerMmS: 0.0457 };

export interface MechanicalState {
  /** Bolt friction in the housing, N (clean and lubricated). */
  readonly frictionN: number;
  /** Extra load while extending (throw spring and latch), N. */
  readonly throwLoadN: number;
  /** Strike friction when the door is closed and the strike is misaligned, N. */
  readonly strikeLoadN: number;
  /** Where in the throw the bolt meets the strike, mm. */
  readonly strikeStartMm: number;
  readonly clutchEngaged: boolean;
  /** A broken clutch spring: re-seating the clutch holds for one run only (seed 000). */
  readonly clutchSpringBroken: boolean;
  readonly motorWorks: boolean;
}

/**
 * The mechanism as one object of one shape, whatever it was made from (a spread with a change,
 * a state read back from JSON): V8 gives each object literal and each spread its own hidden
 * class, and a twin whose `mech` changed class mid-run throws away the optimised code of
 * everything that reads it — a fleet's warm-up paid for it once per fault kind (issue 17).
 */
export function mechanism(m: MechanicalState): MechanicalState {
  return {
    frictionN: m.frictionN,
    throwLoadN: m.throwLoadN,
    strikeLoadN: m.strikeLoadN,
    strikeStartMm: m.strikeStartMm,
    clutchEngaged: m.clutchEngaged,
    clutchSpringBroken: m.clutchSpringBroken,
    motorWorks: m.motorWorks,
  };
}

export const HEALTHY_MECHANISM: MechanicalState = mechanism({
  frictionN: 6,
  throwLoadN: 12,
  strikeLoadN: -0, // a double from the start, as a swollen door's is (see FleetLock's strikeAdjustN)
  strikeStartMm: 17.5,
  clutchEngaged: true,
  clutchSpringBroken: false,
  motorWorks: true,
});

/** Lubricant stiffens in the cold: friction rises 2 % a degree below 20 °C (ours). */
export function frictionAt(mech: MechanicalState, temperatureC: number): number {
  return mech.frictionN * (temperatureC < 20 ? 1 + 0.02 * (20 - temperatureC) : 1);
}

/** Force a hand must put on the key or thumbturn to move the bolt that way (same loads as the motor). */
export function manualLoadN(
  mech: MechanicalState,
  extending: boolean,
  doorClosed: boolean,
  temperatureC: number,
): number {
  return (
    frictionAt(mech, temperatureC) + (extending ? mech.throwLoadN + (doorClosed ? mech.strikeLoadN : 0) : 0)
  );
}

/** Above this a key feels stiff (B-BOLT-4); above the second it will not turn at all (ours). */
export const STIFF_KEY_N = 21;
export const SEIZED_KEY_N = 45;

/** A stretch of bolt travel under one load: speed, current, and where it ends. */
export interface MotionSegment {
  readonly fromMm: number;
  readonly toMm: number;
  readonly speedMmS: number; // 0 = stalled at fromMm
  readonly currentA: number;
}

/**
 * Plans the bolt's travel from `fromMm` towards `toMm` with the supply given, segment by
 * segment; the last segment is either the end of travel or a stall.
 */
export function planMotion(
  fromMm: number,
  toMm: number,
  mech: MechanicalState,
  doorClosed: boolean,
  openV: number,
  seriesOhm: number,
  temperatureC = 20,
  motor: MotorConstants = MOTOR,
): MotionSegment[] {
  const rTotal = seriesOhm + motor.windingOhm;
  if (!mech.motorWorks || openV <= 0 || !Number.isFinite(rTotal)) {
    return [{ fromMm, toMm: fromMm, speedMmS: 0, currentA: 0 }];
  }
  if (!mech.clutchEngaged) {
    // The motor spins free (the "whirring" of B-BOLT-2): a small no-load current, no bolt.
    return [{ fromMm, toMm: fromMm, speedMmS: 0, currentA: 0.04 }];
  }
  const extending = toMm > fromMm;
  const stallForceN = (openV * motor.forcePerAmpN) / rTotal;
  // Travel breaks where the bolt meets a misaligned strike (extending, door closed): at most two
  // stretches, worked out without intermediate arrays (a fleet plans ten runs a lock-day).
  const strikeMm = mech.strikeStartMm;
  const breaksAtStrike =
    extending && doorClosed && mech.strikeLoadN > 0 && strikeMm > fromMm && strikeMm < toMm;
  const frictionN = frictionAt(mech, temperatureC);
  const segments: MotionSegment[] = [];
  let a = fromMm;
  for (let i = 0; i < 2; i++) {
    const b = breaksAtStrike && i === 0 ? strikeMm : toMm;
    const mid = (a + b) / 2;
    let loadN = frictionN + (extending ? mech.throwLoadN : 0);
    if (extending && doorClosed && mid > mech.strikeStartMm) loadN += mech.strikeLoadN;
    if (loadN >= stallForceN) {
      segments.push({ fromMm: a, toMm: a, speedMmS: 0, currentA: openV / rTotal });
      return segments;
    }
    const currentA = loadN / motor.forcePerAmpN;
    const speedMmS = (openV - currentA * rTotal) / motor.voltsPerMmS;
    segments.push({ fromMm: a, toMm: b, speedMmS, currentA });
    if (b === toMm) break;
    a = b;
  }
  return segments;
}
