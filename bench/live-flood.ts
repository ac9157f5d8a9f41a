/**
 * Server memory under a WebSocket client that sends 10,000 `sync` and never reads (issue 9:
 * it used to grow the server from 0.3 GB past 1.1 GB; target: under 50 MB). The lock server
 * runs in this benchmark's own process with 20 locks; the client is a raw TCP socket, paused
 * from the start, that speaks just enough WebSocket to send masked frames. Growth of the
 * resident set after a full collection, and its peak sampled every 5 ms, from before the
 * flood until the server has taken or dropped every frame or dropped the client. Twice: with
 * the default limits (the rate limit answers a few), and with the rate limit taken away (the
 * client falls behind and is dropped at the send-buffer bound).
 */
import { randomBytes } from "node:crypto";
import { connect } from "node:net";
import type { Socket } from "node:net";
import type { CreateLockBody } from "../src/server/api-schemas.ts";
import { createServer } from "../src/server/create-server.ts";
import type { WebSocketLimits } from "../src/server/security/websocket-guard.ts";
import type { BenchResult } from "./benchmark.ts";
import { settledMemory } from "./memory.ts";

const SYNCS = 10_000;
const TARGET_MB = 50;
const MB = 1024 * 1024;
const PROFILES = ["smartcode-914", "smartcode-910", "halo", "aura", "smartcode-955", "smartcode-264"];
const LOCKS: CreateLockBody[] = Array.from({ length: 20 }, (_, i) => ({
  name: `Door ${i + 1}`,
  lock: { profile: PROFILES[i % PROFILES.length]!, state: "ready", codes: [{ slot: 1, code: "2947" }] },
}));

/** A client frame (RFC 6455 §5.2): FIN, text, masked, payload under 126 bytes. */
function maskedTextFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const out = Buffer.alloc(6 + payload.length);
  out[0] = 0x81;
  out[1] = 0x80 | payload.length;
  mask.copy(out, 2);
  for (let i = 0; i < payload.length; i++) out[6 + i] = payload[i]! ^ mask[i % 4]!;
  return out;
}

function floodWithoutReading(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.pause();
      socket.write(
        `GET /api/live HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
      const frames = Buffer.concat(Array.from({ length: SYNCS }, () => maskedTextFrame('{"type":"sync"}')));
      socket.write(frames, () => resolve(socket));
    });
    socket.on("error", reject);
  });
}

async function flood(
  websocket: Partial<WebSocketLimits>,
): Promise<{ growthMb: number; peakMb: number; answered: number; dropped: boolean }> {
  const server = await createServer({ pacing: false, initialLocks: LOCKS, security: { websocket } });
  const port = Number(new URL(await server.listen(0, "127.0.0.1")).port);
  const before = settledMemory().rssBytes;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const socket = await floodWithoutReading(port);
  const guard = server.security.sockets;
  const seen = () => guard.stats.messagesTaken + guard.stats.messagesDropped;
  // The upgrade is served a moment after the bytes are sent: wait for the client first.
  while (guard.openClients === 0 && seen() === 0 && guard.stats.clientsDropped === 0)
    await new Promise((r) => setTimeout(r, 5));
  while (guard.openClients > 0 && seen() < SYNCS) await new Promise((r) => setTimeout(r, 20));
  clearInterval(sampler);
  const after = settledMemory().rssBytes;
  const result = {
    growthMb: (after - before) / MB,
    peakMb: (Math.max(peak, after) - before) / MB,
    answered: guard.stats.messagesTaken,
    dropped: guard.stats.clientsDropped > 0,
  };
  socket.destroy();
  await server.close();
  return result;
}

export async function run(): Promise<BenchResult[]> {
  // No heartbeat drop on a slow machine: the bounds measured are the rate limit and the buffer.
  const limited = await flood({ heartbeatMs: 3_600_000 });
  const unlimited = await flood({ heartbeatMs: 3_600_000, burst: 1_000_000, refillMs: 1 });
  if (!unlimited.dropped)
    throw new Error(`without the rate limit the client was not dropped: ${JSON.stringify(unlimited)}`);
  const what = `${SYNCS.toLocaleString("en-US")} sync from a client that never reads, 20 locks`;
  return [
    {
      name: "RSS growth, default limits (MB)",
      value: Math.round(limited.growthMb * 10) / 10,
      unit: "MB",
      target: TARGET_MB,
      better: "lower",
      note: `${what}: after a full collection; ${limited.answered} syncs answered, the rest dropped by the rate limit`,
    },
    {
      name: "peak RSS growth, default limits (MB)",
      value: Math.round(limited.peakMb * 10) / 10,
      unit: "MB",
      target: TARGET_MB,
      better: "lower",
      note: `${what}: resident set sampled every 5 ms during the flood`,
    },
    {
      name: "peak RSS growth, rate limit off (MB)",
      value: Math.round(unlimited.peakMb * 10) / 10,
      unit: "MB",
      target: TARGET_MB,
      better: "lower",
      note: `${what}: the client is dropped when 4 MiB wait unsent for it, after ${unlimited.answered} syncs answered`,
    },
  ];
}
