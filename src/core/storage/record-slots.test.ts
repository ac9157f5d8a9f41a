// Proves the storage layer keeps rule B-PWR-8 ("a power loss in the middle of programming must never
// corrupt stored codes: the change is either fully saved or not saved at all") by cutting power at
// every byte of real commits, plus property tests with random payloads, cut points and bit rot.

import { crc32 as zlibCrc32 } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { crc32 } from "./crc32.ts";
import { FakeNonVolatileMemory, PowerCut } from "./fake-non-volatile-memory.ts";
import type { StoredRecord } from "./record-slots.ts";
import { commitRecord, eraseAll, readLatestRecord, slotCapacityBytes } from "./record-slots.ts";

const SLOT_BYTES = 64;
const MEMORY_BYTES = 2 * SLOT_BYTES;
const RECORD_OVERHEAD_BYTES = 14;
const CAPACITY_BYTES = SLOT_BYTES - RECORD_OVERHEAD_BYTES;

/** A recognisable payload: `length` bytes counting up from `seed`. */
function payloadOf(length: number, seed: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (seed + i * 7) & 0xff);
}

/** The record image exactly as the layout comment of record-slots.ts documents it (CRC from zlib). */
function documentedImage(sequence: number, payload: Uint8Array): Uint8Array {
  const image = new Uint8Array(RECORD_OVERHEAD_BYTES + payload.length);
  const view = new DataView(image.buffer);
  image.set([0x4c, 0x4b, 0x52, 0x31], 0);
  view.setUint32(4, sequence, true);
  view.setUint16(8, payload.length, true);
  image.set(payload, 10);
  view.setUint32(10 + payload.length, zlibCrc32(image.subarray(0, 10 + payload.length)), true);
  return image;
}

function slotBytes(nvm: FakeNonVolatileMemory, slotIndex: number): Uint8Array {
  return nvm.snapshot().subarray(slotIndex * SLOT_BYTES, (slotIndex + 1) * SLOT_BYTES);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function hasCommitMarker(slot: Uint8Array): boolean {
  return equalBytes(slot.subarray(0, 4), Uint8Array.of(0x4c, 0x4b, 0x52, 0x31));
}

/** Commits with power armed to fail after `cutAfterBytes`; reports whether the commit completed. */
function commitWithPowerCut(nvm: FakeNonVolatileMemory, payload: Uint8Array, cutAfterBytes: number | null) {
  nvm.cutPowerAfterBytes(cutAfterBytes);
  try {
    commitRecord(nvm, payload);
    return true;
  } catch (error) {
    if (error instanceof PowerCut) return false;
    throw error;
  } finally {
    nvm.cutPowerAfterBytes(null);
  }
}

describe("crc32", () => {
  it("gives the standard check value", () => {
    const ascii = Uint8Array.from("123456789", (c) => c.charCodeAt(0));
    expect(crc32(ascii)).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it("agrees with zlib on random input", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(crc32(bytes)).toBe(zlibCrc32(bytes));
      }),
      { numRuns: 200 },
    );
  });
});

describe("FakeNonVolatileMemory", () => {
  it("starts erased and reads back what it wrote", () => {
    const nvm = new FakeNonVolatileMemory(8);
    expect(nvm.read(0, 8)).toEqual(new Uint8Array(8).fill(0xff));
    nvm.write(2, Uint8Array.of(1, 2, 3));
    expect(nvm.read(1, 5)).toEqual(Uint8Array.of(0xff, 1, 2, 3, 0xff));
    expect(nvm.bytesWritten).toBe(3);
  });

  it("cuts power after the armed byte count across writes and stays off until restored", () => {
    const nvm = new FakeNonVolatileMemory(8);
    nvm.cutPowerAfterBytes(3);
    nvm.write(0, Uint8Array.of(1, 2));
    expect(() => nvm.write(2, Uint8Array.of(3, 4, 5))).toThrow(PowerCut);
    expect(() => nvm.write(6, Uint8Array.of(9))).toThrow(PowerCut);
    expect(nvm.snapshot()).toEqual(Uint8Array.of(1, 2, 3, 0xff, 0xff, 0xff, 0xff, 0xff));
    expect(nvm.bytesWritten).toBe(3);
    nvm.cutPowerAfterBytes(null);
    nvm.write(3, Uint8Array.of(4));
    expect(nvm.read(3, 1)).toEqual(Uint8Array.of(4));
  });

  it("rejects out-of-range access and copies on read and snapshot", () => {
    const nvm = new FakeNonVolatileMemory(4);
    expect(() => nvm.read(2, 3)).toThrow(RangeError);
    expect(() => nvm.write(-1, Uint8Array.of(0))).toThrow(RangeError);
    nvm.read(0, 4).fill(0);
    nvm.snapshot().fill(0);
    expect(nvm.read(0, 4)).toEqual(new Uint8Array(4).fill(0xff));
    expect(FakeNonVolatileMemory.fromSnapshot(Uint8Array.of(1, 2)).read(0, 2)).toEqual(Uint8Array.of(1, 2));
  });
});

describe("record slots", () => {
  it("reads null from erased memory", () => {
    expect(readLatestRecord(new FakeNonVolatileMemory(MEMORY_BYTES))).toBeNull();
  });

  it("round-trips a payload, including an empty one", () => {
    const nvm = new FakeNonVolatileMemory(MEMORY_BYTES);
    commitRecord(nvm, payloadOf(20, 3));
    expect(readLatestRecord(nvm)).toEqual({ payload: payloadOf(20, 3), sequence: 1 });
    commitRecord(nvm, new Uint8Array(0));
    expect(readLatestRecord(nvm)).toEqual({ payload: new Uint8Array(0), sequence: 2 });
  });

  it("lays the first record out in slot 0 exactly as documented", () => {
    const nvm = new FakeNonVolatileMemory(MEMORY_BYTES);
    const payload = payloadOf(9, 40);
    commitRecord(nvm, payload);
    const image = documentedImage(1, payload);
    expect(slotBytes(nvm, 0).subarray(0, image.length)).toEqual(image);
    expect(slotBytes(nvm, 0).subarray(image.length)).toEqual(
      new Uint8Array(SLOT_BYTES - image.length).fill(0xff),
    );
    expect(slotBytes(nvm, 1)).toEqual(new Uint8Array(SLOT_BYTES).fill(0xff));
  });

  it("alternates slots and never writes the slot holding the newest record", () => {
    const nvm = new FakeNonVolatileMemory(MEMORY_BYTES);
    for (let n = 1; n <= 6; n++) {
      const newestSlot = n % 2; // slot of record n - 1 (record k lives in slot (k - 1) % 2)
      const before = slotBytes(nvm, newestSlot).slice();
      commitRecord(nvm, payloadOf(n * 5, n));
      if (n > 1) expect(slotBytes(nvm, newestSlot)).toEqual(before);
      const image = documentedImage(n, payloadOf(n * 5, n));
      expect(slotBytes(nvm, (n - 1) % 2).subarray(0, image.length)).toEqual(image);
      expect(readLatestRecord(nvm)).toEqual({ payload: payloadOf(n * 5, n), sequence: n });
    }
  });

  it("reports the capacity and rejects a payload too big for a slot", () => {
    const nvm = new FakeNonVolatileMemory(MEMORY_BYTES);
    expect(slotCapacityBytes(nvm)).toBe(CAPACITY_BYTES);
    expect(slotCapacityBytes(new FakeNonVolatileMemory(MEMORY_BYTES + 1))).toBe(CAPACITY_BYTES);
    commitRecord(nvm, payloadOf(CAPACITY_BYTES, 1));
    expect(readLatestRecord(nvm)?.payload).toEqual(payloadOf(CAPACITY_BYTES, 1));
    const before = nvm.snapshot();
    expect(() => commitRecord(nvm, payloadOf(CAPACITY_BYTES + 1, 2))).toThrow(RangeError);
    expect(nvm.snapshot()).toEqual(before);
  });

  it("refuses every record on a memory too small for one", () => {
    const nvm = new FakeNonVolatileMemory(2 * RECORD_OVERHEAD_BYTES - 1);
    expect(slotCapacityBytes(nvm)).toBe(0);
    expect(() => commitRecord(nvm, new Uint8Array(0))).toThrow(RangeError);
    expect(readLatestRecord(nvm)).toBeNull();
  });

  it("caps the capacity at the u16 length field", () => {
    expect(slotCapacityBytes(new FakeNonVolatileMemory(2 * 0x20000))).toBe(0xffff);
  });

  it("orders sequence numbers across the u32 wrap-around", () => {
    const nvm = new FakeNonVolatileMemory(MEMORY_BYTES);
    nvm.write(0, documentedImage(0xffffffff, payloadOf(4, 1)));
    nvm.write(SLOT_BYTES, documentedImage(0, payloadOf(4, 2)));
    expect(readLatestRecord(nvm)).toEqual({ payload: payloadOf(4, 2), sequence: 0 });
    commitRecord(nvm, payloadOf(4, 3));
    expect(readLatestRecord(nvm)).toEqual({ payload: payloadOf(4, 3), sequence: 1 });
    expect(slotBytes(nvm, 0).subarray(0, 18)).toEqual(documentedImage(1, payloadOf(4, 3)));

    const wrapping = new FakeNonVolatileMemory(MEMORY_BYTES);
    wrapping.write(SLOT_BYTES, documentedImage(0xffffffff, payloadOf(4, 4)));
    commitRecord(wrapping, payloadOf(4, 5));
    expect(readLatestRecord(wrapping)).toEqual({ payload: payloadOf(4, 5), sequence: 0 });
  });

  it("eraseAll returns the memory to the erased state", () => {
    const nvm = new FakeNonVolatileMemory(MEMORY_BYTES);
    commitRecord(nvm, payloadOf(10, 1));
    commitRecord(nvm, payloadOf(10, 2));
    eraseAll(nvm);
    expect(nvm.snapshot()).toEqual(new Uint8Array(MEMORY_BYTES).fill(0xff));
    expect(readLatestRecord(nvm)).toBeNull();
    commitRecord(nvm, payloadOf(3, 3));
    expect(readLatestRecord(nvm)).toEqual({ payload: payloadOf(3, 3), sequence: 1 });
  });

  it("B-PWR-8: a power cut after every byte of every commit leaves the old or the new record", () => {
    // First commit on erased memory, growing, shrinking, empty, full-slot, same-length-different-
    // content and identical payloads, so both slots are reused several times.
    const series = [
      payloadOf(5, 1),
      payloadOf(12, 2),
      payloadOf(12, 3),
      new Uint8Array(0),
      payloadOf(CAPACITY_BYTES, 4),
      payloadOf(1, 5),
      payloadOf(CAPACITY_BYTES, 6),
      payloadOf(CAPACITY_BYTES, 6),
      payloadOf(30, 7),
      payloadOf(2, 8),
    ];
    const nvm = new FakeNonVolatileMemory(MEMORY_BYTES);
    let old: StoredRecord | null = null;
    let cutsChecked = 0;
    for (const payload of series) {
      const before = nvm.snapshot();
      const fresh: StoredRecord = { payload, sequence: old === null ? 1 : old.sequence + 1 };
      const measuring = FakeNonVolatileMemory.fromSnapshot(before);
      commitRecord(measuring, payload);
      const totalBytes = measuring.bytesWritten;
      expect(totalBytes).toBeGreaterThanOrEqual(RECORD_OVERHEAD_BYTES + payload.length);
      const oldSlot = old === null ? null : (old.sequence - 1) % 2;
      const targetSlot = oldSlot === null ? 0 : 1 - oldSlot;
      const targetBefore = before.slice(targetSlot * SLOT_BYTES, (targetSlot + 1) * SLOT_BYTES);
      const outcomes = { old: 0, fresh: 0 };

      for (let cutAfterBytes = 0; cutAfterBytes <= totalBytes; cutAfterBytes++) {
        const trial = FakeNonVolatileMemory.fromSnapshot(before);
        const completed = commitWithPowerCut(trial, payload, cutAfterBytes);
        expect(completed).toBe(cutAfterBytes === totalBytes);

        const recovered = readLatestRecord(trial);
        expect([old, fresh]).toContainEqual(recovered);
        if (cutAfterBytes === 0) expect(recovered).toEqual(old);
        if (completed) expect(recovered).toEqual(fresh);
        if (recovered !== null && recovered.sequence === fresh.sequence) outcomes.fresh++;
        else outcomes.old++;
        // Independently of the CRC: whenever the target slot shows a whole commit marker, it holds
        // either exactly what it held before or the complete new record.
        const target = slotBytes(trial, targetSlot);
        if (hasCommitMarker(target)) {
          const image = documentedImage(fresh.sequence, payload);
          const unchanged = equalBytes(target, targetBefore);
          expect(unchanged || equalBytes(target.subarray(0, image.length), image)).toBe(true);
        }
        if (oldSlot !== null) {
          const untouched = before.subarray(oldSlot * SLOT_BYTES, (oldSlot + 1) * SLOT_BYTES);
          expect(slotBytes(trial, oldSlot)).toEqual(untouched);
        }

        // The very next commit after recovery works, and so does the one after it.
        const next = payloadOf(7, cutAfterBytes);
        commitRecord(trial, next);
        const nextSequence = recovered === null ? 1 : recovered.sequence + 1;
        expect(readLatestRecord(trial)).toEqual({ payload: next, sequence: nextSequence });
        commitRecord(trial, payload);
        expect(readLatestRecord(trial)).toEqual({ payload, sequence: nextSequence + 1 });
        cutsChecked++;
      }
      expect(outcomes.old).toBeGreaterThan(0);
      expect(outcomes.fresh).toBeGreaterThan(0);

      commitRecord(nvm, payload);
      expect(readLatestRecord(nvm)).toEqual(fresh);
      old = fresh;
    }
    expect(cutsChecked).toBeGreaterThan(series.length * RECORD_OVERHEAD_BYTES);
  });

  it("B-PWR-8: random payload sequences with random power cuts never lose or mangle the record", () => {
    const step = fc.record({
      payload: fc.uint8Array({ maxLength: CAPACITY_BYTES }),
      cutAfterBytes: fc.option(fc.nat({ max: CAPACITY_BYTES + 2 * RECORD_OVERHEAD_BYTES }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 16 }), (steps) => {
        const nvm = new FakeNonVolatileMemory(MEMORY_BYTES);
        let saved: StoredRecord | null = null;
        for (const { payload, cutAfterBytes } of steps) {
          const fresh: StoredRecord = { payload, sequence: saved === null ? 1 : saved.sequence + 1 };
          const completed = commitWithPowerCut(nvm, payload, cutAfterBytes);
          const recovered = readLatestRecord(nvm);
          expect([saved, fresh]).toContainEqual(recovered);
          if (completed) expect(recovered).toEqual(fresh);
          saved = recovered;
        }
        const last = payloadOf(3, 99);
        commitRecord(nvm, last);
        expect(readLatestRecord(nvm)?.payload).toEqual(last);
      }),
      { numRuns: 300 },
    );
  });

  it("falls back to the older valid record when a byte of the newest one rots", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: CAPACITY_BYTES }),
        fc.uint8Array({ maxLength: CAPACITY_BYTES }),
        fc.nat(),
        fc.integer({ min: 1, max: 0xff }),
        fc.nat({ max: 3 }),
        (olderPayload, newestPayload, position, flipMask, extraCommits) => {
          const nvm = new FakeNonVolatileMemory(MEMORY_BYTES);
          for (let i = 0; i < extraCommits; i++) commitRecord(nvm, payloadOf(i + 1, i));
          commitRecord(nvm, olderPayload);
          const older = readLatestRecord(nvm);
          commitRecord(nvm, newestPayload);
          const newest = readLatestRecord(nvm)!;
          const newestSlot = (newest.sequence - 1) % 2;
          const offset =
            newestSlot * SLOT_BYTES + (position % (RECORD_OVERHEAD_BYTES + newestPayload.length));
          const [byte] = nvm.read(offset, 1);
          nvm.write(offset, Uint8Array.of(byte! ^ flipMask));

          expect(readLatestRecord(nvm)).toEqual(older);
          const repaired = payloadOf(4, flipMask);
          commitRecord(nvm, repaired);
          expect(readLatestRecord(nvm)).toEqual({ payload: repaired, sequence: newest.sequence });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keeps the newest record when a byte of the older slot rots, and reads null when the only record rots", () => {
    const nvm = new FakeNonVolatileMemory(MEMORY_BYTES);
    commitRecord(nvm, payloadOf(6, 1));
    const onlyOne = FakeNonVolatileMemory.fromSnapshot(nvm.snapshot());
    onlyOne.write(12, Uint8Array.of(onlyOne.read(12, 1)[0]! ^ 0x10));
    expect(readLatestRecord(onlyOne)).toBeNull();

    commitRecord(nvm, payloadOf(6, 2));
    nvm.write(12, Uint8Array.of(nvm.read(12, 1)[0]! ^ 0x10));
    expect(readLatestRecord(nvm)).toEqual({ payload: payloadOf(6, 2), sequence: 2 });
  });
});
