/**
 * The lock's firmware version as Matter's Basic Information carries it (issue 14):
 *
 * - `SoftwareVersion` is a uint32 where a larger value is newer (Matter core §11.1.5.10, what an
 *   OTA provider compares). Ours packs the semantic version as major·2¹⁶ + minor·2⁸ + patch, so
 *   1.1.0 is 0x00010100 = 65,792 and the order of versions is the order of the numbers. A part
 *   wider than its field (the lock accepts each part up to 99,999) saturates it and every field
 *   after it, so the order is never reversed (two such versions may share a number).
 * - `SoftwareVersionString` is the version as people read it: 1 to 64 characters, 7-bit ASCII.
 *
 * A version the lock would not accept (a view from elsewhere, e.g. over a broker, is checked
 * only loosely) is 0 and its printable part, or "unknown": a bad view can never stop the node.
 */

const SEMVER = /^(\d{1,5})\.(\d{1,5})\.(\d{1,5})$/;
const MAX_STRING = 64;

export function matterSoftwareVersion(version: unknown): number {
  const parts = typeof version === "string" ? SEMVER.exec(version) : null;
  if (!parts) return 0;
  const [major, minor, patch] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (major > 0xffff) return 0xffff_ffff;
  if (minor > 0xff) return major * 0x1_0000 + 0xffff;
  return major * 0x1_0000 + minor * 0x100 + Math.min(patch, 0xff);
}

export function matterSoftwareVersionString(version: unknown): string {
  if (typeof version !== "string") return "unknown";
  const printable = version.replace(/[^\x21-\x7e]/g, "").slice(0, MAX_STRING);
  return printable.length > 0 ? printable : "unknown";
}
