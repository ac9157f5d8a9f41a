/**
 * A lock's stored-record memory for fleets: the same address space and byte-at-a-time writes
 * as the twin's `FakeNonVolatileMemory` (8 KiB, erased bytes read 0xFF), but each half — one
 * record slot of `record-slots.ts` — keeps bytes only up to the highest one written. A lock's
 * record is a few hundred bytes, so a thousand locks hold about 0.6 MB instead of 8 MB
 * (issue 4: ≤ 4 KB per simulated lock). No power cuts: fleets never cut a write.
 */
import type { NonVolatileMemory } from "../../core/ports/non-volatile-memory.ts";

const ERASED = 0xff;
/** A half grows in steps of this many bytes. */
const GROW_BYTES = 8;

export class CompactNonVolatileMemory implements NonVolatileMemory {
  readonly sizeBytes: number;
  private readonly halfBytes: number;
  /**
   * The held bytes of the first half, then those of the second, one character per byte: a
   * one-byte string costs 16 bytes besides its contents, a Uint8Array with its buffer ~200
   * (issue 17: ≤ 4 KB a fleet lock). Writes are rare (a commit now and then), so each one
   * builds a new string.
   */
  private bytes = "";
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
      if (at >= 0) out[i] = this.bytes.charCodeAt(at);
    }
    return out;
  }

  write(offset: number, bytes: Uint8Array): void {
    this.checkRange(offset, bytes.length);
    if (bytes.length === 0) return;
    // The halves as they will be: grown (erased bytes) to reach the last address written.
    let firstHeld = this.firstHeld;
    let secondHeld = this.secondHeld;
    const last = offset + bytes.length - 1;
    if (offset < this.halfBytes) firstHeld = Math.max(firstHeld, held(Math.min(last, this.halfBytes - 1)));
    if (last >= this.halfBytes) secondHeld = Math.max(secondHeld, held(last - this.halfBytes));
    const image = new Uint8Array(firstHeld + secondHeld).fill(ERASED);
    for (let i = 0; i < this.firstHeld; i++) image[i] = this.bytes.charCodeAt(i);
    for (let i = 0; i < this.secondHeld; i++)
      image[firstHeld + i] = this.bytes.charCodeAt(this.firstHeld + i);
    for (let i = 0; i < bytes.length; i++) {
      const address = offset + i;
      const at = address < this.halfBytes ? address : firstHeld + address - this.halfBytes;
      image[at] = bytes[i] as number;
    }
    this.bytes = String.fromCharCode.apply(null, image as unknown as number[]);
    this.firstHeld = firstHeld;
    this.secondHeld = secondHeld;
  }

  /** Where `address` is held in the string, or -1 when it has never been written (reads erased). */
  private indexOf(address: number): number {
    if (address < this.halfBytes) return address < this.firstHeld ? address : -1;
    const local = address - this.halfBytes;
    return local < this.secondHeld ? this.firstHeld + local : -1;
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

/** Bytes a half holds to reach its local address `local`: whole steps of GROW_BYTES. */
function held(local: number): number {
  return Math.ceil((local + 1) / GROW_BYTES) * GROW_BYTES;
}
