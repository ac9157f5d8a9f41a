/**
 * The host (ARCHITECTURE.md v2, host/): it runs locks, each a twin on its own clock — paced
 * in real time for people, or free-running when the caller moves time (tests, fleets) —
 * creates and removes them under stable ids, keeps them in its store so they outlive the
 * process, gives each a radio link, and tells subscribers of every change. Answers are
 * outcomes, never HTTP: the server maps them.
 *
 * Saving: a batch of work that wrote the lock's stored record (a code, a setting, a factory
 * reset) is saved before anyone hears of it; anything else (the pack draining, the clock) is
 * saved by the heartbeat, once a second, which also records the host's last wall instant. At
 * the next start a paced lock is carried forward to the present: the time the host was down
 * passes for it, at real time, as for a real lock. A `kill -9` loses at most the last second of work
 * (what was not yet saved) and never a stored code.
 *
 * Batching (docs/decisions/0022): what a person does through a call (act, create, a look at a
 * lock) is committed before the call returns, as before. What locks do on their own clocks
 * and what radio commands make them do is gathered for the rest of the event-loop turn and
 * committed in one transaction (one fsync for every lock changed in that turn); the
 * commands' answers, the locks' reports and the change notices of those batches wait for
 * that commit, so nothing is acknowledged that a crash could still lose.
 */
import { randomUUID } from "node:crypto";
import type { HistoryEntry } from "../core/history.ts";
import { getProfile } from "../core/profiles/index.ts";
import type { RadioCommand, RadioReport } from "../core/radio-types.ts";
import { buildTwin } from "../scenario/build-twin.ts";
import type { LockSetup } from "../scenario/scenario-types.ts";
import { LockTwin } from "../twin/lock-twin.ts";
import { randomDeviceSecret } from "../twin/random-device-secret.ts";
import { MAKER_PUBLIC_KEY } from "../twin/maker-release.ts";
import type { HostedLockRecord } from "./hosted-lock.ts";
import { HostedLock, KEPT_HISTORY } from "./hosted-lock.ts";
import type { Speed } from "./lock-actions.ts";
import type { LinkResult, LockEventReport, LockLink, SendOptions } from "./lock-link.ts";
import { ACK_TIMEOUT_MS, DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS, linkRefusal } from "./lock-link.ts";
import type { LockView } from "./lock-view.ts";
import { viewOf } from "./lock-view.ts";
import type { Outcome } from "./outcome.ts";
import { HostRefusal, attempt, refused } from "./outcome.ts";
import type { HistoryAppend, HostStore } from "./storage/host-store.ts";
import { readLockLog } from "./lock-log.ts";
import { readLogProblem } from "../core/event-log.ts";
import { MemoryHostStore } from "./storage/host-store.ts";
import { TrackedMemory } from "./tracked-memory.ts";

/** A slug a person chooses: lower-case letters, digits and dashes, as in a URL. */
export const LOCK_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const MAX_NAME_LENGTH = 80;
/** How often dirty locks and the heartbeat are written. */
export const HEARTBEAT_MS = 1_000;
/** The refusal a command gets when its effect could not be written (disk full, I/O error). */
export const STORAGE_FAILED = "host.storage-failed";
/** The earliest a lock's wake-up timer fires again (wall ms): bounds timer churn. */
const MIN_WAKE_MS = 15;

export type HostChange =
  | { readonly type: "added"; readonly id: string }
  | { readonly type: "removed"; readonly id: string }
  | { readonly type: "changed"; readonly id: string };

export interface CreateLockOptions {
  /** A slug the person chooses, or a UUID is made. */
  readonly id?: string;
  readonly name?: string;
  /** The lock block of a scenario file (profile, state, door, batteries, codes, …). */
  readonly setup: Omit<LockSetup, "line">;
  readonly speed?: Speed;
  /** Chance events of the twin (missed presses); its secret is random regardless. */
  readonly seed?: number;
}

export interface LockHostOptions {
  readonly store?: HostStore;
  /** Real-time pacing with wall timers (default true); false: time moves only when told. */
  readonly pacing?: boolean;
  readonly wallNow?: () => number;
  readonly ackTimeoutMs?: number;
  /**
   * Firmware keys the locks this host makes trust besides the maker's (issue 14, decision
   * 0021): the hub's public key, burned in when a lock is made and fixed for its life — nothing
   * over the radio adds one. Default none: the maker's key only.
   */
  readonly updateKeys?: readonly Uint8Array[];
}

interface Pending {
  readonly resolve: (r: LinkResult) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/** Something told to the outside about a batch, held until the commit that holds the batch. */
type Delivery =
  | { readonly kind: "result"; readonly pending: Pending; readonly result: LinkResult }
  | { readonly kind: "tell"; readonly run: () => void };

interface Entry {
  readonly lock: HostedLock;
  readonly memory: TrackedMemory;
  wake: ReturnType<typeof setTimeout> | null;
  wakeAt: number | null;
  dirty: boolean;
  readonly pending: Map<string, Pending>;
  readonly reportListeners: Set<(r: LockEventReport) => void>;
  reportSeq: number;
}

export class LockHost {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<(change: HostChange) => void>();
  private readonly store: HostStore;
  private readonly pacing: boolean;
  private readonly wallNow: () => number;
  private readonly ackTimeoutMs: number;
  /** The keys every lock of this host trusts for images (one shared list), or null: the twin's default. */
  private readonly updateKeys: readonly Uint8Array[] | null;
  private heartbeatTimer: ReturnType<typeof setInterval> | null = null;
  /** Stored locks `open` could not read, by id, with why: left in place, their ids kept taken. */
  private readonly leftInPlace = new Map<string, string>();
  private nextRequest = 1;
  private closed = false;
  /** Work running now is a lock's own clock or a radio command: its saves wait for the turn's commit. */
  private deferring = false;
  /** Inside `batch`: every save waits for the one commit at its end. */
  private batching = false;
  /** What the next commit writes, and what is told once it is written. */
  private readonly toSave = new Set<Entry>();
  private readonly toAppend: HistoryAppend[] = [];
  private readonly waiting: Delivery[] = [];
  private readonly ready: Delivery[] = [];
  private draining = false;
  private commitScheduled: ReturnType<typeof setImmediate> | null = null;
  /** Commits written (for tests and figures). */
  commits = 0;
  /** Commits that failed, and why the last one did (a person's call answers storage-failed). */
  private commitFailures = 0;
  private lastCommitFailure = "";
  /** This run of the host: reports' sequence numbers start again with each. */
  readonly run: string = randomUUID();

  constructor(opts: LockHostOptions = {}) {
    this.store = opts.store ?? new MemoryHostStore();
    this.pacing = opts.pacing ?? true;
    this.wallNow = opts.wallNow ?? Date.now;
    this.ackTimeoutMs = opts.ackTimeoutMs ?? ACK_TIMEOUT_MS;
    this.updateKeys =
      opts.updateKeys && opts.updateKeys.length > 0
        ? Object.freeze([MAKER_PUBLIC_KEY, ...opts.updateKeys])
        : null;
  }

  /**
   * Loads every stored lock and carries paced ones forward to the present (at their pace until
   * the host's last heartbeat, then at real time: the time the host was down passed for them
   * too), then starts the heartbeat. Returns how many
   * locks were resumed, and those whose stored state could not be used.
   */
  open(): { resumed: number; skipped: string[] } {
    const beat = this.store.heartbeat();
    const skipped: string[] = [];
    const leave = (id: string, reason: string): void => {
      skipped.push(id);
      this.leftInPlace.set(id, reason);
    };
    for (const stored of this.store.loadAll(({ id, reason }) => leave(id, reason))) {
      const profile = getProfile(stored.profileId);
      if (!profile) {
        leave(stored.record.id, `its model "${stored.profileId}" is not one this version knows`);
        continue;
      }
      const memory = new TrackedMemory();
      let twin: LockTwin;
      try {
        twin = LockTwin.resume(
          profile,
          stored.state,
          memory,
          this.updateKeys ? { updateKeys: this.updateKeys } : {},
        );
      } catch (e) {
        leave(stored.record.id, `its state cannot be resumed (${(e as Error).message})`);
        continue;
      }
      // The twin's state does not carry its history (the database does): the newest entries
      // go back in memory, so the page, the troubleshooter and lastEvent see the lock's past.
      const past = this.store.history(stored.record.id, KEPT_HISTORY).entries;
      twin.history.push(...past.map(({ seq: _seq, ...entry }) => entry));
      const entry = this.adopt(
        twin,
        memory,
        {
          id: stored.record.id,
          name: stored.record.name,
          person: stored.record.person,
          packKind: stored.record.packKind,
        },
        stored.record,
      );
      const r = stored.record;
      if (this.pacing && r.speed > 0) {
        // The time the host was down passes for the lock too, at real time, as it would for a
        // real lock on its batteries: at ×1 its clock stays the wall clock (the hub counts on
        // the lock keeping UTC: time-bound codes, weekly hours), and what fell due meanwhile
        // (an auto-lock, a lockout's end) runs now. Up to the last heartbeat the lock ran at
        // its speed; a ×10 or ×60 is a person watching, not the world's clock, so the outage
        // itself is not multiplied (a month away would have emptied a ×60 lock's pack).
        // Joins the one commit below.
        const now = this.wallNow();
        const ranUntil = Math.min(now, Math.max(beat ?? now, r.anchorWallMs));
        const lockMs =
          r.anchorLockMs + Math.max(0, ranUntil - r.anchorWallMs) * r.speed + Math.max(0, now - ranUntil);
        this.deferred(() => entry.lock.advanceTo(lockMs));
      }
      // Nothing to save yet: the stored state and its anchors give this same lock again.
      memory.written = false;
      entry.dirty = false;
    }
    if (this.pacing) {
      this.heartbeatTimer = setInterval(() => this.flush(), HEARTBEAT_MS);
      this.heartbeatTimer.unref();
      for (const e of this.entries.values()) this.arm(e);
    }
    this.commitNow(this.wallNow());
    return { resumed: this.entries.size, skipped };
  }

  /** The stored locks `open` could not read (left in place, ids still taken), with why. */
  unreadableLocks(): ReadonlyMap<string, string> {
    return this.leftInPlace;
  }

  // ---- locks ----

  create(opts: CreateLockOptions): Outcome<HostedLock> {
    return attempt(() => {
      const id = opts.id ?? randomUUID();
      if (!LOCK_ID_PATTERN.test(id) && !UUID_PATTERN.test(id)) {
        throw new HostRefusal(
          "lock.id-invalid",
          `a lock id is 1–63 lower-case letters, digits and dashes, starting with a letter or digit (got "${id.slice(0, 70)}")`,
        );
      }
      if (this.entries.has(id)) throw new HostRefusal("lock.exists", `there is already a lock "${id}"`);
      const unread = this.leftInPlace.get(id);
      if (unread !== undefined)
        throw new HostRefusal(
          "lock.exists",
          `a lock "${id}" is stored but could not be read at the start (${unread}); it is left in place — choose another id`,
        );
      const name = (opts.name ?? "").trim();
      if (name.length > MAX_NAME_LENGTH)
        throw new HostRefusal("lock.setup-invalid", `a name has at most ${MAX_NAME_LENGTH} characters`);
      const memory = new TrackedMemory();
      // Each lock the host makes has its own unguessable secret (B-SEC-7), not one from a seed.
      const built = buildTwin({ ...opts.setup, line: 1 }, "lock", {
        secret: randomDeviceSecret(),
        nvm: memory,
        ...(opts.seed === undefined ? {} : { seed: opts.seed }),
      });
      if ("problems" in built) {
        throw new HostRefusal("lock.setup-invalid", built.problems.map((p) => p.reason).join("; "));
      }
      if (this.updateKeys) built.twin.updateKeys = this.updateKeys;
      const entry = this.adopt(built.twin, memory, {
        id,
        name: name || built.twin.profile.name,
        person: built.person,
        packKind: opts.setup.batteries,
        ...(opts.speed === undefined ? {} : { speed: opts.speed }),
      });
      // What the lock did while it was being made (its first power-up) is history too.
      if (built.twin.history.length > 0)
        this.toAppend.push({ id, firstSeq: 1, entries: [...built.twin.history] });
      this.toSave.add(entry);
      if (this.batching) {
        // Told with the batch's commit, like everything else that waits for one.
        this.waiting.push({ kind: "tell", run: () => this.tell({ type: "added", id }) });
      } else {
        const failuresBefore = this.commitFailures;
        this.commitNow();
        this.tell({ type: "added", id });
        this.refuseUnsaved(failuresBefore);
      }
      return entry.lock;
    });
  }

  remove(id: string): Outcome<void> {
    return attempt(() => {
      const e = this.entry(id);
      // What the lock did before is written and told first; nothing of it is written after.
      this.commitNow();
      this.toSave.delete(e);
      if (e.wake) clearTimeout(e.wake);
      for (const p of e.pending.values()) {
        clearTimeout(p.timer);
        p.resolve({ ok: false, code: "lock.unknown", reason: `the lock "${id}" was removed` });
      }
      this.entries.delete(id);
      this.store.remove(id);
      this.tell({ type: "removed", id });
    });
  }

  /** The lock, brought up to the present. */
  get(id: string): HostedLock | undefined {
    const e = this.entries.get(id);
    e?.lock.catchUp();
    return e?.lock;
  }

  /** Runs `work` on a lock; its refusal (HostRefusal) becomes the outcome, and nothing changed. */
  act<T>(id: string, work: (lock: HostedLock) => T): Outcome<T> {
    return attempt(() => {
      const failuresBefore = this.commitFailures;
      const e = this.entry(id);
      e.lock.catchUp();
      const value = work(e.lock);
      this.refuseUnsaved(failuresBefore);
      return value;
    });
  }

  /**
   * A person's call is answered after its commit (docs/host.md): when that commit failed, the
   * call answers `host.storage-failed` rather than ok — the lock did it (it stays in memory
   * and is written again at the next commit), but what it was told is not on disk.
   */
  private refuseUnsaved(failuresBefore: number): void {
    if (this.commitFailures === failuresBefore) return;
    throw new HostRefusal(
      STORAGE_FAILED,
      `the lock did it, but the host could not save it (${this.lastCommitFailure}): it is kept and saved again at the next commit, but may be lost at a restart`,
    );
  }

  /** Every lock, oldest first. */
  all(): HostedLock[] {
    return [...this.entries.values()].map((e) => {
      e.lock.catchUp();
      return e.lock;
    });
  }

  get size(): number {
    return this.entries.size;
  }

  list(): LockView[] {
    return this.all().map(viewOf);
  }

  view(id: string): LockView | undefined {
    const lock = this.get(id);
    return lock ? viewOf(lock) : undefined;
  }

  /** The lock's history from the store, newest last (`beforeSeq` pages back). */
  history(id: string, limit: number, beforeSeq?: number) {
    this.entry(id);
    return this.store.history(id, limit, beforeSeq);
  }

  subscribe(listener: (change: HostChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Moves every lock's clock forward (a free-running host; tests). */
  advanceAll(ms: number): void {
    for (const e of this.entries.values()) e.lock.advance(ms);
  }

  // ---- the radio link ----

  link(id: string): LockLink | undefined {
    if (!this.entries.has(id)) return undefined;
    return {
      lockId: id,
      send: (command, options) => this.send(id, command, options),
      subscribe: (listener) => {
        const e = this.entries.get(id);
        if (!e) return () => undefined;
        e.reportListeners.add(listener);
        return () => e.reportListeners.delete(listener);
      },
      status: () => {
        const v = this.view(id);
        return { online: v?.online ?? false, paired: v?.paired ?? false };
      },
    };
  }

  private send(id: string, command: RadioCommand, options: SendOptions = {}): Promise<LinkResult> {
    const e = this.entries.get(id);
    if (!e) return Promise.resolve({ ok: false, code: "lock.unknown", reason: `there is no lock "${id}"` });
    const timeoutMs = Math.min(Math.max(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 0), MAX_TIMEOUT_MS);
    const lock = e.lock;
    lock.catchUp();
    if (lock.twin.profile.radio === null)
      return Promise.resolve({
        ok: false,
        code: "radio.absent",
        reason: `${lock.twin.profile.name} has no radio`,
      });
    if (command.type === "readLog") return this.sendReadLog(e, command, timeoutMs);
    const requestId = `r${this.nextRequest++}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        e.pending.delete(requestId);
        resolve({
          ok: false,
          code: "lock.timeout",
          reason: `the lock did not answer within ${timeoutMs} ms (is its clock paused?)`,
        });
      }, timeoutMs);
      timer.unref?.();
      e.pending.set(requestId, { resolve, timer });
      const delivery = this.deferred(() => lock.radio(command, requestId));
      if (!delivery.sent) {
        e.pending.delete(requestId);
        clearTimeout(timer);
        if (delivery.code !== "lock.offline")
          return resolve({ ok: false, code: delivery.code, reason: delivery.reason });
        // No acknowledgement comes back: after the radio's wait, the lock is out of reach.
        const t = setTimeout(
          () => resolve({ ok: false, code: "lock.offline", reason: delivery.reason }),
          Math.min(this.ackTimeoutMs, timeoutMs),
        );
        t.unref?.();
        return;
      }
      // A free-running host has no wall clock to wait on: it runs the lock until it answers.
      if (!this.pacing) this.deferred(() => this.runUntilAnswered(e, requestId));
    });
  }

  /**
   * The lock's event log (lock-log.ts): answered from the log memory the host keeps for it,
   * reached as every command is — out of reach it answers nothing (`lock.offline` after the
   * radio's wait), unpaired it is in no network.
   */
  private sendReadLog(
    e: Entry,
    command: Extract<RadioCommand, { type: "readLog" }>,
    timeoutMs: number,
  ): Promise<LinkResult> {
    const problem = readLogProblem(command);
    if (problem) return Promise.resolve({ ok: false, code: "command.invalid", reason: problem });
    const reach = e.lock.twin.radioStatus();
    if (!reach.online)
      return new Promise((resolve) => {
        const t = setTimeout(
          () => resolve({ ok: false, code: "lock.offline", reason: "the lock is out of reach (B-NET-5)" }),
          Math.min(this.ackTimeoutMs, timeoutMs),
        );
        t.unref?.();
      });
    if (!reach.paired)
      return Promise.resolve({
        ok: false,
        code: "lock.unpaired",
        reason: "the lock is not paired (B-NET-3): pair it first",
      });
    return Promise.resolve({ ok: true, data: readLockLog(e.lock, this.store, command) });
  }

  /** Longest a free-running lock is run waiting for an answer (lock time). */
  private static readonly FREE_RUN_LIMIT_MS = 120_000;

  private runUntilAnswered(e: Entry, requestId: string): void {
    const clock = e.lock.twin.clock;
    const limit = clock.nowMs + LockHost.FREE_RUN_LIMIT_MS;
    while (e.pending.has(requestId)) {
      const next = clock.nextEventMs();
      if (next === null || next > limit) return;
      e.lock.advance(Math.max(0, next - clock.nowMs));
    }
  }

  // ---- lifecycle ----

  /** Saves every lock with unsaved changes, and the heartbeat. */
  flush(): void {
    if (this.closed) return;
    for (const e of this.entries.values()) {
      if (e.lock.speed > 0 && this.pacing) e.lock.catchUp();
      if (e.dirty) this.toSave.add(e);
    }
    this.commitNow(this.wallNow());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.flush();
    this.closed = true;
    for (const e of this.entries.values()) {
      if (e.wake) clearTimeout(e.wake);
      for (const p of e.pending.values()) {
        clearTimeout(p.timer);
        p.resolve({ ok: false, code: "lock.offline", reason: "the host is shutting down" });
      }
    }
    this.store.close();
  }

  // ---- inside ----

  private entry(id: string): Entry {
    const e = this.entries.get(id);
    if (!e) throw new HostRefusal("lock.unknown", `there is no lock "${id}"`);
    return e;
  }

  private adopt(
    twin: LockTwin,
    memory: TrackedMemory,
    base: Pick<HostedLockRecord, "id" | "name" | "person" | "packKind"> & { speed?: Speed },
    record?: HostedLockRecord,
  ): Entry {
    const lock = new HostedLock(
      {
        id: base.id,
        name: base.name,
        twin,
        person: base.person,
        packKind: base.packKind,
        ...(base.speed === undefined ? {} : { speed: base.speed }),
        wallMs: this.wallNow(),
        paced: this.pacing,
        ...(record ? { record } : {}),
      },
      this.wallNow,
      {
        changed: (l, batch) => {
          const e = this.entries.get(l.id);
          if (e && e.lock === l) this.onBatch(e, batch);
        },
      },
    );
    const entry: Entry = {
      lock,
      memory,
      wake: null,
      wakeAt: null,
      dirty: false,
      pending: new Map(),
      reportListeners: new Set(),
      reportSeq: 0,
    };
    this.entries.set(base.id, entry);
    if (this.pacing && this.heartbeatTimer) this.arm(entry);
    return entry;
  }

  /** After each batch of work on a lock: store what must not be lost, answer, tell, re-arm. */
  private onBatch(
    e: Entry,
    batch: { history: readonly HistoryEntry[]; reports: readonly RadioReport[] },
  ): void {
    if (this.closed) return;
    const lock = e.lock;
    const known = this.entries.get(lock.id) === e;
    if (batch.history.length > 0 && known) {
      this.toAppend.push({
        id: lock.id,
        firstSeq: lock.historyCount - batch.history.length + 1,
        entries: batch.history,
      });
    }
    e.dirty = true;
    // A stored record was written (a code, a setting, a reset): on disk before anyone hears of it.
    if (e.memory.written && known) this.toSave.add(e);
    for (const report of batch.reports) {
      if (report.type === "result") {
        const id = report.requestId;
        const p = id === undefined ? undefined : e.pending.get(id);
        if (!p || id === undefined) continue;
        e.pending.delete(id);
        clearTimeout(p.timer);
        const data = report.ok ? report.data : undefined;
        this.waiting.push({
          kind: "result",
          pending: p,
          result: report.ok
            ? data === undefined
              ? { ok: true }
              : { ok: true, data }
            : linkRefusal(report.code, report.reason),
        });
        continue;
      }
      const told: LockEventReport = {
        atMs: lock.twin.clock.nowMs,
        seq: ++e.reportSeq,
        run: this.run,
        report,
      };
      this.waiting.push({
        kind: "tell",
        run: () => {
          for (const l of e.reportListeners) l(told);
        },
      });
    }
    if (known) {
      this.waiting.push({
        kind: "tell",
        run: () => {
          if (this.entries.get(lock.id) === e) this.tell({ type: "changed", id: lock.id });
        },
      });
    }
    if (this.pacing && this.heartbeatTimer) this.arm(e);
    // A person's call is answered after its commit; a lock's clock and the radio wait for the turn's.
    if (this.deferring) this.scheduleCommit();
    else if (!this.batching) this.commitNow();
  }

  /**
   * Runs a person's calls (create, act, …) as one: everything they change is written in one
   * commit when `work` returns, and only then is anyone told of it. For making many locks at
   * once (`latchkey locks --count N`: one fsync per lock made 10,000 locks take minutes).
   */
  batch<T>(work: () => T): T {
    if (this.batching) return work();
    this.batching = true;
    try {
      return work();
    } finally {
      this.batching = false;
      this.commitNow();
    }
  }

  /** Runs work whose saves join the turn's commit (a lock's own clock, a radio command). */
  private deferred<T>(work: () => T): T {
    const was = this.deferring;
    this.deferring = true;
    try {
      return work();
    } finally {
      this.deferring = was;
    }
  }

  private scheduleCommit(): void {
    if (this.commitScheduled !== null) return;
    // After this turn's timers and I/O callbacks: every lock changed meanwhile joins the commit.
    this.commitScheduled = setImmediate(() => {
      this.commitScheduled = null;
      if (!this.closed) this.commitNow();
    });
  }

  /**
   * Writes every lock and history waiting, and the heartbeat if given, in one transaction; then
   * tells what waited for it, in the order it happened. If the write fails, the commands it
   * held are answered `host.storage-failed` (their effect is not on disk) and the locks stay
   * dirty, so the next commit (at the latest the heartbeat's) tries again.
   */
  private commitNow(heartbeatMs?: number): void {
    if (this.commitScheduled !== null) {
      clearImmediate(this.commitScheduled);
      this.commitScheduled = null;
    }
    const saves = [...this.toSave];
    this.toSave.clear();
    const histories = this.toAppend.splice(0);
    const deliveries = this.waiting.splice(0);
    let failure: string | null = null;
    if (saves.length > 0 || histories.length > 0 || heartbeatMs !== undefined) {
      try {
        this.store.commit({
          saves: saves.map((e) => this.stored(e)),
          histories,
          ...(heartbeatMs === undefined ? {} : { heartbeatMs }),
        });
        this.commits++;
        for (const e of saves) {
          e.dirty = false;
          e.memory.written = false;
        }
      } catch (error) {
        failure = (error as Error).message;
        this.commitFailures++;
        this.lastCommitFailure = failure;
        for (const e of saves) e.dirty = true;
        this.toAppend.unshift(...histories);
        console.error(`latchkey host: could not save the locks: ${failure}`);
      }
    }
    for (const d of deliveries) {
      this.ready.push(
        failure !== null && d.kind === "result"
          ? {
              ...d,
              result: {
                ok: false,
                code: STORAGE_FAILED,
                reason: `the lock did it, but the host could not save it (${failure}): it may be lost at a restart`,
              },
            }
          : d,
      );
    }
    this.drain();
  }

  /** Tells in order; a listener that acts (and commits) meanwhile adds to the same queue. */
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    let first: unknown = null;
    try {
      for (let d = this.ready.shift(); d !== undefined; d = this.ready.shift()) {
        try {
          if (d.kind === "result") d.pending.resolve(d.result);
          else d.run();
        } catch (error) {
          first ??= error;
        }
      }
    } finally {
      this.draining = false;
    }
    if (first !== null) throw first;
  }

  private stored(e: Entry) {
    return { record: e.lock.record(), profileId: e.lock.twin.profile.id, state: e.lock.twin.captureState() };
  }

  /** One wall timer per lock, for the instant its next clock event falls due. */
  private arm(e: Entry): void {
    const at = e.lock.nextDueWallMs();
    if (at === null) {
      if (e.wake) clearTimeout(e.wake);
      e.wake = null;
      e.wakeAt = null;
      return;
    }
    if (e.wake && e.wakeAt !== null && e.wakeAt <= at) return;
    if (e.wake) clearTimeout(e.wake);
    const delay = Math.max(MIN_WAKE_MS, at - this.wallNow());
    e.wakeAt = this.wallNow() + delay;
    e.wake = setTimeout(
      () => {
        e.wake = null;
        e.wakeAt = null;
        if (!this.entries.has(e.lock.id) || this.closed) return;
        this.deferred(() => e.lock.catchUp());
        this.arm(e);
      },
      Math.min(delay, 2 ** 31 - 1),
    );
    e.wake.unref?.();
  }

  private tell(change: HostChange): void {
    for (const l of this.listeners) l(change);
  }
}

/** A free-standing refusal for callers that check before they reach the host. */
export function unknownLock<T>(id: string): Outcome<T> {
  return refused("lock.unknown", `there is no lock "${id}"`);
}
