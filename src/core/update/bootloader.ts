/**
 * The bootloader (issue 14, in the manner of MCUboot's swap-with-revert, done as two slots that
 * run where they are): at every power-up it reads its record, picks the slot to run, and on the
 * first boot of a new image runs that image's self-test — passing makes it the running image,
 * failing rolls back to the old one. Every change to the record is one two-copy commit
 * (record-slots.ts), so a power cut at any byte leaves the old record or the new one, and every
 * record names only images that were verified whole: the lock boots the old version or the
 * new one, never neither.
 *
 * No record at all is a lock that never updated: it runs the image it was made with in slot A.
 */
import { commitRecord, readLatestRecord } from "../storage/record-slots.ts";
import { crc32 } from "../storage/crc32.ts";
import type { BoardRevision } from "./firmware-image.ts";
import { decodeImage } from "./firmware-image.ts";
import type { ImageStore, SlotIndex } from "./image-store.ts";
import { isVersion } from "./firmware-versions.ts";
import { decodeAsciiJson, encodeAsciiJson } from "./ascii-json.ts";

/** A whole, verified image in a slot, as the record remembers it. */
export interface SlotImage {
  readonly version: string;
  readonly length: number;
  /** CRC-32 of the slot's first `length` bytes when it was verified: checked before each boot. */
  readonly crc: number;
}

export interface BootRecord {
  /** The slot that runs. */
  readonly active: SlotIndex;
  /** What each slot holds; null for a slot never written whole (or the factory image in A). */
  readonly slots: readonly [SlotImage | null, SlotImage | null];
  /** A new image waiting for its first boot (`booted` false) or booted and not yet confirmed. */
  readonly trial: { readonly slot: SlotIndex; readonly booted: boolean } | null;
  /** How the last update ended, for the hub: reported after the boot it happened in. */
  readonly last: {
    readonly version: string;
    readonly outcome: "updated" | "rolled-back";
    readonly reason?: string;
  } | null;
}

/** What a boot chose. */
export interface BootChoice {
  readonly slot: SlotIndex;
  readonly version: string;
  /** What this boot did about an update: nothing, took the new image, or went back to the old. */
  readonly event:
    | { readonly kind: "updated"; readonly version: string; readonly previous: string }
    | {
        readonly kind: "rolled-back";
        readonly version: string;
        readonly running: string;
        readonly reason: string;
      }
    | null;
}

export function readBootRecord(store: ImageStore): BootRecord | null {
  const rec = readLatestRecord(store.control);
  if (!rec) return null;
  const parsed = decodeAsciiJson(rec.payload);
  return typeof parsed === "object" && parsed !== null ? (parsed as BootRecord) : null;
}

export function commitBootRecord(store: ImageStore, record: BootRecord): void {
  commitRecord(store.control, encodeAsciiJson(record));
}

/** The record of a lock that never updated: the factory image in slot A. */
export function factoryRecord(): BootRecord {
  return { active: 0, slots: [null, null], trial: null, last: null };
}

/** The version the record says runs (the factory's when slot A was never rewritten). */
export function runningVersion(record: BootRecord | null, factoryVersion: string): string {
  if (!record) return factoryVersion;
  return record.slots[record.active]?.version ?? factoryVersion;
}

/** Whether the bytes in a slot are still the image the record verified. */
export function slotIntact(store: ImageStore, slot: SlotIndex, image: SlotImage): boolean {
  return image.length <= store.slotBytes && crc32(store.read(slot, 0, image.length)) === image.crc;
}

/**
 * The new image's self-test at its first boot: it must be whole, and made for this board
 * (a build for other boards cannot drive this one's motor and keypad: the test fails).
 */
export function selfTest(
  store: ImageStore,
  slot: SlotIndex,
  image: SlotImage,
  board: BoardRevision,
): string | null {
  if (!slotIntact(store, slot, image)) return "the new image in flash is damaged";
  const decoded = decodeImage(store.read(slot, 0, image.length));
  if ("code" in decoded) return `the new image cannot be read: ${decoded.reason}`;
  const boards = decoded.manifest.boards;
  if (boards && !boards.includes(board))
    return `self-test failed: the build is for boards ${boards.join(", ")}, this lock's board is ${board}`;
  return null;
}

/**
 * Power-up: decide what runs, writing the record as it goes (each write one commit; a cut in
 * one leaves the record before it, and the next boot decides again).
 */
export function boot(store: ImageStore, factoryVersion: string, board: BoardRevision): BootChoice {
  const record = readBootRecord(store);
  if (!record) return { slot: 0, version: factoryVersion, event: null };
  const old = runningVersion(record, factoryVersion);
  const trial = record.trial;
  if (trial) {
    const image = record.slots[trial.slot];
    const back = (reason: string): BootChoice => {
      commitBootRecord(store, {
        ...record,
        trial: null,
        last: { version: image?.version ?? "unknown", outcome: "rolled-back", reason },
      });
      return {
        slot: record.active,
        version: old,
        event: { kind: "rolled-back", version: image?.version ?? "unknown", running: old, reason },
      };
    };
    if (!image || !isVersion(image.version)) return back("the record names no image");
    // Booted before and never confirmed: it did not come up (a cut mid-trial counts as a failure).
    if (trial.booted) return back("the new version did not confirm its first boot");
    commitBootRecord(store, { ...record, trial: { slot: trial.slot, booted: true } });
    const failed = selfTest(store, trial.slot, image, board);
    if (failed) return back(failed);
    commitBootRecord(store, {
      active: trial.slot,
      slots: record.slots,
      trial: null,
      last: { version: image.version, outcome: "updated" },
    });
    return {
      slot: trial.slot,
      version: image.version,
      event: { kind: "updated", version: image.version, previous: old },
    };
  }
  const active = record.slots[record.active];
  if (active && !slotIntact(store, record.active, active)) {
    // The running image rotted in flash: the other slot, if it holds a whole image, runs instead.
    const other = (1 - record.active) as SlotIndex;
    const otherImage = record.slots[other];
    if (otherImage && slotIntact(store, other, otherImage)) {
      commitBootRecord(store, { ...record, active: other });
      return {
        slot: other,
        version: otherImage.version,
        event: {
          kind: "rolled-back",
          version: active.version,
          running: otherImage.version,
          reason: "the running image is damaged",
        },
      };
    }
  }
  return { slot: record.active, version: old, event: null };
}
