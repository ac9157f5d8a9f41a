/**
 * A node's first views go out VIEW_BURST at a time with a pause between bursts, and its status
 * before them: a broker drops what a slow hub cannot take in (Mosquitto's max_queued_messages),
 * and a status lost in the burst would leave every lock offline at the hub (bench mqtt-fleet).
 */
import type { MqttClient } from "mqtt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LockHost } from "../lock-host.ts";
import { LockNode, VIEW_BURST, VIEW_BURST_PAUSE_MS } from "./lock-node.ts";
import { linkTopics } from "./index.ts";
import { readyLockSetup } from "../ready-lock-setup.ts";

const SETUP = readyLockSetup("smartcode-914", Date.parse("2026-03-02T08:00:00Z"));

/** Just what LockNode calls on a client; records each publish's topic. */
function recordingClient(published: string[]): MqttClient {
  const client = {
    on: () => client,
    off: () => client,
    subscribeAsync: async () => [],
    publish: (topic: string, _payload: unknown, _options: unknown, done?: () => void) => {
      published.push(topic);
      done?.();
      return client;
    },
    publishAsync: async (topic: string) => {
      published.push(topic);
    },
  };
  return client as unknown as MqttClient;
}

describe("a node's views at start", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("status first, then at most VIEW_BURST views before each pause", async () => {
    const host = new LockHost({ pacing: false });
    host.open();
    const count = VIEW_BURST * 2 + 10;
    for (let i = 0; i < count; i++) {
      const made = host.create({ id: `door-${i}`, setup: SETUP });
      if (!made.ok) throw new Error(made.reason);
    }
    const topics = linkTopics("pacing-test");
    const published: string[] = [];
    vi.useFakeTimers();
    const node = new LockNode({ host, client: recordingClient(published), topics, nodeId: "n1" });
    const started = node.start();
    await vi.advanceTimersByTimeAsync(0);
    const views = () => published.filter((t) => t.endsWith("/view")).length;
    expect(published[0]).toBe(topics.nodeStatus("n1"));
    expect(views()).toBe(VIEW_BURST);
    await vi.advanceTimersByTimeAsync(VIEW_BURST_PAUSE_MS);
    expect(views()).toBe(VIEW_BURST * 2);
    await vi.advanceTimersByTimeAsync(VIEW_BURST_PAUSE_MS);
    await started;
    expect(views()).toBe(count);
    vi.useRealTimers();
    await node.close().catch(() => {});
    await host.close();
  });
});
