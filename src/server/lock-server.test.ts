/**
 * The lock server's HTTP and WebSocket contract, called in-process (app.inject): every route
 * answers, bad requests get a 4xx with a stable code and leave the lock exactly as it was,
 * the host runs lock time at the chosen speed, and the OpenAPI document lists every route.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LockSnapshot } from "./api-schemas.ts";
import { createServer } from "./create-server.ts";
import type { LockServer } from "./create-server.ts";
import { LockHost } from "../host/index.ts";
import { portFromEnv } from "./serve-command.ts";
import { stateOf, testClient } from "./test-client.ts";

let server: LockServer;

beforeEach(async () => {
  server = await createServer({
    pacing: false,
    initialLocks: [
      { id: "lock-1", name: "Test door", lock: { profile: "smartcode-914", state: "ready", door: "open" } },
    ],
  });
});

afterEach(async () => {
  await server.close();
});

const { call, snapshot } = testClient(() => server);
const state = stateOf;

async function tap(keys: string, id = "lock-1"): Promise<void> {
  for (const key of keys.split(" ")) {
    await call("POST", `/api/locks/${id}/keys`, { key, action: "tap" });
    await call("POST", `/api/locks/${id}/time`, { skipMs: 300 });
  }
}

describe("lock server routes", () => {
  it("B-PRG-1 over HTTP: program a code with key taps, then unlock with it", async () => {
    await call("POST", "/api/locks/lock-1/time", { skipMs: 2_000 });
    await tap("program 1 lock 2 9 4 7 lock");
    expect((await snapshot()).codes).toBe(1);
    await tap("lock");
    await call("POST", "/api/locks/lock-1/time", { skipMs: 2_000 });
    expect((await snapshot()).bolt).toBe("extended");
    await tap("2 9 4 7 lock");
    await call("POST", "/api/locks/lock-1/time", { skipMs: 3_000 });
    const s = await snapshot();
    expect(s.bolt).toBe("retracted");
    expect(s.lastEvent).toEqual({ type: "unlock", source: "keypad", slot: 1 });
    expect(s.signals.some((x) => x.green > 0)).toBe(true);
    expect(s.telemetry.lastRun?.peakCurrentMa).toBeGreaterThan(0);
  });

  it("B-SEC-1: a lockout's end is in the snapshot; a month's skip ages the pack and ends it", async () => {
    await tap("program 1 lock 2 9 4 7 lock");
    for (let i = 0; i < 5; i++) await tap("1 1 1 1 lock");
    const out = await snapshot();
    expect(out.keypad).toBe("locked-out");
    expect(out.lockedOutUntilMs).toBeGreaterThan(out.nowMs);
    expect(out.lockedOutUntilMs! - out.nowMs).toBeLessThanOrEqual(5 * 60_000);
    const before = out.pack.restV;
    await call("POST", "/api/locks/lock-1/time", { skipMs: 31 * 24 * 3_600_000 });
    const later = await snapshot();
    expect(later.keypad).toBe("active");
    expect(later.lockedOutUntilMs).toBeNull();
    expect(later.nowMs - out.nowMs).toBeGreaterThanOrEqual(31 * 24 * 3_600_000);
    expect(later.pack.restV).toBeLessThan(before);
  });

  it("lists profiles, makes and removes locks", async () => {
    const profiles = (await call("GET", "/api/profiles")).body["profiles"] as {
      id: string;
      holdKeys: string[];
    }[];
    expect(profiles.map((p) => p.id)).toContain("smartcode-910");
    expect(profiles.find((p) => p.id === "smartcode-910")?.holdKeys).toContain("lock");
    const made = await call("POST", "/api/locks", {
      name: "Back",
      lock: { profile: "smartcode-910", state: "factory" },
    });
    expect(made.status).toBe(201);
    expect(made.body["name"]).toBe("Back");
    expect(((await call("GET", "/api/locks")).body["locks"] as unknown[]).length).toBe(2);
    expect((await call("DELETE", `/api/locks/${String(made.body["id"])}`)).status).toBe(204);
    expect(((await call("GET", "/api/locks")).body["locks"] as unknown[]).length).toBe(1);
  });

  it("starts a new lock's clock now unless the lock block gives a time", async () => {
    const before = Date.now();
    const now = await call("POST", "/api/locks", { lock: { profile: "halo" } });
    expect(now.body["nowMs"] as number).toBeGreaterThanOrEqual(before - 1_000);
    const fixed = await call("POST", "/api/locks", {
      lock: { profile: "halo", time: "2026-03-02T08:00:00Z" },
    });
    expect(fixed.body["nowMs"]).toBe(Date.parse("2026-03-02T08:00:00Z"));
  });

  it("takes the pack out and puts it back; a held Program key shows in heldKeys", async () => {
    await call("POST", "/api/locks/lock-1/pack", { action: "remove" });
    expect((await snapshot()).powered).toBe(false);
    await call("POST", "/api/locks/lock-1/keys", { key: "program", action: "press" });
    await call("POST", "/api/locks/lock-1/pack", { action: "insert" });
    const s = await snapshot();
    expect(s.powered).toBe(true);
    expect(s.heldKeys).toEqual(["program"]);
    expect(s.pack).toMatchObject({ inserted: true, kind: "fresh" });
  });

  it("injects clutch-disengaged and applies reseat-clutch, and logs both", async () => {
    expect((await call("POST", "/api/locks/lock-1/faults", { fault: "clutch-disengaged" })).status).toBe(200);
    expect((await snapshot()).clutch).toBe("disengaged");
    expect((await call("POST", "/api/locks/lock-1/fixes", { fix: "reseat-clutch" })).status).toBe(200);
    const s = await snapshot();
    expect(s.clutch).toBe("engaged");
    expect(s.faultLog.map((e) => `${e.kind} ${e.id}`)).toEqual([
      "fault clutch-disengaged",
      "fix reseat-clutch",
    ]);
  });

  it("serves the lock's history from the host's database, paged, and refuses a bad query", async () => {
    await tap("1357");
    const page = (await call("GET", "/api/locks/lock-1/history?limit=2")).body as {
      entries: { seq: number; kind: string }[];
      total: number;
    };
    expect(page.entries.length).toBeLessThanOrEqual(2);
    expect(page.total).toBeGreaterThanOrEqual(page.entries.length);
    expect((await call("GET", "/api/locks/lock-1/history?limit=0")).body).toMatchObject({
      error: { code: "request.invalid" },
    });
    expect((await call("GET", "/api/locks/nope/history")).status).toBe(404);
  });

  it("answers remote commands on a lock with a radio, and refuses them on one without", async () => {
    // B-NET-1: a paired lock answers the command with its result, correlated by request id.
    await call("POST", "/api/locks/lock-1/fixes", { fix: "repair-hub" });
    const r = await call("POST", "/api/locks/lock-1/remote", { command: "lock" });
    expect(r.body["result"]).toEqual({ ok: true });
    expect((r.body["lock"] as LockSnapshot).link).toMatchObject({ online: true, paired: true });
    const plain = await call("POST", "/api/locks", { lock: { profile: "smartcode-264" } });
    const refused = await call("POST", `/api/locks/${String(plain.body["id"])}/remote`, { command: "lock" });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: "radio.absent" } });
  });

  it("lists the faults the twin can do and the reason for those it cannot", async () => {
    const cat = (await call("GET", "/api/locks/lock-1/faults")).body as {
      faults: { id: string; supported: boolean; reason?: string }[];
      fixes: { id: string; supported: boolean }[];
    };
    expect(cat.faults).toHaveLength(31);
    expect(cat.fixes).toHaveLength(22);
    expect(cat.faults.find((f) => f.id === "clutch-disengaged")?.supported).toBe(true);
    for (const f of cat.faults.filter((x) => !x.supported)) expect(f.reason).toMatch(/\w/);
  });
});

describe("bad requests: 4xx, a stable code, and the lock untouched", () => {
  const cases: {
    what: string;
    method: "GET" | "POST";
    url: string;
    payload?: unknown;
    status: number;
    code: string;
  }[] = [
    { what: "an unknown lock", method: "GET", url: "/api/locks/lock-99", status: 404, code: "lock.unknown" },
    {
      what: "keys of an unknown lock",
      method: "POST",
      url: "/api/locks/nope/keys",
      payload: { key: "1", action: "tap" },
      status: 404,
      code: "lock.unknown",
    },
    { what: "an unknown route", method: "GET", url: "/api/nothing", status: 404, code: "route.unknown" },
    {
      what: "a key that is not a key",
      method: "POST",
      url: "/api/locks/lock-1/keys",
      payload: { key: "x", action: "tap" },
      status: 400,
      code: "request.invalid",
    },
    {
      what: "an extra field",
      method: "POST",
      url: "/api/locks/lock-1/door",
      payload: { closed: true, wide: 1 },
      status: 400,
      code: "request.invalid",
    },
    {
      what: "a missing body",
      method: "POST",
      url: "/api/locks/lock-1/door",
      status: 400,
      code: "request.invalid",
    },
    {
      what: "a skip of no time",
      method: "POST",
      url: "/api/locks/lock-1/time",
      payload: { skipMs: 0 },
      status: 400,
      code: "request.invalid",
    },
    {
      what: "a skip over a month (31 days)",
      method: "POST",
      url: "/api/locks/lock-1/time",
      payload: { skipMs: 31 * 24 * 3_600_000 + 1 },
      status: 400,
      code: "request.invalid",
    },
    {
      what: "a speed not offered",
      method: "POST",
      url: "/api/locks/lock-1/time",
      payload: { speed: 5 },
      status: 400,
      code: "request.invalid",
    },
    {
      what: "an unknown fault id",
      method: "POST",
      url: "/api/locks/lock-1/faults",
      payload: { fault: "gremlins" },
      status: 400,
      code: "fault.unknown",
    },
    {
      what: "an unknown fix id",
      method: "POST",
      url: "/api/locks/lock-1/fixes",
      payload: { fix: "hit-it" },
      status: 400,
      code: "fix.unknown",
    },
    {
      what: "a fix id as a fault",
      method: "POST",
      url: "/api/locks/lock-1/faults",
      payload: { fault: "reseat-clutch" },
      status: 400,
      code: "fault.unknown",
    },
    {
      what: "putting in a pack that is in",
      method: "POST",
      url: "/api/locks/lock-1/pack",
      payload: { action: "insert" },
      status: 409,
      code: "pack.inserted",
    },
    {
      what: "an unknown profile",
      method: "POST",
      url: "/api/locks",
      payload: { lock: { profile: "yale" } },
      status: 400,
      code: "profile.unknown",
    },
    {
      what: "a code too short for the model",
      method: "POST",
      url: "/api/locks",
      payload: { lock: { profile: "smartcode-914", codes: [{ slot: 1, code: "12" }] } },
      status: 422,
      code: "lock.setup-invalid",
    },
    {
      what: "a code that is not digits",
      method: "POST",
      url: "/api/locks",
      payload: { lock: { profile: "smartcode-914", codes: [{ slot: 1, code: "12ab" }] } },
      status: 400,
      code: "request.invalid",
    },
    {
      what: "a lock block with a misspelt field",
      method: "POST",
      url: "/api/locks",
      payload: { lock: { profile: "smartcode-914", dor: "open" } },
      status: 400,
      code: "request.invalid",
    },
  ];

  for (const c of cases) {
    it(`${c.what} → ${c.status} ${c.code}`, async () => {
      const before = await snapshot();
      const res = await call(c.method, c.url, c.payload);
      expect(res.status).toBe(c.status);
      expect(res.body).toMatchObject({ error: { code: c.code } });
      expect(typeof (res.body["error"] as { message: unknown }).message).toBe("string");
      expect(state(await snapshot())).toEqual(state(before));
    });
  }

  it("a body that is not JSON → 400 request.invalid", async () => {
    const before = await snapshot();
    const res = await server.app.inject({
      method: "POST",
      url: "/api/locks/lock-1/door",
      headers: { "content-type": "application/json" },
      payload: "{not json",
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: "request.invalid" } });
    expect(state(await snapshot())).toEqual(state(before));
  });

  it("a key the model does not have → 409 key.absent", async () => {
    const made = await call("POST", "/api/locks", { lock: { profile: "smartcode-955" } });
    const id = String(made.body["id"]);
    const before = await snapshot(id);
    const res = await call("POST", `/api/locks/${id}/keys`, { key: "reset", action: "press" });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: { code: "key.absent" } });
    expect(state(await snapshot(id))).toEqual(state(before));
  });

  it("a fault the twin cannot simulate on this model → 409 fault.unsupported with its reason", async () => {
    const made = await call("POST", "/api/locks", { lock: { profile: "smartcode-264" } });
    const id = String(made.body["id"]);
    const cat = (await call("GET", `/api/locks/${id}/faults`)).body as {
      faults: { id: string; supported: boolean; reason?: string }[];
    };
    const unsupported = cat.faults.find((f) => !f.supported);
    expect(unsupported, "a 264 has no radio, so radio-offline at least cannot happen").toBeDefined();
    const before = await snapshot(id);
    const res = await call("POST", `/api/locks/${id}/faults`, { fault: unsupported!.id });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: { code: "fault.unsupported" } });
    expect(state(await snapshot(id))).toEqual(state(before));
  });

  it("a lock name that is not one line of text (NUL, a newline, ESC, a lone surrogate) → 400, no lock made", async () => {
    // A newline in a name broke out of the support report's heading ("# Support report: …")
    // into the Markdown a person sends to support; NUL is text PostgreSQL cannot hold.
    const count = async () => ((await call("GET", "/api/locks")).body["locks"] as unknown[]).length;
    const before = await count();
    for (const name of ["a\u0000b", "Front\n# Call 1-900-…", "x\u001b[2J", "a\ud800", "tab\there"]) {
      const res = await call("POST", "/api/locks", { name, lock: { profile: "smartcode-914" } });
      expect(res.status, JSON.stringify(name)).toBe(400);
      expect(res.body, JSON.stringify(name)).toMatchObject({ error: { code: "request.invalid" } });
      expect(JSON.stringify(res.body)).toContain("one line");
    }
    expect(await count()).toBe(before);
    const ok = await call("POST", "/api/locks", {
      name: "Porte d’entrée 🚪 ‮",
      lock: { profile: "smartcode-914" },
    });
    expect(ok.status).toBe(201);
  });

  it("a code that breaks the model's rules → 422 lock.setup-invalid", async () => {
    const res = await call("POST", "/api/locks", {
      lock: { profile: "smartcode-914", codes: [{ slot: 1, code: "123456789012" }] },
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { code: "lock.setup-invalid" } });
  });
});

describe("live updates over the WebSocket", () => {
  it("sends every lock on connect, a change after an action, and request.invalid for a bad message", async () => {
    await server.app.ready();
    const ws = await server.app.injectWS("/api/live");
    const messages: { type: string; lock?: LockSnapshot; error?: { code: string } }[] = [];
    ws.on("message", (data: Buffer) =>
      messages.push(JSON.parse(data.toString()) as (typeof messages)[number]),
    );
    const until = async (pred: () => boolean) => {
      for (let i = 0; i < 100 && !pred(); i++) await new Promise((r) => setTimeout(r, 10));
      expect(pred()).toBe(true);
    };
    ws.send(JSON.stringify({ type: "sync" }));
    await until(() => messages.some((m) => m.type === "lock" && m.lock?.id === "lock-1"));
    await call("POST", "/api/locks/lock-1/door", { closed: true });
    await until(() => messages.some((m) => m.lock?.doorClosed === true));
    ws.send("hello?");
    await until(() => messages.some((m) => m.type === "error" && m.error?.code === "request.invalid"));
    ws.terminate();
  });
});

describe("pacing and the start command", () => {
  it("runs lock time at the lock's speed: paused, real time, ×60", async () => {
    let wallMs = 1_000_000;
    const host = new LockHost({ wallNow: () => wallMs });
    host.open();
    const made = host.create({
      setup: {
        profile: "smartcode-914",
        state: "ready",
        door: "open",
        batteries: "fresh",
        codes: [],
        faults: [],
        temperatureC: 20,
        settings: {},
        timeMs: 0,
      },
    });
    if (!made.ok) throw new Error(made.reason);
    const lock = made.value;
    const t0 = lock.twin.clock.nowMs;
    wallMs += 500;
    lock.catchUp();
    expect(lock.twin.clock.nowMs - t0).toBe(500);
    lock.setSpeed(60);
    wallMs += 500;
    lock.catchUp();
    expect(lock.twin.clock.nowMs - t0).toBe(500 + 30_000);
    lock.setSpeed(0);
    wallMs += 500;
    lock.catchUp();
    expect(lock.twin.clock.nowMs - t0).toBe(500 + 30_000);
    await host.close();
  });

  it("reads PORT, 8080 by default", () => {
    expect(portFromEnv(undefined)).toBe(8080);
    expect(portFromEnv("9000")).toBe(9000);
    expect(portFromEnv("http")).toMatch(/PORT must be a port number/);
    expect(portFromEnv("0")).toBe(0);
    for (const bad of ["0x1F90", "1e3", "+8080", " 8080", "8080.0", "99999", "-1", "８０８０"])
      expect(portFromEnv(bad), bad).toMatch(/PORT must be a port number/);
  });

  it("documents every route in /api/openapi.json", async () => {
    const doc = (await call("GET", "/api/openapi.json")).body as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toBe("3.1.0");
    for (const p of [
      "/api/locks",
      "/api/locks/{id}",
      "/api/locks/{id}/keys",
      "/api/locks/{id}/faults",
      "/api/live",
    ]) {
      expect(doc.paths[p], p).toBeDefined();
    }
    expect(JSON.stringify(doc.paths["/api/locks/{id}/faults"])).toContain("fault.unsupported");
  });
});
