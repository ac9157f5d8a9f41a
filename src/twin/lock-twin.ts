/**
 * The physical lock around the firmware (ARCHITECTURE.md, twin/): it implements the
 * core's ports with a pack of cells, the electronics' own draw, a motor, clutch and bolt, a
 * door and strike, a keypad and a radio link, all on a discrete-event virtual clock. A
 * person (or a scenario, the web app, a fleet) acts on it through the methods below; what it
 * shows is read with `observe()` (observe-lock.ts) and `telemetry()`.
 *
 * Energy is integrated lazily: the steady draw (standby, radio) between two moments is
 * charged when anything next looks at the pack, so nothing ticks per simulated second.
 */
import type { BoltPosition, CoreEvent } from "../core/events.ts";
import type { HistoryEntry } from "../core/history.ts";
import type { KeyName } from "../core/keys.ts";
import { KEY_NAMES } from "../core/keys.ts";
import type { LockProfile } from "../core/profile-types.ts";
import type { FirmwareStatus, RadioCommand, RadioReport } from "../core/radio-types.ts";
import { MAX_REQUEST_ID_LENGTH } from "../core/radio-types.ts";
import type { Signal, SignalName } from "../core/signals.ts";
import type { PersistentState, TimerName } from "../core/state.ts";
import type { FirmwarePorts } from "../core/ports/firmware-ports.ts";
import type { NonVolatileMemory } from "../core/ports/non-volatile-memory.ts";
import type { MotorDrive } from "../core/effects.ts";
import { LockFirmware } from "../core/firmware.ts";
import { boltPositionEvent, keyEvent, motorCurrentEvent } from "../core/event-shape.ts";
import { FakeNonVolatileMemory } from "../core/storage/fake-non-volatile-memory.ts";
import { commitRecord, readLatestRecord } from "../core/storage/record-slots.ts";
import { decodePersistent, encodePersistent } from "../core/storage/persistent-codec.ts";
import { factoryPersistentState } from "../core/factory-state.ts";
import type { DeviceSecret } from "../core/security/device-secret.ts";
import { deviceSecretFromBytes } from "../core/security/device-secret.ts";
import type { Cell } from "./battery-cell.ts";
import type { PackElectrics, PackKind } from "./battery-pack.ts";
import {
  CLEAN_CONTACT_OHM,
  ageAndDrainPackInPlace,
  makePack,
  packElectrics,
  packOpenV,
} from "./battery-pack.ts";
import type { MechanicalState, MotionSegment } from "./bolt-mechanism.ts";
import {
  BOLT_THROW_MM,
  HEALTHY_MECHANISM,
  SEIZED_KEY_N,
  STIFF_KEY_N,
  manualLoadN,
  mechanism,
  planMotion,
} from "./bolt-mechanism.ts";
import { BACKLIGHT_MA, BACKLIGHT_SECONDS, baseLoadMa, signalChargeMaS } from "./electronics.ts";
import type { KeypadCondition } from "./keypad-condition.ts";
import {
  CLEAN_KEYPAD,
  KEYPAD_RESPONSE_WARM_MS,
  isExteriorKey,
  keypadCondition,
  keypadResponseMs,
  pressRegisters,
} from "./keypad-condition.ts";
import { SeededRandom } from "./seeded-random.ts";
import type { EventId } from "./virtual-clock.ts";
import { VirtualClock } from "./virtual-clock.ts";
import type { TwinState } from "./twin-state.ts";
import type { BoardRevision } from "../core/update/firmware-image.ts";
import { FakeImageStore } from "../core/update/image-store.ts";
import { PowerCut } from "../core/storage/fake-non-volatile-memory.ts";
import { boot } from "../core/update/bootloader.ts";
import { FIRST_VERSION, LATEST_VERSION, behaviourOf } from "../core/update/firmware-versions.ts";
import type { UpdateCommand } from "../core/update/update-agent.ts";
import { UpdateAgent, firmwareStatusOf, isUpdateCommand } from "../core/update/update-agent.ts";
import { boardRevisionOf } from "./board.ts";
import { MAKER_PUBLIC_KEY } from "./maker-release.ts";

/** What a twin trusts unless made otherwise: the maker's release key. */
const MAKER_KEYS: readonly Uint8Array[] = Object.freeze([MAKER_PUBLIC_KEY]);
import { RESTART_MS, chunkAirMs } from "./radio-air-time.ts";
import { TWIN_STATE_VERSION } from "./twin-state.ts";

/** Below this supply the electronics reset (brown-out); ours, for a 3.3 V regulator. */
export const BROWN_OUT_V = 3.0;
/** Stored-record memory of the lock (two slots of 4 KiB). */
export const NVM_BYTES = 8192;
/** Contact resistance of badly corroded terminals varies run to run between these (B-PWR-5, ours). */
export const CORRODED_OHM_RANGE: readonly [number, number] = [1, 9];

/** How many of the lock's latest radio reports a twin keeps to be read (scenarios, tests, people). */
export const RECENT_RADIO_REPORTS = 64;

/** Whether a command went out over the radio, and if not, why (the link's refusal codes). */
export type RadioDelivery =
  | { readonly sent: true; readonly requestId: string }
  | {
      readonly sent: false;
      readonly code: "lock.offline" | "lock.unpaired" | "command.invalid";
      readonly reason: string;
    };

/** One bit per key, for the held-keys masks. */
const ALL_KEYS: readonly KeyName[] = KEY_NAMES;
const KEY_BIT = Object.fromEntries(ALL_KEYS.map((k, i) => [k, 1 << i])) as Readonly<Record<KeyName, number>>;

/** The events the twin raises most, made once (events are read-only data): a fleet raises ~40 a lock-day. */
const KEY_DOWN = eventsByKey("key.down");
const KEY_UP = eventsByKey("key.up");
const AT_POSITION: Readonly<Record<BoltPosition, CoreEvent>> = Object.freeze({
  between: boltPositionEvent("between"),
  "cw-end": boltPositionEvent("cw-end"),
  "ccw-end": boltPositionEvent("ccw-end"),
});

function eventsByKey(type: "key.down" | "key.up"): Readonly<Record<KeyName, CoreEvent>> {
  return Object.freeze(
    Object.fromEntries(ALL_KEYS.map((key) => [key, keyEvent(type, key)])) as Record<KeyName, CoreEvent>,
  );
}

function keysIn(mask: number): Set<KeyName> {
  const keys = new Set<KeyName>();
  for (const k of ALL_KEYS) if (mask & KEY_BIT[k]) keys.add(k);
  return keys;
}

export interface TwinOptions {
  readonly profile: LockProfile;
  /**
   * The lock's own secret for its code hashes (B-SEC-7), used when the lock is made — that is,
   * when `nvm` holds no record (a store carried over keeps its own). Without it the secret is
   * drawn from the twin's seed: repeatable, as tests and fleets need, but only as unguessable
   * as the seed. A lock meant to live (the server, the host) is given `randomDeviceSecret()`.
   */
  readonly secret?: DeviceSecret;
  readonly startMs?: number;
  /** Which motor direction physically extends the bolt on this door. */
  readonly extendDrive?: "cw" | "ccw";
  readonly temperatureC?: number;
  readonly doorClosed?: boolean;
  /** The lock's stored-record memory (any NonVolatileMemory; fleets pass a compact one). */
  readonly nvm?: NonVolatileMemory;
  /** Seed for chance events (missed presses, corrosion); the same seed, the same lock. */
  readonly seed?: number;
  /**
   * How many of its latest radio reports the twin keeps to be read (default
   * RECENT_RADIO_REPORTS). A fleet keeps none: it listens with `onRadioReport` when it needs an
   * answer, and a thousand idle locks hold no reports.
   */
  readonly recentRadioReports?: number;
  /**
   * The firmware steps its state in place (LockFirmware `inPlace`): for a fleet, whose readers
   * never keep `firmware.state`; the same run, allocating less (issue 17).
   */
  readonly inPlaceFirmware?: boolean;
  /** Issue 14: the keys the bootloader trusts for images (default the maker's, maker-release.ts). */
  readonly updateKeys?: readonly Uint8Array[];
  /** Issue 14: the firmware version the lock is made with (default the latest release). */
  readonly firmwareVersion?: string;
}

export interface SignalRecord {
  readonly atMs: number;
  readonly name: SignalName | "procedure";
  readonly signal: Signal;
}

export interface ManualTurn {
  readonly atMs: number;
  readonly by: "key" | "thumbturn";
  readonly loadN: number;
  readonly stiff: boolean;
  readonly moved: boolean;
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
  readonly nvm: NonVolatileMemory;
  readonly firmware: LockFirmware;
  readonly rng: SeededRandom;
  /** The twin's seed: its chance events, and the secret it is made with unless given one. */
  private readonly seed: number;
  /** Secrets drawn so far (a lock whose memory is lost is made again, with a new one). */
  private secretsDrawn = 0;

  /**
   * Cells in the holder, or null with the pack out; `removedCells` go back in on insert. The
   * twin changes its cells' charge in place as they drain (no allocation per settle): read
   * them, don't keep them as a snapshot.
   */
  cells: Cell[] | null = null;
  private removedCells: Cell[] | null = null;
  /** Terminals: clean, or corroded (a resistance that changes from run to run). */
  contactsCorroded = false;
  contactOhm = CLEAN_CONTACT_OHM;
  temperatureC: number;
  doorClosed: boolean;
  extendDrive: "cw" | "ccw";
  private mechanism: MechanicalState = HEALTHY_MECHANISM;
  private keypadCondition: KeypadCondition = CLEAN_KEYPAD;

  /** Motor, clutch and bolt as they are now (a fault or a fix sets a new one). */
  get mech(): MechanicalState {
    return this.mechanism;
  }
  /** Kept in the one shape `mechanism` makes: a spread with a change would be a new hidden class. */
  set mech(m: MechanicalState) {
    this.mechanism = mechanism(m);
    if (this.motion) this.replanMotion(); // a fault or fix mid-run acts at once (conformance audit)
  }

  /** The exterior keypad's condition (a fault or a fix sets a new one). */
  get keypad(): KeypadCondition {
    return this.keypadCondition;
  }
  set keypad(k: KeypadCondition) {
    this.keypadCondition = keypadCondition(k);
  }
  /** Wi-Fi/Bluetooth/hub reachable (B-NET-5). */
  radioOnline = true;
  /** The hub still knows this lock (hub-unpaired when false). */
  hubKnowsLock = true;
  /** Issue 14: the keys images may be signed with, burned in at the factory (shared, never copied). */
  updateKeys: readonly Uint8Array[];
  /** Issue 14: the version the lock was made with (slot A until its first update). */
  factoryVersion: string;
  /** Issue 14: the version running now, as the bootloader chose it at the last power-up. */
  runningVersion: string;
  /** Issue 14: the board revision the lock is built on (board.ts). */
  readonly board: BoardRevision;
  /** The running version's keypad-debounce bug (firmware-outdated): some presses count twice. */
  private keypadDoubleCount: boolean;
  /** Issue 14: the image flash (slots A and B), made at the first update; null before. */
  private images: FakeImageStore | null = null;
  /** Issue 14: the OTA task, made at the first update command. */
  private updates: UpdateAgent | null = null;
  /** Issue 14: an updateFinish answered when the restart it asked for is done. */
  private finishAnswer: string | null = null;
  /** Bolt travel from retracted (0) to extended (BOLT_THROW_MM). */
  boltMm = 0;
  powered = false;

  /** Keys held down now, one bit each (KEY_BIT): a fleet keeps a thousand twins, and a Set is ~150 bytes. */
  private heldMask = 0;
  readonly signals: SignalRecord[] = [];
  readonly history: HistoryEntry[] = [];
  /**
   * What the lock transmitted and its controller heard, newest last, at most
   * RECENT_RADIO_REPORTS; whoever needs every report subscribes with `onRadioReport`.
   */
  readonly recentRadioReports: RadioReport[] = [];
  /** Reports the lock sent that nobody heard (the link was down). */
  radioReportsLost = 0;
  /** Listeners to the lock's reports; null while there are none (a fleet keeps a thousand twins). */
  private radioListeners: ((report: RadioReport) => void)[] | null = null;
  private readonly recentCapacity: number;
  private requestsSent = 0;
  /** Motor runs commanded (cw/ccw), for `motorRan` and telemetry. */
  motorStarts = 0;
  brownOuts = 0;
  keyPresses = 0;
  missedPresses = 0;
  lastRun: { startedMs: number; peakCurrentA: number; minSupplyV: number; endedMs: number | null } | null =
    null;
  lastManualTurn: ManualTurn | null = null;
  /** Charge drawn from the pack since it went in, mAh (telemetry and fleets). */
  drawnMah = 0;

  private motion: Motion | null = null;
  /**
   * What the clock runs when one of the firmware's named timers comes due (one function per
   * firmware), or null before the first; the clock finds a timer's event by its name, so the
   * twin keeps no ids (issue 17).
   */
  private timerRun: ((name: TimerName) => void) | null = null;
  private settledMs: number;

  constructor(opts: TwinOptions) {
    this.profile = opts.profile;
    this.clock = new VirtualClock(opts.startMs ?? 0);
    this.settledMs = this.clock.nowMs;
    this.nvm = opts.nvm ?? new FakeNonVolatileMemory(NVM_BYTES);
    this.temperatureC = opts.temperatureC ?? 20;
    this.doorClosed = opts.doorClosed ?? false;
    this.extendDrive = opts.extendDrive ?? "cw";
    this.seed = opts.seed ?? 1;
    this.recentCapacity = Math.max(0, opts.recentRadioReports ?? RECENT_RADIO_REPORTS);
    this.rng = new SeededRandom(this.seed);
    this.updateKeys = opts.updateKeys ?? MAKER_KEYS;
    this.factoryVersion = opts.firmwareVersion ?? LATEST_VERSION;
    this.runningVersion = this.factoryVersion;
    this.keypadDoubleCount = behaviourOf(this.runningVersion).keypadDoubleCount;
    this.board = boardRevisionOf(this.seed);
    this.firmware = new LockFirmware(this.profile, new LockTwin.Ports(this), {
      inPlace: opts.inPlaceFirmware === true,
    });
    // Made at the factory: a blank store gets the factory state with this lock's own secret.
    if (readLatestRecord(this.nvm) === null) {
      const secret = opts.secret ?? deviceSecretFromBytes(this.drawSecretBytes(16));
      this.writeStore(factoryPersistentState(this.profile, secret));
    }
  }

  /**
   * Bytes for a new secret from the twin's seed, on a stream of their own so drawing one does
   * not shift the twin's chance events (the same seed, the same presses missed).
   */
  private drawSecretBytes(count: number): Uint8Array {
    const stream = new SeededRandom((this.seed ^ 0x5ec2e75e) + Math.imul(++this.secretsDrawn, 0x9e3779b9));
    const bytes = new Uint8Array(count);
    for (let i = 0; i < count; i++) bytes[i] = Math.floor(stream.next() * 256);
    return bytes;
  }

  // ---- what a person does ----

  /** Puts a pack in: the one taken out, or a new one of `kind`. */
  insertPack(kind?: PackKind): void {
    if (this.cells) return;
    this.settle();
    this.cells = kind ? makePack(kind) : (this.removedCells ?? makePack("fresh"));
    if (kind) this.drawnMah = 0;
    this.removedCells = null;
    this.powerOnIfPossible("power-on");
  }

  removePack(): void {
    if (!this.cells) return;
    this.settle();
    this.removedCells = this.cells;
    this.cells = null;
    this.powerOff();
  }

  /** A new pack of that kind (SCENARIOS.md `battery: { replace: … }`). */
  replacePack(kind: PackKind): void {
    this.removePack();
    this.removedCells = null;
    this.insertPack(kind);
  }

  /** Puts any reversed cell the right way round (the pack stays in, power comes back). */
  turnCellsRightWayRound(): void {
    if (!this.cells) return;
    this.cells = this.cells.map((c) => (c.reversed ? { ...c, reversed: false } : c));
    this.powerOnIfPossible("power-on");
  }

  pressKey(key: KeyName): void {
    const bit = KEY_BIT[key];
    if (this.heldMask & bit) return;
    this.heldMask |= bit;
    if (!this.powered) return;
    this.keyPresses++;
    this.spend(BACKLIGHT_MA, BACKLIGHT_SECONDS);
    if (!pressRegisters(key, this.keypad, this.rng)) {
      // The firmware never saw it go down, so it will not see it go up either.
      this.missedPresses++;
      this.unregisteredMask |= bit;
      return;
    }
    const responseMs = isExteriorKey(key) ? keypadResponseMs(this.temperatureC) : 0;
    if (responseMs > KEYPAD_RESPONSE_WARM_MS) {
      // A cold keypad sees the press late, and not at all if it is let go first.
      this.unregisteredMask |= bit;
      this.clock.after(responseMs, () => {
        if (!(this.heldMask & bit) || !this.powered) {
          this.missedPresses++;
          return;
        }
        this.unregisteredMask &= ~bit;
        this.firmware.dispatch(KEY_DOWN[key]);
      });
      return;
    }
    this.firmware.dispatch(KEY_DOWN[key]);
    if (this.keypadDoubleCount && key !== "program" && key !== "reset" && this.rng.next() < 0.25) {
      // The old firmware's debounce bug: one press counted twice (firmware-outdated).
      this.firmware.dispatch(KEY_UP[key]);
      this.firmware.dispatch(KEY_DOWN[key]);
    }
  }

  releaseKey(key: KeyName): void {
    const bit = KEY_BIT[key];
    if (!(this.heldMask & bit)) return;
    this.heldMask &= ~bit;
    if (this.unregisteredMask & bit) {
      this.unregisteredMask &= ~bit;
      return;
    }
    if (this.powered) this.firmware.dispatch(KEY_UP[key]);
  }

  /** Keys held down that the firmware never saw go down (bits as heldMask). */
  private unregisteredMask = 0;

  /** Keys held down now, in key order. */
  get heldKeys(): ReadonlySet<KeyName> {
    return keysIn(this.heldMask);
  }

  setDoor(closed: boolean): void {
    const changed = closed !== this.doorClosed;
    this.doorClosed = closed;
    if (changed && this.motion) this.replanMotion(); // a strike meets (or leaves) a bolt on its way out
    if (this.powered && this.profile.interior.doorSensor)
      this.firmware.dispatch({ type: "door.sensor", closed });
  }

  /**
   * The physical key or the thumbturn moves the bolt with or without power (B-HW-4),
   * against the same friction the motor feels: a dry bolt makes a stiff key (B-BOLT-4).
   */
  turnByHand(turn: "lock" | "unlock", by: "key" | "thumbturn"): ManualTurn {
    if (this.motion) this.stopMotion();
    const extending = turn === "lock";
    const loadN = manualLoadN(this.mech, extending, this.doorClosed, this.temperatureC);
    const moved = loadN < SEIZED_KEY_N;
    this.lastManualTurn = { atMs: this.clock.nowMs, by, loadN, stiff: loadN >= STIFF_KEY_N, moved };
    if (moved) {
      this.boltMm = extending ? BOLT_THROW_MM : 0;
      if (this.powered) this.firmware.dispatch(boltPositionEvent(this.sensorReading(), by));
    }
    return this.lastManualTurn;
  }

  /**
   * A command over the radio, as an app or hub sends it (B-NET-5: not when the link is down;
   * only pairing reaches a lock that is not paired). The result comes back as a report
   * carrying `requestId` (one is made when none is given).
   */
  send(command: RadioCommand, requestId?: string): RadioDelivery {
    if (requestId !== undefined && (requestId.length === 0 || requestId.length > MAX_REQUEST_ID_LENGTH))
      return {
        sent: false,
        code: "command.invalid",
        reason: `a request id has 1 to ${MAX_REQUEST_ID_LENGTH} characters`,
      };
    if (this.profile.radio === null)
      return { sent: false, code: "lock.offline", reason: `${this.profile.id} has no radio (B-HW-7)` };
    if (!this.powered) return { sent: false, code: "lock.offline", reason: "the lock has no power" };
    if (!this.radioOnline)
      return { sent: false, code: "lock.offline", reason: "the lock is out of reach (B-NET-5)" };
    if (command.type !== "pair") {
      if (!this.firmware.state.persistent.paired)
        return {
          sent: false,
          code: "lock.unpaired",
          reason: "the lock is not paired (B-NET-3): pair it first",
        };
      // Z-Wave's exclusion reaches a node its hub does not know (the lock's button says who).
      if (!this.hubKnowsLock && command.type !== "unpair")
        return {
          sent: false,
          code: "lock.unpaired",
          reason: "the hub no longer knows this lock: pair it again",
        };
    }
    const id = requestId ?? `twin-${++this.requestsSent}`;
    if (isUpdateCommand(command)) return this.sendUpdate(command, id);
    this.firmware.dispatch({ type: "radio.command", command, requestId: id });
    return { sent: true, requestId: id };
  }

  // ---- firmware over the air (issue 14) ----

  /** The running version's keypad bug (FAULTS.md firmware-outdated). */
  get firmwareOutdated(): boolean {
    return this.keypadDoubleCount;
  }

  /** The image flash, made when first needed (a lock that never updates holds none). */
  firmwareFlash(): FakeImageStore {
    return (this.images ??= new FakeImageStore());
  }

  /** Makes the lock one that left the factory with `version` and never updated (firmware-outdated). */
  makeWithFirmware(version: string = FIRST_VERSION): void {
    this.images = null;
    this.updates = null; // it wrote to the flash that is gone
    this.factoryVersion = version;
    this.runningVersion = version;
    this.keypadDoubleCount = behaviourOf(version).keypadDoubleCount;
  }

  /**
   * The firmware as the lock answers `firmwareStatus` (issue 14): the version running now, its
   * slot, an image waiting for the next boot and how the last update ended — read from the
   * flash's record, for the views (host, page, hub, Matter, Home Assistant). A lock that never
   * updated runs the image it was made with, in slot A.
   */
  firmwareStatus(): FirmwareStatus {
    if (!this.images) return { version: this.runningVersion, slot: "A", pending: null, last: null };
    // The version is the one the bootloader chose at power-up: what runs, even while dark.
    return { ...firmwareStatusOf(this.images, this.factoryVersion), version: this.runningVersion };
  }

  /** An update command travels: a chunk takes its air time (radio-air-time.ts), the rest at once. */
  private sendUpdate(command: UpdateCommand, id: string): RadioDelivery {
    const radio = this.profile.radio!;
    if (command.type !== "updateChunk") {
      this.deliverUpdate(command, id);
    } else {
      const text = typeof command.data === "string" ? command.data : "";
      const bytes =
        Math.floor((text.length * 3) / 4) - (text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0);
      this.clock.after(chunkAirMs(radio, bytes), () => this.deliverUpdate(command, id));
    }
    return { sent: true, requestId: id };
  }

  /** The command arrives (lost, unanswered, if the lock lost power or reach while it was in the air). */
  private deliverUpdate(command: UpdateCommand, id: string): void {
    if (!this.powered || !this.radioOnline) return;
    try {
      this.updateAgent().onCommand(command, id);
    } catch (error) {
      if (!(error instanceof PowerCut)) throw error;
      this.removePack(); // the supply failed mid-write: the lock is dark until power returns
    }
  }

  private updateAgent(): UpdateAgent {
    if (this.updates) return this.updates;
    const keysAndVersion = (): { trustedKeys: readonly Uint8Array[]; factoryVersion: string } => ({
      trustedKeys: this.updateKeys,
      factoryVersion: this.factoryVersion,
    });
    this.updates = new UpdateAgent(this.profile, {
      store: this.firmwareFlash(),
      get trustedKeys() {
        return keysAndVersion().trustedKeys;
      },
      get factoryVersion() {
        return keysAndVersion().factoryVersion;
      },
      send: (report) => this.transmit(report),
      restart: (requestId) => {
        // The lock restarts into the bootloader, dark for a moment, and answers once it is up.
        this.finishAnswer = requestId;
        this.clock.after(50, () => {
          if (!this.powered) return;
          this.powerOff();
          this.clock.after(RESTART_MS, () => this.powerOnIfPossible("power-on"));
        });
      },
    });
    return this.updates;
  }

  /**
   * The bootloader at power-up: picks the image, runs a new one's self-test, rolls back a bad one.
   * False when the power failed during its own writes (the lock stays dark).
   */
  private bootImage(): { ok: false } | { ok: true; event: ReturnType<typeof boot>["event"] } {
    this.updates?.reset();
    const store = this.images;
    if (!store) return { ok: true, event: null };
    try {
      const choice = boot(store, this.factoryVersion, this.board);
      this.runningVersion = choice.version;
      this.keypadDoubleCount = behaviourOf(choice.version).keypadDoubleCount;
      return { ok: true, event: choice.event };
    } catch (error) {
      if (!(error instanceof PowerCut)) throw error;
      this.removedCells = this.cells;
      this.cells = null;
      return { ok: false };
    }
  }

  /** `send`, for callers that only ask whether the command went out. */
  radio(command: RadioCommand): boolean {
    return this.send(command).sent;
  }

  /** Whether a hub command can reach the firmware now. */
  radioReachable(): boolean {
    return this.powered && this.radioOnline && this.hubKnowsLock && this.profile.radio !== null;
  }

  /** The link as a hub or app sees it: in reach, and paired on both ends. */
  radioStatus(): { online: boolean; paired: boolean } {
    const p = this.persistent();
    return {
      online: this.profile.radio !== null && this.powered && this.radioOnline,
      paired: this.profile.radio !== null && this.hubKnowsLock && p !== null && p.paired,
    };
  }

  /** Hears every report the lock's controller hears from now on; returns the unsubscribe. */
  onRadioReport(listener: (report: RadioReport) => void): () => void {
    const listeners = (this.radioListeners ??= []);
    listeners.push(listener);
    return () => {
      const i = listeners.indexOf(listener);
      if (i >= 0) listeners.splice(i, 1);
      if (listeners.length === 0 && this.radioListeners === listeners) this.radioListeners = null;
    };
  }

  /**
   * A report leaves the lock. Lost when the link is down (B-NET-5); while the hub does not know
   * the lock it listens only for announcements and answers to its own requests (pairing).
   */
  private transmit(report: RadioReport): void {
    if (!this.radioOnline) {
      this.radioReportsLost++;
      return;
    }
    // The controller that took the lock in knows it from now on.
    if (report.type === "event" && report.event.kind === "paired") this.hubKnowsLock = true;
    if (!this.hubKnowsLock && report.type === "event") {
      this.radioReportsLost++;
      return;
    }
    const recent = this.recentRadioReports;
    if (this.recentCapacity > 0) {
      if (recent.length >= this.recentCapacity) recent.shift();
      recent.push(report);
    }
    const listeners = this.radioListeners;
    if (listeners) for (const l of [...listeners]) l(report);
  }

  setTemperature(celsius: number): void {
    this.settle();
    this.temperatureC = celsius;
  }

  /** Lets simulated time pass. */
  advance(ms: number): void {
    this.clock.advance(ms);
  }

  /** Powers the electronics down and up again, as a brief glitch would (memory-corrupted shows then). */
  glitch(): void {
    // A restart, not a sagging pack: it does not count as a brown-out in telemetry.
    this.powerOff();
    this.powerOnIfPossible("power-on");
  }

  // ---- carried over a restart (twin-state.ts) ----

  /**
   * The lock as plain data, for a host's database. Taken between clock events: whatever the
   * clock would run next is either a firmware timer (re-armed from the state's due times) or
   * the motor run (re-armed from its segments).
   */
  captureState(): TwinState {
    this.settle();
    const rec = readLatestRecord(this.nvm);
    const m = this.motion;
    return {
      version: TWIN_STATE_VERSION,
      profileId: this.profile.id,
      nowMs: this.clock.nowMs,
      seed: this.seed,
      rngState: this.rng.state,
      secretsDrawn: this.secretsDrawn,
      storedRecord: rec ? Buffer.from(rec.payload).toString("base64") : null,
      firmware: this.powered ? this.firmware.state : null,
      cells: this.cells ? this.cells.map((c) => ({ ...c })) : null,
      removedCells: this.removedCells ? this.removedCells.map((c) => ({ ...c })) : null,
      contactsCorroded: this.contactsCorroded,
      contactOhm: this.contactOhm,
      temperatureC: this.temperatureC,
      doorClosed: this.doorClosed,
      extendDrive: this.extendDrive,
      mech: this.mech,
      keypad: this.keypad,
      radioOnline: this.radioOnline,
      hubKnowsLock: this.hubKnowsLock,
      firmwareOutdated: this.firmwareOutdated,
      factoryVersion: this.factoryVersion,
      firmwareImages: this.images ? this.images.snapshot() : null,
      boltMm: this.boltMm,
      powered: this.powered,
      heldMask: this.heldMask,
      unregisteredMask: this.unregisteredMask,
      motion: m
        ? { drive: m.drive, segments: m.segments, index: m.index, segmentStartMs: m.segmentStartMs }
        : null,
      counters: {
        motorStarts: this.motorStarts,
        brownOuts: this.brownOuts,
        keyPresses: this.keyPresses,
        missedPresses: this.missedPresses,
        drawnMah: this.drawnMah,
      },
      lastRun: this.lastRun ? { ...this.lastRun } : null,
    };
  }

  /**
   * A lock carried on from `state` (captureState) in this process: the same store, cells,
   * door, firmware state and clock. `nvm` is where the store lives now (a host passes its
   * compact memory); the record is written into it first.
   */
  static resume(
    profile: LockProfile,
    state: TwinState,
    nvm?: NonVolatileMemory,
    made: { readonly updateKeys?: readonly Uint8Array[] } = {},
  ): LockTwin {
    const memory = nvm ?? new FakeNonVolatileMemory(NVM_BYTES);
    if (state.storedRecord !== null) commitRecord(memory, Buffer.from(state.storedRecord, "base64"));
    const twin = new LockTwin({
      profile,
      nvm: memory,
      startMs: state.nowMs,
      seed: state.seed,
      temperatureC: state.temperatureC,
      doorClosed: state.doorClosed,
      extendDrive: state.extendDrive,
      ...(made.updateKeys ? { updateKeys: made.updateKeys } : {}),
    });
    twin.rng.state = state.rngState;
    twin.secretsDrawn = state.secretsDrawn;
    twin.cells = state.cells ? state.cells.map((c) => ({ ...c })) : null;
    twin.removedCells = state.removedCells ? state.removedCells.map((c) => ({ ...c })) : null;
    twin.contactsCorroded = state.contactsCorroded;
    twin.contactOhm = state.contactOhm;
    twin.mech = state.mech;
    twin.keypad = state.keypad;
    twin.radioOnline = state.radioOnline;
    twin.hubKnowsLock = state.hubKnowsLock;
    twin.makeWithFirmware(state.factoryVersion ?? (state.firmwareOutdated ? FIRST_VERSION : LATEST_VERSION));
    if (state.firmwareImages) twin.images = FakeImageStore.fromSnapshot(state.firmwareImages);
    twin.bootedVersionFromFlash();
    twin.boltMm = state.boltMm;
    twin.heldMask = state.heldMask;
    twin.unregisteredMask = state.unregisteredMask;
    twin.motorStarts = state.counters.motorStarts;
    twin.brownOuts = state.counters.brownOuts;
    twin.keyPresses = state.counters.keyPresses;
    twin.missedPresses = state.counters.missedPresses;
    twin.drawnMah = state.counters.drawnMah;
    twin.lastRun = state.lastRun ? { ...state.lastRun } : null;
    if (state.powered && state.firmware) {
      twin.powered = true;
      twin.firmware.resume(state.firmware);
    } else if (twin.cells) {
      // Unpowered with a pack in: a brown-out that was about to come back, or a dead pack.
      twin.powerOnIfPossible("power-on");
    }
    const m = state.motion;
    if (m && twin.powered) {
      const motion: Motion = { ...m, event: undefined };
      twin.motion = motion;
      const seg = m.segments[m.index];
      if (m.index < 0) {
        motion.event = twin.clock.after(0, LockTwin.motionStarts, twin);
      } else if (seg && seg.speedMmS > 0) {
        const ms = segmentMs(seg);
        motion.event = twin.clock.at(m.segmentStartMs + ms, LockTwin.segmentEnds, twin);
      }
    }
    return twin;
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

  /** Whether the motor is being driven now (spinning free, moving the bolt, or stalled). */
  motorRunning(): boolean {
    return this.motion !== null;
  }

  /** The persistent state: from the running firmware, or read from the store when unpowered. */
  persistent(): PersistentState | null {
    if (this.powered) return this.firmware.state.persistent;
    const rec = readLatestRecord(this.nvm);
    return rec ? decodePersistent(rec.payload, this.profile.codes.capacity) : null;
  }

  /** Pack voltage at rest (0 with the pack out or the circuit broken). */
  packRestV(): number {
    this.settle();
    return this.cells ? packOpenV(this.cells) : 0; // the firmware's reading at rest: no resistances needed
  }

  /** Writes a persistent state straight into the store, as a factory or a test fixture would. */
  writeStore(state: PersistentState): void {
    commitRecord(this.nvm, encodePersistent(state));
  }

  /** The pack's electrics now, after charging the steady draw up to now. */
  electrics(): PackElectrics {
    this.settle();
    if (!this.cells) return { openV: 0, seriesOhm: Infinity };
    return packElectrics(this.cells, this.temperatureC, this.contactOhm);
  }

  // ---- energy ----

  /**
   * Charges the steady draw and the cells' self-discharge since the last settle, then a burst
   * of `burstMa` for `burstSeconds` if one is given (`spend`), in one pass over the cells.
   */
  private settle(burstMa = 0, burstSeconds = 0): void {
    const now = this.clock.nowMs;
    const seconds = (now - this.settledMs) / 1000;
    this.settledMs = now;
    const cells = this.cells;
    if (!cells) return;
    const bursts = burstMa > 0 && burstSeconds > 0;
    if (seconds <= 0) {
      if (!bursts) return;
      ageAndDrainPackInPlace(cells, 0, 0, 0, this.temperatureC, burstMa, burstSeconds);
    } else if (!this.powered) {
      ageAndDrainPackInPlace(cells, seconds, 0, 0, this.temperatureC, burstMa, burstSeconds);
    } else {
      const ma = baseLoadMa(
        this.profile,
        this.radioOnline && this.hubKnowsLock && this.firmware.state.persistent.paired,
      );
      ageAndDrainPackInPlace(cells, seconds, ma, seconds, this.temperatureC, burstMa, burstSeconds);
      this.drawnMah += (ma * seconds) / 3600;
    }
    if (bursts) this.drawnMah += (burstMa * burstSeconds) / 3600;
  }

  /** A burst of current (backlight, LED, beeper): charged at once, after the steady draw up to now. */
  private spend(ma: number, seconds: number): void {
    if (!this.cells || ma <= 0 || seconds <= 0) return;
    this.settle(ma, seconds);
  }

  // ---- power ----

  private powerOnIfPossible(cause: "power-on" | "brown-out"): void {
    if (this.powered || !this.cells) return;
    if (this.packRestV() < BROWN_OUT_V) return; // dead or no contact: no beep, no light (B-PWR-4)
    const booted = this.bootImage();
    if (!booted.ok) return;
    this.powered = true;
    this.settledMs = this.clock.nowMs;
    const held = [...keysIn(this.heldMask & ~this.unregisteredMask)];
    this.firmware.powerUp(
      held,
      this.sensorReading(),
      this.profile.interior.doorSensor ? this.doorClosed : undefined,
      cause,
    );
    // The boot after an update says how it went (issue 14), once the lock is running: the
    // finish that asked for it is answered with the status after the boot.
    const finish = this.finishAnswer;
    this.finishAnswer = null;
    if (finish !== null && this.updates)
      this.transmit({ type: "result", requestId: finish, ok: true, data: this.updates.status() });
    if (booted.event && this.firmware.state.persistent.paired)
      this.transmit({
        type: "event",
        atMs: this.clock.nowMs,
        event:
          booted.event.kind === "updated"
            ? { kind: "firmware-updated", version: booted.event.version, previous: booted.event.previous }
            : {
                kind: "firmware-rolled-back",
                version: booted.event.version,
                running: booted.event.running,
                reason: booted.event.reason,
              },
      });
  }

  /** After a host restart: the running version as the flash's record says (no boot happens). */
  private bootedVersionFromFlash(): void {
    if (!this.images) return;
    this.runningVersion = new UpdateAgent(this.profile, {
      store: this.images,
      trustedKeys: [],
      factoryVersion: this.factoryVersion,
      send: () => undefined,
      restart: () => undefined,
    }).version();
    this.keypadDoubleCount = behaviourOf(this.runningVersion).keypadDoubleCount;
  }

  private powerOff(): void {
    if (this.motion) this.stopMotion();
    if (!this.powered) return;
    this.settle();
    this.powered = false;
    this.firmware.powerDown();
    if (this.timerRun) this.clock.cancelAllRunning(this.timerRun);
  }

  /** The supply sagged below brown-out under load: reset, and come back once the load is gone. */
  private brownOut(): void {
    this.brownOuts++;
    this.powerOff();
    this.clock.after(50, () => this.powerOnIfPossible("brown-out"));
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
    if (this.contactsCorroded) this.contactOhm = this.rng.between(...CORRODED_OHM_RANGE);
    const openV = this.planRun(drive);
    this.lastRun = { startedMs: this.clock.nowMs, peakCurrentA: 0, minSupplyV: openV, endedMs: null };
  }

  /**
   * Plans the bolt's travel from where it is now, driven `drive`, under the mechanism, door and
   * pack as they are now, and starts it; returns the pack's open-circuit voltage it was planned on.
   */
  private planRun(drive: "cw" | "ccw"): number {
    const e = this.electrics();
    const segments = planMotion(
      this.boltMm,
      drive === this.extendDrive ? BOLT_THROW_MM : 0,
      this.mech,
      this.doorClosed,
      e.openV,
      e.seriesOhm,
      this.temperatureC,
    );
    // Without its spring the clutch slips out again after this run.
    if (this.mech.clutchSpringBroken && this.mech.clutchEngaged)
      this.mechanism = mechanism({ ...this.mech, clutchEngaged: false });
    this.motion = { drive, segments, index: -1, segmentStartMs: this.clock.nowMs, event: undefined };
    // Reported after the firmware's own step has finished (ports are called mid-step).
    this.motion.event = this.clock.after(0, LockTwin.motionStarts, this);
    return e.openV;
  }

  /**
   * The clock's events for a motor run: functions made once, called with the twin, so a run
   * schedules no closures. A replaced or stopped run has had its event cancelled.
   */
  private static motionStarts(this: void, twin: LockTwin): void {
    if (twin.motion?.index === -1) twin.enterSegment(0);
  }

  private static drainedFlat(this: void, twin: LockTwin): void {
    if (twin.powered && twin.packRestV() < BROWN_OUT_V) twin.powerOff();
  }

  private static segmentEnds(this: void, twin: LockTwin): void {
    twin.segmentDone();
  }

  private enterSegment(index: number): void {
    const m = this.motion;
    const seg = m?.segments[index];
    if (!m || !seg || !this.cells) return;
    m.index = index;
    m.segmentStartMs = this.clock.nowMs;
    const e = this.electrics();
    const supplyV = e.openV - seg.currentA * e.seriesOhm; // at the board, after cells and contacts
    if (this.lastRun) {
      this.lastRun.peakCurrentA = Math.max(this.lastRun.peakCurrentA, seg.currentA);
      this.lastRun.minSupplyV = Math.min(this.lastRun.minSupplyV, supplyV);
    }
    if (supplyV < BROWN_OUT_V) return this.brownOut();
    if (!this.powered) return;
    if (index === 0 && seg.speedMmS > 0 && this.sensorReading() !== "between") {
      this.boltMm += seg.toMm > seg.fromMm ? 0.02 : -0.02; // it has left the end switch
      this.firmware.dispatch(AT_POSITION.between);
    }
    this.firmware.dispatch(motorCurrentEvent(Math.round(seg.currentA * 1000), supplyV));
    if (seg.speedMmS === 0) return; // stalled (or spinning free): stays until told to stop
    const ms = segmentMs(seg);
    m.event = this.clock.after(ms, LockTwin.segmentEnds, this);
  }

  private segmentDone(): void {
    const m = this.motion;
    const seg = m?.segments[m.index];
    if (!m || !seg) return;
    this.spend(seg.currentA * 1000, (this.clock.nowMs - m.segmentStartMs) / 1000);
    this.boltMm = seg.toMm;
    m.segmentStartMs = this.clock.nowMs;
    if (m.index + 1 < m.segments.length) return this.enterSegment(m.index + 1);
    // At the end of travel the motor pushes into the stop: the switch closes.
    m.index = m.segments.length; // no segment: not moving
    if (this.powered) this.firmware.dispatch(AT_POSITION[this.sensorReading()]);
  }

  /** The run goes on from where the bolt is now under the mechanism as it is now (a motor that fails mid-throw stops the bolt). */
  private replanMotion(): void {
    const m = this.motion;
    if (!m || m.index >= m.segments.length || !this.cells) return; // at the end of travel: nothing left to plan
    const drive = m.drive;
    this.stopMotion();
    this.planRun(drive);
    if (this.lastRun) this.lastRun.endedMs = null; // the same run
  }

  private stopMotion(): void {
    const m = this.motion;
    if (!m) return;
    this.clock.cancel(m.event);
    const seg = m.segments[m.index];
    if (seg) {
      this.boltMm = this.currentBoltMm();
      this.spend(seg.currentA * 1000, (this.clock.nowMs - m.segmentStartMs) / 1000);
    }
    if (this.lastRun) this.lastRun.endedMs = this.clock.nowMs;
    this.motion = null;
  }

  // ---- the ports the firmware sees ----

  /**
   * The firmware's ports as methods on one small object per lock, not a dozen closures: a
   * fleet keeps a thousand locks alive, and tsx's keepNames turns every named closure into a
   * dictionary-mode function of ~250 bytes (issue 4: ≤ 4 KB a lock). Nested in the class so
   * it may reach the twin's private parts.
   */
  private static readonly Ports = class implements FirmwarePorts {
    private readonly twin: LockTwin;

    constructor(twin: LockTwin) {
      this.twin = twin;
    }

    // Each port is this object (getters on the prototype, so no field per lock).
    get clock(): this {
      return this;
    }
    get motor(): this {
      return this;
    }
    get indicator(): this {
      return this;
    }
    get battery(): this {
      return this;
    }
    get radio(): this {
      return this;
    }
    get history(): this {
      return this;
    }
    get store(): NonVolatileMemory {
      return this.twin.nvm;
    }

    nowMs(): number {
      return this.twin.clock.nowMs;
    }

    startTimer(name: TimerName, delayMs: number, fire: (name: TimerName) => void): void {
      const twin = this.twin;
      // The pending event, found by the timer's name (no other event of the twin's clock carries
      // a string), moves: one heap slot per named timer; one that has run is scheduled anew. It
      // calls the firmware's one `fire` with the name: no closure per start.
      twin.timerRun = fire;
      twin.clock.rescheduleKeyed(name, twin.clock.nowMs + Math.max(0, delayMs), fire);
    }

    cancelTimer(name: TimerName): void {
      this.twin.clock.cancelKeyed(name);
    }

    drive(drive: MotorDrive): void {
      this.twin.drive(drive);
    }

    show(signal: Signal, name: SignalName | "procedure"): void {
      const twin = this.twin;
      twin.signals.push({ atMs: twin.clock.nowMs, name, signal });
      twin.spend(signalChargeMaS(signal), 1);
    }

    measureRestV(): number {
      const restV = this.twin.packRestV();
      // A pack that drained below the brown-out while the lock sat idle cannot keep the
      // electronics up (B-PWR-4): the lock goes dark now, not at its next motor run.
      if (restV < BROWN_OUT_V) this.twin.clock.after(0, LockTwin.drainedFlat, this.twin);
      return restV;
    }

    measureTemperatureC(): number {
      return this.twin.temperatureC;
    }

    send(report: RadioReport): void {
      this.twin.transmit(report);
    }

    append(entry: HistoryEntry): void {
      this.twin.history.push(entry);
    }

    get entropy(): this {
      return this;
    }

    randomBytes(count: number): Uint8Array {
      return this.twin.drawSecretBytes(count);
    }
  };
}

/** How long a moving segment of a motor run lasts, ms (a run resumed after a restart re-arms its end from it). */
function segmentMs(seg: MotionSegment): number {
  return (Math.abs(seg.toMm - seg.fromMm) / seg.speedMmS) * 1000;
}
