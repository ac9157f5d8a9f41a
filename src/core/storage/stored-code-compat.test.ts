/**
 * What a lock already in the field holds must mean the same after a firmware change to how
 * codes are kept in memory: the store record's bytes (B-PWR-8), and the code table's checksum
 * that a hub remembers and compares (B-NET-1, code-table-checksum.ts). The values below were
 * computed before the hashes were kept as integers (core-state-size, issue 17), with the
 * hashes kept as hex strings; they are pinned so that no later layout can drift from them.
 */
import { describe, expect, it } from "vitest";
import { storeCode, withSlot } from "../code-book.ts";
import { codeTableChecksum } from "../code-table-checksum.ts";
import { factoryPersistentState } from "../factory-state.ts";
import { PROFILES } from "../profiles/index.ts";
import type { PersistentState } from "../state.ts";
import { TEST_SECRET } from "../testing/simulated-lock.ts";
import { checkNewCode } from "../code-book.ts";
import { hashCode } from "../security/code-hash.ts";
import { decodePersistent, encodePersistent } from "./persistent-codec.ts";

const p914 = PROFILES["smartcode-914"]!;

/** A 914 with a plain code, a guest's scheduled stay, a one-use code, a switched-off code and a programming code. */
function mixedState(): PersistentState {
  let p = factoryPersistentState(p914, TEST_SECRET);
  p = withSlot(p, 1, storeCode(p914, TEST_SECRET, "2947"));
  p = withSlot(
    p,
    2,
    storeCode(p914, TEST_SECRET, "81630", {
      validFromMs: 1_735_689_600_000,
      validUntilMs: 1_767_225_600_000,
      weekly: { dayMask: 0b0011111, fromMinute: 480, untilMinute: 1080 },
    }),
  );
  p = withSlot(p, 5, { ...storeCode(p914, TEST_SECRET, "55512"), usesLeft: 1 });
  p = withSlot(p, 30, { ...storeCode(p914, TEST_SECRET, "13579"), disabled: true });
  return { ...p, programmingCode: storeCode(p914, TEST_SECRET, "86420"), handing: "cw", paired: true };
}

/** encodePersistent(mixedState()) as locks wrote it before the change. */
const MIXED_RECORD_HEX =
  "b100112233445566778899aabbccddeeff1e01089f532e444861b91103566c010f08ba8eeaf6343ffc4e03f20f48" +
  "0000c097f2417942000080aa6db779421fe0013804000011087e9cff401869ad4e0344e73b01000000000000000000" +
  "0000000000000000000000000000000000002108fabcccf1f99e398603674bdc0108c9b2594eea8cb7ef039bf28f01" +
  "00010000000000000000000000000000000004086175746f4c6f636b000f6175746f4c6f636b5365636f6e64730200" +
  "0000000000000005617564696f01137265717569726550696e466f7252656d6f746500";

/** mixedState()'s codes as a JSON record held them before the binary layout: hashes as hex text. */
const LEGACY_JSON_CODES = {
  1: { full: "9f532e444861b911", prefix: "566c01" },
  2: {
    full: "ba8eeaf6343ffc4e",
    prefix: "f20f48",
    validFromMs: 1735689600000,
    validUntilMs: 1767225600000,
    weekly: { dayMask: 31, fromMinute: 480, untilMinute: 1080 },
  },
  5: { full: "7e9cff401869ad4e", prefix: "44e73b", usesLeft: 1 },
  30: { full: "fabcccf1f99e3986", prefix: "674bdc", disabled: true },
  programming: { full: "c9b2594eea8cb7ef", prefix: "9bf28f" },
} as const;

const hexOf = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
const bytesOf = (hex: string): Uint8Array => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));

describe("a lock's stored codes across firmware versions", () => {
  it("B-PWR-8, B-SEC-7: the same codes make the same store record, byte for byte", () => {
    expect(hexOf(encodePersistent(mixedState()))).toBe(MIXED_RECORD_HEX);
  });

  it("B-PWR-8: a record written before reads as the same state, and is written back unchanged", () => {
    const read = decodePersistent(bytesOf(MIXED_RECORD_HEX), p914.codes.capacity);
    expect(read).toStrictEqual(mixedState());
    expect(hexOf(encodePersistent(read!))).toBe(MIXED_RECORD_HEX);
  });

  it("B-PWR-8: a JSON record with hex hashes, from before the binary layout, reads as the same state", () => {
    const state = mixedState();
    const legacy = {
      ...state,
      codes: state.codes.map((_, i) => LEGACY_JSON_CODES[(i + 1) as keyof typeof LEGACY_JSON_CODES] ?? null),
      programmingCode: LEGACY_JSON_CODES.programming,
    };
    const text = JSON.stringify(legacy);
    const read = decodePersistent(
      Uint8Array.from(text, (c) => c.charCodeAt(0)),
      p914.codes.capacity,
    );
    expect(read).toStrictEqual(state);
    expect(hexOf(encodePersistent(read!))).toBe(MIXED_RECORD_HEX);
  });

  it("B-CODE-4: a code stored with a 32-bit prefix hash (before it was cut to 24 bits) still conflicts with a new code that starts alike", () => {
    // The prefix of slot 1's "2947" as firmware before the cut kept it: 4 bytes, not 3.
    const oldPrefix = hashCode(TEST_SECRET, "prefix", "2947").slice(0, 8);
    const binary = MIXED_RECORD_HEX.replace("03566c01", `04${oldPrefix}`);
    expect(binary).not.toBe(MIXED_RECORD_HEX);
    const text = JSON.stringify({
      ...mixedState(),
      codes: [{ ...LEGACY_JSON_CODES[1], prefix: oldPrefix }, ...mixedState().codes.slice(1)],
    });
    for (const record of [bytesOf(binary), Uint8Array.from(text, (c) => c.charCodeAt(0))]) {
      const read = decodePersistent(record, p914.codes.capacity);
      expect(read).toStrictEqual(mixedState());
      expect(checkNewCode(p914, read!, "29471", "user", 2)).toMatchObject({
        ok: false,
        code: "code.conflict",
        reason: "first 4 digits match slot 1 (B-CODE-4)",
      });
    }
  });

  it("B-NET-1: the code table's checksum is the one a hub remembered before", () => {
    expect(codeTableChecksum(mixedState())).toBe("c1fbfef0366af09b");
    expect(codeTableChecksum(factoryPersistentState(p914, TEST_SECRET))).toBe("754b414bb8551e04");
  });
});
