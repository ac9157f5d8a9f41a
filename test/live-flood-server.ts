/**
 * The server side of test/live-flood.test.ts, in its own process so its memory is its own:
 * a lock server with many locks on a free port; it prints `{"port":…}` and then answers
 * each line on stdin ("measure") with its memory after a full collection, the peak resident
 * set sampled every 5 ms since the previous answer, and what the WebSocket bounds did.
 * LIVE_FLOOD_LIMITS (JSON) overrides the WebSocket limits, to take one bound away at a time.
 * Run with `node --expose-gc --import tsx`.
 */
import { createInterface } from "node:readline";
import { createServer } from "../src/server/create-server.ts";
import type { CreateLockBody } from "../src/server/api-schemas.ts";

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");

const PROFILES = ["smartcode-914", "smartcode-910", "halo", "aura", "smartcode-955", "smartcode-264"];
const locks: CreateLockBody[] = Array.from({ length: 20 }, (_, i) => ({
  name: `Door ${i + 1}`,
  lock: { profile: PROFILES[i % PROFILES.length]!, state: "ready", codes: [{ slot: 1, code: "2947" }] },
}));
const limits = process.env["LIVE_FLOOD_LIMITS"];
const server = await createServer({
  pacing: false,
  initialLocks: locks,
  // No heartbeat drop during a flood on a slow machine: the bounds under test are the others.
  security: {
    websocket: { heartbeatMs: 3_600_000, ...(limits ? (JSON.parse(limits) as Record<string, number>) : {}) },
  },
});
const base = await server.listen(0, "127.0.0.1");

let peakRss = process.memoryUsage().rss;
setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 5).unref();

const MB = 1024 * 1024;
createInterface({ input: process.stdin }).on("line", () => {
  gc();
  gc();
  const m = process.memoryUsage();
  const out = {
    rssMb: m.rss / MB,
    heapUsedMb: m.heapUsed / MB,
    externalMb: m.external / MB,
    peakRssMb: Math.max(peakRss, m.rss) / MB,
    openClients: server.security.sockets.openClients,
    ...server.security.sockets.stats,
  };
  peakRss = m.rss;
  process.stdout.write(`${JSON.stringify(out)}\n`);
});
process.stdin.on("end", () => void server.close().then(() => process.exit(0)));
process.stdout.write(`${JSON.stringify({ port: Number(new URL(base).port) })}\n`);
