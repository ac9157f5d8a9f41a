/**
 * The databases every hub storage test runs on: SQLite always; PostgreSQL when DATABASE_URL is
 * set, in a schema of its own per run (dropped afterwards). Without DATABASE_URL the
 * PostgreSQL run is skipped, and says so loudly.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { HubRepository } from "./hub-repository.ts";
import { openSqliteDb } from "./sqlite-db.ts";
import { dropPostgresSchema, openPostgresDb } from "./postgres-db.ts";

export interface Backend {
  readonly name: "sqlite" | "postgres";
  open(): Promise<{
    repo: HubRepository;
    cleanup: () => Promise<void>;
    reopen: () => Promise<HubRepository>;
  }>;
}

const url = process.env["DATABASE_URL"];
let warned = false;

export function backends(suite: string): Backend[] {
  const list: Backend[] = [
    {
      name: "sqlite",
      async open() {
        const dir = mkdtempSync(join(tmpdir(), "latchkey-hub-"));
        const file = join(dir, "hub.sqlite");
        const repo = await HubRepository.open(openSqliteDb(file));
        return {
          repo,
          reopen: async () => HubRepository.open(openSqliteDb(file)),
          cleanup: async () => {
            await repo.close().catch(() => {});
            rmSync(dir, { recursive: true, force: true });
          },
        };
      },
    },
  ];
  if (url) {
    list.push({
      name: "postgres",
      async open() {
        const schema = `lk_test_${process.pid}_${randomBytes(4).toString("hex")}`;
        const repo = await HubRepository.open(await openPostgresDb(url, { schema }));
        const extra: HubRepository[] = [];
        return {
          repo,
          reopen: async () => {
            const r = await HubRepository.open(await openPostgresDb(url, { schema }));
            extra.push(r);
            return r;
          },
          cleanup: async () => {
            await repo.close().catch(() => {});
            for (const r of extra) await r.close().catch(() => {});
            await dropPostgresSchema(url, schema);
          },
        };
      },
    });
  } else if (!warned) {
    warned = true;
    console.warn(
      `\n*** ${suite}: PostgreSQL run SKIPPED — DATABASE_URL is not set. ` +
        "Set DATABASE_URL=postgres://root@127.0.0.1:5432/test to run the hub's storage suites on PostgreSQL. ***\n",
    );
  }
  return list;
}
