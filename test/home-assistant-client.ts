/**
 * A test client that plays Home Assistant on a broker: it reads every discovery config
 * under a prefix, checks each one against Home Assistant's documented MQTT discovery schema
 * (written here from Home Assistant's docs, independently of the bridge), follows the
 * state, availability and event topics the configs name, and sends lock commands the way
 * Home Assistant does: by rendering the config's `command_template` with `value` and `code`.
 */
import mqtt, { type MqttClient } from "mqtt";

/** https://www.home-assistant.io/integrations/mqtt/#discovery-topic */
const DISCOVERY_TOPIC = /^(.+)\/([a-z_]+)\/(?:([A-Za-z0-9_-]+)\/)?([A-Za-z0-9_-]+)\/config$/;
const COMPONENTS = new Set(["lock", "sensor", "binary_sensor", "event", "update", "select"]);
/** https://www.home-assistant.io/integrations/update.mqtt/ */
const UPDATE_CLASSES = new Set(["firmware"]);
const SENSOR_CLASSES = new Set([
  "battery",
  "current",
  "duration",
  "enum",
  "energy",
  "humidity",
  "power",
  "signal_strength",
  "temperature",
  "timestamp",
  "voltage",
]);
const BINARY_SENSOR_CLASSES = new Set([
  "battery",
  "battery_charging",
  "carbon_monoxide",
  "cold",
  "connectivity",
  "door",
  "garage_door",
  "gas",
  "heat",
  "light",
  "lock",
  "moisture",
  "motion",
  "moving",
  "occupancy",
  "opening",
  "plug",
  "power",
  "presence",
  "problem",
  "running",
  "safety",
  "smoke",
  "sound",
  "tamper",
  "update",
  "vibration",
  "window",
]);
const EVENT_CLASSES = new Set(["button", "doorbell", "motion"]);
const DEVICE_KEYS = new Set([
  "configuration_url",
  "connections",
  "hw_version",
  "identifiers",
  "manufacturer",
  "model",
  "model_id",
  "name",
  "serial_number",
  "suggested_area",
  "sw_version",
  "via_device",
]);

export interface DiscoveredEntity {
  readonly topic: string;
  readonly component: string;
  readonly objectId: string;
  readonly config: Record<string, unknown>;
}

/** Problems with one discovery message; empty when Home Assistant would accept it. */
export function schemaProblems(topic: string, config: unknown, discoveryPrefix: string): string[] {
  const problems: string[] = [];
  const match = DISCOVERY_TOPIC.exec(topic);
  if (match === null || match[1] !== discoveryPrefix) return [`${topic}: not a discovery topic`];
  const component = match[2]!;
  if (!COMPONENTS.has(component)) problems.push(`${topic}: unexpected component ${component}`);
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    return [...problems, `${topic}: payload is not a JSON object`];
  }
  const c = config as Record<string, unknown>;
  const str = (key: string) => typeof c[key] === "string" && (c[key] as string).length > 0;
  if (!str("unique_id")) problems.push(`${topic}: unique_id missing`);
  const device = c.device as Record<string, unknown> | undefined;
  if (typeof device !== "object" || device === null) problems.push(`${topic}: device missing`);
  else {
    if (!Array.isArray(device.identifiers) || device.identifiers.length === 0) {
      problems.push(`${topic}: device.identifiers missing`);
    }
    for (const key of Object.keys(device))
      if (!DEVICE_KEYS.has(key)) problems.push(`${topic}: device.${key}?`);
  }
  if (c.origin !== undefined && typeof (c.origin as Record<string, unknown>).name !== "string") {
    problems.push(`${topic}: origin.name is required in an origin block`);
  }
  if (c.availability !== undefined) {
    if (!Array.isArray(c.availability)) problems.push(`${topic}: availability must be a list`);
    else
      for (const entry of c.availability as Record<string, unknown>[]) {
        if (typeof entry.topic !== "string") problems.push(`${topic}: availability entry without topic`);
      }
    if (c.availability_topic !== undefined) problems.push(`${topic}: availability with availability_topic`);
    if (
      c.availability_mode !== undefined &&
      !["all", "any", "latest"].includes(c.availability_mode as string)
    ) {
      problems.push(`${topic}: availability_mode`);
    }
  }
  if (c.entity_category !== undefined && !["config", "diagnostic"].includes(c.entity_category as string)) {
    problems.push(`${topic}: entity_category`);
  }
  if (c.qos !== undefined && ![0, 1, 2].includes(c.qos as number)) problems.push(`${topic}: qos`);
  switch (component) {
    case "lock":
      if (!str("command_topic")) problems.push(`${topic}: lock needs command_topic`);
      if (c.code_format !== undefined) {
        try {
          new RegExp(c.code_format as string);
        } catch {
          problems.push(`${topic}: code_format is not a regex`);
        }
      }
      break;
    case "sensor":
      if (!str("state_topic")) problems.push(`${topic}: sensor needs state_topic`);
      if (c.device_class !== undefined && !SENSOR_CLASSES.has(c.device_class as string)) {
        problems.push(`${topic}: sensor device_class ${String(c.device_class)}`);
      }
      if (c.device_class === "battery" && c.unit_of_measurement !== "%")
        problems.push(`${topic}: battery unit`);
      if (c.device_class === "voltage" && !["V", "mV"].includes(c.unit_of_measurement as string)) {
        problems.push(`${topic}: voltage unit`);
      }
      if (c.device_class === "enum") {
        if (!Array.isArray(c.options) || c.options.length === 0)
          problems.push(`${topic}: enum needs options`);
        if (c.unit_of_measurement !== undefined || c.state_class !== undefined) {
          problems.push(`${topic}: enum sensors take no unit or state_class`);
        }
      }
      if (
        c.state_class !== undefined &&
        !["measurement", "total", "total_increasing", "measurement_angle"].includes(c.state_class as string)
      ) {
        problems.push(`${topic}: state_class`);
      }
      break;
    case "binary_sensor":
      if (!str("state_topic")) problems.push(`${topic}: binary_sensor needs state_topic`);
      if (c.device_class !== undefined && !BINARY_SENSOR_CLASSES.has(c.device_class as string)) {
        problems.push(`${topic}: binary_sensor device_class ${String(c.device_class)}`);
      }
      break;
    case "event":
      if (!str("state_topic")) problems.push(`${topic}: event needs state_topic`);
      if (!Array.isArray(c.event_types) || c.event_types.length === 0) problems.push(`${topic}: event_types`);
      if (c.device_class !== undefined && !EVENT_CLASSES.has(c.device_class as string)) {
        problems.push(`${topic}: event device_class`);
      }
      break;
    case "select":
      // https://www.home-assistant.io/integrations/select.mqtt/: command_topic and options required.
      if (!str("command_topic")) problems.push(`${topic}: select needs command_topic`);
      if (
        !Array.isArray(c.options) ||
        c.options.length === 0 ||
        !c.options.every((o) => typeof o === "string" && o.length > 0)
      ) {
        problems.push(`${topic}: select needs options, a list of strings`);
      } else if (new Set(c.options).size !== c.options.length) {
        problems.push(`${topic}: select options repeat`);
      }
      if (c.device_class !== undefined) problems.push(`${topic}: select takes no device_class`);
      break;
    case "update":
      if (!str("state_topic") && !str("latest_version_topic"))
        problems.push(`${topic}: update needs state_topic or latest_version_topic`);
      if (c.command_topic !== undefined && !str("payload_install"))
        problems.push(`${topic}: update with command_topic needs payload_install`);
      if (c.device_class !== undefined && !UPDATE_CLASSES.has(c.device_class as string)) {
        problems.push(`${topic}: update device_class ${String(c.device_class)}`);
      }
      break;
  }
  return problems;
}

export class HomeAssistantClient {
  readonly client: MqttClient;
  readonly discoveryPrefix: string;
  /** Discovery configs by topic (an empty retained payload deletes). */
  readonly configs = new Map<string, DiscoveredEntity>();
  /** Every config topic that was cleared with an empty payload. */
  readonly cleared = new Set<string>();
  readonly problems: string[] = [];
  /** Latest payload per followed topic. */
  readonly latest = new Map<string, string>();
  /** Every payload per followed topic, in order (events, results, errors). */
  readonly history = new Map<string, string[]>();
  readonly #followed = new Set<string>();
  /** Subscriptions asked for but not yet acknowledged by the broker. */
  readonly #pendingFollows = new Set<Promise<void>>();

  private constructor(client: MqttClient, discoveryPrefix: string) {
    this.client = client;
    this.discoveryPrefix = discoveryPrefix;
    client.on("message", (topic, payload) => this.#onMessage(topic, payload.toString("utf8")));
  }

  static async connect(url: string, discoveryPrefix: string): Promise<HomeAssistantClient> {
    const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, clean: true });
    const ha = new HomeAssistantClient(client, discoveryPrefix);
    await client.subscribeAsync(`${discoveryPrefix}/#`, { qos: 1 });
    return ha;
  }

  async follow(topic: string): Promise<void> {
    if (this.#followed.has(topic)) return;
    this.#followed.add(topic);
    await this.client.subscribeAsync(topic, { qos: 1 });
  }

  #track(following: Promise<void>): void {
    const done = following.finally(() => this.#pendingFollows.delete(done));
    this.#pendingFollows.add(done);
  }

  #onMessage(topic: string, payload: string): void {
    if (topic.startsWith(`${this.discoveryPrefix}/`) && topic.endsWith("/config")) {
      if (payload === "") {
        this.configs.delete(topic);
        this.cleared.add(topic);
        return;
      }
      let config: unknown;
      try {
        config = JSON.parse(payload);
      } catch {
        this.problems.push(`${topic}: not JSON`);
        return;
      }
      this.problems.push(...schemaProblems(topic, config, this.discoveryPrefix));
      const match = DISCOVERY_TOPIC.exec(topic)!;
      const entity = {
        topic,
        component: match[2]!,
        objectId: match[4]!,
        config: config as Record<string, unknown>,
      };
      this.configs.set(topic, entity);
      this.cleared.delete(topic);
      // Follow what Home Assistant would subscribe to for this entity.
      const topics = [entity.config.state_topic, entity.config.json_attributes_topic];
      for (const a of (entity.config.availability as { topic: string }[] | undefined) ?? [])
        topics.push(a.topic);
      for (const t of topics) if (typeof t === "string") this.#track(this.follow(t));
      return;
    }
    // A select's state must be one of its options, or `None` for none (Home Assistant logs
    // anything else as an invalid option and keeps the old state). Empty: a cleared message.
    for (const e of this.configs.values()) {
      if (e.component !== "select" || e.config.state_topic !== topic || payload === "") continue;
      if (payload.toLowerCase() !== "none" && !(e.config.options as string[]).includes(payload))
        this.problems.push(`${topic}: ${JSON.stringify(payload)} is not an option of ${e.objectId}`);
    }
    this.latest.set(topic, payload);
    const list = this.history.get(topic) ?? [];
    list.push(payload);
    this.history.set(topic, list);
  }

  entities(deviceId?: string): DiscoveredEntity[] {
    return [...this.configs.values()].filter(
      (e) =>
        deviceId === undefined ||
        ((e.config.device as { identifiers: string[] }).identifiers ?? []).some((id) =>
          id.endsWith(deviceId),
        ),
    );
  }

  entity(component: string, uniqueIdSuffix: string): DiscoveredEntity {
    const found = [...this.configs.values()].find(
      (e) => e.component === component && String(e.config.unique_id).endsWith(uniqueIdSuffix),
    );
    if (found === undefined) throw new Error(`no ${component} entity ending ${uniqueIdSuffix}`);
    return found;
  }

  stateOf(entity: DiscoveredEntity): string | undefined {
    return this.latest.get(entity.config.state_topic as string);
  }

  /** Whether Home Assistant would show the entity available (availability_mode all/any). */
  available(entity: DiscoveredEntity): boolean {
    const list = (entity.config.availability as { topic: string; payload_available?: string }[]) ?? [];
    const up = list.map((a) => this.latest.get(a.topic) === (a.payload_available ?? "online"));
    return entity.config.availability_mode === "any" ? up.some(Boolean) : up.every(Boolean);
  }

  /** What Home Assistant publishes for update.install: the config's payload_install, as is. */
  async install(update: DiscoveredEntity): Promise<void> {
    const c = update.config;
    await this.client.publishAsync(c.command_topic as string, c.payload_install as string, { qos: 1 });
  }

  /**
   * What Home Assistant publishes for select.select_option: the option as it is (no
   * command_template declared); an option not in the config's list it refuses before sending.
   */
  async select(select: DiscoveredEntity, option: string): Promise<void> {
    const c = select.config;
    if (!(c.options as string[]).includes(option)) {
      throw new Error(`Home Assistant would refuse ${option}: not one of the select's options`);
    }
    const template = (c.command_template as string | undefined) ?? "{{ value }}";
    const payload = template.replaceAll(/\{\{\s*value\s*\}\}/g, option);
    await this.client.publishAsync(c.command_topic as string, payload, { qos: (c.qos as 0 | 1) ?? 0 });
  }

  /** What Home Assistant publishes for lock.lock / lock.unlock with a code. */
  async command(lock: DiscoveredEntity, action: "lock" | "unlock", code: string | null): Promise<void> {
    const c = lock.config;
    const value = (action === "lock" ? c.payload_lock : c.payload_unlock) as string;
    if (code !== null && typeof c.code_format === "string" && !new RegExp(c.code_format).test(code)) {
      throw new Error("Home Assistant would refuse this code before sending it (code_format)");
    }
    const template = (c.command_template as string | undefined) ?? "{{ value }}";
    const payload = template
      .replaceAll(/\{\{\s*value\s*\}\}/g, value)
      .replaceAll(/\{\{\s*code\s*\}\}/g, code ?? "None");
    await this.client.publishAsync(c.command_topic as string, payload, { qos: (c.qos as 0 | 1) ?? 0 });
  }

  async waitFor(what: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
    const started = Date.now();
    while (!predicate()) {
      if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // An entity seen is not yet an entity followed: its state topic's SUBACK may still be on the
    // way, and a non-retained event published before it would be lost (a flake seen on aedes).
    await Promise.all([...this.#pendingFollows]);
  }

  async close(): Promise<void> {
    await this.client.endAsync();
  }
}
