/**
 * A signed firmware image (issue 14): what it is for, what it changes, the program itself, and
 * an Ed25519 signature over all of it. The lock verifies it with @noble/curves (pure, audited,
 * no host API: allowed in core by name, decision 0006 and 0017); the hub signs with the key in
 * its data folder.
 *
 * Layout, integers little-endian:
 *
 *   offset      size  field
 *   0           4     magic "LKFW" (4C 4B 46 57)
 *   4           1     format, 1
 *   5           1     reserved, 0
 *   6           2     manifest length m (u16, ≤ MAX_MANIFEST_BYTES)
 *   8           4     program length n (u32)
 *   12          m     manifest: ASCII JSON { version, profile, changes, boards? } (ascii-json.ts)
 *   12 + m      n     program
 *   12 + m + n  64    Ed25519 signature over bytes 0 .. 12 + m + n − 1
 *
 * Everything is checked before anything is believed: a short buffer is `truncated`, a bad
 * header or manifest is `format`, and only a signature that verifies makes the manifest true.
 */
import { ed25519 } from "@noble/curves/ed25519.js";
import { isVersion } from "./firmware-versions.ts";
import { decodeAsciiJson, encodeAsciiJson } from "./ascii-json.ts";

export const IMAGE_MAGIC = Uint8Array.of(0x4c, 0x4b, 0x46, 0x57);
export const IMAGE_FORMAT = 1;
export const IMAGE_HEADER_BYTES = 12;
export const SIGNATURE_BYTES = 64;
export const PUBLIC_KEY_BYTES = 32;
export const MAX_MANIFEST_BYTES = 2048;

/** Board revisions a lock may be built on (the twin gives each lock one, twin/board.ts). */
export const BOARD_REVISIONS = ["A", "B", "C"] as const;
export type BoardRevision = (typeof BOARD_REVISIONS)[number];

/** What an image says about itself (believed only once its signature verified). */
export interface ImageManifest {
  readonly version: string;
  /** The profile (lock model) the build is for: another model's image is refused. */
  readonly profile: string;
  /** What changed, as release notes. */
  readonly changes: readonly string[];
  /**
   * Board revisions the build was made for; absent = every revision. The new image's self-test
   * at its first boot fails on any other board, and the bootloader rolls back.
   */
  readonly boards?: readonly BoardRevision[];
}

export interface DecodedImage {
  readonly manifest: ImageManifest;
  readonly program: Uint8Array;
  /** The bytes the signature covers. */
  readonly signed: Uint8Array;
  readonly signature: Uint8Array;
}

/** Why an image cannot be read, as stable codes (update.<code> on the radio). */
export type ImageProblem = { readonly code: "truncated" | "format"; readonly reason: string };

export function encodeManifest(manifest: ImageManifest): Uint8Array {
  const bytes = encodeAsciiJson(manifest);
  if (bytes.length > MAX_MANIFEST_BYTES)
    throw new RangeError(`a manifest is at most ${MAX_MANIFEST_BYTES} bytes (this one ${bytes.length})`);
  return bytes;
}

/** The image with its signature, made by whoever holds the signing key (the hub). */
export function buildSignedImage(
  manifest: ImageManifest,
  program: Uint8Array,
  secretKey: Uint8Array,
): Uint8Array {
  const problem = manifestProblem(manifest);
  if (problem) throw new RangeError(problem);
  const m = encodeManifest(manifest);
  const signedLength = IMAGE_HEADER_BYTES + m.length + program.length;
  const image = new Uint8Array(signedLength + SIGNATURE_BYTES);
  const view = new DataView(image.buffer);
  image.set(IMAGE_MAGIC, 0);
  image[4] = IMAGE_FORMAT;
  view.setUint16(6, m.length, true);
  view.setUint32(8, program.length, true);
  image.set(m, IMAGE_HEADER_BYTES);
  image.set(program, IMAGE_HEADER_BYTES + m.length);
  image.set(ed25519.sign(image.subarray(0, signedLength), secretKey), signedLength);
  return image;
}

/** Reads an image's parts without trusting them (the signature is checked by `signatureValid`). */
export function decodeImage(image: Uint8Array): DecodedImage | ImageProblem {
  if (image.length < IMAGE_HEADER_BYTES)
    return { code: "truncated", reason: `${image.length} bytes is shorter than an image header` };
  for (let i = 0; i < IMAGE_MAGIC.length; i++)
    if (image[i] !== IMAGE_MAGIC[i]) return { code: "format", reason: "not a Latchkey firmware image" };
  if (image[4] !== IMAGE_FORMAT) return { code: "format", reason: `image format ${image[4]} is not known` };
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const m = view.getUint16(6, true);
  const n = view.getUint32(8, true);
  if (m === 0 || m > MAX_MANIFEST_BYTES)
    return { code: "format", reason: `a manifest of ${m} bytes (1–${MAX_MANIFEST_BYTES})` };
  const signedLength = IMAGE_HEADER_BYTES + m + n;
  const whole = signedLength + SIGNATURE_BYTES;
  if (image.length < whole)
    return { code: "truncated", reason: `the image says ${whole} bytes, ${image.length} arrived` };
  if (image.length > whole)
    return { code: "format", reason: `${image.length - whole} bytes after the signature` };
  const manifest = decodeAsciiJson(image.subarray(IMAGE_HEADER_BYTES, IMAGE_HEADER_BYTES + m));
  if (manifest === undefined) return { code: "format", reason: "the manifest is not ASCII JSON" };
  const problem = manifestProblem(manifest);
  if (problem) return { code: "format", reason: problem };
  return {
    manifest: manifest as ImageManifest,
    program: image.subarray(IMAGE_HEADER_BYTES + m, signedLength),
    signed: image.subarray(0, signedLength),
    signature: image.subarray(signedLength, whole),
  };
}

/** True when the signature over the image is the key's (Ed25519, RFC 8032; strict, no malleability). */
export function signatureValid(image: DecodedImage, publicKey: Uint8Array): boolean {
  if (publicKey.length !== PUBLIC_KEY_BYTES) return false;
  try {
    return ed25519.verify(image.signature, image.signed, publicKey);
  } catch {
    return false;
  }
}

function manifestProblem(raw: unknown): string | null {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return "the manifest is an object";
  const m = raw as Record<string, unknown>;
  for (const key of Object.keys(m))
    if (!["version", "profile", "changes", "boards"].includes(key))
      return `the manifest has an unknown field "${key}"`;
  if (!isVersion(m["version"])) return "version is MAJOR.MINOR.PATCH";
  if (typeof m["profile"] !== "string" || !/^[a-z0-9-]{1,40}$/.test(m["profile"]))
    return "profile is a profile id";
  const changes = m["changes"];
  if (
    !Array.isArray(changes) ||
    changes.length > 50 ||
    !changes.every((c) => typeof c === "string" && c.length > 0 && c.length <= 300)
  )
    return "changes is a list of up to 50 notes of 1–300 characters";
  const boards = m["boards"];
  if (
    boards !== undefined &&
    (!Array.isArray(boards) ||
      boards.length === 0 ||
      !boards.every((b) => (BOARD_REVISIONS as readonly unknown[]).includes(b)))
  )
    return `boards lists board revisions (${BOARD_REVISIONS.join(", ")})`;
  return null;
}

/** A new Ed25519 key pair (the hub makes one for its data folder). */
export function newSigningKey(randomBytes: (n: number) => Uint8Array): {
  secretKey: Uint8Array;
  publicKey: Uint8Array;
} {
  const secretKey = randomBytes(32);
  return { secretKey, publicKey: ed25519.getPublicKey(secretKey) };
}

/** The public key of a secret key. */
export function publicKeyOf(secretKey: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(secretKey);
}
