/**
 * Flash cells kept a page at a time, for the twin's image flash (image-store.ts): erased cells
 * read 0xFF and a page is kept only once written, so a lock that never updated holds nothing.
 * After each write its pages are held once for every lock with the same bytes (shared-pages.ts:
 * the locks of a rollout take the same image and write the same boot record); a page that is
 * shared is copied before it is written again. Every byte written and every page erased is
 * spent from a `FlashSupply`, which can cut the power after any byte (the power-cut sweeps).
 */
import type { NonVolatileMemory } from "../ports/non-volatile-memory.ts";
import { PowerCut } from "../storage/fake-non-volatile-memory.ts";
import { isShared, sharedPage } from "./shared-pages.ts";

const ERASED = 0xff;

/** The power one flash runs on: bytes written so far, and a cut after so many more. */
export class FlashSupply {
  #bytesUntilPowerCut: number | null = null;
  #bytesWritten = 0;

  /** Bytes stored since creation (pages erased count one each). */
  get bytesWritten(): number {
    return this.#bytesWritten;
  }

  /** `byteCount` more bytes, then PowerCut; null for good. */
  cutPowerAfterBytes(byteCount: number | null): void {
    if (byteCount !== null && (!Number.isInteger(byteCount) || byteCount < 0))
      throw new RangeError(`byte count must be a non-negative integer or null, got ${byteCount}`);
    this.#bytesUntilPowerCut = byteCount;
  }

  /** One byte (or page erase): false when the power is cut before it. */
  spend(): boolean {
    if (this.#bytesUntilPowerCut === 0) return false;
    if (this.#bytesUntilPowerCut !== null) this.#bytesUntilPowerCut--;
    this.#bytesWritten++;
    return true;
  }
}

export class PagedCells implements NonVolatileMemory {
  readonly #pages = new Map<number, Uint8Array>();

  constructor(
    readonly sizeBytes: number,
    private readonly pageBytes: number,
    private readonly supply: FlashSupply,
  ) {}

  read(offset: number, length: number): Uint8Array {
    checkRange(offset, length, this.sizeBytes);
    const out = new Uint8Array(length).fill(ERASED);
    for (let done = 0; done < length;) {
      const at = offset + done;
      const page = Math.floor(at / this.pageBytes);
      const within = at - page * this.pageBytes;
      const n = Math.min(this.pageBytes - within, length - done);
      const bytes = this.#pages.get(page);
      if (bytes) out.set(bytes.subarray(within, within + n), done);
      done += n;
    }
    return out;
  }

  /** Writes the bytes in order, one at a time; a power cut may stop it after any byte. */
  write(offset: number, bytes: Uint8Array): void {
    checkRange(offset, bytes.length, this.sizeBytes);
    const size = this.pageBytes;
    let page = -1;
    let cells: Uint8Array | undefined;
    for (let i = 0; i < bytes.length; i++) {
      const at = offset + i;
      const p = Math.floor(at / size);
      if (p !== page) {
        page = p;
        cells = this.#pages.get(p);
        // A shared page is other locks' too: this one writes its own copy.
        if (!cells) cells = new Uint8Array(size).fill(ERASED);
        else if (isShared(cells)) cells = cells.slice();
        this.#pages.set(p, cells);
      }
      if (!this.supply.spend()) throw new PowerCut(at);
      cells![at - p * size] = bytes[i]!;
    }
    if (bytes.length === 0) return;
    for (let p = Math.floor(offset / size); p <= Math.floor((offset + bytes.length - 1) / size); p++)
      this.#pages.set(p, sharedPage(this.#pages.get(p)!));
  }

  /** Erases every cell to 0xFF, a page at a time; a power cut may stop it between pages. */
  erase(): void {
    for (const page of [...this.#pages.keys()].sort((a, b) => a - b)) {
      if (!this.supply.spend()) throw new PowerCut(page * this.pageBytes);
      this.#pages.delete(page);
    }
  }

  /** The written pages, by page number (snapshots, tests). Read them only. */
  pages(): ReadonlyMap<number, Uint8Array> {
    return this.#pages;
  }

  /** Puts a page back as it was (a snapshot's), spending nothing: it was written before. */
  restore(page: number, bytes: Uint8Array): void {
    if (!Number.isInteger(page) || page < 0 || page * this.pageBytes >= this.sizeBytes) return;
    const cells = new Uint8Array(this.pageBytes).fill(ERASED);
    cells.set(bytes.subarray(0, this.pageBytes));
    this.#pages.set(page, sharedPage(cells));
  }
}

function checkRange(offset: number, length: number, size: number): void {
  if (
    !Number.isInteger(offset) ||
    !Number.isInteger(length) ||
    offset < 0 ||
    length < 0 ||
    offset + length > size
  )
    throw new RangeError(`invalid access: offset ${offset}, length ${length} in ${size} bytes`);
}
