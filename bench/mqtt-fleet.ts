/**
 * Locks behind a broker (issue 13): 10,000 locks served by a second process
 * (`latchkey locks --count 10000`), this process as the hub end (RemoteLocks). Figures:
 * - wall time from the first setCode until every lock has answered that it stored one shared
 *   code and reported it (`code-added`), commands windowed at 256;
 * - command round trip (hub → broker → lock → broker → hub, a `status`), one at a time, to
 *   random locks: median and p99;
 * - how long until the hub sees all 10,000 online after the process starts (informative).
 * Through MQTT_URL, else Mosquitto at mqtt://127.0.0.1:1883, else the embedded broker (said
 * in the note). Targets are ours (the issue names the figures, not values): the shared code
 * on 10,000 locks within 60 s; p99 round trip within 50 ms on loopback.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mqtt from "mqtt";
import { connectLinkPair, endLinkPair, linkTopics, RemoteLocks } from "../src/host/index.ts";
import { startEmbeddedBroker } from "../src/integrations/mqtt/index.ts";
import type { BenchResult } from "./benchmark.ts";
import { spawnLocksProcess, until } from "../test/locks-process.ts";

/** MQTT_BENCH_LOCKS runs it smaller (the figures' names say the count). */
const LOCKS = Number(process.env["MQTT_BENCH_LOCKS"] ?? 10_000);
const ROUND_TRIPS = 1_000;

async function brokerUrl(): Promise<{ url: string; label: string; stop: () => Promise<void> }> {
  const candidate = process.env.MQTT_URL?.trim() || "mqtt://127.0.0.1:1883";
  try {
    const probe = await mqtt.connectAsync(candidate, { reconnectPeriod: 0, connectTimeout: 3_000 });
    await probe.endAsync();
    return {
      url: candidate,
      label: candidate.includes("1883") ? "Mosquitto" : candidate,
      stop: async () => {},
    };
  } catch {
    const broker = await startEmbeddedBroker({ port: 0 });
    return {
      url: broker.url,
      label: "the embedded aedes broker (no Mosquitto reachable)",
      stop: () => broker.close(),
    };
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function run(): Promise<BenchResult[]> {
  const broker = await brokerUrl();
  const topics = linkTopics(`lkbench-${process.pid}-${Date.now().toString(36)}`);
  const dataDir = mkdtempSync(join(tmpdir(), "latchkey-bench-locks-"));
  // Two connections, as latchkey serve's hub end has (src/host/mqtt/publisher-connection.ts).
  const hubConnections = await connectLinkPair(broker.url, { reconnectPeriod: 0 });
  const remote = new RemoteLocks({ ...hubConnections, topics, hubId: "bench-hub" });
  await remote.start();
  const started = Date.now();
  const child = spawnLocksProcess({
    url: broker.url,
    root: topics.root,
    node: "bench",
    count: LOCKS,
    dataDir,
    stderr: "inherit",
  });
  try {
    await until(
      `${LOCKS} locks online`,
      () => remote.list().filter((v) => v.online).length === LOCKS,
      500_000,
      20,
    );
    const onlineS = (Date.now() - started) / 1000;
    const ids = remote.list().map((v) => v.id);

    // "Until all report it set": each lock's answer, and its code-added report (core's event).
    const reported = new Set<string>();
    const stops = ids.map((id) =>
      remote.link(id)!.subscribe((told) => {
        const report = told.report as { type: string; event?: { kind: string; slot?: number } };
        if (report.type === "event" && report.event?.kind === "code-added" && report.event.slot === 7)
          reported.add(id);
      }),
    );
    const codeStart = performance.now();
    const results = await Promise.all(
      ids.map((id) =>
        remote.link(id)!.send({ type: "setCode", slot: 7, code: "5831" }, { timeoutMs: 120_000 }),
      ),
    );
    const answeredS = (performance.now() - codeStart) / 1000;
    const failed = results.filter((r) => !r.ok).length;
    await until("every code-added report", () => reported.size === LOCKS - failed, 120_000, 20).catch(
      () => {},
    );
    const codeS = (performance.now() - codeStart) / 1000;
    for (const stop of stops) stop();
    const trips: number[] = [];
    let seed = 12345;
    for (let i = 0; i < ROUND_TRIPS; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const id = ids[seed % ids.length]!;
      const t = performance.now();
      const r = await remote.link(id)!.send({ type: "status" }, { timeoutMs: 10_000 });
      if (r.ok) trips.push(performance.now() - t);
    }
    trips.sort((a, b) => a - b);
    const via = `through ${broker.label}`;
    return [
      {
        name: `shared code set on ${LOCKS.toLocaleString("en-US")} locks behind the broker (wall)`,
        value: codeS,
        unit: "s",
        target: 60,
        better: "lower",
        note: `${LOCKS - failed} of ${LOCKS} answered stored (last answer at ${answeredS.toFixed(1)} s), ${reported.size} reported code-added, ${failed} refused or timed out; window 256; ${via}`,
      },
      {
        name: "command round trip p99 (hub → lock → hub)",
        value: percentile(trips, 99),
        unit: "ms",
        target: 50,
        better: "lower",
        note: `${trips.length} status commands one at a time to random locks of ${LOCKS}; median ${percentile(trips, 50).toFixed(2)} ms; ${via}`,
      },
      {
        name: "command round trip median",
        value: percentile(trips, 50),
        unit: "ms",
        note: `${via}`,
      },
      {
        name: `${LOCKS.toLocaleString("en-US")} locks online at the hub after the process starts`,
        value: onlineS,
        unit: "s",
        note: `making ${LOCKS} locks in a fresh data folder (SQLite) and announcing them; ${via}`,
      },
    ];
  } finally {
    child.kill("SIGKILL");
    const cleaner = await mqtt.connectAsync(broker.url);
    await Promise.all([
      ...remote.list().map((v) => cleaner.publishAsync(topics.view(v.id), "", { qos: 1, retain: true })),
      cleaner.publishAsync(topics.nodeStatus("bench"), "", { qos: 1, retain: true }),
    ]);
    await cleaner.endAsync();
    await remote.close();
    await endLinkPair(hubConnections);
    await broker.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
