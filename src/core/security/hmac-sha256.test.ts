// HMAC-SHA256 checked against RFC 4231 and node:crypto, because stored code hashes are keyed
// hashes (rule B-SEC-7) and a wrong MAC would silently weaken the store.

import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KeyedHmacSha256, hmacSha256, hmacSha256Into } from "./hmac-sha256.ts";

const fromHex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, "hex"));
const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

describe("hmacSha256", () => {
  it.each([
    {
      name: "RFC 4231 test case 1",
      key: fromHex("0b".repeat(20)),
      data: ascii("Hi There"),
      mac: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
    },
    {
      name: "RFC 4231 test case 2",
      key: ascii("Jefe"),
      data: ascii("what do ya want for nothing?"),
      mac: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    },
    {
      name: "RFC 4231 test case 3",
      key: fromHex("aa".repeat(20)),
      data: fromHex("dd".repeat(50)),
      mac: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
    },
    {
      name: "RFC 4231 test case 4",
      key: fromHex("0102030405060708090a0b0c0d0e0f10111213141516171819"),
      data: fromHex("cd".repeat(50)),
      mac: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
    },
    {
      name: "RFC 4231 test case 6",
      key: fromHex("aa".repeat(131)),
      data: ascii("Test Using Larger Than Block-Size Key - Hash Key First"),
      mac: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
    },
    {
      name: "RFC 4231 test case 7",
      key: fromHex("aa".repeat(131)),
      data: ascii(
        "This is a test using a larger than block-size key and a larger than block-size data. " +
          "The key needs to be hashed before being used by the HMAC algorithm.",
      ),
      mac: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
    },
  ])("matches $name", ({ key, data, mac }) => {
    expect(hex(hmacSha256(key, data))).toBe(mac);
  });

  it("agrees with node:crypto on random keys and messages", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 }), (key, message) => {
        expect(hex(hmacSha256(key, message))).toBe(createHmac("sha256", key).update(message).digest("hex"));
      }),
      { numRuns: 300 },
    );
  });

  it("hmacSha256Into authenticates only the first `length` bytes and writes at the given offset", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 100 }),
        fc.uint8Array({ maxLength: 150 }),
        fc.uint8Array({ maxLength: 10 }),
        fc.nat(8),
        (key, msg, junk, at) => {
          const buffer = Uint8Array.from([...msg, ...junk]);
          const out = new Uint8Array(at + 32);
          hmacSha256Into(key, buffer, msg.length, out, at);
          expect(hex(out.subarray(at))).toBe(createHmac("sha256", key).update(msg).digest("hex"));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("KeyedHmacSha256", () => {
  it("B-SEC-7: with the pads hashed once, gives the same tags as node:crypto for any key and message", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 100 }),
        fc.uint8Array({ maxLength: 60 }),
        (key, message) => {
          const out = new Uint8Array(32);
          new KeyedHmacSha256(key).into(message, message.length, out, 0);
          expect(Buffer.from(out).toString("hex")).toBe(
            createHmac("sha256", key).update(message).digest("hex"),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
