/**
 * Cursor paging on the hub API's lists, on SQLite and (with DATABASE_URL) PostgreSQL: a
 * property manager's script walks `GET /access_codes` (and people, sites, locks, events,
 * alerts) page by page with `limit` and `pagination.next_page_cursor`, and gets every item
 * once, in the list's order, even when codes are deleted between pages; a bad limit or a
 * cursor the API never gave is a clear 400 that answers nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import Fastify from "fastify";
import type { FastifyInstance } from "fastify";
import { Hub } from "../../hub/index.ts";
import type { Actor } from "../../hub/index.ts";
import { backends } from "../../hub/storage/test-backends.test-fake.ts";
import { FakeLockSource } from "../../hub/fake-lock-source.test-fake.ts";
import { HUB_API_PREFIX, hubApi } from "./hub-api.ts";
import { BadCursor, decodeCursor, encodeCursor, nextPageUrl, pageOf } from "./hub-paging.ts";

const TOKEN = "paging-client-token-0123456789";

describe("hub-paging", () => {
  it("a cursor holds the last item's key and reads back only in the shape its list sorts by", () => {
    const c = encodeCursor([1765000000000, "a-code"]);
    expect(decodeCursor(c, ["n", "s"])).toEqual([1765000000000, "a-code"]);
    for (const bad of ["", "!!", "bm90IGpzb24", encodeCursor(["x"]), encodeCursor([1.5, "a"])])
      expect(() => decodeCursor(bad, ["n", "s"])).toThrow(BadCursor);
    expect(() => decodeCursor(encodeCursor([1, "a".repeat(65)]), ["n", "s"])).toThrow(BadCursor);
  });

  it("pageOf pages a whole list by its key: every item once, the last page says so", () => {
    const items = ["d", "a", "c", "b", "e"];
    const seen: string[] = [];
    let after: readonly (string | number)[] | undefined;
    for (;;) {
      const page = pageOf(items, (x) => [x], 2, after, "/things?limit=2");
      seen.push(...page.items);
      if (!page.pagination.has_next_page) {
        expect(page.pagination.next_page_cursor).toBeNull();
        expect(page.pagination.next_page_url).toBeNull();
        break;
      }
      expect(page.pagination.next_page_url).toBe(
        `/things?limit=2&page_cursor=${page.pagination.next_page_cursor as string}`,
      );
      after = decodeCursor(page.pagination.next_page_cursor as string, ["s"]);
    }
    expect(seen).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("next_page_url is the request's own path and query with page_cursor replaced, relative, before_id dropped", () => {
    const c = encodeCursor([7]);
    expect(nextPageUrl("/api/hub/v1/locks", c)).toBe(`/api/hub/v1/locks?page_cursor=${c}`);
    expect(nextPageUrl("/api/hub/v1/events?kind=a%2Cb&limit=2&page_cursor=old&x=", c)).toBe(
      `/api/hub/v1/events?kind=a%2Cb&limit=2&x=&page_cursor=${c}`,
    );
    // before_id and page_cursor may not go together: the next page goes by the cursor alone.
    expect(nextPageUrl("/api/hub/v1/alerts?before_id=9&limit=2&page%5Fcursor=old&&", c)).toBe(
      `/api/hub/v1/alerts?limit=2&page_cursor=${c}`,
    );
    // Never a protocol-relative URL that names another host.
    expect(nextPageUrl("//evil.example/api/hub/v1/locks?limit=1", c)).toBe(
      `/evil.example/api/hub/v1/locks?limit=1&page_cursor=${c}`,
    );
  });
});

describe.each(backends("hub-paging"))("paged lists over the hub API, $name", (backend) => {
  let cleanup: () => Promise<void> = async () => {};
  let hub: Hub;
  let app: FastifyInstance;
  let owner: Actor;
  let clock = Date.UTC(2026, 11, 7, 9);

  beforeEach(async () => {
    const opened = await backend.open();
    cleanup = opened.cleanup;
    const source = new FakeLockSource(() => clock);
    for (const id of ["front", "back", "garage"]) source.add(id);
    hub = new Hub({ repo: opened.repo, source, now: () => clock });
    await hub.watch();
    owner = await hub.ensureAdminToken(TOKEN);
    await hub.createSite(owner, { id: "home", name: "Home", timeZone: "Europe/Berlin" });
    for (const id of ["front", "back", "garage"]) await hub.addLock(owner, { lockId: id, siteId: "home" });
    app = Fastify();
    await app.register(hubApi, { hub });
  });

  afterEach(async () => {
    await app.close();
    await hub.close();
    await cleanup();
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON answer, read as a client would
  type Json = any;
  const get = async (url: string): Promise<{ status: number; json: Json }> => {
    const r = await app.inject({
      method: "GET",
      url: `${HUB_API_PREFIX}${url}`,
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    return { status: r.statusCode, json: r.json() };
  };

  /** Follows next_page_cursor to the end, as a Seam client's paging loop does. */
  const walk = async (path: string, field: string, limit: number, between?: () => Promise<void>) => {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const sep = path.includes("?") ? "&" : "?";
      const r = await get(
        `${path}${sep}limit=${limit}${cursor ? `&page_cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      expect(r.status).toBe(200);
      const items = r.json[field] as Json[];
      expect(items.length).toBeLessThanOrEqual(limit);
      ids.push(...items.map((x) => String(x.id ?? x.lock_id ?? x.person_id)));
      expect(r.json.pagination.has_next_page).toBe(r.json.pagination.next_page_cursor !== null);
      expect(r.json.pagination.next_page_url === null).toBe(r.json.pagination.next_page_cursor === null);
      cursor = r.json.pagination.next_page_cursor as string | null;
      pages++;
      if (cursor && between) await between();
    } while (cursor !== null && pages < 100);
    return { ids, pages };
  };

  /** Follows next_page_url as it is given (a relative URL on this server) to the end. */
  const walkUrls = async (first: string, field: string) => {
    const ids: string[] = [];
    let url: string | null = `${HUB_API_PREFIX}${first}`;
    for (let pages = 0; url !== null && pages < 100; pages++) {
      const r = await app.inject({ method: "GET", url, headers: { authorization: `Bearer ${TOKEN}` } });
      expect(r.statusCode, url).toBe(200);
      const json = r.json() as Json;
      ids.push(...(json[field] as Json[]).map((x) => String(x.id ?? x.lock_id ?? x.person_id)));
      url = json.pagination.next_page_url as string | null;
      if (url !== null) expect(url.startsWith(`${HUB_API_PREFIX}/`), url).toBe(true);
    }
    return ids;
  };

  const makeCodes = async (n: number, lockIds = ["front"]): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      // Two codes share each millisecond: the id breaks the tie, and no page splits a pair wrongly.
      if (i % 2 === 0) clock += 1;
      const made = await hub.createAccessCode(owner, {
        lockIds,
        name: `Guest ${i}`,
        code: String(2000 + i * 13),
      });
      if (!made.ok) throw new Error(made.reason);
      ids.push(made.value.accessCode.id);
    }
    return ids;
  };

  it("B-NET-1: GET /access_codes pages with limit and page_cursor: every code once, in the unpaged order; the last page has no cursor", async () => {
    await makeCodes(7);
    const whole = await get("/access_codes");
    expect(whole.json.pagination).toEqual({
      has_next_page: false,
      next_page_cursor: null,
      next_page_url: null,
    });
    const all = (whole.json.access_codes as Json[]).map((c) => c.id as string);
    expect(all).toHaveLength(7);
    const paged = await walk("/access_codes", "access_codes", 3);
    expect(paged.ids).toEqual(all);
    expect(paged.pages).toBe(3);
    // Exactly a page's worth: the page says no more follow (no empty page to fetch).
    const six = await walk("/access_codes", "access_codes", 7);
    expect(six.pages).toBe(1);
  });

  it("B-NET-1: codes deleted and made between pages neither shift nor repeat the rest", async () => {
    const made = await makeCodes(8);
    const order = ((await get("/access_codes")).json.access_codes as Json[]).map((c) => c.id as string);
    let step = 0;
    const { ids } = await walk("/access_codes", "access_codes", 3, async () => {
      step++;
      // After the first page: delete a code already given and one not yet given; make a new one.
      if (step === 1) {
        await hub.deleteAccessCode(owner, made[0] as string);
        await hub.deleteAccessCode(owner, made[5] as string);
        const late = await makeCodes(1);
        made.push(late[0] as string);
      }
    });
    // The first page as it was; then the rest without the code deleted ahead, and the new one last.
    const expected = [...order.slice(0, 3), ...order.slice(3).filter((id) => id !== made[5]), made[8]];
    expect(ids).toEqual(expected);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("B-NET-1: paging keeps the filters: lock_id and person_id pages hold only their codes", async () => {
    await makeCodes(3, ["front"]);
    const backIds = await makeCodes(4, ["back"]);
    const whole = (await get("/access_codes?lock_id=back")).json.access_codes as Json[];
    expect(new Set(whole.map((c) => c.id as string))).toEqual(new Set(backIds));
    const { ids } = await walk("/access_codes?lock_id=back", "access_codes", 2);
    expect(ids).toEqual(whole.map((c) => c.id as string));
  });

  it("a bad limit or a cursor the API never gave is 400 request.invalid, never a silent empty page", async () => {
    await makeCodes(2);
    for (const q of [
      "limit=0",
      "limit=1001",
      "limit=abc",
      "page_cursor=",
      "page_cursor=not%20a%20cursor",
      `page_cursor=${encodeCursor(["x", 1])}`,
      `page_cursor=${"A".repeat(301)}`,
    ]) {
      const r = await get(`/access_codes?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.json.error.code, q).toBe("request.invalid");
    }
    for (const path of ["/people", "/sites", "/locks"]) {
      const r = await get(`${path}?page_cursor=${encodeCursor([1])}`);
      expect(r.status, path).toBe(400);
      expect((await get(`${path}?limit=1001`)).status, path).toBe(400);
    }
    const both = await get(`/alerts?before_id=3&page_cursor=${encodeCursor([2])}`);
    expect(both.status).toBe(400);
    expect(both.json.error.message).toMatch(/before_id or page_cursor/);
  });

  it("GET /people, /sites and /locks page the same way (every one without limit, as before)", async () => {
    for (let i = 0; i < 5; i++) {
      clock += 1;
      await hub.addPerson(owner, { id: `guest-${i}`, name: `Guest ${i}`, role: "guest" });
      await hub.createSite(owner, { id: `site-${i}`, name: `Site ${i}`, timeZone: "UTC" });
    }
    for (const [path, field] of [
      ["/people", "people"],
      ["/sites", "sites"],
      ["/locks", "locks"],
    ] as const) {
      const whole = await get(path);
      const all = (whole.json[field] as Json[]).map((x) => String(x.id ?? x.lock_id ?? x.person_id));
      expect(whole.json.pagination.has_next_page, path).toBe(false);
      expect((await walk(path, field, 2)).ids, path).toEqual(all);
    }
    expect((await get("/locks")).json.locks.map((l: Json) => l.lock_id)).toEqual(["back", "front", "garage"]);
  });

  it("next_page_url walks every list (invites too) to the end with its filters and limit, as next_page_cursor does", async () => {
    await makeCodes(3, ["front"]);
    await makeCodes(4, ["back"]);
    for (let i = 0; i < 5; i++) {
      clock += 1000;
      await hub.addPerson(owner, { id: `guest-${i}`, name: `Guest ${i}`, role: "guest" });
      await hub.createSite(owner, { id: `site-${i}`, name: `Site ${i}`, timeZone: "UTC" });
      await hub.repo.raiseAlert({
        atMs: clock,
        lockId: "front",
        siteId: "home",
        kind: `t.k-${i}`,
        message: "a",
      });
    }
    for (let i = 0; i < 5; i++) {
      const r = await app.inject({
        method: "POST",
        url: `${HUB_API_PREFIX}/people/guest-${i}/invite`,
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(r.statusCode).toBe(201);
    }
    for (const [path, field] of [
      ["/access_codes?lock_id=back", "access_codes"],
      ["/people", "people"],
      ["/sites", "sites"],
      ["/locks", "locks"],
      ["/events?kind=access-code.created", "events"],
      ["/alerts?kind=t.k-0,t.k-1,t.k-2,t.k-3,t.k-4", "alerts"],
      ["/invites", "invites"],
    ] as const) {
      const { ids, pages } = await walk(path, field, 2);
      expect(pages, path).toBeGreaterThan(1);
      const sep = path.includes("?") ? "&" : "?";
      expect(await walkUrls(`${path}${sep}limit=2`, field), path).toEqual(ids);
      if (field === "invites") expect(ids).toEqual([0, 1, 2, 3, 4].map((i) => `guest-${i}`));
    }
    // From a before_id page, the next page's URL goes by its cursor alone (both would be a 400).
    const first = await get("/alerts?limit=2");
    const fromId = await get(`/alerts?limit=2&before_id=${first.json.alerts[1].id as number}`);
    const url = fromId.json.pagination.next_page_url as string;
    expect(url).not.toMatch(/before_id/);
    expect(url).toBe(
      `${HUB_API_PREFIX}/alerts?limit=2&page_cursor=${fromId.json.pagination.next_page_cursor as string}`,
    );
  });

  it("GET /events and /alerts answer pagination too; page_cursor walks the same pages as before_id", async () => {
    for (let i = 0; i < 5; i++) {
      clock += 1000;
      await hub.repo.raiseAlert({
        atMs: clock,
        lockId: "front",
        siteId: "home",
        kind: `test.kind-${i}`,
        message: `alert ${i}`,
      });
    }
    await makeCodes(3);
    const alerts = await walk(
      "/alerts?kind=test.kind-0,test.kind-1,test.kind-2,test.kind-3,test.kind-4",
      "alerts",
      2,
    );
    expect(alerts.ids).toHaveLength(5);
    const first = await get("/alerts?limit=2");
    const last = first.json.alerts[1].id as number;
    const byId = await get(`/alerts?limit=2&before_id=${last}`);
    const byCursor = await get(
      `/alerts?limit=2&page_cursor=${first.json.pagination.next_page_cursor as string}`,
    );
    expect(byCursor.json.alerts).toEqual(byId.json.alerts);
    const events = await get("/events");
    const wholeIds = (events.json.events as Json[]).map((e) => String(e.id));
    expect((await walk("/events", "events", 2)).ids).toEqual(wholeIds);
  });
});
