// HMAC-SHA256 (RFC 2104), because stored user codes must be keyed hashes (rule B-SEC-7): a dump
// of the store without the device key cannot be brute-forced offline the way a bare hash of a
// four-to-ten digit code could. Short messages (a keypad entry) go through preallocated scratch
// buffers, which are wiped after each use so no key-derived bytes linger in them.

import { sha256, sha256ContinueInto, sha256Into, sha256Midstate } from "./sha256.ts";

const BLOCK = 64;
/** Longest message that fits the preallocated inner buffer; longer ones get a fresh buffer. */
const SCRATCH_MESSAGE = 64;

const innerScratch = new Uint8Array(BLOCK + SCRATCH_MESSAGE);
const outer = new Uint8Array(BLOCK + 32);
const keyDigest = new Uint8Array(32);

/**
 * Computes HMAC-SHA256 of the first `length` bytes of `message` under `key` into `out` at `at`,
 * allocating nothing for messages of up to 64 bytes.
 *
 * @param key - any length; keys longer than 64 bytes are hashed first, shorter ones zero-padded.
 * @param message - holds the data to authenticate in its first `length` bytes.
 * @param length - message length in bytes, at most `message.length`.
 * @param out - receives the 32-byte tag.
 * @param at - offset in `out` of the tag's first byte.
 */
export function hmacSha256Into(
  key: Uint8Array,
  message: Uint8Array,
  length: number,
  out: Uint8Array,
  at: number,
): void {
  let k = key;
  if (key.length > BLOCK) {
    sha256Into(key, key.length, keyDigest, 0);
    k = keyDigest;
  }
  const inner = length <= SCRATCH_MESSAGE ? innerScratch : new Uint8Array(BLOCK + length);
  inner.fill(0x36, 0, BLOCK);
  outer.fill(0x5c, 0, BLOCK);
  // Only the key's own bytes are read: reading past a typed array's end is slow in V8.
  for (let i = 0; i < k.length; i++) {
    inner[i] = k[i]! ^ 0x36;
    outer[i] = k[i]! ^ 0x5c;
  }
  for (let i = 0; i < length; i++) inner[BLOCK + i] = message[i]!;
  sha256Into(inner, BLOCK + length, outer, BLOCK);
  sha256Into(outer, BLOCK + 32, out, at);
  inner.fill(0, 0, BLOCK + length);
  outer.fill(0);
  keyDigest.fill(0);
}

/**
 * Computes HMAC-SHA256 of `message` under `key` (RFC 2104, with SHA-256 as in RFC 4231).
 *
 * @param key - any length; keys longer than 64 bytes are hashed first, shorter ones zero-padded.
 * @param message - the data to authenticate.
 * @returns a fresh 32-byte tag.
 */
export function hmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  hmacSha256Into(key, message, message.length, out, 0);
  return out;
}

/**
 * HMAC-SHA256 under one fixed key, with the key's two pads hashed once (RFC 2104 allows
 * precomputing them): each message then costs two compressions instead of four. For the
 * device key, which hashes every keypad entry.
 */
export class KeyedHmacSha256 {
  private readonly innerMid: Int32Array;
  private readonly outerMid: Int32Array;
  private readonly innerDigest = new Uint8Array(32);

  constructor(key: Uint8Array) {
    const k = key.length > BLOCK ? sha256(key) : key;
    const pad = new Uint8Array(BLOCK);
    pad.fill(0x36);
    for (let i = 0; i < k.length; i++) pad[i] = k[i]! ^ 0x36;
    this.innerMid = sha256Midstate(pad);
    pad.fill(0x5c);
    for (let i = 0; i < k.length; i++) pad[i] = k[i]! ^ 0x5c;
    this.outerMid = sha256Midstate(pad);
    pad.fill(0);
  }

  /** The tag of the first `length` bytes of `message`, into `out` at `at`. */
  into(message: Uint8Array, length: number, out: Uint8Array, at: number): void {
    sha256ContinueInto(this.innerMid, BLOCK, message, length, this.innerDigest, 0);
    sha256ContinueInto(this.outerMid, BLOCK, this.innerDigest, 32, out, at);
    this.innerDigest.fill(0);
  }
}
