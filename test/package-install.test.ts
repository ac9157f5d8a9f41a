/**
 * The package as a user gets it (issue 17): `npm pack`, the tarball installed into an empty
 * folder without devDependencies, then `latchkey serve` started from that install serves the
 * page and `/api/locks`. Proves the built web app and the compiled CLI ship in the package,
 * nothing from devDependencies (vite, tsx, typescript) is needed at run time, and the package
 * holds no tests, benchmarks or sources.
 *
 * One install, used once (it takes minutes when a dependency compiles a native module); the
 * temporary folder, the tarball and the server are removed whatever happens.
 */
import { execFileSync, spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildWeb, webBuildIsStale } from "../src/server/web-build.ts";

const root = join(import.meta.dirname, "..");
const work = mkdtempSync(join(tmpdir(), "latchkey-package-"));
let server: ChildProcess | null = null;

// Removing an installed node_modules took more than two minutes on a busy machine (load 25 on
// two cores), failing the suite for a clean-up: a detached `rm -rf` removes it after the test.
afterAll(() => {
  server?.kill("SIGKILL");
  spawn("rm", ["-rf", work], { detached: true, stdio: "ignore" }).unref();
});

const npm = (args: string[], cwd: string): string =>
  execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 600_000 });

/** Starts `latchkey serve` from the install on a free port; resolves to the address it prints. */
function serveFrom(installDir: string): Promise<string> {
  const bin = join(installDir, "node_modules", ".bin", "latchkey");
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ["serve"], {
      cwd: installDir,
      env: { ...process.env, PORT: "0", HOST: "127.0.0.1", NODE_OPTIONS: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    server = child;
    let output = "";
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 60_000);
    const look = (chunk: Buffer): void => {
      output += chunk.toString();
      const m = /the lock is at (http:\/\/\S+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on("data", look);
    child.stderr.on("data", look);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${output}`));
    });
  });
}

describe("the npm package", () => {
  it("packs without tests or benchmarks, installs without devDependencies, and `latchkey serve` serves the page and /api/locks", async () => {
    // What `prepare` builds; rebuilt here only if stale, so a CLI running from dist/ is never disturbed.
    const { buildCli, distIsStale } = (await import(join(root, "scripts", "build-cli.mjs"))) as {
      buildCli: (o?: { quiet?: boolean }) => void;
      distIsStale: () => boolean;
    };
    if (distIsStale()) buildCli({ quiet: true });
    if (webBuildIsStale()) await buildWeb({ quiet: true });

    const packed = JSON.parse(
      npm(["pack", "--json", "--ignore-scripts", "--pack-destination", work], root),
    ) as {
      filename: string;
      files: { path: string }[];
    }[];
    const info = packed[0];
    if (!info) throw new Error("npm pack printed nothing");
    const paths = info.files.map((f) => f.path);
    expect(paths).toContain("bin/latchkey.js");
    expect(paths).toContain("dist/cli/main.js");
    expect(paths).toContain("dist/twin/fleet/fleet-worker.js");
    expect(paths).toContain("web/dist/index.html");
    const unwanted = paths.filter(
      (p) => /(^|\/)(test|bench|src|scripts)\//.test(p) || /\.test\.|\.ts$/.test(p),
    );
    expect(unwanted).toEqual([]);

    // An empty project that installs the tarball as a user would, devDependencies left out.
    const ours = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { allowScripts?: unknown };
    const app = join(work, "app");
    execFileSync("mkdir", [app]);
    writeFileSync(
      join(app, "package.json"),
      JSON.stringify({
        name: "latchkey-install-check",
        private: true,
        // Native dependencies of ours (if any) may build, as our own install lets them.
        ...(ours.allowScripts ? { allowScripts: ours.allowScripts } : {}),
      }),
    );
    npm(
      ["install", join(work, info.filename), "--omit=dev", "--no-audit", "--no-fund", "--prefer-offline"],
      app,
    );
    for (const dev of ["vite", "tsx", "typescript", "vitest"])
      expect(existsSync(join(app, "node_modules", dev)), `${dev} was installed`).toBe(false);

    const url = await serveFrom(app);
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
    const locks = await fetch(`${url}/api/locks`);
    expect(locks.status).toBe(200);
    const body = (await locks.json()) as { locks: { name: string }[] };
    expect(body.locks.map((l) => l.name)).toContain("Front door"); // the lock a person finds first
  }, 900_000);
});
