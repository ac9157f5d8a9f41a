/**
 * What the browser tests share: Debian's Chromium driven by playwright-core (never a
 * downloaded browser), the production build of web/ served by the server code `npm start`
 * runs, and the page helpers that use the page the way a person does and read the lock from
 * its root element's data-* attributes. Without /usr/bin/chromium every browser test fails
 * with how to install it; none is skipped.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { chromium } from "playwright-core";
import { expect, it as vitestIt } from "vitest";
import type { CreateLockBody, LockSnapshot } from "../src/server/api-schemas.ts";
import { createServer } from "../src/server/create-server.ts";
import type { LockServer } from "../src/server/create-server.ts";
import { WEB_DIST, WEB_ROOT, buildWeb } from "../src/server/web-build.ts";

export const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-quic",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
];

export const MISSING_CHROMIUM = existsSync(CHROMIUM)
  ? null
  : `Chromium is not at ${CHROMIUM}. The browser tests need Debian's Chromium: ` +
    `run "apt-get update && apt-get install -y chromium" (.ci/run does this when it is missing).`;

/** A browser test: without Chromium it fails with how to install it, never skips. */
export function it(name: string, fn: () => Promise<void>, timeoutMs?: number): void {
  vitestIt(
    name,
    async () => {
      if (MISSING_CHROMIUM) throw new Error(MISSING_CHROMIUM);
      await fn();
    },
    timeoutMs,
  );
}

export interface Harness {
  /** The server now (a test that restarts it replaces it: see `restart`). */
  readonly server: LockServer;
  /** The server's address, e.g. http://127.0.0.1:41234. */
  readonly base: string;
  readonly context: BrowserContext;
  makeLock(body: CreateLockBody): Promise<LockSnapshot>;
  /** A new tab on the page, showing the lock. */
  openLock(id: string): Promise<Page>;
  /**
   * Stops the server and starts another from `makeServer` on the same port (a restart of
   * `npm start`), so open pages reconnect to it.
   */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Build into a temporary folder, so test files running at once never build over each other. */
  readonly ownBuild?: boolean;
  /**
   * Makes the server with the build (default: `createServer` with no locks and its own
   * in-memory host). A test that keeps its locks in a data folder passes its own.
   */
  readonly makeServer?: (webDist: string) => Promise<LockServer>;
  /**
   * Where the server listens (default loopback on a free port). `0.0.0.0` makes it reachable
   * from the network, as `serve --host 0.0.0.0`: the server's token is then required on the
   * lab's API, and the page is still opened at 127.0.0.1.
   */
  readonly listen?: { readonly host: string; readonly port: number };
}

/**
 * Builds web/, starts the server in-process on a free port with that build and no locks,
 * and launches Chromium with a fresh profile. `ownBuild` builds into a temporary folder
 * instead of web/dist, so test files that run at the same time never build over each other.
 */
export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  let dist = WEB_DIST;
  let buildDir = "";
  if (opts.ownBuild) {
    buildDir = mkdtempSync(join(tmpdir(), "latchkey-web-"));
    dist = join(buildDir, "dist");
    const { build } = await import("vite");
    await build({
      configFile: join(WEB_ROOT, "vite.config.ts"),
      logLevel: "error",
      build: { outDir: dist, emptyOutDir: true },
    });
  } else {
    await buildWeb({ quiet: true });
  }
  const makeServer = opts.makeServer ?? ((webDist) => createServer({ webDist, initialLocks: [] }));
  let server = await makeServer(dist);
  const listenHost = opts.listen?.host ?? "127.0.0.1";
  const port = Number(new URL(await server.listen(opts.listen?.port ?? 0, listenHost)).port);
  const base = `http://127.0.0.1:${port}`;
  const userDataDir = mkdtempSync(join(tmpdir(), "latchkey-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1360, height: 900 },
  });
  return {
    get server() {
      return server;
    },
    base,
    context,
    async restart() {
      await server.close();
      server = await makeServer(dist);
      await server.listen(port, listenHost);
    },
    async makeLock(body) {
      const token = server.security.guard.requiredToken;
      const res = await fetch(`${base}/api/locks`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(201);
      return (await res.json()) as LockSnapshot;
    },
    async openLock(id) {
      const page = await context.newPage();
      page.on("pageerror", (e) => {
        throw e;
      });
      await page.goto(`${base}/#${id}`);
      await root(page).waitFor();
      return page;
    },
    async close() {
      await context.close();
      await server.close();
      rmSync(userDataDir, { recursive: true, force: true });
      if (buildDir) rmSync(buildDir, { recursive: true, force: true });
    },
  };
}

// ---- the page, as a person uses it ----

/** Who signs in to the companion app (/app/), and the page to open once signed in. */
export interface CompanionSignIn {
  readonly id: string;
  readonly password: string;
  /** The app's route, e.g. "#/locks". */
  readonly hash: string;
  /** The level-1 heading that says the page is drawn. */
  readonly heading: string;
  readonly width?: number;
}

/**
 * A new tab of the companion app signed in as `who` (once per browser context: a tab after
 * the first finds the session already signed in) and showing `who.hash`. A page error fails
 * the test. The app first says which it is — the sign-in form or a signed-in page — and this
 * waits for that before asking: isVisible() does not wait, so on a loaded machine the sign-in
 * was skipped and the page then waited for a heading behind the form (CI, 7 December 2026).
 */
export async function companionPage(harness: Harness, who: CompanionSignIn): Promise<Page> {
  const page = await harness.context.newPage();
  if (who.width !== undefined) await page.setViewportSize({ width: who.width, height: 800 });
  page.on("pageerror", (e) => {
    throw e;
  });
  await page.goto(`${harness.base}/app/`);
  const signIn = page.getByLabel("Your id");
  await signIn
    .or(page.getByRole("button", { name: "Sign out" }))
    .first()
    .waitFor({ timeout: 60_000 });
  if (await signIn.isVisible()) {
    await signIn.fill(who.id);
    await page.getByLabel("Password").fill(who.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor({ timeout: 60_000 });
  }
  await page.goto(`${harness.base}/app/${who.hash}`);
  await page.getByRole("heading", { level: 1, name: who.heading }).waitFor({ timeout: 60_000 });
  return page;
}

export function root(page: Page) {
  return page.locator("section.lock[data-lock-id]");
}

/** Waits until the lock's root element has `data-NAME="value"`. */
export async function until(page: Page, name: string, value: string, timeout = 10_000): Promise<void> {
  await page.locator(`section.lock[data-${name}="${value}"]`).waitFor({ timeout });
}

export async function attr(page: Page, name: string): Promise<string | null> {
  return root(page).getAttribute(`data-${name}`);
}

/** Presses keys as SCENARIOS.md writes them: "program 1 lock 2947 lock" (a run of digits, one by one). */
export async function typeKeys(page: Page, keys: string): Promise<void> {
  for (const token of keys.split(" ")) {
    const presses = /^[0-9]+$/.test(token) ? [...token] : [token];
    for (const k of presses) {
      const selector = /^[0-9]$/.test(k) ? `button[data-keys~="${k}"]` : `button[data-key="${k}"]`;
      await page.locator(selector).click();
    }
  }
}

export function button(page: Page, name: string) {
  return page.getByRole("button", { name, exact: true });
}

/** axe-core's own build, from npm. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * Runs axe-core on the page and returns its serious and critical violations, one line each
 * (`impact rule: targets`). The page's Content-Security-Policy (script-src 'self') refuses an
 * inline <script>, as it should: axe's source is run through the DevTools protocol instead,
 * which CSP does not govern.
 */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const result = (await page.evaluate("axe.run(document)")) as {
    violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
  };
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}
