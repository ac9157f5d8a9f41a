/**
 * The lock's codes: normalising what was typed, the rules a new code must meet
 * (B-CODE-2/3/4/5), storing it as hashes keyed by the lock's own secret (B-SEC-7, held in
 * the same persistent state), and matching an entry against every slot in the same number
 * of steps whatever the digits.
 */
import type { LockProfile } from "./profile-types.ts";
import type { CodeWindow, PersistentState, StoredCode } from "./state.ts";
import type { SlotInfo, WeeklyWindow } from "./radio-types.ts";
import type { ComparisonCounter } from "./security/code-hash.ts";
import { NO_PREFIX, hashCode, tagHex, tagWord } from "./security/code-hash.ts";
import type { DeviceSecret } from "./security/device-secret.ts";

const buttonMaps = new WeakMap<LockProfile, Map<string, string>>();

/**
 * Maps each digit to its button on keypads where one button carries two digits
 * (smartcode-910: 1234 and 2134 are the same code), and leaves others unchanged.
 */
export function normalizeDigits(profile: LockProfile, digits: string): string {
  if (profile.keypad.sharedButtons.length === 0) return digits;
  let map = buttonMaps.get(profile);
  if (!map) {
    map = new Map();
    for (const group of profile.keypad.sharedButtons) for (const d of group) map.set(d, group[0] ?? d);
    buttonMaps.set(profile, map);
  }
  let out = "";
  for (const d of digits) out += map.get(d) ?? d;
  return out;
}

export interface CodeRefusal {
  readonly ok: false;
  /** Stable code for APIs (STYLE.md rule 4). */
  readonly code: "code.length" | "code.conflict" | "code.capacity" | "code.slot" | "code.digits";
  readonly reason: string;
}
export type CodeCheck = { readonly ok: true; readonly stored: StoredCode } | CodeRefusal;

export interface CodeExtras {
  readonly validFromMs?: number;
  readonly validUntilMs?: number;
  readonly weekly?: WeeklyWindow;
  /** A limited-use code's uses (B-CODE-1 "one use"). */
  readonly usesLeft?: number;
}

/** Hashes a normalised code for storage, under the lock's secret. */
export function storeCode(
  profile: LockProfile,
  secret: DeviceSecret,
  normalized: string,
  extras: CodeExtras = {},
): StoredCode {
  const n = profile.codes.uniquePrefixDigits;
  // 24 bits are plenty for the prefix: a collision (1 in 16 million a pair) only refuses a
  // code it need not (B-CODE-4), and they fit one small integer beside the full hash's two, so a
  // code is one 48-byte object (bench core-state-size: 30 codes ~2.3 KB against a 2 KB budget,
  // decision 0029).
  const prefix =
    n !== null && normalized.length >= n
      ? tagWord(hashCode(secret, "prefix", normalized.slice(0, n)), 0, 6)
      : NO_PREFIX;
  const full = hashCode(secret, "full", normalized);
  return { fullHi: tagWord(full, 0, 8), fullLo: tagWord(full, 8, 8), prefix, ...extras };
}

/**
 * A stored code's full hash as `hashCode` writes it, 16 lowercase hex characters: for the
 * code-table checksum (whose input has always held it so) and for tests and tools.
 */
export function fullHashHex(code: Pick<StoredCode, "fullHi" | "fullLo">): string {
  return tagHex(code.fullHi, 8) + tagHex(code.fullLo, 8);
}

/**
 * Whether two stored codes have the same full hash: both words XORed and ORed together, with
 * no early exit after the first (B-SEC-7).
 */
function sameFull(a: StoredCode, b: StoredCode): boolean {
  return ((a.fullHi ^ b.fullHi) | (a.fullLo ^ b.fullLo)) === 0;
}

/**
 * Checks a new user or programming code against the rules, and returns what to store.
 * `replacingSlot` is the slot being overwritten (its old code does not conflict);
 * for a programming code the old programming code does not conflict either.
 */
export function checkNewCode(
  profile: LockProfile,
  persistent: PersistentState,
  typed: string,
  kind: "user" | "programming",
  replacingSlot: number | null,
  extras: CodeExtras = {},
): CodeCheck {
  if (!/^[0-9]+$/.test(typed))
    return { ok: false, code: "code.digits", reason: "a code is made of digits only" };
  const [min, max] =
    kind === "user"
      ? [profile.codes.userLengthMin, profile.codes.userLengthMax]
      : [profile.codes.programmingLengthMin, profile.codes.programmingLengthMax];
  if (typed.length < min || typed.length > max) {
    return {
      ok: false,
      code: "code.length",
      reason: `a ${kind} code has ${min} to ${max} digits (B-CODE-2)`,
    };
  }
  const stored = storeCode(profile, persistent.secret, normalizeDigits(profile, typed), extras);
  const others: { label: string; code: StoredCode }[] = [];
  persistent.codes.forEach((c, i) => {
    if (c && i !== replacingSlot) others.push({ label: `slot ${i + 1}`, code: c });
  });
  if (kind === "user" && persistent.programmingCode) {
    others.push({ label: "the programming code", code: persistent.programmingCode });
  }
  // Walk every other code in full (no early exit) and remember the first conflict.
  let conflict: string | null = null;
  let prefixConflict: string | null = null;
  for (const o of others) {
    const same = sameFull(o.code, stored);
    const samePrefix = stored.prefix !== NO_PREFIX && (o.code.prefix ^ stored.prefix) === 0;
    if (same && conflict === null) conflict = o.label;
    if (samePrefix && prefixConflict === null) prefixConflict = o.label;
  }
  if (conflict !== null) {
    const rule = kind === "programming" || conflict === "the programming code" ? "B-CODE-5" : "B-CODE-4";
    return { ok: false, code: "code.conflict", reason: `the same code is already ${conflict} (${rule})` };
  }
  if (prefixConflict !== null) {
    return {
      ok: false,
      code: "code.conflict",
      reason: `first ${profile.codes.uniquePrefixDigits} digits match ${prefixConflict} (B-CODE-4)`,
    };
  }
  return { ok: true, stored };
}

/**
 * The slots' full hashes as one flat run of 32-bit words (two a slot, 0 for a free slot), made
 * for the stored state last matched against and kept for it alone: matching then walks one
 * typed array of one kind, still every slot every time (B-SEC-7), rather than objects of
 * several shapes and nulls. One set, not one per lock: a lock's codes change rarely and an
 * entry is typed on one lock at a time, while ten thousand fleet locks each keeping theirs
 * would hold ~400 bytes apiece (issue 17). Another lock's entry copies them again.
 */
const WORDS_KEPT = 4;
const recentStates: (PersistentState | null)[] = new Array<PersistentState | null>(WORDS_KEPT).fill(null);
const recentWords: Int32Array[] = [];
let nextKept = 0;

function wordsOf(persistent: PersistentState): Int32Array {
  for (let i = 0; i < WORDS_KEPT; i++) {
    if (recentStates[i] === persistent) return recentWords[i] as Int32Array;
  }
  const words = new Int32Array(persistent.codes.length * 2);
  persistent.codes.forEach((c, i) => {
    if (!c) return;
    words[2 * i] = c.fullHi;
    words[2 * i + 1] = c.fullLo;
  });
  recentStates[nextKept] = persistent;
  recentWords[nextKept] = words;
  nextKept = (nextKept + 1) % WORDS_KEPT;
  return words;
}

/**
 * Index of the slot whose full hash equals `full`, or -1: the matcher the firmware uses for
 * every keypad entry. Walks every slot, with no early exit and no branch on the data until
 * the end (B-SEC-7). A free slot holds 0 and never matches, because a hash is never 0 in both
 * words (the chance is 2^-64).
 *
 * @param counter - optional instrument; gains one step per 32-bit word compared.
 */
export function matchingSlot(persistent: PersistentState, full: string, counter?: ComparisonCounter): number {
  const words = wordsOf(persistent);
  const hi = tagWord(full, 0, 8);
  const lo = tagWord(full, 8, 8);
  let found = -1;
  for (let i = 0; i < words.length; i += 2) {
    const diff = ((words[i] as number) ^ hi) | ((words[i + 1] as number) ^ lo);
    const occupied = (words[i] as number) | (words[i + 1] as number);
    // mask is all ones when this slot matches and no earlier slot did
    const hit = ((diff === 0 ? 1 : 0) & (occupied !== 0 ? 1 : 0) & (found < 0 ? 1 : 0)) * -1;
    found = (found & ~hit) | ((i >> 1) & hit);
  }
  if (counter !== undefined) counter.steps += words.length;
  return found;
}

export type EntryMatch =
  | { readonly kind: "programming" }
  | { readonly kind: "user"; readonly slot: number; readonly inWindow: boolean }
  | { readonly kind: "none" };

/**
 * Compares a finished entry with every stored code (B-CODE-6, B-SEC-7): one hash, then
 * every slot and the programming code are compared in full. This is what the keypad calls.
 *
 * @param counter - optional instrument: words of the slots and of the programming code compared
 *   (tests show it is the same whatever the digits).
 */
export function matchEntry(
  profile: LockProfile,
  persistent: PersistentState,
  typed: string,
  now: number,
  counter?: ComparisonCounter,
): EntryMatch {
  if (typed.length === 0) return { kind: "none" };
  const full = hashCode(persistent.secret, "full", normalizeDigits(profile, typed));
  const index = matchingSlot(persistent, full, counter);
  // Compared whether or not a user code matched, so the steps do not depend on the digits.
  const isProgramming =
    persistent.programmingCode !== null && isFullHash(persistent.programmingCode, full, counter);
  if (isProgramming) return { kind: "programming" };
  if (index < 0) return { kind: "none" };
  const code = persistent.codes[index];
  return { kind: "user", slot: index + 1, inWindow: code ? isWithinWindow(code, now) : false };
}

/** True when the entry is the programming code. */
export function isProgrammingCode(profile: LockProfile, persistent: PersistentState, typed: string): boolean {
  if (persistent.programmingCode === null || typed.length === 0) return false;
  return isFullHash(
    persistent.programmingCode,
    hashCode(persistent.secret, "full", normalizeDigits(profile, typed)),
  );
}

/**
 * Whether `code`'s full hash is `full` (hashCode's hex): both words compared, with no early
 * exit after the first (B-SEC-7).
 *
 * @param counter - optional instrument; gains one step per word compared (two).
 */
function isFullHash(code: StoredCode, full: string, counter?: ComparisonCounter): boolean {
  const diff = (code.fullHi ^ tagWord(full, 0, 8)) | (code.fullLo ^ tagWord(full, 8, 8));
  if (counter !== undefined) counter.steps += 2;
  return diff === 0;
}

/** Slot (1-based) holding this code, or 0. */
export function slotOfCode(profile: LockProfile, persistent: PersistentState, typed: string): number {
  if (typed.length === 0) return 0;
  const full = hashCode(persistent.secret, "full", normalizeDigits(profile, typed));
  return matchingSlot(persistent, full) + 1;
}

const MS_PER_DAY = 86_400_000;

/** B-CODE-8: a temporary code works inside its window, a scheduled one inside its weekly hours. */
export function isWithinWindow(code: CodeWindow, now: number): boolean {
  if (code.validFromMs !== undefined && now < code.validFromMs) return false;
  if (code.validUntilMs !== undefined && now >= code.validUntilMs) return false;
  if (code.weekly) {
    const day = Math.floor(now / MS_PER_DAY);
    const weekday = (day + 3) % 7; // 1970-01-01 was a Thursday; Monday = 0
    const minute = Math.floor((now - day * MS_PER_DAY) / 60_000);
    if ((code.weekly.dayMask & (1 << weekday)) === 0) return false;
    const { fromMinute, untilMinute } = code.weekly;
    const inside =
      fromMinute <= untilMinute
        ? minute >= fromMinute && minute < untilMinute
        : minute >= fromMinute || minute < untilMinute;
    if (!inside) return false;
  }
  return true;
}

/**
 * The stored state last counted and its count: a persistent state is never changed, and a
 * fleet lock asks for the same one's count at nearly every entry and bolt run (issue 17).
 */
let countedState: PersistentState | null = null;
let countedCodes = 0;

export function countCodes(persistent: PersistentState): number {
  if (persistent === countedState) return countedCodes;
  const codes = persistent.codes;
  let n = 0;
  for (let i = 0; i < codes.length; i++) if (codes[i]) n++;
  countedState = persistent;
  countedCodes = n;
  return n;
}

export function firstFreeSlot(persistent: PersistentState): number {
  return persistent.codes.findIndex((c) => c === null) + 1;
}

export function withSlot(
  persistent: PersistentState,
  slot: number,
  code: StoredCode | null,
): PersistentState {
  const codes = persistent.codes.slice();
  codes[slot - 1] = code;
  return { ...persistent, codes };
}

/** What a slot holds, as `readSlot` answers it: never the code (B-SEC-4). */
export function slotInfo(persistent: PersistentState, slot: number): SlotInfo {
  const c = persistent.codes[slot - 1] ?? null;
  if (c === null) return { slot, occupied: false };
  return {
    slot,
    occupied: true,
    ...(c.validFromMs === undefined ? {} : { validFromMs: c.validFromMs }),
    ...(c.validUntilMs === undefined ? {} : { validUntilMs: c.validUntilMs }),
    ...(c.weekly === undefined ? {} : { weekly: c.weekly }),
    ...(c.usesLeft === undefined ? {} : { usesLeft: c.usesLeft }),
    ...(c.disabled ? { enabled: false as const } : {}),
  };
}

/** A limited-use code with no use left (B-CODE-1): it stays in its slot and opens nothing. */
export function isUsedUp(code: StoredCode): boolean {
  return code.usesLeft !== undefined && code.usesLeft <= 0;
}

/** Why a stored code that matched opens nothing now (switched off, used up), or null. */
export function whyCodeIdle(code: StoredCode, slot: number): string | null {
  const denial = codeIdleDenial(code);
  if (denial === "switched-off") return `slot ${slot} is switched off from the app`;
  if (denial === "used-up") return `slot ${slot} has no use left (B-CODE-1)`;
  return null;
}

/** `whyCodeIdle` as a report names it, or null for a code that may open. */
export function codeIdleDenial(code: StoredCode): "switched-off" | "used-up" | null {
  if (code.disabled) return "switched-off";
  if (isUsedUp(code)) return "used-up";
  return null;
}
