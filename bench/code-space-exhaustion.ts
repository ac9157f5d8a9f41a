/**
 * Time to exhaust the code space (issue 16, item 1; B-SEC-1, B-SEC-6): for every profile, an
 * attacker at the keypad who tries every entry of the shortest code length — 10,000 four-digit
 * codes, 625 button sequences on the 910 — waiting out each lockout, either as fast as the keypad
 * takes guesses (unpaced) or one every 31 s so a one-minute window never sees three (paced).
 * Lock time on the core alone (src/core/testing/guessing-attack.ts, the same attacker the tests
 * use); target ≥ 1 year. A last figure shows the attack issue 16 found: the 910 with only its
 * documented "3 wrong codes within a minute" rule. Deterministic: every run gives the same years.
 */
import { PROFILES } from "../src/core/profiles/index.ts";
import type { LockProfile } from "../src/core/profile-types.ts";
import type { AttackPace, AttackResult } from "../src/core/testing/guessing-attack.ts";
import { exhaustCodeSpace } from "../src/core/testing/guessing-attack.ts";
import type { BenchResult } from "./benchmark.ts";

const YEAR_MS = 365.25 * 86_400_000;

function figure(r: AttackResult, target: boolean, label = `${r.profileId}, ${r.pace}`): BenchResult {
  return {
    name: `time to try every code: ${label}`,
    value: Math.round((r.lockMs / YEAR_MS) * 100) / 100,
    unit: "years",
    ...(target ? { target: 1, better: "higher" as const } : {}),
    note:
      `${r.guesses.toLocaleString("en-US")} guesses (${r.codeSpace.toLocaleString("en-US")} entries of the shortest code), ` +
      `${r.lockouts.toLocaleString("en-US")} lockouts sat out, the longest ${(r.longestLockoutMs / 3_600_000).toFixed(1)} h; ` +
      `${(r.lockMs / 86_400_000).toFixed(1)} days of lock time${r.opened ? "; OPENED" : ""}`,
  };
}

export function run(): BenchResult[] {
  const out: BenchResult[] = [];
  const paces: readonly AttackPace[] = ["unpaced", "paced"];
  for (const profile of Object.values(PROFILES))
    for (const pace of paces) out.push(figure(exhaustCodeSpace(profile, pace), true));
  const p910 = PROFILES["smartcode-910"];
  if (!p910) throw new Error("smartcode-910 missing");
  const windowOnly: LockProfile = { ...p910, lockout: { ...p910.lockout, everyWrongFrom: Infinity } };
  const before = exhaustCodeSpace(windowOnly, "paced");
  out.push({
    ...figure(before, false, "smartcode-910, paced, its documented lockout only (before issue 16)"),
    value: Math.round((before.lockMs / 3_600_000) * 10) / 10,
    unit: "hours",
  });
  return out;
}
