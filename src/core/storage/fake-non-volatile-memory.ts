// An in-memory EEPROM that can lose power mid-write, so the power-loss guarantee of the storage
// layer (rule B-PWR-8) can be proved byte by byte instead of hoped for. It lives in the core (it
// uses no host API) so both the core's tests and the physical twin can plug it into the
// NonVolatileMemory port.

import type { NonVolatileMemory } from "../ports/non-volatile-memory.ts";

/** The value of an erased EEPROM/flash cell. */
const ERASED_BYTE = 0xff;

/** Thrown by {@link FakeNonVolatileMemory.write} when the simulated supply fails mid-write. */
export class PowerCut extends Error {
  /** The absolute offset of the first byte that was not written. */
  readonly offset: number;

  constructor(offset: number) {
    super(`power cut before writing byte at offset ${offset}`);
    this.name = "PowerCut";
    this.offset = offset;
  }
}

/**
 * A byte-addressed non-volatile memory held in a `Uint8Array`, erased (0xFF) at birth, that writes
 * one byte at a time and can be told to lose power after a given number of bytes.
 */
export class FakeNonVolatileMemory implements NonVolatileMemory {
  readonly sizeBytes: number;
  readonly #cells: Uint8Array;
  /** Bytes still writable before the power cut; `null` means the supply never fails. */
  #bytesUntilPowerCut: number | null = null;
  #bytesWritten = 0;

  /** Creates an erased memory of `sizeBytes` bytes. */
  constructor(sizeBytes: number) {
    if (!Number.isInteger(sizeBytes) || sizeBytes < 0) {
      throw new RangeError(`memory size must be a non-negative integer, got ${sizeBytes}`);
    }
    this.sizeBytes = sizeBytes;
    this.#cells = new Uint8Array(sizeBytes).fill(ERASED_BYTE);
  }

  /** Creates a memory whose contents are a copy of `image` (e.g. a {@link snapshot}), with power on. */
  static fromSnapshot(image: Uint8Array): FakeNonVolatileMemory {
    const memory = new FakeNonVolatileMemory(image.length);
    memory.#cells.set(image);
    return memory;
  }

  /** Total bytes actually stored by {@link write} since creation (bytes lost to a power cut are not counted). */
  get bytesWritten(): number {
    return this.#bytesWritten;
  }

  /**
   * Arms a power cut: the following writes store `byteCount` bytes in total, then the write in
   * progress throws {@link PowerCut} with its remaining bytes unwritten. The supply stays off (every
   * further write throws before storing anything) until the next call; `null` restores power for good.
   */
  cutPowerAfterBytes(byteCount: number | null): void {
    if (byteCount !== null && (!Number.isInteger(byteCount) || byteCount < 0)) {
      throw new RangeError(`byte count must be a non-negative integer or null, got ${byteCount}`);
    }
    this.#bytesUntilPowerCut = byteCount;
  }

  /** Returns a copy of `length` bytes starting at `offset`. Reads always work, even with power cut. */
  read(offset: number, length: number): Uint8Array {
    this.#checkRange(offset, length);
    return this.#cells.slice(offset, offset + length);
  }

  /** Stores `bytes` at `offset` one byte at a time, honouring an armed power cut. */
  write(offset: number, bytes: Uint8Array): void {
    this.#checkRange(offset, bytes.length);
    for (let i = 0; i < bytes.length; i++) {
      if (this.#bytesUntilPowerCut === 0) throw new PowerCut(offset + i);
      this.#cells[offset + i] = bytes[i]!;
      this.#bytesWritten++;
      if (this.#bytesUntilPowerCut !== null) this.#bytesUntilPowerCut--;
    }
  }

  /** A copy of the whole memory, e.g. to replay a commit from the same starting state. */
  snapshot(): Uint8Array {
    return this.#cells.slice();
  }

  #checkRange(offset: number, length: number): void {
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0) {
      throw new RangeError(`invalid access: offset ${offset}, length ${length}`);
    }
    if (offset + length > this.sizeBytes) {
      throw new RangeError(
        `access of ${length} bytes at offset ${offset} overruns a ${this.sizeBytes}-byte memory`,
      );
    }
  }
}
