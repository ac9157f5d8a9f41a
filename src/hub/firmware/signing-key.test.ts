/**
 * The hub's firmware signing key in its data folder (issue 14, decision 0021): made once with
 * mode 0600, the same key at every start, refused when others can read it or it is not a key.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildSignedImage, decodeImage, signatureValid } from "../../core/update/firmware-image.ts";
import { openSigningKey, publicKeyHex, SIGNING_KEY_FILE } from "./signing-key.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const folder = () => {
  const d = mkdtempSync(join(tmpdir(), "latchkey-key-"));
  dirs.push(d);
  return d;
};

describe("the hub's firmware signing key", () => {
  it("is made at the first start, readable by its owner only, and the same at the next start", () => {
    const dir = folder();
    const first = openSigningKey(dir);
    const file = join(dir, SIGNING_KEY_FILE);
    if (process.platform !== "win32") expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = openSigningKey(dir);
    expect(publicKeyHex(again)).toBe(publicKeyHex(first));
    expect(readFileSync(file, "utf8")).not.toContain(publicKeyHex(first)); // the file holds the secret, not a copy of the public key
    // What it signs, its public key verifies (the lock's own check, core/update/firmware-image.ts).
    const image = buildSignedImage(
      { version: "1.2.0", profile: "halo", changes: ["x"] },
      new Uint8Array(300),
      again.secretKey,
    );
    const decoded = decodeImage(image);
    if ("code" in decoded) throw new Error(decoded.reason);
    expect(signatureValid(decoded, first.publicKey)).toBe(true);
    expect(signatureValid(decoded, openSigningKey(folder()).publicKey)).toBe(false);
  });

  it.skipIf(process.platform === "win32")("refuses a key file others can read, as ssh does", () => {
    const dir = folder();
    openSigningKey(dir);
    chmodSync(join(dir, SIGNING_KEY_FILE), 0o644);
    expect(() => openSigningKey(dir)).toThrow(/chmod 600/);
  });

  it("refuses a file that is not a key, rather than signing with garbage", () => {
    const dir = folder();
    writeFileSync(join(dir, SIGNING_KEY_FILE), "hello\n", { mode: 0o600 });
    expect(() => openSigningKey(dir)).toThrow(/not a hub firmware signing key/);
  });
});
