/**
 * A test double for the core alone: drives `step` directly with ideal hardware (a bolt
 * that reaches its end after a fixed travel time, a fixed pack voltage, a byte store) and
 * its own list of named timers, so core tests and property tests run without the twin and
 * stay deterministic. Pure TypeScript, like the core.
 */
import type { CoreEffect } from "../effects.ts";
import type { BoltPosition, CoreEvent } from "../events.ts";
import type { KeyName } from "../keys.ts";
import type { LockEvent, RadioCommand, RadioResult } from "../radio-types.ts";
import type { LockProfile } from "../profile-types.ts";
import type { CoreState, PersistentState, TimerName } from "../state.ts";
import type { Step } from "../step.ts";
import { createStep } from "../step.ts";
import { factoryPersistentState, unpoweredState } from "../factory-state.ts";
import { checkNewCode, withSlot } from "../code-book.ts";
import type { DeviceSecret } from "../security/device-secret.ts";
import { deviceSecretFromBytes } from "../security/device-secret.ts";

/** The secret of every simulated lock (the bytes 00 11 22 … ff): core tests repeat exactly. */
export const TEST_SECRET: DeviceSecret = deviceSecretFromBytes(
  Uint8Array.from({ length: 16 }, (_, i) => i * 0x11),
);

export interface SimulatedLockOptions {
  readonly codes?: readonly string[];
  readonly programmingCode?: string;
  readonly handed?: boolean;
  readonly restV?: number;
  readonly settings?: Readonly<Record<string, number | boolean>>;
  readonly paired?: boolean;
  /** Bolt travel time of the ideal motor. */
  readonly travelMs?: number;
  /** The bolt cannot move (a jam): the motor draws stall current. */
  readonly blocked?: boolean;
  /** The reducer to drive (default: `createStep(profile)`); a test may wrap it to watch every step. */
  readonly step?: Step;
}

export class SimulatedLock {
  readonly profile: LockProfile;
  readonly step: Step;
  state: CoreState;
  nowMs = 0;
  readonly effects: CoreEffect[] = [];
  /** Physical bolt: "cw" extends on this door. */
  bolt: BoltPosition = "ccw-end";
  blocked: boolean;
  restV: number;
  private readonly travelMs: number;
  private timers = new Map<TimerName, number>();
  private motorArrival: { atMs: number; position: BoltPosition } | null = null;

  constructor(profile: LockProfile, opts: SimulatedLockOptions = {}) {
    this.profile = profile;
    this.step = opts.step ?? createStep(profile);
    this.state = unpoweredState(profile);
    this.travelMs = opts.travelMs ?? 400;
    this.blocked = opts.blocked ?? false;
    this.restV = opts.restV ?? 6.4;
    const stored = SimulatedLock.persistent(profile, opts);
    this.dispatch({ type: "power.up", stored, heldKeys: [], boltPosition: this.bolt, restV: this.restV });
  }

  /** A persistent state with these codes (slot 1, 2, …), under the profile's rules. */
  static persistent(profile: LockProfile, opts: SimulatedLockOptions): PersistentState {
    let p = factoryPersistentState(profile, TEST_SECRET);
    if (opts.programmingCode !== undefined) {
      const c = checkNewCode(
        profile,
        { ...p, programmingCode: null },
        opts.programmingCode,
        "programming",
        null,
      );
      if (!c.ok) throw new Error(c.reason);
      p = { ...p, programmingCode: c.stored };
    }
    (opts.codes ?? []).forEach((code, i) => {
      const c = checkNewCode(profile, p, code, "user", i);
      if (!c.ok) throw new Error(c.reason);
      p = withSlot(p, i + 1, c.stored);
    });
    return {
      ...p,
      handing: opts.handed === false ? null : "cw",
      settings: { ...p.settings, ...opts.settings },
      paired: opts.paired ?? profile.radio !== null,
    };
  }

  dispatch(event: CoreEvent): CoreEffect[] {
    const r = this.step(this.state, event, this.nowMs);
    this.state = r.state;
    this.effects.push(...r.effects);
    for (const e of r.effects) this.apply(e);
    return [...r.effects];
  }

  private apply(e: CoreEffect): void {
    if (e.type === "timer.start") this.timers.set(e.name, this.nowMs + e.ms);
    else if (e.type === "timer.cancel") this.timers.delete(e.name);
    else if (e.type === "motor") {
      if (e.drive === "stop") {
        this.motorArrival = null;
        return;
      }
      const goal: BoltPosition = e.drive === "cw" ? "cw-end" : "ccw-end";
      this.motorArrival =
        this.blocked || goal === this.bolt ? null : { atMs: this.nowMs + this.travelMs, position: goal };
      // Report a current: running, or the stall current of a blocked bolt (V / R).
      const currentMa = this.blocked
        ? Math.round((this.restV * 1000) / this.profile.bolt.motorOhm)
        : e.drive === "cw"
          ? 450
          : 150;
      this.queued.push({ type: "motor.current", currentMa, supplyV: this.restV });
    } else if (e.type === "battery.measure") this.queued.push({ type: "battery.sample", restV: this.restV });
  }

  private queued: CoreEvent[] = [];

  private drainQueued(): void {
    while (this.queued.length > 0) {
      const e = this.queued.shift();
      if (e) this.dispatch(e);
    }
  }

  /** Lets time pass, firing timers and motor arrivals in order. */
  advance(ms: number): void {
    const until = this.nowMs + ms;
    this.drainQueued();
    for (;;) {
      let next: { at: number; fire: () => void } | null = null;
      for (const [name, at] of this.timers) {
        if (at <= until && (!next || at < next.at)) next = { at, fire: () => this.fireTimer(name) };
      }
      const arrival = this.motorArrival;
      if (arrival && arrival.atMs <= until && (!next || arrival.atMs <= next.at)) {
        next = {
          at: arrival.atMs,
          fire: () => {
            this.motorArrival = null;
            this.bolt = arrival.position;
            this.dispatch({ type: "bolt.position", position: arrival.position });
          },
        };
      }
      if (!next) break;
      this.nowMs = next.at;
      next.fire();
      this.drainQueued();
    }
    this.nowMs = until;
  }

  private fireTimer(name: TimerName): void {
    this.timers.delete(name);
    this.dispatch({ type: "timer", name });
  }

  press(key: KeyName): void {
    this.dispatch({ type: "key.down", key });
    this.advance(250);
    this.dispatch({ type: "key.up", key });
    this.advance(250);
  }

  /** Presses each token: digits one by one, and the named keys. */
  keys(sequence: string): void {
    for (const token of sequence.split(/\s+/).filter(Boolean)) {
      if (/^[0-9]+$/.test(token)) for (const d of token) this.press(d as KeyName);
      else this.press(token as KeyName);
    }
  }

  /** Turns the bolt by hand (key or thumbturn). */
  turn(to: "extended" | "retracted", by: "key" | "thumbturn"): void {
    this.bolt = to === "extended" ? "cw-end" : "ccw-end";
    this.dispatch({ type: "bolt.position", position: this.bolt, by });
  }

  powerCycle(heldKeys: readonly KeyName[] = []): void {
    this.timers.clear();
    this.motorArrival = null;
    this.queued = [];
    this.dispatch({
      type: "power.up",
      stored: this.state.persistent,
      heldKeys,
      boltPosition: this.bolt,
      restV: this.restV,
    });
  }

  private requests = 0;

  /** Sends a radio command with a new request id, and returns the id. */
  radio(command: RadioCommand): string {
    const requestId = `req-${++this.requests}`;
    this.dispatch({ type: "radio.command", command, requestId });
    return requestId;
  }

  /** The results that answer a request (one, once answered). */
  resultsFor(requestId: string): RadioResult[] {
    return this.effectsOf("radio.report")
      .map((e) => e.report)
      .filter((r): r is RadioResult => r.type === "result" && r.requestId === requestId);
  }

  /** Events the lock reported since effect index `from`. */
  radioEvents(from = 0): LockEvent[] {
    const out: LockEvent[] = [];
    for (const e of this.effectsOf("radio.report", from))
      if (e.report.type === "event") out.push(e.report.event);
    return out;
  }

  /** Effects since index `from`, of one type. */
  effectsOf<T extends CoreEffect["type"]>(type: T, from = 0): Extract<CoreEffect, { type: T }>[] {
    return this.effects.slice(from).filter((e): e is Extract<CoreEffect, { type: T }> => e.type === type);
  }

  /** Signal totals since effect index `from`. */
  signalsSince(from: number): {
    green: number;
    red: number;
    amber: number;
    beeps: number;
    longBeeps: number;
  } {
    const t = { green: 0, red: 0, amber: 0, beeps: 0, longBeeps: 0 };
    for (const e of this.effectsOf("signal", from)) {
      t.green += e.signal.green ?? 0;
      t.red += e.signal.red ?? 0;
      t.amber += e.signal.amber ?? 0;
      t.beeps += e.signal.beeps ?? 0;
      t.longBeeps += e.signal.longBeeps ?? 0;
    }
    return t;
  }

  get isExtended(): boolean {
    return this.bolt === "cw-end";
  }
}
