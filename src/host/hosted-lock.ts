/**
 * One lock the host runs: the twin, what the person at it knows, its pace (paused, real
 * time, ×10, ×60), telemetry and the faults and fixes applied. Every action a person can take
 * is a method here; an action the lock cannot take throws a HostRefusal before anything is
 * changed (the host turns it into an outcome), so a refused request leaves the lock as it was.
 *
 * Time is lazy: a paced lock remembers the wall instant its clock was last brought up to date
 * (its anchor) and catches up when it is looked at, acted on, or when its next clock event
 * falls due (the host arms one wall timer per lock for that). An idle lock costs no work.
 */
import { profileHasKey } from "../core/profile-types.ts";
import type { RadioCommand, RadioReport } from "../core/radio-types.ts";
import type { HistoryEntry } from "../core/history.ts";
import type { PackKind } from "../twin/battery-pack.ts";
import { applyFix, injectFault, packForFault } from "../twin/faults.ts";
import { isFaultId, isFixId } from "../twin/fault-ids.ts";
import type { FixId } from "../twin/fault-ids.ts";
import type { LockTwin, RadioDelivery } from "../twin/lock-twin.ts";
import type { PersonKnowledge } from "../twin/person-actions.ts";
import type { Person } from "../twin/person.ts";
import type { TwinOutcome } from "../twin/twin-outcome.ts";
import type {
  DoorAction,
  FaultAction,
  FixAction,
  KeyAction,
  PackAction,
  Speed,
  TurnAction,
} from "./lock-actions.ts";
import type { PairingAccount } from "./lock-pairing.ts";
import { planPairing, planRemoval } from "./lock-pairing.ts";
import { HostRefusal } from "./outcome.ts";
import { TelemetryRecorder } from "./telemetry-recorder.ts";

/** A tap from a keyboard or a screen reader keeps the key down this long (lock time). */
const TAP_MS = 120;
/** Guards against an event loop that keeps rescheduling at the same instant. */
const MAX_EVENTS_PER_STEP = 100_000;
/** What of the lock's past stays in memory (the rest is in the host's database). */
export const KEPT_SIGNALS = 200;
export const KEPT_HISTORY = 200;
const FAULT_LOG = 30;
/** Fixes that erase what the owner set up: done only with `confirmErase: true`. */
const ERASING_FIXES: ReadonlySet<FixId> = new Set(["factory-reset"]);

export interface FaultLogEntry {
  readonly atMs: number;
  readonly kind: "fault" | "fix";
  readonly id: string;
  readonly ok: boolean;
  readonly reason?: string;
}

/** What a hosted lock keeps beside its twin, as plain data (stored with the twin's state). */
export interface HostedLockRecord {
  readonly id: string;
  readonly name: string;
  readonly createdWallMs: number;
  readonly speed: Speed;
  readonly anchorWallMs: number;
  readonly anchorLockMs: number;
  readonly packKind: PackKind | null;
  readonly person: PersonKnowledge;
  readonly faultLog: readonly FaultLogEntry[];
  readonly codesHigh: number;
  readonly historyCount: number;
  readonly signalsDropped: number;
}

/** Told after every batch of work on the lock (an action, or clock events that fell due). */
export interface HostedLockListener {
  changed(
    lock: HostedLock,
    batch: { history: readonly HistoryEntry[]; reports: readonly RadioReport[] },
  ): void;
}

export class HostedLock {
  readonly id: string;
  name: string;
  readonly twin: LockTwin;
  readonly createdWallMs: number;
  speed: Speed;
  readonly telemetry = new TelemetryRecorder();
  private person: PersonKnowledge;
  packKind: PackKind | null;
  private readonly faultLogEntries: FaultLogEntry[];
  private codesHigh: number;
  /** Wall instant and lock time when the clock was last brought up to date (pacing). */
  private anchorWallMs: number;
  private anchorLockMs: number;
  /** History entries ever appended, and signals trimmed from memory (numbering stays stable). */
  historyCount: number;
  signalsDropped: number;
  private readonly paced: boolean;
  /** What the lock's controller heard over the radio since the last batch ended. */
  private readonly heard: RadioReport[] = [];
  /** Nesting of work: listeners hear once, when the outermost work ends. */
  private depth = 0;

  constructor(
    opts: {
      id: string;
      name: string;
      twin: LockTwin;
      person: PersonKnowledge;
      packKind: PackKind | null;
      speed?: Speed;
      wallMs: number;
      record?: HostedLockRecord;
      /** Real-time pacing; false: the clock moves only when told (tests, free-running hosts). */
      paced?: boolean;
    },
    private readonly wallNow: () => number,
    private readonly listener: HostedLockListener,
  ) {
    const r = opts.record;
    this.id = opts.id;
    this.name = opts.name;
    this.twin = opts.twin;
    this.person = r?.person ?? opts.person;
    this.packKind = r ? r.packKind : opts.packKind;
    this.speed = r?.speed ?? opts.speed ?? 1;
    this.createdWallMs = r?.createdWallMs ?? opts.wallMs;
    this.faultLogEntries = r ? [...r.faultLog] : [];
    this.codesHigh = r?.codesHigh ?? 0;
    // A new lock's twin may already have a past (the power-up of its first pack): counted.
    this.historyCount = r?.historyCount ?? opts.twin.history.length;
    this.signalsDropped = r?.signalsDropped ?? 0;
    this.paced = opts.paced ?? true;
    this.anchorWallMs = opts.wallMs;
    this.anchorLockMs = this.twin.clock.nowMs;
    this.telemetry.sample(this.twin);
    this.noteCodes();
    this.twin.onRadioReport((report) => this.heard.push(report));
  }

  record(): HostedLockRecord {
    return {
      id: this.id,
      name: this.name,
      createdWallMs: this.createdWallMs,
      speed: this.speed,
      anchorWallMs: this.anchorWallMs,
      anchorLockMs: this.anchorLockMs,
      packKind: this.packKind,
      person: this.person,
      faultLog: [...this.faultLogEntries],
      codesHigh: this.codesHigh,
      historyCount: this.historyCount,
      // The twin's signals are not stored: at the next start they count as dropped, so the
      // numbering goes on (a page that played signal 7 must hear the next one as 8, not 1).
      signalsDropped: this.signalsDropped + this.twin.signals.length,
    };
  }

  /** The lock's model profile. */
  get profile(): LockTwin["profile"] {
    return this.twin.profile;
  }

  // ---- time ----

  /** Brings the lock's clock up to the present wall time at its pace (no-op when paused). */
  catchUp(): void {
    const wall = this.wallNow();
    if (this.speed === 0 || !this.paced) {
      this.anchorWallMs = wall;
      return;
    }
    const due = this.anchorLockMs + (wall - this.anchorWallMs) * this.speed;
    const whole = Math.floor(due - this.twin.clock.nowMs);
    if (whole > 0) {
      const next = this.twin.clock.nextEventMs();
      // Time alone changes nothing a person sees: only a clock event makes a batch (and a notice).
      if (next !== null && next <= this.twin.clock.nowMs + whole) this.work(() => this.runClock(whole));
      else this.twin.advance(whole);
    }
    // The fraction of a millisecond not yet run stays owed: keep the anchor, unless an action
    // moved the clock past it (then the present becomes the anchor).
    if (this.twin.clock.nowMs > due) this.reanchor(wall);
  }

  /** Wall instant at which the next clock event falls due, or null (paused, or nothing pending). */
  nextDueWallMs(): number | null {
    if (this.speed === 0 || !this.paced) return null;
    const next = this.twin.clock.nextEventMs();
    if (next === null) return null;
    return this.anchorWallMs + (next - this.anchorLockMs) / this.speed;
  }

  /** Runs the lock's clock `ms` forward now (a person skipping time, a free-running host). */
  advance(ms: number): void {
    this.catchUp();
    this.work(() => this.runClock(ms));
    this.reanchor(this.wallNow());
  }

  /** Runs the lock's clock forward to `lockMs` (resuming a lock to where it was at a stop). */
  advanceTo(lockMs: number): void {
    const ms = lockMs - this.twin.clock.nowMs;
    if (ms > 0) this.work(() => this.runClock(ms));
    this.reanchor(this.wallNow());
  }

  setSpeed(speed: Speed): void {
    this.catchUp();
    this.speed = speed;
    this.reanchor(this.wallNow());
    this.work(() => undefined);
  }

  private reanchor(wall: number): void {
    this.anchorWallMs = wall;
    this.anchorLockMs = this.twin.clock.nowMs;
  }

  /** Event by event, sampling telemetry at each (a motor run's current is a step trace). */
  private runClock(ms: number): void {
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

  /**
   * Work on the twin, then what it set going at this instant (a motor start is scheduled at
   * +0 ms) and one notification with what the lock recorded and reported meanwhile.
   */
  work<T>(action: () => T): T {
    const historyBefore = this.twin.history.length;
    this.depth++;
    try {
      const result = action();
      if (this.depth === 1) {
        this.twin.advance(0);
        this.telemetry.sample(this.twin);
      }
      return result;
    } finally {
      this.depth--;
      if (this.depth === 0) this.afterWork(historyBefore);
    }
  }

  private afterWork(historyBefore: number): void {
    const t = this.twin;
    const history = t.history.slice(historyBefore);
    const reports = this.heard.splice(0);
    this.historyCount += history.length;
    // What is told is handed on; memory keeps only a bounded tail.
    if (t.history.length > KEPT_HISTORY * 2) t.history.splice(0, t.history.length - KEPT_HISTORY);
    if (t.signals.length > KEPT_SIGNALS * 2) {
      const drop = t.signals.length - KEPT_SIGNALS;
      t.signals.splice(0, drop);
      this.signalsDropped += drop;
    }
    this.noteCodes();
    this.listener.changed(this, { history, reports });
  }

  // ---- what a person does ----

  key(body: KeyAction): void {
    this.catchUp();
    if (!profileHasKey(this.twin.profile, body.key)) {
      throw new HostRefusal("key.absent", `${this.twin.profile.name} has no "${body.key}" key`);
    }
    this.work(() => {
      if (body.action === "press") this.twin.pressKey(body.key);
      else if (body.action === "release") this.twin.releaseKey(body.key);
      else {
        this.twin.pressKey(body.key);
        this.runClock(TAP_MS);
        this.twin.releaseKey(body.key);
      }
    });
    this.reanchor(this.wallNow());
  }

  pack(body: PackAction): void {
    this.catchUp();
    const inserted = this.twin.cells !== null;
    if (body.action === "remove" && !inserted)
      throw new HostRefusal("pack.removed", "the pack is already out");
    if (body.action === "insert" && inserted)
      throw new HostRefusal("pack.inserted", "the pack is already in: take it out first");
    this.work(() => {
      if (body.action === "remove") this.twin.removePack();
      else if (body.action === "insert") this.twin.insertPack();
      else {
        this.twin.replacePack(body.kind);
        this.packKind = body.kind;
      }
    });
  }

  door(body: DoorAction): void {
    this.catchUp();
    this.work(() => this.twin.setDoor(body.closed));
  }

  turn(body: TurnAction): void {
    this.catchUp();
    this.work(() => this.twin.turnByHand(body.direction, body.by));
  }

  /** Hands a radio command to the lock: whether it went out, and if not why (offline, unpaired). */
  radio(command: RadioCommand, requestId?: string): RadioDelivery {
    this.catchUp();
    if (this.twin.profile.radio === null) {
      throw new HostRefusal("radio.absent", `${this.twin.profile.name} has no radio`);
    }
    return this.work(() => this.twin.send(command, requestId));
  }

  /**
   * Pairs the lock with its hub or app as its profile says (the person does the step at the
   * lock, e.g. presses Z-Wave button A); refused before anything is done when it cannot work.
   */
  pair(): PairingAccount {
    this.catchUp();
    const run = planPairing(this.twin);
    try {
      return this.work(run);
    } finally {
      this.reanchor(this.wallNow());
    }
  }

  /** Removes the lock from its hub or app (Z-Wave exclusion: with the press at the lock). */
  unpair(): PairingAccount {
    this.catchUp();
    const run = planRemoval(this.twin);
    try {
      return this.work(run);
    } finally {
      this.reanchor(this.wallNow());
    }
  }

  fault(body: FaultAction): void {
    const id = body.fault;
    if (!isFaultId(id))
      throw new HostRefusal("fault.unknown", `unknown fault "${id}": it is not in FAULTS.md`);
    this.catchUp();
    const wasIn = this.twin.cells !== null;
    // injectFault checks before it acts: a refused fault leaves the lock exactly as it was.
    // The log and the pack kind change inside the batch, so the batch's save (at once when the
    // fault wrote the stored record) keeps them: logged after it, they were lost at a restart.
    const r = this.work(() => {
      // Faults that live in the person (a wrong or old code typed, the programming code used,
      // a clashing new code, a forgotten master code) change what they know: on a copy, kept
      // only when the fault took. Without it every such fault acted on a throwaway person, and
      // programming-code-used was refused even on a 264 whose code is the default 0000.
      const person = { ...this.person };
      const done = injectFault(this.twin, id, person);
      if (!done.ok) return done;
      this.person = person;
      this.log({ kind: "fault", id, ok: true });
      const pack = packForFault(id);
      if (pack && wasIn) this.packKind = pack;
      return done;
    });
    if (!r.ok) throw new HostRefusal("fault.unsupported", r.reason);
  }

  fix(body: FixAction): void {
    const id = body.fix;
    if (!isFixId(id)) throw new HostRefusal("fix.unknown", `unknown fix "${id}": it is not in FAULTS.md`);
    if (ERASING_FIXES.has(id) && body.confirmErase !== true) {
      throw new HostRefusal(
        "fix.confirm-needed",
        `"${id}" erases every user code, the programming code and the pairing with the hub: send confirmErase: true to go ahead`,
      );
    }
    this.catchUp();
    if (body.programmingCode !== undefined)
      this.person = { ...this.person, programmingCode: body.programmingCode };
    const r = this.applyAndLog(id);
    if (!r.ok) throw new HostRefusal("fix.refused", r.reason);
  }

  /** A fix with the person's hands and knowledge, logged like any other; the twin's answer. */
  applyAndLog(id: FixId): TwinOutcome {
    // Logged inside the batch, so its save keeps the entry (see fault()).
    const r = this.work(() => {
      const done = applyFix(this.twin, id, this.person);
      this.log({ kind: "fix", id, ok: done.ok, ...(done.ok ? {} : { reason: done.reason }) });
      if (done.ok && id === "replace-batteries") this.packKind = "fresh";
      if (done.ok && id === "reseat-batteries" && this.packKind === "reversed") this.packKind = "fresh";
      return done;
    });
    this.reanchor(this.wallNow());
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
    this.catchUp();
    try {
      return this.work(() => work(this.twin, this.person));
    } finally {
      this.reanchor(this.wallNow());
    }
  }

  get faultLog(): readonly FaultLogEntry[] {
    return this.faultLogEntries;
  }

  private log(e: Omit<FaultLogEntry, "atMs">): void {
    this.faultLogEntries.push({ atMs: this.twin.clock.nowMs, ...e });
    if (this.faultLogEntries.length > FAULT_LOG) this.faultLogEntries.shift();
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
}
