/** Hostile command payloads: any bytes are refused or accepted, never thrown on (GUIDE: every input hostile). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LOCK_MODES } from "../../core/radio-types.ts";
import {
  MAX_COMMAND_BYTES,
  MAX_MODE_COMMAND_BYTES,
  parseLockCommand,
  parseModeCommand,
} from "./lock-command.ts";

const parse = (text: string, requireCodeToUnlock = true) =>
  parseLockCommand(new TextEncoder().encode(text), { requireCodeToUnlock });

describe("lock command payloads", () => {
  it("accepts Home Assistant's rendered template and the bare payloads", () => {
    expect(parse('{"action":"UNLOCK","code":"2947"}')).toEqual({
      ok: true,
      command: { action: "unlock", code: "2947" },
    });
    expect(parse('{"action":"LOCK","code":"None"}')).toEqual({ ok: true, command: { action: "lock" } });
    expect(parse("LOCK")).toEqual({ ok: true, command: { action: "lock" } });
    expect(parse("UNLOCK", false)).toEqual({ ok: true, command: { action: "unlock" } });
    expect(parse('{"action":"LOCK","requestId":"r-1"}')).toEqual({
      ok: true,
      command: { action: "lock", requestId: "r-1" },
    });
  });

  it("refuses with stable codes", () => {
    expect(parse("x".repeat(MAX_COMMAND_BYTES + 1))).toMatchObject({ ok: false, code: "payload.too-large" });
    expect(parse("UNLOCK")).toMatchObject({ ok: false, code: "code.required" });
    expect(parse('{"action":"UNLOCK","code":"12345678901234567"}')).toMatchObject({
      ok: false,
      code: "code.format",
    });
    expect(parse('{"action":"LOCK","requestId":"a b"}')).toMatchObject({
      ok: false,
      code: "payload.invalid",
    });
    expect(parse("null")).toMatchObject({ ok: false, code: "payload.invalid" });
    expect(parse('{"__proto__":{"action":"LOCK"}}')).toMatchObject({ ok: false, code: "payload.invalid" });
  });

  it("a command refused after it was read names its action and echoes its request id, as every other answer does", () => {
    expect(parse('{"action":"UNLOCK","code":"None","requestId":"r-9"}')).toEqual({
      ok: false,
      code: "code.required",
      reason: expect.any(String) as string,
      about: { action: "unlock", requestId: "r-9" },
    });
    expect(parse('{"action":"OPEN","requestId":"r-10"}')).toMatchObject({
      code: "command.unsupported",
      about: { action: "open", requestId: "r-10" },
    });
    expect(parse('{"action":"UNLOCK","code":"12ab","requestId":"r-11"}')).toMatchObject({
      code: "code.format",
      about: { action: "unlock", requestId: "r-11" },
    });
    expect(parse("UNLOCK")).toMatchObject({ code: "code.required", about: { action: "unlock" } });
    // A payload that could not be read names nothing: no part of it is echoed.
    expect(parse('{"action":"LOCK","requestId":"r-12","extra":1}')).not.toHaveProperty("about");
  });

  it("B-NET-2: an object naming a key twice is refused, whichever copy a reader would keep — JSON.parse keeps the last, so this unlocked where another reader saw a lock", () => {
    for (const text of [
      '{"action":"LOCK","action":"UNLOCK","code":"2947"}',
      '{"action":"UNLOCK","code":"1111","code":"2947"}',
      '{"action":"LOCK", "act\\u0069on" :"UNLOCK","code":"2947"}',
      '{"action":"LOCK","requestId":"a","requestId":"b"}',
    ])
      expect(parse(text, false)).toEqual({
        ok: false,
        code: "payload.invalid",
        reason: "payload: a key appears twice",
      });
    // The same name in a value, or the characters of a key inside a string, are no second key.
    expect(parse('{"action":"LOCK","requestId":"action"}')).toEqual({
      ok: true,
      command: { action: "lock", requestId: "action" },
    });
    expect(parse('{"code":"2947", "action" : "UNLOCK"}')).toEqual({
      ok: true,
      command: { action: "unlock", code: "2947" },
    });
  });

  it("never throws, whatever the bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 700 }), (bytes) => {
        const result = parseLockCommand(bytes, { requireCodeToUnlock: true });
        expect(typeof result.ok).toBe("boolean");
      }),
    );
    fc.assert(
      fc.property(fc.json(), (json) => {
        const result = parseLockCommand(new TextEncoder().encode(json), { requireCodeToUnlock: true });
        if (result.ok) expect(["lock", "unlock"]).toContain(result.command.action);
      }),
    );
  });
});

const mode = (payload: string | Uint8Array, requireCodeToUnlock = true) =>
  parseModeCommand(typeof payload === "string" ? new TextEncoder().encode(payload) : payload, {
    requireCodeToUnlock,
  });

describe("mode command payloads (the Mode select)", () => {
  it("B-SEC-2: accepts exactly the lock's mode names; passage only where unlocking needs no code", () => {
    for (const m of ["normal", "vacation", "privacy"] as const)
      expect(mode(m)).toEqual({ ok: true, mode: m });
    expect(mode("passage")).toMatchObject({
      ok: false,
      code: "code.required",
      about: { action: "mode", mode: "passage" },
    });
    expect(mode("passage", false)).toEqual({ ok: true, mode: "passage" });
  });

  it("B-SEC-2: refuses anything else with a stable code, whatever its case, spacing or wrapping", () => {
    for (const payload of ["Vacation", "VACATION", " normal", "normal ", "normal\n", '"normal"', "", "away"])
      expect(mode(payload)).toMatchObject({ ok: false, code: "payload.invalid" });
    expect(mode("x".repeat(MAX_MODE_COMMAND_BYTES + 1))).toMatchObject({
      ok: false,
      code: "payload.too-large",
    });
    expect(mode(new Uint8Array([0xff, 0xfe]))).toMatchObject({ ok: false, code: "payload.malformed" });
  });

  it("B-SEC-2: never throws, and accepts a payload only when it is byte for byte a mode name", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.boolean(), (bytes, requireCode) => {
        const result = parseModeCommand(bytes, { requireCodeToUnlock: requireCode });
        if (result.ok) {
          expect(new TextDecoder().decode(bytes)).toBe(result.mode);
          expect(LOCK_MODES).toContain(result.mode);
        }
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (text) => {
        const result = mode(text, false);
        expect(result.ok).toBe((LOCK_MODES as readonly string[]).includes(text));
      }),
    );
  });
});
