/**
 * Bounds an outsider probed (docs/security.md "Limits"), over real sockets: the server
 * listens on a free port and is called with fetch, as any client on this machine could.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createServer } from "../create-server.ts";
import type { LockServer } from "../create-server.ts";
import { prepareCreateLockBody } from "../api-routes.ts";
import { createLockBodySchema } from "../api-schemas.ts";
import { MAX_LOCKS } from "./limits.ts";

let server: LockServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

const READY = { profile: "smartcode-914", state: "ready" } as const;

async function start(): Promise<{ base: string; s: LockServer }> {
  const s = await createServer({
    pacing: false,
    initialLocks: [{ id: "lock-1", name: "Front", lock: READY }],
  });
  server = s;
  return { base: await s.listen(0, "127.0.0.1"), s };
}

async function post(base: string, path: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const r = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: r.status, json: await r.json() };
}

const errorCode = (json: unknown): string | undefined => (json as { error?: { code?: string } }).error?.code;

describe("how many locks the API makes", () => {
  it(`refuses a lock past ${MAX_LOCKS} with lock.too-many (409), making nothing; deleting one makes room`, async () => {
    const { base, s } = await start();
    const file = await (await fetch(`${base}/api/locks/lock-1/scenario`)).text();
    // Filled in process (a thousand POSTs would only be slower); the refusals go over HTTP.
    const setup = createLockBodySchema.parse(prepareCreateLockBody({ lock: READY })).lock;
    for (let i = s.host.size; i < MAX_LOCKS; i++) s.registry.create(setup, undefined, `filler-${i}`);
    expect(s.host.size).toBe(MAX_LOCKS);

    const made = await post(base, "/api/locks", { id: "one-more", lock: READY });
    expect(made.status).toBe(409);
    expect(errorCode(made.json)).toBe("lock.too-many");
    const imported = await post(base, "/api/locks/import", { file, id: "imported" });
    expect(imported.status).toBe(409);
    expect(errorCode(imported.json)).toBe("lock.too-many");
    expect(s.host.size).toBe(MAX_LOCKS);
    expect((await fetch(`${base}/api/locks/one-more`)).status).toBe(404);

    expect((await fetch(`${base}/api/locks/lock-1`, { method: "DELETE" })).status).toBe(204);
    expect((await post(base, "/api/locks", { id: "one-more", lock: READY })).status).toBe(201);
    expect(s.host.size).toBe(MAX_LOCKS);
  });
});

describe("the web app's files", () => {
  it("a missing file is 404 route.unknown, another method 405; no path leaves the build folder", async () => {
    const dist = mkdtempSync(join(tmpdir(), "latchkey-dist-"));
    writeFileSync(join(dist, "index.html"), "<!doctype html><title>Latchkey</title>");
    const s = await createServer({ pacing: false, webDist: dist });
    server = s;
    const base = await s.listen(0, "127.0.0.1");
    const get = async (path: string, method = "GET") => {
      const r = await fetch(`${base}${path}`, { method });
      const text = await r.text();
      return { status: r.status, text, allow: r.headers.get("allow") };
    };
    expect((await get("/index.html")).status).toBe(200);
    const missing = await get("/no-such-file.js");
    expect(missing.status).toBe(404);
    expect(errorCode(JSON.parse(missing.text))).toBe("route.unknown");
    expect(await get("/index.html", "DELETE")).toMatchObject({ status: 405, allow: "GET, HEAD" });
    // fetch would resolve `..` itself: a raw request sends the path as written.
    for (const path of ["/../../etc/passwd", "/..%2f..%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd"]) {
      const r = await rawGet(base, path);
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      expect(r.text, path).not.toMatch(/root:/);
    }
    rmSync(dist, { recursive: true, force: true });
  });
});

function rawGet(base: string, path: string): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: "GET" }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
    });
    req.on("error", reject);
    req.end();
  });
}
