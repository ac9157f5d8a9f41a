/**
 * The lock's side of a firmware update over the air (issue 14): it takes an image in chunks into
 * the slot that is not running, verifies it whole (format, Ed25519 signature by the key the lock
 * trusts, profile, no downgrade unless allowed), records it for the bootloader and asks for the
 * restart that activates it. It runs beside the reducer, as an MCU's OTA task runs beside its
 * application: the reducer never sees an update command, and nothing here runs per step.
 *
 * Every refusal has a stable code (`update.*`) and changes nothing the lock runs: the active
 * slot and the boot record are untouched until an image has verified.
 */
import type { LockProfile } from "../profile-types.ts";
import type {
  FirmwareStatus,
  RadioCommand,
  RadioReport,
  RefusalCode,
  UpdateProgress,
} from "../radio-types.ts";
import { MAX_UPDATE_CHUNK_BYTES, UPDATE_CHUNK_BYTES } from "../radio-types.ts";
import { crc32 } from "../storage/crc32.ts";
import type { BootRecord } from "./bootloader.ts";
import { commitBootRecord, factoryRecord, readBootRecord, runningVersion } from "./bootloader.ts";
import { decodeImage, signatureValid } from "./firmware-image.ts";
import { compareVersions } from "./firmware-versions.ts";
import type { ImageStore, SlotIndex } from "./image-store.ts";
import { SLOT_NAMES, fromBase64 } from "./image-store.ts";

export type UpdateCommand = Extract<
  RadioCommand,
  { type: "updateBegin" | "updateChunk" | "updateFinish" | "firmwareStatus" }
>;

const UPDATE_TYPES: ReadonlySet<string> = new Set([
  "updateBegin",
  "updateChunk",
  "updateFinish",
  "firmwareStatus",
]);

export function isUpdateCommand(command: RadioCommand): command is UpdateCommand {
  return typeof command === "object" && command !== null && UPDATE_TYPES.has(command.type);
}

export interface UpdatePorts {
  readonly store: ImageStore;
  /** The keys an image may be signed with (burned in at the factory); none: no updates. */
  readonly trustedKeys: readonly Uint8Array[];
  /** The version the lock was made with (slot A until the first update). */
  readonly factoryVersion: string;
  send(report: RadioReport): void;
  /**
   * Restart the lock so the bootloader activates the image; the lock answers `requestId` when it
   * is back up, with its status after the boot (the new version, or the old one and why).
   */
  restart(requestId: string): void;
}

interface Receiving {
  readonly slot: SlotIndex;
  readonly size: number;
  received: number;
}

/**
 * What the lock answers `firmwareStatus` with, read from the flash's boot record alone (no
 * agent needed: the twin shows it in its views without making one).
 */
export function firmwareStatusOf(store: ImageStore, factoryVersion: string): FirmwareStatus {
  const record = readBootRecord(store) ?? factoryRecord();
  const pending = record.trial && !record.trial.booted ? record.slots[record.trial.slot] : null;
  return {
    version: runningVersion(record, factoryVersion),
    slot: SLOT_NAMES[record.active],
    pending: pending?.version ?? null,
    last: record.last,
  };
}

export class UpdateAgent {
  private receiving: Receiving | null = null;

  constructor(
    private readonly profile: LockProfile,
    private readonly ports: UpdatePorts,
  ) {}

  /** The running version, as the boot record says. */
  version(): string {
    return runningVersion(readBootRecord(this.ports.store), this.ports.factoryVersion);
  }

  status(): FirmwareStatus {
    return firmwareStatusOf(this.ports.store, this.ports.factoryVersion);
  }

  /** A power cut or restart: what was being received is gone (the bytes stay, unrecorded). */
  reset(): void {
    this.receiving = null;
  }

  onCommand(command: UpdateCommand, requestId: string): void {
    const refuse = (code: RefusalCode, reason: string): void =>
      this.ports.send({ type: "result", requestId, ok: false, code, reason });
    switch (command.type) {
      case "firmwareStatus":
        return this.ok(requestId, this.status());
      case "updateBegin": {
        if (this.ports.trustedKeys.length === 0)
          return refuse("update.no-key", "this lock was made without an update key: it takes no updates");
        const size = command.size;
        if (!Number.isInteger(size) || size < 1)
          return refuse("command.invalid", "size is the image's length in bytes");
        if (size > this.ports.store.slotBytes)
          return refuse(
            "update.too-large",
            `an image is at most ${this.ports.store.slotBytes} bytes (this one ${size})`,
          );
        const record = readBootRecord(this.ports.store) ?? factoryRecord();
        if (record.trial && !record.trial.booted)
          return refuse("update.pending", "a verified image waits for the restart that activates it");
        const slot = (1 - record.active) as SlotIndex;
        this.receiving = null;
        // The slot is about to change: the record must stop vouching for what it held.
        if (record.slots[slot] !== null)
          commitBootRecord(this.ports.store, { ...record, slots: withSlot(record, slot, null) });
        this.ports.store.erase(slot);
        this.receiving = { slot, size, received: 0 };
        return this.ok(requestId, this.progress());
      }
      case "updateChunk": {
        const r = this.receiving;
        if (!r) return refuse("update.not-started", "no update is in progress: send updateBegin first");
        if (command.offset !== r.received)
          return refuse("update.sequence", `the next chunk starts at byte ${r.received}`);
        const bytes = typeof command.data === "string" ? fromBase64(command.data) : null;
        const most = this.chunkBytes();
        if (bytes === null || bytes.length === 0 || bytes.length > most)
          return refuse("update.chunk", `a chunk is 1–${most} bytes of base64`);
        if (r.received + bytes.length > r.size)
          return refuse("update.chunk", `the image is ${r.size} bytes: this chunk runs past its end`);
        this.ports.store.write(r.slot, r.received, bytes);
        r.received += bytes.length;
        return this.ok(requestId, this.progress());
      }
      case "updateFinish":
        return this.finish(command.allowDowngrade === true, requestId, refuse);
    }
  }

  private finish(
    allowDowngrade: boolean,
    requestId: string,
    refuse: (c: RefusalCode, r: string) => void,
  ): void {
    const r = this.receiving;
    if (!r) return refuse("update.not-started", "no update is in progress: send updateBegin first");
    if (r.received < r.size)
      return refuse(
        "update.truncated",
        `${r.received} of ${r.size} bytes arrived: send the rest, from byte ${r.received}`,
      );
    const bytes = this.ports.store.read(r.slot, 0, r.size);
    const decoded = decodeImage(bytes);
    const fail = (code: RefusalCode, reason: string): void => {
      this.receiving = null; // a refused image is not kept: the next update starts over
      refuse(code, reason);
    };
    if ("code" in decoded)
      return fail(decoded.code === "truncated" ? "update.truncated" : "update.format", decoded.reason);
    if (!this.ports.trustedKeys.some((key) => signatureValid(decoded, key)))
      return fail("update.signature", "the image is not signed by the key this lock trusts");
    const m = decoded.manifest;
    if (m.profile !== this.profile.id)
      return fail("update.profile", `the image is for ${m.profile}, this lock is a ${this.profile.id}`);
    const running = this.version();
    const order = compareVersions(m.version, running);
    if (order === 0) return fail("update.downgrade", `the lock already runs ${running}`);
    if (order < 0 && !allowDowngrade)
      return fail(
        "update.downgrade",
        `${m.version} is older than the running ${running}: allow a downgrade to install it`,
      );
    const record = readBootRecord(this.ports.store) ?? factoryRecord();
    commitBootRecord(this.ports.store, {
      ...record,
      slots: withSlot(record, r.slot, { version: m.version, length: r.size, crc: crc32(bytes) }),
      trial: { slot: r.slot, booted: false },
    });
    this.receiving = null;
    this.ports.restart(requestId);
  }

  private chunkBytes(): number {
    const radio = this.profile.radio;
    return radio === null ? MAX_UPDATE_CHUNK_BYTES : UPDATE_CHUNK_BYTES[radio];
  }

  private progress(): UpdateProgress {
    const r = this.receiving!;
    return { slot: SLOT_NAMES[r.slot], size: r.size, received: r.received, chunkBytes: this.chunkBytes() };
  }

  private ok(requestId: string, data: FirmwareStatus | UpdateProgress): void {
    this.ports.send({ type: "result", requestId, ok: true, data });
  }
}

function withSlot(
  record: BootRecord,
  slot: SlotIndex,
  image: BootRecord["slots"][number],
): BootRecord["slots"] {
  return slot === 0 ? [image, record.slots[1]] : [record.slots[0], image];
}
