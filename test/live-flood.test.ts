/**
 * Issue 9's proof for the WebSocket: a client that sends 10,000 `sync` and never reads what
 * comes back does not grow the server's memory by more than 50 MB (before issue 9 it grew
 * from 0.3 GB past 1.1 GB). The server runs in its own process (test/live-flood-server.ts)
 * so its memory is its own and measured after a full collection, with its resident set
 * sampled every 5 ms in between for the peak. The client is a raw TCP socket that speaks
 * just enough WebSocket to send masked frames and is paused from the start: it never reads.
 * No timing is asserted: the test waits until the server has dealt with every frame (or
 * dropped the client), however long that takes.
 */
import { spawn } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { randomBytes } from "node:crypto";
import { connect } from "node:net";
import type { Socket } from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SYNCS = 10_000;
const GROWTH_LIMIT_MB = 50;

interface Measure {
  rssMb: number;
  heapUsedMb: number;
  externalMb: number;
  peakRssMb: number;
  openClients: number;
  messagesTaken: number;
  messagesDropped: number;
  clientsDropped: number;
}

interface Child {
  port: number;
  measure(): Promise<Measure>;
  stop(): void;
}

let child: ChildProcessWithoutNullStreams | null = null;
afterEach(() => {
  child?.kill();
  child = null;
});

async function startServer(limits?: Record<string, number>): Promise<Child> {
  const proc = spawn(process.execPath, ["--expose-gc", "--import", "tsx", "test/live-flood-server.ts"], {
    cwd: ROOT,
    env: { ...process.env, ...(limits ? { LIVE_FLOOD_LIMITS: JSON.stringify(limits) } : {}) },
  });
  child = proc;
  let stderr = "";
  proc.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const waiting: ((line: string) => void)[] = [];
  const lines: string[] = [];
  createInterface({ input: proc.stdout }).on("line", (line) => {
    const w = waiting.shift();
    if (w) w(line);
    else lines.push(line);
  });
  const next = () =>
    new Promise<string>((resolve, reject) => {
      const l = lines.shift();
      if (l !== undefined) return resolve(l);
      waiting.push(resolve);
      proc.once("exit", (code) => reject(new Error(`server exited ${code}: ${stderr}`)));
    });
  const { port } = JSON.parse(await next()) as { port: number };
  return {
    port,
    measure: async () => {
      proc.stdin.write("measure\n");
      return JSON.parse(await next()) as Measure;
    },
    stop: () => proc.stdin.end(),
  };
}

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

/** Opens /api/live on a raw socket that never reads, and sends `count` syncs on it. */
function floodWithoutReading(port: number, count: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.pause();
      socket.write(
        `GET /api/live HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
      const frame = '{"type":"sync"}';
      socket.write(Buffer.concat(Array.from({ length: count }, () => maskedTextFrame(frame))), () =>
        resolve(socket),
      );
    });
    socket.on("error", reject);
  });
}

/** A page that reads: connects, gets every lock, leaves (warms the server's code paths). */
async function onePageVisit(port: number): Promise<number> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/live`);
  let locks = 0;
  await new Promise<void>((resolve, reject) => {
    ws.on("message", () => {
      if (++locks === 20) resolve();
    });
    ws.on("error", reject);
  });
  ws.close();
  return locks;
}

/** Asks until the server has taken or dropped every frame, or dropped the client. */
async function settled(server: Child, sent: number): Promise<Measure> {
  for (;;) {
    const m = await server.measure();
    if (m.openClients === 0 || m.messagesTaken + m.messagesDropped >= sent) return m;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("a WebSocket client that sends and never reads", () => {
  it(`sends ${SYNCS} sync: the rate limit answers a few, server memory grows by under ${GROWTH_LIMIT_MB} MB`, async () => {
    const server = await startServer();
    expect(await onePageVisit(server.port)).toBe(20);
    const before = await server.measure();
    const socket = await floodWithoutReading(server.port, SYNCS);
    const after = await settled(server, SYNCS);
    socket.destroy();
    const growth = { rss: after.rssMb - before.rssMb, peak: after.peakRssMb - before.rssMb };
    console.log(`flood, default limits: before ${JSON.stringify(before)}\nafter ${JSON.stringify(after)}`);
    expect(after.messagesTaken).toBeLessThan(SYNCS / 10);
    expect(growth.peak).toBeLessThan(GROWTH_LIMIT_MB);
    expect(growth.rss).toBeLessThan(GROWTH_LIMIT_MB);
    server.stop();
  });

  it("without the rate limit, the client that falls behind is dropped instead of buffered", async () => {
    const server = await startServer({ burst: 1_000_000, refillMs: 1 });
    expect(await onePageVisit(server.port)).toBe(20);
    const before = await server.measure();
    const socket = await floodWithoutReading(server.port, SYNCS);
    const after = await settled(server, SYNCS);
    socket.destroy();
    console.log(`flood, no rate limit: before ${JSON.stringify(before)}\nafter ${JSON.stringify(after)}`);
    expect(after.clientsDropped).toBe(1);
    expect(after.openClients).toBe(0);
    expect(after.peakRssMb - before.rssMb).toBeLessThan(GROWTH_LIMIT_MB);
    expect(after.rssMb - before.rssMb).toBeLessThan(GROWTH_LIMIT_MB);
    // The server still serves pages that read.
    expect(await onePageVisit(server.port)).toBe(20);
    server.stop();
  });
});
