/** The operator's firmware keys are parsed strictly: a typo is an error, never a key nobody holds. */
import { describe, expect, it } from "vitest";
import { ed25519 } from "@noble/curves/ed25519.js";
import { MAX_TRUSTED_KEYS, parseTrustedKey, parseTrustedKeys } from "./trusted-keys.ts";

const realKey = () => ed25519.getPublicKey(ed25519.utils.randomSecretKey());
const hex = (k: Uint8Array) => Buffer.from(k).toString("hex");

describe("trusted firmware keys", () => {
  it("takes a real public key in either case, with the bytes it names", () => {
    const key = realKey();
    expect(parseTrustedKey(hex(key).toUpperCase())).toEqual(key);
  });

  it.each([
    ["", "64 hex digits"],
    ["ab".repeat(31), "64 hex digits"],
    ["ab".repeat(33), "64 hex digits"],
    [`0x${"ab".repeat(31)}`, "64 hex digits"],
    ["00".repeat(32), "not a usable"], // a small-order point
    [`01${"00".repeat(31)}`, "not a usable"], // the identity
    ["ff".repeat(32), "not an Ed25519 public key"], // y out of range
  ])("refuses %j (%s)", (text, message) => {
    const r = parseTrustedKey(text);
    expect(typeof r).toBe("string");
    expect(r).toContain(message);
  });

  it("drops repeats, stops at the first bad key, and bounds how many", () => {
    const key = realKey();
    expect(parseTrustedKeys([hex(key), hex(key)])).toHaveLength(1);
    expect(typeof parseTrustedKeys([hex(key), "nope"])).toBe("string");
    const many = Array.from({ length: MAX_TRUSTED_KEYS + 1 }, () => hex(realKey()));
    expect(parseTrustedKeys(many)).toContain("at most");
  });
});
