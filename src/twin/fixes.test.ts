/**
 * Fixes as a real owner carries them out, where the keypad alone cannot (FAULTS.md fix
 * actions; the pairs on every profile are proved in test/faults-and-fixes.test.ts).
 */
import { describe, expect, it } from "vitest";
import { applyFix, injectFault } from "./faults.ts";
import { lockWorksFor } from "./person-actions.ts";
import { readyBuiltTwin } from "../scenario/ready-twin.test-fake.ts";

function readyLock(profile: string, paired = true) {
  return readyBuiltTwin({ profile, paired });
}

describe("program-user-code", () => {
  it.each(["halo", "aura"])(
    "B-NET-1, B-SET-7: a %s with no master code, after no-user-codes, gets its code back from the app",
    (profile) => {
      const { twin, person } = readyLock(profile);
      expect(injectFault(twin, "no-user-codes", person)).toEqual({ ok: true });
      expect(lockWorksFor(twin, person)).toBe(false);
      expect(applyFix(twin, "program-user-code", person)).toEqual({ ok: true });
      expect(lockWorksFor(twin, person)).toBe(true);
    },
  );

  it.each([
    ["code-capacity-full", "delete-code"],
    ["code-conflict", "reenter-code"],
  ] as const)(
    "B-NET-1, B-CODE-3, B-CODE-4: on a Halo with no master code, %s is fixed by %s through the app",
    (fault, fix) => {
      const { twin, person } = readyLock("halo");
      expect(injectFault(twin, fault, person)).toEqual({ ok: true });
      const before = twin.persistent()!.codes.filter((c) => c !== null).length;
      expect(applyFix(twin, fix, person)).toEqual({ ok: true });
      expect(person.wantsToAdd).toBeUndefined();
      expect(twin.persistent()!.codes.filter((c) => c !== null).length).toBe(
        fault === "code-conflict" ? before + 1 : before,
      );
      expect(lockWorksFor(twin, person)).toBe(true);
    },
  );

  it("B-PRG-3: without the app (not paired) and without a master code it is refused with why, and nothing changes", () => {
    const { twin, person } = readyLock("halo", false);
    injectFault(twin, "no-user-codes", person);
    const r = applyFix(twin, "program-user-code", person);
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/programming code/) });
    expect(lockWorksFor(twin, person)).toBe(false);
  });
});

describe("factory-reset", () => {
  it.each(["halo", "aura"])(
    "B-RST-1, B-CODE-4: a %s whose owner's code starts 1357 is set up again: the master code the person makes up does not clash with it",
    (profile) => {
      const { twin, person } = readyBuiltTwin({ profile, paired: true, codes: [{ slot: 1, code: "13579" }] });
      expect(applyFix(twin, "factory-reset", person)).toEqual({ ok: true });
      expect(person.code).toBe("13579");
      expect(lockWorksFor(twin, person)).toBe(true);
    },
  );
});

describe("delete-code", () => {
  it.each(["smartcode-914", "smartcode-264", "halo", "smartcode-910"])(
    "B-CODE-3, B-CODE-5: on a %s whose programming code is 86420, code-capacity-full is fixed by delete-code: the code the person wants is not the programming code",
    (profile) => {
      const paired = profile !== "smartcode-264";
      const { twin, person } = readyBuiltTwin({ profile, paired, programmingCode: "86420" });
      expect(injectFault(twin, "code-capacity-full", person)).toEqual({ ok: true });
      expect(person.wantsToAdd?.code).not.toBe("86420");
      expect(applyFix(twin, "delete-code", person)).toEqual({ ok: true });
      expect(person.wantsToAdd).toBeUndefined();
      expect(lockWorksFor(twin, person)).toBe(true);
    },
  );
});

describe("readd-code in vacation mode", () => {
  it("B-SEC-2, B-CODE-7: on a 955 in vacation mode the person's first Program press ends the mode, and the code is then added", () => {
    const { twin, person } = readyBuiltTwin({ profile: "smartcode-955", paired: false });
    expect(injectFault(twin, "code-deleted", person)).toEqual({ ok: true });
    expect(injectFault(twin, "vacation-mode", person)).toEqual({ ok: true });
    expect(applyFix(twin, "readd-code", person)).toEqual({ ok: true });
    expect(twin.persistent()?.mode).toBe("normal");
    expect(lockWorksFor(twin, person)).toBe(true);
  });
});
