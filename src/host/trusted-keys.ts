/**
 * Firmware keys an operator tells a host to trust besides the maker's (issue 14): the hub's
 * public key, which a host in another process (`latchkey locks --trust-key`) cannot learn by
 * itself. It comes only from the operator — the command line or the environment — and never
 * over the lock link: anyone who can publish on the broker could otherwise make the locks
 * trust a key of their own and sign firmware for them.
 */
import { ed25519 } from "@noble/curves/ed25519.js";

/** Bounds what an environment variable or a command line can make the host hold and check. */
export const MAX_TRUSTED_KEYS = 8;

/**
 * One key as `GET firmware/releases` and `latchkey serve` print it: exactly 64 hex digits, a
 * point on Ed25519 of large order. Small-order points are refused because a signature under one
 * can verify for many messages; a strict parse keeps a typo from becoming a silent non-key.
 */
export function parseTrustedKey(text: string): Uint8Array | string {
  const hex = text.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    return `a firmware key is 64 hex digits (the hub's public_key), got ${JSON.stringify(hex.slice(0, 80))}`;
  }
  const bytes = Uint8Array.from(Buffer.from(hex, "hex"));
  try {
    if (ed25519.Point.fromBytes(bytes).isSmallOrder()) return `${hex} is not a usable Ed25519 public key`;
  } catch {
    return `${hex} is not an Ed25519 public key`;
  }
  return bytes;
}

/** Every key given, each checked; the first problem wins, so nothing half-trusted starts. */
export function parseTrustedKeys(texts: readonly string[]): Uint8Array[] | string {
  if (texts.length > MAX_TRUSTED_KEYS) return `at most ${MAX_TRUSTED_KEYS} firmware keys`;
  const keys: Uint8Array[] = [];
  for (const text of texts) {
    const key = parseTrustedKey(text);
    if (typeof key === "string") return key;
    if (!keys.some((k) => Buffer.from(k).equals(key))) keys.push(key);
  }
  return keys;
}
