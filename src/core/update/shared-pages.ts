/**
 * Flash pages with the same bytes, held once (issue 14's 10,000-lock rollout): every lock of a
 * rollout receives the same image, so its slot's pages are the same bytes in every twin. Each
 * twin's FakeImageStore hands a page it has written to `sharedPage`, which answers the one
 * copy already held for those bytes (or keeps this one for the next twin); a store that writes
 * to a shared page again copies it first (`isShared`), so no store sees another's writes.
 *
 * The table remembers at most MAX_PAGES pages, least recently used first out: it is a cache,
 * not a record — a page dropped from it stays with the stores that hold it (still shared, never
 * written in place), and the next identical page starts a new copy. So a process that writes
 * many different images (tests, power-cut sweeps) holds at most MAX_PAGES KiB here.
 */
/** 4 MiB at 1 KiB a page: every page of dozens of distinct images. */
const MAX_PAGES = 4096;

/**
 * Page bytes by their FNV-1a hash (a different page with the same hash is simply not shared).
 * Not CRC-32: a boot record ends with its own CRC, and any run of bytes followed by its CRC-32
 * has the same CRC-32 — every control page holding a record of one length would collide.
 */
const byHash = new Map<number, Uint8Array>();
/** Every page ever handed out as shared, so a store copies it before writing. */
const shared = new WeakSet<Uint8Array>();

/** The shared page with these bytes: `page` itself when none is held yet (it becomes shared). */
export function sharedPage(page: Uint8Array): Uint8Array {
  if (shared.has(page)) return page;
  const hash = fnv1a(page);
  const held = byHash.get(hash);
  if (held && sameBytes(held, page)) {
    // Most recently used last: the Map's order is the eviction order.
    byHash.delete(hash);
    byHash.set(hash, held);
    return held;
  }
  if (held) return page; // a hash collision: this page stays the store's own
  if (byHash.size >= MAX_PAGES) byHash.delete(byHash.keys().next().value!);
  byHash.set(hash, page);
  shared.add(page);
  return page;
}

/** Whether `page` may be held by other stores: it must be copied before it is written. */
export function isShared(page: Uint8Array): boolean {
  return shared.has(page);
}

/** 32-bit FNV-1a. */
function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
