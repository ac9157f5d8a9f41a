/**
 * The lock maker's releases, as the twin's app downloads them (issue 14): images signed with the
 * maker's key, which every twin trusts unless it was made with another (a hosted lock trusts its
 * hub's key, host/). The key is derived from a fixed phrase: this is a simulation's maker, whose
 * secret is public on purpose; the hub signs with a key of its own, kept in its data folder.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import type { LockProfile } from "../core/profile-types.ts";
import { buildSignedImage } from "../core/update/firmware-image.ts";
import { changesBetween, FIRST_VERSION } from "../core/update/firmware-versions.ts";

export const MAKER_SECRET_KEY: Uint8Array = sha256(
  new TextEncoder().encode("latchkey twin maker release key"),
);
/**
 * The public half of MAKER_SECRET_KEY, written out: deriving it (an Ed25519 scalar
 * multiplication and its precomputed tables) took ~0.1–0.2 s of every start of every thread
 * that loads the twin — each fleet worker included (issue 17). maker-release.test.ts checks
 * it is still `publicKeyOf(MAKER_SECRET_KEY)`.
 */
export const MAKER_PUBLIC_KEY: Uint8Array = Uint8Array.from(
  "802041f99653ef8571add6436123002f8f8d368e04340e854e056082f6c48b7a".match(/../g) ?? [],
  (byte) => parseInt(byte, 16),
);

/** Bytes of a release's program (ours: a small lock MCU's application). */
export const RELEASE_PROGRAM_BYTES = 24 * 1024;

const releases = new Map<string, Uint8Array>();

/** A program's bytes: deterministic filler standing in for machine code (the same version, the same bytes). */
export function programBytes(version: string, profileId: string, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = sha256(new TextEncoder().encode(`${profileId}@${version}`)).reduce(
    (h, b) => Math.imul(h ^ b, 16777619),
    2166136261,
  );
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 255;
  }
  return bytes;
}

/** The maker's signed image of `version` for a profile (made once, then reused). */
export function makerRelease(profile: LockProfile, version: string): Uint8Array {
  const key = `${profile.id}@${version}`;
  let image = releases.get(key);
  if (!image) {
    image = buildSignedImage(
      {
        version,
        profile: profile.id,
        changes: changesBetween(FIRST_VERSION, version).map((c) => c.text),
      },
      programBytes(version, profile.id, RELEASE_PROGRAM_BYTES),
      MAKER_SECRET_KEY,
    );
    releases.set(key, image);
  }
  return image;
}
