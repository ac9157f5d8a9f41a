/**
 * GET /api/locks/:id/support-report (issue 11): seed 000's five items filled in from the lock,
 * the steps tried, the recording of the symptom, telemetry, history, and a scenario file that
 * the import route turns into a lock with the same fault. Called in-process (app.inject).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createServer } from "./create-server.ts";
import type { LockServer } from "./create-server.ts";
import { LATEST_VERSION } from "../core/update/firmware-versions.ts";
import type { SupportReport } from "./support-report.ts";
import { testClient } from "./test-client.ts";
import { supportReportSchema } from "./api-schemas.ts";

let server: LockServer;

beforeEach(async () => {
  server = await createServer({
    pacing: false,
    initialLocks: [
      {
        id: "lock-1",
        name: "Customer door",
        lock: {
          profile: "smartcode-914",
          state: "ready",
          door: "open",
          codes: [{ slot: 1, code: "2947" }],
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

describe("the support report", () => {
  it("B-CARE-5, B-BOLT-2: seed 000's five items, the steps tried, the symptom recorded, and a scenario file that rebuilds the lock", async () => {
    await call("POST", "/api/locks/lock-1/keys", { key: "lock", action: "tap" });
    await call("POST", "/api/locks/lock-1/time", { skipMs: 20_000 });
    await call("POST", "/api/locks/lock-1/fixes", { fix: "replace-batteries" });
    const res = await call("GET", "/api/locks/lock-1/support-report");
    expect(res.status).toBe(200);
    const r = res.body as unknown as SupportReport;
    expect(r.kind).toBe("latchkey.support-report");
    expect(r.gather.map((g) => g.source)).toEqual([
      "seed 000, item 1",
      "seed 000, item 2",
      "seed 000, item 3",
      "seed 000, item 4",
      "seed 000, item 5",
    ]);
    expect(r.gather[0]?.answer).toMatch(/SmartCode 913\/914\/915/);
    expect(r.gather[1]?.answer).toMatch(/receipt/);
    expect(r.stepsTried.map((s) => s.text)).toEqual(["Fix: replace batteries"]);
    expect(r.codes).toEqual({ userCodes: 1, masterCode: "none on this lock" });
    expect(r.call.phone).toBe("1-800-327-5625");
    expect(r.recording.trace.some((t) => t.what === "motor" && /not driven/.test(t.text))).toBe(true);
    expect(r.recording.trace.some((t) => t.what === "signal")).toBe(true);
    expect(r.telemetry.now.responding).toBe(true);
    expect(r.history.length).toBeGreaterThan(0);
    expect(r.troubleshooter).toBeNull();
    // Support asks which firmware the lock runs (issue 14).
    expect(r.lock.firmware).toEqual({ version: LATEST_VERSION, slot: "A", pending: null, last: null });

    // The scenario file makes a lock with the same fault.
    const made = await call("POST", "/api/locks/import", { file: r.scenario.file, id: "copy" });
    expect(made.status).toBe(201);
    expect((await snapshot("copy")).clutch).toBe("disengaged");
  });

  it("the Markdown download, the troubleshooter's session in the report, and an unknown lock", async () => {
    await call("POST", "/api/locks/lock-1/doctor", { symptom: "motor-whirs-bolt-stays" });
    const r = (await call("GET", "/api/locks/lock-1/support-report")).body as unknown as SupportReport;
    expect(r.troubleshooter?.symptom).toMatch(/motor/);
    const md = await server.app.inject({ method: "GET", url: "/api/locks/lock-1/support-report.md" });
    expect(md.statusCode).toBe(200);
    expect(md.headers["content-type"]).toMatch(/text\/markdown/);
    expect(md.headers["content-disposition"]).toBe('attachment; filename="lock-1.support-report.md"');
    expect(md.body).toMatch(/## Have these ready/);
    expect(md.body).toContain(`firmware ${LATEST_VERSION} (slot A)`);
    expect(md.body).toMatch(/```yaml\n[\s\S]*clutch-disengaged[\s\S]*```/);
    expect((await call("GET", "/api/locks/nope/support-report")).status).toBe(404);
  });
  it("B-CARE-5: the JSON report is what /api/openapi.json documents, field for field (the audit found it undocumented)", async () => {
    await call("POST", "/api/locks/lock-1/keys", { key: "lock", action: "tap" });
    await call("POST", "/api/locks/lock-1/time", { skipMs: 20_000 });
    await call("POST", "/api/locks/lock-1/fixes", { fix: "reseat-clutch" });
    await call("POST", "/api/locks/lock-1/doctor", { symptom: "motor-whirs-bolt-stays" });
    const body = (await call("GET", "/api/locks/lock-1/support-report")).body;
    // Parsing strips what the schema does not name: equal means nothing is left undocumented.
    expect(supportReportSchema.parse(body)).toEqual(body);
    expect((body as unknown as SupportReport).troubleshooter).not.toBeNull();
    const doc = (await call("GET", "/api/openapi.json")).body as {
      paths: Record<string, { get: { responses: Record<string, { content?: Record<string, unknown> }> } }>;
    };
    const ok = doc.paths["/api/locks/{id}/support-report"]!.get.responses["200"]!;
    expect(Object.keys(ok.content ?? {})).toEqual(["application/json"]);
  });
});
