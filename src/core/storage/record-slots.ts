// A two-slot commit protocol (in the style of ST X-CUBE-EEPROM and Zephyr NVS) so that a power
// loss in the middle of programming never corrupts stored codes: the change is either fully saved
// or not saved at all (rule B-PWR-8). The newest valid record is never touched; the new one is
// written into the other slot, and it only becomes valid when its last byte, the commit marker,
// lands.
//
// Memory layout. The memory is split into two equal slots of floor(sizeBytes / 2) bytes (slot 0 at
// offset 0, slot 1 right after it; an odd last byte is unused). Each slot holds at most one
// record, all integers little-endian:
//
//   slot offset   size  field
//   0             4     commit marker "LKR1" (4C 4B 52 31); anything else means "no record"
//   4             4     sequence number, u32
//   8             2     payload length n, u16
//   10            n     payload
//   10 + n        4     CRC-32 (IEEE) of bytes 0 .. 10 + n - 1 (marker, sequence, length, payload)
//
// A slot is valid when its marker is exactly "LKR1", the record fits in the slot and the CRC
// matches. Write order of a commit: (1) retire the target slot's marker to 00 00 00 00 if it reads
// "LKR1"; (2) payload; (3) sequence and length; (4) CRC; (5) marker. Any prefix of that sequence
// leaves the target slot without a whole "LKR1" marker over complete data, so it reads as invalid
// and the other slot (untouched) still answers; the CRC additionally catches bit rot.
//
// Sequence numbers compare by serial-number arithmetic (RFC 1982), so the u32 wrapping from
// 0xFFFFFFFF to 0 keeps working; in practice a lock programmed a thousand times a day would take
// over 11,000 years to wrap.

import type { NonVolatileMemory } from "../ports/non-volatile-memory.ts";
import { crc32 } from "./crc32.ts";

/** The committed-record marker "LKR1"; written last, so its presence means the record is complete. */
const COMMIT_MARKER = Uint8Array.of(0x4c, 0x4b, 0x52, 0x31);
/** What a superseded record's marker is overwritten with before its slot is reused. */
const RETIRED_MARKER = new Uint8Array(COMMIT_MARKER.length);

const MARKER_OFFSET = 0;
const SEQUENCE_OFFSET = 4;
const LENGTH_OFFSET = 8;
const HEADER_BYTES = 10;
const CRC_BYTES = 4;
const RECORD_OVERHEAD_BYTES = HEADER_BYTES + CRC_BYTES;
const MAX_PAYLOAD_BYTES = 0xffff;
const SLOT_COUNT = 2;
/** Sequence number of the first record ever written to erased memory. */
const FIRST_SEQUENCE = 1;
const HALF_SEQUENCE_SPACE = 0x8000_0000;

/** A record read back from storage. */
export interface StoredRecord {
  /** The bytes passed to {@link commitRecord}. */
  readonly payload: Uint8Array;
  /** Increases by one (mod 2^32) with every commit; the first commit on erased memory is 1. */
  readonly sequence: number;
}

interface SlotRecord extends StoredRecord {
  readonly slotIndex: number;
}

function slotSizeBytes(nvm: NonVolatileMemory): number {
  return Math.floor(nvm.sizeBytes / SLOT_COUNT);
}

/**
 * The largest payload, in bytes, that {@link commitRecord} accepts for this memory: one slot minus
 * the 14 bytes of marker, sequence, length and CRC (0 if the memory is too small for any record).
 */
export function slotCapacityBytes(nvm: NonVolatileMemory): number {
  return Math.max(0, Math.min(MAX_PAYLOAD_BYTES, slotSizeBytes(nvm) - RECORD_OVERHEAD_BYTES));
}

function hasCommitMarker(bytes: Uint8Array, at: number): boolean {
  for (let i = 0; i < COMMIT_MARKER.length; i++) {
    if (bytes[at + i] !== COMMIT_MARKER[i]) return false;
  }
  return true;
}

/** True when `a` comes after `b` in serial-number order (RFC 1982, 32-bit). */
function isNewerSequence(a: number, b: number): boolean {
  const distance = (a - b) >>> 0;
  return distance !== 0 && distance < HALF_SEQUENCE_SPACE;
}

/** Reads and validates the record in slot `slotIndex`; `null` if the slot holds no valid record. */
function readSlot(nvm: NonVolatileMemory, slotIndex: number): SlotRecord | null {
  const slotBytes = slotSizeBytes(nvm);
  if (slotBytes < RECORD_OVERHEAD_BYTES) return null;
  const base = slotIndex * slotBytes;
  const header = nvm.read(base, HEADER_BYTES);
  if (!hasCommitMarker(header, MARKER_OFFSET)) return null;
  const payloadBytes = new DataView(header.buffer, header.byteOffset, header.byteLength).getUint16(
    LENGTH_OFFSET,
    true,
  );
  const recordBytes = RECORD_OVERHEAD_BYTES + payloadBytes;
  if (recordBytes > slotBytes) return null;
  const record = nvm.read(base, recordBytes);
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  const crcOffset = HEADER_BYTES + payloadBytes;
  if (crc32(record.subarray(0, crcOffset)) !== view.getUint32(crcOffset, true)) return null;
  return {
    slotIndex,
    sequence: view.getUint32(SEQUENCE_OFFSET, true),
    payload: record.slice(HEADER_BYTES, crcOffset),
  };
}

function newestSlotRecord(nvm: NonVolatileMemory): SlotRecord | null {
  const first = readSlot(nvm, 0);
  const second = readSlot(nvm, 1);
  if (first === null) return second;
  if (second === null) return first;
  return isNewerSequence(second.sequence, first.sequence) ? second : first;
}

/**
 * The valid record with the highest sequence number (serial-number order, so wrap-around is safe),
 * or `null` when neither slot holds one (erased memory, or nothing ever completed a commit).
 */
export function readLatestRecord(nvm: NonVolatileMemory): StoredRecord | null {
  const newest = newestSlotRecord(nvm);
  return newest === null ? null : { payload: newest.payload, sequence: newest.sequence };
}

/** The full record image (marker, sequence, length, payload, CRC) for one slot. */
function encodeRecord(sequence: number, payload: Uint8Array): Uint8Array {
  const image = new Uint8Array(RECORD_OVERHEAD_BYTES + payload.length);
  const view = new DataView(image.buffer);
  image.set(COMMIT_MARKER, MARKER_OFFSET);
  view.setUint32(SEQUENCE_OFFSET, sequence, true);
  view.setUint16(LENGTH_OFFSET, payload.length, true);
  image.set(payload, HEADER_BYTES);
  const crcOffset = HEADER_BYTES + payload.length;
  view.setUint32(crcOffset, crc32(image.subarray(0, crcOffset)), true);
  return image;
}

/**
 * Saves `payload` as the new latest record, power-loss safely: it is written into the slot that
 * does not hold the newest valid record, marker last, so if power fails at any byte
 * {@link readLatestRecord} afterwards returns either the previous record or this one, whole.
 *
 * @throws RangeError if `payload` is longer than {@link slotCapacityBytes}.
 */
export function commitRecord(nvm: NonVolatileMemory, payload: Uint8Array): void {
  const capacityBytes = slotCapacityBytes(nvm);
  if (payload.length > capacityBytes || slotSizeBytes(nvm) < RECORD_OVERHEAD_BYTES) {
    throw new RangeError(
      `payload of ${payload.length} bytes does not fit a slot (capacity ${capacityBytes} bytes)`,
    );
  }
  const newest = newestSlotRecord(nvm);
  const targetSlot = newest === null ? 0 : 1 - newest.slotIndex;
  const sequence = newest === null ? FIRST_SEQUENCE : (newest.sequence + 1) >>> 0;
  const image = encodeRecord(sequence, payload);
  const base = targetSlot * slotSizeBytes(nvm);
  const crcOffset = HEADER_BYTES + payload.length;

  if (hasCommitMarker(nvm.read(base + MARKER_OFFSET, COMMIT_MARKER.length), 0)) {
    nvm.write(base + MARKER_OFFSET, RETIRED_MARKER);
  }
  nvm.write(base + HEADER_BYTES, image.subarray(HEADER_BYTES, crcOffset));
  nvm.write(base + SEQUENCE_OFFSET, image.subarray(SEQUENCE_OFFSET, HEADER_BYTES));
  nvm.write(base + crcOffset, image.subarray(crcOffset));
  nvm.write(base + MARKER_OFFSET, image.subarray(MARKER_OFFSET, SEQUENCE_OFFSET));
}

/**
 * Returns the memory to its erased state (every byte 0xFF), leaving no record. For factory
 * manufacturing only: it is not power-loss safe and destroys all stored codes.
 */
export function eraseAll(nvm: NonVolatileMemory): void {
  nvm.write(0, new Uint8Array(nvm.sizeBytes).fill(0xff));
}
