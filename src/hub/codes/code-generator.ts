/**
 * Codes the hub chooses: one set of digits that every target lock will take (B-CODE-2 length,
 * B-CODE-4 first four unique on that lock, B-CODE-5 not the programming code, not already
 * there) and that raises no weak-code warning (B-CODE-9). The hub knows the codes it put on a
 * lock; what it cannot know (a code typed at the keypad, the programming code) the lock
 * refuses with `code.conflict`, and the hub then draws again, avoiding that prefix.
 */
import { randomInt } from "node:crypto";
import type { Outcome } from "../model.ts";
import { isStrongCode } from "./weak-codes.ts";

export interface LockCodeRules {
  readonly lockId: string;
  readonly minLength: number;
  readonly maxLength: number;
  /** Digits that must differ from every other code's (B-CODE-4); null: only whole codes clash. */
  readonly uniquePrefixDigits: number | null;
  /** Codes the hub knows are on (or going to) this lock. */
  readonly takenCodes: readonly string[];
  /** Prefixes this lock refused before (a keypad code or the programming code starts so). */
  readonly refusedPrefixes?: readonly string[];
}

export const DEFAULT_UNIQUE_PREFIX_DIGITS = 4;

/** Whether `code` would clash with what is known on this lock. */
export function clashOnLock(code: string, lock: LockCodeRules): string | null {
  if (code.length < lock.minLength || code.length > lock.maxLength) {
    return `${lock.lockId} takes ${lock.minLength}–${lock.maxLength} digits`;
  }
  const n = lock.uniquePrefixDigits;
  for (const taken of lock.takenCodes) {
    if (taken === code) return `${lock.lockId} already has this code`;
    if (n !== null && taken.length >= n && code.length >= n && taken.slice(0, n) === code.slice(0, n)) {
      return `the first ${n} digits match another code on ${lock.lockId}`;
    }
  }
  if (n !== null && lock.refusedPrefixes?.includes(code.slice(0, n))) {
    return `${lock.lockId} refused a code starting ${code.slice(0, n)} before`;
  }
  return null;
}

/**
 * A code every lock takes. Length is the longest minimum among the locks, at least
 * `preferredLength`, and must fit every lock's maximum.
 */
export function generateCode(
  locks: readonly LockCodeRules[],
  options: { preferredLength?: number; random?: (max: number) => number; attempts?: number } = {},
): Outcome<string> {
  const min = Math.max(options.preferredLength ?? 4, ...locks.map((l) => l.minLength));
  const max = Math.min(...locks.map((l) => l.maxLength), 12);
  if (min > max) {
    return {
      ok: false,
      code: "code.length",
      reason: `no length suits every lock (${min} digits needed, ${max} allowed)`,
    };
  }
  const random = options.random ?? randomInt;
  const attempts = options.attempts ?? 2000;
  for (let length = min; length <= max; length++) {
    for (let i = 0; i < attempts; i++) {
      let code = "";
      for (let d = 0; d < length; d++) code += String(random(10));
      if (!isStrongCode(code)) continue;
      if (locks.every((l) => clashOnLock(code, l) === null)) return { ok: true, value: code };
    }
  }
  return { ok: false, code: "code.capacity", reason: "no free code fits every lock's rules" };
}
