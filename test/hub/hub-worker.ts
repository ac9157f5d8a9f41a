/**
 * One hub process for the two-hub test: syncs due locks from the shared PostgreSQL schema
 * against the shared-file locks until killed. Prints "synced <n>" after each round.
 * Env: DATABASE_URL, HUB_SCHEMA, HUB_LOCK_FILE, HUB_OWNER, HUB_DELAY_MS.
 */
import { Hub } from "../../src/hub/index.ts";
import { HubRepository } from "../../src/hub/storage/hub-repository.ts";
import { openPostgresDb } from "../../src/hub/storage/postgres-db.ts";
import { SharedFileLocks } from "./shared-file-locks.ts";

const env = process.env;
const owner = env["HUB_OWNER"] ?? "hub";
const repo = await HubRepository.open(
  await openPostgresDb(env["DATABASE_URL"] ?? "", { schema: env["HUB_SCHEMA"] ?? "public" }),
);
const source = new SharedFileLocks(env["HUB_LOCK_FILE"] ?? "", owner, Number(env["HUB_DELAY_MS"] ?? "0"));
const hub = new Hub({ repo, source, owner, leaseMs: 5_000, claimLimit: 2 });
for (;;) {
  const synced = await hub.tick();
  process.stdout.write(`synced ${synced.length}\n`);
  await new Promise((r) => setTimeout(r, 50));
}
