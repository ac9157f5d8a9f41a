/**
 * The companion app on a server reachable from the network (bound to 0.0.0.0, the server's
 * token required on the lab's API), in Debian's Chromium: a guest, who holds no server token,
 * signs in with their own password and hears their code go `set` on the hub's own live socket
 * (/api/hub/v1/live) — the page asks the hub again only after a message, never on the 10 s poll
 * — and the app never opens the lab's /api/live for it.
 */
import { afterAll, beforeAll, describe, expect } from "vitest";
import type { Hub } from "../src/hub/index.ts";
import { valueOrThrow } from "../src/host/outcome.ts";
import type { Harness } from "./browser-harness.ts";
import { MISSING_CHROMIUM, companionPage, it } from "./browser-harness.ts";
import type { HubHarness } from "./hub-browser-harness.ts";
import { startHubHarness } from "./hub-browser-harness.ts";

/** This helper's port range is 18600–18699; the server tests take 18600–18649. */
const PORT = 18650 + Math.floor(Math.random() * 40);
const ADMIN = "browser-admin-token-0123456789";

let hosted: HubHarness | undefined;
let harness: Harness | undefined;
let hub: Hub | undefined;
let admin: Awaited<ReturnType<Hub["ensureAdminToken"]>> | undefined;

beforeAll(async () => {
  if (MISSING_CHROMIUM) return;
  hosted = await startHubHarness({ listen: { host: "0.0.0.0", port: PORT } });
  ({ harness, hub } = hosted);
  await harness.makeLock({
    id: "front-door",
    name: "Front door",
    lock: { profile: "smartcode-914", state: "ready", door: "open", paired: true },
  });
  admin = await hub.ensureAdminToken(ADMIN);
  valueOrThrow(await hub.createSite(admin, { id: "home", name: "Home", timeZone: "UTC" }));
  valueOrThrow(await hub.addLock(admin, { lockId: "front-door", siteId: "home" }));
  valueOrThrow(await hub.addPerson(admin, { id: "gus", name: "Gus", role: "guest" }));
  valueOrThrow(await hub.setPassword(admin, "gus", "a long enough pass"));
}, 180_000);

afterAll(async () => {
  await hosted?.close();
});

describe("the companion app off loopback", () => {
  it("a guest with no server token hears their code go set on /api/hub/v1/live, without a poll", async () => {
    expect(harness!.server.security.guard.requiredToken).not.toBeNull();
    const sockets: string[] = [];
    const log: string[] = [];
    const page = await companionPage(harness!, {
      id: "gus",
      password: "a long enough pass",
      hash: "#/codes",
      heading: "Codes",
    });
    page.on("websocket", (ws) => {
      sockets.push(new URL(ws.url()).pathname);
      ws.on("framereceived", (f) => {
        const text = typeof f.payload === "string" ? f.payload : f.payload.toString();
        // A guest hears only their own codes: every such frame is about Gus's.
        if (text.includes('"hub-access-code"'))
          log.push(`frame:${/"status":"(\w+)"/.exec(text)?.[1] ?? "?"}`);
      });
    });
    page.on("request", (r) => {
      if (r.method() === "GET" && new URL(r.url()).pathname === "/api/hub/v1/access_codes") log.push("get");
    });
    // A fresh load, so the socket this test watches is the page's own.
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Codes" }).waitFor();
    await page.locator('[data-live="live"]').waitFor({ timeout: 30_000 });
    await page.getByText("You have no code yet.").waitFor();
    log.length = 0;

    // The owner gives Gus a code (another device): the hub sends it to the lock.
    const created = valueOrThrow(
      await hub!.createAccessCode(admin!, {
        lockIds: ["front-door"],
        name: "Gus",
        code: "583920",
        personId: "gus",
      }),
    );
    const codeId = created.accessCode.id;
    const started = Date.now();
    await page.locator(`li[data-code="${codeId}"] [data-status="set"]`).waitFor({ timeout: 30_000 });
    // Well inside the 10 s poll: the page heard it.
    expect(Date.now() - started).toBeLessThan(9000);
    expect(log).toContain("frame:set");
    // Every reload of the list came after a message (none is the poll's).
    const gets = log.flatMap((e, i) => (e === "get" ? [i] : []));
    expect(gets.length).toBeGreaterThan(0);
    for (let k = 0; k < gets.length; k++)
      expect(
        log.slice(k === 0 ? 0 : gets[k - 1]! + 1, gets[k]).some((e) => e.startsWith("frame:")),
        `a request without a message before it: ${log.join(" ")}`,
      ).toBe(true);
    // The hub's socket, not the lab's (which asks this server's token of the guest).
    expect(sockets).toEqual(["/api/hub/v1/live"]);
    await page.close();
  }, 120_000);
});
