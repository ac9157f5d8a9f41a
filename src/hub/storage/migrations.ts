/**
 * Versioned migrations, applied in order, each in its own transaction and recorded in
 * `schema_migrations`. One text for both databases: `{{serial}}` is the only word that
 * differs. Never edit a migration that has landed; add the next one.
 */
import type { SqlDb } from "./sql-db.ts";

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "sites, people, locks, access codes, sync state, history, alerts, tokens",
    sql: `
CREATE TABLE sites (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE people (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('owner', 'manager', 'guest')),
  site_ids TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE hub_locks (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites(id),
  name TEXT NOT NULL,
  added_at BIGINT NOT NULL,
  paired INTEGER NOT NULL DEFAULT 1,
  checksum TEXT,
  inventoried INTEGER NOT NULL DEFAULT 0,
  last_verified_at BIGINT,
  due_at BIGINT,
  lease_owner TEXT,
  lease_until BIGINT
);
CREATE INDEX hub_locks_site ON hub_locks (site_id);
CREATE INDEX hub_locks_due ON hub_locks (due_at);
CREATE TABLE access_codes (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites(id),
  name TEXT NOT NULL,
  code TEXT NOT NULL,
  generated INTEGER NOT NULL,
  person_id TEXT REFERENCES people(id),
  common_code_key TEXT,
  starts_at BIGINT,
  ends_at BIGINT,
  weekly TEXT,
  max_uses INTEGER,
  uses_count INTEGER NOT NULL DEFAULT 0,
  lead_time_ms BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  deleted_at BIGINT,
  warnings TEXT NOT NULL
);
CREATE INDEX access_codes_site ON access_codes (site_id);
CREATE INDEX access_codes_person ON access_codes (person_id);
CREATE INDEX access_codes_common_key ON access_codes (common_code_key);
CREATE TABLE access_code_locks (
  access_code_id TEXT NOT NULL REFERENCES access_codes(id),
  lock_id TEXT NOT NULL REFERENCES hub_locks(id),
  slot INTEGER,
  status TEXT NOT NULL CHECK (status IN ('setting', 'set', 'removing', 'removed', 'failed')),
  errors TEXT NOT NULL,
  warnings TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT,
  applied_key TEXT,
  change_seq BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (access_code_id, lock_id)
);
CREATE INDEX access_code_locks_lock ON access_code_locks (lock_id, change_seq);
CREATE UNIQUE INDEX access_code_locks_slot ON access_code_locks (lock_id, slot) WHERE slot IS NOT NULL;
CREATE TABLE unmanaged_codes (
  lock_id TEXT NOT NULL REFERENCES hub_locks(id),
  slot INTEGER NOT NULL,
  detected_at BIGINT NOT NULL,
  source TEXT NOT NULL,
  PRIMARY KEY (lock_id, slot)
);
CREATE TABLE events (
  id {{serial}},
  at BIGINT NOT NULL,
  site_id TEXT,
  lock_id TEXT,
  person_id TEXT,
  access_code_id TEXT,
  kind TEXT NOT NULL,
  source TEXT NOT NULL,
  slot INTEGER,
  detail TEXT
);
CREATE INDEX events_lock_at ON events (lock_id, at);
CREATE INDEX events_site_at ON events (site_id, at);
CREATE INDEX events_person_at ON events (person_id, at);
CREATE INDEX events_at ON events (at);
CREATE TABLE alerts (
  id {{serial}},
  at BIGINT NOT NULL,
  lock_id TEXT,
  site_id TEXT,
  kind TEXT NOT NULL,
  message TEXT NOT NULL,
  resolved_at BIGINT
);
CREATE INDEX alerts_lock ON alerts (lock_id, kind);
CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  person_id TEXT NOT NULL REFERENCES people(id),
  label TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE counters (
  name TEXT PRIMARY KEY,
  value BIGINT NOT NULL
);
INSERT INTO counters (name, value) VALUES ('change_seq', 0);
`,
  },
  {
    version: 2,
    name: "lock health: offline since, battery samples for the forecast",
    sql: `
ALTER TABLE hub_locks ADD COLUMN offline_since BIGINT;
CREATE TABLE battery_samples (
  lock_id TEXT NOT NULL REFERENCES hub_locks(id),
  at BIGINT NOT NULL,
  percent INTEGER NOT NULL,
  PRIMARY KEY (lock_id, at)
);
`,
  },
  {
    version: 3,
    name: "webhooks and their delivery log",
    sql: `
CREATE TABLE webhooks (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  secret TEXT NOT NULL,
  kinds TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  deleted_at BIGINT
);
CREATE TABLE webhook_deliveries (
  id {{serial}},
  webhook_id TEXT NOT NULL REFERENCES webhooks(id),
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT,
  last_status_code INTEGER,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  delivered_at BIGINT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries (webhook_id, id);
`,
  },
  {
    version: 4,
    name: "passwords, sessions and the one-time setup link",
    sql: `
ALTER TABLE people ADD COLUMN password_hash TEXT;
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES people(id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE TABLE setup_tokens (
  token_hash TEXT PRIMARY KEY,
  created_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE TABLE login_failures (
  key TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);
`,
  },
  {
    version: 5,
    name: "lock events stamped by the link (one row per report however many hubs hear it); regenerated codes",
    sql: `
ALTER TABLE events ADD COLUMN link_run TEXT;
ALTER TABLE events ADD COLUMN link_seq BIGINT;
CREATE UNIQUE INDEX events_link_stamp ON events (lock_id, link_run, link_seq);
ALTER TABLE access_codes ADD COLUMN regenerations INTEGER NOT NULL DEFAULT 0;
ALTER TABLE access_codes ADD COLUMN refused_prefixes TEXT NOT NULL DEFAULT '[]';
`,
  },
  {
    version: 6,
    name: "firmware (issue 14): each lock's version, the hub's builds, updates and staged rollouts",
    sql: `
CREATE TABLE lock_firmware (
  lock_id TEXT PRIMARY KEY,
  version TEXT,
  reported_at BIGINT,
  asked_at BIGINT,
  last_version TEXT,
  last_outcome TEXT,
  last_reason TEXT
);
CREATE TABLE firmware_releases (
  profile_id TEXT NOT NULL,
  version TEXT NOT NULL,
  changes TEXT NOT NULL,
  boards TEXT,
  program_bytes INTEGER NOT NULL,
  published_at BIGINT NOT NULL,
  published_by TEXT,
  PRIMARY KEY (profile_id, version)
);
CREATE TABLE firmware_rollouts (
  id TEXT PRIMARY KEY,
  profile_id TEXT NOT NULL,
  version TEXT NOT NULL,
  stages TEXT NOT NULL,
  threshold_bp INTEGER NOT NULL,
  concurrency INTEGER NOT NULL,
  status TEXT NOT NULL,
  stage INTEGER NOT NULL,
  halted_reason TEXT,
  created_by TEXT,
  created_at BIGINT NOT NULL,
  finished_at BIGINT,
  lease_owner TEXT,
  lease_until BIGINT
);
CREATE TABLE firmware_updates (
  id TEXT PRIMARY KEY,
  lock_id TEXT NOT NULL,
  profile_id TEXT NOT NULL,
  version TEXT NOT NULL,
  allow_downgrade INTEGER NOT NULL DEFAULT 0,
  rollout_id TEXT,
  stage INTEGER,
  position INTEGER,
  status TEXT NOT NULL,
  code TEXT,
  reason TEXT,
  previous_version TEXT,
  created_at BIGINT NOT NULL,
  started_at BIGINT,
  finished_at BIGINT
);
CREATE INDEX firmware_updates_lock ON firmware_updates (lock_id, created_at);
CREATE INDEX firmware_updates_rollout ON firmware_updates (rollout_id, stage, position);
`,
  },
  {
    version: 7,
    name: "access codes found by their digits (the weak-code warning of a code reused on another site) through an index, not a scan",
    sql: `
CREATE INDEX access_codes_code ON access_codes (code);
`,
  },
  {
    version: 8,
    name: "one-time invite links kept in the database (their token's hash), so a restart does not void them and every hub sharing the database honours them",
    sql: `
CREATE TABLE invites (
  token_hash TEXT PRIMARY KEY,
  person_id TEXT NOT NULL,
  invited_by TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX invites_person ON invites (person_id);
CREATE INDEX invites_expiry ON invites (expires_at);
`,
  },
  {
    version: 9,
    name: "a rollout cancelled by hand: who cancelled it and when (issue 14)",
    sql: `
ALTER TABLE firmware_rollouts ADD COLUMN cancelled_by TEXT;
ALTER TABLE firmware_rollouts ADD COLUMN cancelled_at BIGINT;
`,
  },
  {
    version: 10,
    name: "a person's access revoked: when (the person stays, so history still names them)",
    sql: `
ALTER TABLE people ADD COLUMN revoked_at BIGINT;
`,
  },
  {
    version: 11,
    name: "the lock's event log caught up (B-NET-5): each event's lock time and log record, late ones marked, each lock's last record read",
    sql: `
ALTER TABLE events ADD COLUMN lock_at BIGINT;
ALTER TABLE events ADD COLUMN lock_seq BIGINT;
ALTER TABLE events ADD COLUMN late INTEGER NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX events_lock_seq ON events (lock_id, lock_seq);
CREATE INDEX events_lock_time ON events (lock_id, lock_at);
ALTER TABLE hub_locks ADD COLUMN log_seq BIGINT;
`,
  },
  {
    version: 12,
    name: "Idempotency-Key: a create request's first answer, kept a day, by key hash (decision 0027)",
    sql: `
CREATE TABLE idempotency_keys (
  key_hash TEXT PRIMARY KEY,
  person_id TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status INTEGER,
  response TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
`,
  },
  {
    version: 13,
    name: "one open alert per lock and kind, held by the database: hubs sharing PostgreSQL raised the same care reminder at once",
    sql: `
UPDATE alerts SET resolved_at = at WHERE resolved_at IS NULL AND EXISTS (
  SELECT 1 FROM alerts newer WHERE newer.resolved_at IS NULL AND newer.kind = alerts.kind
    AND COALESCE(newer.lock_id, '') = COALESCE(alerts.lock_id, '') AND newer.id > alerts.id
);
CREATE UNIQUE INDEX alerts_one_open ON alerts (COALESCE(lock_id, ''), kind) WHERE resolved_at IS NULL;
`,
  },
  {
    version: 14,
    name: "when the host deleted a lock under the hub's care: it kept showing its codes set and itself paired",
    sql: `ALTER TABLE hub_locks ADD COLUMN host_removed_at BIGINT;`,
  },
  {
    version: 15,
    name: "a lock taken off the hub's care (Seam's unmanaged device): there was no way to make the hub stop caring for a lock",
    sql: `ALTER TABLE hub_locks ADD COLUMN unmanaged_at BIGINT;`,
  },
];

function dialectSql(db: SqlDb, sql: string): string {
  const serial = db.dialect === "postgres" ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT";
  return sql.replaceAll("{{serial}}", serial);
}

/** Applies the migrations not yet applied; safe when two hubs start at once. Returns the versions applied. */
export async function migrate(
  db: SqlDb,
  migrations: readonly Migration[] = MIGRATIONS,
  nowMs = Date.now(),
): Promise<number[]> {
  await db.exec(
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
  );
  const applied: number[] = [];
  for (const m of migrations) {
    const done = await db.transaction(async (tx) => {
      // Two hubs starting together on PostgreSQL: the second waits here, then sees it applied.
      if (tx.dialect === "postgres") await tx.query("SELECT pg_advisory_xact_lock(7310010)");
      const rows = await tx.query("SELECT version FROM schema_migrations WHERE version = ?", [m.version]);
      if (rows.length > 0) return false;
      await tx.exec(dialectSql(tx, m.sql));
      await tx.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", [
        m.version,
        m.name,
        nowMs,
      ]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}
