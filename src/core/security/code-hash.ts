// Keyed hashing and constant-step comparison of user codes (rule B-SEC-7): "comparing an entry
// with the stored codes takes the same steps whatever the digits, and stored codes can be kept as
// keyed hashes, so that neither timing nor a dump of the store gives a code away."
// The store holds only `hashCode` results; an entry is hashed the same way and located with
// `findMatchingIndex`, which touches every slot and every character whatever the data.

// HMAC-SHA256 comes from @noble/hashes (audited, pure TypeScript, no host API, so the core
// stays portable: ARCHITECTURE.md v2); what is ours is which bytes get hashed and how they
// are compared.

import type { _HMAC } from "@noble/hashes/hmac.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";

/** What a code hash is for: a whole code, or a prefix checked while digits are still arriving. */
export type CodeHashPurpose = "full" | "prefix";

/**
 * Optional instrument for `findMatchingIndex` and `constantTimeEqualHex`: every character
 * position walked adds one to `steps`. Tests use it to show the work does not depend on the digits.
 */
export interface ComparisonCounter {
  steps: number;
}

/** Domain-separation byte put before the digits, so the two purposes give unrelated hashes. */
const PURPOSE_BYTE: Readonly<Record<CodeHashPurpose, number>> = { full: 0x01, prefix: 0x02 };

/** Bytes kept from the 32-byte tag: 64 bits is ample for codes that are at most 10 digits long. */
const HASH_BYTES = 8;

/** Scratch for the purpose byte and digits of ordinary entries, and for the tag; wiped after use. */
const MESSAGE_SCRATCH = new Uint8Array(32);
const TAG = new Uint8Array(32);

const HEX_PAIRS: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/**
 * Formats bytes as lowercase hex, two characters per byte.
 *
 * @param bytes - the bytes to format.
 * @returns a string of `2 * bytes.length` characters from `0-9a-f`.
 */
export function bytesToHex(bytes: Uint8Array): string {
  let hex = "";
  for (let i = 0; i < bytes.length; i++) hex += HEX_PAIRS[bytes[i]!]!;
  return hex;
}

/** Value of one hex digit's char code, or -1 when it is not a hex digit. */
function nibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

/**
 * Parses a device key given as hex (either case), e.g. from provisioning.
 *
 * @param hex - a non-empty, even-length string of hex digits.
 * @returns the key bytes.
 * @throws RangeError when `hex` is empty, of odd length, or holds a non-hex character.
 */
export function deviceKeyFromHex(hex: string): Uint8Array {
  if (hex.length === 0 || hex.length % 2 !== 0) {
    throw new RangeError(`device key must be a non-empty, even-length hex string (got ${hex.length} chars)`);
  }
  const key = new Uint8Array(hex.length / 2);
  for (let i = 0; i < key.length; i++) {
    const hi = nibble(hex.charCodeAt(2 * i));
    const lo = nibble(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) throw new RangeError(`device key has a non-hex character near position ${2 * i}`);
    key[i] = (hi << 4) | lo;
  }
  return key;
}

type KeyedHmac = _HMAC<ReturnType<typeof sha256.create>>;

/**
 * The device key's HMAC with both pads already hashed (RFC 2104 allows it): each entry then
 * costs two SHA-256 compressions instead of four, about 2 µs instead of 10 (a lock hashes
 * every keypad entry). Each hash clones it into one scratch instance, so nothing is allocated.
 */
const keyed = new WeakMap<Uint8Array, KeyedHmac>();
let scratch: KeyedHmac | undefined;
function keyedHmac(deviceKey: Uint8Array): KeyedHmac {
  let h = keyed.get(deviceKey);
  if (!h) {
    h = hmac.create(sha256, deviceKey);
    keyed.set(deviceKey, h);
  }
  scratch = h._cloneInto(scratch);
  return scratch;
}

/**
 * Hashes a user code for storage or lookup: the first 8 bytes of
 * HMAC-SHA256(deviceKey, purposeByte ‖ ASCII digits), as 16 lowercase hex characters.
 *
 * @param deviceKey - the per-device secret; without it a dump of the store cannot be brute-forced.
 * @param purpose - `"full"` for a whole code, `"prefix"` for a leading part; the two never collide.
 * @param digits - the code as `0`-`9` characters, already normalised by the caller.
 * @returns 16 lowercase hex characters.
 * @throws RangeError when `digits` holds anything but `0`-`9` (checked without an early exit).
 */
export function hashCode(deviceKey: Uint8Array, purpose: CodeHashPurpose, digits: string): string {
  const length = 1 + digits.length;
  const message = length <= MESSAGE_SCRATCH.length ? MESSAGE_SCRATCH : new Uint8Array(length);
  message[0] = PURPOSE_BYTE[purpose];
  let bad = 0;
  for (let i = 0; i < digits.length; i++) {
    const code = digits.charCodeAt(i);
    bad |= ((code - 48) | (57 - code)) >>> 31;
    message[i + 1] = code;
  }
  if (bad !== 0) {
    message.fill(0, 0, length);
    throw new RangeError("a code may hold only the digits 0-9");
  }
  keyedHmac(deviceKey).update(message.subarray(0, length)).digestInto(TAG);
  message.fill(0, 0, length);
  let hex = "";
  for (let i = 0; i < HASH_BYTES; i++) hex += HEX_PAIRS[TAG[i]!]!;
  TAG.fill(0);
  return hex;
}

/**
 * Walks the longer of `a` and `b` to the end and returns 0 when they are equal, a positive number
 * otherwise. Past the end of the shorter string `charCodeAt` gives NaN, which `| 0` turns into 0.
 */
function hexDifference(a: string, b: string, counter?: ComparisonCounter): number {
  const length = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  for (let i = 0; i < length; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  if (counter !== undefined) counter.steps += length;
  return diff;
}

/**
 * Compares two hex strings without an early exit: every character of the longer one is walked,
 * so the time taken does not reveal how many leading characters match.
 *
 * @param a - one hex string.
 * @param b - the other hex string.
 * @param counter - optional instrument; gains one step per character position walked.
 * @returns true when the strings are identical; false otherwise, including for unequal lengths.
 */
export function constantTimeEqualHex(a: string, b: string, counter?: ComparisonCounter): boolean {
  return hexDifference(a, b, counter) === 0;
}

/**
 * Finds which stored hash equals `target`, walking every slot whatever the data: an empty slot
 * (`null`) is compared against a dummy of the target's length, and the result is chosen with
 * masks rather than branches, so a match in the first slot, the last slot or none costs the same.
 *
 * @param candidates - stored hashes, `null` for an empty slot.
 * @param target - the hash of the entry being checked.
 * @param counter - optional instrument; gains one step per character position walked.
 * @returns the index of the first matching slot, or -1 when none matches.
 */
export function findMatchingIndex(
  candidates: readonly (string | null)[],
  target: string,
  counter?: ComparisonCounter,
): number {
  const dummy = "-".repeat(target.length);
  let index = -1;
  let found = 0;
  for (let i = 0; i < candidates.length; i++) {
    const candidate = candidates[i];
    const occupied = +(candidate != null);
    const diff = hexDifference(candidate ?? dummy, target, counter);
    const equal = ((diff | -diff) >>> 31) ^ 1;
    const take = -(equal & occupied & (found ^ 1));
    index = (index & ~take) | (i & take);
    found |= equal & occupied;
  }
  return index;
}
