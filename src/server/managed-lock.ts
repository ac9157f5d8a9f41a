/**
 * One lock the server runs for the web app: the twin, what the person knows about it, its
 * pacing (paused, real time, ×10, ×60), telemetry and the faults and fixes applied. Every
 * action a person can take at the page is a method here; a request the lock cannot take
 * throws an HttpError before anything is changed, so a bad request leaves the lock as it was.
 */
import type { KeyName } from "../core/keys.ts";
import { profileHasKey } from "../core/profile-types.ts";
import { BOLT_THROW_MM } from "../twin/bolt-mechanism.ts";
import type { PackKind } from "../twin/battery-pack.ts";
import { applyFix, injectFault, packForFault } from "../twin/faults.ts";
import { isFaultId, isFixId } from "../twin/fault-ids.ts";
import type { FixId } from "../twin/fault-ids.ts";
import type { LockTwin } from "../twin/lock-twin.ts";
import { markNow, observe } from "../twin/observe-lock.ts";
import type { PersonKnowledge } from "../twin/person-actions.ts";
import type { Person } from "../twin/person.ts";
import type { TwinOutcome } from "../twin/twin-outcome.ts";
import type {
  DoorBody,
  FaultBody,
  FixBody,
  KeyActionBody,
  LockSnapshot,
  PackBody,
  ProfileSummary,
  Speed,
  TurnBody,
} from "./api-schemas.ts";
import { HttpError } from "./http-error.ts";
import { summarizeProfile } from "./profile-summary.ts";
import { TelemetryRecorder } from "./telemetry-recorder.ts";

/** How much of the lock's past a snapshot carries. */
const SNAPSHOT_SIGNALS = 40;
const SNAPSHOT_HISTORY = 100;
const FAULT_LOG = 30;
/** A tap from a keyboard or a screen reader keeps the key down this long (lock time). */
const TAP_MS = 120;
/** Guards against an event loop that keeps rescheduling at the same instant. */
const MAX_EVENTS_PER_STEP = 100_000;

export interface FaultLogEntry {
  readonly atMs: number;
  readonly kind: "fault" | "fix";
  readonly id: string;
  readonly ok: boolean;
  readonly reason?: string;
}

export class ManagedLock {
  readonly id: string;
  name: string;
  readonly twin: LockTwin;
  readonly profile: ProfileSummary;
  speed: Speed = 1;
  private person: PersonKnowledge;
  private packKind: PackKind | null;
  private readonly telemetry = new TelemetryRecorder();
  private readonly faultLog: FaultLogEntry[] = [];
  /** Lock time owed by the pacer below one millisecond. */
  private carryMs = 0;
  private lastKey = "";
  private codesHigh = 0;

  constructor(opts: {
    id: string;
    name: string;
    twin: LockTwin;
    person: PersonKnowledge;
    packKind: PackKind;
  }) {
    this.id = opts.id;
    this.name = opts.name;
    this.twin = opts.twin;
    this.person = opts.person;
    this.packKind = opts.packKind;
    this.profile = summarizeProfile(opts.twin.profile);
    this.telemetry.sample(this.twin);
    this.lastKey = this.changeKey();
    this.noteCodes();
  }

  // ---- time ----

  /** Lets `realMs` of wall time pass at the lock's speed (the pacer calls this). */
  pace(realMs: number): void {
    if (this.speed === 0) return;
    const due = realMs * this.speed + this.carryMs;
    const whole = Math.floor(due);
    this.carryMs = due - whole;
    if (whole > 0) this.advance(whole);
  }

  /** Runs the lock's clock `ms` forward, event by event, sampling telemetry at each. */
  advance(ms: number): void {
    const clock = this.twin.clock;
    const target = clock.nowMs + ms;
    for (let i = 0; i < MAX_EVENTS_PER_STEP; i++) {
      const next = clock.nextEventMs();
      if (next === null || next > target) break;
      this.twin.advance(next - clock.nowMs);
      this.telemetry.sample(this.twin);
    }
    if (target > clock.nowMs) this.twin.advance(target - clock.nowMs);
    this.telemetry.sample(this.twin);
  }

  setSpeed(speed: Speed): void {
    this.speed = speed;
    this.carryMs = 0;
  }

  /**
   * True when something a person can see has changed since the last call (time alone does
   * not count): the pacer uses it to decide what to broadcast.
   */
  takeChanged(): boolean {
    const key = this.changeKey();
    if (key === this.lastKey) return false;
    this.lastKey = key;
    return true;
  }

  private changeKey(): string {
    const t = this.twin;
    const o = observe(t, markNow(t));
    const run = this.telemetry.lastRun;
    return [
      t.signals.length,
      t.history.length,
      o.bolt,
      t.boltMm.toFixed(1),
      o.reported,
      o.keypad,
      o.handed,
      o.codes,
      o.battery,
      t.powered,
      t.motorStarts,
      run?.samples.length ?? 0,
      run?.endedMs ?? -1,
      this.telemetry.packV.length,
      [...t.heldKeys].join(","),
    ].join("|");
  }

  // ---- what a person does ----

  key(body: KeyActionBody): void {
    const key: KeyName = body.key;
    if (!profileHasKey(this.twin.profile, key)) {
      throw new HttpError("key.absent", `${this.twin.profile.name} has no "${key}" key`);
    }
    if (body.action === "press") this.twin.pressKey(key);
    else if (body.action === "release") this.twin.releaseKey(key);
    else {
      this.twin.pressKey(key);
      this.advance(TAP_MS);
      this.twin.releaseKey(key);
    }
    this.settle();
  }

  pack(body: PackBody): void {
    const inserted = this.packInserted();
    if (body.action === "remove") {
      if (!inserted) throw new HttpError("pack.removed", "the pack is already out");
      this.twin.removePack();
    } else if (body.action === "insert") {
      if (inserted) throw new HttpError("pack.inserted", "the pack is already in: take it out first");
      this.twin.insertPack();
    } else {
      this.twin.replacePack(body.kind);
      this.packKind = body.kind;
    }
    this.settle();
  }

  door(body: DoorBody): void {
    this.twin.setDoor(body.closed);
    this.settle();
  }

  turn(body: TurnBody): void {
    this.twin.turnByHand(body.direction, body.by);
    this.settle();
  }

  /** A command over the radio; false when it was lost (no power, link down). */
  remote(command: "lock" | "unlock"): boolean {
    if (this.twin.profile.radio === null) {
      throw new HttpError("radio.absent", `${this.twin.profile.name} has no radio`);
    }
    const delivered = this.twin.radio({ type: command });
    this.settle();
    return delivered;
  }

  fault(body: FaultBody): void {
    const id = body.fault;
    if (!isFaultId(id)) throw new HttpError("fault.unknown", `unknown fault "${id}": it is not in FAULTS.md`);
    const wasIn = this.packInserted();
    const r = injectFault(this.twin, id);
    // A refused fault changed nothing, and is not logged: the lock stays exactly as it was.
    if (!r.ok) throw new HttpError("fault.unsupported", r.reason);
    this.log({ kind: "fault", id, ok: true });
    const pack = packForFault(id);
    if (pack && wasIn) this.packKind = pack;
    this.settle();
  }

  fix(body: FixBody): void {
    const id = body.fix;
    if (!isFixId(id)) throw new HttpError("fix.unknown", `unknown fix "${id}": it is not in FAULTS.md`);
    if (body.programmingCode !== undefined)
      this.person = { ...this.person, programmingCode: body.programmingCode };
    const r = this.applyAndLog(id);
    if (!r.ok) throw new HttpError("fix.refused", r.reason);
  }

  /** A fix with the person's hands and knowledge, logged like any other; the twin's answer. */
  applyAndLog(id: FixId): TwinOutcome {
    const r = applyFix(this.twin, id, this.person);
    this.log({ kind: "fix", id, ok: r.ok, ...(r.ok ? {} : { reason: r.reason }) });
    this.settle();
    if (r.ok && id === "replace-batteries") this.packKind = "fresh";
    if (r.ok && id === "reseat-batteries" && this.packKind === "reversed") this.packKind = "fresh";
    return r;
  }

  /**
   * What the person at this lock knows (their code, the programming code), the object the
   * fixes update: the troubleshooter's simulated person works the lock with it.
   */
  get personKnows(): Person {
    return this.person;
  }

  /** The person says which user code they type (the troubleshooter's start form). */
  learnCode(code: string): void {
    if (this.person.code === code && this.person.typed === undefined) return;
    this.person = { ...this.person, code };
    delete this.person.typed;
  }

  /**
   * Something done to the twin directly in lock time (a troubleshooting test), then the
   * lock settles and its telemetry is sampled as after any action.
   */
  handsOn<T>(work: (twin: LockTwin, person: Person) => T): T {
    try {
      return work(this.twin, this.person);
    } finally {
      this.settle();
    }
  }

  private log(e: Omit<FaultLogEntry, "atMs">): void {
    this.faultLog.push({ atMs: this.twin.clock.nowMs, ...e });
    if (this.faultLog.length > FAULT_LOG) this.faultLog.shift();
  }

  /** Runs what the action set going at this instant (a motor start is scheduled at +0 ms). */
  private settle(): void {
    this.advance(0);
    this.noteCodes();
  }

  /**
   * How many user codes the household has set on this lock, as they remember it: the most
   * the lock has held (a code that vanished is still one they expect to work). The
   * troubleshooter compares it with what the lock reports (a wiped code, B-CARE-5).
   */
  get householdCodes(): number {
    this.noteCodes();
    return this.codesHigh;
  }

  private noteCodes(): void {
    const stored = this.twin.persistent()?.codes.filter((c) => c !== null).length ?? 0;
    this.codesHigh = Math.max(this.codesHigh, stored);
  }

  // The twin's public fields, read where the listed entry points say nothing (see docs/web.md).
  private packInserted(): boolean {
    return this.twin.cells !== null;
  }

  // ---- what the page sees ----

  snapshot(rev: number): LockSnapshot {
    const t = this.twin;
    const o = observe(t, markNow(t));
    const firstSignal = Math.max(0, t.signals.length - SNAPSHOT_SIGNALS);
    const run = this.telemetry.lastRun;
    return {
      rev,
      id: this.id,
      name: this.name,
      profile: this.profile,
      nowMs: t.clock.nowMs,
      speed: this.speed,
      bolt: o.bolt,
      boltMm: t.boltMm,
      boltThrowMm: BOLT_THROW_MM,
      reported: o.reported,
      keypad: o.keypad,
      handed: o.handed,
      codes: o.codes,
      battery: o.battery,
      lastEvent: o.lastEvent ? { ...o.lastEvent } : null,
      powered: t.powered,
      pack: {
        inserted: this.packInserted(),
        kind: this.packKind,
        restV: Math.round(o.packRestV * 1000) / 1000,
      },
      doorClosed: t.doorClosed,
      heldKeys: [...t.heldKeys],
      temperatureC: t.temperatureC,
      clutch: t.mech.clutchEngaged ? "engaged" : "disengaged",
      radioOnline: t.radioOnline,
      signalCount: t.signals.length,
      signals: t.signals.slice(firstSignal).map((s, i) => ({
        seq: firstSignal + i + 1,
        atMs: s.atMs,
        name: s.name,
        green: s.signal.green ?? 0,
        red: s.signal.red ?? 0,
        amber: s.signal.amber ?? 0,
        beeps: s.signal.beeps ?? 0,
        longBeeps: s.signal.longBeeps ?? 0,
      })),
      history: t.history.slice(-SNAPSHOT_HISTORY).map((h) => ({
        atMs: h.atMs,
        kind: h.kind,
        source: h.source,
        ...(h.slot === undefined ? {} : { slot: h.slot }),
        ...(h.detail === undefined ? {} : { detail: h.detail }),
      })),
      faultLog: this.faultLog.map((e) => ({ ...e })),
      telemetry: {
        packV: this.telemetry.packV.map((p) => ({ ...p })),
        lastRun: run ? { ...run, samples: run.samples.map((s) => ({ ...s })) } : null,
      },
    };
  }
}
