/**
 * Expands the files and folders given on the command line into scenario files, in a
 * stable order (folders recursively; .yaml, .yml and .json).
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const SCENARIO_FILE = /\.(ya?ml|json)$/i;

export function expandScenarioPaths(paths: readonly string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (SCENARIO_FILE.test(name)) files.push(p);
    }
  };
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      missing.push(p);
      continue;
    }
    if (isDir) walk(p);
    else files.push(p);
  }
  return { files, missing };
}
