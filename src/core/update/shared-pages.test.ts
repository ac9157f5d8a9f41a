/**
 * Issue 14's rollout across ten thousand twins: pages with the same bytes are held once
 * (shared-pages.ts), and a store that writes over a shared page never changes another's.
 */
import { describe, expect, it } from "vitest";
import { FakeImageStore } from "./image-store.ts";
import { isShared, sharedPage } from "./shared-pages.ts";
import { crc32 } from "../storage/crc32.ts";

/** Bytes no other test writes (the table is the process's): 3 KiB and a half-page tail. */
const IMAGE = Uint8Array.from({ length: 3 * 1024 + 512 }, (_, i) => (i * 7 + 13) % 251);

function storeWith(bytes: Uint8Array): FakeImageStore {
  const store = new FakeImageStore(16 * 1024);
  store.write(1, 0, bytes);
  return store;
}

/** Byte for byte (vitest's deep equality walks a typed array slowly). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}

describe("flash pages held once (issue 14)", () => {
  it("a page with the same bytes is the same buffer; other bytes are not", () => {
    const a = Uint8Array.from({ length: 1024 }, (_, i) => (i * 31 + 5) % 256);
    const first = sharedPage(a);
    expect(first).toBe(a);
    expect(isShared(a)).toBe(true);
    expect(sharedPage(a.slice())).toBe(a);
    const other = a.slice();
    other[1000] = other[1000]! ^ 1;
    expect(sharedPage(other)).not.toBe(a);
  });

  it("two different boot records of one length are each shared (a run of bytes and its CRC-32 has one CRC-32)", () => {
    const recordPage = (text: string): Uint8Array => {
      const page = new Uint8Array(256).fill(0xff);
      const data = new TextEncoder().encode(text);
      page.set(data);
      new DataView(page.buffer).setUint32(data.length, crc32(data), true);
      return page;
    };
    const a = recordPage('{"version":"1.2.0"}');
    const b = recordPage('{"version":"1.2.1"}');
    expect(sharedPage(a)).toBe(a);
    expect(sharedPage(b)).toBe(b);
    expect(sharedPage(b.slice())).toBe(b);
  });

  it("a hundred stores that took the same image hold its pages once", () => {
    const stores = Array.from({ length: 100 }, () => storeWith(IMAGE));
    const buffers = new Set(stores.flatMap((s) => s.heldPages()));
    expect(buffers.size).toBe(4); // three whole pages and the tail's
    expect(stores.every((s) => sameBytes(s.read(1, 0, IMAGE.length), IMAGE))).toBe(true);
  });

  it("writing over a shared page, or erasing the slot, changes that store alone", () => {
    const [a, b] = [storeWith(IMAGE), storeWith(IMAGE)] as const;
    a.write(1, 1500, Uint8Array.of(0, 0, 0));
    expect(a.read(1, 1499, 5)).toEqual(Uint8Array.of(IMAGE[1499]!, 0, 0, 0, IMAGE[1503]!));
    expect(sameBytes(b.read(1, 0, IMAGE.length), IMAGE)).toBe(true);
    a.erase(1);
    expect(a.heldPages()).toEqual([]);
    expect(sameBytes(b.read(1, 0, IMAGE.length), IMAGE)).toBe(true);
  });

  it("a store carried over a restart (snapshot) shares its pages again", () => {
    const a = storeWith(IMAGE);
    const again = FakeImageStore.fromSnapshot(a.snapshot(), 16 * 1024);
    expect(again.heldPages()).toHaveLength(4);
    for (const [i, page] of again.heldPages().entries()) expect(page).toBe(a.heldPages()[i]);
  });
});
