/**
 * Figure 3 (issue 3): bytes of core state per lock. The heap bytes (with array buffers) a
 * ready smartcode-914's core state holds — the largest capacity, 30 slots — with no codes
 * and with every slot filled, measured over 2,000 independent copies (structuredClone) kept
 * alive at once; and the bytes of the record the store keeps (`encodePersistent`, B-PWR-8).
 * A last case fills every slot with a temporary, scheduled code (B-CODE-8): the worst case.
 */
import type { CodeExtras } from "../src/core/code-book.ts";
import type { CoreState, PersistentState } from "../src/core/state.ts";
import { createStep } from "../src/core/step.ts";
import { encodePersistent } from "../src/core/storage/persistent-codec.ts";
import type { BenchResult } from "./benchmark.ts";
import { keptBytes } from "./memory.ts";
import { SeededRandom, profileById, readyLock, storedCodes } from "./lock-fixtures.ts";

const TARGET_BYTES = 2048;
const COPIES = 2_000;

/** Heap bytes one copy of `state` holds: every copy its own objects, as a separate lock's would be. */
function heapBytesOf(state: CoreState): number {
  const copies = (n: number): CoreState[] => Array.from({ length: n }, () => structuredClone(state));
  copies(200); // warm up
  return keptBytes(COPIES, () => copies(COPIES)).each.heapBytes;
}

/** A code valid for a year from 2025-01-01, weekdays 08:00–18:00: every optional field set. */
const WINDOWED: CodeExtras = {
  validFromMs: 1_735_689_600_000,
  validUntilMs: 1_767_225_600_000,
  weekly: { dayMask: 0b0011111, fromMinute: 8 * 60, untilMinute: 18 * 60 },
};

export function run(): BenchResult[] {
  const profile = profileById("smartcode-914");
  const step = createStep(profile);
  const capacity = profile.codes.capacity;
  const cases: { label: string; persistent: PersistentState }[] = [
    { label: "0 codes", persistent: storedCodes(profile, 0, new SeededRandom(3)).persistent },
    {
      label: `${capacity} codes`,
      persistent: storedCodes(profile, capacity, new SeededRandom(3)).persistent,
    },
    {
      label: `${capacity} windowed codes`,
      persistent: storedCodes(profile, capacity, new SeededRandom(3), () => WINDOWED).persistent,
    },
  ];
  const results: BenchResult[] = [];
  for (const { label, persistent } of cases) {
    const state = readyLock(profile, step, persistent);
    const common = { unit: "bytes", target: TARGET_BYTES, better: "lower" as const };
    results.push({
      name: `core state, smartcode-914 ready, ${label}`,
      value: Math.round(heapBytesOf(state)),
      ...common,
      note: `heap + array buffers of one of ${COPIES.toLocaleString("en-US")} copies kept alive`,
    });
    results.push({
      name: `NVM record, smartcode-914 ready, ${label}`,
      value: encodePersistent(state.persistent).length,
      ...common,
      ...(label.includes("windowed")
        ? { note: "every code with validFrom/validUntil and a weekly window (B-CODE-8)" }
        : {}),
    });
  }
  return results;
}
