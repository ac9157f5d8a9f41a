/**
 * Each lock's setup passcode and discriminator, stable across restarts and different for
 * every lock: derived from the lock id under a random secret kept in the data folder
 * (never from the id alone — the passcode is what lets a controller in).
 */
import { createHmac, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Passcodes Matter forbids (Core §5.1.7.1): all one digit, 12345678, 87654321. */
const FORBIDDEN = new Set([
  0, 11111111, 22222222, 33333333, 44444444, 55555555, 66666666, 77777777, 88888888, 99999999, 12345678,
  87654321,
]);

export function loadPairingSecret(folder: string | null): Buffer {
  if (folder === null) return randomBytes(32);
  const file = join(folder, "pairing-secret");
  if (existsSync(file)) {
    const secret = readFileSync(file);
    if (secret.length === 32) return secret;
    throw new Error(`${file} is damaged (${secret.length} bytes, expected 32): remove it to make a new one`);
  }
  mkdirSync(folder, { recursive: true });
  const secret = randomBytes(32);
  writeFileSync(`${file}.tmp`, secret, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
  chmodSync(file, 0o600);
  return secret;
}

export function pairingOf(secret: Buffer, lockId: string): { passcode: number; discriminator: number } {
  const digest = createHmac("sha256", secret).update(`latchkey-matter:${lockId}`).digest();
  let passcode = (digest.readUInt32BE(0) % 99_999_998) + 1;
  while (FORBIDDEN.has(passcode)) passcode = (passcode % 99_999_998) + 1;
  const discriminator = digest.readUInt16BE(4) & 0x0fff;
  return { passcode, discriminator };
}
