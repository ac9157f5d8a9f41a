/**
 * Issue 12: a lock becomes a Matter node from the API (`POST /api/locks/{id}/matter`), also
 * on a server started without MATTER=1 (matter.js is loaded only then), and stops being one
 * (`DELETE`: it leaves every controller). Refusals have stable codes and change nothing; the
 * choice is kept in the data folder across a restart; `GET …/matter` keeps the exact shape
 * outside checks rely on; `GET …/matter/qr` is the QR payload as an image.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LockHost, readyLockSetup } from "../src/host/index.ts";
import type { CreateLockOptions } from "../src/host/index.ts";
import { MatterOnDemand } from "../src/integrations/matter/matter-on-demand.ts";
import { TestController } from "../src/integrations/matter/test-controller.ts";
import { createServer } from "../src/server/create-server.ts";
import type { LockServer } from "../src/server/create-server.ts";

const dataDir = mkdtempSync(join(tmpdir(), "latchkey-matter-api-"));
const setup = (profile: string): CreateLockOptions["setup"] =>
  readyLockSetup(profile, Date.parse("2026-12-07T10:00:00Z"));
const SHAPE = ["commissioned", "discriminator", "manual_pairing_code", "passcode", "port", "qr_pairing_code"];

let host: LockHost;
let matter: MatterOnDemand;
let server: LockServer;
let controller: TestController | undefined;
const printed: string[] = [];

async function call(method: "GET" | "POST" | "DELETE", id: string, what = "") {
  const res = await server.app.inject({
    method,
    url: `/api/locks/${id}/matter${what}`,
    headers: { host: "localhost" },
  });
  const body = String(res.headers["content-type"] ?? "").includes("json")
    ? (res.json() as Record<string, unknown>)
    : {};
  return { status: res.statusCode, body, text: res.body, type: String(res.headers["content-type"] ?? "") };
}
const codeOf = (r: { body: Record<string, unknown> }) => (r.body["error"] as { code?: string })?.code;

async function openMatter(all = false) {
  matter = await MatterOnDemand.open({
    host,
    dataDir,
    network: "loopback",
    all,
    onEnabled: (id, info) => printed.push(`${id} ${info.manual_pairing_code}`),
  });
  server = await createServer({ host, matter, webDist: null });
}

beforeAll(async () => {
  host = new LockHost({ pacing: false });
  for (const [id, profile] of [
    ["front", "smartcode-914"],
    ["halo", "halo"],
    ["shed", "smartcode-264"],
  ] as const) {
    const made = host.create({ id, setup: setup(profile) });
    if (!made.ok) throw new Error(made.reason);
  }
  await openMatter();
}, 60_000);

afterAll(async () => {
  await controller?.close();
  await server?.close();
  await matter?.close();
  await host?.close();
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

describe("a lock made a Matter node from the API, without MATTER=1", () => {
  it("before any lock is a node, matter.js is not loaded and GET answers matter.disabled", async () => {
    expect(matter.loaded).toBe(false);
    const r = await call("GET", "front");
    expect(r.status).toBe(409);
    expect(codeOf(r)).toBe("matter.disabled");
    expect((await call("GET", "front", "/qr")).status).toBe(409);
  });

  it("refusals have stable codes and change nothing: unknown lock, a lock with no radio", async () => {
    const unknown = await call("POST", "nowhere");
    expect([unknown.status, codeOf(unknown)]).toEqual([404, "lock.unknown"]);
    const shed = await call("POST", "shed");
    expect([shed.status, codeOf(shed)]).toEqual([409, "matter.no-radio"]);
    expect(codeOf(await call("GET", "shed"))).toBe("matter.no-radio");
    expect(matter.loaded).toBe(false);
    expect((await call("DELETE", "nowhere")).status).toBe(404);
  });

  it("POST makes the lock a node and answers its pairing data; GET answers exactly the same shape", async () => {
    const posted = await call("POST", "front");
    expect(posted.status).toBe(200);
    expect(Object.keys(posted.body).sort()).toEqual(SHAPE);
    expect(posted.body["manual_pairing_code"]).toMatch(/^\d{11}$/);
    expect(posted.body["qr_pairing_code"]).toMatch(/^MT:[0-9A-Z.-]{19}$/);
    expect(posted.body["commissioned"]).toBe(false);
    const got = await call("GET", "front");
    expect(got.status).toBe(200);
    expect(got.body).toEqual(posted.body);
    // Again: the same node, the same data.
    expect((await call("POST", "front")).body).toEqual(posted.body);
    expect(printed).toEqual([`front ${String(posted.body["manual_pairing_code"])}`]);
    expect(codeOf(await call("GET", "halo"))).toBe("matter.disabled");
  });

  it("GET …/matter/qr is the QR payload as an SVG image", async () => {
    const qr = await call("GET", "front", "/qr");
    expect(qr.status).toBe(200);
    expect(qr.type).toContain("image/svg+xml");
    expect(qr.text).toMatch(/^<svg [^>]*viewBox="0 0 29 29"/);
    expect(qr.text).toContain(String((await call("GET", "front")).body["qr_pairing_code"]));
  });

  it("a controller commissions it; after a restart it is still a node, still commissioned, same port", async () => {
    const before = (await call("GET", "front")).body;
    controller = await TestController.start();
    await controller.commission(Number(before["port"]), Number(before["passcode"]));
    expect((await call("GET", "front")).body["commissioned"]).toBe(true);

    await server.close();
    await matter.close();
    await openMatter();
    expect(matter.loaded).toBe(true); // the data folder says a lock is a node: loaded at start
    const after = await call("GET", "front");
    expect(after.body).toEqual({ ...before, commissioned: true });
  }, 60_000);

  it("DELETE makes it leave every controller; POST again makes it commissionable, same codes", async () => {
    const before = (await call("GET", "front")).body;
    const gone = await call("DELETE", "front");
    expect(gone.status).toBe(204);
    expect(codeOf(await call("GET", "front"))).toBe("matter.disabled");
    expect((await call("DELETE", "front")).status).toBe(204); // not a node: nothing to do
    const again = await call("POST", "front");
    expect(again.body).toMatchObject({
      commissioned: false,
      passcode: before["passcode"],
      manual_pairing_code: before["manual_pairing_code"],
    });
  }, 30_000);

  it("with MATTER=1 every lock with a radio is a node and DELETE is refused with matter.all-on", async () => {
    await server.close();
    await matter.close();
    await openMatter(true);
    expect((await call("GET", "halo")).status).toBe(200);
    const refused = await call("DELETE", "halo");
    expect([refused.status, codeOf(refused)]).toEqual([409, "matter.all-on"]);
    expect((await call("GET", "halo")).status).toBe(200);
  }, 30_000);
});

describe("a server with no Matter at all", () => {
  it("answers matter.disabled to every Matter route", async () => {
    const bare = await createServer({ host, webDist: null });
    for (const method of ["GET", "POST"] as const) {
      const res = await bare.app.inject({
        method,
        url: "/api/locks/front/matter",
        headers: { host: "localhost" },
      });
      expect(res.statusCode).toBe(409);
    }
    await bare.close();
  });
});
