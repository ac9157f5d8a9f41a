/**
 * Issue 10: POST /api/hub/v1/access_codes latency on loopback — the whole server (edge checks,
 * bearer token, zod, the hub, SQLite) over real HTTP, 50 hosted locks, one code on one lock per
 * request; 200 warm-up requests, then 2,000 timed one after another. p50 and p99.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchResult } from "./benchmark.ts";
import { LockHost } from "../src/host/index.ts";
import { Hub } from "../src/hub/index.ts";
import { HubRepository } from "../src/hub/storage/hub-repository.ts";
import { openSqliteDb } from "../src/hub/storage/sqlite-db.ts";
import { createServer } from "../src/server/create-server.ts";
import { readyLockSetup } from "../src/host/index.ts";

const TARGET_P99_MS = 50;
const SETUP = readyLockSetup("smartcode-914", Date.UTC(2026, 11, 7, 9), { paired: true });

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), "latchkey-bench-create-"));
  const host = new LockHost({ pacing: false });
  host.open();
  for (let i = 0; i < 50; i++) host.create({ id: `door-${i}`, setup: SETUP });
  const repo = await HubRepository.open(openSqliteDb(join(dir, "hub.sqlite")));
  const hub = new Hub({ repo, source: host });
  const token = "bench-admin-token-0123456789";
  const admin = await hub.ensureAdminToken(token);
  await hub.createSite(admin, { id: "tower", name: "Tower", timeZone: "UTC" });
  for (let i = 0; i < 50; i++) await hub.addLock(admin, { lockId: `door-${i}`, siteId: "tower" });
  const server = await createServer({ hub, pacing: false, webDist: null, initialLocks: [] });
  const base = await server.listen(0, "127.0.0.1");
  try {
    const post = async (i: number): Promise<number> => {
      const body = JSON.stringify({
        lock_ids: [`door-${i % 50}`],
        name: `Guest ${i}`,
        code: String(100000 + ((i * 7919) % 900000)),
      });
      const t = performance.now();
      const res = await fetch(`${base}/api/hub/v1/access_codes`, {
        method: "POST",
        body,
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      });
      await res.arrayBuffer();
      if (res.status !== 201) throw new Error(`answered ${res.status}`);
      return performance.now() - t;
    };
    for (let i = 0; i < 200; i++) await post(i);
    const times: number[] = [];
    for (let i = 200; i < 2200; i++) times.push(await post(i));
    times.sort((a, b) => a - b);
    const at = (p: number) =>
      Number((times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? NaN).toFixed(3));
    const note = "2,000 sequential POSTs over loopback after 200 warm-up, SQLite hub, edge checks on";
    return [
      {
        name: "create access code p50, loopback",
        value: at(0.5),
        unit: "ms",
        target: TARGET_P99_MS,
        better: "lower",
        note,
      },
      {
        name: "create access code p99, loopback",
        value: at(0.99),
        unit: "ms",
        target: TARGET_P99_MS,
        better: "lower",
        note,
      },
    ];
  } finally {
    await server.close();
    await hub.close();
    await repo.close();
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
