/**
 * What the embedded broker takes from a client such as Home Assistant: MQTT 3.1 and 3.1.1
 * (Home Assistant's default), not MQTT 5, which aedes refuses at CONNECT. docs/mqtt.md tells a
 * Home Assistant set to MQTT 5 to use 3.1.1 with the embedded broker, or a broker of its own.
 */
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedBroker } from "./embedded-broker.ts";

let broker: Awaited<ReturnType<typeof startEmbeddedBroker>>;

beforeAll(async () => {
  broker = await startEmbeddedBroker({ port: 0 });
});

afterAll(async () => {
  await broker.close();
});

/** Connects once, without retrying: "connected", or the broker's reason for refusing. */
async function connectWith(protocolVersion: 3 | 4 | 5): Promise<string> {
  const client = mqtt.connect(broker.url, { protocolVersion, reconnectPeriod: 0, connectTimeout: 5_000 });
  try {
    return await new Promise<string>((resolve) => {
      client.once("connect", () => resolve("connected"));
      client.once("error", (error) => resolve(error.message));
      client.once("close", () => resolve("closed"));
    });
  } finally {
    await client.endAsync(true);
  }
}

describe("the embedded broker and Home Assistant's MQTT protocol options", () => {
  it("takes MQTT 3.1 and 3.1.1 (Home Assistant's default) and refuses MQTT 5 at CONNECT, as docs/mqtt.md says", async () => {
    expect(await connectWith(4)).toBe("connected");
    expect(await connectWith(3)).toBe("connected");
    expect(await connectWith(5)).toMatch(/unacceptable protocol version/i);
  });
});
