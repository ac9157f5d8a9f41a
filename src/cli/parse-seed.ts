/**
 * Whole numbers on the command line, read strictly: decimal digits only, within bounds.
 * `--seed -1`, `--seed 0x10`, `--seed " "`, `1e3` and `1.5` are refused with a reason rather
 * than turned into some other number (issue 16, item 8). Shared by the CLI's subcommands.
 */

/** Seeds are 32-bit, like the twin's generator (mulberry32). */
export const MAX_SEED = 2 ** 32 - 1;

export type Parsed =
  { readonly ok: true; readonly value: number } | { readonly ok: false; readonly reason: string };

/** A whole number from `min` to `max`, written in plain decimal digits. */
export function parseWholeNumber(flag: string, text: string | undefined, min: number, max: number): Parsed {
  if (text === undefined) return { ok: false, reason: `${flag} needs a value` };
  if (!/^[0-9]+$/.test(text))
    return {
      ok: false,
      reason: `${flag} takes a whole number written in digits (${min}–${max}), not "${text}"`,
    };
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min || value > max)
    return { ok: false, reason: `${flag} must be from ${min} to ${max}, not ${text}` };
  return { ok: true, value };
}

export function parseSeed(text: string | undefined, flag = "--seed"): Parsed {
  return parseWholeNumber(flag, text, 0, MAX_SEED);
}
