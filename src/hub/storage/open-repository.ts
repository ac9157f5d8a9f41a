/**
 * Which database the hub uses: PostgreSQL when DATABASE_URL names one, else a SQLite file in
 * the data folder (LATCHKEY_DATA, default ./latchkey-data), nothing to install.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { HubRepository } from "./hub-repository.ts";
import { openPostgresDb } from "./postgres-db.ts";
import { openSqliteDb } from "./sqlite-db.ts";

export interface StorageOptions {
  /** postgres://… ; defaults to DATABASE_URL. */
  readonly databaseUrl?: string;
  /** Schema inside PostgreSQL (default: the connection's search_path, usually `public`). */
  readonly schema?: string;
  /** Data folder for SQLite; defaults to LATCHKEY_DATA or ./latchkey-data. */
  readonly dataDir?: string;
  /** A SQLite file to use instead (`:memory:` for a throwaway hub). */
  readonly sqliteFile?: string;
}

export function describeStorage(options: StorageOptions = {}, env: NodeJS.ProcessEnv = process.env): string {
  const url = options.databaseUrl ?? env["DATABASE_URL"];
  if (url) return `PostgreSQL ${new URL(url).host}${options.schema ? ` (schema ${options.schema})` : ""}`;
  return `SQLite ${options.sqliteFile ?? join(resolve(options.dataDir ?? env["LATCHKEY_DATA"] ?? "latchkey-data"), "hub.sqlite")}`;
}

export async function openHubRepository(
  options: StorageOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<HubRepository> {
  const url = options.databaseUrl ?? env["DATABASE_URL"];
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url))
      throw new Error("DATABASE_URL must start with postgres:// or postgresql://");
    return HubRepository.open(
      await openPostgresDb(url, options.schema === undefined ? {} : { schema: options.schema }),
    );
  }
  let file = options.sqliteFile;
  if (file === undefined) {
    const dir = resolve(options.dataDir ?? env["LATCHKEY_DATA"] ?? "latchkey-data");
    mkdirSync(dir, { recursive: true });
    file = join(dir, "hub.sqlite");
  }
  return HubRepository.open(openSqliteDb(file));
}
