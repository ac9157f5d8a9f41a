/**
 * How long one firmware chunk takes over each radio (issue 14), so an update takes the time the
 * radio really takes. Chunk sizes are core's protocol (radio-types.ts UPDATE_CHUNK_BYTES); the
 * per-chunk times are ours, from the radios' published rates (docs/firmware.md):
 *
 * - Z-Wave: a Firmware Update Meta Data fragment is asked for (Get) and sent (Report), each an
 *   S2-encapsulated frame at 40 kbit/s with its ACK, routed through the mesh, and written to
 *   flash: 150 ms per 32-byte fragment (≈ 213 B/s, a 96 KiB image in about 7.7 minutes).
 * - Bluetooth LE: one 244-byte write with response per 30 ms connection interval (ATT MTU 247):
 *   ≈ 8.1 KB/s.
 * - Wi-Fi: one 4 KiB flash sector per chunk, 40 ms each (network round trip plus the sector's
 *   erase and program): ≈ 100 KB/s.
 */
import type { LockProfile } from "../core/profile-types.ts";
import { UPDATE_CHUNK_BYTES } from "../core/radio-types.ts";

export const CHUNK_MS: Readonly<Record<NonNullable<LockProfile["radio"]>, number>> = {
  zwave: 150,
  bluetooth: 30,
  wifi: 40,
};

/** Air time of a chunk of `bytes` (a short last chunk takes as long: the exchange is the cost). */
export function chunkAirMs(radio: NonNullable<LockProfile["radio"]>, bytes: number): number {
  return CHUNK_MS[radio] * Math.max(1, Math.ceil(bytes / UPDATE_CHUNK_BYTES[radio]));
}

/** A lock's restart into a new image: the bootloader's checks and the firmware's start (ours). */
export const RESTART_MS = 2000;
