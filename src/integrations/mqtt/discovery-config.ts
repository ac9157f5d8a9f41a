/**
 * Home Assistant MQTT discovery for one lock, as pure data: which entities it has, on
 * which config topics, with which payloads. Follows Home Assistant's documented schema
 * for per-component discovery (`<prefix>/<component>/<object_id>/config`, object id =
 * unique id, node id omitted — the documented best practice), with full key names.
 *
 * Entities: the lock itself (Home Assistant's lock states, a code required, its format
 * from the profile's code rules), battery percent and voltage, the door where the
 * profile has a door sensor, jam / lockout / tamper problems, an event entity for each
 * operation, an alert sensor, a firmware update entity (installed / latest version, an
 * Install button that runs the same update over the radio as the `update-firmware` fix), and a
 * Mode select (normal, vacation, privacy, passage: B-SEC-2) that sends the lock the radio's
 * `mode` command. Every entity shares one device (the lock) and is available only while both
 * the bridge and the lock's radio link are.
 */
import { LOCK_MODES } from "../../core/radio-types.ts";
import type { BridgeTopics, Component, EntityKey } from "./topics.ts";
import { isValidObjectId } from "./topics.ts";

/** What discovery needs of a lock: a subset of the host's LockView. */
export interface DiscoverableLock {
  readonly id: string;
  readonly name: string;
  readonly profileId: string;
  readonly model: string;
  readonly radio: "zwave" | "wifi" | "bluetooth" | null;
  readonly hasDoorSensor: boolean;
  readonly firmwareVersion: string;
  readonly codeRules: { readonly minLength: number; readonly maxLength: number };
}

export interface DiscoveryContext {
  readonly topics: BridgeTopics;
  /** Our software version, for the `origin` block. */
  readonly softwareVersion: string;
  /** The lock's page (device `configuration_url`), when a server serves one. */
  readonly configurationUrl?: (lockId: string) => string | undefined;
}

export interface DiscoveryMessage {
  readonly component: Component;
  readonly entity: EntityKey;
  readonly uniqueId: string;
  /** Retained config topic; publishing an empty retained payload here removes the entity. */
  readonly topic: string;
  readonly config: Readonly<Record<string, unknown>>;
}

export const MANUFACTURER = "Latchkey";
export const SUPPORT_URL = "https://github.com/latchkey/latchkey/blob/main/docs/mqtt.md";

/**
 * Home Assistant lock payloads and states. We publish exactly these strings on the lock's
 * state topic; `None` is Home Assistant's reset payload (state unknown).
 *
 * No `payload_open` and no `state_open`/`state_opening`: in Home Assistant a lock's `open` is its
 * latch drawn back (the "open" command, LockEntityFeature.OPEN, offered only when `payload_open`
 * is configured; the `open`/`opening` states are "unlocked and latch withdrawn"), not a door
 * standing open. A deadbolt has no latch to draw back, so it never offers or reports `open`; the
 * door is the Door binary sensor (device class `door`) on the models with a door sensor.
 */
export const LOCK_PAYLOADS = {
  payload_lock: "LOCK",
  payload_unlock: "UNLOCK",
  state_locked: "LOCKED",
  state_unlocked: "UNLOCKED",
  state_locking: "LOCKING",
  state_unlocking: "UNLOCKING",
  state_jammed: "JAMMED",
  payload_reset: "None",
} as const;

/**
 * The command template Home Assistant renders with `value` (LOCK/UNLOCK) and `code`
 * (the code typed in its dialog; Python's `None` when none was given).
 */
export const LOCK_COMMAND_TEMPLATE = '{"action":"{{ value }}","code":"{{ code }}"}';

/** Event types of the operation entity: each lock and unlock, and each wrong code. */
export const OPERATION_EVENT_TYPES = ["locked", "unlocked", "wrong_code", "wrong_code_limit"] as const;

/** States of the alert sensor (an enum sensor: the most serious condition now). */
export const ALERT_STATES = [
  "none",
  "jammed",
  "lockout",
  "battery_critical",
  "battery_low",
  "unpaired",
  "offline",
] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/**
 * The Mode select's options: the lock's own mode names (core's LOCK_MODES), published as its
 * state and accepted, byte for byte, as its command; anything else is refused.
 */
export const MODE_OPTIONS: readonly string[] = LOCK_MODES;

/** The exact payload of Home Assistant's Install button; anything else is refused. */
export const PAYLOAD_INSTALL = "install";

/**
 * A digits-only regex for the lock's user codes (B-CODE-2: length per profile). `[0-9]`, not
 * `\d`: Home Assistant checks a code with Python's `re.match`, where `\d` is any Unicode digit
 * ("２９４７" passes), and it should refuse before sending what the bridge refuses (`code.format`).
 */
export function codeFormatFor(rules: DiscoverableLock["codeRules"]): string {
  return `^[0-9]{${rules.minLength},${rules.maxLength}}$`;
}

/** Whether a lock appears in Home Assistant at all: a lock without a radio talks to nobody. */
export function isDiscoverable(lock: Pick<DiscoverableLock, "id" | "radio">): boolean {
  return lock.radio !== null && isValidObjectId(lock.id);
}

function uniqueIdOf(ctx: DiscoveryContext, lockId: string, entity: EntityKey): string {
  // The base topic is part of the id so two installations on one broker never collide;
  // the lock id is stable across restarts (the host keeps it), so the unique id is too.
  return `${ctx.topics.baseTopic.replaceAll("/", "_")}_${lockId}_${entity}`;
}

/** The discovery messages for one lock, in a stable order. */
export function discoveryMessages(lock: DiscoverableLock, ctx: DiscoveryContext): DiscoveryMessage[] {
  const { topics } = ctx;
  const configurationUrl = ctx.configurationUrl?.(lock.id);
  const device: Record<string, unknown> = {
    identifiers: [`${ctx.topics.baseTopic.replaceAll("/", "_")}_${lock.id}`],
    name: lock.name,
    manufacturer: MANUFACTURER,
    model: lock.model,
    model_id: lock.profileId,
    sw_version: lock.firmwareVersion,
    serial_number: lock.id,
    ...(configurationUrl === undefined ? {} : { configuration_url: configurationUrl }),
  };
  const origin = { name: MANUFACTURER, sw_version: ctx.softwareVersion, support_url: SUPPORT_URL };
  const availability = {
    availability: [{ topic: topics.bridgeAvailability() }, { topic: topics.lockAvailability(lock.id) }],
    availability_mode: "all",
  };
  // The alert says why the lock is unreachable (offline, unpaired): it needs only the bridge.
  const bridgeOnly = { availability: [{ topic: topics.bridgeAvailability() }], availability_mode: "all" };

  const message = (
    component: Component,
    entity: EntityKey,
    specific: Record<string, unknown>,
    available: Record<string, unknown> = availability,
  ): DiscoveryMessage => {
    const uniqueId = uniqueIdOf(ctx, lock.id, entity);
    return {
      component,
      entity,
      uniqueId,
      topic: topics.discoveryConfig(component, uniqueId),
      config: {
        unique_id: uniqueId,
        ...specific,
        ...available,
        qos: 1,
        device,
        origin,
      },
    };
  };
  const problem = (entity: EntityKey, name: string, deviceClass: string) =>
    message("binary_sensor", entity, {
      name,
      device_class: deviceClass,
      entity_category: "diagnostic",
      state_topic: topics.entityState(lock.id, entity),
      payload_on: "ON",
      payload_off: "OFF",
    });

  const messages = [
    message("lock", "lock", {
      // null: the entity is the device itself ("Front door"), Home Assistant's naming rule.
      name: null,
      command_topic: topics.lockCommand(lock.id),
      command_template: LOCK_COMMAND_TEMPLATE,
      state_topic: topics.entityState(lock.id, "lock"),
      code_format: codeFormatFor(lock.codeRules),
      optimistic: false,
      retain: false,
      ...LOCK_PAYLOADS,
      json_attributes_topic: topics.lockResult(lock.id),
    }),
    message("sensor", "battery", {
      name: "Battery",
      device_class: "battery",
      unit_of_measurement: "%",
      state_class: "measurement",
      entity_category: "diagnostic",
      state_topic: topics.entityState(lock.id, "battery"),
    }),
    message("sensor", "battery_voltage", {
      name: "Battery voltage",
      device_class: "voltage",
      unit_of_measurement: "V",
      state_class: "measurement",
      suggested_display_precision: 2,
      entity_category: "diagnostic",
      state_topic: topics.entityState(lock.id, "battery_voltage"),
    }),
  ];
  if (lock.hasDoorSensor) {
    messages.push(
      message("binary_sensor", "door", {
        name: "Door",
        device_class: "door",
        state_topic: topics.entityState(lock.id, "door"),
        payload_on: "ON",
        payload_off: "OFF",
      }),
    );
  }
  messages.push(
    problem("jammed", "Jammed", "problem"),
    problem("lockout", "Keypad lockout", "safety"),
    problem("tamper", "Tamper", "tamper"),
    message("event", "operation", {
      name: "Operation",
      event_types: [...OPERATION_EVENT_TYPES],
      state_topic: topics.entityState(lock.id, "operation"),
    }),
    message(
      "sensor",
      "alert",
      {
        name: "Alert",
        device_class: "enum",
        options: [...ALERT_STATES],
        state_topic: topics.entityState(lock.id, "alert"),
      },
      bridgeOnly,
    ),
    message("update", "firmware", {
      name: "Firmware",
      device_class: "firmware",
      entity_category: "config",
      state_topic: topics.entityState(lock.id, "firmware"),
      command_topic: topics.firmwareCommand(lock.id),
      payload_install: PAYLOAD_INSTALL,
      retain: false,
    }),
    // No entity category: a mode is set day to day (vacation before leaving), not once at setup.
    message("select", "mode", {
      name: "Mode",
      options: [...MODE_OPTIONS],
      state_topic: topics.entityState(lock.id, "mode"),
      command_topic: topics.modeCommand(lock.id),
      optimistic: false,
      retain: false,
    }),
  );
  return messages;
}

/** Every config topic a lock could have, door or not: what removing it must clear. */
export function allDiscoveryTopics(lockId: string, ctx: DiscoveryContext): string[] {
  const all: [Component, EntityKey][] = [
    ["lock", "lock"],
    ["sensor", "battery"],
    ["sensor", "battery_voltage"],
    ["binary_sensor", "door"],
    ["binary_sensor", "jammed"],
    ["binary_sensor", "lockout"],
    ["binary_sensor", "tamper"],
    ["event", "operation"],
    ["sensor", "alert"],
    ["update", "firmware"],
    ["select", "mode"],
  ];
  return all.map(([component, entity]) =>
    ctx.topics.discoveryConfig(component, uniqueIdOf(ctx, lockId, entity)),
  );
}
