/**
 * "A refusal changes nothing" (issue 9, item 5) through the HTTP API: a fault the twin
 * refuses leaves the lock exactly as it was — clock, signals, history, stored codes — on
 * every profile, from states where a fault can be refused; `keypad-lockout` either locks the
 * keypad out or is refused before a key is typed (B-SEC-1); and a factory reset through
 * `/fixes` asks the troubleshooter's confirmation first (B-RST-1).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROFILE_IDS } from "../../core/profiles/index.ts";
import { FAULT_IDS } from "../../twin/fault-ids.ts";
import type { CreateLockBody, LockSnapshot } from "../api-schemas.ts";
import { createServer } from "../create-server.ts";
import type { LockServer } from "../create-server.ts";
import { stateOf, testClient } from "../test-client.ts";

let server: LockServer;
beforeEach(async () => {
  server = await createServer({ pacing: false });
});
afterEach(async () => {
  await server.close();
});
const { call, snapshot } = testClient(() => server);

/** The lock's state as a person and the page see it, apart from the snapshot's revision. */
const seen = (s: LockSnapshot) => stateOf(s);

async function makeLock(lock: CreateLockBody["lock"], faults: readonly string[] = []): Promise<string> {
  const made = await call("POST", "/api/locks", { lock: { time: "2026-03-02T08:00:00Z", ...lock } });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const id = made.body["id"] as string;
  for (const fault of faults) await call("POST", `/api/locks/${id}/faults`, { fault });
  return id;
}

const withCode = (profile: string) => ({
  profile,
  state: "ready" as const,
  codes: [{ slot: 1, code: "2947" }],
});

describe("B-SEC-1: keypad-lockout locks the keypad out, or is refused before a key is typed", () => {
  const starts: { name: string; lock: (p: string) => CreateLockBody["lock"]; faults: string[] }[] = [
    { name: "a code set", lock: withCode, faults: [] },
    { name: "no user codes", lock: (profile) => ({ profile, state: "ready" }), faults: [] },
    { name: "out of the box", lock: (profile) => ({ profile, state: "factory" }), faults: [] },
    { name: "vacation mode", lock: withCode, faults: ["vacation-mode"] },
    { name: "a dead pack", lock: withCode, faults: ["battery-dead"] },
    { name: "a damaged keypad", lock: withCode, faults: ["keypad-damaged"] },
    { name: "a dirty keypad", lock: withCode, faults: ["keypad-dirty"] },
    { name: "already locked out", lock: withCode, faults: ["keypad-lockout"] },
    { name: "a corrupted memory", lock: withCode, faults: ["memory-corrupted"] },
  ];
  for (const start of starts)
    it(`on every profile, from ${start.name}`, async () => {
      for (const profile of PROFILE_IDS) {
        const id = await makeLock(start.lock(profile), start.faults);
        const before = await snapshot(id);
        const r = await call("POST", `/api/locks/${id}/faults`, { fault: "keypad-lockout" });
        const after = await snapshot(id);
        if (r.status === 200) expect(after.keypad, profile).toBe("locked-out");
        else {
          expect(r.body, profile).toMatchObject({ error: { code: "fault.unsupported" } });
          expect(seen(after), `${profile}: ${JSON.stringify(r.body)}`).toEqual(seen(before));
        }
        await call("DELETE", `/api/locks/${id}`);
      }
    });

  it("on a lock with a code, it does lock out on every profile", async () => {
    for (const profile of PROFILE_IDS) {
      const id = await makeLock(withCode(profile));
      const r = await call("POST", `/api/locks/${id}/faults`, { fault: "keypad-lockout" });
      expect(r.status, `${profile}: ${JSON.stringify(r.body)}`).toBe(200);
      await call("DELETE", `/api/locks/${id}`);
    }
  });
});

describe("any refused fault changes nothing", () => {
  it("every FAULTS.md fault on every profile, with power and without", async () => {
    let refusals = 0;
    for (const profile of PROFILE_IDS)
      for (const faults of [[], ["battery-dead"]])
        for (const fault of FAULT_IDS) {
          const id = await makeLock(withCode(profile), faults);
          const before = await snapshot(id);
          const r = await call("POST", `/api/locks/${id}/faults`, { fault });
          if (r.status !== 200) {
            refusals++;
            expect(seen(await snapshot(id)), `${profile} ${faults.join()} ${fault}`).toEqual(seen(before));
          }
          await call("DELETE", `/api/locks/${id}`);
        }
    // The sweep meets refusals (models without a radio, locks without power): it tests something.
    expect(refusals).toBeGreaterThan(10);
  });
});

describe("B-RST-1: a factory reset through /fixes asks the troubleshooter's confirmation", () => {
  it("without confirmErase: fix.confirm-needed with what it erases, and nothing done; with it: done", async () => {
    const id = await makeLock({ ...withCode("smartcode-914"), programmingCode: undefined });
    const before = await snapshot(id);
    expect(before.codes).toBe(1);
    const asked = await call("POST", `/api/locks/${id}/fixes`, { fix: "factory-reset" });
    expect(asked.status).toBe(409);
    expect(asked.body).toMatchObject({ error: { code: "fix.confirm-needed" } });
    const message = (asked.body["error"] as { message: string }).message;
    expect(message).toContain("confirmErase: true");
    expect(message).toContain("every user code");
    expect(seen(await snapshot(id))).toEqual(seen(before));
    const notConfirmed = await call("POST", `/api/locks/${id}/fixes`, {
      fix: "factory-reset",
      confirmErase: false,
    });
    expect(notConfirmed.status).toBe(409);
    expect(seen(await snapshot(id))).toEqual(seen(before));

    const done = await call("POST", `/api/locks/${id}/fixes`, { fix: "factory-reset", confirmErase: true });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect((done.body as unknown as LockSnapshot).faultLog.at(-1)).toMatchObject({
      id: "factory-reset",
      ok: true,
    });
  });

  it("a fix that erases nothing needs no confirmation; an unknown fix is still fix.unknown", async () => {
    const id = await makeLock(withCode("smartcode-914"), ["clutch-disengaged"]);
    expect((await call("POST", `/api/locks/${id}/fixes`, { fix: "reseat-clutch" })).status).toBe(200);
    expect((await call("POST", `/api/locks/${id}/fixes`, { fix: "nope" })).body).toMatchObject({
      error: { code: "fix.unknown" },
    });
  });
});
