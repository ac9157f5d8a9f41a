// The motor seen while it runs: a gear that turns as long as the firmware drives the motor.
// With the bolt moving, the gear drives it; with the bolt still (a disengaged clutch, seed
// 000: "the motor spins but the bolt won't move"), the page says so in words too.
import type { LockSnapshot } from "../api-types.ts";

export type MotorState = "still" | "driving" | "free-spin";

/** What the motor does now: still, driving the bolt, or running while the bolt stays put. */
export function motorState(lock: LockSnapshot): MotorState {
  const run = lock.telemetry.lastRun;
  if (!run || run.endedMs !== null || !lock.powered) return "still";
  return lock.bolt === "moving" ? "driving" : "free-spin";
}

export const MOTOR_WORDS: Readonly<Record<MotorState, string>> = {
  still: "still",
  driving: "running: it drives the bolt",
  "free-spin": "running, but the bolt is not moving",
};

/** A spur gear's outline: `teeth` teeth between radii r (root) and R (tip). */
function gearPath(teeth: number, r: number, R: number): string {
  const pts: string[] = [];
  const step = (Math.PI * 2) / teeth;
  for (let i = 0; i < teeth; i++) {
    const a = i * step;
    const corners: [number, number][] = [
      [r, a],
      [R, a + step * 0.15],
      [R, a + step * 0.45],
      [r, a + step * 0.6],
    ];
    for (const [rad, ang] of corners)
      pts.push(`${(rad * Math.cos(ang)).toFixed(2)},${(rad * Math.sin(ang)).toFixed(2)}`);
  }
  return `M${pts.join(" L")} Z`;
}

const GEAR = gearPath(10, 15, 20);

export function MotorView({ lock }: { lock: LockSnapshot }) {
  const state = motorState(lock);
  return (
    <div class={`motor motor-${state}`} data-motor-view={state}>
      <svg
        viewBox="-24 -24 48 48"
        width="44"
        height="44"
        role="img"
        aria-label={`Motor ${MOTOR_WORDS[state]}`}
      >
        <g class="gear">
          <path d={GEAR} />
          <circle r="5" class="gear-hub" />
        </g>
      </svg>
      <span class="motor-words">
        Motor <strong>{MOTOR_WORDS[state]}</strong>
      </span>
    </div>
  );
}
