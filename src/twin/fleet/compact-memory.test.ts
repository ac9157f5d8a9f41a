/**
 * The fleet's compact store behaves like the twin's 8 KiB FakeNonVolatileMemory for every
 * read and write, keeps the two-slot record protocol working (B-PWR-8), and holds only the
 * bytes written.
 */
import { describe, expect, it } from "vitest";
import { FakeNonVolatileMemory } from "../../core/storage/fake-non-volatile-memory.ts";
import { commitRecord, readLatestRecord } from "../../core/storage/record-slots.ts";
import { SeededRandom } from "../seeded-random.ts";
import { NVM_BYTES } from "../lock-twin.ts";
import { CompactNonVolatileMemory } from "./compact-memory.ts";

describe("compact non-volatile memory", () => {
  it("reads back what a full-size memory would, erased bytes as 0xFF, across both halves", () => {
    const rng = new SeededRandom(11);
    const compact = new CompactNonVolatileMemory(NVM_BYTES);
    const full = new FakeNonVolatileMemory(NVM_BYTES);
    for (let i = 0; i < 1_000; i++) {
      const offset = rng.int(NVM_BYTES);
      const length = rng.int(Math.min(400, NVM_BYTES - offset) + 1);
      if (rng.next() < 0.5) {
        const bytes = new Uint8Array(length).map(() => rng.int(256));
        compact.write(offset, bytes);
        full.write(offset, bytes);
      } else expect(compact.read(offset, length)).toEqual(full.read(offset, length));
    }
    expect(compact.read(0, NVM_BYTES)).toEqual(full.read(0, NVM_BYTES));
  });

  it("B-PWR-8: the two-slot records commit and read back, holding a few hundred bytes, not 8 KiB", () => {
    const nvm = new CompactNonVolatileMemory(NVM_BYTES);
    for (let i = 1; i <= 6; i++) {
      commitRecord(nvm, new Uint8Array(280 + i).fill(i));
      const rec = readLatestRecord(nvm);
      expect(rec?.sequence).toBe(i);
      expect(rec?.payload).toEqual(new Uint8Array(280 + i).fill(i));
    }
    expect(nvm.heldBytes).toBeLessThanOrEqual(2 * 320);
  });

  it("refuses accesses outside the memory, as the full-size one does", () => {
    const nvm = new CompactNonVolatileMemory(NVM_BYTES);
    expect(() => nvm.read(NVM_BYTES - 2, 4)).toThrow(RangeError);
    expect(() => nvm.write(-1, new Uint8Array(1))).toThrow(RangeError);
  });
});
