/**
 * Figure 3 (issue 3): bytes of core state per lock. `JSON.stringify(state).length` of a
 * ready smartcode-914 (the largest capacity, 30 slots) with no codes and with every slot
 * filled, and the size of the record the store keeps (`encodePersistent`, B-PWR-8). A last
 * row fills every slot with a temporary, scheduled code (B-CODE-8): the worst case.
 */
import type { CodeExtras } from "../src/core/code-book.ts";
import type { PersistentState } from "../src/core/state.ts";
import { createStep } from "../src/core/step.ts";
import { encodePersistent } from "../src/core/storage/persistent-codec.ts";
import type { BenchResult } from "./report.ts";
import { DEVICE_KEY, SeededRandom, profileById, readyLock, storedCodes } from "./lock-fixtures.ts";

const TARGET_BYTES = 2048;

/** A code valid for a year from 2025-01-01, weekdays 08:00–18:00: every optional field set. */
const WINDOWED: CodeExtras = {
  validFromMs: 1_735_689_600_000,
  validUntilMs: 1_767_225_600_000,
  weekly: { dayMask: 0b0011111, fromMinute: 8 * 60, untilMinute: 18 * 60 },
};

export function benchCoreStateSize(): BenchResult[] {
  const profile = profileById("smartcode-914");
  const step = createStep(profile, DEVICE_KEY);
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
      value: JSON.stringify(state).length,
      ...common,
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
