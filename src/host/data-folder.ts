/**
 * The host's data folder (`LATCHKEY_DATA`, default `./latchkey-data`): made if missing, with
 * the locks' database inside. Other parts (the hub, Matter's fabrics) keep their files in
 * the same folder, each under its own name.
 */
import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { SqliteHostStore } from "./storage/sqlite-host-store.ts";

export const DEFAULT_DATA_FOLDER = "latchkey-data";
export const HOST_DATABASE = "locks.sqlite";

export function openDataFolder(
  env: NodeJS.ProcessEnv,
  cwd = process.cwd(),
): { folder: string; store: SqliteHostStore } {
  const folder = resolve(cwd, env["LATCHKEY_DATA"] || DEFAULT_DATA_FOLDER);
  makeFolder(folder);
  return { folder, store: new SqliteHostStore(join(folder, HOST_DATABASE)) };
}

/**
 * `mkdir -p`, one level at a time. Node's `mkdirSync(…, { recursive: true })` never returns
 * where a folder cannot be made although its parent exists (`LATCHKEY_DATA=/proc/x`: the
 * kernel says ENOENT, and libuv retries forever); here that is an error with the reason.
 */
export function makeFolder(folder: string): void {
  try {
    mkdirSync(folder);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST") {
      // An existing folder is fine; anything else there is said in words, not as EEXIST.
      if (!statSync(folder).isDirectory()) throw new Error(`${folder} is a file, not a folder`);
      return;
    }
    const parent = dirname(folder);
    if (code !== "ENOENT" || parent === folder || existsSync(parent)) throw e;
    makeFolder(parent);
    mkdirSync(folder);
  }
}
