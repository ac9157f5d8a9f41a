/**
 * Issue 9, item 5 in a real browser (Debian's Chromium, playwright-core): the page works
 * under its Content-Security-Policy with no violation; a page on another origin cannot open
 * the live WebSocket or change a lock; a DNS-rebinding name (Chromium's host resolver maps
 * it to 127.0.0.1) gets the 403 and no page; and with the server bound beyond loopback the
 * printed `?token=` address opens the page once, through an HttpOnly cookie the page's
 * scripts cannot read.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { createServer } from "../src/server/create-server.ts";
import type { LockServer } from "../src/server/create-server.ts";
import { WEB_ROOT } from "../src/server/web-build.ts";
import { CHROMIUM, CHROMIUM_ARGS, it } from "./browser-harness.ts";

let dist = "";
let buildDir = "";
let browser: Browser | null = null;

beforeAll(async () => {
  buildDir = mkdtempSync(join(tmpdir(), "latchkey-web-edge-"));
  dist = join(buildDir, "dist");
  const { build } = await import("vite");
  await build({
    configFile: join(WEB_ROOT, "vite.config.ts"),
    logLevel: "error",
    build: { outDir: dist, emptyOutDir: true },
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, "--host-resolver-rules=MAP rebind.example 127.0.0.1"],
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (buildDir) rmSync(buildDir, { recursive: true, force: true });
});

async function lockServer(host = "127.0.0.1", token?: string): Promise<{ server: LockServer; port: number }> {
  const server = await createServer({
    webDist: dist,
    initialLocks: [
      { id: "lock-1", name: "Front", lock: { profile: "smartcode-914", state: "ready", door: "open" } },
    ],
    ...(token ? { security: { token } } : {}),
  });
  const base = await server.listen(0, host);
  return { server, port: Number(new URL(base).port) };
}

/** A page that collects CSP violations and console errors. */
async function watchedPage(): Promise<{ page: Page; violations: string[] }> {
  const context = await browser!.newContext();
  const page = await context.newPage();
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  return { page, violations };
}

describe("the page under its own policy", () => {
  it("loads, goes live over the WebSocket and works a lock with no CSP violation", async () => {
    const { server, port } = await lockServer();
    try {
      const { page, violations } = await watchedPage();
      const res = await page.goto(`http://127.0.0.1:${port}/`);
      expect(res?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
      await page.locator(".live-live").waitFor({ timeout: 20_000 });
      await page.getByRole("button", { name: "Close the door", exact: true }).click();
      await page.locator('section.lock[data-door="closed"]').waitFor({ timeout: 10_000 });
      expect(violations).toEqual([]);
      await page.context().close();
    } finally {
      await server.close();
    }
  });
});

describe("other sites' pages", () => {
  it("a page on another origin cannot open the live socket or change a lock", async () => {
    const { server, port } = await lockServer();
    const target = `http://127.0.0.1:${port}`;
    // The attacker's page, served from another port (another origin) of the same machine.
    const evil: Server = createHttpServer((_req, res) => {
      res.setHeader("content-type", "text/html");
      res.end(`<!doctype html><script>
        window.results = {};
        const ws = new WebSocket(${JSON.stringify(`ws://127.0.0.1:${port}/api/live`)});
        ws.onopen = () => (window.results.ws = "open");
        ws.onerror = () => (window.results.ws = "refused");
        fetch(${JSON.stringify(`${target}/api/locks/lock-1/door`)}, { method: "POST", mode: "no-cors",
          headers: { "content-type": "text/plain" }, body: '{"closed":true}' })
          .then(() => (window.results.post = "sent"), () => (window.results.post = "failed"));
        fetch(${JSON.stringify(`${target}/api/locks`)}).then(() => (window.results.read = "read"), () => (window.results.read = "blocked"));
      </script>`);
    });
    await new Promise<void>((r) => evil.listen(0, "127.0.0.1", r));
    const evilPort = (evil.address() as { port: number }).port;
    try {
      const { page } = await watchedPage();
      await page.goto(`http://127.0.0.1:${evilPort}/`);
      await page.waitForFunction("window.results.ws && window.results.post && window.results.read");
      const results = (await page.evaluate("window.results")) as Record<string, string>;
      expect(results.ws).toBe("refused");
      expect(results.read).toBe("blocked");
      expect(server.registry.get("lock-1").twin.doorClosed).toBe(false);
      await page.context().close();
    } finally {
      evil.close();
      await server.close();
    }
  });

  it("a DNS-rebinding name that points at 127.0.0.1 gets request.host-forbidden, not the page", async () => {
    const { server, port } = await lockServer();
    try {
      const { page } = await watchedPage();
      const res = await page.goto(`http://rebind.example:${port}/`);
      expect(res?.status()).toBe(403);
      expect(await res?.json()).toMatchObject({ error: { code: "request.host-forbidden" } });
      await page.context().close();
    } finally {
      await server.close();
    }
  });
});

describe("beyond loopback: the token", () => {
  it("without it the page is refused; the printed ?token= address opens it once, with a cookie scripts cannot read", async () => {
    const token = "browser-test-token-0123456789abcdef";
    const { server, port } = await lockServer("0.0.0.0", token);
    try {
      const { page, violations } = await watchedPage();
      const refused = await page.goto(`http://127.0.0.1:${port}/`);
      expect(refused?.status()).toBe(401);
      await page.goto(`http://127.0.0.1:${port}/?token=${token}`);
      expect(page.url()).toBe(`http://127.0.0.1:${port}/`);
      await page.locator(".live-live").waitFor({ timeout: 20_000 });
      expect(await page.evaluate("document.cookie")).not.toContain(token);
      await page.getByRole("button", { name: "Close the door", exact: true }).click();
      await page.locator('section.lock[data-door="closed"]').waitFor({ timeout: 10_000 });
      expect(violations).toEqual([]);
      await page.context().close();
    } finally {
      await server.close();
    }
  });
});
