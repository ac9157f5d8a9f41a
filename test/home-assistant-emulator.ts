/**
 * A second, stricter stand-in for Home Assistant on a broker, written from Home Assistant's own
 * MQTT code (home-assistant/core, homeassistant/components/mqtt/: discovery.py, abbreviations.py,
 * lock.py, sensor.py, binary_sensor.py, select.py, event.py, update.py, the availability mixin,
 * and lock/__init__.py for the state shown and the code check) rather than from our docs: it
 * subscribes to discovery as Home Assistant does (`<prefix>/+/+/config` and
 * `<prefix>/+/+/+/config`, QoS 0), matches topics with its TOPIC_MATCHER, expands abbreviations
 * (top level, `device`, `origin`, each `availability` entry) and `~`, applies each platform's
 * defaults, keeps the flags Home Assistant keeps for a lock (is_locked, is_locking, is_unlocking,
 * is_jammed, is_open, is_opening) and derives the state from them in Home Assistant's order, and
 * sends commands as Home Assistant does: the code checked against `code_format` first (refused
 * before anything is published when it does not match, an absent code being ""), then
 * `command_template` rendered with `value` and `code` (Python's `None` for no code), published
 * with the config's `qos` and `retain`.
 *
 * It records what Home Assistant would log as a warning or error (`problems`) instead of acting,
 * so a test can require there be none.
 */
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";

/** discovery.py TOPIC_MATCHER (Python `re.match`: anchored at the start only). */
const TOPIC_MATCHER = /^(\w+)\/(?:([a-zA-Z0-9_-]+)\/)?([a-zA-Z0-9_-]+)\/config/;

/** abbreviations.py: the keys this emulator needs to expand (a subset; all full names pass). */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  "~": "~",
  avty: "availability",
  avty_mode: "availability_mode",
  avty_t: "availability_topic",
  cmd_t: "command_topic",
  cmd_tpl: "command_template",
  code_format: "code_format",
  dev: "device",
  dev_cla: "device_class",
  ent_cat: "entity_category",
  evt_typ: "event_types",
  json_attr_t: "json_attributes_topic",
  o: "origin",
  opt: "optimistic",
  ops: "options",
  pl_avail: "payload_available",
  pl_not_avail: "payload_not_available",
  pl_lock: "payload_lock",
  pl_unlk: "payload_unlock",
  pl_open: "payload_open",
  pl_on: "payload_on",
  pl_off: "payload_off",
  pl_inst: "payload_install",
  pl_rst: "payload_reset",
  qos: "qos",
  ret: "retain",
  stat_t: "state_topic",
  stat_locked: "state_locked",
  stat_unlocked: "state_unlocked",
  stat_locking: "state_locking",
  stat_unlocking: "state_unlocking",
  stat_jam: "state_jammed",
  stat_open: "state_open",
  stat_opening: "state_opening",
  stat_cla: "state_class",
  t: "topic",
  uniq_id: "unique_id",
  unit_of_meas: "unit_of_measurement",
  val_tpl: "value_template",
};
const DEVICE_ABBREVIATIONS: Readonly<Record<string, string>> = {
  cu: "configuration_url",
  cns: "connections",
  ids: "identifiers",
  name: "name",
  mf: "manufacturer",
  mdl: "model",
  mdl_id: "model_id",
  hw: "hw_version",
  sw: "sw_version",
  sa: "suggested_area",
  sn: "serial_number",
  via_device: "via_device",
};
const ORIGIN_ABBREVIATIONS: Readonly<Record<string, string>> = {
  name: "name",
  sw: "sw_version",
  url: "support_url",
};
/** MQTT_ENTITY_DEVICE_INFO_SCHEMA's keys: anything else makes the whole config invalid. */
const DEVICE_KEYS = new Set(Object.values(DEVICE_ABBREVIATIONS));

/** How long after an empty config the emulator lets the entity go (Home Assistant: a task later). */
const REMOVAL_DELAY_MS = 50;

/** lock.py defaults. */
const LOCK_DEFAULTS = {
  payload_lock: "LOCK",
  payload_unlock: "UNLOCK",
  payload_reset: "None",
  state_locked: "LOCKED",
  state_unlocked: "UNLOCKED",
  state_locking: "LOCKING",
  state_unlocking: "UNLOCKING",
  state_jammed: "JAMMED",
  state_open: "OPEN",
  state_opening: "OPENING",
} as const;

export type Config = Record<string, unknown>;

interface LockFlags {
  locked: boolean | null;
  locking: boolean;
  unlocking: boolean;
  jammed: boolean;
  open: boolean;
  opening: boolean;
}

export interface EmulatedEntity {
  readonly component: string;
  /** discovery.py's discovery id: `<node_id> <object_id>` or the object id. */
  readonly discoveryId: string;
  readonly config: Config;
  /** The state Home Assistant would show (`unknown` before any, as for a pessimistic lock). */
  state: string;
  /** Per availability topic: payload_available seen (true), payload_not_available (false). */
  readonly availability: Map<string, boolean>;
  /** availability_mode latest: the last payload on any topic. */
  latestAvailable: boolean;
  lock?: LockFlags;
  /** Event entities: every event fired, with its attributes. */
  readonly events: { type: string; attributes: Record<string, unknown> }[];
  /** Lock entities: every state shown, in order (a change only). */
  readonly shown: string[];
  /** Update entities: what Home Assistant keeps of the JSON states (installed_version, in_progress, …). */
  update: Config;
  /** Update entities: every JSON state Home Assistant took, in order. */
  readonly updates: Config[];
  /** The topics whose retained message this entity's subscriptions already had (client.py). */
  readonly retainedSeen: Set<string>;
}

/**
 * update.py's MQTT_JSON_UPDATE_SCHEMA (Home Assistant 2024.11+): a plain voluptuous schema, so a
 * key it does not name is an error, and each value must pass its validator — `cv.string` refuses
 * `null` ("string value is None"), `in_progress` is `cv.boolean` (held here to a JSON boolean, all the bridge sends), the
 * percentage is 0–100 or null. One violation drops the whole message.
 */
export function updateSchemaViolations(state: Config): string[] {
  const problems: string[] = [];
  const strings = ["installed_version", "latest_version", "title", "release_summary"];
  const urls = ["release_url", "entity_picture"];
  for (const [key, value] of Object.entries(state)) {
    if (strings.includes(key)) {
      if (value === null || typeof value === "object")
        problems.push(`${key}: expected a string, got ${JSON.stringify(value)}`);
    } else if (urls.includes(key)) {
      if (typeof value !== "string" || !/^https?:\/\//.test(value)) problems.push(`${key}: expected a URL`);
    } else if (key === "in_progress") {
      if (typeof value !== "boolean")
        problems.push(`in_progress: expected a boolean, got ${JSON.stringify(value)}`);
    } else if (key === "update_percentage") {
      if (value !== null && (typeof value !== "number" || value < 0 || value > 100))
        problems.push(`update_percentage: expected 0-100 or null`);
    } else problems.push(`extra keys not allowed @ data['${key}']`);
  }
  return problems;
}

function expand(payload: unknown, table: Readonly<Record<string, string>>): void {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return;
  const object = payload as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    const full = table[key];
    if (full !== undefined && full !== key) {
      object[full] = object[key];
      delete object[key];
    }
  }
}

/** discovery.py's _replace_all_abbreviations and _replace_topic_base. */
export function expandDiscoveryPayload(payload: Config): Config {
  expand(payload, ABBREVIATIONS);
  if (payload.origin !== undefined) expand(payload.origin, ORIGIN_ABBREVIATIONS);
  if (payload.device !== undefined) expand(payload.device, DEVICE_ABBREVIATIONS);
  if (payload.availability !== undefined) {
    const list = Array.isArray(payload.availability) ? payload.availability : [payload.availability];
    for (const entry of list) expand(entry, ABBREVIATIONS);
  }
  if ("~" in payload) {
    const base = String(payload["~"]);
    delete payload["~"];
    for (const [key, value] of Object.entries(payload)) {
      if (typeof value !== "string" || value === "" || !key.endsWith("topic")) continue;
      if (value.startsWith("~")) payload[key] = `${base}${value.slice(1)}`;
      else if (value.endsWith("~")) payload[key] = `${value.slice(0, -1)}${base}`;
    }
    for (const entry of (payload.availability as Config[] | undefined) ?? []) {
      const topic = String(entry.topic);
      if (topic.startsWith("~")) entry.topic = `${base}${topic.slice(1)}`;
      else if (topic.endsWith("~")) entry.topic = `${topic.slice(0, -1)}${base}`;
    }
  }
  return payload;
}

/**
 * Python's `re.match(pattern, text)` for a str pattern, as far as a code_format uses it: anchored
 * at the start, `\d` any Unicode decimal digit (not only 0-9), and a final `$` also matching
 * before a newline that ends the text.
 */
export function pythonReMatch(pattern: string, text: string): boolean {
  const translated = pattern.replaceAll(/(?<!\\)\\d/g, "\\p{Nd}").replace(/\$$/, "(?=\\n?$)");
  return new RegExp(`^(?:${translated})`, "u").test(text);
}

/** The topics an entity reads: its state topic and its availability topics. */
function topicsRead(config: Config): string[] {
  const topics = ((config.availability as Config[] | undefined) ?? []).map((a) => String(a.topic));
  if (typeof config.state_topic === "string") topics.push(config.state_topic);
  return topics;
}

/** lock/__init__.py LockEntity.state: the flags in Home Assistant's order. */
function lockState(f: LockFlags): string {
  if (f.jammed) return "jammed";
  if (f.opening) return "opening";
  if (f.locking) return "locking";
  if (f.open) return "open";
  if (f.unlocking) return "unlocking";
  if (f.locked === null) return "unknown";
  return f.locked ? "locked" : "unlocked";
}

export class HomeAssistantEmulator {
  readonly client: MqttClient;
  readonly prefix: string;
  /** By discovery hash `<component> <discovery id>`. */
  readonly entities = new Map<string, EmulatedEntity>();
  /** What Home Assistant would log as a warning or an error. */
  readonly problems: string[] = [];
  /** How many config messages (non-empty) arrived, all told: a birth re-sends them. */
  configMessages = 0;
  /** Every payload seen per followed non-discovery topic (results, errors). */
  readonly seen = new Map<string, string[]>();
  readonly #subscribed = new Set<string>();
  /** The entities that read each topic (state or availability), so a message is one lookup. */
  readonly #readers = new Map<string, Set<EmulatedEntity>>();
  /** Entity by unique id, for Home Assistant's duplicate check. */
  readonly #byUniqueId = new Map<string, string>();
  readonly #pending = new Set<Promise<unknown>>();
  readonly #removals = new Set<ReturnType<typeof setTimeout>>();

  private constructor(client: MqttClient, prefix: string) {
    this.client = client;
    this.prefix = prefix;
    client.on("message", (topic, payload, packet) => this.#onMessage(topic, payload, packet.retain));
    // client.py's _async_queue_resubscribe: a reconnect forgets which retained messages were had.
    client.on("connect", () => {
      for (const e of this.entities.values()) e.retainedSeen.clear();
    });
  }

  static async connect(
    url: string,
    prefix: string,
    options: IClientOptions = {},
  ): Promise<HomeAssistantEmulator> {
    const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, clean: true, ...options });
    const ha = new HomeAssistantEmulator(client, prefix);
    // discovery.py: both forms of the discovery topic, QoS 0.
    await client.subscribeAsync([`${prefix}/+/+/config`, `${prefix}/+/+/+/config`], { qos: 0 });
    return ha;
  }

  /**
   * Subscribe as Home Assistant would (an entity's topics, at its qos). client.py sends a SUBSCRIBE
   * for every new subscription, also on a topic it already has (`again`), so the broker replays the
   * retained message to it (MQTT 3.1.1 §3.8.4); each subscription takes a retained message once.
   */
  #subscribe(topic: string, qos: 0 | 1 | 2, again = false): void {
    if (this.#subscribed.has(topic) && !again) return;
    this.#subscribed.add(topic);
    const done: Promise<unknown> = this.client
      .subscribeAsync(topic, { qos })
      .catch((error: unknown) => {
        // Closing with subscriptions still pending is not Home Assistant's problem to report.
        if (this.client.connected) this.problems.push(`subscribe ${topic}: ${String(error)}`);
      })
      .finally(() => this.#pending.delete(done));
    this.#pending.add(done);
  }

  async follow(topic: string): Promise<void> {
    this.#subscribe(topic, 1);
    await Promise.all([...this.#pending]);
  }

  #onMessage(topic: string, raw: Buffer, retained: boolean): void {
    if (topic.startsWith(`${this.prefix}/`) && topic.endsWith("/config")) {
      this.#onDiscovery(topic, raw);
      return;
    }
    // mqtt/client.py decodes with the entity's encoding (utf-8): undecodable payloads are dropped.
    let payload: string;
    try {
      payload = new TextDecoder("utf-8", { fatal: true }).decode(raw);
    } catch {
      this.problems.push(`${topic}: payload is not UTF-8`);
      return;
    }
    const list = this.seen.get(topic) ?? [];
    list.push(payload);
    this.seen.set(topic, list);
    for (const entity of this.#readers.get(topic) ?? []) {
      // client.py's _retained_topics: a retained message a subscription already had is skipped.
      if (retained) {
        if (entity.retainedSeen.has(topic)) continue;
        entity.retainedSeen.add(topic);
      }
      for (const a of (entity.config.availability as Config[] | undefined) ?? []) {
        if (a.topic !== topic) continue;
        if (payload === a.payload_available) {
          entity.availability.set(topic, true);
          entity.latestAvailable = true;
        } else if (payload === a.payload_not_available) {
          entity.availability.set(topic, false);
          entity.latestAvailable = false;
        }
      }
      if (entity.config.state_topic === topic) this.#onState(entity, payload, retained);
    }
  }

  #onDiscovery(topic: string, raw: Buffer): void {
    const trimmed = topic.replace(`${this.prefix}/`, "");
    const match = TOPIC_MATCHER.exec(trimmed);
    if (match === null) {
      this.problems.push(`${topic}: illegal discovery topic`);
      return;
    }
    const [, component, nodeId, objectId] = match as unknown as [string, string, string | undefined, string];
    const discoveryId = nodeId === undefined ? objectId : `${nodeId} ${objectId}`;
    const hash = `${component} ${discoveryId}`;
    if (raw.byteLength === 0) {
      // entity.py: the empty config starts the removal in a task of its own; the entity keeps its
      // subscriptions until that task has run, so a message read with the empty config (the
      // same packet batch) still reaches it.
      const gone = this.entities.get(hash);
      if (gone === undefined) return;
      const timer = setTimeout(() => {
        this.#removals.delete(timer);
        if (this.entities.get(hash) !== gone) return;
        for (const t of topicsRead(gone.config)) this.#readers.get(t)?.delete(gone);
        this.#byUniqueId.delete(`${component} ${String(gone.config.unique_id)}`);
        this.entities.delete(hash);
      }, REMOVAL_DELAY_MS);
      this.#removals.add(timer);
      return;
    }
    let config: Config;
    try {
      const parsed: unknown = JSON.parse(raw.toString("utf8"));
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
        throw new Error("not an object");
      config = expandDiscoveryPayload(parsed as Config);
    } catch {
      this.problems.push(`${topic}: unable to parse JSON`);
      return;
    }
    this.configMessages++;
    const invalid = this.#validate(component, config);
    if (invalid.length > 0) {
      this.problems.push(...invalid.map((p) => `${topic}: ${p}`));
      return;
    }
    const uniqueId = config.unique_id as string;
    const owner = this.#byUniqueId.get(`${component} ${uniqueId}`);
    if (owner !== undefined && owner !== hash)
      this.problems.push(`${topic}: unique_id ${uniqueId} already used by ${owner}`);
    this.#byUniqueId.set(`${component} ${uniqueId}`, hash);
    const previous = this.entities.get(hash);
    // A discovery update keeps the subscriptions of the topics it still reads; the rest are new.
    const kept = new Set(previous === undefined ? [] : topicsRead(previous.config));
    if (typeof previous?.config.json_attributes_topic === "string")
      kept.add(previous.config.json_attributes_topic);
    if (previous !== undefined)
      for (const t of topicsRead(previous.config)) this.#readers.get(t)?.delete(previous);
    const entity: EmulatedEntity = previous
      ? Object.assign(previous, { config })
      : {
          component,
          discoveryId,
          config,
          state: "unknown",
          availability: new Map(),
          latestAvailable: false,
          events: [],
          shown: [],
          update: {},
          updates: [],
          retainedSeen: new Set(),
          ...(component === "lock"
            ? {
                lock: {
                  locked: null,
                  locking: false,
                  unlocking: false,
                  jammed: false,
                  open: false,
                  opening: false,
                },
              }
            : {}),
        };
    this.entities.set(hash, entity);
    const qos = (config.qos as 0 | 1 | 2 | undefined) ?? 0;
    const reads = (t: string) => {
      let readers = this.#readers.get(t);
      if (readers === undefined) this.#readers.set(t, (readers = new Set()));
      readers.add(entity);
    };
    if (typeof config.state_topic === "string") reads(config.state_topic);
    for (const a of (config.availability as Config[] | undefined) ?? []) {
      reads(a.topic as string);
      if (!entity.availability.has(a.topic as string)) entity.availability.set(a.topic as string, false);
      this.#subscribe(a.topic as string, qos, !kept.has(a.topic as string));
    }
    if (typeof config.state_topic === "string")
      this.#subscribe(config.state_topic, qos, !kept.has(config.state_topic));
    if (typeof config.json_attributes_topic === "string")
      this.#subscribe(config.json_attributes_topic, qos, !kept.has(config.json_attributes_topic));
  }

  /** The checks Home Assistant's schemas make before it creates an entity; defaults applied. */
  #validate(component: string, c: Config): string[] {
    const problems: string[] = [];
    if (typeof c.origin === "object" && c.origin !== null && typeof (c.origin as Config).name !== "string")
      problems.push("origin without name (the whole config is dropped)");
    if (c.availability_topic !== undefined && c.availability !== undefined)
      problems.push("availability and availability_topic together");
    const list =
      c.availability === undefined ? [] : Array.isArray(c.availability) ? c.availability : [c.availability];
    for (const a of list as Config[]) {
      if (typeof a.topic !== "string") problems.push("availability entry without topic");
      a.payload_available ??= "online";
      a.payload_not_available ??= "offline";
    }
    c.availability = list;
    c.availability_mode ??= "latest";
    if (!["all", "any", "latest"].includes(c.availability_mode as string)) problems.push("availability_mode");
    if (c.device !== undefined) {
      const device = c.device as Config;
      for (const key of Object.keys(device))
        if (!DEVICE_KEYS.has(key)) problems.push(`device.${key} is not a device key`);
      const ids = device.identifiers;
      const hasIds = typeof ids === "string" || (Array.isArray(ids) && ids.length > 0);
      const hasConnections = Array.isArray(device.connections) && device.connections.length > 0;
      if (!hasIds && !hasConnections) problems.push("device needs identifiers or connections");
      if (typeof c.unique_id !== "string") problems.push("a device needs the entity's unique_id");
      if (device.configuration_url !== undefined) {
        try {
          const url = new URL(String(device.configuration_url));
          if (!["http:", "https:", "homeassistant:"].includes(url.protocol)) throw new Error();
        } catch {
          problems.push("device.configuration_url is not a valid URL");
        }
      }
    }
    if (typeof c.unique_id !== "string") problems.push("no unique_id: not in the device registry");
    if (c.qos !== undefined && ![0, 1, 2].includes(c.qos as number)) problems.push("qos");
    switch (component) {
      case "lock":
        if (typeof c.command_topic !== "string") problems.push("lock needs command_topic");
        for (const [key, value] of Object.entries(LOCK_DEFAULTS)) c[key] ??= value;
        c.retain ??= false;
        c.optimistic ??= c.state_topic === undefined;
        if (c.code_format !== undefined) {
          try {
            new RegExp(c.code_format as string);
          } catch {
            problems.push("code_format is not a regular expression");
          }
        }
        break;
      case "sensor":
        if (typeof c.state_topic !== "string") problems.push("sensor needs state_topic");
        if (c.device_class === "enum" && (c.state_class !== undefined || c.unit_of_measurement !== undefined))
          problems.push("an enum sensor takes no state_class or unit");
        break;
      case "binary_sensor":
        if (typeof c.state_topic !== "string") problems.push("binary_sensor needs state_topic");
        c.payload_on ??= "ON";
        c.payload_off ??= "OFF";
        break;
      case "select":
        if (typeof c.command_topic !== "string") problems.push("select needs command_topic");
        if (!Array.isArray(c.options) || c.options.length === 0) problems.push("select needs options");
        c.retain ??= false;
        break;
      case "event":
        if (typeof c.state_topic !== "string") problems.push("event needs state_topic");
        if (!Array.isArray(c.event_types) || c.event_types.length === 0)
          problems.push("event needs event_types");
        break;
      case "update":
        c.payload_install ??= undefined;
        break;
      default:
        problems.push(`component ${component} is not one the bridge should use`);
    }
    return problems;
  }

  #onState(entity: EmulatedEntity, payload: string, retained: boolean): void {
    const c = entity.config;
    switch (entity.component) {
      case "lock": {
        // lock.py: an empty payload is ignored; payload_reset makes is_locked None; a valid state
        // sets every flag; anything else changes nothing.
        if (payload.trim() === "") return;
        const f = entity.lock!;
        const valid = Object.keys(LOCK_DEFAULTS)
          .filter((k) => k.startsWith("state_"))
          .map((k) => c[k]);
        if (payload === c.payload_reset) f.locked = null;
        else if (valid.includes(payload)) {
          f.locked = payload === c.state_locked;
          f.locking = payload === c.state_locking;
          f.unlocking = payload === c.state_unlocking;
          f.jammed = payload === c.state_jammed;
          f.open = payload === c.state_open;
          f.opening = payload === c.state_opening;
        } else {
          this.problems.push(`${entity.discoveryId}: lock state ${JSON.stringify(payload)} is not a state`);
          return;
        }
        this.#show(entity, lockState(f));
        return;
      }
      case "binary_sensor":
        if (payload.trim() === "") return;
        if (payload === c.payload_on) this.#show(entity, "on");
        else if (payload === c.payload_off) this.#show(entity, "off");
        else if (payload === "None") this.#show(entity, "unknown");
        else this.problems.push(`${entity.discoveryId}: no matching payload ${JSON.stringify(payload)}`);
        return;
      case "sensor": {
        // sensor.py: an empty state is ignored where a number is expected; an enum sensor takes
        // it as its value, which is not one of its options (Home Assistant logs an error).
        if (payload === "" && c.device_class !== "enum") return;
        if (payload === "None") return this.#show(entity, "unknown");
        if (c.device_class === "enum") {
          if (!(c.options as string[]).includes(payload))
            this.problems.push(`${entity.discoveryId}: ${JSON.stringify(payload)} is not an option`);
          else this.#show(entity, payload);
          return;
        }
        if (c.unit_of_measurement !== undefined && !Number.isFinite(Number(payload)))
          this.problems.push(`${entity.discoveryId}: ${JSON.stringify(payload)} is not numeric`);
        else this.#show(entity, payload);
        return;
      }
      case "select":
        if (payload.trim() === "") return;
        if (payload.toLowerCase() === "none") return this.#show(entity, "unknown");
        if (!(c.options as string[]).includes(payload))
          this.problems.push(`${entity.discoveryId}: ${JSON.stringify(payload)} is not an option`);
        else this.#show(entity, payload);
        return;
      case "event": {
        // event.py: a retained message is a replay, never an event.
        if (retained || payload === "" || payload === "None") return;
        let attributes: Record<string, unknown>;
        try {
          const parsed: unknown = JSON.parse(payload);
          if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error();
          attributes = { ...(parsed as Record<string, unknown>) };
        } catch {
          this.problems.push(`${entity.discoveryId}: event payload is not a JSON object`);
          return;
        }
        const type = String(attributes.event_type);
        delete attributes.event_type;
        if (!(c.event_types as string[]).includes(type)) {
          this.problems.push(`${entity.discoveryId}: event type ${type} is not declared`);
          return;
        }
        entity.events.push({ type, attributes });
        return;
      }
      case "update": {
        // update.py: an empty payload or `{}` is ignored; a JSON object is checked against
        // MQTT_JSON_UPDATE_SCHEMA and dropped whole (a "Schema violation" warning) when it fails;
        // then only the keys present change what Home Assistant keeps.
        if (payload === "" || payload === "{}") return;
        let state: unknown;
        try {
          state = JSON.parse(payload);
        } catch {
          state = undefined;
        }
        if (typeof state !== "object" || state === null || Array.isArray(state)) {
          // Not a JSON object: the whole payload is the installed version.
          entity.update = { ...entity.update, installed_version: payload };
        } else {
          const violations = updateSchemaViolations(state as Config);
          if (violations.length > 0) {
            this.problems.push(
              `${entity.discoveryId}: update state schema violation: ${violations.join("; ")}`,
            );
            return;
          }
          const next: Config = { ...entity.update, ...(state as Config) };
          if ("update_percentage" in (state as Config)) next.in_progress = next.update_percentage !== null;
          entity.update = next;
          entity.updates.push(state as Config);
        }
        const u = entity.update;
        if (typeof u.installed_version === "string" && typeof u.latest_version === "string")
          this.#show(entity, u.installed_version === u.latest_version ? "off" : "on");
        return;
      }
    }
  }

  #show(entity: EmulatedEntity, state: string): void {
    if (entity.state !== state) entity.shown.push(state);
    entity.state = state;
  }

  /** The mixin's `available`: availability_mode all / any / latest; no topics: available. */
  available(entity: EmulatedEntity): boolean {
    if (!this.client.connected) return false;
    const list = entity.config.availability as Config[];
    if (list.length === 0) return true;
    const values = list.map((a) => entity.availability.get(a.topic as string) === true);
    if (entity.config.availability_mode === "all") return values.every(Boolean);
    if (entity.config.availability_mode === "any") return values.some(Boolean);
    return entity.latestAvailable;
  }

  find(component: string, uniqueIdSuffix: string): EmulatedEntity {
    for (const e of this.entities.values())
      if (e.component === component && String(e.config.unique_id).endsWith(uniqueIdSuffix)) return e;
    throw new Error(`Home Assistant has no ${component} ending ${uniqueIdSuffix}`);
  }

  /**
   * lock.lock / lock.unlock as Home Assistant carries them out: LockEntity.add_default_code (an
   * absent code is "", refused when code_format does not match it, Python's re.match), then the
   * command template with value and code, published with the config's qos and retain. Returns
   * false when Home Assistant would refuse before publishing (a ServiceValidationError).
   */
  async command(lock: EmulatedEntity, action: "lock" | "unlock", code?: string): Promise<boolean> {
    const c = lock.config;
    const given = code ?? "";
    if (typeof c.code_format === "string" && !pythonReMatch(c.code_format, given)) return false;
    const value = (action === "lock" ? c.payload_lock : c.payload_unlock) as string;
    const template = (c.command_template as string | undefined) ?? "{{ value }}";
    const payload = template
      .replaceAll(/\{\{\s*value\s*\}\}/g, value)
      .replaceAll(/\{\{\s*code\s*\}\}/g, given === "" ? "None" : given);
    await this.client.publishAsync(c.command_topic as string, payload, {
      qos: (c.qos as 0 | 1 | 2 | undefined) ?? 0,
      retain: c.retain === true,
    });
    return true;
  }

  /**
   * Deleting an entity (or its device) in Home Assistant's UI: entity.py's
   * async_remove_discovery_payload publishes an empty retained payload on its discovery topic,
   * so the broker forgets the config and Home Assistant does not discover it again at its restart.
   */
  async deleteInUi(entity: EmulatedEntity): Promise<void> {
    const [nodeId, objectId] = entity.discoveryId.includes(" ")
      ? entity.discoveryId.split(" ")
      : [undefined, entity.discoveryId];
    const topic = [this.prefix, entity.component, ...(nodeId ? [nodeId] : []), objectId, "config"].join("/");
    await this.client.publishAsync(topic, "", { qos: 0, retain: true });
  }

  /** update.install as Home Assistant carries it out: payload_install, with the config's qos and retain. */
  async install(update: EmulatedEntity): Promise<void> {
    const c = update.config;
    await this.client.publishAsync(c.command_topic as string, c.payload_install as string, {
      qos: (c.qos as 0 | 1 | 2 | undefined) ?? 0,
      retain: c.retain === true,
    });
  }

  /** Home Assistant's birth message (its defaults: `<prefix>/status`, `online`, QoS 0, not retained). */
  async birth(): Promise<void> {
    await this.client.publishAsync(`${this.prefix}/status`, "online", { qos: 0, retain: false });
  }

  async until(what: string, predicate: () => boolean, timeoutMs = 15_000): Promise<void> {
    const started = Date.now();
    await Promise.all([...this.#pending]);
    while (!predicate()) {
      if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
      await Promise.all([...this.#pending]);
    }
  }

  async close(): Promise<void> {
    for (const timer of this.#removals) clearTimeout(timer);
    await this.client.endAsync(true);
  }
}
