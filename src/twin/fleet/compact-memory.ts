/**
 * A lock's stored-record memory for fleets: the same address space and byte-at-a-time writes
 * as the twin's `FakeNonVolatileMemory` (8 KiB, erased bytes read 0xFF), but each half — one
 * record slot of `record-slots.ts` — keeps bytes only up to the highest one written. A lock's
 * record is a few hundred bytes, so a thousand locks hold about 0.6 MB instead of 8 MB
 * (issue 4: ≤ 4 KB per simulated lock). No power cuts: fleets never cut a write.
 */
import type { NonVolatileMemory } from "../../core/ports/non-volatile-memory.ts";

const ERASED = 0xff;
/** The buffer grows in steps of this many bytes. */
const GROW_BYTES = 64;

export class CompactNonVolatileMemory implements NonVolatileMemory {
  readonly sizeBytes: number;
  private readonly halfBytes: number;
  /** The held bytes of the first half, then those of the second: one buffer, not two (~200 bytes a lock). */
  private bytes: Uint8Array = EMPTY;
  private firstHeld = 0;
  private secondHeld = 0;

  constructor(sizeBytes: number) {
    if (!Number.isInteger(sizeBytes) || sizeBytes < 2)
      throw new RangeError(`memory size must be an integer ≥ 2, got ${sizeBytes}`);
    this.sizeBytes = sizeBytes;
    this.halfBytes = Math.ceil(sizeBytes / 2);
  }

  /** Bytes held (both halves), for the bench's bytes-per-lock figure. */
  get heldBytes(): number {
    return this.bytes.length;
  }

  read(offset: number, length: number): Uint8Array {
    this.checkRange(offset, length);
    const out = new Uint8Array(length).fill(ERASED);
    for (let i = 0; i < length; i++) {
      const at = this.indexOf(offset + i);
      if (at >= 0) out[i] = this.bytes[at] as number;
    }
    return out;
  }

  write(offset: number, bytes: Uint8Array): void {
    this.checkRange(offset, bytes.length);
    for (let i = 0; i < bytes.length; i++) {
      const address = offset + i;
      let at = this.indexOf(address);
      if (at < 0) at = this.grow(address);
      this.bytes[at] = bytes[i] as number;
    }
  }

  /** Where `address` is held in the buffer, or -1 when it has never been written (reads erased). */
  private indexOf(address: number): number {
    if (address < this.halfBytes) return address < this.firstHeld ? address : -1;
    const local = address - this.halfBytes;
    return local < this.secondHeld ? this.firstHeld + local : -1;
  }

  /** Grows the half holding `address` (erased bytes) so it reaches it; returns its index. */
  private grow(address: number): number {
    const first = address < this.halfBytes;
    const local = first ? address : address - this.halfBytes;
    const firstHeld = first ? Math.ceil((local + 1) / GROW_BYTES) * GROW_BYTES : this.firstHeld;
    const secondHeld = first ? this.secondHeld : Math.ceil((local + 1) / GROW_BYTES) * GROW_BYTES;
    const grown = new Uint8Array(firstHeld + secondHeld).fill(ERASED);
    grown.set(this.bytes.subarray(0, this.firstHeld), 0);
    grown.set(this.bytes.subarray(this.firstHeld), firstHeld);
    this.bytes = grown;
    this.firstHeld = firstHeld;
    this.secondHeld = secondHeld;
    return first ? local : firstHeld + local;
  }

  private checkRange(offset: number, length: number): void {
    if (
      !Number.isInteger(offset) ||
      !Number.isInteger(length) ||
      offset < 0 ||
      length < 0 ||
      offset + length > this.sizeBytes
    ) {
      throw new RangeError(
        `invalid access: ${length} bytes at offset ${offset} of a ${this.sizeBytes}-byte memory`,
      );
    }
  }
}

const EMPTY = new Uint8Array(0);
