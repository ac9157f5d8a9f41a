// Rule B-SEC-7: "comparing an entry with the stored codes takes the same steps whatever the digits,
// and stored codes can be kept as keyed hashes, so that neither timing nor a dump of the store
// gives a code away." These tests pin both halves: what a stored hash reveals, and how much work
// a lookup does.

import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hashCode, tagHex, tagWord, withCodeHashMemo } from "./code-hash.ts";
import {
  DEVICE_SECRET_BYTES,
  deviceSecretBytes,
  deviceSecretFromBytes,
  isDeviceSecret,
} from "./device-secret.ts";

const secretOf = (bytes: Uint8Array): string => deviceSecretFromBytes(bytes);
const KEY = secretOf(Uint8Array.from({ length: 16 }, (_, i) => i));
const OTHER_KEY = secretOf(Uint8Array.from({ length: 16 }, (_, i) => (i === 0 ? 0xff : i)));
const digitsArb = fc.stringMatching(/^[0-9]{4,10}$/);
const keyBytesArb = fc.uint8Array({ minLength: 16, maxLength: 16 });
const keyArb = keyBytesArb.map(secretOf);

describe("hashCode", () => {
  it("B-SEC-7: a stored code hash is HMAC-SHA256 under the lock's secret over a purpose byte and the ASCII digits, cut to 8 bytes", () => {
    fc.assert(
      fc.property(
        keyBytesArb,
        digitsArb,
        fc.constantFrom("full" as const, "prefix" as const),
        (keyBytes, digits, purpose) => {
          const message = Buffer.concat([
            Buffer.from([purpose === "full" ? 1 : 2]),
            Buffer.from(digits, "ascii"),
          ]);
          const expected = createHmac("sha256", keyBytes).update(message).digest("hex").slice(0, 16);
          expect(hashCode(secretOf(keyBytes), purpose, digits)).toBe(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("B-SEC-7: a stored code hash does not contain the code's digits", () => {
    for (const digits of ["1234", "0000", "2580", "13579", "987654", "11223344", "0123456789"]) {
      const hash = hashCode(KEY, "full", digits);
      expect(hash).toMatch(/^[0-9a-f]{16}$/);
      expect(hash).not.toContain(digits);
      expect(hashCode(KEY, "prefix", digits)).not.toContain(digits);
    }
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{6,10}$/), (digits) => {
        expect(hashCode(KEY, "full", digits)).not.toContain(digits);
      }),
      { numRuns: 200 },
    );
  });

  it("B-SEC-7: full and prefix hashes of the same digits differ", () => {
    fc.assert(
      fc.property(keyArb, digitsArb, (key, digits) => {
        expect(hashCode(key, "full", digits)).not.toBe(hashCode(key, "prefix", digits));
      }),
      { numRuns: 200 },
    );
  });

  it("B-SEC-7: locks with different secrets give different hashes for the same code", () => {
    fc.assert(
      fc.property(keyArb, keyArb, digitsArb, (a, b, digits) => {
        fc.pre(a !== b);
        expect(hashCode(a, "full", digits)).not.toBe(hashCode(b, "full", digits));
      }),
      { numRuns: 200 },
    );
    expect(hashCode(KEY, "full", "1234")).not.toBe(hashCode(OTHER_KEY, "full", "1234"));
  });

  it("B-SEC-7: the same key, purpose and digits always give the same hash, and different codes differ", () => {
    expect(hashCode(KEY, "full", "1234")).toBe(hashCode(KEY, "full", "1234"));
    expect(hashCode(KEY, "full", "1234")).not.toBe(hashCode(KEY, "full", "1235"));
    expect(hashCode(KEY, "full", "1234")).not.toBe(hashCode(KEY, "full", "01234"));
  });

  it("rejects anything but the digits 0-9, and anything but a secret as the key", () => {
    for (const bad of ["12a4", "12 4", "-123", "１２３４", "12/4", "12:4"]) {
      expect(() => hashCode(KEY, "full", bad)).toThrow(RangeError);
    }
    for (const bad of ["", "short", `${KEY}A`, KEY.slice(0, 21) + "B"]) {
      expect(() => hashCode(bad, "full", "1234")).toThrow(RangeError);
    }
  });

  it("B-SEC-7: hashing under many locks' secrets in turn gives each lock's own hashes (the keyed cache never mixes them)", () => {
    const secrets = Array.from({ length: 200 }, (_, i) =>
      secretOf(Uint8Array.from({ length: 16 }, (_, j) => (i * 31 + j * 7) & 0xff)),
    );
    const first = secrets.map((k) => hashCode(k, "full", "2947"));
    for (let round = 0; round < 3; round++) {
      secrets.forEach((k, i) => expect(hashCode(k, "full", "2947")).toBe(first[i]));
    }
    expect(new Set(first).size).toBe(secrets.length);
  });
});

describe("hash words", () => {
  it("B-SEC-7: a hash read into 32-bit words and written back is the same hex, and every word is a signed 32-bit integer", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{1,10}$/), (digits) => {
        const hex = hashCode(KEY, "full", digits);
        const hi = tagWord(hex, 0, 8);
        const lo = tagWord(hex, 8, 8);
        for (const w of [hi, lo]) expect(w | 0).toBe(w);
        expect(tagHex(hi, 8) + tagHex(lo, 8)).toBe(hex);
        const prefix = tagWord(hex, 0, 6);
        expect(prefix).toBeGreaterThanOrEqual(0);
        expect(prefix).toBeLessThanOrEqual(0xff_ffff);
        expect(tagHex(prefix, 6)).toBe(hex.slice(0, 6));
      }),
      { numRuns: 200 },
    );
    expect(tagWord("ffffffff", 0, 8)).toBe(-1);
    expect(tagHex(-1, 8)).toBe("ffffffff");
    expect(tagHex(0x0a, 6)).toBe("00000a");
  });
});

describe("device secrets", () => {
  it("B-SEC-7: a secret is 16 bytes held as 22 characters of unpadded base64url, and reads back", () => {
    fc.assert(
      fc.property(keyBytesArb, (bytes) => {
        const secret = deviceSecretFromBytes(bytes);
        expect(secret).toBe(Buffer.from(bytes).toString("base64url"));
        expect(secret).toHaveLength(22);
        expect(isDeviceSecret(secret)).toBe(true);
        expect(deviceSecretBytes(secret)).toEqual(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it("refuses other lengths and any text that is not the one form of 16 bytes", () => {
    expect(() => deviceSecretFromBytes(new Uint8Array(15))).toThrow(RangeError);
    expect(() => deviceSecretFromBytes(new Uint8Array(DEVICE_SECRET_BYTES + 1))).toThrow(RangeError);
    for (const bad of [
      "",
      "A".repeat(21),
      "A".repeat(23),
      `${"A".repeat(21)}B`,
      `${"A".repeat(20)}+A`,
      42,
      null,
    ]) {
      expect(isDeviceSecret(bad)).toBe(false);
    }
    expect(() => deviceSecretBytes("not a secret")).toThrow(RangeError);
  });
});

describe("withCodeHashMemo (fleet simulations only, docs/decisions/0011)", () => {
  it("B-SEC-7: gives the same hashes as without it, for several locks' secrets and both purposes, and still refuses what it refused", () => {
    const cases = [KEY, OTHER_KEY, KEY].flatMap((secret) =>
      ["1234", "1234", "98765", "1234"].flatMap((digits) =>
        (["full", "prefix"] as const).map((purpose) => ({ secret, digits, purpose })),
      ),
    );
    const plain = cases.map((c) => hashCode(c.secret, c.purpose, c.digits));
    const memoised = withCodeHashMemo(() => cases.map((c) => hashCode(c.secret, c.purpose, c.digits)));
    expect(memoised).toEqual(plain);
    expect(new Set(plain).size).toBe(8); // two secrets × two codes × two purposes
    withCodeHashMemo(() => {
      hashCode(KEY, "full", "1234");
      expect(() => hashCode(KEY, "full", "12a4")).toThrow(RangeError);
      expect(() => hashCode("not a secret", "full", "1234")).toThrow(RangeError);
    });
  });

  it("passes on what the call throws, and nests", () => {
    expect(() =>
      withCodeHashMemo(() => {
        hashCode(KEY, "full", "1234");
        throw new Error("a simulation that fails");
      }),
    ).toThrow("a simulation that fails");
    expect(withCodeHashMemo(() => withCodeHashMemo(() => hashCode(KEY, "full", "2468")))).toBe(
      hashCode(KEY, "full", "2468"),
    );
  });
});
