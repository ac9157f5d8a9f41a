/**
 * The physical lock around the firmware (ARCHITECTURE.md, twin/): it implements the
 * core's ports with a pack of cells, a motor and bolt, a door, a keypad and a radio link,
 * all on a discrete-event virtual clock. A person (or a scenario, or the web app) acts on
 * it through the methods below; what it shows is read with `observe()`.
 */
import type { BoltPosition } from "../core/events.ts";
import type { HistoryEntry } from "../core/history.ts";
import type { KeyName } from "../core/keys.ts";
import type { LockProfile } from "../core/profile-types.ts";
import type { RadioCommand, RadioReport } from "../core/radio-types.ts";
import type { Signal, SignalName } from "../core/signals.ts";
import type { PersistentState, TimerName } from "../core/state.ts";
import type { FirmwarePorts } from "../core/ports/firmware-ports.ts";
import { LockFirmware } from "../core/firmware.ts";
import { FakeNonVolatileMemory } from "../core/storage/fake-non-volatile-memory.ts";
import { commitRecord, readLatestRecord } from "../core/storage/record-slots.ts";
import { decodePersistent, encodePersistent } from "../core/storage/persistent-codec.ts";
import { deviceKeyFromHex } from "../core/security/code-hash.ts";
import type { Cell } from "./battery-cell.ts";
import type { PackKind } from "./battery-pack.ts";
import { CLEAN_CONTACT_OHM, drainPack, makePack, packElectrics } from "./battery-pack.ts";
import type { MechanicalState, MotionSegment } from "./bolt-mechanism.ts";
import { BOLT_THROW_MM, HEALTHY_MECHANISM, planMotion } from "./bolt-mechanism.ts";
import type { EventId } from "./virtual-clock.ts";
import { VirtualClock } from "./virtual-clock.ts";

/** Below this supply the electronics reset (brown-out); ours, for a 3.3 V regulator. */
export const BROWN_OUT_V = 3.0;
/** Stored-record memory of the lock (two slots of 4 KiB). */
export const NVM_BYTES = 8192;

export interface TwinOptions {
  readonly profile: LockProfile;
  /** Device secret for code hashes (B-SEC-7): in a real lock, burnt in at the factory. */
  readonly deviceKeyHex?: string;
  readonly startMs?: number;
  /** Which motor direction physically extends the bolt on this door. */
  readonly extendDrive?: "cw" | "ccw";
  readonly temperatureC?: number;
  readonly doorClosed?: boolean;
  readonly nvm?: FakeNonVolatileMemory;
}

export interface SignalRecord {
  readonly atMs: number;
  readonly name: SignalName | "procedure";
  readonly signal: Signal;
}

interface Motion {
  readonly drive: "cw" | "ccw";
  readonly segments: readonly MotionSegment[];
  index: number;
  segmentStartMs: number;
  event: EventId | undefined;
}

export class LockTwin {
  readonly profile: LockProfile;
  readonly clock: VirtualClock;
  readonly nvm: FakeNonVolatileMemory;
  readonly firmware: LockFirmware;
  readonly deviceKey: Uint8Array;

  /** Cells in the holder, or null with the pack out; `removedCells` go back in on insert. */
  cells: Cell[] | null = null;
  private removedCells: Cell[] | null = null;
  contactOhm = CLEAN_CONTACT_OHM;
  temperatureC: number;
  doorClosed: boolean;
  extendDrive: "cw" | "ccw";
  mech: MechanicalState = HEALTHY_MECHANISM;
  radioOnline = true;
  /** Bolt travel from retracted (0) to extended (BOLT_THROW_MM). */
  boltMm = 0;
  powered = false;

  readonly heldKeys = new Set<KeyName>();
  readonly signals: SignalRecord[] = [];
  readonly history: HistoryEntry[] = [];
  readonly radioReports: RadioReport[] = [];
  /** Motor runs commanded (cw/ccw), for `motorRan` and telemetry. */
  motorStarts = 0;
  brownOuts = 0;
  lastRun: { startedMs: number; peakCurrentA: number; minSupplyV: number; endedMs: number | null } | null = null;

  private motion: Motion | null = null;
  private readonly timers = new Map<TimerName, EventId>();

  constructor(opts: TwinOptions) {
    this.profile = opts.profile;
    this.clock = new VirtualClock(opts.startMs ?? 0);
    this.nvm = opts.nvm ?? new FakeNonVolatileMemory(NVM_BYTES);
    this.temperatureC = opts.temperatureC ?? 20;
    this.doorClosed = opts.doorClosed ?? false;
    this.extendDrive = opts.extendDrive ?? "cw";
    this.deviceKey = deviceKeyFromHex(opts.deviceKeyHex ?? "6c617463686b65792d6465762d6b6579");
    this.firmware = new LockFirmware(this.profile, this.deviceKey, this.ports());
  }

  // ---- what a person does ----

  /** Puts a pack in: the one taken out, or a new one of `kind`. */
  insertPack(kind?: PackKind): void {
    if (this.cells) return;
    this.cells = kind ? makePack(kind) : (this.removedCells ?? makePack("fresh"));
    this.removedCells = null;
    this.powerOnIfPossible();
  }

  removePack(): void {
    if (!this.cells) return;
    this.removedCells = this.cells;
    this.cells = null;
    this.powerOff();
  }

  /** Puts any reversed cell the right way round (the pack stays in, power comes back). */
  turnCellsRightWayRound(): void {
    if (!this.cells) return;
    this.cells = this.cells.map((c) => (c.reversed ? { ...c, reversed: false } : c));
    this.powerOnIfPossible();
  }

  /** A new pack of that kind (SCENARIOS.md `battery: { replace: … }`). */
  replacePack(kind: PackKind): void {
    this.removePack();
    this.removedCells = null;
    this.insertPack(kind);
  }

  pressKey(key: KeyName): void {
    if (this.heldKeys.has(key)) return;
    this.heldKeys.add(key);
    if (this.powered) this.firmware.dispatch({ type: "key.down", key });
  }

  releaseKey(key: KeyName): void {
    if (!this.heldKeys.delete(key)) return;
    if (this.powered) this.firmware.dispatch({ type: "key.up", key });
  }

  setDoor(closed: boolean): void {
    this.doorClosed = closed;
    if (this.powered && this.profile.interior.doorSensor) this.firmware.dispatch({ type: "door.sensor", closed });
  }

  /** The physical key or the thumbturn moves the bolt with or without power (B-HW-4). */
  turnByHand(turn: "lock" | "unlock", by: "key" | "thumbturn"): void {
    if (this.motion) this.stopMotion();
    this.boltMm = turn === "lock" ? BOLT_THROW_MM : 0;
    if (this.powered) this.firmware.dispatch({ type: "bolt.position", position: this.sensorReading(), by });
  }

  /** A command over the radio, as an app or hub sends it; lost when the link is down (B-NET-5). */
  radio(command: RadioCommand): boolean {
    if (!this.powered || !this.radioOnline || this.profile.radio === null) return false;
    this.firmware.dispatch({ type: "radio.command", command });
    return true;
  }

  setTemperature(celsius: number): void {
    this.temperatureC = celsius;
  }

  /** Lets simulated time pass. */
  advance(ms: number): void {
    this.clock.advance(ms);
  }

  // ---- what can be seen ----

  /** Where the bolt is, as a person sees it. */
  boltState(): "extended" | "retracted" | "moving" | "jammed" {
    const seg = this.motion?.segments[this.motion.index];
    if (seg && seg.speedMmS > 0) return "moving";
    const mm = this.currentBoltMm();
    if (mm >= BOLT_THROW_MM - 0.01) return "extended";
    if (mm <= 0.01) return "retracted";
    return "jammed";
  }

  /** The persistent state: from the running firmware, or read from the store when unpowered. */
  persistent(): PersistentState | null {
    if (this.powered) return this.firmware.state.persistent;
    const rec = readLatestRecord(this.nvm);
    return rec ? decodePersistent(rec.payload, this.profile.codes.capacity) : null;
  }

  /** Pack voltage at rest (0 with the pack out or the circuit broken). */
  packRestV(): number {
    if (!this.cells) return 0;
    return packElectrics(this.cells, this.temperatureC, this.contactOhm).openV;
  }

  /** Writes a persistent state straight into the store, as a factory or a test fixture would. */
  writeStore(state: PersistentState): void {
    commitRecord(this.nvm, encodePersistent(state));
  }

  // ---- power ----

  private powerOnIfPossible(): void {
    if (this.powered || !this.cells) return;
    if (this.packRestV() < BROWN_OUT_V) return; // dead or no contact: no beep, no light (B-PWR-4)
    this.powered = true;
    const held = [...this.heldKeys];
    this.firmware.powerUp(held, this.sensorReading(), this.profile.interior.doorSensor ? this.doorClosed : undefined);
  }

  private powerOff(): void {
    if (this.motion) this.stopMotion();
    if (!this.powered) return;
    this.powered = false;
    this.firmware.powerDown();
    for (const id of this.timers.values()) this.clock.cancel(id);
    this.timers.clear();
  }

  /** The supply sagged below brown-out under load: reset, and come back once the load is gone. */
  private brownOut(): void {
    this.brownOuts++;
    this.powerOff();
    this.clock.after(50, () => this.powerOnIfPossible());
  }

  // ---- motor and bolt ----

  private sensorReading(): BoltPosition {
    const mm = this.currentBoltMm();
    const retractDrive = this.extendDrive === "cw" ? "ccw" : "cw";
    if (mm >= BOLT_THROW_MM - 0.01) return this.extendDrive === "cw" ? "cw-end" : "ccw-end";
    if (mm <= 0.01) return retractDrive === "cw" ? "cw-end" : "ccw-end";
    return "between";
  }

  private currentBoltMm(): number {
    const m = this.motion;
    const seg = m?.segments[m.index];
    if (!m || !seg || seg.speedMmS === 0) return this.boltMm;
    const t = (this.clock.nowMs - m.segmentStartMs) / 1000;
    const dir = seg.toMm > seg.fromMm ? 1 : -1;
    return seg.fromMm + dir * Math.min(Math.abs(seg.toMm - seg.fromMm), seg.speedMmS * t);
  }

  private drive(drive: "cw" | "ccw" | "stop"): void {
    if (this.motion) this.stopMotion();
    if (drive === "stop" || !this.cells) return;
    this.motorStarts++;
    const toMm = drive === this.extendDrive ? BOLT_THROW_MM : 0;
    const e = packElectrics(this.cells, this.temperatureC, this.contactOhm);
    const segments = planMotion(this.boltMm, toMm, this.mech, this.doorClosed, e.openV, e.seriesOhm);
    this.motion = { drive, segments, index: -1, segmentStartMs: this.clock.nowMs, event: undefined };
    this.lastRun = { startedMs: this.clock.nowMs, peakCurrentA: 0, minSupplyV: e.openV, endedMs: null };
    // Reported after the firmware's own step has finished (ports are called mid-step).
    const motion = this.motion;
    motion.event = this.clock.after(0, () => {
      if (this.motion === motion) this.enterSegment(0);
    });
  }

  private enterSegment(index: number): void {
    const m = this.motion;
    const seg = m?.segments[index];
    if (!m || !seg || !this.cells) return;
    m.index = index;
    m.segmentStartMs = this.clock.nowMs;
    const e = packElectrics(this.cells, this.temperatureC, this.contactOhm);
    const supplyV = e.openV - seg.currentA * e.seriesOhm; // at the board, after cells and contacts
    if (this.lastRun) {
      this.lastRun.peakCurrentA = Math.max(this.lastRun.peakCurrentA, seg.currentA);
      this.lastRun.minSupplyV = Math.min(this.lastRun.minSupplyV, supplyV);
    }
    if (supplyV < BROWN_OUT_V) return this.brownOut();
    if (!this.powered) return;
    if (index === 0 && seg.speedMmS > 0 && this.sensorReading() !== "between") {
      this.boltMm += seg.toMm > seg.fromMm ? 0.02 : -0.02; // it has left the end switch
      this.firmware.dispatch({ type: "bolt.position", position: "between" });
    }
    this.firmware.dispatch({ type: "motor.current", currentMa: Math.round(seg.currentA * 1000), supplyV });
    if (seg.speedMmS === 0) return; // stalled (or spinning free): stays until told to stop
    const ms = (Math.abs(seg.toMm - seg.fromMm) / seg.speedMmS) * 1000;
    m.event = this.clock.after(ms, () => this.segmentDone());
  }

  private segmentDone(): void {
    const m = this.motion;
    const seg = m?.segments[m.index];
    if (!m || !seg) return;
    this.drainFor(seg.currentA, this.clock.nowMs - m.segmentStartMs);
    this.boltMm = seg.toMm;
    m.segmentStartMs = this.clock.nowMs;
    if (m.index + 1 < m.segments.length) return this.enterSegment(m.index + 1);
    // At the end of travel the motor pushes into the stop: the switch closes.
    m.index = m.segments.length; // no segment: not moving
    if (this.powered) this.firmware.dispatch({ type: "bolt.position", position: this.sensorReading() });
  }

  private stopMotion(): void {
    const m = this.motion;
    if (!m) return;
    this.clock.cancel(m.event);
    const seg = m.segments[m.index];
    if (seg) {
      this.boltMm = this.currentBoltMm();
      this.drainFor(seg.currentA, this.clock.nowMs - m.segmentStartMs);
    }
    if (this.lastRun) this.lastRun.endedMs = this.clock.nowMs;
    this.motion = null;
  }

  private drainFor(currentA: number, ms: number): void {
    if (this.cells && ms > 0 && currentA > 0) this.cells = drainPack(this.cells, currentA, ms / 1000);
  }

  // ---- the ports the firmware sees ----

  private ports(): FirmwarePorts {
    return {
      clock: {
        nowMs: () => this.clock.nowMs,
        startTimer: (name, delayMs, fire) => {
          this.clock.cancel(this.timers.get(name));
          this.timers.set(
            name,
            this.clock.after(delayMs, () => {
              this.timers.delete(name);
              fire();
            }),
          );
        },
        cancelTimer: (name) => {
          this.clock.cancel(this.timers.get(name));
          this.timers.delete(name);
        },
      },
      motor: { drive: (d) => this.drive(d) },
      indicator: { show: (signal, name) => this.signals.push({ atMs: this.clock.nowMs, name, signal }) },
      battery: { measureRestV: () => this.packRestV() },
      store: this.nvm,
      radio: { send: (r) => this.radioReports.push(r) },
      history: { append: (e) => this.history.push(e) },
    };
  }
}
