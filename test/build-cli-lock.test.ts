/**
 * `bin/latchkey.js` compiles src/ into dist/ at the first start in a checkout whose sources
 * changed (scripts/build-cli.mjs), one build at a time behind a lock folder. A start killed
 * during that compile (SIGTERM or SIGKILL: a service restarted while it starts) never removed
 * the lock, and every later start waited the full 3 minutes for it, saying nothing. The lock
 * now names its builder's pid: a later start sees that process is gone and builds at once.
 */
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const repo = join(import.meta.dirname, "..");
const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** A checkout in miniature: the real build script, one source file, TypeScript from ours. */
function checkout(): string {
  const root = mkdtempSync(join(tmpdir(), "latchkey-build-lock-"));
  roots.push(root);
  mkdirSync(join(root, "scripts"));
  copyFileSync(join(repo, "scripts", "build-cli.mjs"), join(root, "scripts", "build-cli.mjs"));
  mkdirSync(join(root, "src"));
  writeFileSync(join(root, "src", "main.ts"), "export const answer: number = 42;\n");
  writeFileSync(join(root, "package.json"), JSON.stringify({ type: "module" }));
  writeFileSync(
    join(root, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { target: "es2022", module: "nodenext", strict: true } }),
  );
  writeFileSync(
    join(root, "tsconfig.build.json"),
    JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { rootDir: "src" }, include: ["src"] }),
  );
  mkdirSync(join(root, "node_modules"));
  symlinkSync(join(repo, "node_modules", "typescript"), join(root, "node_modules", "typescript"));
  return root;
}

/** A pid that names no process: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
    encoding: "utf8",
  });
  return Number(child.stdout);
}

function build(root: string): { status: number | null; ms: number; stderr: string } {
  const started = Date.now();
  const r = spawnSync(process.execPath, [join(root, "scripts", "build-cli.mjs")], {
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: r.status, ms: Date.now() - started, stderr: r.stderr };
}

describe("the first start's build after a start killed mid-build", () => {
  it("takes over a lock whose builder is gone at once, rather than waiting three minutes", () => {
    const root = checkout();
    mkdirSync(join(root, ".dist-building"));
    writeFileSync(join(root, ".dist-building", "pid"), String(deadPid()));
    const r = build(root);
    expect(r.status, r.stderr).toBe(0);
    expect(r.ms).toBeLessThan(30_000);
    expect(existsSync(join(root, "dist", "main.js"))).toBe(true);
    expect(existsSync(join(root, ".dist-building"))).toBe(false);
  }, 70_000);

  it("takes over an old lock that names no builder (left by a build from before pids were kept)", () => {
    const root = checkout();
    mkdirSync(join(root, ".dist-building"));
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(root, ".dist-building"), old, old);
    const r = build(root);
    expect(r.status, r.stderr).toBe(0);
    expect(r.ms).toBeLessThan(30_000);
    expect(existsSync(join(root, "dist", "main.js"))).toBe(true);
  }, 70_000);
});
