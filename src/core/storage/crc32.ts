// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) so the storage layer can tell a completely
// written record from a torn or bit-rotted one (rule B-PWR-8) without the host's zlib
// (STYLE.md rule 1). The 1 KiB lookup table is built on first use, not at import time.

const REFLECTED_POLYNOMIAL = 0xedb88320;

let table: Uint32Array | null = null;

/** Builds (once) the byte-at-a-time lookup table. */
function lookupTable(): Uint32Array {
  if (table !== null) return table;
  const built = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let bit = 0; bit < 8; bit++) {
      c = c & 1 ? REFLECTED_POLYNOMIAL ^ (c >>> 1) : c >>> 1;
    }
    built[n] = c >>> 0;
  }
  table = built;
  return built;
}

/**
 * The standard CRC-32 of `bytes` (the one zlib, PNG and Ethernet use): `crc32("123456789")` is
 * `0xCBF43926`.
 *
 * @returns an unsigned 32-bit integer.
 */
export function crc32(bytes: Uint8Array): number {
  const t = lookupTable();
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) {
    crc = t[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}
