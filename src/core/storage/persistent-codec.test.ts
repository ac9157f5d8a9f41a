/**
 * The store's record (B-PWR-8): the binary layout holds every state the core makes exactly,
 * fits the fullest state of every profile in a fraction of a store slot, still reads the JSON
 * records locks wrote before it, keeps a state it cannot hold as JSON, and reads anything
 * malformed as "nothing stored".
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { factoryPersistentState } from "../factory-state.ts";
import { PROFILES } from "../profiles/index.ts";
import { LOCK_MODES } from "../radio-types.ts";
import type { PersistentState, StoredCode } from "../state.ts";
import { NO_PREFIX } from "../security/code-hash.ts";
import { deviceSecretFromBytes } from "../security/device-secret.ts";
import { BINARY_RECORD_MARK } from "./persistent-binary.ts";
import { decodePersistent, encodeJson, encodePersistent } from "./persistent-codec.ts";

const secret = deviceSecretFromBytes(Uint8Array.from({ length: 16 }, (_, i) => 255 - i * 7));

/** A code with every optional field: the most a slot can hold (B-CODE-8, B-CODE-1). */
function fullest(i: number): StoredCode {
  return {
    fullHi: Math.imul(0x1234_5678, i + 1),
    fullLo: Math.imul(0x9abc_def1, i + 7),
    prefix: (0xabcdef + i) & 0xff_ffff,
    validFromMs: 1_735_689_600_000 + i,
    validUntilMs: 1_767_225_600_000 + i,
    weekly: { dayMask: 0b1011111, fromMinute: 8 * 60, untilMinute: 23 * 60 + 59 },
    usesLeft: 4_000_000_000,
    disabled: true,
  };
}

function worstState(profileId: string): PersistentState {
  const profile = PROFILES[profileId];
  if (!profile) throw new Error(profileId);
  const p = factoryPersistentState(profile, secret);
  return {
    ...p,
    codes: p.codes.map((_, i) => fullest(i)),
    programmingCode: fullest(99),
    handing: "ccw",
    mode: "vacation",
    paired: true,
    lockoutLevel: 7,
    brownOuts: 123_456,
  };
}

describe("the store's record", () => {
  it("B-PWR-8: holds a state with every kind of code, setting and mode exactly, in the binary layout", () => {
    for (const id of Object.keys(PROFILES)) {
      const profile = PROFILES[id];
      if (!profile) continue;
      for (const mode of LOCK_MODES) {
        const p = factoryPersistentState(profile, secret);
        const state: PersistentState = {
          ...p,
          codes: p.codes.map((_, i): StoredCode | null =>
            i % 3 === 0 ? null : i % 3 === 1 ? { fullHi: -i, fullLo: i, prefix: NO_PREFIX } : fullest(i),
          ),
          mode,
          handing: "cw",
        };
        const bytes = encodePersistent(state);
        expect(bytes[0]).toBe(BINARY_RECORD_MARK);
        expect(decodePersistent(bytes, profile.codes.capacity)).toStrictEqual(state);
      }
    }
  });

  it("B-CODE-8: every slot of every profile with a scheduled, limited, switched-off code takes under 2 KB", () => {
    for (const id of Object.keys(PROFILES)) {
      const state = worstState(id);
      const bytes = encodePersistent(state);
      expect(bytes[0]).toBe(BINARY_RECORD_MARK);
      // A store slot is 4,082 bytes (8 KB, two slots); the JSON layout took 5,125 for a 914.
      expect(bytes.length).toBeLessThan(2048);
      expect(decodePersistent(bytes, state.codes.length)).toStrictEqual(state);
    }
  });

  it("reads a JSON record a lock wrote before the binary layout", () => {
    const state = worstState("smartcode-914");
    const json = encodeJson(state);
    expect(String.fromCharCode(json[0] ?? 0)).toBe("{");
    expect(decodePersistent(json, state.codes.length)).toStrictEqual(state);
  });

  it("keeps a state the binary layout cannot hold exactly as JSON, losing nothing", () => {
    const base = worstState("smartcode-914");
    const odd: PersistentState[] = [
      { ...base, note: "from a newer firmware" } as PersistentState,
      { ...base, codes: [{ fullHi: 2 ** 32, fullLo: 0, prefix: NO_PREFIX }, ...base.codes.slice(1)] },
      { ...base, codes: [{ fullHi: 1, fullLo: 0.5, prefix: NO_PREFIX }, ...base.codes.slice(1)] },
      { ...base, codes: [{ fullHi: 1, fullLo: 2, prefix: 0x100_0000 }, ...base.codes.slice(1)] },
      { ...base, codes: [{ ...fullest(0), usesLeft: 2 ** 40 }, ...base.codes.slice(1)] },
      {
        ...base,
        codes: [
          { ...fullest(0), weekly: { dayMask: 1, fromMinute: 0.5, untilMinute: 60 } },
          ...base.codes.slice(1),
        ],
      },
      { ...base, settings: { ...base.settings, ["x".repeat(300)]: 1 } },
    ];
    for (const state of odd) {
      const bytes = encodePersistent(state);
      expect(bytes[0]).not.toBe(BINARY_RECORD_MARK);
      expect(bytes).toEqual(encodeJson(state));
    }
  });

  it("reads a binary record cut short, with a byte too many, or with a bad mark as nothing stored", () => {
    const state = worstState("smartcode-264");
    const bytes = encodePersistent(state);
    for (let n = 0; n < bytes.length; n++)
      expect(decodePersistent(bytes.slice(0, n), state.codes.length)).toBeNull();
    expect(decodePersistent(Uint8Array.of(...bytes, 0), state.codes.length)).toBeNull();
    expect(decodePersistent(bytes, state.codes.length + 1)).toBeNull(); // another model's capacity
    const flagged = bytes.slice();
    flagged[18] = 0x40; // a code flag this layout never writes
    expect(decodePersistent(flagged, state.codes.length)).toBeNull();
  });

  it("B-PWR-8: any state of codes, settings and counters comes back as it went in", () => {
    const profile = PROFILES["smartcode-914"];
    if (!profile) throw new Error("smartcode-914");
    const word = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    const code: fc.Arbitrary<StoredCode | null> = fc.option(
      fc
        .record(
          {
            fullHi: word,
            fullLo: word,
            prefix: fc.oneof(fc.constant(NO_PREFIX), fc.integer({ min: 0, max: 0xff_ffff })),
            validFromMs: fc.integer({ min: 0, max: 2 ** 52 }),
            validUntilMs: fc.integer({ min: 0, max: 2 ** 52 }),
            weekly: fc.record({
              dayMask: fc.integer({ min: 0, max: 127 }),
              fromMinute: fc.integer({ min: 0, max: 1439 }),
              untilMinute: fc.integer({ min: 0, max: 1440 }),
            }),
            usesLeft: fc.integer({ min: 0, max: 0xffff_ffff }),
            disabled: fc.constant(true as const),
          },
          { requiredKeys: ["fullHi", "fullLo", "prefix"] },
        )
        .map((c) => JSON.parse(JSON.stringify(c)) as StoredCode), // plain objects, as the core makes
    );
    const base = factoryPersistentState(profile, secret);
    fc.assert(
      fc.property(
        fc.array(code, { minLength: base.codes.length, maxLength: base.codes.length }),
        code,
        fc.constantFrom(null, "cw" as const, "ccw" as const),
        fc.constantFrom(...LOCK_MODES),
        fc.boolean(),
        fc.nat(),
        fc.nat(),
        fc
          .dictionary(
            fc.constantFrom("autoLock", "autoLockSeconds", "beeper", "x"),
            fc.oneof(fc.boolean(), fc.double({ noNaN: true })),
          )
          .map((d) => ({ ...d })) /* a plain object, as the core makes */,
        (codes, programmingCode, handing, mode, paired, lockoutLevel, brownOuts, settings) => {
          const state: PersistentState = {
            ...base,
            codes,
            programmingCode,
            handing,
            settings,
            mode,
            paired,
            lockoutLevel,
            brownOuts,
          };
          const bytes = encodePersistent(state);
          expect(bytes[0]).toBe(BINARY_RECORD_MARK);
          expect(decodePersistent(bytes, base.codes.length)).toStrictEqual(state);
        },
      ),
      { numRuns: 300, seed: 17 },
    );
  });
});
