#!/usr/bin/env node
// Entry point for `npx latchkey ...`: runs the compiled CLI in dist/ (issue 17: no transpiler at
// run time). dist/ is built by `npm ci` (the `prepare` script) and ships in the package; in a
// checkout whose sources changed since, it is rebuilt here first.
import { existsSync } from "node:fs";

const entry = new URL("../dist/cli/main.js", import.meta.url);
const builder = new URL("../scripts/build-cli.mjs", import.meta.url);
if (existsSync(builder)) {
  const { buildCli, distIsStale } = await import(builder.href);
  if (distIsStale()) buildCli();
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
