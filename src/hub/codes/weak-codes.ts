/**
 * Weak-code warnings (B-CODE-9: the lock allows them, the app flags them). A warning never
 * refuses a code: the person decides. Each pattern has its own stable code so a client can
 * explain it.
 */
import type { Issue } from "../model.ts";

/** Codes people pick first (lists of leaked PINs put these at the top). */
const COMMON = new Set([
  "1234",
  "0000",
  "1111",
  "1212",
  "7777",
  "1004",
  "2000",
  "4444",
  "2222",
  "6969",
  "9999",
  "3333",
  "5555",
  "6666",
  "1122",
  "1313",
  "8888",
  "4321",
  "2001",
  "1010",
  "2580",
  "0852",
  "123456",
  "654321",
  "12345678",
  "87654321",
  "112233",
  "121212",
  "123123",
  "159753",
  "147258",
]);

function isRepeated(code: string): boolean {
  return /^(\d)\1+$/.test(code);
}

/** A run up or down, wrapping 9→0 (1234, 7890, 4321, 0987). */
function isSequence(code: string): boolean {
  if (code.length < 3) return false;
  const step = (Number(code[1]) - Number(code[0]) + 10) % 10;
  if (step !== 1 && step !== 9) return false;
  for (let i = 2; i < code.length; i++) {
    if ((Number(code[i]) - Number(code[i - 1]) + 10) % 10 !== step) return false;
  }
  return true;
}

/** A short group repeated: 1212, 123123, 12341234. */
function isRepeatedGroup(code: string): boolean {
  for (let size = 2; size <= code.length / 2; size++) {
    if (code.length % size !== 0) continue;
    if (code.slice(0, size).repeat(code.length / size) === code) return true;
  }
  return false;
}

/** A year a person might be born in (1930–2029) at the start or end of the code. */
function hasYear(code: string, nowYear: number): boolean {
  const years = [code.slice(0, 4), code.slice(-4)].map(Number);
  return code.length >= 4 && years.some((y) => y >= 1930 && y <= Math.max(2029, nowYear));
}

/** A date: DDMM, MMDD, DDMMYY, MMDDYY, YYYYMMDD, DDMMYYYY. */
function isDate(code: string): boolean {
  const dm = (d: number, m: number): boolean => d >= 1 && d <= 31 && m >= 1 && m <= 12;
  const n = (from: number, len: number): number => Number(code.slice(from, from + len));
  if (code.length === 4) return dm(n(0, 2), n(2, 2)) || dm(n(2, 2), n(0, 2));
  if (code.length === 6) return dm(n(0, 2), n(2, 2)) || dm(n(2, 2), n(0, 2));
  if (code.length === 8) {
    const y1 = n(0, 4);
    const y2 = n(4, 4);
    return (
      (y1 >= 1900 && y1 <= 2099 && dm(n(6, 2), n(4, 2))) ||
      (y2 >= 1900 && y2 <= 2099 && (dm(n(0, 2), n(2, 2)) || dm(n(2, 2), n(0, 2))))
    );
  }
  return false;
}

/**
 * Warnings for a code's digits (B-CODE-9). `reusedOnSites` names other sites that already use
 * the same digits: one leaked code then opens more than one place.
 */
export function weakCodeWarnings(
  code: string,
  options: { nowYear?: number; reusedOnSites?: readonly string[] } = {},
): Issue[] {
  const out: Issue[] = [];
  if (!/^\d+$/.test(code)) return out;
  if (COMMON.has(code))
    out.push({ code: "code.weak-common", message: `${code} is among the codes people try first` });
  if (isRepeated(code)) out.push({ code: "code.weak-repeated", message: "every digit is the same" });
  else if (isSequence(code)) out.push({ code: "code.weak-sequence", message: "the digits run in order" });
  else if (isRepeatedGroup(code))
    out.push({ code: "code.weak-repeated", message: "a short group of digits repeats" });
  if (hasYear(code, options.nowYear ?? 2026))
    out.push({ code: "code.weak-year", message: "the code holds a year, like a birth year" });
  else if (isDate(code)) out.push({ code: "code.weak-date", message: "the code reads as a date" });
  if (options.reusedOnSites && options.reusedOnSites.length > 0) {
    out.push({
      code: "code.reused-across-sites",
      message: `the same code is used on ${options.reusedOnSites.length === 1 ? "another site" : `${options.reusedOnSites.length} other sites`}`,
    });
  }
  return out;
}

/** True when the digits raise no weakness warning (what the generator keeps). */
export function isStrongCode(code: string, nowYear?: number): boolean {
  return weakCodeWarnings(code, nowYear === undefined ? {} : { nowYear }).length === 0;
}
