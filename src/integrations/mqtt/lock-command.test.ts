/** Hostile command payloads: any bytes are refused or accepted, never thrown on (GUIDE: every input hostile). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_COMMAND_BYTES, parseLockCommand } from "./lock-command.ts";

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
