/**
 * Every MQTT topic the Home Assistant bridge uses, built in one place so docs/mqtt.md,
 * the bridge and the tests cannot drift apart. Two roots: the discovery prefix Home
 * Assistant watches (`homeassistant` by default) and our own base topic (`latchkey`).
 */

/** MQTT topic levels we build from: no wildcards, no empty levels, no control characters. */
const TOPIC_ROOT = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;
/** Home Assistant's object id character class (MQTT discovery: `[a-zA-Z0-9_-]`). */
const OBJECT_ID = /^[A-Za-z0-9_-]{1,128}$/;

export const MAX_TOPIC_ROOT_LENGTH = 100;

/**
 * Home Assistant's own default birth topic: its MQTT integration's "Birth message topic" option,
 * a setting of its own that stays `homeassistant/status` whatever the discovery prefix.
 */
export const HOME_ASSISTANT_DEFAULT_BIRTH_TOPIC = "homeassistant/status";

/** Whether a configured root (base topic or discovery prefix) is safe to build topics under. */
export function isValidTopicRoot(root: string): boolean {
  return root.length > 0 && root.length <= MAX_TOPIC_ROOT_LENGTH && TOPIC_ROOT.test(root);
}

/** Whether an id can stand in a topic level and in a discovery object id. */
export function isValidObjectId(id: string): boolean {
  return OBJECT_ID.test(id);
}

/** The entities a lock has in Home Assistant; the key is part of topics and unique ids. */
export type EntityKey =
  | "lock"
  | "battery"
  | "battery_voltage"
  | "door"
  | "jammed"
  | "lockout"
  | "tamper"
  | "operation"
  | "alert"
  | "firmware"
  | "mode";

export type Component = "lock" | "sensor" | "binary_sensor" | "event" | "update" | "select";

export interface BridgeTopics {
  readonly baseTopic: string;
  readonly discoveryPrefix: string;
  /** The bridge's own availability: `online` while connected, `offline` as its last will. */
  bridgeAvailability(): string;
  /** Refusals that belong to no lock (unknown lock id in a command topic). */
  bridgeError(): string;
  /** `<discovery prefix>/status`: where Home Assistant's birth goes when it follows the prefix. */
  homeAssistantStatus(): string;
  /**
   * Every topic a birth (`online`: Home Assistant (re)started and wants configs) is heard on:
   * `<discovery prefix>/status`, and the birth topic set (MQTT_BIRTH_TOPIC), else Home
   * Assistant's default `homeassistant/status`; once each.
   */
  homeAssistantBirthTopics(): readonly string[];
  /** The lock's own availability, driven by its radio link. */
  lockAvailability(lockId: string): string;
  entityState(lockId: string, entity: EntityKey): string;
  /** Where Home Assistant sends lock / unlock (with the code). */
  lockCommand(lockId: string): string;
  /** The wildcard subscription that catches every lock's command topic. */
  lockCommandWildcard(): string;
  /** The lock id from a topic matched by the wildcard, or undefined when it is not one. */
  lockIdOfCommandTopic(topic: string): string | undefined;
  /** Where Home Assistant's Install button of the firmware update entity publishes. */
  firmwareCommand(lockId: string): string;
  firmwareCommandWildcard(): string;
  /** The lock id from a topic matched by the firmware wildcard, or undefined when it is not one. */
  lockIdOfFirmwareCommandTopic(topic: string): string | undefined;
  /** Where the Mode select publishes the mode chosen in Home Assistant (B-SEC-2). */
  modeCommand(lockId: string): string;
  modeCommandWildcard(): string;
  /** The lock id from a topic matched by the mode wildcard, or undefined when it is not one. */
  lockIdOfModeCommandTopic(topic: string): string | undefined;
  /** Each command's answer: ok, or a refusal with a stable code. */
  lockResult(lockId: string): string;
  /** Refusals only (malformed, unauthorised, refused by the lock), with a stable code. */
  lockError(lockId: string): string;
  discoveryConfig(component: Component, objectId: string): string;
}

/** Why a configured birth topic cannot be used, or null when it can. */
export function birthTopicProblem(topic: string, baseTopic: string): string | null {
  if (!isValidTopicRoot(topic)) {
    return (
      `MQTT_BIRTH_TOPIC must be a topic of letters, digits, "_" and "-" in levels split by "/" ` +
      `(no wildcards, at most ${MAX_TOPIC_ROOT_LENGTH} characters), got ${JSON.stringify(topic.slice(0, 120))}`
    );
  }
  if (topic === baseTopic || topic.startsWith(`${baseTopic}/`)) {
    return `MQTT_BIRTH_TOPIC must not be under the bridge's own topics (${baseTopic}/…), got ${JSON.stringify(topic)}`;
  }
  return null;
}

export function bridgeTopics(baseTopic: string, discoveryPrefix: string, birthTopic?: string): BridgeTopics {
  if (!isValidTopicRoot(baseTopic)) throw new Error(`invalid MQTT base topic: ${JSON.stringify(baseTopic)}`);
  if (!isValidTopicRoot(discoveryPrefix)) {
    throw new Error(`invalid Home Assistant discovery prefix: ${JSON.stringify(discoveryPrefix)}`);
  }
  const birthProblem = birthTopic === undefined ? null : birthTopicProblem(birthTopic, baseTopic);
  if (birthProblem) throw new Error(birthProblem);
  const births = [
    ...new Set([`${discoveryPrefix}/status`, birthTopic ?? HOME_ASSISTANT_DEFAULT_BIRTH_TOPIC]),
  ];
  const commandPrefix = `${baseTopic}/`;
  const commandSuffix = "/lock/set";
  const firmwareSuffix = "/firmware/install";
  const modeSuffix = "/mode/set";
  const lockIdOf = (topic: string, suffix: string): string | undefined => {
    if (!topic.startsWith(commandPrefix) || !topic.endsWith(suffix)) return undefined;
    const id = topic.slice(commandPrefix.length, topic.length - suffix.length);
    return id.includes("/") ? undefined : id;
  };
  return {
    baseTopic,
    discoveryPrefix,
    bridgeAvailability: () => `${baseTopic}/bridge/availability`,
    bridgeError: () => `${baseTopic}/bridge/error`,
    homeAssistantStatus: () => `${discoveryPrefix}/status`,
    homeAssistantBirthTopics: () => births,
    lockAvailability: (lockId) => `${baseTopic}/${lockId}/availability`,
    entityState: (lockId, entity) => `${baseTopic}/${lockId}/${entity}/state`,
    lockCommand: (lockId) => `${baseTopic}/${lockId}${commandSuffix}`,
    lockCommandWildcard: () => `${baseTopic}/+${commandSuffix}`,
    lockIdOfCommandTopic: (topic) => lockIdOf(topic, commandSuffix),
    firmwareCommand: (lockId) => `${baseTopic}/${lockId}${firmwareSuffix}`,
    firmwareCommandWildcard: () => `${baseTopic}/+${firmwareSuffix}`,
    lockIdOfFirmwareCommandTopic: (topic) => lockIdOf(topic, firmwareSuffix),
    modeCommand: (lockId) => `${baseTopic}/${lockId}${modeSuffix}`,
    modeCommandWildcard: () => `${baseTopic}/+${modeSuffix}`,
    lockIdOfModeCommandTopic: (topic) => lockIdOf(topic, modeSuffix),
    lockResult: (lockId) => `${baseTopic}/${lockId}/lock/result`,
    lockError: (lockId) => `${baseTopic}/${lockId}/error`,
    discoveryConfig: (component, objectId) => `${discoveryPrefix}/${component}/${objectId}/config`,
  };
}
