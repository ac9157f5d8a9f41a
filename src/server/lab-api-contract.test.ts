/**
 * The lab API as an outside developer meets it: a small client written from docs/web.md and
 * `/api/openapi.json` alone, over real HTTP and a real WebSocket against `createServer`.
 * Every documented route is in the document and every route of the document is in the docs;
 * every answer has the status and the shape the document gives; every bad request is a 4xx
 * in the one error shape, with a code the document lists for that status, and leaves the lock
 * as it was; Host and Origin are checked as docs/security.md says.
 */
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createServer } from "./create-server.ts";
import type { LockServer } from "./create-server.ts";

type Json = Record<string, unknown>;

let server: LockServer;
let port = 0;
let doc: { paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, Json> } };

beforeAll(async () => {
  server = await createServer({
    pacing: false,
    initialLocks: [
      { id: "lock-1", name: "Front", lock: { profile: "smartcode-914", state: "ready", door: "open" } },
    ],
  });
  port = Number(new URL(await server.listen(0, "127.0.0.1")).port);
  doc = (await send("GET", "/api/openapi.json")).body as typeof doc;
});

afterAll(async () => {
  await server.close();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: unknown;
}

/** One HTTP request; `raw` is sent as it is (with its own content type), `body` as JSON. */
function send(
  method: string,
  path: string,
  opts: { body?: unknown; raw?: string; type?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const payload = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  const headers: Record<string, string> = {
    host: `127.0.0.1:${port}`,
    ...(payload === undefined ? {} : { "content-type": opts.type ?? "application/json" }),
    ...opts.headers,
  };
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown = text;
        if (String(res.headers["content-type"] ?? "").startsWith("application/json")) body = JSON.parse(text);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
      });
    });
    req.on("error", reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** What is wrong with `value` against a JSON Schema of the document (the subset it uses). */
function mismatches(schema: Json, value: unknown, at = "$"): string[] {
  if (typeof schema["$ref"] === "string") {
    const name = schema["$ref"].replace("#/components/schemas/", "");
    const target = doc.components.schemas[name];
    return target ? mismatches(target, value, at) : [`${at}: no component ${name}`];
  }
  for (const key of ["oneOf", "anyOf"] as const) {
    const options = schema[key] as Json[] | undefined;
    if (options && !options.some((o) => mismatches(o, value, at).length === 0))
      return [`${at}: matches none of ${key} (${JSON.stringify(value).slice(0, 80)})`];
  }
  const out: string[] = [];
  if ("const" in schema && value !== schema["const"])
    out.push(`${at}: not ${JSON.stringify(schema["const"])}`);
  const allowed = schema["enum"] as unknown[] | undefined;
  if (allowed && !allowed.includes(value)) out.push(`${at}: ${JSON.stringify(value)} not in enum`);
  const types = schema["type"] === undefined ? [] : ([] as unknown[]).concat(schema["type"]);
  if (types.length > 0) {
    const kind =
      value === null
        ? "null"
        : Array.isArray(value)
          ? "array"
          : typeof value === "number" && Number.isInteger(value)
            ? "integer"
            : typeof value;
    if (!types.includes(kind) && !(kind === "integer" && types.includes("number")))
      return [...out, `${at}: ${kind}, documented ${types.join("|")}`];
  }
  if (typeof value === "number") {
    if (typeof schema["minimum"] === "number" && value < schema["minimum"]) out.push(`${at}: under minimum`);
    if (typeof schema["maximum"] === "number" && value > schema["maximum"]) out.push(`${at}: over maximum`);
  }
  if (Array.isArray(value) && schema["items"])
    value.forEach((v, i) => out.push(...mismatches(schema["items"] as Json, v, `${at}[${i}]`)));
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const props = (schema["properties"] ?? {}) as Record<string, Json>;
    for (const name of (schema["required"] ?? []) as string[])
      if (!(name in value)) out.push(`${at}.${name}: required, missing`);
    for (const [name, v] of Object.entries(value)) {
      if (props[name]) out.push(...mismatches(props[name], v, `${at}.${name}`));
      else if (schema["additionalProperties"] === false) out.push(`${at}.${name}: not in the document`);
    }
  }
  return out;
}

/** The operation the document gives for a request (`/api/locks/lock-1` → `/api/locks/{id}`). */
function operationOf(method: string, path: string): Json {
  const bare = path.split("?")[0]!;
  for (const [template, ops] of Object.entries(doc.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+").replace(/\./g, "\\.")}$`);
    const op = ops[method.toLowerCase()];
    if (pattern.test(bare) && op) return op;
  }
  throw new Error(`the document has no ${method} ${bare}`);
}

/** Calls a route and checks the answer against the document: status, media type, shape. */
async function documented(method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await send(method, path, body === undefined ? {} : { body });
  const responses = operationOf(method, path)["responses"] as Record<string, Json>;
  const declared = responses[String(res.status)];
  expect(declared, `${method} ${path} answered ${res.status} (${res.text.slice(0, 200)})`).toBeDefined();
  const content = declared!["content"] as Record<string, { schema: Json }> | undefined;
  if (res.status >= 400) {
    const code = (res.body as { error?: { code?: string } }).error?.code ?? "";
    expect(String(declared!["description"]), `${method} ${path}: ${code} at ${res.status}`).toContain(code);
  }
  if (content?.["application/json"]) {
    expect(mismatches(content["application/json"].schema, res.body), `${method} ${path}`).toEqual([]);
  } else if (content) {
    const type = Object.keys(content)[0]!;
    expect(String(res.headers["content-type"])).toContain(type);
  } else {
    expect(res.text, `${method} ${path}: documented without a body`).toBe("");
  }
  return res;
}

const snapshotOf = async (id = "lock-1") => {
  const { rev: _rev, ...rest } = (await send("GET", `/api/locks/${id}`)).body as Json;
  return rest;
};

describe("the lab API against its own documents", () => {
  it("lists in docs/web.md every lab route of /api/openapi.json, and the other way round", () => {
    const web = readFileSync(new URL("../../docs/web.md", import.meta.url), "utf8");
    const api = web.slice(web.indexOf("## The API"), web.indexOf("### WebSocket `/api/live`"));
    const inDocs = new Set(
      [...api.matchAll(/^\| `(GET|POST|DELETE) (\/api\/[^` ]+)`/gm)].map(
        (m) => `${m[1]} ${m[2]!.replace(/:([a-z]+)/g, "{$1}")}`,
      ),
    );
    const inDocument = new Set(
      Object.entries(doc.paths)
        .filter(([p]) => !p.startsWith("/api/hub/") && !p.startsWith("/api/seam/"))
        .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)),
    );
    expect([...inDocument].filter((r) => !inDocs.has(r)).sort()).toEqual([]);
    expect([...inDocs].filter((r) => !inDocument.has(r)).sort()).toEqual([]);
  });

  it("answers every documented route with the documented status and shape", async () => {
    await documented("GET", "/api/profiles");
    await documented("GET", "/api/locks");
    const made = await documented("POST", "/api/locks", {
      id: "back",
      name: "Back door",
      lock: { profile: "smartcode-264", state: "ready", door: "closed", time: "2026-03-02T08:00:00Z" },
    });
    expect(made.status).toBe(201);
    await documented("GET", "/api/locks/lock-1");
    for (const key of ["program", "1", "lock"])
      await documented("POST", "/api/locks/lock-1/keys", { key, action: "tap" });
    await documented("POST", "/api/locks/lock-1/keys", { key: "program", action: "press" });
    await documented("POST", "/api/locks/lock-1/keys", { key: "program", action: "release" });
    await documented("POST", "/api/locks/lock-1/time", { skipMs: 60_000 });
    await documented("POST", "/api/locks/lock-1/time", { speed: 0 });
    await documented("POST", "/api/locks/lock-1/door", { closed: true });
    await documented("POST", "/api/locks/lock-1/turn", { by: "thumbturn", direction: "lock" });
    await documented("POST", "/api/locks/lock-1/turn", { by: "key", direction: "unlock" });
    await documented("POST", "/api/locks/lock-1/pack", { action: "remove" });
    await documented("POST", "/api/locks/lock-1/pack", { action: "insert" });
    await documented("POST", "/api/locks/lock-1/pack", { action: "replace", kind: "low" });
    await documented("POST", "/api/locks/lock-1/remote", { command: "lock" });
    await documented("DELETE", "/api/locks/lock-1/pairing");
    await documented("POST", "/api/locks/lock-1/pairing");
    await documented("GET", "/api/locks/lock-1/history?limit=5");
    await documented("GET", "/api/locks/lock-1/faults");
    await documented("POST", "/api/locks/lock-1/faults", { fault: "clutch-disengaged" });
    await documented("POST", "/api/locks/lock-1/fixes", { fix: "reseat-clutch" });
    await documented("GET", "/api/doctor/symptoms");
    expect((await documented("POST", "/api/locks/lock-1/doctor", { symptom: "no-response" })).status).toBe(
      201,
    );
    await documented("GET", "/api/locks/lock-1/doctor");
    await documented("DELETE", "/api/locks/lock-1/doctor");
    await documented("GET", "/api/locks/lock-1/support-report");
    await documented("GET", "/api/locks/lock-1/support-report.md");
    const scenario = await documented("GET", "/api/locks/lock-1/scenario");
    expect(scenario.headers["content-type"]).toContain("application/yaml");
    const imported = await documented("POST", "/api/locks/import", { file: scenario.text, id: "copy" });
    expect(imported.status).toBe(201);
    await documented("GET", "/api/locks/lock-1/matter");
    expect((await documented("DELETE", "/api/locks/copy")).status).toBe(204);
    await documented("DELETE", "/api/locks/back");
  });

  it("documents the history's query parameters as parameters, and honours them", async () => {
    const params = operationOf("GET", "/api/locks/lock-1/history")["parameters"] as Json[];
    expect(params.map((p) => `${String(p["in"])} ${String(p["name"])} ${String(p["required"])}`)).toEqual([
      "path id true",
      "query limit false",
      "query before false",
    ]);
    const page = (await documented("GET", "/api/locks/lock-1/history?limit=2")).body as {
      entries: { seq: number }[];
      total: number;
    };
    expect(page.entries.length).toBeLessThanOrEqual(2);
    const before = page.entries[0]?.seq ?? 2;
    const older = (await documented("GET", `/api/locks/lock-1/history?before=${before}`)).body as {
      entries: { seq: number }[];
    };
    expect(older.entries.every((e) => e.seq < before)).toBe(true);
  });

  it("lists for the lab routes only codes docs/web.md's error table has (lock.id-invalid: the schema refuses first)", () => {
    const web = readFileSync(new URL("../../docs/web.md", import.meta.url), "utf8");
    const table = web.slice(web.indexOf("### Errors"), web.indexOf("## The companion app"));
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (path.startsWith("/api/hub/") || path.startsWith("/api/seam/")) continue;
      for (const [method, op] of Object.entries(ops))
        for (const [status, answer] of Object.entries(op["responses"] as Record<string, Json>)) {
          const listed = /^error\.code: (.*)$/.exec(String(answer["description"]))?.[1] ?? "";
          for (const code of listed.split(", ").filter(Boolean))
            expect(table, `${method} ${path} ${status} ${code}`).toMatch(
              new RegExp(`\`${code}\`[^\n]*\\| ${status} `),
            );
        }
    }
  });

  it("lists 503 host.storage-failed on every route that changes or makes a lock (docs/host.md)", () => {
    for (const [method, path] of [
      ["POST", "/api/locks"],
      ["POST", "/api/locks/import"],
      ["POST", "/api/locks/x/keys"],
      ["POST", "/api/locks/x/pack"],
      ["POST", "/api/locks/x/door"],
      ["POST", "/api/locks/x/turn"],
      ["POST", "/api/locks/x/time"],
      ["POST", "/api/locks/x/pairing"],
      ["DELETE", "/api/locks/x/pairing"],
      ["POST", "/api/locks/x/faults"],
      ["POST", "/api/locks/x/fixes"],
      ["POST", "/api/locks/x/doctor/do"],
    ] as const) {
      const responses = operationOf(method, path)["responses"] as Record<string, Json>;
      expect(String(responses["503"]?.["description"]), `${method} ${path}`).toContain("host.storage-failed");
    }
  });
});

describe("bad requests: a 4xx in the one error shape, with a documented code, and nothing changed", () => {
  const big = JSON.stringify({ closed: true, note: "x".repeat(70_000) });
  const cases: [string, string, { body?: unknown; raw?: string; type?: string }, number, string][] = [
    ["POST", "/api/locks/lock-1/keys", { body: { key: 1, action: "tap" } }, 400, "request.invalid"],
    [
      "POST",
      "/api/locks/lock-1/keys",
      { body: { key: "1", action: "tap", extra: true } },
      400,
      "request.invalid",
    ],
    ["POST", "/api/locks/lock-1/keys", { body: { key: "1" } }, 400, "request.invalid"],
    ["POST", "/api/locks/lock-1/time", { body: { skipMs: 0 } }, 400, "request.invalid"],
    ["POST", "/api/locks/lock-1/time", { body: { skipMs: 2_678_400_001 } }, 400, "request.invalid"],
    ["POST", "/api/locks/lock-1/time", { body: { skipMs: 1.5 } }, 400, "request.invalid"],
    ["POST", "/api/locks/lock-1/time", { body: { speed: 5 } }, 400, "request.invalid"],
    ["POST", "/api/locks/lock-1/time", { body: { speed: 1, skipMs: 10 } }, 400, "request.invalid"],
    ["POST", "/api/locks/lock-1/door", { body: { closed: "yes" } }, 400, "request.invalid"],
    ["POST", "/api/locks/lock-1/door", { raw: '{"closed":tru' }, 400, "request.invalid"],
    ["POST", "/api/locks/lock-1/door", { raw: "[]" }, 400, "request.invalid"],
    ["POST", "/api/locks/lock-1/door", { raw: big }, 413, "request.too-large"],
    [
      "POST",
      "/api/locks/lock-1/door",
      { raw: '{"closed":true}', type: "text/plain" },
      415,
      "request.media-type",
    ],
    ["POST", "/api/locks/lock-1/turn", { body: { by: "hand", direction: "lock" } }, 400, "request.invalid"],
    ["POST", "/api/locks/lock-1/pack", { body: { action: "replace" } }, 400, "request.invalid"],
    ["POST", "/api/locks/lock-1/pack", { body: { action: "remove", kind: "fresh" } }, 400, "request.invalid"],
    ["POST", "/api/locks/lock-1/pack", { body: { action: "insert" } }, 409, "pack.inserted"],
    ["POST", "/api/locks/lock-1/remote", { body: { command: "open" } }, 400, "request.invalid"],
    ["POST", "/api/locks/lock-1/pairing", { body: { method: "zwave" } }, 400, "request.invalid"],
    ["POST", "/api/locks/lock-1/pairing", {}, 409, "lock.paired"],
    ["POST", "/api/locks/lock-1/faults", { body: { fault: "gremlins" } }, 400, "fault.unknown"],
    ["POST", "/api/locks/lock-1/fixes", { body: { fix: "prayer" } }, 400, "fix.unknown"],
    ["POST", "/api/locks/lock-1/fixes", { body: { fix: "factory-reset" } }, 409, "fix.confirm-needed"],
    [
      "POST",
      "/api/locks/lock-1/fixes",
      { body: { fix: "factory-reset", confirmErase: "true" } },
      400,
      "request.invalid",
    ],
    [
      "POST",
      "/api/locks/lock-1/keys",
      { body: { key: "9", action: "tap", x: "y".repeat(60_000) } },
      400,
      "request.invalid",
    ],
    ["POST", "/api/locks/nope/keys", { body: { key: "1", action: "tap" } }, 404, "lock.unknown"],
    ["GET", "/api/locks/nope", {}, 404, "lock.unknown"],
    ["DELETE", "/api/locks/nope", {}, 404, "lock.unknown"],
    ["GET", `/api/locks/${"a".repeat(101)}`, {}, 400, "request.invalid"],
    ["GET", "/api/locks/%zz", {}, 400, "request.bad-url"],
    ["GET", "/api/locks/lock-1/history?limit=0", {}, 400, "request.invalid"],
    ["GET", "/api/locks/lock-1/history?limit=501", {}, 400, "request.invalid"],
    ["GET", "/api/locks/lock-1/history?before=x", {}, 400, "request.invalid"],
    // Number() read these as 100, 16 and 5: only decimal digits are a number here.
    ["GET", "/api/locks/lock-1/history?limit=1e2", {}, 400, "request.invalid"],
    ["GET", "/api/locks/lock-1/history?before=0x10", {}, 400, "request.invalid"],
    ["GET", "/api/locks/lock-1/history?limit=%205", {}, 400, "request.invalid"],
    ["GET", "/api/locks/lock-1/history?sort=asc", {}, 400, "request.invalid"],
    ["GET", "/api/locks?profile=halo", {}, 400, "request.invalid"],
    ["GET", "/api/locks/lock-1?fields=bolt", {}, 400, "request.invalid"],
    ["POST", "/api/locks/lock-1/door?closed=true", { body: { closed: true } }, 400, "request.invalid"],
    ["GET", "/api/locks/lock-1/doctor", {}, 404, "doctor.no-session"],
    ["POST", "/api/locks/lock-1/doctor", { body: { symptom: "sad" } }, 400, "doctor.unknown-symptom"],
    [
      "POST",
      "/api/locks/lock-1/doctor",
      { body: { symptom: "no-response", code: "12" } },
      400,
      "request.invalid",
    ],
    ["POST", "/api/locks", { body: { id: "Upper", lock: { profile: "halo" } } }, 400, "request.invalid"],
    ["POST", "/api/locks", { body: { id: "lock-1", lock: { profile: "halo" } } }, 409, "lock.exists"],
    ["POST", "/api/locks", { body: { lock: { profile: "smartcode-999" } } }, 400, "profile.unknown"],
    ["POST", "/api/locks", { body: { name: "a\nb", lock: { profile: "halo" } } }, 400, "request.invalid"],
    [
      "POST",
      "/api/locks",
      { body: { name: "x".repeat(41), lock: { profile: "halo" } } },
      400,
      "request.invalid",
    ],
    [
      "POST",
      "/api/locks",
      { body: { lock: { profile: "halo", temperatureC: 1e9 } } },
      400,
      "request.invalid",
    ],
    ["POST", "/api/locks", { body: { lock: { profile: "halo" }, colour: "red" } }, 400, "request.invalid"],
    ["POST", "/api/locks/import", { body: { file: "lock: [" } }, 422, "scenario.invalid"],
  ];

  const titled = cases.map(
    ([method, path, opts, status, code]) =>
      [method, path.slice(0, 60), JSON.stringify(opts).slice(0, 60), status, code, opts, path] as const,
  );
  it.each(titled)("%s %s %s → %i %s", async (method, _short, _what, status, code, opts, path) => {
    const before = await snapshotOf();
    const count = ((await send("GET", "/api/locks")).body as { locks: unknown[] }).locks.length;
    const res = await send(method, path, opts);
    expect(res.status, res.text.slice(0, 200)).toBe(status);
    expect(mismatches({ $ref: "#/components/schemas/Error" }, res.body)).toEqual([]);
    expect((res.body as { error: { code: string } }).error.code).toBe(code);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    const responses = operationOf(method, path.startsWith("/api/locks/%") ? "/api/locks/x" : path)[
      "responses"
    ] as Record<string, Json>;
    expect(String(responses[String(status)]?.["description"]), "listed in the document").toContain(code);
    expect(await snapshotOf()).toEqual(before);
    expect(((await send("GET", "/api/locks")).body as { locks: unknown[] }).locks.length).toBe(count);
  });
});

describe("Host and Origin as docs/security.md says", () => {
  it.each([
    [{ host: "evil.example" }, 403, "request.host-forbidden"],
    [{ host: "127.0.0.1" }, 403, "request.host-forbidden"],
    [{ host: "localhost:1" }, 403, "request.host-forbidden"],
    [{ origin: "http://evil.example" }, 403, "request.origin-forbidden"],
    [{ origin: "null" }, 403, "request.origin-forbidden"],
    [{ origin: "ftp://127.0.0.1:PORT" }, 403, "request.origin-forbidden"],
    [{ origin: "http://127.0.0.1:PORT" }, 200, ""],
    [{ host: "localhost:PORT", origin: "http://[::1]:PORT" }, 200, ""],
  ])("%j → %i %s", async (headers, status, code) => {
    const fill = Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k, v.replace("PORT", String(port))]),
    );
    const before = await snapshotOf();
    const res = await send("POST", "/api/locks/lock-1/door", {
      body: { closed: !before["doorClosed"] },
      headers: fill,
    });
    expect(res.status).toBe(status);
    if (code) {
      expect((res.body as { error: { code: string } }).error.code).toBe(code);
      expect(res.headers["x-frame-options"]).toBe("DENY");
      expect(await snapshotOf()).toEqual(before);
    }
  });

  it("refuses a WebSocket upgrade from another site's page with 403 request.origin-forbidden", async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/live`, {
      headers: { origin: "http://evil.example" },
    });
    const status = await new Promise<number>((resolve) => {
      ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      ws.on("open", () => resolve(101));
      ws.on("error", () => undefined);
    });
    expect(status).toBe(403);
    ws.terminate();
  });
});

describe("the WebSocket /api/live as docs/web.md says", () => {
  it("names every LiveServerMessage type in docs/web.md and in the route's own description", () => {
    const web = readFileSync(new URL("../../docs/web.md", import.meta.url), "utf8");
    const section = web.slice(web.indexOf("### WebSocket `/api/live`"), web.indexOf("### Errors"));
    const described = String(doc.paths["/api/live"]?.["get"]?.["description"]);
    const types = (doc.components.schemas["LiveServerMessage"]!["oneOf"] as Json[]).map((o) =>
      String(((o["properties"] as Record<string, Json>)["type"] as Json)["const"]),
    );
    expect(types).toContain("hub-alert-resolved");
    for (const type of types) {
      expect(section, `docs/web.md: ${type}`).toContain(type);
      expect(described, `openapi: ${type}`).toContain(`"type":"${type}"`);
    }
  });

  it("sends every lock on connect, again on sync, a change, removed, and error for a bad message", async () => {
    const heard: Json[] = [];
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/live`);
    ws.on("message", (data) => heard.push(JSON.parse(String(data)) as Json));
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    const until = async (what: string, pred: (m: Json) => boolean) => {
      for (let i = 0; i < 200 && !heard.some(pred); i++) await new Promise((r) => setTimeout(r, 10));
      expect(heard.some(pred), what).toBe(true);
    };
    await until("lock-1 on connect", (m) => m["type"] === "lock" && (m["lock"] as Json)["id"] === "lock-1");
    const onConnect = heard.length;
    ws.send(JSON.stringify({ type: "sync" }));
    await until("sync", () => heard.length > onConnect);
    await send("POST", "/api/locks", { body: { id: "temp", lock: { profile: "halo" } } });
    await until("the new lock", (m) => m["type"] === "lock" && (m["lock"] as Json)["id"] === "temp");
    await send("DELETE", "/api/locks/temp");
    await until("removed", (m) => m["type"] === "removed" && m["id"] === "temp");
    ws.send("hello?");
    await until("error", (m) => m["type"] === "error");
    for (const m of heard)
      expect(mismatches({ $ref: "#/components/schemas/LiveServerMessage" }, m), String(m["type"])).toEqual(
        [],
      );
    expect(heard.find((m) => m["type"] === "error")).toMatchObject({ error: { code: "request.invalid" } });
    ws.terminate();
  });
});
