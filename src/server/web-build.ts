/**
 * The browser app's production build (Vite, `web/vite.config.ts`). `npm start` builds it
 * when `web/dist` is missing or older than the app's sources; the browser tests build it
 * once in their setup. Vite is loaded only when a build is needed.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The browser app's folder (Vite's root). */
export const WEB_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "web");
/** Where the production build goes, and what the server serves. */
export const WEB_DIST = join(WEB_ROOT, "dist");

/** Newest modification time of the files under `dir` (skipping `skip`), in ms. */
function newestMs(dir: string, skip: ReadonlySet<string>): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMs(p, skip) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * True when the build is missing or a file under web/ is newer. (The app imports only types
 * from src/, which leave nothing in the bundle.)
 */
export function webBuildIsStale(): boolean {
  const index = join(WEB_DIST, "index.html");
  if (!existsSync(index)) return true;
  return newestMs(WEB_ROOT, new Set(["dist", "node_modules"])) > statSync(index).mtimeMs;
}

/** Builds the browser app into web/dist. */
export async function buildWeb(opts: { quiet?: boolean } = {}): Promise<void> {
  const { build } = await import("vite");
  await build({
    configFile: join(WEB_ROOT, "vite.config.ts"),
    logLevel: opts.quiet ? "error" : "warn",
  });
}

/** Builds the browser app when its build is missing or stale; true when it built. */
export async function ensureWebBuild(opts: { quiet?: boolean } = {}): Promise<boolean> {
  if (!webBuildIsStale()) return false;
  await buildWeb(opts);
  return true;
}
