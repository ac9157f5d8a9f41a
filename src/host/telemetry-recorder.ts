/**
 * Telemetry the page plots: the pack's rest voltage over lock time, and the motor current
 * of the last run as a step trace. It is sampled by the host after every event of the
 * lock's clock (the twin's segments have constant current, so a step per event is exact),
 * using only what the twin shows: `packRestV()` and the firmware's running motor run.
 */
import type { LockTwin } from "../twin/lock-twin.ts";

/** Keep this many voltage points; older ones are thinned out, not dropped. */
const MAX_VOLTAGE_POINTS = 240;
/** A new point when the voltage moved this much, or this much lock time has passed. */
const VOLTAGE_STEP_V = 0.002;
const VOLTAGE_EVERY_MS = 10 * 60_000;
const MAX_RUN_SAMPLES = 400;

export interface VoltagePoint {
  readonly atMs: number;
  readonly restV: number;
}

export interface MotorRunTrace {
  readonly startedMs: number;
  endedMs: number | null;
  peakCurrentMa: number;
  minSupplyV: number | null;
  readonly samples: { tMs: number; currentMa: number }[];
}

export class TelemetryRecorder {
  readonly packV: VoltagePoint[] = [];
  lastRun: MotorRunTrace | null = null;
  private tracking = false;

  /** Samples the twin now; returns true when something new was recorded. */
  sample(twin: LockTwin): boolean {
    const changedV = this.sampleVoltage(twin);
    const changedRun = this.sampleRun(twin);
    return changedV || changedRun;
  }

  private sampleVoltage(twin: LockTwin): boolean {
    const atMs = twin.clock.nowMs;
    const restV = Math.round(twin.packRestV() * 1000) / 1000;
    const last = this.packV[this.packV.length - 1];
    if (last && Math.abs(last.restV - restV) < VOLTAGE_STEP_V && atMs - last.atMs < VOLTAGE_EVERY_MS)
      return false;
    if (last && last.atMs === atMs) this.packV.pop();
    this.packV.push({ atMs, restV });
    if (this.packV.length > MAX_VOLTAGE_POINTS) {
      // Thin the older half: keep every other point, so the whole history stays on the plot.
      const half = Math.floor(this.packV.length / 2);
      const older = this.packV.slice(0, half).filter((_, i) => i % 2 === 0);
      this.packV.splice(0, half, ...older);
    }
    return true;
  }

  private sampleRun(twin: LockTwin): boolean {
    const run = twin.firmware.state.run;
    const nowMs = twin.clock.nowMs;
    if (!run) {
      if (!this.tracking || !this.lastRun) return false;
      this.tracking = false;
      this.lastRun.endedMs = nowMs;
      this.lastRun.samples.push({ tMs: nowMs - this.lastRun.startedMs, currentMa: 0 });
      return true;
    }
    if (!this.tracking || !this.lastRun) {
      this.tracking = true;
      this.lastRun = { startedMs: nowMs, endedMs: null, peakCurrentMa: 0, minSupplyV: null, samples: [] };
    }
    const trace = this.lastRun;
    const tMs = nowMs - trace.startedMs;
    const currentMa = run.lastCurrentMa;
    const prev = trace.samples[trace.samples.length - 1];
    if (prev && prev.currentMa === currentMa) return false;
    if (trace.samples.length >= MAX_RUN_SAMPLES) return false;
    if (prev && prev.tMs === tMs) trace.samples.pop();
    trace.samples.push({ tMs, currentMa });
    trace.peakCurrentMa = Math.max(trace.peakCurrentMa, currentMa);
    if (currentMa > 0) {
      trace.minSupplyV =
        trace.minSupplyV === null ? run.lastSupplyV : Math.min(trace.minSupplyV, run.lastSupplyV);
    }
    return true;
  }
}
