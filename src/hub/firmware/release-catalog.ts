/**
 * The releases the hub can send (issue 14, decision 0021): every version in the firmware's own
 * table (core's FIRMWARE_RELEASES, the maker's program for each model with a radio) and the
 * builds an owner published on this hub. The hub makes each image with its signing key, the
 * same LKFW format the lock verifies (core/update/firmware-image.ts): signing is deterministic
 * (Ed25519), so an image is rebuilt from its row and never stored.
 */
import { getProfile, PROFILE_IDS } from "../../core/profiles/index.ts";
import type { BoardRevision } from "../../core/update/firmware-image.ts";
import { buildSignedImage } from "../../core/update/firmware-image.ts";
import { compareVersions, FIRMWARE_RELEASES } from "../../core/update/firmware-versions.ts";
import { programBytes, RELEASE_PROGRAM_BYTES } from "../../twin/maker-release.ts";
import type { HubSigningKey } from "./signing-key.ts";
import type { StoredRelease } from "./firmware-store.ts";

export interface CatalogRelease {
  readonly profileId: string;
  readonly version: string;
  readonly changes: readonly string[];
  /** Board revisions the build is for; null: every one. */
  readonly boards: readonly BoardRevision[] | null;
  readonly programBytes: number;
  /** "firmware": in the firmware's own release table; "published": a build published on this hub. */
  readonly origin: "firmware" | "published";
  readonly publishedAtMs: number | null;
}

/** Models whose firmware can be sent over the air (a lock without a radio cannot take an update). */
export function updatableProfiles(): string[] {
  return PROFILE_IDS.filter((id) => getProfile(id)?.radio != null);
}

/** The firmware's own releases, for each model with a radio. */
export function builtInReleases(): CatalogRelease[] {
  return updatableProfiles().flatMap((profileId) =>
    FIRMWARE_RELEASES.map((r) => ({
      profileId,
      version: r.version,
      changes: r.changes.map((c) => c.text),
      boards: null,
      programBytes: RELEASE_PROGRAM_BYTES,
      origin: "firmware" as const,
      publishedAtMs: null,
    })),
  );
}

/** Every release: the firmware's own, then published builds (a published version never shadows one). */
export function catalogOf(published: readonly StoredRelease[]): CatalogRelease[] {
  const all = builtInReleases();
  const known = new Set(all.map((r) => `${r.profileId}@${r.version}`));
  for (const p of published) {
    if (known.has(`${p.profileId}@${p.version}`)) continue;
    all.push({ ...p, origin: "published" });
  }
  return all.sort((a, b) => a.profileId.localeCompare(b.profileId) || compareVersions(a.version, b.version));
}

/** The newest release for a model, or undefined. */
export function latestFor(catalog: readonly CatalogRelease[], profileId: string): CatalogRelease | undefined {
  let best: CatalogRelease | undefined;
  for (const r of catalog)
    if (r.profileId === profileId && (!best || compareVersions(r.version, best.version) > 0)) best = r;
  return best;
}

const images = new Map<string, Uint8Array>();
const MAX_CACHED_IMAGES = 64;

/** The signed image of a release (made once per key and release, then reused). */
export function imageOf(release: CatalogRelease, key: HubSigningKey): Uint8Array {
  const cacheKey = `${Buffer.from(key.publicKey).toString("hex")}/${release.profileId}@${release.version}`;
  const cached = images.get(cacheKey);
  if (cached) return cached;
  const image = buildSignedImage(
    {
      version: release.version,
      profile: release.profileId,
      changes: release.changes,
      ...(release.boards ? { boards: release.boards } : {}),
    },
    programBytes(release.version, release.profileId, release.programBytes),
    key.secretKey,
  );
  if (images.size >= MAX_CACHED_IMAGES) images.delete(images.keys().next().value!);
  images.set(cacheKey, image);
  return image;
}
