// SHA-256 (FIPS 180-4) in plain 32-bit integer arithmetic, because the firmware core may not
// reach for the host's crypto module (STYLE.md rule 1) yet must keep user codes only as keyed
// hashes (rule B-SEC-7). The message schedule, state and padding tail are preallocated once so a
// hash of a short keypad entry allocates nothing but its 32-byte result.

/** Round constants: the first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

/** Initial hash value: the first 32 bits of the fractional parts of the square roots of the first 8 primes. */
const IV = Int32Array.from([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

const W = new Int32Array(64);
const H = new Int32Array(8);
const TAIL = new Uint8Array(128);

/** Mixes the 64-byte block of `src` starting at `at` into the running state `H`. */
function compress(src: Uint8Array, at: number): void {
  for (let i = 0; i < 16; i++, at += 4) {
    W[i] = (src[at]! << 24) | (src[at + 1]! << 16) | (src[at + 2]! << 8) | src[at + 3]!;
  }
  for (let i = 16; i < 64; i++) {
    const x = W[i - 15]!;
    const y = W[i - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = H[0]!,
    b = H[1]!,
    c = H[2]!,
    d = H[3]!,
    e = H[4]!,
    f = H[5]!,
    g = H[6]!,
    h = H[7]!;
  for (let i = 0; i < 64; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  H[0] = H[0]! + a;
  H[1] = H[1]! + b;
  H[2] = H[2]! + c;
  H[3] = H[3]! + d;
  H[4] = H[4]! + e;
  H[5] = H[5]! + f;
  H[6] = H[6]! + g;
  H[7] = H[7]! + h;
}

/**
 * Computes the SHA-256 digest of the first `length` bytes of `bytes` into `out` at `at`,
 * allocating nothing, so callers on the keypad path can reuse scratch buffers.
 *
 * @param bytes - holds the message in its first `length` bytes.
 * @param length - message length in bytes, at most `bytes.length`.
 * @param out - receives the 32-byte digest; may be `bytes` itself, as it is written only at the end.
 * @param at - offset in `out` of the digest's first byte.
 */
export function sha256Into(bytes: Uint8Array, length: number, out: Uint8Array, at: number): void {
  H.set(IV);
  finish(bytes, length, length, out, at);
}

/**
 * The state after hashing one 64-byte block from the start — an HMAC key pad, which is the
 * same for every message under that key, so it need be hashed only once.
 */
export function sha256Midstate(block: Uint8Array): Int32Array {
  H.set(IV);
  compress(block, 0);
  return Int32Array.from(H);
}

/**
 * Like `sha256Into`, but continuing from a midstate that already took `doneBytes` (a multiple
 * of 64) of the message.
 */
export function sha256ContinueInto(
  midstate: Int32Array,
  doneBytes: number,
  bytes: Uint8Array,
  length: number,
  out: Uint8Array,
  at: number,
): void {
  H.set(midstate);
  finish(bytes, length, doneBytes + length, out, at);
}

function finish(bytes: Uint8Array, length: number, totalLength: number, out: Uint8Array, at: number): void {
  const whole = length - (length % 64);
  for (let i = 0; i < whole; i += 64) compress(bytes, i);

  // Padding: the leftover bytes, a single 1 bit, zeros, then the bit length as a 64-bit big-endian.
  const rest = length - whole;
  const tailLength = rest < 56 ? 64 : 128;
  TAIL.fill(0);
  for (let i = 0; i < rest; i++) TAIL[i] = bytes[whole + i]!;
  TAIL[rest] = 0x80;
  const high = Math.floor(totalLength / 0x20000000);
  const low = (totalLength << 3) >>> 0;
  for (let i = 0; i < 4; i++) {
    TAIL[tailLength - 8 + i] = high >>> (24 - 8 * i);
    TAIL[tailLength - 4 + i] = low >>> (24 - 8 * i);
  }
  compress(TAIL, 0);
  if (tailLength === 128) compress(TAIL, 64);

  for (let i = 0; i < 8; i++, at += 4) {
    const word = H[i]!;
    out[at] = word >>> 24;
    out[at + 1] = word >>> 16;
    out[at + 2] = word >>> 8;
    out[at + 3] = word;
  }
}

/**
 * Computes the SHA-256 digest of `bytes` (FIPS 180-4).
 *
 * @param bytes - the whole message; any length up to 2^53 - 1 bytes.
 * @returns a fresh 32-byte digest.
 */
export function sha256(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  sha256Into(bytes, bytes.length, out, 0);
  return out;
}
