/**
 * The hub's firmware signing key (issue 14, decision 0021): an Ed25519 key made at the hub's
 * first start and kept in its data folder, readable by its owner only (mode 0600). The hub
 * signs the builds it sends to locks with it; the host burns its public half into the locks it
 * makes, beside the maker's. The secret never leaves this file and this process: no route,
 * log or report shows it.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { newSigningKey, publicKeyOf } from "../../core/update/firmware-image.ts";

export const SIGNING_KEY_FILE = "hub-firmware-signing.key";
const HEADER = "latchkey hub firmware signing key (Ed25519 secret, hex)";

export interface HubSigningKey {
  readonly secretKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** A key held in memory only (tests, benches): the same kind of key, never written anywhere. */
export function ephemeralSigningKey(): HubSigningKey {
  return newSigningKey((n) => new Uint8Array(randomBytes(n)));
}

/**
 * The key in `folder`, made on the first call (written with O_EXCL and mode 0600, so two hubs
 * starting together keep one key). A key file others can read is refused, as ssh refuses one:
 * whoever reads it can sign firmware every lock of this hub installs.
 */
export function openSigningKey(folder: string): HubSigningKey {
  const file = join(folder, SIGNING_KEY_FILE);
  try {
    const made = ephemeralSigningKey();
    writeFileSync(file, `${HEADER}\n${Buffer.from(made.secretKey).toString("hex")}\n`, {
      mode: 0o600,
      flag: "wx",
    });
    chmodSync(file, 0o600); // the umask cannot widen it, but a filesystem may ignore the mode
    return made;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  if (process.platform !== "win32" && (statSync(file).mode & 0o077) !== 0)
    throw new Error(`${file} can be read by others than its owner: chmod 600 it (it signs firmware)`);
  const lines = readFileSync(file, "utf8").split("\n");
  const hex = lines[1]?.trim() ?? "";
  if (lines[0] !== HEADER || !/^[0-9a-f]{64}$/.test(hex))
    throw new Error(`${file} is not a hub firmware signing key (move it away to make a new one)`);
  const secretKey = new Uint8Array(Buffer.from(hex, "hex"));
  return { secretKey, publicKey: publicKeyOf(secretKey) };
}

/** The public key as people compare it (hex), e.g. in GET firmware/releases. */
export function publicKeyHex(key: HubSigningKey): string {
  return Buffer.from(key.publicKey).toString("hex");
}
