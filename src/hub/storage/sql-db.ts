/**
 * The storage port under the hub's repository: one small async SQL surface that SQLite
 * (better-sqlite3, the default) and PostgreSQL (pg, when DATABASE_URL is set) both provide.
 * SQL is written once with `?` placeholders; the PostgreSQL adapter numbers them.
 */
export type Row = Record<string, unknown>;

export interface SqlDb {
  readonly dialect: "sqlite" | "postgres";
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  run(sql: string, params?: readonly unknown[]): Promise<{ changes: number }>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction: all of it or none of it. */
  transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** `?` → `$1, $2…` for PostgreSQL (our SQL never holds a literal question mark). */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
