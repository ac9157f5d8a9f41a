/**
 * A key press to the WebSocket update on loopback (issue 9): the server listens on
 * 127.0.0.1, a WebSocket client is connected to /api/live, and each sample taps a key over
 * HTTP and waits for the first pushed snapshot that shows it. 300 samples; median and p99.
 */
import WebSocket from "ws";
import type { BenchResult } from "./benchmark.ts";
import { createServer } from "../src/server/create-server.ts";

const SAMPLES = 300;

export async function run(): Promise<BenchResult[]> {
  const server = await createServer({
    initialLocks: [{ id: "bench", lock: { profile: "smartcode-914", state: "ready", door: "open" } }],
  });
  const url = await server.listen(0, "127.0.0.1");
  const ws = new WebSocket(`${url.replace("http", "ws")}/api/live`, { headers: { origin: url } });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  let waiting: ((count: number) => void) | null = null;
  ws.on("message", (data) => {
    const m = JSON.parse(data.toString()) as { type: string; lock?: { id: string; heldKeys: string[] } };
    if (m.type === "lock" && m.lock?.id === "bench" && waiting) waiting(m.lock.heldKeys.length);
  });
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    // Press then release "1": each is one change the page must see (held keys 1, then 0).
    for (const action of ["press", "release"] as const) {
      const want = action === "press" ? 1 : 0;
      const seen = new Promise<void>((resolve) => {
        waiting = (held) => {
          if (held === want) {
            waiting = null;
            resolve();
          }
        };
      });
      const t0 = performance.now();
      const res = await fetch(`${url}/api/locks/bench/keys`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: url },
        body: JSON.stringify({ key: "1", action }),
      });
      if (!res.ok) throw new Error(`key ${action}: ${res.status} ${await res.text()}`);
      await seen;
      times.push(performance.now() - t0);
    }
  }
  ws.close();
  await server.close();
  times.sort((a, b) => a - b);
  const at = (q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN;
  const round = (ms: number): number => Math.round(ms * 100) / 100;
  return [
    {
      name: "key press → WebSocket update, median",
      value: round(at(0.5)),
      unit: "ms",
      target: 20,
      better: "lower",
    },
    {
      name: "key press → WebSocket update, p99",
      value: round(at(0.99)),
      unit: "ms",
      target: 50,
      better: "lower",
      note: `${times.length} presses and releases over HTTP on 127.0.0.1, until the pushed snapshot shows the key`,
    },
  ];
}
