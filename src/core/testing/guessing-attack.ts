/**
 * An attacker at the keypad who tries every code (B-SEC-1, B-SEC-6), on the core alone and on
 * virtual time, for the tests and the bench (`npm run bench`: time to exhaust the code space).
 * The attacker knows the lock's rules and when a lockout ends (the worst case for the lock),
 * types each guess as digits and `lock` (which ends an entry on every profile, B-CODE-6), and
 * waits out every lockout rather than waste guesses on a keypad that ignores them.
 *
 * - unpaced: the next guess as soon as the keypad takes it;
 * - paced: never two guesses closer than `PACED_GAP_MS` (31 s), so a rule that counts wrong
 *   codes within a minute (the 910's) never sees three — the attack issue 16 found.
 *
 * The code space is every entry of the profile's shortest code length, counted by button on a
 * keypad where one button carries two digits (the 910: 5^4 = 625 sequences). The lock holds one
 * code of 8 digits, outside that space, so no guess opens it and the attacker tries them all.
 */
import type { LockProfile } from "../profile-types.ts";
import { normalizeDigits } from "../code-book.ts";
import { SimulatedLock } from "./simulated-lock.ts";

export type AttackPace = "paced" | "unpaced";

/** A paced attacker's gap between guesses: just over half the 910's one-minute window. */
export const PACED_GAP_MS = 31_000;
/** The owner's code: 8 digits, so no 4-digit guess is it. */
const OWNER_CODE = "29475813";
const DAY_MS = 86_400_000;

export interface AttackResult {
  readonly profileId: string;
  readonly pace: AttackPace;
  /** Distinct entries of the shortest code length on this keypad. */
  readonly codeSpace: number;
  readonly guesses: number;
  /** Lock time from the first key to the last guess's end. */
  readonly lockMs: number;
  readonly lockouts: number;
  /** The longest lockout the attacker sat out, ms. */
  readonly longestLockoutMs: number;
  /** Whether a guess opened the lock (never, with the owner's code outside the space). */
  readonly opened: boolean;
}

/** The digit keys that differ on this keypad (one per button), in order. */
function distinctDigits(profile: LockProfile): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const d of "0123456789") {
    const n = normalizeDigits(profile, d);
    if (!seen.has(n)) {
      seen.add(n);
      out.push(d);
    }
  }
  return out;
}

/** The i-th entry of the code space (base = number of buttons). */
function guessAt(digits: readonly string[], length: number, i: number): string {
  let out = "";
  let n = i;
  for (let k = 0; k < length; k++) {
    out = (digits[n % digits.length] ?? "0") + out;
    n = Math.floor(n / digits.length);
  }
  return out;
}

/**
 * Tries every entry of the code space on a fresh ready lock of `profile` and says how long it
 * took in lock time. `maxGuesses` stops early (a test that needs only the first few hundred).
 */
export function exhaustCodeSpace(
  profile: LockProfile,
  pace: AttackPace,
  opts: { maxGuesses?: number } = {},
): AttackResult {
  const lock = new SimulatedLock(profile, { codes: [OWNER_CODE] });
  lock.turn("extended", "key");
  const digits = distinctDigits(profile);
  const length = profile.codes.userLengthMin;
  const codeSpace = digits.length ** length;
  const total = Math.min(codeSpace, opts.maxGuesses ?? codeSpace);
  // Start a day in: the lock's power-up timers are long done.
  lock.advance(DAY_MS);
  const startMs = lock.nowMs;
  let lastGuessEndMs = -Infinity;
  let lockouts = 0;
  let longestLockoutMs = 0;
  let opened = false;
  for (let i = 0; i < total; i++) {
    const until = lock.state.lockedOutUntilMs;
    const paceWait = pace === "paced" ? lastGuessEndMs + PACED_GAP_MS - lock.nowMs : 0;
    const lockoutWait = until === null ? 0 : until - lock.nowMs + 1;
    const wait = Math.max(0, paceWait, lockoutWait);
    if (wait > 0) lock.advance(wait);
    const wasLockedOut = lock.state.lockedOutUntilMs !== null;
    if (wasLockedOut)
      throw new Error("the attacker waited out the lockout, yet the keypad is still locked out");
    lock.keys(`${guessAt(digits, length, i)} lock`);
    lastGuessEndMs = lock.nowMs;
    if (!lock.isExtended) opened = true;
    const started = lock.state.lockedOutUntilMs;
    if (started !== null) {
      lockouts++;
      longestLockoutMs = Math.max(longestLockoutMs, started - lock.nowMs);
    }
  }
  return {
    profileId: profile.id,
    pace,
    codeSpace,
    guesses: total,
    lockMs: lastGuessEndMs - startMs,
    lockouts,
    longestLockoutMs,
    opened,
  };
}
