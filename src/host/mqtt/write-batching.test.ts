/**
 * batchWrites: packets a client writes in one event-loop turn, one tick at a time (as mqtt.js
 * answers what it reads), leave in one socket write; without it, one write each.
 */
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedBroker } from "../../integrations/mqtt/index.ts";
import { batchWrites } from "./write-batching.ts";

interface SpiedSocket {
  _write: (...args: unknown[]) => unknown;
  _writev: (...args: unknown[]) => unknown;
}

/** Publishes `count` messages, each in the tick after the last one's, and counts socket writes. */
async function writesFor(client: MqttClient, count: number): Promise<number> {
  const socket = client.stream as unknown as SpiedSocket;
  let writes = 0;
  const write = socket._write.bind(socket);
  const writev = socket._writev.bind(socket);
  socket._write = (...args) => {
    writes++;
    return write(...args);
  };
  socket._writev = (...args) => {
    writes++;
    return writev(...args);
  };
  await new Promise<void>((resolve) => {
    const publishFrom = (i: number): void => {
      if (i === count) return resolve();
      client.publish("batching/t", `m${i}`, { qos: 0 });
      process.nextTick(() => publishFrom(i + 1));
    };
    publishFrom(0);
  });
  await new Promise((resolve) => setTimeout(resolve, 50));
  socket._write = write;
  socket._writev = writev;
  return writes;
}

describe("batchWrites", () => {
  let broker: Awaited<ReturnType<typeof startEmbeddedBroker>>;
  beforeAll(async () => {
    broker = await startEmbeddedBroker({ port: 0 });
  });
  afterAll(async () => {
    await broker.close();
  });

  it("packets written one tick apart in one turn leave in one socket write", async () => {
    const plain = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
    const batched = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
    batchWrites(batched);
    try {
      expect(await writesFor(plain, 20)).toBe(20);
      expect(await writesFor(batched, 20)).toBe(1);
    } finally {
      await plain.endAsync();
      await batched.endAsync();
    }
  });
});
