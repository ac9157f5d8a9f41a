/**
 * The lock's own secret (B-SEC-7, issue 16): 16 random bytes drawn once, when the lock is
 * made, that key every code hash it stores. Each lock has its own, so a dump of one lock's
 * store says nothing about another's, and without the secret a stored hash cannot be tried
 * against all 10^4–10^10 codes offline. It lives in the lock's store with the codes it keys
 * (PersistentState.secret), survives a factory reset (the codes it keyed are gone, but the
 * lock is the same lock), and is never reported: not over the radio, in the history, the
 * telemetry, a snapshot or an exported scenario.
 *
 * Randomness never enters the core by itself (STYLE.md rule 1): the bytes come through the
 * `Entropy` port or as data (a twin's seeded source, a host's `crypto.randomBytes`). Held as
 * unpadded base64url text, 22 characters, because the stored record is ASCII JSON and the
 * core state's size is a budget (bench/: 2 KB a lock); hex would take 32.
 */

/** Bytes of secret a lock is made with: 128 bits, the HMAC-SHA256 key length RFC 2104 asks for at least half of. */
export const DEVICE_SECRET_BYTES = 16;

/** A lock's secret as it is stored: 22 characters of unpadded base64url. */
export type DeviceSecret = string;

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/** 16 bytes are 128 bits: 21 full characters and one carrying the last 2 bits (its low 4 bits 0). */
const SECRET_PATTERN = /^[A-Za-z0-9_-]{21}[AQgw]$/;

/**
 * The stored form of 16 bytes of secret.
 *
 * @param bytes - exactly DEVICE_SECRET_BYTES bytes from an entropy source.
 * @throws RangeError for any other length (a bug in whoever drew them).
 */
export function deviceSecretFromBytes(bytes: Uint8Array): DeviceSecret {
  if (bytes.length !== DEVICE_SECRET_BYTES) {
    throw new RangeError(`a device secret is ${DEVICE_SECRET_BYTES} bytes, not ${bytes.length}`);
  }
  // Character codes gathered, then one flat string: grown by `+=` it would be a rope of 22
  // nodes, ~700 bytes kept by every lock that holds its secret (bench/core-state-size).
  const chars: number[] = [];
  let bits = 0;
  let held = 0;
  for (const b of bytes) {
    held = (held << 8) | b;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      chars.push(ALPHABET.charCodeAt((held >>> bits) & 63));
    }
    held &= (1 << bits) - 1;
  }
  if (bits > 0) chars.push(ALPHABET.charCodeAt((held << (6 - bits)) & 63));
  return String.fromCharCode(...chars);
}

/** Whether `v` is a well-formed stored secret (the one canonical text of 16 bytes). */
export function isDeviceSecret(v: unknown): v is DeviceSecret {
  return typeof v === "string" && SECRET_PATTERN.test(v);
}

/**
 * The 16 bytes of a stored secret, the key of the lock's code hashes.
 *
 * @throws RangeError when `secret` is not a well-formed secret (a bug: the store's decoder
 *   refuses such records, so the firmware never holds one).
 */
export function deviceSecretBytes(secret: DeviceSecret): Uint8Array {
  if (!isDeviceSecret(secret)) throw new RangeError("not a device secret (22 characters of base64url)");
  const out = new Uint8Array(DEVICE_SECRET_BYTES);
  let bits = 0;
  let held = 0;
  let at = 0;
  for (let i = 0; i < secret.length; i++) {
    held = (held << 6) | ALPHABET.indexOf(secret.charAt(i));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (at < out.length) out[at++] = (held >>> bits) & 0xff;
    }
    held &= (1 << bits) - 1;
  }
  return out;
}
