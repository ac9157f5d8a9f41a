/**
 * Which board revision a lock was built on (issue 14): A, B or C, fixed by its seed, about 5 % C.
 * Lock makers change parts between production runs; a firmware build made for some boards
 * fails its self-test on the others, which is how a bad build shows on part of a fleet.
 */
import type { BoardRevision } from "../core/update/firmware-image.ts";

/** Share of locks built on revision C (ours: one production run in twenty). */
export const BOARD_C_SHARE = 0.05;

export function boardRevisionOf(seed: number): BoardRevision {
  // A 32-bit mix of the seed (murmur3's finaliser), so neighbouring seeds get unrelated boards.
  let h = seed >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h = (h ^ (h >>> 16)) >>> 0;
  const u = h / 0x1_0000_0000;
  return u < BOARD_C_SHARE ? "C" : u < 0.5 ? "B" : "A";
}
