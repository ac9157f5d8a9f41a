/**
 * Connects to the broker with the bridge's last will (its availability topic goes
 * `offline`, retained, if the process dies or the connection drops) and starts the bridge.
 */
import mqtt, { type IClientOptions } from "mqtt";
import type { HomeAssistantBridgeOptions } from "./home-assistant-bridge.ts";
import { HomeAssistantBridge } from "./home-assistant-bridge.ts";
import { bridgeTopics } from "./topics.ts";

export const DEFAULT_BASE_TOPIC = "latchkey";
export const DEFAULT_DISCOVERY_PREFIX = "homeassistant";

export interface StartBridgeOptions extends Omit<HomeAssistantBridgeOptions, "client" | "topics"> {
  readonly url: string;
  readonly clientOptions?: IClientOptions;
  readonly baseTopic?: string;
  readonly discoveryPrefix?: string;
  /** Home Assistant's birth topic when it is neither `<prefix>/status` nor its default (MQTT_BIRTH_TOPIC). */
  readonly birthTopic?: string;
}

export interface RunningBridge {
  readonly bridge: HomeAssistantBridge;
  readonly baseTopic: string;
  readonly discoveryPrefix: string;
  close(): Promise<void>;
}

export async function startHomeAssistantBridge(options: StartBridgeOptions): Promise<RunningBridge> {
  const topics = bridgeTopics(
    options.baseTopic ?? DEFAULT_BASE_TOPIC,
    options.discoveryPrefix ?? DEFAULT_DISCOVERY_PREFIX,
    options.birthTopic,
  );
  const client = await mqtt.connectAsync(options.url, {
    keepalive: 30,
    reconnectPeriod: 2_000,
    ...options.clientOptions,
    will: { topic: topics.bridgeAvailability(), payload: Buffer.from("offline"), qos: 1, retain: true },
  });
  const {
    url: _url,
    clientOptions: _clientOptions,
    baseTopic: _b,
    discoveryPrefix: _d,
    birthTopic: _t,
    ...rest
  } = options;
  const bridge = new HomeAssistantBridge({ ...rest, client, topics });
  await bridge.start();
  return {
    bridge,
    baseTopic: topics.baseTopic,
    discoveryPrefix: topics.discoveryPrefix,
    close: async () => {
      await bridge.close();
      await client.endAsync();
    },
  };
}
