/**
 * The MQTT integration's public face: Home Assistant discovery and commands over a broker,
 * the embedded broker, and broker settings from the environment (docs/mqtt.md).
 */
export {
  bridgeTopics,
  birthTopicProblem,
  isValidTopicRoot,
  HOME_ASSISTANT_DEFAULT_BIRTH_TOPIC,
} from "./topics.ts";
export type { BridgeTopics, EntityKey, Component } from "./topics.ts";
export {
  discoveryMessages,
  allDiscoveryTopics,
  codeFormatFor,
  isDiscoverable,
  ALERT_STATES,
  OPERATION_EVENT_TYPES,
} from "./discovery-config.ts";
export type { DiscoverableLock, DiscoveryMessage } from "./discovery-config.ts";
export { HomeAssistantBridge } from "./home-assistant-bridge.ts";
export type { BridgeHost, BridgeLink, HomeAssistantBridgeOptions } from "./home-assistant-bridge.ts";
export { parseLockCommand, MAX_COMMAND_BYTES } from "./lock-command.ts";
export { startEmbeddedBroker, EMBEDDED_MAX_PAYLOAD_BYTES } from "./embedded-broker.ts";
export type { EmbeddedBroker } from "./embedded-broker.ts";
export { brokerSettings, brokerSettingsFromEnv, redactedUrl } from "./broker-options.ts";
export type { BrokerSettings } from "./broker-options.ts";
export { startHomeAssistantBridge, DEFAULT_BASE_TOPIC, DEFAULT_DISCOVERY_PREFIX } from "./start-bridge.ts";
export type { RunningBridge, StartBridgeOptions } from "./start-bridge.ts";
export { bridgeHostOf, installFirmwareAnywhere, installFirmwareOn } from "./bridge-host.ts";
export { startMqtt, mqttEnvProblem, mqttPortFromEnv, DEFAULT_MQTT_PORT } from "./start-mqtt.ts";
export type { RunningMqtt, StartMqttOptions } from "./start-mqtt.ts";
