/**
 * The hub's HTTP API in-process (Fastify inject) over a SQLite hub and stand-in locks: the
 * named shapes outside checks rely on, refusals with stable codes that change nothing, CSV
 * export, and the authorization matrix: every route with no credentials and with each role.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import Fastify from "fastify";
import { request } from "node:http";
import type { FastifyInstance } from "fastify";
import { Hub, HubRepository } from "../../hub/index.ts";
import { openSqliteDb } from "../../hub/storage/sqlite-db.ts";
import { FakeLockSource } from "../../hub/fake-lock-source.test-fake.ts";
import { HUB_API_PREFIX, eventsCsv, hubApi } from "./hub-api.ts";
import { createServer } from "../create-server.ts";
import { accessCodeJsonSchema } from "./hub-responses.ts";

let app: FastifyInstance;
let hub: Hub;
let source: FakeLockSource;
const tokens: Record<"owner" | "manager" | "guest" | "outsider", string> = {
  owner: "",
  manager: "",
  guest: "",
  outsider: "",
};
let guestId = "";

beforeEach(async () => {
  const repo = await HubRepository.open(openSqliteDb(":memory:"));
  source = new FakeLockSource(() => Date.now());
  source.add("front");
  source.add("back");
  source.add("cabin-door");
  hub = new Hub({ repo, source });
  await hub.watch();
  const admin = await hub.ensureAdminToken("test-admin-token-0123456789");
  tokens.owner = "test-admin-token-0123456789";
  await hub.createSite(admin, { id: "home", name: "Home", timeZone: "Europe/Berlin" });
  await hub.createSite(admin, { id: "cabin", name: "Cabin", timeZone: "America/Denver" });
  await hub.addLock(admin, { lockId: "front", siteId: "home" });
  await hub.addLock(admin, { lockId: "back", siteId: "home" });
  await hub.addLock(admin, { lockId: "cabin-door", siteId: "cabin" });
  const m = await hub.addPerson(admin, { id: "max", name: "Max", role: "manager", siteIds: ["home"] });
  const o = await hub.addPerson(admin, { id: "oscar", name: "Oscar", role: "manager", siteIds: ["cabin"] });
  const g = await hub.addPerson(admin, { id: "gus", name: "Gus", role: "guest" });
  if (!m.ok || !g.ok || !o.ok) throw new Error("people");
  guestId = g.value.id;
  for (const [role, id] of [
    ["manager", "max"],
    ["guest", "gus"],
    ["outsider", "oscar"],
  ] as const) {
    const t = await hub.createApiToken(admin, id);
    if (!t.ok) throw new Error(t.reason);
    tokens[role] = t.value;
  }
  app = Fastify();
  await app.register(hubApi, { hub });
});

afterEach(async () => {
  await app.close();
  await hub.close();
  await hub.repo.close();
});

const call = (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, token?: string, body?: unknown) =>
  app.inject({
    method,
    url: `${HUB_API_PREFIX}${url}`,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(body === undefined ? {} : { payload: body as object }),
  });

describe("hub API", () => {
  it("POST /access_codes answers { access_code: { id, code, locks: [{ lock_id, status, errors, warnings }] } } and GET shows it set once the lock said ok", async () => {
    const r = await call("POST", "/access_codes", tokens.owner, {
      lock_ids: ["front", "back"],
      name: "Family",
      code: "583920",
    });
    expect(r.statusCode).toBe(201);
    const { access_code } = r.json();
    expect(access_code).toMatchObject({
      code: "583920",
      locks: [
        { lock_id: "back", status: "setting", errors: [], warnings: [] },
        { lock_id: "front", status: "setting" },
      ],
    });
    await hub.settle();
    const g = await call("GET", `/access_codes/${access_code.id}`, tokens.owner);
    expect(g.json().access_code.locks.map((l: { status: string }) => l.status)).toEqual(["set", "set"]);
    expect(g.json().access_code.status).toBe("set");
    const d = await call("DELETE", `/access_codes/${access_code.id}`, tokens.owner);
    expect(d.statusCode).toBe(200);
    expect(d.json().access_code.locks[0].status).toBe("removing");
    await hub.settle();
    expect(
      (await call("GET", `/access_codes/${access_code.id}`, tokens.owner)).json().access_code.locks[0].status,
    ).toBe("removed");
    expect(source.get("front").codes()).toEqual([]);
  });

  it("B-CODE-9: a weak code comes back with warnings, and a generated code without asking for one", async () => {
    const weak = await call("POST", "/access_codes", tokens.owner, {
      lock_ids: ["front"],
      name: "Weak",
      code: "1234",
    });
    expect(weak.json().access_code.warnings.map((w: { code: string }) => w.code)).toContain(
      "code.weak-sequence",
    );
    const gen = await call("POST", "/access_codes", tokens.owner, {
      lock_ids: ["front"],
      name: "Gen",
      starts_at: "2026-12-24T15:00",
      ends_at: "2030-12-27T11:00",
      weekly: { days: ["sat", "sun"], start_time: "08:00", end_time: "20:00" },
      max_uses: 5,
    });
    expect(gen.statusCode).toBe(201);
    expect(gen.json().access_code).toMatchObject({
      is_generated: true,
      type: "time_bound",
      max_uses: 5,
      weekly: { days: ["sat", "sun"] },
      starts_at: "2026-12-24T14:00:00.000Z",
    });
    expect(gen.json().access_code.code).toMatch(/^\d{4}$/);
  });

  it("PATCH /locks/{id} renames a lock (null gives back the host's name); bad names and other sites' locks are refused and change nothing", async () => {
    const renamed = await call("PATCH", "/locks/front", tokens.manager, { name: "  Front door " });
    expect([renamed.statusCode, renamed.json().lock.name]).toEqual([200, "Front door"]);
    for (const [token, body, status, code] of [
      [tokens.owner, { name: "" }, 400, "request.invalid"],
      [tokens.owner, { name: "   " }, 400, "request.invalid"],
      [tokens.owner, { name: "x".repeat(101) }, 400, "request.invalid"],
      [tokens.owner, { name: "Back", site_id: "cabin" }, 400, "request.invalid"],
      [tokens.owner, {}, 400, "request.invalid"],
      [tokens.outsider, { name: "Mine now" }, 403, "auth.forbidden"],
      [tokens.guest, { name: "Mine now" }, 403, "auth.forbidden"],
    ] as const) {
      const r = await call("PATCH", "/locks/front", token, body);
      expect([r.statusCode, r.json().error.code]).toEqual([status, code]);
    }
    expect((await call("PATCH", "/locks/nowhere", tokens.owner, { name: "X" })).statusCode).toBe(404);
    expect((await call("GET", "/locks/front", tokens.owner)).json().lock.name).toBe("Front door");
    const back = await call("PATCH", "/locks/front", tokens.owner, { name: null });
    expect(back.json().lock.name).toBe(source.view("front")?.name);
  });

  it("refuses bad input with a stable code and changes nothing", async () => {
    const bad: [unknown, string][] = [
      [{ lock_ids: ["front"] }, "request.invalid"],
      [{ lock_ids: ["front"], name: "x", code: "12ab" }, "code.digits"],
      [{ lock_ids: ["front"], name: "x", extra: 1 }, "request.invalid"],
      [{ lock_ids: Array.from({ length: 10_001 }, (_, i) => `l${i}`), name: "x" }, "request.invalid"],
      [{ lock_ids: ["nope"], name: "x" }, "lock.not-found"],
      [{ lock_ids: ["front", "cabin-door"], name: "x" }, "code.sites"],
      [{ lock_ids: ["front"], name: "x", ends_at: "2001-01-01T00:00Z" }, "code.window"],
      [
        { lock_ids: ["front"], name: "x", weekly: { days: ["mon"], start_time: "18:00", end_time: "09:00" } },
        "code.schedule",
      ],
      ["not json at all", "request.invalid"],
    ];
    for (const [body, code] of bad) {
      const r = await call("POST", "/access_codes", tokens.owner, body);
      expect(r.statusCode, JSON.stringify(body).slice(0, 80)).toBeGreaterThanOrEqual(400);
      expect(r.json().error.code).toBe(code);
    }
    expect((await call("GET", "/access_codes", tokens.owner)).json().access_codes).toEqual([]);
    const big = await call("POST", "/access_codes", tokens.owner, {
      lock_ids: ["front"],
      name: "x".repeat(1_100_000),
    });
    expect(big.statusCode, big.body.slice(0, 200)).toBe(413);
    // The edge's and Seam's code, with the limit said (was request.invalid, "Request body is too large").
    expect(big.json().error).toEqual({
      code: "request.too-large",
      message: "the body is larger than this path takes (1048576 bytes)",
    });
    expect((await call("GET", "/nothing-here", tokens.owner)).json().error.code).toBe("route.unknown");
  });

  it("exports history as CSV that a spreadsheet cannot run", async () => {
    await call("POST", "/access_codes", tokens.owner, {
      lock_ids: ["front"],
      name: "=HYPERLINK(1)",
      code: "583920",
    });
    await hub.settle();
    const r = await call("GET", "/events?format=csv&lock_id=front", tokens.owner);
    expect(r.headers["content-type"]).toContain("text/csv");
    const lines = r.body.trim().split("\r\n");
    expect(lines[0]).toBe("id,at,site_id,lock_id,person_id,access_code_id,kind,source,slot,detail");
    expect(lines.some((l) => l.includes("code.set"))).toBe(true);
    expect(
      eventsCsv([
        {
          id: 1,
          atMs: 0,
          siteId: null,
          lockId: null,
          personId: null,
          accessCodeId: null,
          kind: "k",
          source: "s",
          slot: null,
          detail: '=cmd,"x"',
        },
      ]),
    ).toContain(`"'=cmd,""x"""`);
  });

  it("authorization matrix: every route without credentials is 401; each role gets what its role allows", async () => {
    const made = await call("POST", "/access_codes", tokens.owner, {
      lock_ids: ["front"],
      name: "For Gus",
      code: "583920",
      person_id: "gus",
    });
    const codeId = made.json().access_code.id as string;
    source.get("front").keypadAdd(9, "864213");
    await hub.settle();
    await hub.idle();
    // What a guest lists is only their own; a manager of another site sees none of home's codes.
    const guestList = (await call("GET", "/access_codes", tokens.guest)).json().access_codes;
    expect(guestList.map((c: { name: string }) => c.name)).toEqual(["For Gus"]);
    expect((await call("GET", "/access_codes", tokens.outsider)).json().access_codes).toEqual([]);
    expect(
      (await call("GET", "/locks", tokens.outsider)).json().locks.map((l: { lock_id: string }) => l.lock_id),
    ).toEqual(["cabin-door"]);
    type Role = "owner" | "manager" | "guest" | "outsider";
    // [method, url, body, roles allowed]
    const routes: ["GET" | "POST" | "PATCH" | "DELETE", string, unknown, Role[]][] = [
      ["GET", "/locks", undefined, ["owner", "manager", "outsider"]],
      ["POST", "/locks", { lock_id: "front", site_id: "home" }, ["owner", "manager"]], // 409 for those allowed (exists)
      ["GET", "/locks/front", undefined, ["owner", "manager"]],
      ["PATCH", "/locks/front", { name: "Front door" }, ["owner", "manager"]],
      [
        "POST",
        "/locks/front/unmanaged_codes/9/adopt",
        { name: "Nanny", code: "864213" },
        ["owner", "manager"],
      ],
      ["GET", "/sites", undefined, ["owner", "manager", "guest", "outsider"]],
      ["POST", "/sites", { name: "Flat", time_zone: "UTC" }, ["owner"]],
      ["GET", "/people", undefined, ["owner", "manager", "outsider"]],
      ["POST", "/people", { name: "Eve", role: "guest" }, ["owner"]],
      ["POST", `/people/${guestId}/api_tokens`, {}, ["owner"]],
      ["GET", `/people/${guestId}/api_tokens`, undefined, ["owner", "guest"]], // a person sees their own
      [
        "DELETE",
        `/people/${guestId}/api_tokens/00000000-0000-0000-0000-000000000000`,
        undefined,
        ["owner", "guest"],
      ], // 404 for those allowed
      ["POST", `/people/${guestId}/password`, { password: "a long enough pass" }, ["owner", "guest"]], // a guest sets their own
      ["POST", "/access_codes", { lock_ids: ["back"], name: "New", code: "619274" }, ["owner", "manager"]],
      ["GET", "/access_codes", undefined, ["owner", "manager", "guest", "outsider"]],
      ["GET", `/access_codes/${codeId}`, undefined, ["owner", "manager", "guest"]],
      ["POST", `/access_codes/${codeId}/retry`, {}, ["owner", "manager"]],
      ["GET", "/events", undefined, ["owner", "manager", "outsider"]],
      ["GET", "/alerts", undefined, ["owner", "manager", "outsider"]],
      ["POST", "/webhooks", { url: "http://127.0.0.1:9/hook" }, ["owner"]],
      ["GET", "/webhooks", undefined, ["owner"]],
      ["GET", "/webhooks/00000000-0000-0000-0000-000000000000/deliveries", undefined, ["owner"]], // 404 for the owner
      ["DELETE", "/webhooks/00000000-0000-0000-0000-000000000000", undefined, ["owner"]],
      // Firmware (issue 14): reading releases and one lock's update as locks are; builds and rollouts the owner's.
      // This hub has no signing key, so those allowed hear firmware.no-key (409), not 403.
      ["GET", "/firmware/releases", undefined, ["owner", "manager", "outsider"]],
      ["POST", "/firmware/releases", { profile: "halo", version: "9.0.0", changes: ["x"] }, ["owner"]],
      ["POST", "/locks/front/firmware_update", {}, ["owner", "manager"]],
      ["GET", "/locks/front/firmware_update", undefined, ["owner", "manager"]], // 404 for those allowed: none yet
      ["POST", "/firmware_rollouts", { profile: "halo", version: "1.1.0" }, ["owner"]],
      ["GET", "/firmware_rollouts", undefined, ["owner"]],
      ["GET", "/firmware_rollouts/00000000-0000-0000-0000-000000000000", undefined, ["owner"]], // 404 for the owner
      ["POST", "/firmware_rollouts/00000000-0000-0000-0000-000000000000/cancel", {}, ["owner"]], // 404 for the owner; 403 for a manager or guest
      ["DELETE", `/access_codes/${codeId}`, undefined, ["owner", "manager"]], // last: the manager deletes it, the owner then hears it is already deleted
    ];
    for (const [method, url, body, allowed] of routes) {
      const none = await call(method, url, undefined, body);
      expect(none.statusCode, `${method} ${url} without a token`).toBe(401);
      expect(none.json().error.code).toBe("auth.required");
      const wrong = await call(method, url, "lk_not-a-real-token", body);
      expect(wrong.statusCode).toBe(401);
      for (const role of ["guest", "outsider", "manager", "owner"] as Role[]) {
        const r = await call(method, url, tokens[role], body);
        const denied =
          r.statusCode === 403 || (r.statusCode === 404 && r.json().error.code === "access_code.not-found");
        expect(denied, `${role} ${method} ${url} → ${r.statusCode} ${r.body.slice(0, 120)}`).toBe(
          !allowed.includes(role),
        );
      }
    }
  });
});

describe("a guest's own code (B-SEC-4)", () => {
  it("B-SEC-4: a guest reads their own code's schedule and status but never its digits; those who manage the site see them", async () => {
    const made = await call("POST", "/access_codes", tokens.owner, {
      lock_ids: ["front"],
      name: "Gus's stay",
      code: "123456",
      person_id: "gus",
    });
    expect(made.statusCode).toBe(201);
    const id = made.json().access_code.id as string;
    // The owner (and the site's manager) manage codes: the digits, and the warning that quotes them.
    for (const role of ["owner", "manager"] as const) {
      const seen = (await call("GET", `/access_codes/${id}`, tokens[role])).json().access_code;
      expect(seen.code, role).toBe("123456");
    }
    const own = await call("GET", `/access_codes/${id}`, tokens.guest);
    expect(own.statusCode).toBe(200);
    const code = own.json().access_code;
    expect(code.code).toBe("••••••");
    expect(code.locks.map((l: { lock_id: string; status: string }) => l.lock_id)).toEqual(["front"]);
    expect(code.warnings.map((w: { code: string }) => w.code)).toContain("code.weak-common");
    // Not in the code, not in a warning, not in a lock's row: nowhere in what the guest receives.
    expect(own.body).not.toContain("123456");
    const listed = await call("GET", "/access_codes", tokens.guest);
    expect(listed.body).not.toContain("123456");
    expect(listed.json().access_codes.find((c: { id: string }) => c.id === id).code).toBe("••••••");
    // The site's zone comes with the code: a guest lists no site, yet reads their times in it
    // (the companion app showed a guest their stay in their own browser's zone).
    expect(code.site_time_zone).toBe("Europe/Berlin");
    expect((await call("GET", "/sites", tokens.guest)).json().sites).toEqual([]);
  });
});

describe("a guest's own code names its doors", () => {
  it("B-NET-2: each lock of a code carries its name (lock_name) beside lock_id, for a guest who cannot list locks too; a rename shows at once", async () => {
    expect((await call("PATCH", "/locks/front", tokens.owner, { name: "Front door" })).statusCode).toBe(200);
    expect((await call("PATCH", "/locks/back", tokens.owner, { name: "Garden gate" })).statusCode).toBe(200);
    const made = await call("POST", "/access_codes", tokens.owner, {
      lock_ids: ["front", "back"],
      name: "Gus's stay",
      code: "583920",
      person_id: "gus",
    });
    expect(made.statusCode).toBe(201);
    const id = made.json().access_code.id as string;
    const names = (code: { locks: { lock_id: string; lock_name: string | null }[] }) =>
      code.locks.map((l) => `${l.lock_id}=${l.lock_name}`).sort();
    expect(names(made.json().access_code)).toEqual(["back=Garden gate", "front=Front door"]);
    expect((await call("GET", "/locks", tokens.guest)).statusCode).toBe(403);
    const own = (await call("GET", `/access_codes/${id}`, tokens.guest)).json().access_code;
    expect(names(own)).toEqual(["back=Garden gate", "front=Front door"]);
    expect(accessCodeJsonSchema.parse(own).locks).toHaveLength(2);
    await call("PATCH", "/locks/back", tokens.owner, { name: "Back door" });
    const listed = (await call("GET", "/access_codes", tokens.guest)).json().access_codes as {
      id: string;
      locks: { lock_id: string; lock_name: string | null }[];
    }[];
    expect(names(listed.find((c) => c.id === id)!)).toEqual(["back=Back door", "front=Front door"]);
  });
});

describe("hub API behind the server's edge", () => {
  it("B-SEC-4: a manager learns no digits of a site they do not manage: not through common_code_key, not from the reuse warning", async () => {
    // A manager of home took the cabin's door code by naming its common_code_key (the digits
    // came back in the answer), and `code.reused-across-sites` on /access_codes/check told
    // them, one try at a time and without any limit, which digits the cabin's codes use.
    const cabin = await call("POST", "/access_codes", tokens.owner, {
      lock_ids: ["cabin-door"],
      name: "Cleaner",
      code: "559031",
      common_code_key: "cleaner",
    });
    expect(cabin.statusCode).toBe(201);
    const codesBefore = (await call("GET", "/access_codes", tokens.owner)).json().access_codes.length;
    const taken = await call("POST", "/access_codes", tokens.manager, {
      lock_ids: ["front"],
      name: "Cleaner",
      common_code_key: "cleaner",
    });
    expect(taken.statusCode).toBe(403);
    expect(taken.json().error.code).toBe("auth.forbidden");
    expect(JSON.stringify(taken.json())).not.toContain("559031");
    const guessed = await call("POST", "/access_codes", tokens.manager, {
      lock_ids: ["front"],
      name: "Guess",
      code: "111999",
      common_code_key: "cleaner",
    });
    expect(guessed.statusCode).toBe(403);
    expect((await call("GET", "/access_codes", tokens.owner)).json().access_codes).toHaveLength(codesBefore);

    const check = await call("POST", "/access_codes/check", tokens.manager, {
      code: "559031",
      site_id: "home",
    });
    expect(check.statusCode).toBe(200);
    expect(check.json().warnings).toEqual([]);
    const made = await call("POST", "/access_codes", tokens.manager, {
      lock_ids: ["front"],
      name: "Same digits",
      code: "559031",
    });
    expect(made.statusCode).toBe(201);
    expect(made.json().access_code.warnings).toEqual([]);
    // The owner sees every site, so the warning is theirs.
    const ownerCheck = await call("POST", "/access_codes/check", tokens.owner, {
      code: "559031",
      site_id: "home",
    });
    expect(ownerCheck.json().warnings.map((w: { code: string }) => w.code)).toEqual([
      "code.reused-across-sites",
    ]);
  });

  it("a manager revokes only a guest of their own sites: not one with no code yet, nor one between stays elsewhere", async () => {
    // "A guest whose codes are all on sites they manage" held for a guest with no live code,
    // so the cabin's manager could revoke any guest between two stays at home — who could
    // then be given no code again (409 person.revoked).
    const fresh = await call("POST", "/people/gus/revoke", tokens.outsider);
    expect(fresh.statusCode).toBe(403);
    const stay = await call("POST", "/access_codes", tokens.owner, {
      lock_ids: ["front"],
      name: "Gus's stay",
      code: "583920",
      person_id: "gus",
    });
    expect(
      (await call("DELETE", `/access_codes/${stay.json().access_code.id}`, tokens.owner)).statusCode,
    ).toBe(200);
    const between = await call("POST", "/people/gus/revoke", tokens.outsider);
    expect(between.statusCode).toBe(403);
    expect(between.json().error.code).toBe("auth.forbidden");
    expect(
      (await call("GET", "/people", tokens.owner)).json().people.find((p: { id: string }) => p.id === "gus"),
    ).toMatchObject({ revoked_at: null });
    expect((await call("POST", "/people/gus/revoke", tokens.manager)).statusCode).toBe(200);
  });

  it("revoking a person deletes every live code of theirs, past the 10,000 one list holds", async () => {
    // A manager about to be let go could make themselves 10,001 codes: revoking deleted the
    // oldest 10,000 and the newest stayed live, waiting for a free slot on the lock.
    const now = Date.now();
    for (let i = 0; i <= 10_000; i++)
      await hub.repo.createAccessCode(
        {
          id: `max-${String(i).padStart(5, "0")}`,
          name: "spare",
          code: String(300_000 + i),
          generated: false,
          personId: "max",
          commonCodeKey: null,
          siteId: "home",
          lockIds: ["front"],
          startsAtMs: null,
          endsAtMs: null,
          weekly: null,
          maxUses: null,
          usesCount: 0,
          leadTimeMs: 0,
          createdAtMs: now + i,
          deletedAtMs: null,
          warnings: [],
        },
        now,
      );
    const r = await call("POST", "/people/max/revoke", tokens.owner);
    expect(r.statusCode).toBe(200);
    expect(await hub.repo.listAccessCodes({ personId: "max", limit: 10 })).toEqual([]);
  }, 60_000);

  it("over real HTTP on loopback: the edge's Host check first, then the hub's own bearer tokens", async () => {
    const server = await createServer({ hub, pacing: false, webDist: null, initialLocks: [] });
    try {
      const base = await server.listen(0, "127.0.0.1");
      const ok = await fetch(`${base}${HUB_API_PREFIX}/locks`, {
        headers: { authorization: `Bearer ${tokens.owner}` },
      });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { locks: { lock_id: string }[] }).locks.map((l) => l.lock_id)).toEqual([
        "back",
        "cabin-door",
        "front",
      ]);
      const none = await fetch(`${base}${HUB_API_PREFIX}/locks`);
      expect(none.status).toBe(401);
      expect(((await none.json()) as { error: { code: string } }).error.code).toBe("auth.required");
      // fetch cannot set Host; a raw request can, as a rebinding page's would arrive.
      const rebound = await new Promise<{ status: number }>((resolve, reject) => {
        const u = new URL(`${base}${HUB_API_PREFIX}/locks`);
        const req = request(
          {
            host: u.hostname,
            port: u.port,
            path: u.pathname,
            headers: { authorization: `Bearer ${tokens.owner}`, host: "evil.example" },
          },
          (res) => {
            res.resume();
            resolve({ status: res.statusCode ?? 0 });
          },
        );
        req.on("error", reject);
        req.end();
      });
      expect(rebound.status).toBe(403); // DNS rebinding: refused by the edge before the hub
    } finally {
      await server.close();
    }
  });
});
