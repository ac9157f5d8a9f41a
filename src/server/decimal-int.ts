/**
 * A whole number read from a query or a path: decimal digits, nothing else. `z.coerce.number()`
 * took whatever JavaScript's `Number()` takes — `1e3`, `0x10`, `0b1`, ` 5`, `10.0`, `+5` — so
 * `?limit=1e3` read as 1,000 and `?before_id=0x10` as 16; every list route now refuses those
 * with its usual `request.invalid`. The JSON Schema (OpenAPI) still says an integer in range.
 */
import { z } from "zod";

const DIGITS = /^\d{1,16}$/;

/** An integer `min`–`max` written in decimal digits (leading zeros allowed: `007` is 7). */
export function decimalInt(min: number, max: number) {
  return z.preprocess(
    (v) => (typeof v === "string" && DIGITS.test(v) ? Number(v) : v),
    z
      .number({
        error: (issue) =>
          issue.code === "invalid_type"
            ? "a whole number in decimal digits (no sign, exponent, point or spaces)"
            : undefined,
      })
      .int()
      .min(min)
      .max(max),
  );
}
