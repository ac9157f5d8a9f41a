/**
 * Core's own base64 (image-store.ts: no host API in core) against Node's, for every length a
 * chunk or page can have around the padding cases and a text longer than one string part.
 */
import { describe, expect, it } from "vitest";
import { fromBase64, toBase64 } from "./image-store.ts";

const bytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 97 + 31) % 256);

describe("core base64 (issue 14's chunks and flash snapshots)", () => {
  it.each([0, 1, 2, 3, 4, 5, 32, 244, 1024, 4096, 7000])(
    "%i bytes: the same text as Node's, and back",
    (n) => {
      const b = bytes(n);
      const text = toBase64(b);
      expect(text).toBe(Buffer.from(b).toString("base64"));
      expect(Buffer.compare(fromBase64(text)!, b)).toBe(0);
    },
  );

  it("every byte value round-trips; text that is not base64 is null", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(Buffer.compare(fromBase64(toBase64(all))!, all)).toBe(0);
    expect(fromBase64("abc")).toBeNull();
    expect(fromBase64("ab=c")).toBeNull();
    expect(fromBase64("a*bc")).toBeNull();
  });
});
