/**
 * The package's version, from its package.json (two folders up, from src/cli or dist/cli):
 * what `latchkey --version` prints and what a shard file records (fleet-shard.ts).
 */
import { readFileSync } from "node:fs";

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}
