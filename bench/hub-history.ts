/**
 * A filtered history query over 10 million events (issue 10, "npm run bench"), on SQLite and,
 * when DATABASE_URL is set, on PostgreSQL. The events are made once per database by SQL
 * (seeded arithmetic, no randomness) and kept for the next runs: a temp-folder SQLite file and
 * a PostgreSQL schema `lk_bench_history`. Each run times 300 queries of three shapes a person
 * asks (one lock's week, one person's latest, one site's unlocks on a day) through the hub's
 * repository, and reports p50 and p99.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchResult } from "./benchmark.ts";
import { HubRepository } from "../src/hub/storage/hub-repository.ts";
import { openSqliteDb } from "../src/hub/storage/sqlite-db.ts";
import { openPostgresDb } from "../src/hub/storage/postgres-db.ts";
import type { EventFilter } from "../src/hub/storage/hub-repository.ts";

/** HUB_BENCH_EVENTS runs it smaller (the figure's name says the count). */
const EVENTS = Number(process.env["HUB_BENCH_EVENTS"] ?? 10_000_000);
const LOCKS = 1_000;
const SITES = 20;
const PEOPLE = 5_000;
const T0 = Date.UTC(2025, 0, 1);
const STEP_MS = 3_000; // 10 M events over about 347 days
const TARGET_P99_MS = 50;

/** The same rows on both databases: lock, site, person and kind from the row number. */
function fillSql(dialect: "sqlite" | "postgres"): string {
  const source =
    dialect === "sqlite"
      ? `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${EVENTS})`
      : "";
  const from = dialect === "sqlite" ? "FROM n" : `FROM generate_series(1::bigint, ${EVENTS}::bigint) AS n(i)`;
  // Parenthesised: in SQLite || binds tighter than %.
  const cat = (a: string, b: string) => (dialect === "sqlite" ? `${a} || (${b})` : `${a} || (${b})::text`);
  return `${source}
INSERT INTO events (at, site_id, lock_id, person_id, access_code_id, kind, source, slot, detail)
SELECT ${T0} + i * ${STEP_MS},
       ${cat("'site-'", `((i * 7919) % ${LOCKS}) % ${SITES}`)},
       ${cat("'lock-'", `(i * 7919) % ${LOCKS}`)},
       ${cat("'person-'", `(i * 104729) % ${PEOPLE}`)},
       NULL,
       CASE i % 5 WHEN 0 THEN 'lock.locked' WHEN 1 THEN 'lock.unlocked' WHEN 2 THEN 'lock.unlocked' WHEN 3 THEN 'lock.wrong-code' ELSE 'code.set' END,
       'keypad', i % 30 + 1, NULL
${from}`;
}

async function ensureData(repo: HubRepository): Promise<number> {
  const rows = await repo.db.query("SELECT COUNT(*) AS n FROM events");
  const have = Number(rows[0]?.["n"] ?? 0);
  if (have === EVENTS) return 0;
  const started = performance.now();
  await repo.db.exec("DELETE FROM events");
  await repo.db.exec(fillSql(repo.dialect));
  if (repo.dialect === "postgres") await repo.db.exec("ANALYZE events");
  else await repo.db.exec("ANALYZE");
  return (performance.now() - started) / 1000;
}

/** Seeded queries (a small LCG), the same each run. */
function queries(count: number): EventFilter[] {
  let s = 12345;
  const next = (n: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % n;
  };
  const out: EventFilter[] = [];
  const span = EVENTS * STEP_MS;
  for (let i = 0; i < count; i++) {
    const at = T0 + next(Math.floor(span / 1000)) * 1000;
    switch (i % 3) {
      case 0:
        out.push({ lockIds: [`lock-${next(LOCKS)}`], fromMs: at, untilMs: at + 7 * 86_400_000, limit: 100 });
        break;
      case 1:
        out.push({ personId: `person-${next(PEOPLE)}`, limit: 100 });
        break;
      default:
        out.push({
          siteIds: [`site-${next(SITES)}`],
          kinds: ["lock.unlocked"],
          fromMs: at,
          untilMs: at + 86_400_000,
          limit: 100,
        });
    }
  }
  return out;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

async function measure(repo: HubRepository, label: string): Promise<BenchResult[]> {
  const built = await ensureData(repo);
  const qs = queries(300);
  for (const q of qs.slice(0, 30)) await repo.listEvents(q); // warm-up
  const times: number[] = [];
  let rows = 0;
  for (const q of qs) {
    const t = performance.now();
    rows += (await repo.listEvents(q)).length;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const note = `${qs.length} queries over ${EVENTS.toLocaleString("en")} events (a lock's week, a person's latest, a site's unlocks on a day; newest 100), ${rows} rows returned${built ? `; data built in ${built.toFixed(0)} s this run` : ""}`;
  return [
    {
      name: `history query p50, ${label}`,
      value: Number(percentile(times, 0.5).toFixed(3)),
      unit: "ms",
      target: TARGET_P99_MS,
      better: "lower",
      note,
    },
    {
      name: `history query p99, ${label}`,
      value: Number(percentile(times, 0.99).toFixed(3)),
      unit: "ms",
      target: TARGET_P99_MS,
      better: "lower",
      note,
    },
  ];
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  // A smaller run keeps its data apart from the 10-million-event one (both are kept between runs).
  const small = EVENTS === 10_000_000 ? "" : `-${EVENTS}`;
  const file = join(tmpdir(), `latchkey-bench-hub-history-v2${small}.sqlite`);
  const sqlite = await HubRepository.open(openSqliteDb(file));
  try {
    results.push(...(await measure(sqlite, `SQLite${small ? `, ${EVENTS} events` : ""}`)));
  } finally {
    await sqlite.close();
  }
  const url = process.env["DATABASE_URL"];
  if (url) {
    const pg = await HubRepository.open(
      await openPostgresDb(url, { schema: `lk_bench_history${small.replace("-", "_")}` }),
    );
    try {
      results.push(...(await measure(pg, `PostgreSQL${small ? `, ${EVENTS} events` : ""}`)));
    } finally {
      await pg.close();
    }
  } else {
    console.warn("*** hub-history: PostgreSQL figures SKIPPED — DATABASE_URL is not set ***");
  }
  return results;
}
