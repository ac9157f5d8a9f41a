/**
 * A hosted lock's stored-record memory: the fleet's compact image (a few hundred bytes, not
 * 8 KiB, for 10,000 locks in one process) that also notes when the firmware wrote to it, so
 * the host saves the lock to its database before it answers — a stored code is never only in
 * memory when a request returns.
 */
import type { NonVolatileMemory } from "../core/ports/non-volatile-memory.ts";
import { CompactNonVolatileMemory } from "../twin/fleet/compact-memory.ts";
import { NVM_BYTES } from "../twin/lock-twin.ts";

export class TrackedMemory implements NonVolatileMemory {
  private readonly inner = new CompactNonVolatileMemory(NVM_BYTES);
  /** Writes since the host last saved the lock. */
  written = false;

  get sizeBytes(): number {
    return this.inner.sizeBytes;
  }

  read(offset: number, length: number): Uint8Array {
    return this.inner.read(offset, length);
  }

  write(offset: number, bytes: Uint8Array): void {
    this.written = true;
    this.inner.write(offset, bytes);
  }
}
