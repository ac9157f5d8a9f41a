/**
 * PostgreSQL adapter (pg): used when DATABASE_URL names a database. Several hub processes
 * share one database and coordinate through it (row locks), never through a coordinator of
 * our own. `schema` keeps a hub (or a test run) in its own namespace.
 */
import pg from "pg";
import type { Row, SqlDb } from "./sql-db.ts";
import { numberPlaceholders } from "./sql-db.ts";

// 64-bit integers (ms timestamps, counters) come back as numbers: they stay below 2^53.
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === 20) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

type Queryable = {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
};

class PostgresHandle implements SqlDb {
  readonly dialect = "postgres" as const;
  constructor(
    private readonly client: Queryable,
    private readonly pool: pg.Pool | null,
  ) {}

  async query<T extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const result = await this.client.query(numberPlaceholders(sql), [...params]);
    return result.rows as T[];
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<{ changes: number }> {
    const result = await this.client.query(numberPlaceholders(sql), [...params]);
    return { changes: result.rowCount ?? 0 };
  }

  async exec(sql: string): Promise<void> {
    await this.client.query(sql);
  }

  async transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T> {
    if (!this.pool) return fn(this);
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      try {
        const result = await fn(new PostgresHandle(client, null));
        await client.query("COMMIT");
        return result;
      } catch (err) {
        await client.query("ROLLBACK");
        throw err;
      }
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool?.end();
  }
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Connects to `url`; with `schema`, creates it when missing and works inside it. */
export async function openPostgresDb(
  url: string,
  options: { schema?: string; max?: number } = {},
): Promise<SqlDb> {
  const schema = options.schema;
  if (schema !== undefined && !SCHEMA_NAME.test(schema))
    throw new Error(`invalid schema name ${JSON.stringify(schema)}`);
  if (schema !== undefined) {
    const setup = new pg.Client({ connectionString: url });
    await setup.connect();
    try {
      await setup.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await setup.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 5,
    types,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  pool.on("error", () => {
    // An idle client lost its connection; the pool replaces it on the next query.
  });
  return new PostgresHandle(pool, pool);
}

/** Drops a schema and everything in it (tests clean up their own). */
export async function dropPostgresSchema(url: string, schema: string): Promise<void> {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name ${JSON.stringify(schema)}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
