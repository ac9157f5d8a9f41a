/**
 * Issue 14's fleet figure: staged firmware rollouts across 10,000 hosted locks (src/host/,
 * free-running clocks, so the radio's time is the locks' virtual time and the wall time is the
 * hub's and the locks' work), through the hub's real rollout runner on SQLite:
 *
 * 1. a build made for board revisions A and B only (about 5 % of locks are on C, where it fails
 *    its self-test and rolls back): wall time until the rollout halts by itself, and where;
 * 2. a good build to every lock (stages 1 %, 10 %, 100 %): wall time until it completes.
 *
 * Halo (Wi-Fi) locks, the default 24 KiB program, 16 locks at a time. FIRMWARE_BENCH_LOCKS
 * changes the count (the figures' names say it).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchResult } from "./benchmark.ts";
import { LockHost } from "../src/host/index.ts";
import { Hub, ephemeralSigningKey } from "../src/hub/index.ts";
import type { Actor, RolloutReport } from "../src/hub/index.ts";
import { HubRepository } from "../src/hub/storage/hub-repository.ts";
import { openSqliteDb } from "../src/hub/storage/sqlite-db.ts";
import { readyLockSetup } from "../src/host/index.ts";
import { valueOrThrow } from "../src/host/outcome.ts";

const SETUP = readyLockSetup("halo", Date.UTC(2026, 11, 7, 9), { paired: true });
/**
 * A full rollout to 10,000 locks: 300 s, the same bound as one shared code to 10,000 locks
 * (hub-sync-fleet). Most of the wall time is the simulated locks' own work — each verifies its
 * 24 KiB image with Ed25519 in pure JS — which a real fleet does on 10,000 MCUs at once.
 */
const FULL_TARGET_S = 300;
/** A bad build stopped: seconds, whatever the fleet's size (only its first stages run). */
const HALT_TARGET_S = 10;
const CONCURRENCY = 16;

async function rollOut(
  hub: Hub,
  owner: Actor,
  version: string,
): Promise<{ seconds: number; report: RolloutReport }> {
  const started = performance.now();
  const r = valueOrThrow(
    await hub.firmware.startRollout(owner, { profileId: "halo", version, concurrency: CONCURRENCY }),
  );
  await hub.firmware.idle();
  const seconds = (performance.now() - started) / 1000;
  return { seconds, report: valueOrThrow(await hub.firmware.rolloutReport(owner, r.rollout.id)) };
}

export async function run(): Promise<BenchResult[]> {
  const n = Number(process.env["FIRMWARE_BENCH_LOCKS"] ?? 10_000);
  const count = n.toLocaleString("en");
  const dir = mkdtempSync(join(tmpdir(), "latchkey-bench-rollout-"));
  const key = ephemeralSigningKey();
  const host = new LockHost({ pacing: false, updateKeys: [key.publicKey] });
  host.open();
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `door-${String(i).padStart(5, "0")}`;
    valueOrThrow(host.create({ id, setup: SETUP, seed: i + 1 }));
    ids.push(id);
  }
  const repo = await HubRepository.open(openSqliteDb(join(dir, "hub.sqlite")));
  const hub = new Hub({ repo, source: host, owner: "bench", firmwareKey: key });
  try {
    const owner = valueOrThrow(await hub.createOwner("Bench"));
    valueOrThrow(await hub.createSite(owner, { id: "tower", name: "Tower", timeZone: "UTC" }));
    for (const id of ids) valueOrThrow(await hub.addLock(owner, { lockId: id, siteId: "tower" }));
    valueOrThrow(
      await hub.firmware.publishRelease(owner, {
        profileId: "halo",
        version: "1.2.0",
        changes: ["Motor: a gentler start (built for board revisions A and B)"],
        boards: ["A", "B"],
      }),
    );
    valueOrThrow(
      await hub.firmware.publishRelease(owner, {
        profileId: "halo",
        version: "1.2.1",
        changes: ["Every board"],
      }),
    );

    const bad = await rollOut(hub, owner, "1.2.0");
    if (bad.report.rollout.status !== "halted")
      throw new Error(`the bad build's rollout ended ${bad.report.rollout.status}`);
    const boardC = ids.filter((id) => host.get(id)!.twin.board === "C").length;
    const tried = bad.report.updated.length + bad.report.rolledBack.length + bad.report.failed.length;

    const good = await rollOut(hub, owner, "1.2.1");
    if (good.report.rollout.status !== "completed" || good.report.updated.length !== good.report.targets)
      throw new Error(
        `the good build's rollout ended ${good.report.rollout.status} with ${good.report.updated.length} of ${good.report.targets} updated`,
      );
    return [
      {
        name: `rollout of a build failing on board C across ${count} hosted locks, until it halts`,
        value: Number(bad.seconds.toFixed(2)),
        unit: "s",
        target: HALT_TARGET_S,
        better: "lower",
        note:
          `halted in stage ${bad.report.rollout.stage + 1} (${bad.report.rollout.stagesPercent[bad.report.rollout.stage]} %): ` +
          `${tried} locks tried, ${bad.report.rolledBack.length} rolled back (all on board C; ${boardC} of the fleet are), ` +
          `${bad.report.neverTried.length} never tried; SQLite hub, in-process host, Halo (Wi-Fi), 24 KiB program, ${CONCURRENCY} at a time`,
      },
      {
        name: `full rollout (1 %, 10 %, 100 %) to ${count} hosted locks, wall time`,
        value: Number(good.seconds.toFixed(2)),
        unit: "s",
        target: FULL_TARGET_S,
        better: "lower",
        note: `${good.report.updated.length} locks updated; SQLite hub, in-process host on virtual time (Wi-Fi's 40 ms a 4 KiB chunk and the 2 s restart are lock time), 24 KiB program, ${CONCURRENCY} at a time`,
      },
      {
        name: "locks updated per second (full rollout)",
        value: Number((good.report.updated.length / good.seconds).toFixed(1)),
        unit: "locks/s",
      },
    ];
  } finally {
    await hub.close();
    await repo.close();
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
