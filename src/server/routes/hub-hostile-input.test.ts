/**
 * Hostile text at the hub's API over real HTTP, on SQLite and (with DATABASE_URL) PostgreSQL:
 * a NUL character (U+0000) anywhere in a body, query or path is a 400 `request.invalid` that
 * stores nothing — PostgreSQL cannot hold it and answered 500 before, SQLite stored it.
 */
import { describe, expect, it } from "vitest";
import { Hub } from "../../hub/index.ts";
import { backends } from "../../hub/storage/test-backends.test-fake.ts";
import { FakeLockSource } from "../../hub/fake-lock-source.test-fake.ts";
import { createServer } from "../create-server.ts";
import { HUB_API_PREFIX } from "./hub-api.ts";

const TOKEN = "hostile-input-token-0123456789";

type Backend = ReturnType<typeof backends>[number];

/** A hub with one site and one lock, served over real HTTP: its API's base address. */
async function hubServer(backend: Backend) {
  const { repo, cleanup } = await backend.open();
  const source = new FakeLockSource(() => Date.now());
  source.add("front");
  const hub = new Hub({ repo, source });
  await hub.watch();
  const owner = await hub.ensureAdminToken(TOKEN);
  await hub.createSite(owner, { id: "home", name: "Home", timeZone: "Europe/Berlin" });
  await hub.addLock(owner, { lockId: "front", siteId: "home" });
  const server = await createServer({ hub, pacing: false, webDist: null, initialLocks: [] });
  const base = `${await server.listen(0, "127.0.0.1")}${HUB_API_PREFIX}`;
  const close = async () => {
    await server.close();
    await hub.close();
    await cleanup();
  };
  return { repo, base, close };
}

describe.each(backends("hub-hostile-input"))("hub API on $name", (backend) => {
  it("text holding U+0000 is refused with request.invalid on every database and changes nothing", async () => {
    const { repo, base, close } = await hubServer(backend);
    try {
      const call = async (method: string, path: string, body?: unknown) => {
        const r = await fetch(`${base}${path}`, {
          method,
          headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return { status: r.status, json: (await r.json()) as { error?: { code: string; message: string } } };
      };
      const counts = async () => ({
        codes: (await repo.listAccessCodes({})).length,
        sites: (await repo.listSites()).length,
        people: (await repo.listPeople()).length,
        events: (await repo.listEvents({ limit: 1000 })).length,
      });
      const before = await counts();
      for (const [method, path, body] of [
        ["POST", "/access_codes", { lock_ids: ["front"], name: "a\u0000b", code: "583920" }],
        [
          "POST",
          "/access_codes",
          { lock_ids: ["front"], name: "ok", code: "583920", common_code_key: "k\u0000" },
        ],
        ["POST", "/access_codes", { lock_ids: ["fr\u0000ont"], name: "ok", code: "583920" }],
        ["POST", "/sites", { name: "S\u0000", time_zone: "UTC" }],
        ["POST", "/people", { name: "P\u0000", role: "guest" }],
        ["GET", "/access_codes?lock_id=fr%00ont", undefined],
        ["GET", "/events?kind=a%00b", undefined],
        ["GET", "/access_codes/ab%00cd", undefined],
      ] as const) {
        const r = await call(method, path, body);
        expect(r.status, `${method} ${path}`).toBe(400);
        expect(r.json.error?.code).toBe("request.invalid");
        expect(r.json.error?.message).toContain("U+0000");
      }
      expect(await counts()).toEqual(before);
      // A name is one line of text: control characters (a newline, ESC, DEL) and lone
      // surrogates are refused too, wherever a name is given.
      for (const [path, body] of [
        ["/access_codes", { lock_ids: ["front"], name: "Gus\nGwen", code: "583920" }],
        ["/access_codes", { lock_ids: ["front"], name: "x\u001b[2J", code: "583920" }],
        ["/sites", { name: "Cabin\u007f", time_zone: "UTC" }],
        ["/people", { name: "a\ud800", role: "guest" }],
      ] as const) {
        const r = await call("POST", path, body);
        expect(r.status, `${path} ${JSON.stringify(body)}`).toBe(400);
        expect(r.json.error?.code).toBe("request.invalid");
        expect(r.json.error?.message).toContain("one line");
      }
      expect(await counts()).toEqual(before);
      // Other unusual text is stored and read back as sent.
      const odd = await call("POST", "/access_codes", {
        lock_ids: ["front"],
        name: "'; DROP TABLE access_codes;-- ‮ 👀",
        code: "583920",
      });
      expect(odd.status).toBe(201);
      const listed = (await (
        await fetch(`${base}/access_codes`, { headers: { authorization: `Bearer ${TOKEN}` } })
      ).json()) as { access_codes: { name: string }[] };
      expect(listed.access_codes.map((c) => c.name)).toEqual(["'; DROP TABLE access_codes;-- ‮ 👀"]);
    } finally {
      await close();
    }
  });

  it("a number in a query or path is decimal digits only: ?limit=1e3 (read as 1,000 before), 0x10, +5, 10.0, ' 5' are request.invalid on every list and change nothing", async () => {
    const { repo, base, close } = await hubServer(backend);
    try {
      const call = async (method: string, path: string) => {
        const r = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${TOKEN}` } });
        return { status: r.status, json: (await r.json()) as { error?: { code: string; message: string } } };
      };
      const lists = [
        "/access_codes",
        "/people",
        "/sites",
        "/locks",
        "/events",
        "/alerts",
        "/invites",
        "/host_locks",
      ];
      for (const list of lists) {
        // A plain decimal integer in range is taken, leading zeros too.
        expect((await call("GET", `${list}?limit=007`)).status, list).toBe(200);
        for (const bad of [
          "1e3",
          "1E1",
          "0x10",
          "0b1",
          "+5",
          "-5",
          "10.0",
          "%205",
          "5%20",
          "",
          "1_000",
          "Infinity",
        ]) {
          const r = await call("GET", `${list}?limit=${bad}`);
          expect(r.status, `${list}?limit=${bad}`).toBe(400);
          expect(r.json.error?.code).toBe("request.invalid");
          expect(r.json.error?.message).toMatch(/query\.limit/);
        }
      }
      for (const path of ["/events?before_id=1e1", "/alerts?before_id=0x1"]) {
        const r = await call("GET", path);
        expect(r.status, path).toBe(400);
        expect(r.json.error?.message).toMatch(/decimal digits/);
      }
      // Paths too: an alert's id and a keypad slot.
      expect((await call("POST", "/alerts/1e0/acknowledge")).json.error?.code).toBe("request.invalid");
      expect((await call("POST", "/locks/front/unmanaged_codes/0x7/adopt")).json.error?.code).toBe(
        "request.invalid",
      );
      expect(await repo.listEvents({ limit: 10 })).toEqual([]);
    } finally {
      await close();
    }
  });
});
