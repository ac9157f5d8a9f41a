/**
 * The brokers an MQTT suite runs against: always the embedded aedes broker, and the real
 * Mosquitto (or any broker) when MQTT_URL names one — `.ci/run` sets it. Without MQTT_URL
 * the suite says loudly that the external-broker half did not run. Every run gets its own
 * topic prefix so runs never see each other's retained messages.
 */
import { randomBytes } from "node:crypto";
import { startEmbeddedBroker } from "../src/integrations/mqtt/index.ts";

export interface BrokerTarget {
  readonly name: string;
  /** Starts (embedded) or names (external) the broker; returns its URL and a stop. */
  start(): Promise<{ url: string; stop: () => Promise<void> }>;
}

export function brokerTargets(suite: string): BrokerTarget[] {
  const targets: BrokerTarget[] = [
    {
      name: "embedded aedes broker",
      start: async () => {
        const broker = await startEmbeddedBroker({ port: 0 });
        return { url: broker.url, stop: () => broker.close() };
      },
    },
  ];
  const external = process.env.MQTT_URL?.trim();
  if (external) {
    targets.push({
      name: `external broker ${external}`,
      start: async () => ({ url: external, stop: async () => {} }),
    });
  } else {
    console.warn(
      `\n!!!!! ${suite}: MQTT_URL is not set — the tests against a real broker (Mosquitto) were SKIPPED.\n` +
        `!!!!! Run with MQTT_URL=mqtt://127.0.0.1:1883 to prove it on Mosquitto.\n`,
    );
  }
  return targets;
}

/** A topic root no other run uses. */
export function uniquePrefix(label: string): string {
  return `lkt-${label}-${process.pid}-${randomBytes(4).toString("hex")}`;
}
