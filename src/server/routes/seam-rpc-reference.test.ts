/**
 * Seam's RPC paths (/api/seam/v1) as a client written from Seam's public API reference meets
 * them: over real HTTP on loopback, through the server's edge. Where the earlier suites
 * (seam-rpc.test.ts, test/hub/seam-sdk*.test.ts) drive the flows, this one holds the answers to
 * what the reference says a device, an access code and an event must carry, and to the request
 * forms it documents (docs/hub.md, "Seam's RPC paths").
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Hub } from "../../hub/index.ts";
import { backends } from "../../hub/storage/test-backends.test-fake.ts";
import { FakeLockSource } from "../../hub/fake-lock-source.test-fake.ts";
import { createServer } from "../create-server.ts";
import type { LockServer } from "../create-server.ts";
import { SEAM_RPC_PREFIX } from "./seam-rpc.ts";
import { seamAnswers } from "./seam-rpc-schemas.ts";

const TOKEN = "seam-reference-client-key-0123456789";
let cleanup: () => Promise<void> = async () => {};
let hub: Hub;
let source: FakeLockSource;
let server: LockServer;
let origin = "";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON answer, read as a client would
type Json = any;

/** As the reference's cURL examples send a call: POST, a JSON body, `Authorization: Bearer`. */
async function seam(
  path: string,
  body: unknown = {},
  init: { method?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; json: Json }> {
  const r = await fetch(`${origin}${SEAM_RPC_PREFIX}${path}`, {
    method: init.method ?? "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", ...init.headers },
    body: JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : null };
}

/** The answer parses with the schema the OpenAPI document shows for it. */
function documented(
  schema: { safeParse: (v: unknown) => { error?: { issues: unknown[] } } },
  json: unknown,
): void {
  expect(schema.safeParse(json).error?.issues ?? []).toEqual([]);
}

/** Every field of `required` is present (null counts: the reference allows it where it says nullable). */
function carries(object: Json, required: readonly string[]): void {
  expect(required.filter((k) => !(k in object))).toEqual([]);
}

describe.each(backends("seam-rpc-reference"))("Seam's API reference against the hub, $name", (backend) => {
  beforeEach(async () => {
    const opened = await backend.open();
    cleanup = opened.cleanup;
    source = new FakeLockSource(() => Date.now());
    source.add("front");
    source.add("back");
    hub = new Hub({ repo: opened.repo, source });
    await hub.watch();
    const owner = await hub.ensureAdminToken(TOKEN);
    await hub.createSite(owner, { id: "home", name: "Home", timeZone: "Europe/Berlin" });
    for (const lockId of ["front", "back"]) await hub.addLock(owner, { lockId, siteId: "home" });
    server = await createServer({ hub, pacing: false, webDist: null, initialLocks: [] });
    origin = await server.listen(0, "127.0.0.1");
  });

  afterEach(async () => {
    await server.close();
    await hub.close();
    await cleanup();
  });

  it("B-CODE-4: a device carries every field the reference requires of one, and names the lock's first-four-digits rule as Seam's unique_first_four_digits constraint", async () => {
    const got = await seam("/devices/get", { device_id: "front" });
    expect(got.status).toBe(200);
    documented(seamAnswers.device, got.json);
    const d = got.json.device;
    // The device object's required fields, bar connected_account_id (the hub has no provider accounts).
    carries(d, [
      "device_id",
      "device_type",
      "space_ids",
      "display_name",
      "capabilities_supported",
      "properties",
      "workspace_id",
      "errors",
      "warnings",
      "created_at",
      "is_managed",
      "custom_metadata",
    ]);
    carries(d.properties, ["online", "name", "appearance", "model"]);
    carries(d.properties.model, ["display_name", "manufacturer_display_name"]);
    expect(d).toMatchObject({
      workspace_id: "latchkey_hub",
      space_ids: [],
      custom_metadata: {},
      can_unlock_with_code: true,
      device_manufacturer: { manufacturer: "latchkey", display_name: "Latchkey" },
      location: { location_name: "Home", time_zone: "Europe/Berlin", timezone: "Europe/Berlin" },
    });
    expect(d.properties).toMatchObject({
      appearance: { name: d.properties.name },
      online_access_codes_enabled: true,
      offline_access_codes_enabled: false,
      supports_offline_access_codes: false,
      supports_backup_access_code_pool: false,
      model: { has_built_in_keypad: true, online_access_codes_supported: true },
    });
    expect(d.properties.code_constraints).toContainEqual({ constraint_type: "unique_first_four_digits" });

    // The constraint is the lock's: a second code with the same first four digits is refused on it.
    await seam("/access_codes/create", { device_id: "front", name: "A", code: "583920" });
    const twin = await seam("/access_codes/create", { device_id: "front", name: "B", code: "58397" });
    await hub.settle();
    const b = await seam("/access_codes/get", { access_code_id: twin.json.access_code.access_code_id });
    expect(b.json.access_code.errors.map((e: Json) => e.error_code)).toEqual(["duplicate_code_on_device"]);
    expect(source.get("front").codes()).toEqual(["583920"]);

    const listed = await seam("/locks/list");
    documented(seamAnswers.locks, listed.json);
    for (const l of listed.json.locks) expect(l.workspace_id).toBe("latchkey_hub");
  });

  it("B-CODE-8: an access code carries the reference's required fields, and pending_mutations say what the hub is still pushing — creating, deferring_creation until its lead time, deleting — and nothing once the lock confirms", async () => {
    const required = [
      "workspace_id",
      "common_code_key",
      "type",
      "access_code_id",
      "device_id",
      "name",
      "code",
      "created_at",
      "errors",
      "warnings",
      "is_managed",
      "status",
      "is_backup_access_code_available",
      "is_external_modification_allowed",
      "is_one_time_use",
      "is_offline_access_code",
      "pending_mutations",
    ];
    const made = await seam("/access_codes/create", { device_id: "front", name: "Cleaner", code: "583920" });
    documented(seamAnswers.accessCode, made.json);
    const c = made.json.access_code;
    carries(c, required);
    expect(c).toMatchObject({
      workspace_id: "latchkey_hub",
      status: "setting",
      is_backup: false,
      pulled_backup_access_code_id: null,
    });
    expect(c.pending_mutations).toEqual([
      { mutation_code: "creating", message: expect.any(String), created_at: c.created_at },
    ]);
    await hub.settle();
    const set = (await seam("/access_codes/get", { access_code_id: c.access_code_id })).json.access_code;
    expect(set.status).toBe("set");
    expect(set.pending_mutations).toEqual([]);

    // Waiting for its lead time (Seam's `unset`): sent at starts_at less the lead time.
    const startsAt = new Date(Date.now() + 3 * 86_400_000);
    startsAt.setUTCMilliseconds(0);
    const later = await seam("/access_codes/create", {
      device_id: "back",
      name: "Guest",
      starts_at: startsAt.toISOString(),
      ends_at: new Date(startsAt.getTime() + 86_400_000).toISOString(),
    });
    await hub.settle();
    const waiting = (
      await seam("/access_codes/get", { access_code_id: later.json.access_code.access_code_id })
    ).json.access_code;
    expect(waiting.status).toBe("unset");
    const stored = (await hub.repo.getAccessCode(waiting.access_code_id))!;
    expect(waiting.pending_mutations).toEqual([
      {
        mutation_code: "deferring_creation",
        message: expect.any(String),
        created_at: waiting.created_at,
        scheduled_at: new Date(startsAt.getTime() - stored.leadTimeMs).toISOString(),
      },
    ]);

    // Deleted while the lock is offline: `removing`, deleting until the lock confirms.
    source.setOnline("front", false);
    expect((await seam("/access_codes/delete", { access_code_id: c.access_code_id })).status).toBe(200);
    await hub.settle(3);
    const leaving = (await seam("/access_codes/get", { access_code_id: c.access_code_id })).json.access_code;
    expect(leaving.status).toBe("removing");
    expect(leaving.pending_mutations).toMatchObject([{ mutation_code: "deleting" }]);
    documented(seamAnswers.accessCode, { access_code: leaving, ok: true });
  });

  it("B-CODE-8: the reference's other request forms — access_codes/update by PUT (and is_managed: true), access_codes/get by device_id and code, devices/get and locks/get by name — answer as their usual forms do", async () => {
    const made = await seam("/access_codes/create", { device_id: "front", name: "Cleaner", code: "583920" });
    const id = made.json.access_code.access_code_id as string;
    await hub.settle();

    // By digits on a lock: the same code as by its id; other digits or another lock, none.
    const byCode = await seam("/access_codes/get", { device_id: "front", code: "583920" });
    expect(byCode.status).toBe(200);
    expect(byCode.json.access_code.access_code_id).toBe(id);
    const byQuery = await fetch(`${origin}${SEAM_RPC_PREFIX}/access_codes/get?device_id=front&code=583920`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(((await byQuery.json()) as Json).access_code.access_code_id).toBe(id);
    for (const body of [
      { device_id: "front", code: "583921" },
      { device_id: "back", code: "583920" },
    ]) {
      const none = await seam("/access_codes/get", body);
      expect(none.status).toBe(404);
      expect(none.json.error.type).toBe("access_code_not_found");
    }
    for (const body of [{ code: "583920" }, { device_id: "front" }, { access_code_id: id, code: "583920" }]) {
      const bad = await seam("/access_codes/get", body);
      expect(bad.status).toBe(400);
      expect(bad.json.error.type).toBe("invalid_input");
    }

    // PUT as PATCH: a replacement; is_managed true is taken, false refused saying why.
    const put = await seam(
      "/access_codes/update",
      { access_code_id: id, name: "Cleaner (Tue)", is_managed: true },
      { method: "PUT" },
    );
    expect(put.status).toBe(200);
    documented(seamAnswers.accessCodeUpdated, put.json);
    expect(put.json.access_code).toMatchObject({ name: "Cleaner (Tue)", code: "583920" });
    expect(put.json.replaced_access_code_id).toBe(id);
    const unmanage = await seam("/access_codes/update", {
      access_code_id: put.json.access_code.access_code_id,
      is_managed: false,
    });
    expect(unmanage.status).toBe(400);
    expect(unmanage.json.error.message).toContain("stays managed");
    await hub.settle();
    expect(source.get("front").codes()).toEqual(["583920"]);
    expect(
      (await seam("/access_codes/get", { device_id: "front", code: "583920" })).json.access_code.name,
    ).toBe("Cleaner (Tue)");

    // A device by its name, on both paths; a name two locks share is refused, naming the way out.
    const front = (await seam("/devices/get", { device_id: "front" })).json.device;
    const byName = await seam("/devices/get", { name: front.display_name });
    expect(byName.json.device.device_id).toBe("front");
    expect((await seam("/locks/get", { name: front.display_name })).json.lock.device_id).toBe("front");
    expect((await seam("/devices/get", { name: "No such door" })).json.error.type).toBe("device_not_found");
    const bad = await seam("/devices/get", { device_id: "front", name: front.display_name });
    expect(bad.json.error.type).toBe("invalid_input");
    await seam("/devices/update", { device_id: "back", name: front.display_name });
    const twice = await seam("/devices/get", { name: front.display_name });
    expect(twice.status).toBe(400);
    expect(twice.json.error.message).toContain("give device_id");
  });

  it("B-NET-2: every answer carries Seam's seam-request-id header (a refusal's is its error.request_id); a personal access token (seam_at…) with seam-workspace latchkey_hub is the hub token, another workspace is refused; events/list takes event_ids", async () => {
    const ok = await fetch(`${origin}${SEAM_RPC_PREFIX}/devices/list`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("seam-request-id")).toMatch(/.+/);
    const refused = await fetch(`${origin}${SEAM_RPC_PREFIX}/devices/get`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ device_id: "nowhere" }),
    });
    expect(refused.status).toBe(404);
    const body = (await refused.json()) as Json;
    expect(refused.headers.get("seam-request-id")).toBe(body.error.request_id);
    expect(refused.headers.get("seam-request-id")).not.toBe(ok.headers.get("seam-request-id"));
    // The edge's own refusals on these paths too (a foreign Origin).
    const foreign = await fetch(`${origin}${SEAM_RPC_PREFIX}/devices/list`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${TOKEN}`,
        "content-type": "application/json",
        origin: "http://evil.example",
      },
      body: "{}",
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get("seam-request-id")).toBe(((await foreign.json()) as Json).error.request_id);

    // As Seam's SDK sends a personal access token: `seam_at…` and the workspace it means.
    const pat = { authorization: `Bearer seam_at${TOKEN}` };
    const mine = await seam("/devices/list", {}, { headers: { ...pat, "seam-workspace": "latchkey_hub" } });
    expect(mine.status).toBe(200);
    expect(mine.json.devices).toHaveLength(2);
    expect((await seam("/devices/list", {}, { headers: pat })).status).toBe(200);
    const other = await seam("/devices/list", {}, { headers: { ...pat, "seam-workspace": "ws_elsewhere" } });
    expect(other.status).toBe(403);
    expect(other.json.error).toMatchObject({ type: "forbidden", latchkey_code: "auth.forbidden" });
    expect(other.json.error.message).toContain("latchkey_hub");
    // The key is checked first: a wrong one is 401 whatever the workspace.
    const wrong = await seam(
      "/devices/list",
      {},
      { headers: { authorization: "Bearer seam_atnot-a-token", "seam-workspace": "ws_elsewhere" } },
    );
    expect(wrong.status).toBe(401);

    // event_ids narrows events/list to those events.
    const since = new Date(Date.now() - 60_000).toISOString();
    await seam("/access_codes/create", { device_id: "front", name: "Cleaner", code: "583920" });
    await seam("/access_codes/create", { device_id: "back", name: "Guest", code: "740163" });
    await hub.settle();
    const all = (await seam("/events/list", { since })).json.events as Json[];
    expect(all.length).toBeGreaterThanOrEqual(4);
    const picked = [all[0].event_id, all[2].event_id];
    const some = await seam("/events/list", { since, event_ids: picked });
    expect(some.status).toBe(200);
    documented(seamAnswers.events, some.json);
    expect(some.json.events.map((e: Json) => e.event_id).sort()).toEqual([...picked].sort());
    expect((await seam("/events/list", { since, event_ids: ["nope"] })).json.error.type).toBe(
      "invalid_input",
    );
  });

  it("B-NET-1: lists take Seam's documented limits (access_codes/list's default is 55,000: answered a page of at most 1,000 with has_next_page, not refused) and search (devices by id, name or site; codes by name, code or id)", async () => {
    await seam("/access_codes/create", { device_id: "front", name: "Cleaner", code: "583920" });
    await seam("/access_codes/create", { device_id: "front", name: "Guest Anna", code: "740163" });
    await seam("/access_codes/create", { device_id: "back", name: "Guest Ben", code: "261847" });

    const big = await seam("/access_codes/list", { device_id: "front", limit: 55_000 });
    expect(big.status).toBe(200);
    documented(seamAnswers.accessCodes, big.json);
    expect(big.json.access_codes).toHaveLength(2);
    expect(big.json.pagination.has_next_page).toBe(false);
    const viaGet = await fetch(`${origin}${SEAM_RPC_PREFIX}/devices/list?limit=500`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(((await viaGet.json()) as Json).devices).toHaveLength(2);
    expect((await seam("/access_codes/unmanaged/list", { device_id: "front", limit: 300_000 })).status).toBe(
      200,
    );
    expect((await seam("/action_attempts/list", { limit: 5000 })).status).toBe(200);
    const one = await seam("/devices/list", { limit: 1 });
    expect(one.json.devices).toHaveLength(1);
    expect(one.json.pagination.has_next_page).toBe(true);
    expect((await seam("/devices/list", { limit: 2_000_000 })).json.error.type).toBe("invalid_input");

    const names = (r: { json: Json }, key: string): string[] => r.json[key].map((x: Json) => x.name).sort();
    expect(
      (await seam("/devices/list", { search: "FRO" })).json.devices.map((d: Json) => d.device_id),
    ).toEqual(["front"]);
    expect((await seam("/devices/list", { search: "home" })).json.devices).toHaveLength(2);
    expect((await seam("/locks/list", { search: "nowhere" })).json.locks).toEqual([]);
    expect(names(await seam("/access_codes/list", { search: "guest" }), "access_codes")).toEqual([
      "Guest Anna",
      "Guest Ben",
    ]);
    expect(
      names(await seam("/access_codes/list", { device_id: "front", search: "7401" }), "access_codes"),
    ).toEqual(["Guest Anna"]);
    expect((await seam("/access_codes/list", { search: "" })).json.error.type).toBe("invalid_input");
  });

  it("B-NET-2: events carry the fields Seam's reference requires of their type — device.disconnected its error_code and error lists, access_code.failed_to_set_on_device the code's error without the alert's words", async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const now = Date.now();
    await hub.repo.raiseAlert({
      atMs: now,
      lockId: "back",
      siteId: "home",
      kind: "lock.offline",
      message: "offline",
    });
    await hub.repo.resolveAlerts("back", "lock.offline", now + 1000);
    await hub.repo.raiseAlert({
      atMs: now + 2000,
      lockId: "front",
      siteId: "home",
      kind: "code.sync-failed:c-1",
      message: "the lock refused 583920: slot 3 has the same first four digits",
    });
    const listed = await seam("/events/list", { since });
    documented(seamAnswers.events, listed.json);
    const byType = new Map(listed.json.events.map((e: Json) => [e.event_type, e]));
    expect(byType.get("device.disconnected")).toMatchObject({
      device_id: "back",
      error_code: "device_offline",
      device_errors: [{ error_code: "device_offline", message: expect.any(String) }],
      device_warnings: [],
      connected_account_errors: [],
      connected_account_warnings: [],
    });
    const failed = byType.get("access_code.failed_to_set_on_device") as Json;
    expect(failed).toMatchObject({
      device_id: "front",
      access_code_id: "c-1",
      access_code_errors: [{ error_code: "failed_to_set_on_device", message: expect.any(String) }],
      access_code_warnings: [],
      device_errors: [],
      device_warnings: [],
      connected_account_errors: [],
      connected_account_warnings: [],
    });
    expect(JSON.stringify(failed)).not.toContain("583920");
    // device.connected needs none of them.
    expect(byType.get("device.connected")).not.toHaveProperty("error_code");
    expect((await seam("/events/get", { event_id: failed.event_id })).json.event).toEqual(failed);
  });

  it("B-NET-1: access_code.created and access_code.deleted name the code's device, as Seam's reference requires, when the code is on one lock; a code on several (made through /api/hub/v1) keeps device_id null", async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const made = await seam("/access_codes/create", { device_id: "back", name: "Cleaner", code: "583920" });
    const id = made.json.access_code.access_code_id as string;
    await hub.settle();
    await seam("/access_codes/delete", { access_code_id: id });
    const both = await fetch(`${origin}/api/hub/v1/access_codes`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ lock_ids: ["front", "back"], name: "Family", code: "740163" }),
    });
    const bothId = ((await both.json()) as Json).access_code.id as string;
    await hub.settle();

    const listed = await seam("/events/list", {
      since,
      event_types: ["access_code.created", "access_code.deleted"],
    });
    documented(seamAnswers.events, listed.json);
    const seen = listed.json.events.map((e: Json) => `${e.event_type} ${e.access_code_id} ${e.device_id}`);
    expect(seen.sort()).toEqual(
      [
        `access_code.created ${id} back`,
        `access_code.deleted ${id} back`,
        `access_code.created ${bothId} null`,
      ].sort(),
    );
    const created = listed.json.events.find(
      (e: Json) => e.access_code_id === id && e.event_type === "access_code.created",
    );
    expect((await seam("/events/get", { event_id: created.event_id })).json.event).toEqual(created);
    // Asked by device, they come with the device their code is on; a code on several, with none.
    const onBack = await seam("/events/list", {
      since,
      device_id: "back",
      event_types: ["access_code.created", "access_code.deleted"],
    });
    expect(onBack.json.events.map((e: Json) => `${e.event_type} ${e.access_code_id}`).sort()).toEqual(
      [`access_code.created ${id}`, `access_code.deleted ${id}`].sort(),
    );
    expect(
      (await seam("/events/list", { since, device_id: "front", event_type: "access_code.created" })).json
        .events,
    ).toEqual([]);
    expect(
      (await seam("/events/list", { since, device_id: "back", event_type: "access_code.set_on_device" })).json
        .events,
    ).toHaveLength(2);
  });
});
