/**
 * The hub's API as a client written from Seam's public documentation drives it: over real HTTP
 * on loopback, through the server's edge, with the hub on a SQLite file. Such a client sends
 * `Content-Type: application/json` on every request (an empty DELETE too), writes times the
 * way Seam answers them (microseconds, `Z`), and must get a clear 4xx that changes nothing for
 * what is wrong — not a date quietly moved to another day.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Hub } from "../../hub/index.ts";
import { backends } from "../../hub/storage/test-backends.test-fake.ts";
import { FakeLockSource } from "../../hub/fake-lock-source.test-fake.ts";
import { createServer } from "../create-server.ts";
import type { LockServer } from "../create-server.ts";
import { HUB_API_PREFIX } from "./hub-api.ts";

const TOKEN = "seam-minded-client-token-0123456789";
let cleanup: () => Promise<void> = async () => {};
let hub: Hub;
let source: FakeLockSource;
let server: LockServer;
let base = "";

describe.each(backends("hub-seam-client"))("a client written from Seam's documentation, $name", (backend) => {
  beforeEach(async () => {
    const opened = await backend.open();
    cleanup = opened.cleanup;
    const repo = opened.repo;
    source = new FakeLockSource(() => Date.now());
    source.add("front");
    source.add("back");
    source.add("wide", { maxLength: 10 });
    source.add("cabin-door");
    source.add("six", { minLength: 6, maxLength: 8 });
    hub = new Hub({ repo, source });
    await hub.watch();
    const owner = await hub.ensureAdminToken(TOKEN);
    await hub.createSite(owner, { id: "home", name: "Home", timeZone: "Europe/Berlin" });
    await hub.addLock(owner, { lockId: "front", siteId: "home" });
    await hub.addLock(owner, { lockId: "back", siteId: "home" });
    await hub.addLock(owner, { lockId: "wide", siteId: "home" });
    await hub.createSite(owner, { id: "cabin", name: "Cabin", timeZone: "America/Denver" });
    await hub.addLock(owner, { lockId: "cabin-door", siteId: "cabin" });
    await hub.addLock(owner, { lockId: "six", siteId: "cabin" });
    server = await createServer({ hub, pacing: false, webDist: null, initialLocks: [] });
    base = `${await server.listen(0, "127.0.0.1")}${HUB_API_PREFIX}`;
  });

  afterEach(async () => {
    await server.close();
    await hub.close();
    await cleanup();
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON answer, read as a client would
  type Json = any;

  /** Like an SDK: JSON content type and the bearer token on every request, body or not. */
  async function seam(method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await r.text();
    return { status: r.status, json: text ? JSON.parse(text) : null };
  }

  const codeCount = async (): Promise<number> =>
    (await seam("GET", "/access_codes")).json.access_codes.length as number;

  {
    it("B-CODE-8: delete and retry with Content-Type: application/json and no body work; offline the lock stays `removing` until it confirms", async () => {
      const made = await seam("POST", "/access_codes", {
        lock_ids: ["back"],
        name: "Cleaner",
        code: "583920",
      });
      expect(made.status).toBe(201);
      const id = made.json.access_code.id as string;
      await hub.settle();
      expect((await seam("GET", `/access_codes/${id}`)).json.access_code.status).toBe("set");

      source.setOnline("back", false);
      const del = await seam("DELETE", `/access_codes/${id}`);
      expect(del.status).toBe(200);
      expect(del.json.access_code.locks[0].status).toBe("removing");
      await hub.settle(5);
      expect((await seam("GET", `/access_codes/${id}`)).json.access_code.status).toBe("removing");
      source.setOnline("back", true);
      await hub.settle();
      expect((await seam("GET", `/access_codes/${id}`)).json.access_code.status).toBe("removed");
      expect(source.get("back").codes()).toEqual([]);

      // The same empty body elsewhere: a retry of a deleted code is refused for what it is.
      const retry = await seam("POST", `/access_codes/${id}/retry`);
      expect(retry.json.error?.code).not.toBe("request.invalid");
      // A body that is there and broken is still refused as before, and makes nothing.
      const before = await codeCount();
      const broken = await fetch(`${base}/access_codes`, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
        body: "{not json",
      });
      expect(broken.status).toBe(400);
      expect(((await broken.json()) as { error: { code: string } }).error.code).toBe("request.invalid");
      const poisoned = await fetch(`${base}/access_codes`, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
        body: '{"__proto__":{"x":1},"lock_ids":["front"],"name":"P","code":"583921"}',
      });
      expect(poisoned.status).toBe(400);
      expect(((await poisoned.json()) as { error: { message: string } }).error.message).toContain(
        "__proto__",
      );
      expect(await codeCount()).toBe(before);
    });

    it("B-CODE-8: starts_at/ends_at as Seam writes them (microseconds, Z or an offset) are the same instants", async () => {
      const start = new Date(Date.now() + 3 * 86_400_000);
      start.setUTCHours(14, 0, 0, 0);
      const day = start.toISOString().slice(0, 10);
      const r = await seam("POST", "/access_codes", {
        lock_ids: ["front"],
        name: "Stay",
        code: "583920",
        starts_at: `${day}T14:00:00.946242Z`,
        ends_at: `${day}T20:30:00.000000+02:00`,
      });
      expect(r.status).toBe(201);
      expect(r.json.access_code.starts_at).toBe(`${day}T14:00:00.946Z`);
      expect(r.json.access_code.ends_at).toBe(`${day}T18:30:00.000Z`);
    });

    it("B-CODE-8: a day that does not exist (30 February) or an impossible offset is refused with code.window and nothing is made", async () => {
      const year = new Date().getUTCFullYear() + 1;
      for (const [starts_at, ends_at] of [
        [`${year}-02-30T14:00:00Z`, `${year}-03-12T10:00:00Z`],
        [`${year}-02-10T14:00:00Z`, `${year}-04-31T10:00:00+01:00`],
        [`${year}-02-10T14:00:00+24:00`, `${year}-03-12T10:00:00Z`],
        [`${year}-02-10T25:00:00Z`, `${year}-03-12T10:00:00Z`],
      ]) {
        const r = await seam("POST", "/access_codes", {
          lock_ids: ["front"],
          name: "Bad day",
          code: "583920",
          starts_at,
          ends_at,
        });
        expect(r.status, `${starts_at} → ${ends_at}`).toBe(400);
        expect(r.json.error.code).toBe("code.window");
      }
      expect(await codeCount()).toBe(0);
      expect(source.get("front").codes()).toEqual([]);
    });

    it("history's since/until read times as codes do: an offset is honoured, none means UTC (not the server's zone), a day that does not exist is refused", async () => {
      await seam("POST", "/access_codes", { lock_ids: ["front"], name: "A", code: "583920" });
      const now = new Date();
      const hourAgoUtc = new Date(now.getTime() - 3_600_000).toISOString().slice(0, 16); // no zone
      const withZone = await seam("GET", `/events?since=${encodeURIComponent(`${hourAgoUtc}:00.000000Z`)}`);
      const noZone = await seam("GET", `/events?since=${encodeURIComponent(hourAgoUtc)}`);
      expect(withZone.status).toBe(200);
      expect(noZone.json.events).toEqual(withZone.json.events);
      expect(withZone.json.events.length).toBeGreaterThan(0);
      const bad = await seam("GET", `/events?since=${now.getUTCFullYear()}-02-30T00:00:00Z`);
      expect(bad.status).toBe(400);
      expect(bad.json.error.code).toBe("request.invalid");
    });

    it("B-CODE-2: a length a target lock is known not to take is refused with code.length before anything is made", async () => {
      const nine = "918273645";
      const refused = await seam("POST", "/access_codes", {
        lock_ids: ["wide", "front"],
        name: "Long",
        code: nine,
      });
      expect(refused.status).toBe(400);
      expect(refused.json.error.code).toBe("code.length");
      expect(refused.json.error.message).toContain("front takes codes of 4 to 8 digits");
      expect(await codeCount()).toBe(0);
      const short = await seam("POST", "/access_codes", { lock_ids: ["front"], name: "Short", code: "123" });
      expect(short.status).toBe(400);
      expect(await codeCount()).toBe(0);
      // The lock that takes ten digits takes nine.
      const ok = await seam("POST", "/access_codes", { lock_ids: ["wide"], name: "Long", code: nine });
      expect(ok.status).toBe(201);
      await hub.settle();
      expect((await seam("GET", `/access_codes/${ok.json.access_code.id}`)).json.access_code.status).toBe(
        "set",
      );
      expect(source.get("front").codes()).toEqual([]);
    });

    it("B-CODE-8: Seam's names on an access code: access_code_id, is_managed, is_one_time_use, is_scheduled_on_device (true only once every lock holds the window)", async () => {
      const starts = new Date(Date.now() + 3_600_000).toISOString();
      const ends = new Date(Date.now() + 5 * 3_600_000).toISOString();
      const timed = await seam("POST", "/access_codes", {
        lock_ids: ["front", "back"],
        name: "Stay",
        code: "583920",
        starts_at: starts,
        ends_at: ends,
        max_uses: 1,
      });
      expect(timed.json.access_code).toMatchObject({
        access_code_id: timed.json.access_code.id,
        is_managed: true,
        is_one_time_use: true,
        is_scheduled_on_device: false,
        status: "setting",
      });
      source.setOnline("back", false);
      await hub.settle(5);
      const half = (await seam("GET", `/access_codes/${timed.json.access_code.id}`)).json.access_code;
      expect(half.locks.map((l: { status: string }) => l.status)).toEqual(["setting", "set"]);
      expect(half.is_scheduled_on_device).toBe(false);
      source.setOnline("back", true);
      await hub.settle();
      const set = (await seam("GET", `/access_codes/${timed.json.access_code.id}`)).json.access_code;
      expect(set.status).toBe("set");
      expect(set.is_scheduled_on_device).toBe(true);
      const ongoing = await seam("POST", "/access_codes", {
        lock_ids: ["front"],
        name: "Family",
        code: "740163",
      });
      await hub.settle();
      const o = (await seam("GET", `/access_codes/${ongoing.json.access_code.id}`)).json.access_code;
      expect(o).toMatchObject({
        type: "ongoing",
        status: "set",
        is_scheduled_on_device: false,
        is_one_time_use: false,
      });
    });

    it("B-CODE-4: a duplicate chosen code is made and the lock's refusal shows on that lock as failed with code.conflict, and in the code's errors; the first code stays set", async () => {
      const first = await seam("POST", "/access_codes", { lock_ids: ["front"], name: "A", code: "583920" });
      await hub.settle();
      const dup = await seam("POST", "/access_codes", {
        lock_ids: ["front", "back"],
        name: "B",
        code: "583920",
      });
      expect(dup.status).toBe(201);
      await hub.settle();
      const b = (await seam("GET", `/access_codes/${dup.json.access_code.id}`)).json.access_code;
      expect(b.status).toBe("failed");
      const byLock = Object.fromEntries(
        b.locks.map((l: { lock_id: string; status: string; errors: { code: string }[] }) => [
          l.lock_id,
          [l.status, l.errors.map((e) => e.code)],
        ]),
      );
      expect(byLock).toEqual({ back: ["set", []], front: ["failed", ["code.conflict"]] });
      // Seam reads a failure on the code itself: the lock's error, naming the lock.
      expect(b.errors).toMatchObject([{ code: "code.conflict", lock_id: "front" }]);
      expect(
        (await seam("GET", `/access_codes/${first.json.access_code.id}`)).json.access_code.errors,
      ).toEqual([]);
      expect((await seam("GET", `/access_codes/${first.json.access_code.id}`)).json.access_code.status).toBe(
        "set",
      );
    });

    it("B-CODE-2: common_code_key shares digits across sites; a lock that cannot take them refuses the create (code.length), as Seam's default behavior_when_code_cannot_be_shared throws", async () => {
      const first = await seam("POST", "/access_codes", {
        lock_ids: ["front"],
        name: "Stay",
        common_code_key: "stay-7",
      });
      expect(first.status).toBe(201);
      const digits = first.json.access_code.code as string;
      expect(digits).toHaveLength(4);
      const same = await seam("POST", "/access_codes", {
        lock_ids: ["cabin-door"],
        name: "Stay",
        common_code_key: "stay-7",
      });
      expect(same.status).toBe(201);
      expect(same.json.access_code.code).toBe(digits);
      const before = await codeCount();
      const cannot = await seam("POST", "/access_codes", {
        lock_ids: ["six"],
        name: "Stay",
        common_code_key: "stay-7",
      });
      expect(cannot.status).toBe(400);
      expect(cannot.json.error.code).toBe("code.length");
      expect(cannot.json.error.message).toContain("six takes codes of 6 to 8 digits");
      const other = await seam("POST", "/access_codes", {
        lock_ids: ["cabin-door"],
        name: "Other",
        common_code_key: "stay-7",
        code: "740163",
      });
      expect(other.status).toBe(400);
      expect(other.json.error.code).toBe("code.common-key");
      expect(await codeCount()).toBe(before);
      await hub.settle();
      for (const c of [first, same])
        expect((await seam("GET", `/access_codes/${c.json.access_code.id}`)).json.access_code.status).toBe(
          "set",
        );
      expect(source.get("six").codes()).toEqual([]);
    });
  }
});
