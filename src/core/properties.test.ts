/**
 * Property tests over random event sequences (STYLE.md rule 9), on every profile: no
 * exception escapes `step`; only a stored, valid code typed in full unlocks; never more
 * codes than capacity; stored codes always satisfy the profile's rules; a lockout holds
 * for its whole time.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PROFILES } from "./profiles/index.ts";
import type { LockProfile } from "./profile-types.ts";
import { SimulatedLock, TEST_SECRET } from "./testing/simulated-lock.ts";
import { hashCode } from "./security/code-hash.ts";
import { fullHashHex, isWithinWindow, normalizeDigits } from "./code-book.ts";
import type { KeyName } from "./keys.ts";
import type { RadioCommand } from "./radio-types.ts";

/** Codes the random person knows and types; shared prefixes on purpose (B-CODE-4). */
const POOL = [
  "2947",
  "29475",
  "29476",
  "8163",
  "81630",
  "5821",
  "1357",
  "0000",
  "1234",
  "7391028",
  "246",
  "999999",
  "13579",
  "2468",
];

type Action =
  | { a: "type"; code: string; confirm: boolean }
  | { a: "key"; key: KeyName }
  | { a: "wait"; ms: number }
  | { a: "power" }
  | { a: "radio"; command: RadioCommand }
  | { a: "turn"; to: "extended" | "retracted" };

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      a: fc.constant("type" as const),
      code: fc.constantFrom(...POOL),
      confirm: fc.boolean(),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      a: fc.constant("key" as const),
      key: fc.constantFrom<KeyName>("0", "1", "2", "3", "4", "9", "lock", "program", "program"),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      a: fc.constant("wait" as const),
      ms: fc.constantFrom(100, 1_000, 2_500, 6_000, 11_000, 70_000, 400_000),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ a: "power" as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      a: fc.constant("turn" as const),
      to: fc.constantFrom<"extended" | "retracted">("extended", "retracted"),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      a: fc.constant("radio" as const),
      command: fc.oneof(
        fc.record({
          type: fc.constant("setCode" as const),
          slot: fc.integer({ min: 0, max: 32 }),
          code: fc.constantFrom(...POOL),
        }),
        fc.record({
          type: fc.constant("setCode" as const),
          slot: fc.integer({ min: 1, max: 4 }),
          code: fc.constantFrom(...POOL),
          validUntilMs: fc.integer({ min: 0, max: 600_000 }),
        }),
        fc.record({ type: fc.constant("deleteCode" as const), slot: fc.integer({ min: 1, max: 30 }) }),
        fc.record({ type: fc.constantFrom("lock" as const, "unlock" as const) }),
        fc.record({
          type: fc.constant("mode" as const),
          mode: fc.constantFrom("normal" as const, "vacation" as const),
        }),
      ) as fc.Arbitrary<RadioCommand>,
    }),
  },
);

/** Plaintext for each code hash the person could have stored: the pool, and any digit run they typed. */
class KnownCodes {
  private readonly map = new Map<string, string>();
  private learnedUpTo = 0;
  constructor(
    private readonly profile: LockProfile,
    private readonly pressed: readonly string[],
  ) {
    for (const c of POOL) this.add(c);
  }
  private add(code: string): void {
    const n = normalizeDigits(this.profile, code);
    this.map.set(hashCode(TEST_SECRET, "full", n), n);
  }
  get(full: string): string | undefined {
    if (!this.map.has(full) && this.learnedUpTo < this.pressed.length) {
      const runs = this.pressed
        .join(" ")
        .split(/[^0-9 ]+/)
        .map((r) => r.replace(/ /g, ""));
      for (const run of runs) {
        for (let i = 0; i < run.length; i++)
          for (let len = 1; len <= 12 && i + len <= run.length; len++) this.add(run.slice(i, i + len));
      }
      this.learnedUpTo = this.pressed.length;
    }
    return this.map.get(full);
  }
}

function checkRules(lock: SimulatedLock, known: KnownCodes): void {
  const p = lock.state.persistent;
  const c = lock.profile.codes;
  expect(p.codes).toHaveLength(c.capacity);
  const plain = p.codes.flatMap((s) => (s ? [known.get(fullHashHex(s))] : []));
  for (const code of plain) {
    expect(code, "a stored code is one the person typed").toBeDefined();
    expect(code!.length).toBeGreaterThanOrEqual(c.userLengthMin);
    expect(code!.length).toBeLessThanOrEqual(c.userLengthMax);
  }
  const all = p.programmingCode
    ? [...plain, known.get(fullHashHex(p.programmingCode)) ?? "?programming"]
    : plain;
  const n = c.uniquePrefixDigits;
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) {
      expect(all[i], "no two codes are the same (B-CODE-5)").not.toBe(all[j]);
      if (n !== null && (all[i]?.length ?? 0) >= n && (all[j]?.length ?? 0) >= n) {
        expect(all[i]!.slice(0, n), "first digits differ (B-CODE-4)").not.toBe(all[j]!.slice(0, n));
      }
    }
  }
}

describe.each(Object.values(PROFILES).map((p) => [p.id, p] as const))(
  "random sequences on %s",
  (_id, profile) => {
    it("B-CODE-3, B-CODE-4, B-CODE-8, B-SEC-1, B-SEC-3: no exception; only a valid stored code typed in full unlocks; rules and capacity always hold; lockouts hold", () => {
      fc.assert(
        fc.property(
          fc.array(action, { minLength: 5, maxLength: 60 }),
          fc.boolean(),
          (actions, startWithCodes) => {
            const lock = new SimulatedLock(profile, {
              codes: startWithCodes ? (profile.id === "smartcode-910" ? ["1357"] : ["2947", "8163"]) : [],
              ...(profile.codes.defaultProgrammingCode === null && profile.id === "halo"
                ? { programmingCode: "5821" }
                : {}),
            });
            const pressed: string[] = [];
            const known = new KnownCodes(profile, pressed);
            let lockedOutUntil: number | null = null;
            let seenEffects = lock.effects.length;
            const press = (k: KeyName): void => {
              pressed.push(k);
              lock.press(k);
            };
            for (const act of actions) {
              switch (act.a) {
                case "type":
                  for (const d of act.code) press(d as KeyName);
                  if (act.confirm) press("lock");
                  break;
                case "key":
                  press(act.key);
                  break;
                case "wait":
                  lock.advance(act.ms);
                  break;
                case "power":
                  lock.powerCycle();
                  lockedOutUntil = null; // B-PWR-7: pulling the pack clears a running lockout
                  break;
                case "turn":
                  lock.turn(act.to, "key");
                  break;
                case "radio":
                  lock.radio(act.command);
                  break;
              }
              for (const e of lock.effects.slice(seenEffects)) {
                if (e.type !== "history") continue;
                const h = e.entry;
                if (h.kind === "lockout") lockedOutUntil = lock.state.lockedOutUntilMs;
                const fromKeypad = h.source === "keypad" || h.source === "one-touch";
                if ((h.kind === "unlock" || h.kind === "lock") && fromKeypad && lockedOutUntil !== null) {
                  expect(
                    h.atMs,
                    "nothing from the keypad works during a lockout (B-SEC-1)",
                  ).toBeGreaterThanOrEqual(lockedOutUntil);
                }
                if (h.kind === "unlock" && h.source === "keypad") {
                  const stored = lock.state.persistent.codes[(h.slot ?? 0) - 1];
                  expect(stored, "an unlock names a stored slot").toBeTruthy();
                  const code = known.get(fullHashHex(stored!));
                  expect(code).toBeDefined();
                  expect(isWithinWindow(stored!, h.atMs), "an expired code never unlocks (B-CODE-8)").toBe(
                    true,
                  );
                  // The code's digits were the last digits typed before the entry ended.
                  const digits = pressed.filter((k) => k !== "lock");
                  const tail = normalizeDigits(profile, digits.slice(-code!.length).join(""));
                  expect(tail, "only the code typed in full unlocks").toBe(code);
                }
              }
              seenEffects = lock.effects.length;
              checkRules(lock, known);
            }
          },
        ),
        { numRuns: 150 }, // × 7 profiles = 1,050 random sequences,
      );
    });
  },
);
