/**
 * The flash that holds firmware images (issue 14): two slots, A and B, each big enough for one
 * image, and a small control area for the bootloader's record (which slot runs, which one is
 * on trial). The record is kept with the same two-copy commit as the lock's codes
 * (storage/record-slots.ts), so a power cut at any byte leaves the old record or the new one.
 *
 * `FakeImageStore` is the twin's flash, kept in pages (paged-cells.ts): a page is held only once
 * written (a fleet of ten thousand locks that never updated holds no image bytes) and once for
 * every lock with the same bytes (ten thousand locks that took one image hold its pages once),
 * and, like FakeNonVolatileMemory, it can lose power after any byte — slots and control area
 * share one supply, so a sweep can cut anywhere in an update.
 */
import type { NonVolatileMemory } from "../ports/non-volatile-memory.ts";
import { FlashSupply, PagedCells } from "./paged-cells.ts";
import { isShared } from "./shared-pages.ts";

export type SlotIndex = 0 | 1;
export const SLOT_NAMES = ["A", "B"] as const;

export interface ImageStore {
  /** Bytes in each slot: the largest image this lock takes. */
  readonly slotBytes: number;
  /** The bootloader's record (two copies, record-slots.ts). */
  readonly control: NonVolatileMemory;
  read(slot: SlotIndex, offset: number, length: number): Uint8Array;
  /** Writes the bytes in order, one at a time; a power cut may stop it after any byte. */
  write(slot: SlotIndex, offset: number, bytes: Uint8Array): void;
  /** Erases a slot to 0xFF, a page at a time; a power cut may stop it between pages. */
  erase(slot: SlotIndex): void;
}

/** Slot of a lock's image flash: 128 KiB, a common MCU's application half (ours). */
export const IMAGE_SLOT_BYTES = 128 * 1024;
export const CONTROL_BYTES = 2048;
const PAGE_BYTES = 1024;
/** The control area's pages: its two record copies (~200 bytes each) fill two of eight. */
const CONTROL_PAGE_BYTES = 256;

/** Pages as the store holds them, for carrying a lock's flash across a host restart. */
export interface ImageStoreSnapshot {
  readonly control: string;
  /** "slot:page" → base64 of the page's bytes. */
  readonly pages: Readonly<Record<string, string>>;
}

export class FakeImageStore implements ImageStore {
  readonly slotBytes: number;
  readonly control: NonVolatileMemory;
  readonly #supply = new FlashSupply();
  readonly #slots: readonly [PagedCells, PagedCells];
  readonly #control: PagedCells;

  constructor(slotBytes = IMAGE_SLOT_BYTES) {
    this.slotBytes = slotBytes;
    this.#slots = [
      new PagedCells(slotBytes, PAGE_BYTES, this.#supply),
      new PagedCells(slotBytes, PAGE_BYTES, this.#supply),
    ];
    // The control area is a NonVolatileMemory of its own, on the same supply.
    this.control = this.#control = new PagedCells(CONTROL_BYTES, CONTROL_PAGE_BYTES, this.#supply);
  }

  /** Bytes stored since creation (pages erased count one each), across slots and control area. */
  get bytesWritten(): number {
    return this.#supply.bytesWritten;
  }

  /** As FakeNonVolatileMemory.cutPowerAfterBytes: `byteCount` more bytes, then PowerCut; null for good. */
  cutPowerAfterBytes(byteCount: number | null): void {
    this.#supply.cutPowerAfterBytes(byteCount);
  }

  read(slot: SlotIndex, offset: number, length: number): Uint8Array {
    return this.#slots[slot].read(offset, length);
  }

  write(slot: SlotIndex, offset: number, bytes: Uint8Array): void {
    this.#slots[slot].write(offset, bytes);
  }

  erase(slot: SlotIndex): void {
    this.#slots[slot].erase();
  }

  /**
   * The page buffers this store holds, slot A's, B's, then the control area's (tests and
   * figures: a shared one is held once for every store that has it). Read them only.
   */
  heldPages(): readonly Uint8Array[] {
    return [...this.#slots, this.#control].flatMap((cells) => [...cells.pages().values()]);
  }

  /** The written pages and control area, to be carried over a restart (twin-state.ts). */
  snapshot(): ImageStoreSnapshot {
    const pages: Record<string, string> = {};
    this.#slots.forEach((cells, slot) => {
      for (const [page, bytes] of cells.pages()) pages[`${slot}:${page}`] = pageText(bytes);
    });
    return { control: toBase64(this.#control.read(0, CONTROL_BYTES)), pages };
  }

  static fromSnapshot(snapshot: ImageStoreSnapshot, slotBytes = IMAGE_SLOT_BYTES): FakeImageStore {
    const store = new FakeImageStore(slotBytes);
    const control = (fromBase64(snapshot.control) ?? new Uint8Array(0)).subarray(0, CONTROL_BYTES);
    for (let at = 0; at < control.length; at += CONTROL_PAGE_BYTES) {
      const bytes = control.subarray(at, at + CONTROL_PAGE_BYTES);
      if (bytes.some((b) => b !== 0xff)) store.#control.restore(at / CONTROL_PAGE_BYTES, bytes);
    }
    for (const [key, text] of Object.entries(snapshot.pages)) {
      const [slot, page] = key.split(":").map(Number) as [number, number];
      if (slot !== 0 && slot !== 1) continue;
      store.#slots[slot].restore(page, fromBase64(text) ?? new Uint8Array(0));
    }
    return store;
  }
}

/** Base64 of shared pages: one string for every store's snapshot (a shared page never changes). */
const sharedPageTexts = new WeakMap<Uint8Array, string>();

function pageText(bytes: Uint8Array): string {
  if (!isShared(bytes)) return toBase64(bytes);
  let text = sharedPageTexts.get(bytes);
  if (text === undefined) sharedPageTexts.set(bytes, (text = toBase64(bytes)));
  return text;
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_CODES = Uint8Array.from(B64, (c) => c.charCodeAt(0));
const PAD = "=".charCodeAt(0);
/** Character code → its 6 bits (-1: not base64). */
const B64_VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_VALUES[B64.charCodeAt(i)] = i;
/** Characters made into a string at once (an argument list's safe size). */
const STRING_PART = 8192;

/**
 * Base64 (RFC 4648) without a host API: core is pure and its lib has no btoa. The text is made
 * from character codes in one piece, not appended a character at a time: appending makes a
 * string of a node per step that V8 keeps until the text is read whole — about 1.7 MB for a
 * lock's flash snapshot, which a host's memory store kept for every updated lock (issue 14's
 * 10,000-lock rollout ran out of heap at the host's last save).
 */
export function toBase64(bytes: Uint8Array): string {
  const codes = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  let j = 0;
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = i + 1 < bytes.length ? bytes[i + 1]! : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2]! : 0;
    codes[j++] = B64_CODES[a >> 2]!;
    codes[j++] = B64_CODES[((a & 3) << 4) | (b >> 4)]!;
    codes[j++] = i + 1 < bytes.length ? B64_CODES[((b & 15) << 2) | (c >> 6)]! : PAD;
    codes[j++] = i + 2 < bytes.length ? B64_CODES[c & 63]! : PAD;
  }
  let out = "";
  for (let i = 0; i < codes.length; i += STRING_PART)
    out += String.fromCharCode(...codes.subarray(i, i + STRING_PART));
  return out;
}

/** Base64 back to bytes; null when the text is not base64. */
export function fromBase64(text: string): Uint8Array | null {
  if (typeof text !== "string" || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  const pad = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - pad);
  const value = (i: number): number => (i < text.length - pad ? B64_VALUES[text.charCodeAt(i)]! : 0);
  let j = 0;
  for (let i = 0; i < text.length; i += 4) {
    const n = (value(i) << 18) | (value(i + 1) << 12) | (value(i + 2) << 6) | value(i + 3);
    if (j < bytes.length) bytes[j++] = (n >> 16) & 255;
    if (j < bytes.length) bytes[j++] = (n >> 8) & 255;
    if (j < bytes.length) bytes[j++] = n & 255;
  }
  return bytes;
}
