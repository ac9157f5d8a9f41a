/**
 * Memory, measured in bytes, for benchmarks. The harness starts every benchmark process with
 * `--expose-gc`, so `settledMemory()` can collect garbage before it reads the heap and the
 * resident set; `keptBytes()` builds something, keeps it alive, and says what it costs.
 */

export interface MemoryReading {
  /** V8 heap in use plus array buffers (typed arrays live outside the heap). */
  readonly heapBytes: number;
  /** The process's resident set. */
  readonly rssBytes: number;
}

/** Full garbage collection (twice: the second catches what finalisers of the first freed). */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("benchmarks run with --expose-gc (npm run bench starts them so)");
  gc();
  gc();
}

export function settledMemory(): MemoryReading {
  collectGarbage();
  const m = process.memoryUsage();
  return { heapBytes: m.heapUsed + m.arrayBuffers, rssBytes: m.rss };
}

/**
 * Heap and RSS bytes that `build()`'s result holds, divided by `count`: measured after a
 * collection before and after, with the result still alive. Warm the code up first (build a
 * few hundred of the things and drop them) so compiled code is not counted as theirs.
 */
export function keptBytes<T>(count: number, build: () => T): { kept: T; each: MemoryReading } {
  const before = settledMemory();
  const kept = build();
  const after = settledMemory();
  return {
    kept,
    each: {
      heapBytes: (after.heapBytes - before.heapBytes) / count,
      rssBytes: (after.rssBytes - before.rssBytes) / count,
    },
  };
}

/** Peak resident set of this process so far (kernel's high-water mark). */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}
