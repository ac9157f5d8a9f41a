/**
 * Issue 10's fleet figure: 10,000 hosted locks (src/host/, free-running), one shared code added
 * to all of them, and the wall time until every lock has acknowledged it (`set`), through the
 * hub's real loop on SQLite (hub and host both): inventory of every lock's slots on first sight, setCode, the
 * checksum read back. HUB_BENCH_LOCKS changes the count (the figure's name says the count).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchResult } from "./benchmark.ts";
import { LockHost, SqliteHostStore } from "../src/host/index.ts";
import { Hub } from "../src/hub/index.ts";
import { HubRepository } from "../src/hub/storage/hub-repository.ts";
import { openSqliteDb } from "../src/hub/storage/sqlite-db.ts";
import { readyLockSetup } from "../src/host/index.ts";

const SETUP = readyLockSetup("smartcode-914", Date.UTC(2026, 11, 7, 9), { paired: true });
const TARGET_S = 300;

export async function run(): Promise<BenchResult[]> {
  const n = Number(process.env["HUB_BENCH_LOCKS"] ?? 10_000);
  const dir = mkdtempSync(join(tmpdir(), "latchkey-bench-fleet-"));
  // The locks' process stores every lock as `latchkey serve` does (SQLite in its data folder), so
  // the figure includes the host's saves, batched per turn (decision 0022), not a memory store.
  const host = new LockHost({ store: new SqliteHostStore(join(dir, "locks.sqlite")), pacing: false });
  host.open();
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `door-${String(i).padStart(5, "0")}`;
    const r = host.create({ id, setup: SETUP });
    if (!r.ok) throw new Error(r.reason);
    ids.push(id);
  }
  const repo = await HubRepository.open(openSqliteDb(join(dir, "hub.sqlite")));
  const hub = new Hub({ repo, source: host, owner: "bench" });
  try {
    const owner = await hub.createOwner("Bench");
    if (!owner.ok) throw new Error(owner.reason);
    await hub.createSite(owner.value, { id: "tower", name: "Tower", timeZone: "UTC" });
    for (const id of ids) {
      const r = await hub.addLock(owner.value, { lockId: id, siteId: "tower" });
      if (!r.ok) throw new Error(r.reason);
    }
    const started = performance.now();
    const made = await hub.createAccessCode(owner.value, { lockIds: ids, name: "Everyone", code: "583920" });
    if (!made.ok) throw new Error(made.reason);
    let left = n;
    let rounds = 0;
    while (left > 0 && rounds < 10_000) {
      await hub.syncer.tick(500, 16);
      rounds++;
      const rows = await repo.db.query("SELECT COUNT(*) AS n FROM access_code_locks WHERE status <> 'set'");
      left = Number(rows[0]?.["n"]);
    }
    const seconds = (performance.now() - started) / 1000;
    if (left > 0) throw new Error(`${left} locks never reported set`);
    return [
      {
        name: `one shared code to ${n.toLocaleString("en")} hosted locks, until every lock is set`,
        value: Number(seconds.toFixed(2)),
        unit: "s",
        target: TARGET_S,
        better: "lower",
        note: `SQLite hub, in-process host storing its locks in SQLite, ${rounds} rounds of 500 locks, 16 at a time; each lock inventoried (30 readSlot), setCode, readChecksum`,
      },
      { name: "locks set per second", value: Number((n / seconds).toFixed(1)), unit: "locks/s" },
    ];
  } finally {
    await hub.close();
    await repo.close();
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
