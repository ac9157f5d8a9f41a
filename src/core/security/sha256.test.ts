// SHA-256 checked against the FIPS 180-4 / NIST example vectors and against node:crypto,
// because stored code hashes (rule B-SEC-7) are only as good as the primitive under them.

import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sha256, sha256Into } from "./sha256.ts";

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

describe("sha256", () => {
  it.each([
    ["", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
    ["abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
    [
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    ],
    [
      "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
    ],
  ])("matches the NIST vector for %j", (message, digest) => {
    expect(hex(sha256(ascii(message)))).toBe(digest);
  });

  it("matches the NIST vector for one million 'a'", () => {
    expect(hex(sha256(new Uint8Array(1_000_000).fill(0x61)))).toBe(
      "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
    );
  });

  it("handles every length around the padding boundaries", () => {
    for (let length = 0; length <= 200; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 31 + length) & 0xff);
      expect(hex(sha256(bytes))).toBe(createHash("sha256").update(bytes).digest("hex"));
    }
  });

  it("agrees with node:crypto on random byte arrays", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(hex(sha256(bytes))).toBe(createHash("sha256").update(bytes).digest("hex"));
      }),
      { numRuns: 300 },
    );
  });

  it("does not modify its input and returns a fresh digest each call", () => {
    const bytes = ascii("1234");
    const first = sha256(bytes);
    const second = sha256(bytes);
    expect(hex(bytes)).toBe("31323334");
    expect(first).not.toBe(second);
    expect(first).toEqual(second);
  });

  it("sha256Into hashes only the first `length` bytes and writes at the given offset", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 150 }),
        fc.uint8Array({ maxLength: 20 }),
        fc.nat(8),
        (msg, junk, at) => {
          const buffer = Uint8Array.from([...msg, ...junk]);
          const out = new Uint8Array(at + 40).fill(0xee);
          sha256Into(buffer, msg.length, out, at);
          expect(hex(out.subarray(at, at + 32))).toBe(createHash("sha256").update(msg).digest("hex"));
          expect(out.subarray(0, at).every((b) => b === 0xee)).toBe(true);
          expect(out.subarray(at + 32).every((b) => b === 0xee)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
