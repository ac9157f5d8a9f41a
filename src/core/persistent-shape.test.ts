/**
 * `shapedPersistent` (issue 17): a persistent state copied into one literal shape keeps every
 * field and its order, so the store's JSON is byte for byte the same; a state with other fields
 * is left alone; and what the codec decodes and the factory makes come out in that shape.
 */
import { describe, expect, it } from "vitest";
import { factoryPersistentState } from "./factory-state.ts";
import { shapedPersistent } from "./persistent-shape.ts";
import { smartcode914 } from "./profiles/smartcode-914.ts";
import type { PersistentState } from "./state.ts";
import { decodePersistent, encodePersistent } from "./storage/persistent-codec.ts";
import { deviceSecretFromBytes } from "./security/device-secret.ts";

const secret = deviceSecretFromBytes(Uint8Array.from({ length: 16 }, (_, i) => i * 11));
const made: PersistentState = {
  ...factoryPersistentState(smartcode914, secret),
  handing: "ccw",
  lockoutLevel: 2,
};

describe("shapedPersistent", () => {
  it("copies a state with the same fields in the same order, and the same JSON", () => {
    const shaped = shapedPersistent(made);
    expect(shaped).not.toBe(made);
    expect(shaped).toStrictEqual(made);
    expect(Object.keys(shaped)).toEqual(Object.keys(made));
    expect(JSON.stringify(shaped)).toBe(JSON.stringify(made));
  });

  it("leaves a state with another field, one missing, or another order as it is", () => {
    const extra = { ...made, note: "kept" } as PersistentState;
    expect(shapedPersistent(extra)).toBe(extra);
    const { brownOuts: _dropped, ...missing } = made;
    expect(shapedPersistent(missing as PersistentState)).toBe(missing);
    const { secret: first, ...rest } = made;
    const reordered = { ...rest, secret: first } as PersistentState;
    expect(shapedPersistent(reordered)).toBe(reordered);
  });

  it("is what a decoded record gives: equal to what was stored, the same bytes when stored again", () => {
    const bytes = encodePersistent(made);
    const decoded = decodePersistent(bytes, smartcode914.codes.capacity);
    expect(decoded).toStrictEqual(made);
    expect(encodePersistent(decoded as PersistentState)).toEqual(bytes);
  });
});
