// Small plots: the pack's rest voltage over lock time, and the motor current of the last run;
// above them, the firmware the lock runs.
import type { LockSnapshot } from "../api-types.ts";
import { clockTime, volts } from "../format.ts";
import "./telemetry-panel.css";

const W = 300;
const H = 110;
const PAD = { l: 34, r: 8, t: 8, b: 20 };

function scale(v: number, from: [number, number], to: [number, number]): number {
  const [a, b] = from;
  const span = b - a || 1;
  return to[0] + ((v - a) / span) * (to[1] - to[0]);
}

function Axes(props: { yTicks: number[]; yMax: number; unit: string; xLabel: string }) {
  return (
    <g class="axes">
      <line x1={PAD.l} y1={PAD.t} x2={PAD.l} y2={H - PAD.b} />
      <line x1={PAD.l} y1={H - PAD.b} x2={W - PAD.r} y2={H - PAD.b} />
      {props.yTicks.map((t) => {
        const y = scale(t, [0, props.yMax], [H - PAD.b, PAD.t]);
        return (
          <g key={t}>
            <line x1={PAD.l - 3} x2={PAD.l} y1={y} y2={y} />
            <text x={PAD.l - 5} y={y + 3} text-anchor="end">
              {t}
              {props.unit}
            </text>
          </g>
        );
      })}
      <text x={W - PAD.r} y={H - 5} text-anchor="end">
        {props.xLabel}
      </text>
    </g>
  );
}

function VoltagePlot({ lock }: { lock: LockSnapshot }) {
  const pts = lock.telemetry.packV;
  const yMax = 7.5;
  const t0 = pts[0]?.atMs ?? lock.nowMs;
  const t1 = Math.max(lock.nowMs, t0 + 1);
  const x = (t: number) => scale(t, [t0, t1], [PAD.l, W - PAD.r]);
  const y = (v: number) => scale(v, [0, yMax], [H - PAD.b, PAD.t]);
  let d = "";
  pts.forEach((p, i) => {
    const next = pts[i + 1];
    d += `${i === 0 ? "M" : "L"}${x(p.atMs).toFixed(1)},${y(p.restV).toFixed(1)} `;
    d += `L${x(next ? next.atMs : t1).toFixed(1)},${y(p.restV).toFixed(1)} `;
  });
  const last = pts[pts.length - 1];
  return (
    <figure class="plot">
      <figcaption>Pack voltage at rest{last ? `: ${volts(last.restV)}` : ""}</figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`Pack voltage over time, now ${last ? volts(last.restV) : "unknown"}`}
      >
        <Axes yTicks={[0, 2, 4, 6]} yMax={yMax} unit=" V" xLabel={`${clockTime(t0)} → ${clockTime(t1)}`} />
        <line
          class="threshold threshold-low"
          x1={PAD.l}
          x2={W - PAD.r}
          y1={y(lock.profile.battery.lowV)}
          y2={y(lock.profile.battery.lowV)}
        />
        <line
          class="threshold threshold-critical"
          x1={PAD.l}
          x2={W - PAD.r}
          y1={y(lock.profile.battery.criticalV)}
          y2={y(lock.profile.battery.criticalV)}
        />
        <path d={d} class="trace trace-voltage" />
      </svg>
    </figure>
  );
}

function CurrentPlot({ lock }: { lock: LockSnapshot }) {
  const run = lock.telemetry.lastRun;
  if (!run) {
    return (
      <figure class="plot">
        <figcaption>Motor current, last run: none yet</figcaption>
      </figure>
    );
  }
  const last = run.samples[run.samples.length - 1];
  const tMax = Math.max(run.endedMs === null ? lock.nowMs - run.startedMs : (last?.tMs ?? 0), 100);
  const yMax = Math.max(1000, Math.ceil(run.peakCurrentMa / 250) * 250);
  const x = (t: number) => scale(t, [0, tMax], [PAD.l, W - PAD.r]);
  const y = (v: number) => scale(v, [0, yMax], [H - PAD.b, PAD.t]);
  let d = `M${x(0)},${y(0)} `;
  run.samples.forEach((s, i) => {
    const next = run.samples[i + 1];
    d += `L${x(s.tMs).toFixed(1)},${y(s.currentMa).toFixed(1)} L${x(next ? next.tMs : tMax).toFixed(1)},${y(s.currentMa).toFixed(1)} `;
  });
  return (
    <figure class="plot">
      <figcaption>
        Motor current, last run: peak {run.peakCurrentMa} mA
        {run.minSupplyV !== null ? `, supply down to ${volts(run.minSupplyV)}` : ""}
        {run.endedMs === null ? " (running)" : `, ${Math.round(tMax)} ms`}
      </figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`Motor current of the last run, peak ${run.peakCurrentMa} milliamps`}
      >
        <Axes yTicks={[0, yMax / 2, yMax]} yMax={yMax} unit="" xLabel={`0 → ${Math.round(tMax)} ms (mA)`} />
        <path d={d} class="trace trace-current" />
      </svg>
    </figure>
  );
}

/** The firmware the lock runs (issue 14): changes with an update, a rollback, firmware-outdated. */
function FirmwareLine({ lock }: { lock: LockSnapshot }) {
  const { version, slot, pending, last } = lock.firmware;
  let lastUpdate = "";
  if (last?.outcome === "updated") lastUpdate = `; last update: ${last.version} installed`;
  else if (last)
    lastUpdate = `; last update: ${last.version} failed and was rolled back${last.reason ? ` (${last.reason})` : ""}`;
  return (
    <p class="firmware" data-firmware-version={version}>
      Firmware {version}, slot {slot}
      {pending ? `; ${pending} runs from the next restart` : ""}
      {lastUpdate}
    </p>
  );
}

export function TelemetryPanel({ lock }: { lock: LockSnapshot }) {
  return (
    <section class="panel telemetry" aria-labelledby={`${lock.id}-telemetry`}>
      <h3 id={`${lock.id}-telemetry`}>Telemetry</h3>
      <FirmwareLine lock={lock} />
      <VoltagePlot lock={lock} />
      <CurrentPlot lock={lock} />
    </section>
  );
}
