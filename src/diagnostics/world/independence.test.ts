/**
 * The case generator and the simulated person are independent of the knowledge base they
 * grade (issue 15): following every import from world/ (transitively, through core/, twin/
 * and scenario/) never reaches src/diagnostics/knowledge/, nor anything that imports it.
 * dependency-cruiser's rule `world-is-independent` says the same for direct imports.
 */
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const src = resolve(here, "../..");

/** Relative imports of a file (static and dynamic, type-only included), resolved to paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [
    ...text.matchAll(/(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']/g),
    ...text.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g),
    ...text.matchAll(/^\s*import\s*["']([^"']+)["']/gm),
  ].map((m) => m[1] as string);
  return specs.filter((s) => s.startsWith(".")).map((s) => resolve(dirname(file), s));
}

/** Every file reachable from `roots`, with the chain that reached it. */
function reachable(roots: readonly string[]): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const queue: [string, string[]][] = roots.map((r) => [r, [r]]);
  while (queue.length > 0) {
    const [file, chain] = queue.shift() as [string, string[]];
    if (seen.has(file)) continue;
    seen.set(file, chain);
    for (const next of importsOf(file)) queue.push([next, [...chain, next]]);
  }
  return seen;
}

/** Files that import the knowledge base, directly or not: src/diagnostics outside world/. */
const FORBIDDEN = [
  "diagnostics/knowledge/",
  "diagnostics/engine/",
  "diagnostics/eval/",
  "diagnostics/index.ts",
];

describe("world/ is independent of the knowledge base", () => {
  it("no import chain from the generator or the person reaches knowledge/, engine/ or eval/", () => {
    const roots = readdirSync(here)
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
      .map((f) => join(here, f));
    expect(roots.length).toBeGreaterThan(5);
    const all = reachable(roots);
    const bad = [...all.entries()]
      .filter(([file]) => FORBIDDEN.some((f) => relative(src, file).startsWith(f)))
      .map(([, chain]) => chain.map((c) => relative(src, c)).join(" → "));
    expect(bad).toEqual([]);
    // The walk did reach the twin and the core (so it follows imports at all).
    expect([...all.keys()].some((f) => relative(src, f).startsWith("twin/"))).toBe(true);
    expect([...all.keys()].some((f) => relative(src, f).startsWith("core/"))).toBe(true);
  });

  it("the walk catches an import of the knowledge base (the check can fail)", () => {
    const probe = join(src, "diagnostics/engine/session.ts");
    const all = reachable([probe]);
    expect([...all.keys()].some((f) => relative(src, f).startsWith("diagnostics/knowledge/"))).toBe(true);
  });
});
