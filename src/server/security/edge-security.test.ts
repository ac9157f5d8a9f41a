/**
 * Issue 9, item 5 over real sockets: the server listens on a free port and is called with
 * fetch and a real WebSocket client (`ws`), as a page on another site or a rebinding DNS
 * name would call it. Foreign Host and Origin are refused on HTTP and on the upgrade; a
 * token is required when the server is reachable from the network; frames are capped;
 * errors keep the one shape; the page carries its security headers.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createServer } from "../create-server.ts";
import type { LockServer } from "../create-server.ts";
import type { EdgeSecurityOptions } from "./edge-security.ts";
import { TOKEN_COOKIE } from "./access-token.ts";
import { BODY_LIMIT_BYTES, WS_MAX_PAYLOAD_BYTES } from "./limits.ts";
import { CONTENT_SECURITY_POLICY } from "./security-headers.ts";

let server: LockServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

async function start(
  security: EdgeSecurityOptions = {},
  host = "127.0.0.1",
): Promise<{ base: string; port: number; s: LockServer }> {
  const s = await createServer({
    pacing: false,
    security,
    initialLocks: [{ id: "lock-1", name: "Front", lock: { profile: "smartcode-914", state: "ready" } }],
  });
  server = s;
  const base = await s.listen(0, host);
  return { base, port: Number(new URL(base).port), s };
}

/** A raw request with exactly these headers (fetch will not let a test set Host). */
async function raw(
  port: number,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; json: unknown }> {
  const http = await import("node:http");
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, path, method: opts.method ?? "GET", headers: opts.headers, setHost: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString();
          let json: unknown = null;
          try {
            json = text ? JSON.parse(text) : null;
          } catch {
            json = text;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json });
        });
      },
    );
    req.on("error", reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** Opens a WebSocket; resolves to the socket, or to the HTTP status the upgrade was refused with. */
function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once("open", () => resolve(ws));
    ws.once("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once("error", reject);
  });
}

function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    ws.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
}

const errorCode = (json: unknown): string | undefined => (json as { error?: { code?: string } }).error?.code;

describe("Host and Origin allow-lists on HTTP", () => {
  it("serves this machine's loopback names at the server's port, and requests without Origin", async () => {
    const { port } = await start();
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      const r = await raw(port, "/api/locks", { headers: { host } });
      expect(r.status, host).toBe(200);
    }
    const same = await raw(port, "/api/locks", {
      headers: { host: `localhost:${port}`, origin: `http://localhost:${port}` },
    });
    expect(same.status).toBe(200);
  });

  it("refuses a rebinding name, another port and a missing port with request.host-forbidden (403)", async () => {
    const { port } = await start();
    for (const host of [
      "evil.example",
      `evil.example:${port}`,
      `localhost:${port + 1}`,
      "localhost",
      "a b",
    ]) {
      const r = await raw(port, "/api/locks", { headers: { host } });
      expect(r.status, host).toBe(403);
      expect(errorCode(r.json), host).toBe("request.host-forbidden");
    }
  });

  it("refuses a foreign Origin with request.origin-forbidden (403), and the refused POST changes nothing", async () => {
    const { port, s } = await start();
    const before = s.registry.get("lock-1").twin.doorClosed;
    for (const origin of [
      "http://evil.example",
      `http://localhost:${port + 1}`,
      "null",
      "file://",
      `ftp://localhost:${port}`,
    ]) {
      const r = await raw(port, "/api/locks/lock-1/door", {
        method: "POST",
        headers: { host: `localhost:${port}`, origin, "content-type": "application/json" },
        body: JSON.stringify({ closed: !before }),
      });
      expect(r.status, origin).toBe(403);
      expect(errorCode(r.json), origin).toBe("request.origin-forbidden");
    }
    expect(s.registry.get("lock-1").twin.doorClosed).toBe(before);
  });

  it("LATCHKEY_ALLOWED_HOSTS adds names: a name at any port, name:port at that port", async () => {
    const { port } = await start({ allowedHosts: ["lock.example.lan", "door.example.lan:9999"] });
    expect((await raw(port, "/api/locks", { headers: { host: "lock.example.lan" } })).status).toBe(200);
    expect(
      (
        await raw(port, "/api/locks", {
          headers: { host: `localhost:${port}`, origin: "https://lock.example.lan" },
        })
      ).status,
    ).toBe(200);
    expect((await raw(port, "/api/locks", { headers: { host: "door.example.lan:9999" } })).status).toBe(200);
    expect((await raw(port, "/api/locks", { headers: { host: "door.example.lan:8080" } })).status).toBe(403);
  });
});

describe("Host and Origin on the WebSocket upgrade", () => {
  it("lets this server's page in, and refuses a foreign Origin or Host with 403", async () => {
    const { port } = await start();
    const ok = await openSocket(`ws://127.0.0.1:${port}/api/live`, { origin: `http://127.0.0.1:${port}` });
    expect(ok).toBeInstanceOf(WebSocket);
    (ok as WebSocket).terminate();
    expect(await openSocket(`ws://127.0.0.1:${port}/api/live`, { origin: "http://evil.example" })).toBe(403);
    expect(await openSocket(`ws://127.0.0.1:${port}/api/live`, { host: `rebound.example:${port}` })).toBe(
      403,
    );
  });

  it("a plain GET of the WebSocket path is live.upgrade-required (426) in the one shape", async () => {
    const { base } = await start();
    const r = await fetch(`${base}/api/live`);
    expect(r.status).toBe(426);
    expect(errorCode(await r.json())).toBe("live.upgrade-required");
  });
});

describe("the token when the server is reachable from the network", () => {
  it("is not needed on loopback", async () => {
    const { base, s } = await start();
    expect(s.security.guard.requiredToken).toBeNull();
    expect((await fetch(`${base}/api/locks`)).status).toBe(200);
  });

  it("is not asked for on the hub's API, which checks each person's token itself; Host is still checked", async () => {
    const token = "a-long-enough-test-token-0123456789";
    const { port } = await start({ token }, "0.0.0.0");
    const hub = await raw(port, "/api/hub/v1/sites", {
      headers: { host: `localhost:${port}`, authorization: "Bearer someone-elses-hub-token" },
    });
    expect(hub.status).not.toBe(401);
    expect(errorCode(hub.json)).not.toMatch(/^auth\.token-/);
    const locks = await raw(port, "/api/locks", { headers: { host: `localhost:${port}` } });
    expect(locks.status).toBe(401);
    const rebinding = await raw(port, "/api/hub/v1/sites", { headers: { host: "evil.example" } });
    expect(rebinding.status).toBe(403);
  });

  it("is needed when bound to every interface: Bearer, ?token= once (an HttpOnly SameSite=Strict cookie), WebSocket", async () => {
    const token = "a-long-enough-test-token-0123456789";
    const { port, s } = await start({ token }, "0.0.0.0");
    expect(s.security.guard.requiredToken).toBe(token);
    const host = { host: `127.0.0.1:${port}` };
    const missing = await raw(port, "/api/locks", { headers: host });
    expect([missing.status, errorCode(missing.json)]).toEqual([401, "auth.token-missing"]);
    const wrong = await raw(port, "/api/locks", { headers: { ...host, authorization: `Bearer ${token}x` } });
    expect([wrong.status, errorCode(wrong.json)]).toEqual([401, "auth.token-invalid"]);
    const bearer = await raw(port, "/api/locks", { headers: { ...host, authorization: `Bearer ${token}` } });
    expect(bearer.status).toBe(200);

    // The printed address: ?token= sets the cookie and sends the page to the address without it.
    const opened = await raw(port, `/?lock=lock-1&token=${token}`, { headers: host });
    expect(opened.status).toBe(303);
    expect(opened.headers["location"]).toBe("/?lock=lock-1");
    const cookie = String(opened.headers["set-cookie"]);
    expect(cookie).toContain(`${TOKEN_COOKIE}=${token}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const withCookie = await raw(port, "/api/locks", {
      headers: { ...host, cookie: `${TOKEN_COOKIE}=${token}` },
    });
    expect(withCookie.status).toBe(200);
    // A script's read of the API with ?token= is answered as asked (no redirect, no cookie):
    // a 303 left `curl …/api/locks?token=…` with nothing to read.
    const scripted = await raw(port, `/api/locks?token=${token}`, { headers: host });
    expect(scripted.status).toBe(200);
    expect(scripted.headers["set-cookie"]).toBeUndefined();
    expect(Array.isArray((scripted.json as { locks: unknown[] }).locks)).toBe(true);
    const badScripted = await raw(port, `/api/locks?token=${token}x`, { headers: host });
    expect([badScripted.status, errorCode(badScripted.json)]).toEqual([401, "auth.token-invalid"]);
    // Only to open the page or the WebSocket: a change never carries the token in its address.
    const lockCount = async (): Promise<number> => {
      const r = await raw(port, "/api/locks", { headers: { ...host, authorization: `Bearer ${token}` } });
      return (r.json as { locks: unknown[] }).locks.length;
    };
    const before = await lockCount();
    const posted = await raw(port, `/api/locks?token=${token}`, {
      method: "POST",
      headers: { ...host, "content-type": "application/json" },
      body: JSON.stringify({ profile: "smartcode-914" }),
    });
    expect([posted.status, errorCode(posted.json)]).toEqual([401, "auth.token-in-address"]);
    expect(await lockCount()).toBe(before);
    // The redirect stays on this server: a path starting // or /\\ would send the browser,
    // cookie set, to another site (Location: //evil.example/).
    for (const path of ["//evil.example/", "/\\evil.example/", "///evil.example/"]) {
      const away = await raw(port, `${path}?token=${token}`, { headers: host });
      expect(away.status, path).toBe(303);
      expect(away.headers["location"], path).toBe("/evil.example/");
    }
    const absolute = await raw(port, `http://evil.example/x?token=${token}`, { headers: host });
    expect(absolute.headers["location"]).toBe("/x");
    const badQuery = await raw(port, "/?token=nope", {
      headers: { ...host, cookie: `${TOKEN_COOKIE}=${token}` },
    });
    expect(badQuery.status).toBe(401);

    // The WebSocket: refused without, open with the cookie or ?token=.
    expect(await openSocket(`ws://127.0.0.1:${port}/api/live`)).toBe(401);
    const viaCookie = await openSocket(`ws://127.0.0.1:${port}/api/live`, {
      cookie: `${TOKEN_COOKIE}=${token}`,
    });
    expect(viaCookie).toBeInstanceOf(WebSocket);
    (viaCookie as WebSocket).terminate();
    const viaQuery = await openSocket(`ws://127.0.0.1:${port}/api/live?token=${token}`);
    expect(viaQuery).toBeInstanceOf(WebSocket);
    (viaQuery as WebSocket).terminate();
  });

  it("draws a random token when LATCHKEY_TOKEN is not set", async () => {
    const { s } = await start({}, "0.0.0.0");
    const first = s.security.guard.requiredToken;
    expect(first).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    await s.close();
    const { s: again } = await start({}, "0.0.0.0");
    expect(again.security.guard.requiredToken).not.toBe(first);
  });

  it("is not asked for on the companion app's page and files, nor the OpenAPI document: the hub's people and integrators have only their own credentials", async () => {
    // Before: on a server reachable from the network, /app/ and its files were 401 without the
    // server's token, so a manager or a guest opening an invite link got nothing — unless the
    // owner handed them the one token that drives every lock through the lab's API.
    const token = "a-long-enough-test-token-0123456789";
    const webDist = mkdtempSync(join(tmpdir(), "latchkey-edge-web-"));
    writeFileSync(join(webDist, "index.html"), "<!doctype html><title>Latchkey</title>");
    mkdirSync(join(webDist, "app"));
    writeFileSync(join(webDist, "app", "index.html"), "<!doctype html><title>Latchkey hub</title>");
    mkdirSync(join(webDist, "assets"));
    writeFileSync(join(webDist, "assets", "app-x1.js"), "export {};");
    try {
      const s = await createServer({ pacing: false, webDist, security: { token } });
      server = s;
      const port = Number(new URL(await s.listen(0, "0.0.0.0")).port);
      const host = { host: `127.0.0.1:${port}` };
      for (const path of ["/app/", "/app/index.html", "/assets/app-x1.js", "/api/openapi.json"])
        expect((await raw(port, path, { headers: host })).status, path).toBe(200);
      expect((await raw(port, "/app/", { method: "HEAD", headers: host })).status).toBe(200);
      // Everything else still needs it: the lab page, its API and socket, other methods, paths
      // that only start like the app's, and Host and Origin are checked first as everywhere.
      for (const [method, path] of [
        ["GET", "/"],
        ["GET", "/index.html"],
        ["GET", "/api/locks"],
        ["GET", "/api/openapi.json?x=1"],
        ["POST", "/api/openapi.json"],
        ["GET", "/assets/../api/locks"],
        ["GET", "/assets/x/../../api/locks"],
        ["GET", "/app/../api/locks"],
        ["GET", "/app/?x=1"],
        ["GET", "/appx"],
        ["POST", "/app/"],
        ["DELETE", "/assets/app-x1.js"],
      ] as const) {
        const r = await raw(port, path, { method, headers: host });
        expect([r.status, errorCode(r.json)], `${method} ${path}`).toEqual([401, "auth.token-missing"]);
      }
      expect((await raw(port, "/app/", { headers: { host: "evil.example" } })).status).toBe(403);
      const foreign = await raw(port, "/app/", { headers: { ...host, origin: "http://evil.example" } });
      expect(foreign.status).toBe(403);
      // The printed address still sets the cookie when it names the app.
      const opened = await raw(port, `/app/?token=${token}`, { headers: host });
      expect(opened.status).toBe(303);
      expect(opened.headers["location"]).toBe("/app/");
      expect(String(opened.headers["set-cookie"])).toContain(`${TOKEN_COOKIE}=${token}`);
      expect(await openSocket(`ws://127.0.0.1:${port}/api/live`)).toBe(401);
    } finally {
      rmSync(webDist, { recursive: true, force: true });
    }
  });
});

describe("errors in the one shape", () => {
  it("an over-long id is 400 request.invalid with the web app served too (its `/*` caught GETs as 404)", async () => {
    const webDist = mkdtempSync(join(tmpdir(), "latchkey-edge-web-"));
    writeFileSync(join(webDist, "index.html"), "<!doctype html><title>Latchkey</title>");
    try {
      const s = await createServer({ pacing: false, webDist });
      server = s;
      const base = await s.listen(0, "127.0.0.1");
      for (const path of [`/api/locks/${"a".repeat(101)}`, `/api/locks/${"a".repeat(101)}/history`]) {
        const r = await fetch(`${base}${path}`);
        expect({ status: r.status, code: errorCode(await r.json()) }).toEqual({
          status: 400,
          code: "request.invalid",
        });
      }
      expect((await fetch(`${base}/api/locks/${"a".repeat(100)}`)).status).toBe(404);
      expect((await fetch(`${base}/`)).status).toBe(200);
    } finally {
      rmSync(webDist, { recursive: true, force: true });
    }
  });

  it("bad URL encoding 400, over-long id 400, 413, 415, 404, 405 with Allow", async () => {
    const { base } = await start();
    const get = async (path: string, init?: RequestInit) => {
      const r = await fetch(`${base}${path}`, init);
      return { status: r.status, code: errorCode(await r.json()), allow: r.headers.get("allow") };
    };
    expect(await get("/api/locks/%E0%A4%A")).toMatchObject({ status: 400, code: "request.bad-url" });
    expect(await get("/api/locks/%zz/faults")).toMatchObject({ status: 400, code: "request.bad-url" });
    expect(await get(`/api/locks/${"a".repeat(101)}`)).toMatchObject({
      status: 400,
      code: "request.invalid",
    });
    expect(await get(`/api/locks/${"a".repeat(5000)}`)).toMatchObject({
      status: 400,
      code: "request.invalid",
    });
    const post = (body: string, type: string) =>
      get("/api/locks/lock-1/door", { method: "POST", headers: { "content-type": type }, body });
    expect(
      await post(JSON.stringify({ closed: true, pad: "x".repeat(BODY_LIMIT_BYTES) }), "application/json"),
    ).toMatchObject({
      status: 413,
      code: "request.too-large",
    });
    expect(await post('{"closed":true}', "text/plain")).toMatchObject({
      status: 415,
      code: "request.media-type",
    });
    expect(await post("closed=true", "application/x-www-form-urlencoded")).toMatchObject({
      status: 415,
      code: "request.media-type",
    });
    // JSON with a prototype key is refused saying so, not "Body is not valid JSON".
    const poisoned = await fetch(`${base}/api/locks/lock-1/door`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"closed":true,"__proto__":{"x":1}}',
    });
    expect(poisoned.status).toBe(400);
    expect(((await poisoned.json()) as { error: { message: string } }).error.message).toContain("__proto__");
    expect(await get("/api/nothing-here")).toMatchObject({ status: 404, code: "route.unknown" });
    expect(await get("/api/locks/lock-1/door", { method: "PUT" })).toMatchObject({
      status: 405,
      code: "route.method-not-allowed",
      allow: "POST",
    });
    expect(await get("/api/profiles", { method: "DELETE" })).toMatchObject({
      status: 405,
      allow: "GET, HEAD",
    });
  });
});

describe("the OpenAPI document", () => {
  it("lists the edge's errors on every route, and 413/415 on routes with a body", async () => {
    const { base } = await start();
    const doc = (await (await fetch(`${base}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { description?: string }> }>>;
    };
    const door = JSON.stringify(doc.paths["/api/locks/{id}/door"]?.["post"]?.responses);
    for (const code of [
      "request.host-forbidden",
      "request.origin-forbidden",
      "auth.token-missing",
      "request.too-large",
      "request.media-type",
    ])
      expect(door, code).toContain(code);
    const list = JSON.stringify(doc.paths["/api/locks"]?.["get"]?.responses);
    expect(list).toContain("request.host-forbidden");
    expect(list).not.toContain("request.media-type");
    expect(JSON.stringify(doc.paths["/api/live"])).toContain("live.upgrade-required");
  });
});

describe("WebSocket bounds", () => {
  it(`refuses a 1 MB frame (close 1009: larger than ${WS_MAX_PAYLOAD_BYTES} bytes) and stays up for others`, async () => {
    const { port } = await start();
    const ws = (await openSocket(`ws://127.0.0.1:${port}/api/live`)) as WebSocket;
    const gone = closed(ws);
    ws.send(JSON.stringify({ type: "sync", pad: "x".repeat(1024 * 1024) }));
    expect((await gone).code).toBe(1009);
    const next = await openSocket(`ws://127.0.0.1:${port}/api/live`);
    expect(next).toBeInstanceOf(WebSocket);
    (next as WebSocket).terminate();
  });

  it("rate-limits sync: a burst is answered, the rest dropped with live.rate-limited said once", async () => {
    const { port } = await start();
    const ws = (await openSocket(`ws://127.0.0.1:${port}/api/live`)) as WebSocket;
    const messages: { type: string; error?: { code: string } }[] = [];
    ws.on("message", (d: Buffer) => messages.push(JSON.parse(d.toString()) as (typeof messages)[number]));
    for (let i = 0; i < 200; i++) ws.send('{"type":"sync"}');
    for (let i = 0; i < 200 && !messages.some((m) => m.type === "error"); i++)
      await new Promise((r) => setTimeout(r, 10));
    // Sent faster than one per refill: most are dropped (only a stall of ~100 s could refill them all).
    const locks = messages.filter((m) => m.type === "lock").length;
    expect(messages.filter((m) => m.error?.code === "live.rate-limited").length).toBe(1);
    expect(locks).toBeLessThan(150);
    ws.terminate();
  });
});

describe("WebSocket heartbeat", () => {
  it("drops a client that never answers a ping, keeps one that does", async () => {
    // Long enough that a client that reads answers in time even on a busy machine.
    const { port, s } = await start({ websocket: { heartbeatMs: 2_000 } });
    const answering = (await openSocket(`ws://127.0.0.1:${port}/api/live`)) as WebSocket;
    const silent = (await openSocket(`ws://127.0.0.1:${port}/api/live`)) as WebSocket;
    // The silent client stops reading, so it never sees a ping and never answers one.
    (silent as unknown as { _socket: { pause(): void } })._socket.pause();
    // Dropped: counted as silent, and once its socket has closed, one client is left.
    const sockets = s.security.sockets;
    while (sockets.stats.clientsSilent === 0 || sockets.openClients > 1)
      await new Promise((r) => setTimeout(r, 25));
    expect(sockets.stats.clientsSilent).toBe(1);
    expect(sockets.openClients).toBe(1);
    expect(answering.readyState).toBe(WebSocket.OPEN);
    answering.terminate();
    silent.terminate();
  });
});

describe("security headers", () => {
  it("every answer, the page's and errors too, has CSP with frame-ancestors 'none', nosniff and no-referrer", async () => {
    const { base } = await start();
    for (const path of ["/api/locks", "/api/nothing", "/api/locks/%zz"]) {
      const r = await fetch(`${base}${path}`);
      expect(r.headers.get("content-security-policy"), path).toBe(CONTENT_SECURITY_POLICY);
      expect(r.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(r.headers.get("x-content-type-options")).toBe("nosniff");
      expect(r.headers.get("referrer-policy")).toBe("no-referrer");
      expect(r.headers.get("x-frame-options")).toBe("DENY");
    }
  });
});
