/**
 * A discrete-event clock: simulated time jumps from one scheduled event to the next, so
 * nothing polls per simulated second and a year of a lock runs in milliseconds
 * (ARCHITECTURE.md, twin/). Events at the same instant run in the order they were scheduled.
 */
export type EventId = number;

/** What an event runs: called with the event's `arg` (a function made once, not a closure per event). */
export type EventRun<A> = (arg: A) => void;

interface Scheduled {
  atMs: number;
  seq: number;
  id: EventId;
  run: EventRun<never>;
  arg: unknown;
  /** Set once the entry has run or been cancelled (it is then out of the heap, or about to be). */
  cancelled: boolean;
}

export class VirtualClock {
  private nowValue: number;
  private heap: Scheduled[] = [];
  private nextId = 1;
  private seq = 0;

  constructor(startMs = 0) {
    this.nowValue = startMs;
  }

  get nowMs(): number {
    return this.nowValue;
  }

  /**
   * Runs `run` at `atMs` (not before now), with `arg`: hot callers pass a function made once and
   * the object it acts on, so scheduling allocates no closure (a lock schedules ~28 events a day).
   */
  at<A = undefined>(atMs: number, run: EventRun<A>, arg?: A): EventId {
    const id = this.nextId++;
    const item = SPARE.pop();
    if (item) {
      // An entry that has run or been cancelled, taken up again: a lock-day schedules ~28.
      item.atMs = Math.max(atMs, this.nowValue);
      item.seq = this.seq++;
      item.id = id;
      item.run = run as EventRun<never>;
      item.arg = arg;
      item.cancelled = false;
      this.push(item);
    } else {
      this.push({
        atMs: Math.max(atMs, this.nowValue),
        seq: this.seq++,
        id,
        run: run as EventRun<never>,
        arg,
        cancelled: false,
      });
    }
    return id;
  }

  after<A = undefined>(delayMs: number, run: EventRun<A>, arg?: A): EventId {
    return this.at(this.nowValue + Math.max(0, delayMs), run, arg);
  }

  /**
   * Moves the pending event that carries `arg` (a key only one event holds at a time, such as a
   * firmware timer's name) to `atMs` (not before now) with a new `run`: what cancelling it and
   * scheduling anew would do, in the same order among events at the same time, without a new
   * entry; scheduled anew when none is pending. The caller keeps no ids (a fleet lock restarts its named timers some twenty times a
   * day, issue 17, and a record of ids per lock is a dictionary-mode object on every access).
   */
  rescheduleKeyed<A>(arg: A, atMs: number, run: EventRun<A>): void {
    const h = this.heap;
    for (let i = 0; i < h.length; i++) {
      const item = h[i] as Scheduled;
      if (item.arg !== arg || item.cancelled) continue;
      const earlier = atMs < item.atMs;
      item.atMs = Math.max(atMs, this.nowValue);
      item.seq = this.seq++;
      item.run = run as EventRun<never>;
      if (earlier) this.siftUp(i);
      else this.siftDown(i);
      return;
    }
    this.at(atMs, run, arg);
  }

  /** Cancels the pending event that carries `arg` (rescheduleKeyed's), if there is one. */
  cancelKeyed(arg: unknown): void {
    const h = this.heap;
    for (let i = 0; i < h.length; i++) {
      const item = h[i] as Scheduled;
      if (item.arg === arg && !item.cancelled) {
        this.removeAt(i);
        return;
      }
    }
  }

  /** Cancels every pending event that `run` would run (a lock losing power drops its timers). */
  cancelAllRunning(run: EventRun<never>): void {
    // From the start again after each removal: removing moves other entries about the heap.
    for (let i = 0; i < this.heap.length; i++) {
      const item = this.heap[i] as Scheduled;
      if (item.run !== run || item.cancelled) continue;
      this.removeAt(i);
      i = -1;
    }
  }

  /**
   * Cancels a pending event; an id that already ran (or was never given) is ignored. The heap
   * is short — a lock has a handful of pending events — so a scan beats a set of ids, and
   * costs no memory per lock (fleets keep a thousand clocks). The event leaves the heap at
   * once (a lock cancels its motor timer at the end of every run), so none lingers there.
   */
  cancel(id: EventId | undefined): void {
    if (id === undefined) return;
    const h = this.heap;
    for (let i = 0; i < h.length; i++) {
      const item = h[i] as Scheduled;
      if (item.id === id) {
        this.removeAt(i);
        return;
      }
    }
  }

  /**
   * Drops cancelled events and gives back the queue's spare capacity: for a clock that will
   * sit idle (a fleet's locks overnight), so it holds only its pending events.
   */
  compact(): void {
    // Sorted is a heap too; slice() leaves an array exactly as long as its contents.
    this.heap = this.heap
      .filter((item) => !item.cancelled)
      .sort((a, b) => (this.less(a, b) ? -1 : 1))
      .slice();
  }

  /** Time of the next pending event, or null. */
  nextEventMs(): number | null {
    this.dropCancelledTop();
    return this.heap[0]?.atMs ?? null;
  }

  /** Runs every event due up to and including `untilMs`, then sets the time to it. */
  runUntil(untilMs: number): void {
    for (;;) {
      this.dropCancelledTop();
      const top = this.heap[0];
      if (!top || top.atMs > untilMs) break;
      this.pop();
      this.nowValue = top.atMs;
      const run = top.run as EventRun<unknown>;
      const arg = top.arg;
      release(top);
      run(arg);
    }
    if (untilMs > this.nowValue) this.nowValue = untilMs;
  }

  advance(ms: number): void {
    this.runUntil(this.nowValue + ms);
  }

  private dropCancelledTop(): void {
    for (let top = this.heap[0]; top?.cancelled; top = this.heap[0]) {
      this.pop();
      release(top);
    }
  }

  /** Takes the entry at `index` out of the heap (the last one fills its place). */
  private removeAt(index: number): void {
    const h = this.heap;
    const item = h[index] as Scheduled;
    const last = h.pop() as Scheduled;
    if (last !== item) {
      h[index] = last;
      if (index > 0 && this.less(last, h[(index - 1) >> 1] as Scheduled)) this.siftUp(index);
      else this.siftDown(index);
    }
    release(item);
  }

  private less(a: Scheduled, b: Scheduled): boolean {
    return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
  }

  private push(item: Scheduled): void {
    this.heap.push(item);
    this.siftUp(this.heap.length - 1);
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop();
    if (!last || h.length === 0) return;
    h[0] = last;
    this.siftDown(0);
  }

  /** Moves the item at `index` towards the top while it is earlier than its parent. */
  private siftUp(index: number): void {
    const h = this.heap;
    const item = h[index] as Scheduled;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent] as Scheduled;
      if (!this.less(item, p)) break;
      h[i] = p;
      i = parent;
    }
    h[i] = item;
  }

  /** Moves the item at `index` down while a child is earlier. */
  private siftDown(index: number): void {
    const h = this.heap;
    const item = h[index] as Scheduled;
    let i = index;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      let best = item;
      const hl = h[l];
      const hr = h[r];
      if (hl && this.less(hl, best)) {
        m = l;
        best = hl;
      }
      if (hr && this.less(hr, best)) m = r;
      if (m === i) break;
      h[i] = h[m] as Scheduled;
      i = m;
    }
    h[i] = item;
  }
}

/**
 * Entries that have run or been cancelled, kept for the next `at` (shared by every clock: a
 * fleet runs one lock at a time, so a few suffice). Emptied of what they referred to.
 */
const SPARE: Scheduled[] = [];
const SPARE_MAX = 32;

function release(item: Scheduled): void {
  item.run = NO_RUN;
  item.arg = undefined;
  item.cancelled = true;
  if (SPARE.length < SPARE_MAX) SPARE.push(item);
}

const NO_RUN: EventRun<never> = () => {};
