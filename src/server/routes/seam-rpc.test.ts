/**
 * Seam's RPC paths (/api/seam/v1, seam-rpc.ts) as a client written the way Seam's SDK sends
 * requests drives them: over real HTTP on loopback, through the server's edge, every request a
 * POST with a JSON body and `Authorization: Bearer <key>`. Answers are Seam's shapes with
 * `ok: true`; refusals are `{ error: { type, message }, ok: false }` with the REST API's
 * status, and change nothing.
 */
import { request } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import Fastify from "fastify";
import { Hub, HubRepository } from "../../hub/index.ts";
import { openSqliteDb } from "../../hub/storage/sqlite-db.ts";
import { backends } from "../../hub/storage/test-backends.test-fake.ts";
import { FakeLockSource } from "../../hub/fake-lock-source.test-fake.ts";
import { createServer } from "../create-server.ts";
import type { LockServer } from "../create-server.ts";
import {
  ACTION_ATTEMPT_TTL_MS,
  ActionAttempts,
  MAX_ACTION_ATTEMPTS,
  SEAM_RPC_PREFIX,
  seamRpc,
} from "./seam-rpc.ts";
import { SEAM_ROUTE_DOCS } from "./seam-rpc-docs.ts";
import { seamAnswers, seamErrorBody } from "./seam-rpc-schemas.ts";

/** The answer parses with the schema the OpenAPI document shows for it. */
function documented(
  schema: { safeParse: (v: unknown) => { error?: { issues: unknown[] } } },
  json: unknown,
): void {
  expect(schema.safeParse(json).error?.issues ?? []).toEqual([]);
}

const TOKEN = "seam-sdk-client-api-key-0123456789";
let cleanup: () => Promise<void> = async () => {};
let hub: Hub;
let source: FakeLockSource;
let server: LockServer;
let origin = "";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON answer, read as a client would
type Json = any;

/** As Seam's SDK sends every call: POST, a JSON body, the API key as a bearer token. */
async function seam(
  path: string,
  body: unknown = {},
  token = TOKEN,
): Promise<{ status: number; json: Json }> {
  const r = await fetch(`${origin}${SEAM_RPC_PREFIX}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : null };
}

/** A POST with headers fetch will not send (Host), answered status and JSON. */
function rawPost(
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; json: Json }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString("utf8")));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : null }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function seamGet(path: string, query: string): Promise<{ status: number; json: Json }> {
  const r = await fetch(`${origin}${SEAM_RPC_PREFIX}${path}?${query}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  return { status: r.status, json: await r.json() };
}

/** What the hub holds: every live code, through the REST API. */
async function restCodes(): Promise<Json[]> {
  const r = await fetch(`${origin}/api/hub/v1/access_codes`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  return ((await r.json()) as Json).access_codes;
}

async function untilSettled(id: string): Promise<Json> {
  for (let i = 0; i < 100; i++) {
    const r = await seam("/action_attempts/get", { action_attempt_id: id });
    if (r.json.action_attempt.status !== "pending") return r.json.action_attempt;
    await new Promise((done) => setTimeout(done, 10));
  }
  throw new Error("the action attempt stayed pending");
}

describe.each(backends("seam-rpc"))("Seam's RPC paths, $name", (backend) => {
  beforeEach(async () => {
    const opened = await backend.open();
    cleanup = opened.cleanup;
    source = new FakeLockSource(() => Date.now());
    source.add("front");
    source.add("back");
    source.add("wide", { maxLength: 10 });
    hub = new Hub({ repo: opened.repo, source });
    await hub.watch();
    const owner = await hub.ensureAdminToken(TOKEN);
    await hub.createSite(owner, { id: "home", name: "Home", timeZone: "Europe/Berlin" });
    for (const lockId of ["front", "back", "wide"]) await hub.addLock(owner, { lockId, siteId: "home" });
    server = await createServer({ hub, pacing: false, webDist: null, initialLocks: [] });
    origin = await server.listen(0, "127.0.0.1");
  });

  afterEach(async () => {
    await server.close();
    await hub.close();
    await cleanup();
  });

  it("devices/list, locks/list, devices/get and locks/get answer Seam's device with only what the hub knows", async () => {
    const list = await seam("/devices/list");
    expect(list.status).toBe(200);
    expect(list.json.ok).toBe(true);
    expect(list.json.devices.map((d: Json) => d.device_id)).toEqual(["back", "front", "wide"]);
    const got = await seam("/devices/get", { device_id: "wide" });
    expect(got.json.device).toMatchObject({
      device_id: "wide",
      device_type: "latchkey_lock",
      display_name: "Fake wide",
      capabilities_supported: ["access_code", "lock", "battery"],
      can_remotely_lock: true,
      can_remotely_unlock: true,
      can_program_online_access_codes: true,
      is_managed: true,
      location: { location_name: "Home", timezone: "Europe/Berlin" },
      errors: [],
      properties: {
        online: true,
        locked: true,
        battery_level: 0.9,
        battery: { level: 0.9, status: "good" },
        manufacturer: "latchkey",
        model: { display_name: "Fake lock" },
        supported_code_lengths: [4, 5, 6, 7, 8, 9, 10],
        max_active_codes_supported: 30,
      },
    });
    expect(got.json.device.properties).not.toHaveProperty("door_open");
    expect(Date.parse(got.json.device.created_at)).toBeGreaterThan(0);
    const lock = await seam("/locks/get", { device_id: "wide" });
    expect(lock.json.lock).toEqual(got.json.device);
    documented(seamAnswers.device, got.json);
    documented(seamAnswers.lock, lock.json);
    documented(seamAnswers.devices, list.json);
    expect(lock.json.device).toEqual(got.json.device);
    // Reads also as GET with query parameters.
    expect((await seamGet("/devices/get", "device_id=wide")).json.device).toEqual(got.json.device);
    // Paged with Seam's limit / page_cursor → pagination.
    const first = await seam("/locks/list", { limit: 2 });
    expect(first.json.locks.map((d: Json) => d.device_id)).toEqual(["back", "front"]);
    expect(first.json.pagination.has_next_page).toBe(true);
    const next = await seam("/locks/list", { limit: 2, page_cursor: first.json.pagination.next_page_cursor });
    expect(next.json.locks.map((d: Json) => d.device_id)).toEqual(["wide"]);
    expect(next.json.pagination).toEqual({
      has_next_page: false,
      next_page_cursor: null,
      next_page_url: null,
    });
    // next_page_url: the same list as a GET, the body's fields in the query.
    const url = first.json.pagination.next_page_url as string;
    expect(url.startsWith(`${SEAM_RPC_PREFIX}/locks/list?`)).toBe(true);
    const byUrl = await fetch(`${origin}${url}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(((await byUrl.json()) as Json).locks.map((d: Json) => d.device_id)).toEqual(["wide"]);
    source.setOnline("back", false);
    const offline = (await seam("/devices/get", { device_id: "back" })).json.device;
    expect(offline.properties.online).toBe(false);
    expect(offline.errors.map((e: Json) => e.error_code)).toEqual(["device_offline"]);
  });

  it("locks/unlock_door and lock_door answer a pending action attempt that action_attempts/get follows to success or error; history records each", async () => {
    const started = await seam("/locks/unlock_door", { device_id: "front" });
    expect(started.status).toBe(200);
    expect(started.json.action_attempt).toMatchObject({
      action_type: "UNLOCK_DOOR",
      status: "pending",
      result: null,
      error: null,
    });
    documented(seamAnswers.actionAttempt, started.json);
    const done = await untilSettled(started.json.action_attempt.action_attempt_id);
    expect(done).toMatchObject({ status: "success", result: {}, error: null });
    expect(source.get("front").received.map((c) => c.type)).toContain("unlock");

    // sync: true answers once the lock has answered.
    const synced = await seam("/locks/lock_door", { device_id: "front", sync: true });
    expect(synced.json.action_attempt).toMatchObject({ action_type: "LOCK_DOOR", status: "success" });

    // The lock refuses (its radio is down): the attempt ends in error, in Seam's words.
    source.setOnline("back", false);
    const refused = await seam("/locks/unlock_door", { device_id: "back" });
    const failed = await untilSettled(refused.json.action_attempt.action_attempt_id);
    expect(failed).toMatchObject({ status: "error", result: null, error: { type: "device_offline" } });

    const history = await fetch(`${origin}/api/hub/v1/events?kind=app.lock,app.unlock`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const details = ((await history.json()) as Json).events.map(
      (e: Json) => `${e.kind} ${e.lock_id} ${e.detail}`,
    );
    expect(details).toEqual([
      "app.unlock back refused: lock.offline",
      "app.lock front done",
      "app.unlock front done",
    ]);

    const unknown = await seam("/action_attempts/get", { action_attempt_id: "no-such-attempt" });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ ok: false, error: { type: "action_attempt_not_found" } });
    // Someone else's attempt is not theirs to read.
    const owner = (await hub.authenticate(TOKEN))!;
    const other = await hub.addPerson(owner, { name: "Mia", role: "manager", siteIds: ["home"] });
    const otherToken = (await hub.createApiToken(owner, other.ok ? other.value.id : "", "t")) as Json;
    const theirs = await seam(
      "/action_attempts/get",
      { action_attempt_id: started.json.action_attempt.action_attempt_id },
      otherToken.value,
    );
    expect(theirs.status).toBe(404);
  });

  it("B-CODE-8: access_codes create → get → list → update (a replacement: new id) → delete, on the lock as the hub's own routes do it", async () => {
    const made = await seam("/access_codes/create", { device_id: "front", name: "Cleaner", code: "583920" });
    expect(made.status).toBe(200);
    const id = made.json.access_code.access_code_id as string;
    expect(made.json.access_code).toMatchObject({
      device_id: "front",
      name: "Cleaner",
      code: "583920",
      type: "ongoing",
      status: "setting",
      is_managed: true,
      is_one_time_use: false,
      errors: [],
    });
    await hub.settle();
    expect((await seam("/access_codes/get", { access_code_id: id })).json.access_code.status).toBe("set");
    expect(source.get("front").codes()).toEqual(["583920"]);
    documented(seamAnswers.accessCode, made.json);
    const listed = await seam("/access_codes/list", { device_id: "front" });
    documented(seamAnswers.accessCodes, listed.json);
    expect(listed.json.access_codes.map((c: Json) => c.access_code_id)).toEqual([id]);
    expect(listed.json.pagination.has_next_page).toBe(false);
    expect((await seam("/access_codes/list", { device_id: "back" })).json.access_codes).toEqual([]);
    expect(
      (await seam("/access_codes/list", { access_code_ids: [id, "gone"] })).json.access_codes,
    ).toHaveLength(1);

    // A time-bound one-time code waiting for its lead time is Seam's `unset`.
    const start = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const end = new Date(Date.now() + 4 * 86_400_000).toISOString();
    const later = await seam("/access_codes/create", {
      device_id: "back",
      name: "Guest",
      starts_at: start,
      ends_at: end,
      is_one_time_use: true,
      preferred_code_length: 6,
      max_time_rounding: "1hour",
    });
    expect(later.status).toBe(200);
    await hub.settle();
    // access_code_ids with limit pages through the codes named, in their order.
    const laterId = later.json.access_code.access_code_id as string;
    const first = await seam("/access_codes/list", { access_code_ids: [laterId, "gone", id], limit: 1 });
    expect(first.json.access_codes.map((c: Json) => c.access_code_id)).toEqual([laterId]);
    expect(first.json.pagination.has_next_page).toBe(true);
    const rest = await seam("/access_codes/list", {
      access_code_ids: [laterId, "gone", id],
      limit: 1,
      page_cursor: first.json.pagination.next_page_cursor,
    });
    expect(rest.json.access_codes.map((c: Json) => c.access_code_id)).toEqual([id]);
    expect(rest.json.pagination.has_next_page).toBe(false);
    const l = (await seam("/access_codes/get", { access_code_id: later.json.access_code.access_code_id }))
      .json.access_code;
    expect(l).toMatchObject({
      type: "time_bound",
      status: "unset",
      is_one_time_use: true,
      starts_at: start,
      ends_at: end,
    });
    expect(l.code).toHaveLength(6);

    // Update: the hub replaces the code (a new id); the old one leaves the lock first.
    const updated = await seam("/access_codes/update", {
      access_code_id: id,
      name: "Cleaner (Tue)",
      code: "740163",
    });
    expect(updated.status).toBe(200);
    const newId = updated.json.access_code.access_code_id as string;
    expect(newId).not.toBe(id);
    expect(updated.json.replaced_access_code_id).toBe(id);
    documented(seamAnswers.accessCodeUpdated, updated.json);
    expect(updated.json.access_code).toMatchObject({
      name: "Cleaner (Tue)",
      code: "740163",
      device_id: "front",
    });
    await hub.settle();
    expect(source.get("front").codes()).toEqual(["740163"]);
    const old = await seam("/access_codes/get", { access_code_id: id });
    expect(old.status).toBe(404);
    expect(old.json.error.type).toBe("access_code_not_found");

    const deleted = await seam("/access_codes/delete", { access_code_id: newId });
    expect(deleted.json).toEqual({ ok: true });
    expect((await seam("/access_codes/get", { access_code_id: newId })).json.access_code.status).toBe(
      "removing",
    );
    await hub.settle();
    expect((await seam("/access_codes/get", { access_code_id: newId })).status).toBe(404);
    expect(source.get("front").codes()).toEqual([]);
  });

  it("B-CODE-2: bad input — missing device_id, unknown device, wrong types, unknown fields, what the hub cannot do, oversize, bad JSON, no key — is a Seam-shaped refusal that changes nothing", async () => {
    const cases: [string, unknown, number, string][] = [
      ["/access_codes/create", { name: "No device", code: "583920" }, 400, "invalid_input"],
      ["/access_codes/create", { device_id: "nowhere", code: "583920" }, 404, "device_not_found"],
      ["/access_codes/create", { device_id: 5, code: "583920" }, 400, "invalid_input"],
      ["/access_codes/create", { device_id: "front", code: 583920 }, 400, "invalid_input"],
      [
        "/access_codes/create",
        { device_id: "front", code: "583920", is_one_time_use: "yes" },
        400,
        "invalid_input",
      ],
      [
        "/access_codes/create",
        { device_id: "front", code: "583920", lock_ids: ["front"] },
        400,
        "invalid_input",
      ],
      [
        "/access_codes/create",
        { device_id: "front", code: "583920", use_offline_access_code: true },
        400,
        "invalid_input",
      ],
      [
        "/access_codes/create",
        { device_id: "front", code: "583920", allow_external_modification: true },
        400,
        "invalid_input",
      ],
      ["/access_codes/create", { device_id: "front", code: "918273645" }, 400, "code_length"],
      [
        "/access_codes/create",
        { device_id: "front", code: "583920", starts_at: "2027-02-30T10:00:00Z" },
        400,
        "code_window",
      ],
      ["/access_codes/create", { device_id: "front", code: "58\u00003920" }, 400, "invalid_input"],
      ["/locks/unlock_door", {}, 400, "invalid_input"],
      ["/locks/unlock_door", { device_id: "nowhere" }, 404, "device_not_found"],
      ["/locks/lock_door", { device_id: "front", code: "1234" }, 400, "invalid_input"],
      ["/devices/get", {}, 400, "invalid_input"],
      ["/devices/get", { device_id: "nowhere" }, 404, "device_not_found"],
      ["/access_codes/list", { device_id: "nowhere" }, 404, "device_not_found"],
      ["/access_codes/list", { limit: 0 }, 400, "invalid_input"],
      ["/access_codes/list", { page_cursor: "not-ours" }, 400, "invalid_input"],
      ["/access_codes/update", { access_code_id: "nowhere", name: "X" }, 404, "access_code_not_found"],
      ["/access_codes/delete", { access_code_id: "nowhere" }, 404, "access_code_not_found"],
      ["/events/list", {}, 400, "invalid_input"],
      ["/events/list", { since: "yesterday" }, 400, "invalid_input"],
      ["/no/such_path", {}, 404, "endpoint_not_found"],
    ];
    for (const [path, body, status, type] of cases) {
      const r = await seam(path, body);
      expect(`${path} ${JSON.stringify(body)} → ${r.status} ${r.json?.error?.type}`).toBe(
        `${path} ${JSON.stringify(body)} → ${status} ${type}`,
      );
      expect(r.json.ok).toBe(false);
      documented(seamErrorBody, r.json);
      expect(typeof r.json.error.message).toBe("string");
      expect(typeof r.json.error.request_id).toBe("string");
    }
    // Seam's validation_errors say which field.
    const missing = await seam("/access_codes/create", { code: "583920" });
    expect(missing.json.error.validation_errors.device_id._errors.length).toBeGreaterThan(0);
    const unknownField = await seam("/access_codes/create", { device_id: "front", lock_ids: ["front"] });
    expect(unknownField.json.error.message).toContain("lock_ids");
    const offline = await seam("/access_codes/create", { device_id: "front", use_offline_access_code: true });
    expect(offline.json.error.message).toContain("no offline");

    const big = await seam("/access_codes/create", { device_id: "front", name: "x".repeat(20_000) });
    expect(big.status).toBe(413);
    expect(big.json.error.type).toBe("payload_too_large");
    const broken = await seam("/access_codes/create", "{not json");
    expect(broken.status).toBe(400);
    expect(broken.json.error.type).toBe("invalid_input");
    const noKey = await seam("/devices/list", {}, "wrong-key-0123456789");
    expect(noKey.status).toBe(401);
    expect(noKey.json.error.type).toBe("unauthorized");
    const r = await fetch(`${origin}${SEAM_RPC_PREFIX}/locks/unlock_door?device_id=front`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(r.status).toBe(405);

    expect(await restCodes()).toEqual([]);
    for (const id of ["front", "back", "wide"]) {
      expect(source.get(id).codes()).toEqual([]);
      expect(source.get(id).received.filter((c) => c.type === "lock" || c.type === "unlock")).toEqual([]);
    }
  });

  it("B-SEC-4: a guest reads their own code with its digits hidden, and can neither make codes nor lock or unlock", async () => {
    const owner = (await hub.authenticate(TOKEN))!;
    const guest = await hub.addPerson(owner, { name: "Gus", role: "guest" });
    if (!guest.ok) throw new Error(guest.reason);
    const made = await hub.createAccessCode(owner, {
      lockIds: ["front"],
      name: "Gus",
      code: "583920",
      personId: guest.value.id,
    });
    if (!made.ok) throw new Error(made.reason);
    const token = await hub.createApiToken(owner, guest.value.id, "guest");
    if (!token.ok) throw new Error(token.reason);
    const own = await seam("/access_codes/get", { access_code_id: made.value.accessCode.id }, token.value);
    expect(own.status).toBe(200);
    expect(own.json.access_code.code).toBe("••••••");
    const create = await seam("/access_codes/create", { device_id: "front", code: "740163" }, token.value);
    expect([create.status, create.json.error.type]).toEqual([403, "forbidden"]);
    const unlock = await seam("/locks/unlock_door", { device_id: "front" }, token.value);
    expect(unlock.status).toBe(403);
    expect(source.get("front").received.filter((c) => c.type === "unlock")).toEqual([]);
    expect((await restCodes()).map((c) => c.name)).toEqual(["Gus"]);
  });

  it("the edge checks Host and Origin as on the hub's REST API; the server's own token is not asked for there (the hub's key is)", async () => {
    const url = `${origin}${SEAM_RPC_PREFIX}/access_codes/create`;
    const body = JSON.stringify({ device_id: "front", code: "583920" });
    const json = { "content-type": "application/json", authorization: `Bearer ${TOKEN}` };
    const host = new URL(origin).host;
    const rebound = await rawPost(url, { ...json, host: "evil.example" }, body);
    expect([rebound.status, rebound.json.ok, rebound.json.error.type]).toEqual([
      403,
      false,
      "request_host_forbidden",
    ]);
    const foreign = await rawPost(url, { ...json, host, origin: "http://evil.example" }, body);
    expect([foreign.status, foreign.json.error.type]).toEqual([403, "request_origin_forbidden"]);
    expect(await restCodes()).toEqual([]);

    const guarded = await createServer({
      hub,
      pacing: false,
      webDist: null,
      initialLocks: [],
      security: { requireToken: true, token: "the-servers-own-token-0123456789" },
    });
    try {
      const base = await guarded.listen(0, "127.0.0.1");
      const r = await fetch(`${base}${SEAM_RPC_PREFIX}/devices/get`, {
        method: "POST",
        headers: json,
        body: JSON.stringify({ device_id: "front" }),
      });
      expect(r.status).toBe(200);
      expect(((await r.json()) as Json).device.device_id).toBe("front");
      const locks = await fetch(`${base}/api/locks`, { headers: json });
      expect(locks.status).toBe(401);
    } finally {
      await guarded.close();
    }
  });

  it("B-SEC-5: events/list maps history and alerts to Seam's event types (lock.unlocked by keycode with its code, access_code.*, device.*), filtered by device, type and time", async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const made = await seam("/access_codes/create", { device_id: "front", name: "Cleaner", code: "583920" });
    const id = made.json.access_code.access_code_id as string;
    await hub.settle();
    expect(source.get("front").type("583920", Date.now())).toBe(true);
    source.get("back").battery = { percent: 12, level: "low" };
    source.setOnline("back", true);
    await hub.settle();
    await hub.idle();

    const all = await seam("/events/list", { since });
    expect(all.status).toBe(200);
    const types = all.json.events.map((e: Json) => `${e.event_type} ${e.device_id ?? "-"}`);
    expect(types).toEqual(
      expect.arrayContaining([
        "access_code.created front",
        "access_code.set_on_device front",
        "lock.unlocked front",
        "device.low_battery back",
      ]),
    );
    documented(seamAnswers.events, all.json);
    // Seam's event types require `workspace_id` on every event, and `battery_level` (0–1) on
    // device.low_battery: the level the hub read when it raised the alert.
    expect(all.json.events.every((e: Json) => e.workspace_id === "latchkey_hub")).toBe(true);
    const low = all.json.events.find((e: Json) => e.event_type === "device.low_battery");
    expect(low).toMatchObject({ device_id: "back", battery_level: 0.12, device_battery_level: 0.12 });
    const unlocked = all.json.events.find((e: Json) => e.event_type === "lock.unlocked");
    expect(unlocked).toMatchObject({ device_id: "front", method: "keycode", access_code_id: id });
    expect(
      all.json.events.every((e: Json) => typeof e.event_id === "string" && Date.parse(e.occurred_at) > 0),
    ).toBe(true);

    const front = await seam("/events/list", { since, device_id: "front", event_types: ["lock.unlocked"] });
    expect(front.json.events.map((e: Json) => e.event_type)).toEqual(["lock.unlocked"]);
    const byCode = await seam("/events/list", { since, access_code_id: id });
    expect(new Set(byCode.json.events.map((e: Json) => e.access_code_id))).toEqual(new Set([id]));
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await seam("/events/list", { since: future })).json.events).toEqual([]);
    const between = await seam("/events/list", {
      between: [since, future],
      event_type: "device.low_battery",
      limit: 1,
    });
    expect(between.json.events).toHaveLength(1);
    expect((await seam("/events/get", { event_id: low.event_id })).json.event).toEqual(low);

    // An offline alert is device.disconnected; its end device.connected — not a person's acknowledgement.
    const now = Date.now();
    await hub.repo.raiseAlert({
      atMs: now,
      lockId: "wide",
      siteId: "home",
      kind: "lock.offline",
      message: "offline",
    });
    await hub.repo.resolveAlerts("wide", "lock.offline", now + 1000);
    const wide = await seam("/events/list", { since, device_id: "wide" });
    expect(wide.json.events.map((e: Json) => e.event_type)).toEqual([
      "device.connected",
      "device.disconnected",
    ]);
    const raised = await hub.repo.raiseAlert({
      atMs: now + 2000,
      lockId: "back",
      siteId: "home",
      kind: "lock.offline",
      message: "offline",
    });
    const ack = await fetch(`${origin}/api/hub/v1/alerts/${raised!.id}/acknowledge`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(ack.status).toBe(200);
    const back = await seam("/events/list", {
      since,
      device_id: "back",
      event_types: ["device.connected", "device.disconnected"],
    });
    expect(back.json.events.map((e: Json) => e.event_type)).toEqual(["device.disconnected"]);

    // events/get reads each of them by the id events/list gave: an alert's raising (a<n>) and
    // end (a<n>r); an acknowledged alert has no end event, and an id of nothing is 404.
    for (const e of [...wide.json.events, ...back.json.events]) {
      const one = await seam("/events/get", { event_id: e.event_id });
      expect([one.status, one.json.event]).toEqual([200, e]);
      documented(seamAnswers.event, one.json);
    }
    const ended = await seam("/events/get", { event_id: `a${raised!.id}r` });
    expect([ended.status, ended.json.error.type]).toEqual([404, "event_not_found"]);
    const byGet = await seamGet(
      "/events/get",
      `event_id=${String(wide.json.events[0].event_id)}&_strict=true`,
    );
    expect(byGet.json.event).toEqual(wide.json.events[0]);
  });

  it("B-PWR-2, B-PWR-3: a low battery alert closed a few milliseconds before the critical one is raised (the lock's report and the hub's poll both saw the change) is one change of status — no battery_status_changed good between low and critical", async () => {
    const t = Date.now() - 30_000;
    const repo = hub.repo;
    await repo.addBatterySample("back", t, 30, 0);
    await repo.raiseAlert({ atMs: t, lockId: "back", siteId: null, kind: "battery.low", message: "low" });
    await repo.addBatterySample("back", t + 5_000, 16, 0);
    await repo.resolveAlerts("back", "battery.low", t + 5_000);
    await repo.raiseAlert({
      atMs: t + 5_004,
      lockId: "back",
      siteId: null,
      kind: "battery.critical",
      message: "critical",
    });
    const listed = await seam("/events/list", {
      since: new Date(t - 1_000).toISOString(),
      device_id: "back",
      event_types: ["device.low_battery", "device.battery_status_changed"],
    });
    expect(listed.status).toBe(200);
    const seen = listed.json.events.map((e: Json) =>
      e.event_type === "device.battery_status_changed" ? `status ${e.battery_status}` : e.event_type,
    );
    expect([...seen].sort()).toEqual(["device.low_battery", "status critical", "status low"]);
  });

  it("B-PWR-2, B-PWR-3: the hub raises the critical alert before it closes the low one — read while both are open and after, it is one change of status: one device.low_battery, low then critical, no good", async () => {
    const t = Date.now() - 20_000;
    const repo = hub.repo;
    const read = async () => {
      const listed = await seam("/events/list", {
        since: new Date(t - 1_000).toISOString(),
        device_id: "wide",
        event_types: ["device.low_battery", "device.battery_status_changed"],
      });
      expect(listed.status).toBe(200);
      return listed.json.events
        .map((e: Json) =>
          e.event_type === "device.battery_status_changed" ? `status ${e.battery_status}` : e.event_type,
        )
        .sort();
    };
    await repo.addBatterySample("wide", t, 30, 0);
    await repo.raiseAlert({ atMs: t, lockId: "wide", siteId: null, kind: "battery.low", message: "low" });
    await repo.addBatterySample("wide", t + 5_000, 16, 0);
    await repo.raiseAlert({
      atMs: t + 5_000,
      lockId: "wide",
      siteId: null,
      kind: "battery.critical",
      message: "critical",
    });
    const oneChange = ["device.low_battery", "status critical", "status low"];
    expect(await read()).toEqual(oneChange);
    // The lock's report closes the low alert a few milliseconds after the poll raised the critical.
    await repo.resolveAlerts("wide", "battery.low", t + 5_006);
    expect(await read()).toEqual(oneChange);
  });
});

describe("Seam's RPC paths in /api/openapi.json", () => {
  it("documents every path registered under /api/seam/v1 (and nothing else), with its body, query, answer and Seam-shaped refusals", async () => {
    const repo = await HubRepository.open(openSqliteDb(":memory:"));
    const hub = new Hub({ repo, source: new FakeLockSource(() => Date.now()) });
    const registered: string[] = [];
    const app = Fastify();
    app.addHook("onRoute", (r) => {
      if (!r.url.startsWith(SEAM_RPC_PREFIX) || r.url.endsWith("/*")) return;
      for (const m of [r.method].flat()) if (m !== "HEAD") registered.push(`${m} ${r.url}`);
    });
    await app.register(seamRpc, { hub });
    await app.ready();
    const server = await createServer({ hub, pacing: false });
    try {
      const doc = (await server.app.inject({ method: "GET", url: "/api/openapi.json" })).json() as Json;
      const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
        .filter(([p]) => p.startsWith(SEAM_RPC_PREFIX))
        .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
      expect(documented.sort()).toEqual([...new Set(registered)].sort());
      expect(SEAM_ROUTE_DOCS.length).toBe(documented.length);
      const create = doc.paths[`${SEAM_RPC_PREFIX}/access_codes/create`].post;
      expect(create.tags).toEqual(["seam"]);
      expect(create.requestBody.content["application/json"].schema.required).toEqual(["device_id"]);
      expect(create.requestBody.content["application/json"].schema.additionalProperties).toBe(false);
      expect(create.responses["404"].content["application/json"].schema.$ref).toBe(
        "#/components/schemas/SeamError",
      );
      const events = doc.paths[`${SEAM_RPC_PREFIX}/events/list`].get;
      expect(events.parameters.map((p: Json) => p.name)).toContain("event_types");
      expect(doc.components.schemas.SeamError).toBeDefined();
    } finally {
      await server.close();
      await app.close();
      await hub.close();
      await repo.close();
    }
  });
});

describe("action attempts' bound", () => {
  it(`keeps at most ${MAX_ACTION_ATTEMPTS} (the oldest go first), each for ${ACTION_ATTEMPT_TTL_MS / 60_000} minutes, each visible to its maker alone`, () => {
    let t = 1_000_000;
    const attempts = new ActionAttempts(() => t);
    const first = attempts.add("olivia", "front", "UNLOCK_DOOR");
    const second = attempts.add("olivia", "front", "LOCK_DOOR");
    expect(attempts.get("mia", first.action_attempt_id)).toBeUndefined();
    expect(attempts.list("mia", {})).toEqual([]);
    expect(attempts.list("olivia", { deviceId: "back" })).toEqual([]);
    expect(attempts.list("olivia", { ids: [second.action_attempt_id] }).map((a) => a.json)).toEqual([second]);
    attempts.settle(first.action_attempt_id, {
      ok: false,
      code: "lock.offline",
      reason: "the lock does not answer",
    });
    expect(attempts.get("olivia", first.action_attempt_id)).toMatchObject({
      status: "error",
      error: { type: "device_offline", message: "the lock does not answer" },
    });
    for (let i = 0; i < MAX_ACTION_ATTEMPTS - 1; i++) attempts.add("olivia", "front", "LOCK_DOOR");
    expect(attempts.get("olivia", first.action_attempt_id)).toBeUndefined();
    expect(attempts.get("olivia", second.action_attempt_id)).toMatchObject({ status: "pending" });
    t += ACTION_ATTEMPT_TTL_MS;
    expect(attempts.get("olivia", second.action_attempt_id)).toBeUndefined();
    // A late answer for a forgotten attempt changes nothing.
    attempts.settle(second.action_attempt_id, { ok: true });
    expect(attempts.get("olivia", second.action_attempt_id)).toBeUndefined();
  });
});
