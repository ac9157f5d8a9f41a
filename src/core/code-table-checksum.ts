/**
 * A checksum of the whole user-code table (the `readChecksum` command), so a hub can check
 * cheaply that a lock still holds what it last confirmed, in the spirit of Z-Wave's User Code
 * Checksum (User Code Command Class v2). Z-Wave's CRC runs over the codes' digits; this lock
 * never holds digits (B-SEC-7), so ours runs over what it does hold:
 *
 *   for each slot 1…capacity, one ASCII line
 *     `<slot>|<full hash or "-" when free>|<validFromMs>|<validUntilMs>|<dayMask,fromMinute,untilMinute>|<usesLeft>|<"off" when switched off>\n`
 *   (an absent field is empty; the full hash as the 16 lowercase hex digits `hashCode` gives,
 *   though the lock keeps it as two integers), SHA-256 over the lines, the first 8 bytes as 16
 *   hex digits.
 *
 * Equal tables give equal checksums; any change to any slot — its code, window, schedule or
 * uses left, switched on or off — changes it (but with chance 2^-64). Because the full hash is keyed by the lock's
 * own secret, a hub cannot compute the value from the codes it sent: it remembers the checksum
 * it read when it last confirmed the table, slot by slot with `readSlot`, and compares.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { fullHashHex } from "./code-book.ts";
import type { PersistentState, StoredCode } from "./state.ts";

/** Bytes of SHA-256 kept. */
const CHECKSUM_BYTES = 8;

const cache = new WeakMap<readonly (StoredCode | null)[], string>();

/** The line of one slot in the checksum's input. */
export function checksumLine(slot: number, code: StoredCode | null): string {
  if (code === null) return `${slot}|-|||||\n`;
  const w = code.weekly;
  return `${slot}|${fullHashHex(code)}|${code.validFromMs ?? ""}|${code.validUntilMs ?? ""}|${
    w ? `${w.dayMask},${w.fromMinute},${w.untilMinute}` : ""
  }|${code.usesLeft ?? ""}|${code.disabled ? "off" : ""}\n`;
}

/** The code table's checksum: 16 lowercase hex digits. */
export function codeTableChecksum(persistent: Pick<PersistentState, "codes">): string {
  const codes = persistent.codes;
  const known = cache.get(codes);
  if (known !== undefined) return known;
  let text = "";
  codes.forEach((c, i) => (text += checksumLine(i + 1, c)));
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0x7f;
  const digest = sha256(bytes);
  let hex = "";
  for (let i = 0; i < CHECKSUM_BYTES; i++) hex += (digest[i] as number).toString(16).padStart(2, "0");
  cache.set(codes, hex);
  return hex;
}
