/**
 * The troubleshooter over HTTP, called in-process (app.inject): a session starts from a
 * symptom and the lock's telemetry, each step is answered at the page or carried out on the
 * lock's twin (tests with the simulated person's hands, fixes with the twin's applyFix)
 * until the lock works; a factory reset waits for its confirmation; every refusal has a
 * stable code and leaves the lock and the session as they were.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DoctorResult, DoctorSession, LockSnapshot } from "./api-schemas.ts";
import { createServer } from "./create-server.ts";
import type { LockServer } from "./create-server.ts";
import { stateOf, testClient } from "./test-client.ts";

let server: LockServer;

beforeEach(async () => {
  server = await createServer({
    pacing: false,
    initialLocks: [
      {
        id: "lock-1",
        name: "Front door",
        lock: {
          profile: "smartcode-914",
          state: "ready",
          door: "closed",
          codes: [{ slot: 1, code: "2947" }],
        },
      },
    ],
  });
});

afterEach(async () => {
  await server.close();
});

const { call, snapshot } = testClient(() => server);
const state = stateOf;

async function inject(fault: string): Promise<void> {
  expect((await call("POST", "/api/locks/lock-1/faults", { fault })).status).toBe(200);
}

/** The person presses Lock once and waits for the lock to give up (as they did before asking). */
async function pressLock(): Promise<void> {
  await call("POST", "/api/locks/lock-1/keys", { key: "lock", action: "tap" });
  await call("POST", "/api/locks/lock-1/time", { skipMs: 15_000 });
}

async function start(body: Record<string, unknown>): Promise<DoctorResult> {
  const res = await call("POST", "/api/locks/lock-1/doctor", body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as unknown as DoctorResult;
}

/** Carries out each step on the lock (confirming a reset) until the session ends. */
async function followOnLock(session: DoctorSession, maxSteps = 20): Promise<DoctorResult> {
  let s = session;
  let last: DoctorResult | null = null;
  for (let i = 0; i < maxSteps && s.step.kind !== "done"; i++) {
    const body =
      s.step.kind === "fix"
        ? { fix: s.step.fix, ...(s.step.warning ? { confirmErase: true } : {}) }
        : { observation: s.step.observation };
    const res = await call("POST", "/api/locks/lock-1/doctor/do", body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    last = res.body as unknown as DoctorResult;
    s = last.session;
  }
  expect(last).not.toBeNull();
  return last!;
}

describe("the troubleshooter over HTTP", () => {
  it("lists FAULTS.md's fourteen symptoms in a person's words", async () => {
    const res = await call("GET", "/api/doctor/symptoms");
    const symptoms = res.body["symptoms"] as { id: string; says: string }[];
    expect(symptoms).toHaveLength(14);
    expect(symptoms.find((s) => s.id === "motor-whirs-bolt-stays")?.says).toBe(
      "I hear the motor but the bolt doesn't move.",
    );
  });

  it("clutch-disengaged: the clutch ranks first from the telemetry, reseat-clutch is done on the twin, the lock works", async () => {
    await inject("clutch-disengaged");
    await pressLock();
    const started = await start({ symptom: "motor-whirs-bolt-stays", telemetry: true });
    const s = started.session;
    expect(s.status).toBe("working");
    expect(s.telemetry).toBe(true);
    expect(s.knowsCode).toBe(true);
    expect(s.symptom).toEqual({
      id: "motor-whirs-bolt-stays",
      says: "I hear the motor but the bolt doesn't move.",
    });
    expect(s.causes[0]?.fault).toBe("clutch-disengaged");
    expect(s.causes[0]?.probability).toBeGreaterThan(0.5);
    for (let i = 1; i < s.causes.length; i++)
      expect(s.causes[i]!.probability).toBeLessThanOrEqual(s.causes[i - 1]!.probability);
    expect(s.explanation).toMatch(/clutch/);
    expect(s.step).toMatchObject({ kind: "fix", fix: "reseat-clutch" });

    // The snapshot of the lock goes to every page after the fix, as after any action.
    await server.app.ready();
    const ws = await server.app.injectWS("/api/live");
    const seen: LockSnapshot[] = [];
    ws.on("message", (data: Buffer) => {
      const m = JSON.parse(data.toString()) as { type: string; lock?: LockSnapshot };
      if (m.type === "lock" && m.lock) seen.push(m.lock);
    });

    const done = await followOnLock(s);
    expect(done.session.status).toBe("fixed");
    expect(done.session.step).toMatchObject({ kind: "done", outcome: "fixed" });
    expect(done.session.explanation).toMatch(/works again.*clutch/);
    expect(done.session.log.map((e) => `${e.kind} ${e.id} ${e.by}: ${e.outcome}`)).toEqual([
      "fix reseat-clutch lock: the lock works",
    ]);
    expect(done.session.log[0]?.topCause?.fault).toBe("clutch-disengaged");
    expect(done.session.steps).toBe(1);
    expect(done.session.minutes).toBeGreaterThan(0);
    expect(done.lock.clutch).toBe("engaged");
    expect(done.lock.faultLog.map((e) => `${e.kind} ${e.id}`)).toEqual([
      "fault clutch-disengaged",
      "fix reseat-clutch",
    ]);
    for (let i = 0; i < 100 && !seen.some((l) => l.clutch === "engaged"); i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(seen.some((l) => l.id === "lock-1" && l.clutch === "engaged")).toBe(true);
    ws.terminate();

    // Afterwards the lock locks: the bolt goes out.
    await call("POST", "/api/locks/lock-1/time", { skipMs: 30_000 });
    await call("POST", "/api/locks/lock-1/keys", { key: "lock", action: "tap" });
    await call("POST", "/api/locks/lock-1/time", { skipMs: 3_000 });
    expect((await snapshot()).bolt).toBe("extended");
    // The session stays readable until it is ended.
    expect((await call("GET", "/api/locks/lock-1/doctor")).body["session"]).toMatchObject({
      status: "fixed",
    });
  });

  it("battery-low without telemetry: tests are done on the lock, then new batteries", async () => {
    await inject("battery-low");
    const started = await start({ symptom: "wont-lock-unlocks-fine", telemetry: false });
    expect(started.session.telemetry).toBe(false);
    expect(started.session.step.kind).toBe("test");
    const done = await followOnLock(started.session);
    expect(done.session.status).toBe("fixed");
    const log = done.session.log;
    expect(log.filter((e) => e.kind === "test").length).toBeGreaterThan(0);
    expect(log.every((e) => e.by === "lock")).toBe(true);
    expect(log.at(-1)).toMatchObject({ kind: "fix", id: "replace-batteries", outcome: "the lock works" });
    expect(done.session.causes[0]?.fault).toBe("battery-low");
    expect(done.lock.pack.kind).toBe("fresh");
    expect(done.session.minutes).toBe(log.reduce((m, e) => m + e.minutes, 0));
  });

  it("answers from the page: a test answered by the person, a fix they could not do", async () => {
    await inject("battery-low");
    const started = await start({ symptom: "wont-lock-unlocks-fine", telemetry: false });
    const step = started.session.step;
    if (step.kind !== "test" && step.kind !== "question")
      throw new Error(`expected a test, got ${step.kind}`);
    const before = await snapshot();
    const res = await call("POST", "/api/locks/lock-1/doctor/answer", {
      observation: step.observation,
      value: step.answers[step.answers.length - 1]!.value,
    });
    expect(res.status).toBe(200);
    const s = (res.body as unknown as DoctorResult).session;
    expect(s.log).toHaveLength(1);
    expect(s.log[0]).toMatchObject({ id: step.observation, by: "person" });
    expect(s.steps).toBe(1);
    // Answering does nothing to the lock.
    expect(state(await snapshot())).toEqual(state(before));

    // Walk to a fix and say it could not be done: the troubleshooter proposes something else.
    let cur: DoctorSession = s;
    for (let i = 0; i < 10; i++) {
      const st = cur.step;
      if (st.kind === "done" || st.kind === "fix") break;
      cur = (
        (await call("POST", "/api/locks/lock-1/doctor/do", { observation: st.observation }))
          .body as unknown as DoctorResult
      ).session;
    }
    const fixStep = cur.step;
    if (fixStep.kind !== "fix") throw new Error("expected a fix");
    const skipped = (
      (await call("POST", "/api/locks/lock-1/doctor/answer", { fix: fixStep.fix, result: "not-possible" }))
        .body as unknown as DoctorResult
    ).session;
    expect(skipped.log.at(-1)).toMatchObject({
      kind: "fix",
      id: fixStep.fix,
      by: "person",
      outcome: "could not be done",
    });
    expect(skipped.step.kind === "fix" && skipped.step.fix === fixStep.fix).toBe(false);
  });

  it("a factory reset waits for its confirmation, with the warning of what it erases", async () => {
    await inject("memory-corrupted");
    const started = await start({ symptom: "lock-button-ignored" });
    const step = started.session.step;
    expect(step).toMatchObject({ kind: "fix", fix: "factory-reset" });
    if (step.kind !== "fix") return;
    expect(step.warning).toMatch(/code/i);
    expect(step.warning).toMatch(/handing/i);

    const before = await snapshot();
    const refused = await call("POST", "/api/locks/lock-1/doctor/do", { fix: "factory-reset" });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: "doctor.confirm-needed" } });
    expect(state(await snapshot())).toEqual(state(before));
    const same = (await call("GET", "/api/locks/lock-1/doctor")).body as unknown as DoctorResult;
    expect(same.session.step).toEqual(step);

    const done = await call("POST", "/api/locks/lock-1/doctor/do", {
      fix: "factory-reset",
      confirmErase: true,
    });
    expect(done.status).toBe(200);
    const result = done.body as unknown as DoctorResult;
    expect(result.session.status).toBe("fixed");
    expect(result.lock.faultLog.at(-1)).toMatchObject({ kind: "fix", id: "factory-reset", ok: true });
  });

  it("learns the person's code from the start form, and says when it knows none", async () => {
    const made = await call("POST", "/api/locks", {
      lock: { profile: "smartcode-914", state: "ready", door: "closed" },
    });
    const id = String(made.body["id"]);
    const none = await call("POST", `/api/locks/${id}/doctor`, { symptom: "lock-button-ignored" });
    expect((none.body as unknown as DoctorResult).session.knowsCode).toBe(false);
    const told = await call("POST", `/api/locks/${id}/doctor`, { symptom: "erratic", code: "1234" });
    const s = (told.body as unknown as DoctorResult).session;
    expect(s.knowsCode).toBe(true);
    expect(s.symptom.id).toBe("erratic");
    expect(s.log).toEqual([]);
  });

  it("ends a session; removing the lock ends it too", async () => {
    await start({ symptom: "key-stiff" });
    expect((await call("DELETE", "/api/locks/lock-1/doctor")).status).toBe(204);
    expect((await call("GET", "/api/locks/lock-1/doctor")).body).toMatchObject({
      error: { code: "doctor.no-session" },
    });
    await start({ symptom: "key-stiff" });
    await call("DELETE", "/api/locks/lock-1");
    const made = await call("POST", "/api/locks", { lock: { profile: "smartcode-914" } });
    expect((await call("GET", `/api/locks/${String(made.body["id"])}/doctor`)).status).toBe(404);
  });

  it("documents the troubleshooter's routes in /api/openapi.json", async () => {
    const doc = (await call("GET", "/api/openapi.json")).body as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    for (const p of [
      "/api/doctor/symptoms",
      "/api/locks/{id}/doctor",
      "/api/locks/{id}/doctor/answer",
      "/api/locks/{id}/doctor/do",
    ])
      expect(doc.paths[p], p).toBeDefined();
    expect(Object.keys(doc.paths["/api/locks/{id}/doctor"]!).sort()).toEqual(["delete", "get", "post"]);
    expect(JSON.stringify(doc.paths["/api/locks/{id}/doctor/do"])).toContain("doctor.confirm-needed");
    expect(doc.components.schemas["DoctorSession"]).toBeDefined();
  });
});

describe("troubleshooter refusals: a stable code, the lock and the session untouched", () => {
  const cases: {
    what: string;
    method: "GET" | "POST" | "DELETE";
    url: string;
    payload?: unknown;
    session: boolean;
    status: number;
    code: string;
  }[] = [
    {
      what: "an unknown symptom",
      method: "POST",
      url: "/api/locks/lock-1/doctor",
      payload: { symptom: "haunted" },
      session: false,
      status: 400,
      code: "doctor.unknown-symptom",
    },
    {
      what: "an unknown extra symptom",
      method: "POST",
      url: "/api/locks/lock-1/doctor",
      payload: { symptom: "key-stiff", alsoSymptoms: ["haunted"] },
      session: false,
      status: 400,
      code: "doctor.unknown-symptom",
    },
    {
      what: "a start without a symptom",
      method: "POST",
      url: "/api/locks/lock-1/doctor",
      payload: { telemetry: true },
      session: false,
      status: 400,
      code: "request.invalid",
    },
    {
      what: "a code that is not digits",
      method: "POST",
      url: "/api/locks/lock-1/doctor",
      payload: { symptom: "key-stiff", code: "12ab" },
      session: false,
      status: 400,
      code: "request.invalid",
    },
    {
      what: "a session on an unknown lock",
      method: "POST",
      url: "/api/locks/lock-9/doctor",
      payload: { symptom: "key-stiff" },
      session: false,
      status: 404,
      code: "lock.unknown",
    },
    {
      what: "no session yet",
      method: "GET",
      url: "/api/locks/lock-1/doctor",
      session: false,
      status: 404,
      code: "doctor.no-session",
    },
    {
      what: "an answer with no session",
      method: "POST",
      url: "/api/locks/lock-1/doctor/answer",
      payload: { observation: "lock-press-bolt", value: "stays" },
      session: false,
      status: 404,
      code: "doctor.no-session",
    },
    {
      what: "ending no session",
      method: "DELETE",
      url: "/api/locks/lock-1/doctor",
      session: false,
      status: 404,
      code: "doctor.no-session",
    },
    {
      what: "an answer to another question",
      method: "POST",
      url: "/api/locks/lock-1/doctor/answer",
      payload: { observation: "cold-outside", value: "yes" },
      session: true,
      status: 409,
      code: "doctor.not-the-step",
    },
    {
      what: "an answer that is not one of the step's",
      method: "POST",
      url: "/api/locks/lock-1/doctor/answer",
      payload: { observation: "lock-press-sound", value: "sideways" },
      session: true,
      status: 400,
      code: "doctor.unknown-answer",
    },
    {
      what: "a fix when a test is asked for",
      method: "POST",
      url: "/api/locks/lock-1/doctor/do",
      payload: { fix: "replace-batteries" },
      session: true,
      status: 409,
      code: "doctor.not-the-step",
    },
    {
      what: "a body with both shapes",
      method: "POST",
      url: "/api/locks/lock-1/doctor/do",
      payload: { observation: "lock-press-sound", fix: "replace-batteries" },
      session: true,
      status: 400,
      code: "request.invalid",
    },
    {
      what: "a fix result that is not offered",
      method: "POST",
      url: "/api/locks/lock-1/doctor/answer",
      payload: { fix: "replace-batteries", result: "maybe" },
      session: true,
      status: 400,
      code: "request.invalid",
    },
  ];

  for (const c of cases) {
    it(`${c.what} → ${c.status} ${c.code}`, async () => {
      if (c.session) {
        await inject("battery-low");
        const s = await start({ symptom: "wont-lock-unlocks-fine", telemetry: false });
        expect(s.session.step).toMatchObject({ kind: "test", observation: "lock-press-sound" });
      }
      const before = await snapshot();
      const sessionBefore = c.session ? (await call("GET", "/api/locks/lock-1/doctor")).body : null;
      const res = await call(c.method, c.url, c.payload);
      expect(res.status).toBe(c.status);
      expect(res.body).toMatchObject({ error: { code: c.code } });
      expect(typeof (res.body["error"] as { message: unknown }).message).toBe("string");
      expect(state(await snapshot())).toEqual(state(before));
      if (sessionBefore) {
        const after = (await call("GET", "/api/locks/lock-1/doctor")).body as unknown as DoctorResult;
        expect(after.session).toEqual((sessionBefore as unknown as DoctorResult).session);
      }
    });
  }

  it("a finished session takes no more answers → 409 doctor.finished", async () => {
    await inject("clutch-disengaged");
    await pressLock();
    const started = await start({ symptom: "motor-whirs-bolt-stays" });
    await followOnLock(started.session);
    const res = await call("POST", "/api/locks/lock-1/doctor/do", { fix: "reseat-clutch" });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: { code: "doctor.finished" } });
  });
});
