/**
 * A lock as a scenario file and back over HTTP (issue 9: a support agent reproduces a
 * customer's lock from a file): `GET /api/locks/:id/scenario` writes it, `POST
 * /api/locks/import` makes a new lock from one; hostile files are refused with a clear error
 * and nothing is made.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createServer } from "./create-server.ts";
import type { LockServer } from "./create-server.ts";
import type { LockSnapshot } from "./api-schemas.ts";
import { testClient } from "./test-client.ts";

let server: LockServer;

beforeEach(async () => {
  server = await createServer({
    pacing: false,
    initialLocks: [
      {
        id: "front",
        name: "Front door",
        lock: {
          profile: "smartcode-914",
          state: "ready",
          door: "closed",
          codes: [{ slot: 1, code: "2947" }],
          settings: { autoLock: true, autoLockSeconds: 30 },
          faults: ["clutch-disengaged"],
        },
      },
    ],
  });
});

afterEach(async () => {
  await server.close();
});

const { call, snapshot } = testClient(() => server);

async function exported(
  id: string,
): Promise<{ status: number; type: string; disposition: string; text: string }> {
  const res = await server.app.inject({ method: "GET", url: `/api/locks/${id}/scenario` });
  return {
    status: res.statusCode,
    type: String(res.headers["content-type"]),
    disposition: String(res.headers["content-disposition"]),
    text: res.body,
  };
}

async function lockCount(): Promise<number> {
  return ((await call("GET", "/api/locks")).body["locks"] as unknown[]).length;
}

describe("a lock as a scenario file, and a lock from one", () => {
  it("B-PRG-1, B-SEC-7: a code typed at the keypad is exported as a placeholder, the person's own code as it is; the import rebuilds the lock", async () => {
    for (const key of "program 3 lock 5 8 2 1 lock".split(" ")) {
      await call("POST", "/api/locks/front/keys", { key, action: "tap" });
      await call("POST", "/api/locks/front/time", { skipMs: 300 });
    }
    await call("POST", "/api/locks/front/time", { skipMs: 3_000 });
    const original = await snapshot("front");
    expect(original.codes).toBe(2);

    const file = await exported("front");
    expect(file.status).toBe(200);
    expect(file.type).toMatch(/^application\/yaml/);
    expect(file.disposition).toBe('attachment; filename="front.scenario.yaml"');
    expect(file.text).toMatch(/^# A SmartCode .* exported by Latchkey from lock front/);
    expect(file.text).toMatch(/slot: 1, code: "2947" }\n/);
    expect(file.text).toMatch(/slot: 3, code: "\d{4}" } # PLACEHOLDER/);
    expect(file.text).not.toMatch(/5821/);
    expect(file.text).toMatch(/Placeholder slots: 3\./);

    const made = await call("POST", "/api/locks/import", { file: file.text, id: "copy" });
    expect(made.status).toBe(201);
    const copy = made.body as unknown as LockSnapshot;
    expect(copy).toMatchObject({
      id: "copy",
      name: "Front door",
      codes: 2,
      handed: original.handed,
      clutch: "disengaged",
      doorClosed: true,
      nowMs: original.nowMs,
    });
    expect(copy.profile.id).toBe("smartcode-914");
    // The person's code opens the copy as it opened the original.
    for (const key of "2 9 4 7 lock".split(" "))
      await call("POST", "/api/locks/copy/keys", { key, action: "tap" });
    await call("POST", "/api/locks/copy/time", { skipMs: 3_000 });
    expect((await snapshot("copy")).history.some((h) => h.kind === "unlock" && h.slot === 1)).toBe(true);
  });

  it("B-SEC-7: a code the person told the troubleshooter is written as it is when it matches its slot's hash", async () => {
    for (const key of "program 3 lock 5 8 2 1 lock".split(" ")) {
      await call("POST", "/api/locks/front/keys", { key, action: "tap" });
      await call("POST", "/api/locks/front/time", { skipMs: 300 });
    }
    await call("POST", "/api/locks/front/time", { skipMs: 3_000 });
    const symptoms = (await call("GET", "/api/doctor/symptoms")).body["symptoms"] as { id: string }[];
    const started = await call("POST", "/api/locks/front/doctor", { symptom: symptoms[0]!.id, code: "5821" });
    expect(started.status).toBe(201);
    const file = await exported("front");
    expect(file.text).toMatch(/slot: 3, code: "5821" }\n/);
    // The host keeps the person's one code: the one they told last (2947 is now a placeholder).
    expect(file.text).toMatch(/Placeholder slots: 1\./);
  });

  it("hostile or broken files are refused with the reason, and no lock is made", async () => {
    const before = await lockCount();
    const refuse = async (body: unknown, status: number, code: string, message?: RegExp) => {
      const r = await call("POST", "/api/locks/import", body);
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      const err = r.body["error"] as { code: string; message: string };
      expect(err.code).toBe(code);
      if (message) expect(err.message).toMatch(message);
      expect(await lockCount()).toBe(before);
    };
    await refuse({ file: "scenario: [unclosed" }, 422, "scenario.invalid", /line 1: YAML syntax/);
    await refuse({ file: "x".repeat(50_000) }, 400, "request.invalid", /file/);
    await refuse({ file: "x".repeat(70_000) }, 413, "request.too-large");
    await refuse({ file: "" }, 400, "request.invalid");
    await refuse(
      { file: "scenario: t\nlock: { profile: deadbolt-9000 }\nsteps: [ { wait: 1 } ]" },
      422,
      "scenario.invalid",
      /unknown profile "deadbolt-9000"/,
    );
    await refuse(
      {
        file: 'scenario: t\nlock: { profile: smartcode-914, codes: [ { slot: 99, code: "1234" } ] }\nsteps: [ { wait: 1 } ]',
      },
      422,
      "lock.setup-invalid",
      /slot 99/,
    );
    // A billion laughs: aliases that would expand without bound.
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      ...Array.from(
        { length: 9 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
      ),
      "scenario: t",
      "lock: { profile: smartcode-914 }",
      "steps: *j",
    ].join("\n");
    await refuse({ file: bomb }, 422, "scenario.invalid");
    await refuse({ file: (await exported("front")).text, id: "front" }, 409, "lock.exists");
    await refuse({ file: (await exported("front")).text, extra: 1 }, 400, "request.invalid");
  });

  it("an unknown lock has no scenario; the routes are in the OpenAPI document", async () => {
    const r = await call("GET", "/api/locks/nobody/scenario");
    expect(r.status).toBe(404);
    expect((r.body["error"] as { code: string }).code).toBe("lock.unknown");
    const doc = (await call("GET", "/api/openapi.json")).body as { paths: Record<string, unknown> };
    expect(doc.paths).toHaveProperty("/api/locks/import");
    expect(doc.paths).toHaveProperty("/api/locks/{id}/scenario");
  });
});
