/**
 * The person's helpers tell the truth: a code "added" is a code the lock holds and opens
 * with, on every profile and whatever the digits — the SmartCode 955 once took a code
 * starting with 3 in slot 1 as its "set programming code" menu (Program, 3: B-PRG-5) and
 * the helper still said it had added it (issue 15).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkNewCode } from "../core/code-book.ts";
import { PROFILE_IDS, getProfile } from "../core/profiles/index.ts";
import type { LockProfile } from "../core/profile-types.ts";
import { buildTwin } from "../scenario/build-twin.ts";
import { applyFix } from "./fixes.ts";
import type { Person } from "./person.ts";
import { addCode, lockWorksFor } from "./person-actions.ts";

const START = Date.parse("2026-03-02T08:00:00Z");
/** A household code already in slot 2 (seed 003's valid example). */
const OTHER = "8163";

/** Models whose person sets a master code before adding user codes (seed 002; the 910's optional one). */
function programmingCodeFor(profile: LockProfile): string | undefined {
  const needsOne = profile.procedures.some(
    (p) => p.start.kind === "programming-code" || p.tokens.some((t) => t.t === "digits" && t.role === "auth"),
  );
  return profile.codes.defaultProgrammingCode === null && needsOne ? "50813" : undefined;
}

function readyLock(profileId: string, withOther: boolean) {
  const profile = getProfile(profileId) as LockProfile;
  const programmingCode = programmingCodeFor(profile);
  const built = buildTwin(
    {
      line: 1,
      profile: profileId,
      state: "ready",
      door: "open",
      batteries: "fresh",
      codes: withOther ? [{ slot: 2, code: OTHER }] : [],
      ...(programmingCode === undefined ? {} : { programmingCode }),
      faults: [],
      temperatureC: 20,
      settings: {},
      timeMs: START,
    },
    "person-actions.test",
  );
  if ("problems" in built) throw new Error(built.problems[0]?.reason);
  return { twin: built.twin, profile, person: { ...built.person } as Person };
}

/** A code of the profile's lengths made of any digits (the 955's menu digits included). */
function codeFor(profile: LockProfile): fc.Arbitrary<string> {
  return fc
    .array(fc.integer({ min: 0, max: 9 }), {
      minLength: profile.codes.userLengthMin,
      maxLength: Math.min(profile.codes.userLengthMax, 8),
    })
    .map((d) => d.join(""));
}

describe("adding a code tells the truth on every profile", () => {
  for (const profileId of PROFILE_IDS) {
    it(`program-user-code on ${profileId}: the lock opens with any code it accepts, and a refusal says so`, () => {
      const profile = getProfile(profileId) as LockProfile;
      fc.assert(
        fc.property(codeFor(profile), fc.integer({ min: 1, max: 3 }), fc.boolean(), (code, slot, other) => {
          const { twin, person } = readyLock(profileId, other);
          const mine = { ...person, code, slot: other && slot === 2 ? 1 : slot };
          const p = twin.persistent();
          if (!p) throw new Error("no store");
          const valid = checkNewCode(profile, p, code, "user", (mine.slot ?? 1) - 1).ok;
          const done = applyFix(twin, "program-user-code", mine);
          // A code the lock's rules allow is added; one they refuse is refused, never "added".
          expect(done.ok).toBe(valid);
          if (done.ok) expect(lockWorksFor(twin, mine)).toBe(true);
        }),
        { numRuns: 40 },
      );
    });

    it(`factory-reset on ${profileId}: afterwards the person's own code opens the lock`, () => {
      const profile = getProfile(profileId) as LockProfile;
      fc.assert(
        fc.property(codeFor(profile), (code) => {
          const { twin, person } = readyLock(profileId, false);
          const mine: Person = { ...person, code, slot: 1 };
          const done = applyFix(twin, "factory-reset", mine);
          if (done.ok) expect(lockWorksFor(twin, mine)).toBe(true);
          else expect(done.reason.length).toBeGreaterThan(0);
          // After a reset only the programming code (if the person set one) is stored, so any
          // code of the right length that differs from it in its first digits must go in.
          const p = twin.persistent();
          const clash =
            mine.programmingCode !== undefined && code.slice(0, 4) === mine.programmingCode.slice(0, 4);
          if (!clash && p) expect(done.ok).toBe(true);
        }),
        { numRuns: 25 },
      );
    });
  }

  it("SmartCode 955: a code starting with 3 no longer disappears into the programming-code menu", () => {
    const { twin, person } = readyLock("smartcode-955", false);
    const mine: Person = { ...person, code: "3947", slot: 1 };
    const slot = addCode(twin, mine, "3947", 1);
    expect(slot).not.toBeNull();
    expect(lockWorksFor(twin, { ...mine, slot: slot ?? 1 })).toBe(true);
  });
});
