/**
 * The thin shell around the reducer: it keeps the state, turns port callbacks into events,
 * and carries effects out through the ports (STYLE.md rule 2). Events raised while effects
 * run (a battery reading asked for by `battery.measure`) are queued, never nested.
 */
import type { CoreEffect } from "./effects.ts";
import type { BoltPosition, CoreEvent } from "./events.ts";
import type { KeyName } from "./keys.ts";
import type { LockProfile } from "./profile-types.ts";
import type { CoreState, TimerName } from "./state.ts";
import type { FirmwarePorts } from "./ports/firmware-ports.ts";
import { changesNothing, stepInPlace, stepInto } from "./step.ts";
import type { Mutable } from "./step-context.ts";
import { TIMER_NAMES, ownedCopy, timerIndex } from "./step-context.ts";
import { NO_TIMERS, unpoweredState } from "./factory-state.ts";
import { batterySampleEvent, timerEvent } from "./event-shape.ts";
import { commitRecord, readLatestRecord } from "./storage/record-slots.ts";
import { decodePersistent, encodePersistent } from "./storage/persistent-codec.ts";
import { DEVICE_SECRET_BYTES, deviceSecretFromBytes } from "./security/device-secret.ts";

/**
 * One event per timer name, made once, in the order of `timerIndex`: a timer firing carries
 * nothing else (events are read-only).
 */
const TIMER_EVENTS: readonly CoreEvent[] = Object.freeze(TIMER_NAMES.map(timerEvent));

/**
 * Effect lists reused from step to step, one per depth of nesting: carrying out an effect may
 * (through a host) make another lock's firmware step before this one's list is done, so that
 * one takes the next list. A list is emptied by popping, which keeps its capacity (`length = 0`
 * gives it a new backing store each time).
 */
const effectLists: CoreEffect[][] = [];
let effectDepth = 0;

function takeEffectList(): CoreEffect[] {
  const list = effectLists[effectDepth] ?? (effectLists[effectDepth] = []);
  effectDepth++;
  return list;
}

function releaseEffectList(list: CoreEffect[]): void {
  emptyKeepingCapacity(list);
  effectDepth--;
}

/**
 * Queues for events raised while a firmware carries out its effects, taken the same way, one
 * per depth of nesting, for as long as that firmware is draining: a firmware holds no list of
 * its own between dispatches (a fleet keeps ten thousand firmwares, issue 17).
 */
const eventQueues: CoreEvent[][] = [];
let queueDepth = 0;

function emptyKeepingCapacity(list: unknown[]): void {
  while (list.length > 0) list.pop();
}

export interface FirmwareOptions {
  /**
   * Steps change the firmware's own state in place (`stepInPlace`) instead of making a new one
   * each time: the same transitions and effects, without allocating (issue 17). Then `state`
   * is a live view — read it, don't keep it — so only a shell whose readers never keep it
   * (a fleet simulation) turns this on; tests, the host and the server step purely.
   */
  readonly inPlace?: boolean;
}

export class LockFirmware {
  readonly profile: LockProfile;
  private readonly ports: FirmwarePorts;
  private current: CoreState;
  /**
   * In-place mode: the state this firmware copied for itself and changes step by step, null
   * until it has one; undefined when the firmware steps purely (one field, not two: issue 17's
   * ≤ 4 KB a fleet lock).
   */
  private owned: Mutable<CoreState> | null | undefined;
  /** Events raised while this firmware's effects run (one of eventQueues), or null when not draining. */
  private queue: CoreEvent[] | null = null;
  /** What the clock calls when a named timer comes due: one function for every timer, made once. */
  private readonly timerFired: (name: TimerName) => void;

  constructor(profile: LockProfile, ports: FirmwarePorts, options: FirmwareOptions = {}) {
    this.profile = profile;
    this.ports = ports;
    this.current = unpoweredState(profile);
    this.owned = options.inPlace === true ? null : undefined;
    // Assigned here, not as a field initialiser: a named closure costs ~250 bytes more per
    // lock under tsx's keepNames (bench/, issue 17: ≤ 4 KB a fleet lock).
    this.timerFired = (name) => this.dispatch(TIMER_EVENTS[timerIndex(name)] as CoreEvent);
  }

  get state(): CoreState {
    return this.current;
  }

  /** Power arrives: read the store (B-PWR-8) and start. */
  powerUp(
    heldKeys: readonly KeyName[],
    boltPosition: BoltPosition,
    doorClosed?: boolean,
    resetCause: "power-on" | "brown-out" = "power-on",
  ): void {
    const record = readLatestRecord(this.ports.store);
    const stored = record ? decodePersistent(record.payload, this.profile.codes.capacity) : null;
    // Nothing stored: the lock is being made, and needs its own secret (B-SEC-7).
    const freshSecret =
      stored === null
        ? deviceSecretFromBytes(this.ports.entropy.randomBytes(DEVICE_SECRET_BYTES))
        : undefined;
    const restV = this.ports.battery.measureRestV();
    const temperatureC = this.ports.battery.measureTemperatureC?.();
    this.dispatch({
      type: "power.up",
      stored,
      ...(freshSecret === undefined ? {} : { freshSecret }),
      heldKeys,
      boltPosition,
      restV,
      resetCause,
      ...(temperatureC === undefined ? {} : { temperatureC }),
      ...(doorClosed === undefined ? {} : { doorClosed }),
    });
  }

  /**
   * Carries on from a state captured earlier (a host that restarted): the state is taken as
   * it was and its pending timers are armed again at their due times, so a lockout or an
   * auto-lock in progress ends when it would have. The store stays the truth for what is
   * persistent: a record written after the capture wins.
   */
  resume(state: CoreState): void {
    const record = readLatestRecord(this.ports.store);
    const stored = record ? decodePersistent(record.payload, this.profile.codes.capacity) : null;
    this.current = stored ? { ...state, persistent: stored } : state;
    const now = this.ports.clock.nowMs();
    for (const name of Object.keys(state.timers) as TimerName[]) {
      const due = state.timers[name];
      if (due === undefined) continue;
      this.ports.clock.startTimer(name, Math.max(0, due - now), this.timerFired);
    }
  }

  /** Power is gone: everything but the store is lost, and no timer will fire. */
  powerDown(): void {
    for (const name of Object.keys(this.current.timers)) this.ports.clock.cancelTimer(name as never);
    this.current = {
      ...this.current,
      powered: false,
      timers: NO_TIMERS,
      run: null,
      session: null,
      entry: null,
    };
    if (this.queue) emptyKeepingCapacity(this.queue);
  }

  dispatch(event: CoreEvent): void {
    if (this.queue) {
      this.queue.push(event); // raised while effects run: handled after them, never nested
      return;
    }
    // A step that changes nothing gives no effects: no need to take a queue or read the clock
    // (a fleet lock's key releases, 11 a lock-day, issue 17).
    if (changesNothing(this.current, event)) return;
    const queue = eventQueues[queueDepth] ?? (eventQueues[queueDepth] = []);
    queueDepth++;
    this.queue = queue;
    try {
      this.apply(event);
      for (let i = 0; i < queue.length; i++) this.apply(queue[i] as CoreEvent);
    } finally {
      emptyKeepingCapacity(queue);
      this.queue = null;
      queueDepth--;
    }
  }

  private apply(event: CoreEvent): void {
    const effects = takeEffectList();
    try {
      const now = this.ports.clock.nowMs();
      let s = this.owned;
      if (s === undefined) this.current = stepInto(this.profile, this.current, event, now, effects);
      else {
        // A state set from outside (power down, resume) is copied once, then changed in place.
        if (s !== this.current) this.current = s = this.owned = ownedCopy(this.current);
        stepInPlace(this.profile, s, event, now, effects);
      }
      for (let i = 0; i < effects.length; i++) this.carryOut(effects[i] as CoreEffect);
    } finally {
      releaseEffectList(effects);
    }
  }

  private carryOut(effect: CoreEffect): void {
    const p = this.ports;
    switch (effect.type) {
      case "motor":
        return p.motor.drive(effect.drive);
      case "signal":
        return p.indicator.show(effect.signal, effect.name);
      case "timer.start":
        return p.clock.startTimer(effect.name, effect.ms, this.timerFired);
      case "timer.cancel":
        return p.clock.cancelTimer(effect.name);
      case "store.commit":
        return commitRecord(p.store, encodePersistent(effect.state));
      case "radio.report":
        return p.radio.send(effect.report);
      case "history":
        return p.history.append(effect.entry);
      case "battery.measure": {
        const t = p.battery.measureTemperatureC?.();
        const restV = p.battery.measureRestV();
        this.dispatch(batterySampleEvent(restV, t));
        return;
      }
    }
  }
}
