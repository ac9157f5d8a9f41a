// Keyed hashing of user codes (rule B-SEC-7): "comparing an entry with the stored codes takes
// the same steps whatever the digits, and stored codes can be kept as keyed hashes, so that
// neither timing nor a dump of the store gives a code away." The store holds only `hashCode`
// results under the lock's own secret (device-secret.ts); an entry is hashed the same way and
// compared, word by word with no early exit, with every slot and the programming code by
// code-book.ts.
// HMAC-SHA256 comes from @noble/hashes (audited, pure TypeScript, no host API, so the core
// stays portable: ARCHITECTURE.md v2, docs/decisions/0006); what is ours is which bytes are
// hashed and how the results are compared. A lock keeps the tags as integers, not text
// (state.ts `StoredCode`): `tagWord` and `tagHex` turn one into the other.

import type { _HMAC } from "@noble/hashes/hmac.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import type { DeviceSecret } from "./device-secret.ts";
import { deviceSecretBytes } from "./device-secret.ts";

/** What a code hash is for: a whole code, or a prefix checked for B-CODE-4. */
export type CodeHashPurpose = "full" | "prefix";

/**
 * Optional instrument for the comparisons: every 32-bit word compared (code-book.ts) adds one
 * to `steps`. Tests use it to show the work does not depend
 * on the digits.
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

/** Character codes of the hex digits, and scratch for a hash's characters. */
const HEX_DIGIT_CODES: readonly number[] = Array.from("0123456789abcdef", (c) => c.charCodeAt(0));
const HEX_CHARS: number[] = new Array<number>(2 * HASH_BYTES).fill(0);

type KeyedHmac = _HMAC<ReturnType<typeof sha256.create>>;

/**
 * A secret's HMAC with both pads already hashed (RFC 2104 allows it): each entry then costs
 * two SHA-256 compressions instead of four, about 2 µs instead of 10 (a lock hashes every
 * keypad entry). Each hash clones it into one scratch instance, so nothing is allocated.
 * Locks are run one at a time (a fleet runs each lock's year in turn), so a few recent
 * secrets are kept, not one per lock: at most KEYED_CACHE_SIZE, forgotten all at once when full.
 */
const KEYED_CACHE_SIZE = 64;
const keyedBySecret = new Map<DeviceSecret, KeyedHmac>();
let lastSecret: DeviceSecret | undefined;
let lastKeyed: KeyedHmac | undefined;
let scratch: KeyedHmac | undefined;

function keyedHmac(secret: DeviceSecret): KeyedHmac {
  let h = secret === lastSecret ? lastKeyed : keyedBySecret.get(secret);
  if (h === undefined) {
    const key = deviceSecretBytes(secret);
    h = hmac.create(sha256, key);
    key.fill(0);
    if (keyedBySecret.size >= KEYED_CACHE_SIZE) keyedBySecret.clear();
    keyedBySecret.set(secret, h);
  }
  lastSecret = secret;
  lastKeyed = h;
  scratch = h._cloneInto(scratch);
  return scratch;
}

/**
 * Hashes a user code for storage or lookup: the first 8 bytes of
 * HMAC-SHA256(secret, purposeByte ‖ ASCII digits), as 16 lowercase hex characters.
 *
 * @param secret - the lock's own secret; without it a dump of the store cannot be brute-forced.
 * @param purpose - `"full"` for a whole code, `"prefix"` for a leading part; the two never collide.
 * @param digits - the code as `0`-`9` characters, already normalised by the caller.
 * @returns 16 lowercase hex characters.
 * @throws RangeError when `digits` holds anything but `0`-`9` (checked without an early exit),
 *   or `secret` is not a device secret.
 */
export function hashCode(secret: DeviceSecret, purpose: CodeHashPurpose, digits: string): string {
  if (memo === null) return computeHash(secret, purpose, digits);
  if (secret !== memoSecret) {
    memo.clear();
    memoSecret = secret;
  }
  const key = purpose === "full" ? digits : `p${digits}`;
  let hex = memo.get(key);
  if (hex === undefined) {
    hex = computeHash(secret, purpose, digits);
    if (memo.size >= MEMO_SIZE) memo.clear();
    memo.set(key, hex);
  }
  return hex;
}

/**
 * Hashes remembered while `withCodeHashMemo` runs: the last lock's, at most MEMO_SIZE, keyed
 * by the digits. Off (null) otherwise — see withCodeHashMemo for why.
 */
let memo: Map<string, string> | null = null;
let memoSecret: DeviceSecret | undefined;
const MEMO_SIZE = 16;

/**
 * Runs `run` with code hashes memoised: a fleet simulation's households type the same code
 * every day, and a hash costs ~1.4 µs, a tenth of a simulated lock-day (issue 17). Only for
 * simulations nobody attacks: a memo keeps recently typed digits in memory and makes an
 * entry's hashing time depend on what was typed before, which B-SEC-7 forbids a real lock (and
 * the server's locks), so it is scoped to the call and forgotten after it
 * (docs/decisions/0011-code-hash-memo-in-fleets.md). The hashes are the same either way.
 */
export function withCodeHashMemo<T>(run: () => T): T {
  if (memo !== null) return run();
  memo = new Map();
  try {
    return run();
  } finally {
    memo.clear();
    memo = null;
    memoSecret = undefined;
  }
}

function computeHash(secret: DeviceSecret, purpose: CodeHashPurpose, digits: string): string {
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
  keyedHmac(secret).update(message.subarray(0, length)).digestInto(TAG);
  message.fill(0, 0, length);
  // One flat string made at once: built by `+=`, a 16-character hash is a chain of string pieces
  // that a stored code keeps (~64 bytes instead of 28; bench core-state-size, issue 17).
  for (let i = 0; i < HASH_BYTES; i++) {
    const byte = TAG[i]!;
    HEX_CHARS[2 * i] = HEX_DIGIT_CODES[byte >> 4]!;
    HEX_CHARS[2 * i + 1] = HEX_DIGIT_CODES[byte & 15]!;
  }
  TAG.fill(0);
  const hex = String.fromCharCode.apply(null, HEX_CHARS);
  HEX_CHARS.fill(0);
  return hex;
}

/**
 * Stored codes keep their prefix tag as a 24-bit integer (the first 6 hex characters of its
 * hash, code-book.ts); this is the value for "no prefix rule" (B-CODE-4), never a tag.
 */
export const NO_PREFIX = -1;

/**
 * The integer written by `chars` (at most 8) lowercase hex characters of a hash from `at`, as
 * a signed 32-bit integer: `parseInt(hex.slice(at, at + chars), 16) | 0` without making a
 * string per entry (issue 17). Signed so that V8 keeps the word unboxed (a Smi, 32 bits on a
 * 64-bit Node), in an object as in a variable: a word over 2^31 would be a boxed heap number.
 */
export function tagWord(hex: string, at: number, chars: number): number {
  let word = 0;
  for (let i = at; i < at + chars; i++) {
    const c = hex.charCodeAt(i);
    word = word * 16 + (c <= 57 ? c - 48 : c - 87);
  }
  return word | 0;
}

/** The inverse of `tagWord`: `word`'s low `chars` hex digits (at most 8), lowercase, zero-padded. */
export function tagHex(word: number, chars: number): string {
  return (word >>> 0)
    .toString(16)
    .padStart(8, "0")
    .slice(8 - chars);
}
