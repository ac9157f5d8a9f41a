/**
 * SQLite adapter (better-sqlite3): a file in the data folder, nothing to install. The driver
 * is synchronous; an async mutex keeps a transaction's statements together while its
 * callback awaits, so no other caller's statement lands inside it.
 */
import Database from "better-sqlite3";
import type { Row, SqlDb } from "./sql-db.ts";

class Mutex {
  private tail: Promise<void> = Promise.resolve();
  async lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const previous = this.tail;
    this.tail = previous.then(() => next);
    await previous;
    return release;
  }
}

function toSqlite(value: unknown): unknown {
  if (typeof value === "boolean") return value ? 1 : 0;
  return value === undefined ? null : value;
}

/** Prepared statements kept per SQL text: preparing costs more than running most of ours. */
const MAX_CACHED_STATEMENTS = 256;

class StatementCache {
  private readonly statements = new Map<string, Database.Statement>();
  constructor(private readonly db: Database.Database) {}

  get(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      // Texts with a varying number of placeholders are many: the oldest prepared goes first.
      if (this.statements.size >= MAX_CACHED_STATEMENTS) {
        const oldest = this.statements.keys().next().value;
        if (oldest !== undefined) this.statements.delete(oldest);
      }
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

class SqliteHandle implements SqlDb {
  readonly dialect = "sqlite" as const;
  constructor(
    private readonly db: Database.Database,
    private readonly mutex: Mutex | null,
    private readonly statements: StatementCache = new StatementCache(db),
  ) {}

  private async guarded<T>(fn: () => T): Promise<T> {
    if (!this.mutex) return fn();
    const release = await this.mutex.lock();
    try {
      return fn();
    } finally {
      release();
    }
  }

  query<T extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.guarded(() => this.statements.get(sql).all(...params.map(toSqlite)) as T[]);
  }

  run(sql: string, params: readonly unknown[] = []): Promise<{ changes: number }> {
    return this.guarded(() => ({ changes: this.statements.get(sql).run(...params.map(toSqlite)).changes }));
  }

  exec(sql: string): Promise<void> {
    return this.guarded(() => void this.db.exec(sql));
  }

  async transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T> {
    if (!this.mutex) return fn(this); // already inside one: join it
    const release = await this.mutex.lock();
    const inner = new SqliteHandle(this.db, null, this.statements);
    try {
      this.db.exec("BEGIN IMMEDIATE");
      try {
        const result = await fn(inner);
        this.db.exec("COMMIT");
        return result;
      } catch (err) {
        this.db.exec("ROLLBACK");
        throw err;
      }
    } finally {
      release();
    }
  }

  async close(): Promise<void> {
    const release = this.mutex ? await this.mutex.lock() : () => {};
    try {
      this.db.close();
    } finally {
      release();
    }
  }
}

/** Opens (creating) the database file; `:memory:` for a throwaway one. */
export function openSqliteDb(file: string): SqlDb {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  return new SqliteHandle(db, new Mutex());
}
