/**
 * The pack levels (issue 16, item 6): one definition each, named by what the lock does on it,
 * with its voltage — and each does what its name says, whoever asks for it: a scenario's
 * `batteries:` word, the `battery-low` fault, or the page.
 */
import { describe, expect, it } from "vitest";
import { buildTwin } from "../scenario/build-twin.ts";
import type { LockSetup } from "../scenario/scenario-types.ts";
import { BATTERY_KINDS } from "../scenario/scenario-schema.ts";
import { newCell, openCircuitV } from "./battery-cell.ts";
import { makePack, packOpenV } from "./battery-pack.ts";
import { injectFault, packForFault } from "./faults.ts";
import { observe, markNow } from "./observe-lock.ts";
import { LEVEL_OF_KIND, PACK_DESCRIPTIONS, PACK_KINDS, PACK_LEVELS } from "./pack-levels.ts";
import type { PackKind, PackLevelId } from "./pack-levels.ts";
import { enterCode, settleLock, tap } from "./person-actions.ts";
import type { LockTwin } from "./lock-twin.ts";

function twinWith(batteries: LockSetup["batteries"], faults: string[] = []): LockTwin {
  const built = buildTwin(
    {
      line: 1,
      profile: "smartcode-914",
      state: "ready",
      door: "closed",
      batteries,
      codes: [{ slot: 1, code: "2947" }],
      faults,
      temperatureC: 20,
      settings: {},
      timeMs: 0,
    },
    "test",
  );
  if ("problems" in built) throw new Error(built.problems[0]?.reason);
  return built.twin;
}

/** Lock from the keypad, then unlock with the code: what happened, as a person sees it. */
function tryBoth(twin: LockTwin): { locked: boolean; unlocked: boolean; battery: string; red: number } {
  const mark = markNow(twin);
  tap(twin, "lock");
  settleLock(twin);
  const locked = twin.boltState() === "extended";
  if (!locked) twin.turnByHand("lock", "key");
  enterCode(twin, "2947");
  const seen = observe(twin, mark);
  return {
    locked,
    unlocked: twin.boltState() === "retracted",
    battery: seen.battery,
    red: seen.feedback.red,
  };
}

describe("pack levels", () => {
  it("B-PWR-2, B-PWR-3, B-PWR-4: each level's documented volts are the twin's alkaline curve at 20 °C", () => {
    for (const level of Object.values(PACK_LEVELS)) {
      const cellV = openCircuitV(newCell("alkaline", level.charge));
      expect(cellV, level.id).toBeCloseTo(level.cellV, 2);
      expect(4 * cellV, level.id).toBeCloseTo(level.packV, 1);
    }
    for (const kind of PACK_KINDS) {
      const level = LEVEL_OF_KIND[kind];
      if (level) expect(packOpenV(makePack(kind)), kind).toBeCloseTo(PACK_LEVELS[level].packV, 1);
      expect(PACK_DESCRIPTIONS[kind].length, kind).toBeGreaterThan(10);
    }
  });

  it("B-PWR-2: SCENARIOS.md's words keep their meaning: low warns and still locks, critical refuses, dead is silent", () => {
    const expected: Partial<Record<PackKind, PackLevelId>> = {
      fresh: "fresh",
      low: "warns-still-locks",
      critical: "refuses-to-lock",
      dead: "no-response",
    };
    for (const word of BATTERY_KINDS) expect(LEVEL_OF_KIND[word]).toBe(expected[word]);
    expect(packForFault("battery-low")).toBe("unlocks-only");
    expect(LEVEL_OF_KIND["unlocks-only"]).toBe("unlocks-only");
  });

  it("B-PWR-1, B-PWR-2: fresh locks and unlocks without a warning; low (warns-still-locks) warns and still locks", () => {
    expect(tryBoth(twinWith("fresh"))).toEqual({ locked: true, unlocked: true, battery: "ok", red: 0 });
    expect(tryBoth(twinWith("low"))).toMatchObject({ locked: true, unlocked: true, battery: "low", red: 0 });
  });

  it("B-BOLT-5: the battery-low fault's pack (unlocks-only) warns, unlocks, and cannot lock", () => {
    const twin = twinWith("fresh", ["battery-low"]);
    expect(packOpenV(twin.cells ?? [])).toBeCloseTo(PACK_LEVELS["unlocks-only"].packV, 1);
    expect(tryBoth(twin)).toMatchObject({ locked: false, unlocked: true, battery: "low" });
    const viaWord = twinWith("fresh");
    viaWord.replacePack("unlocks-only");
    expect(tryBoth(viaWord)).toMatchObject({ locked: false, unlocked: true, battery: "low" });
  });

  it("B-PWR-4, B-FB-3: a pack drained below the brown-out while the lock sits idle leaves it dark at its next battery check, not at its next motor run", () => {
    const twin = twinWith("fresh");
    twin.advance(1000 * 86_400_000); // years on the door, nobody using it
    expect(twin.powered).toBe(false);
    expect(packOpenV(twin.cells ?? [])).toBeLessThan(3.0);
    const mark = markNow(twin);
    twin.turnByHand("lock", "thumbturn");
    enterCode(twin, "2947");
    const seen = observe(twin, mark);
    // No answer at all, nothing recorded; the thumbturn still threw the bolt (B-HW-4).
    expect(seen).toMatchObject({ keypad: "disabled", battery: "dead", reported: "unknown", motorRan: false });
    expect(seen.feedback).toMatchObject({ green: 0, red: 0, beeps: 0 });
    expect(seen.lastEvent).toBeNull();
    expect(twin.boltState()).toBe("extended");
  });

  it("B-PWR-3, B-PWR-4: critical (refuses-to-lock) gives three red flashes and does not lock; dead (no-response) has no power", () => {
    const critical = tryBoth(twinWith("critical"));
    expect(critical).toMatchObject({ locked: false, battery: "critical" });
    expect(critical.red).toBeGreaterThanOrEqual(3);
    const dead = twinWith("dead");
    expect(dead.powered).toBe(false);
    injectFault(dead, "battery-dead");
    expect(dead.powered).toBe(false);
  });
});
