/**
 * The small interfaces through which the firmware touches the world (STYLE.md rule 3).
 * The twin implements them with physics; real hardware would implement them with drivers.
 */
import type { MotorDrive } from "../effects.ts";
import type { HistoryEntry } from "../history.ts";
import type { RadioReport } from "../radio-types.ts";
import type { Signal, SignalName } from "../signals.ts";
import type { TimerName } from "../state.ts";
import type { NonVolatileMemory } from "./non-volatile-memory.ts";

/**
 * Named one-shot timers on the host's clock (virtual in the twin). Starting a running timer
 * restarts it; when one comes due the host calls `fire` with its name. The firmware passes
 * the same `fire` every time, so a host may keep it and needs no closure per timer.
 */
export interface Clock {
  nowMs(): number;
  startTimer(name: TimerName, delayMs: number, fire: (name: TimerName) => void): void;
  cancelTimer(name: TimerName): void;
}

export interface BoltActuator {
  drive(drive: MotorDrive): void;
}

/** LED and beeper (B-HW-5). */
export interface Indicator {
  show(signal: Signal, name: SignalName | "procedure"): void;
}

/** Measures the pack at rest (an ADC reading) and, where there is a sensor, the temperature. */
export interface BatteryGauge {
  measureRestV(): number;
  measureTemperatureC?(): number;
}

export interface Radio {
  send(report: RadioReport): void;
}

export interface HistorySink {
  append(entry: HistoryEntry): void;
}

/**
 * Where a lock's secret comes from when it is made (B-SEC-7): a hardware random generator on
 * a board, `crypto.randomBytes` in a host, a seeded source in a twin (so tests repeat).
 * Asked only when the store holds nothing.
 */
export interface Entropy {
  randomBytes(count: number): Uint8Array;
}

export interface FirmwarePorts {
  readonly clock: Clock;
  readonly motor: BoltActuator;
  readonly indicator: Indicator;
  readonly battery: BatteryGauge;
  readonly store: NonVolatileMemory;
  readonly radio: Radio;
  readonly history: HistorySink;
  readonly entropy: Entropy;
}
