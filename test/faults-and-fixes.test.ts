/**
 * Every FAULTS.md fault on every profile (issue 4): it can be injected (or is refused with
 * a reason where it cannot exist on that model), a fault that stops the lock does stop it,
 * and its fix makes the lock work again for its person.
 */
import { describe, expect, it } from "vitest";
import { PROFILE_IDS } from "../src/core/profiles/index.ts";
import { buildTwin } from "../src/scenario/build-twin.ts";
import { FAULT_IDS } from "../src/twin/fault-ids.ts";
import { REPAIR_FOR } from "../src/twin/fault-repairs.ts";
import { applyFix, injectFault } from "../src/twin/faults.ts";
import { lockWorksFor } from "../src/twin/person-actions.ts";

const MASTER = new Set(["halo", "aura", "smartcode-910"]);
/** Faults a model cannot have, and why. */
const NOT_ON: Record<string, string[]> = {
  "smartcode-914": ["programming-code-used", "master-code-forgotten"],
  "smartcode-955": ["programming-code-used", "master-code-forgotten"],
  "smartcode-264": ["vacation-mode", "hub-unpaired", "radio-offline"],
  "smartcode-275": ["vacation-mode", "hub-unpaired", "radio-offline"],
};
/** Issue 14: a firmware update comes over the radio; a lock without one cannot take it. */
const FIX_REFUSED_ON: Record<string, string[]> = {
  "smartcode-264": ["firmware-outdated"],
  "smartcode-275": ["firmware-outdated"],
};

function readyLock(profile: string, programmingCode = MASTER.has(profile) ? "5813" : undefined) {
  const built = buildTwin(
    {
      line: 1,
      profile,
      state: "ready",
      door: "closed",
      batteries: "fresh",
      codes: [{ slot: 1, code: "2947" }],
      ...(programmingCode ? { programmingCode } : {}),
      faults: [],
      temperatureC: 20,
      settings: {},
      timeMs: Date.parse("2026-03-02T08:00:00Z"),
    },
    "test",
  );
  if ("problems" in built) throw new Error(built.problems[0]?.reason);
  return built;
}

describe.each(PROFILE_IDS)("faults and fixes on %s", (profile) => {
  for (const fault of FAULT_IDS) {
    const repair = REPAIR_FOR[fault];
    it(`${fault} → ${repair.fix}`, () => {
      const { twin, person } = readyLock(profile);
      expect(lockWorksFor(twin, person)).toBe(true);
      const injected = injectFault(twin, fault, person);
      if (NOT_ON[profile]?.includes(fault)) {
        expect(injected.ok).toBe(false);
        return;
      }
      expect(injected).toEqual({ ok: true });
      if (repair.stopsTheLock) expect(lockWorksFor(twin, person), "the fault stops the lock").toBe(false);
      if (FIX_REFUSED_ON[profile]?.includes(fault)) {
        expect(applyFix(twin, repair.fix, person)).toMatchObject({
          ok: false,
          reason: expect.stringMatching(/no radio/),
        });
        return;
      }
      expect(applyFix(twin, repair.fix, person)).toEqual({ ok: true });
      expect(lockWorksFor(twin, person), "the fix makes it work again").toBe(true);
    });
  }
});

describe("B-SEC-2: vacation mode is turned off from inside or from the app", () => {
  it.each(["smartcode-914", "halo", "aura", "smartcode-955", "smartcode-910"])(
    "%s: disable-vacation-mode with the radio out of reach presses Program inside and the codes work again",
    (profile) => {
      const { twin, person } = readyLock(profile);
      expect(injectFault(twin, "vacation-mode", person)).toEqual({ ok: true });
      expect(injectFault(twin, "radio-offline", person)).toEqual({ ok: true });
      expect(lockWorksFor(twin, person)).toBe(false);
      expect(applyFix(twin, "disable-vacation-mode", person)).toEqual({ ok: true });
      expect(twin.persistent()?.mode).toBe("normal");
      expect(lockWorksFor(twin, person)).toBe(true);
    },
  );
});

describe("B-PRG-5, B-PRG-6: master-code-forgotten on a 955 that has a programming code", () => {
  it("is refused with why (no 955 procedure asks for it), not as if the lock had none", () => {
    const { twin, person } = readyLock("smartcode-955", "86420");
    expect(injectFault(twin, "master-code-forgotten", person)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/no procedure of this model asks for the programming code/),
    });
    expect(injectFault(readyLock("smartcode-955").twin, "master-code-forgotten", {})).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/has no programming code to forget/),
    });
  });
});
