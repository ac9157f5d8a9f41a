// Compiles src/ into dist/ (issue 17: the CLI runs compiled JavaScript, not a transpiler at
// run time). Run by `npm run build` (and so by `prepare`, on `npm ci` and `npm pack`), and by
// bin/latchkey.js in a checkout whose sources are newer than the last build. Type-checking is
// `npm run typecheck`'s job; this only emits (tsc --noCheck), in a few seconds.
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
/** Written after a good build, dated to when it started: a source newer than it means rebuild. */
export const STAMP = join(dist, ".built");
const LOCK = join(root, ".dist-building");
const WAIT_MS = 180_000;

/** Newest modification time under `dir` (files only), in ms. */
function newestMs(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMs(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** True in a checkout whose dist/ is missing or older than its sources or build settings. */
export function distIsStale() {
  if (!existsSync(join(root, "src"))) return false; // an installed package: dist/ is what shipped
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  const settings = ["tsconfig.json", "tsconfig.build.json", "package.json"].map((f) =>
    existsSync(join(root, f)) ? statSync(join(root, f)).mtimeMs : 0,
  );
  return Math.max(newestMs(join(root, "src")), ...settings) > built;
}

/** The lock's owner: the building process's pid, written as soon as the lock is taken. */
const OWNER = join(LOCK, "pid");

/**
 * Whether the build holding the lock is still running. A process killed mid-build (a service
 * restarted during its first start) never removes the lock; its pid then names no process, and
 * the next start takes over at once instead of waiting WAIT_MS with nothing said.
 */
function builderAlive() {
  let pid;
  try {
    pid = Number(readFileSync(OWNER, "utf8"));
  } catch {
    // Just taken, the pid not yet written; or a lock from before pids were kept.
    try {
      return Date.now() - statSync(LOCK).mtimeMs < 5_000;
    } catch {
      return false; // gone meanwhile
    }
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM"; // alive, another user's
  }
}

function takeLock() {
  mkdirSync(LOCK);
  writeFileSync(OWNER, String(process.pid));
}

/** Builds dist/ from scratch; one build at a time (others wait for it, then find it fresh). */
export function buildCli({ quiet = false } = {}) {
  try {
    takeLock();
  } catch {
    const until = Date.now() + WAIT_MS;
    while (existsSync(LOCK) && Date.now() < until && builderAlive())
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    if (!distIsStale()) return;
    if (!quiet && existsSync(LOCK))
      process.stderr.write("latchkey: an earlier build of dist/ died: building again\n");
    rmSync(LOCK, { recursive: true, force: true }); // a build that died: take over
    takeLock();
  }
  try {
    const started = new Date();
    let tsc;
    try {
      tsc = createRequire(join(root, "package.json")).resolve("typescript/bin/tsc");
    } catch {
      throw new Error(
        "dist/ is missing or out of date and TypeScript is not installed to build it: run `npm ci`",
      );
    }
    if (!quiet) process.stderr.write("latchkey: compiling src/ into dist/ …\n");
    // Built beside dist/ and swapped in: a CLI already running from dist/ never finds it half-built.
    const fresh = `${dist}.new`;
    const old = `${dist}.old`;
    rmSync(fresh, { recursive: true, force: true });
    const tsconfig = join(root, "tsconfig.build.json");
    execFileSync(process.execPath, [tsc, "-p", tsconfig, "--noCheck", "--outDir", fresh], {
      stdio: ["ignore", "inherit", "inherit"],
    });
    const stamp = join(fresh, ".built");
    writeFileSync(stamp, `${started.toISOString()}\n`);
    utimesSync(stamp, started, started);
    rmSync(old, { recursive: true, force: true });
    if (existsSync(dist)) renameSync(dist, old);
    renameSync(fresh, dist);
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildCli({ quiet: true });
