/**
 * A lock's store holds everything its slots can: a smartcode-914 (30 slots, the most of any
 * profile) filled with guests' scheduled codes over the radio keeps them all through a power cut.
 * With the JSON record the 24th such code made a record larger than a store slot: the command
 * was answered "ok", the commit threw, and the codes lived only in RAM until the pack came out.
 */
import { describe, expect, it } from "vitest";
import { getProfile } from "../core/profiles/index.ts";
import type { RadioReport } from "../core/radio-types.ts";
import { LockTwin } from "./lock-twin.ts";
import { softReset } from "./person-actions.ts";

const FROM_MS = Date.UTC(2026, 0, 5); // a Monday
const UNTIL_MS = Date.UTC(2027, 0, 5);
const WEEKDAYS_9_TO_5 = { dayMask: 0b0011111, fromMinute: 9 * 60, untilMinute: 17 * 60 };

describe("the store holds every slot", () => {
  it("B-CODE-8, B-PWR-8: 30 scheduled codes sent over the radio are all kept through a power cut", () => {
    const profile = getProfile("smartcode-914");
    if (!profile) throw new Error("smartcode-914");
    const twin = new LockTwin({ profile, startMs: FROM_MS + 10 * 3_600_000, doorClosed: true, seed: 3 });
    const factory = twin.persistent();
    if (!factory) throw new Error("a new twin holds its factory state");
    twin.writeStore({ ...factory, handing: "cw", paired: true });
    twin.insertPack("fresh");
    const results: RadioReport[] = [];
    twin.onRadioReport((r) => {
      if (r.type === "result") results.push(r);
    });
    const capacity = profile.codes.capacity;
    const codeOf = (slot: number): string => `${slot + 10}${(slot * 37) % 10}${slot % 10}7`.slice(0, 6);
    for (let slot = 1; slot <= capacity; slot++) {
      twin.send({
        type: "setCode",
        slot,
        code: codeOf(slot),
        validFromMs: FROM_MS,
        validUntilMs: UNTIL_MS,
        weekly: WEEKDAYS_9_TO_5,
      });
      twin.advance(1_000);
    }
    expect(results).toHaveLength(capacity);
    expect(results.every((r) => r.type === "result" && r.ok)).toBe(true);

    softReset(twin); // B-PWR-7/8: RAM is lost, the store is what remains
    const kept = twin.persistent();
    expect(kept?.codes.filter((c) => c !== null)).toHaveLength(capacity);
    for (const c of kept?.codes ?? []) {
      expect(c).toMatchObject({ validFromMs: FROM_MS, validUntilMs: UNTIL_MS, weekly: WEEKDAYS_9_TO_5 });
    }
  });
});
