/**
 * The host's data folder (`LATCHKEY_DATA`, default `./latchkey-data`): made if missing, with
 * the locks' database inside. Other parts (the hub, Matter's fabrics) keep their files in
 * the same folder, each under its own name.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { SqliteHostStore } from "./storage/sqlite-host-store.ts";

export const DEFAULT_DATA_FOLDER = "latchkey-data";
export const HOST_DATABASE = "locks.sqlite";

export function openDataFolder(
  env: NodeJS.ProcessEnv,
  cwd = process.cwd(),
): { folder: string; store: SqliteHostStore } {
  const folder = resolve(cwd, env["LATCHKEY_DATA"] || DEFAULT_DATA_FOLDER);
  mkdirSync(folder, { recursive: true });
  return { folder, store: new SqliteHostStore(join(folder, HOST_DATABASE)) };
}
