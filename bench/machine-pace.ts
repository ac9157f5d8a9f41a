/**
 * The machine's pace: a fixed piece of plain JavaScript, timed in each benchmark's own process
 * before the benchmark runs, so figures taken on different days can be compared. This 2-vCPU
 * machine is shared: the same build ran a 1,000-lock year in 5.95 s one evening and 8.5 s an
 * hour after a restart (issue 17), with nothing of ours changed. A timing beside a slower pace
 * is a slower machine, not a slower Latchkey.
 *
 * The workload looks like a fleet's, not like a tight loop: small objects made and dropped, a
 * binary heap of events ordered by time, floating-point arithmetic, calls through a few
 * functions. It imports nothing of the project (a change to Latchkey cannot move it).
 */

interface PaceEvent {
  atMs: number;
  seq: number;
  charge: number;
}

const EVENTS = 200_000;
const QUEUE = 64;

function less(a: PaceEvent, b: PaceEvent): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
}

function push(heap: PaceEvent[], e: PaceEvent): void {
  heap.push(e);
  let i = heap.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    const parent = heap[p] as PaceEvent;
    if (!less(e, parent)) break;
    heap[i] = parent;
    i = p;
  }
  heap[i] = e;
}

function pop(heap: PaceEvent[]): PaceEvent | undefined {
  const top = heap[0];
  const last = heap.pop();
  if (top === undefined || last === undefined || heap.length === 0) return top;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= heap.length) break;
    const r = l + 1;
    const c = r < heap.length && less(heap[r] as PaceEvent, heap[l] as PaceEvent) ? r : l;
    if (!less(heap[c] as PaceEvent, last)) break;
    heap[i] = heap[c] as PaceEvent;
    i = c;
  }
  heap[i] = last;
  return top;
}

/** The workload once: returns a checksum, so nothing of it can be optimised away. */
function workload(): number {
  const heap: PaceEvent[] = [];
  let seed = 12345;
  const next = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
  for (let i = 0; i < QUEUE; i++) push(heap, { atMs: next() * 1000, seq: i, charge: 1 });
  let sum = 0;
  for (let n = 0; n < EVENTS; n++) {
    const e = pop(heap) as PaceEvent;
    const drained = e.charge * (1 - 0.0001 * (1 + next()));
    sum += drained * Math.sqrt(e.atMs + 1);
    push(heap, { atMs: e.atMs + 1 + next() * 100, seq: QUEUE + n, charge: drained });
  }
  return sum;
}

/** Milliseconds the workload takes, the best of five (the first also warms the code). */
export function machinePaceMs(): number {
  let best = Infinity;
  let check = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    check += workload();
    best = Math.min(best, performance.now() - t);
  }
  if (!Number.isFinite(check)) throw new Error("the machine-pace workload went wrong");
  return best;
}
