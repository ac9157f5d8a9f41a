/**
 * docs/web.md, Errors: `request.invalid` "the message names the field". The outside audit sent
 * `POST /time { "speed": 5 }` and was told only "body: Invalid input" (zod's word for a body
 * that matches neither `{ speed }` nor `{ skipMs }`).
 */
import { describe, expect, it } from "vitest";
import { timeBodySchema, packBodySchema } from "./api-schemas.ts";
import { describeZodError } from "./error-handler.ts";

const words = (schema: typeof timeBodySchema | typeof packBodySchema, body: unknown): string => {
  const r = schema.safeParse(body);
  if (r.success) throw new Error("expected a refusal");
  return describeZodError(r.error, "body");
};

describe("a refused body names its field", () => {
  it("a speed the lock does not have names body.speed and the speeds", () => {
    const m = words(timeBodySchema, { speed: 5 });
    expect(m).toMatch(/^body\.speed: /);
    expect(m).toMatch(/60/);
  });

  it("an empty body or both fields names each choice", () => {
    expect(words(timeBodySchema, {})).toMatch(/^either body\.speed: .*, or body\.skipMs: /);
    expect(words(timeBodySchema, { speed: 1, skipMs: 5 })).toMatch(/skipMs.*speed|speed.*skipMs/);
    expect(words(timeBodySchema, {})).not.toMatch(/Invalid input$/);
  });

  it("a plain field error is unchanged", () => {
    expect(words(timeBodySchema, { skipMs: 0 })).toMatch(/^body\.skipMs: Too small/);
    expect(words(packBodySchema, { action: "replace", kind: "bogus" })).toMatch(/^body\.kind: /);
  });
});
