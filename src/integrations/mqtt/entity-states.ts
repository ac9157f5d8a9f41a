/**
 * What each Home Assistant entity of a lock shows, as pure functions of the host's view of
 * the lock (and, for the operation event, tamper and the mode, of the reports from its radio).
 * The payloads are the plain strings the discovery configs declare, so Home Assistant needs no
 * templates.
 */
import type { LockMode } from "../../core/radio-types.ts";
import { LOCK_MODES } from "../../core/radio-types.ts";
import {
  LATEST_VERSION,
  changesBetween,
  compareVersions,
  isVersion,
} from "../../core/update/firmware-versions.ts";
import type { AlertState, DiscoverableLock } from "./discovery-config.ts";
import { LOCK_PAYLOADS } from "./discovery-config.ts";
import type { EntityKey } from "./topics.ts";

/** What the entities need of a lock: a subset of the host's LockView. */
export interface ObservedLock extends DiscoverableLock {
  readonly bolt: "locked" | "unlocked" | "locking" | "unlocking" | "jammed" | "unknown";
  readonly door: "open" | "closed" | null;
  readonly battery: { readonly percent: number; readonly volts: number; readonly level: string } | null;
  readonly online: boolean;
  readonly paired: boolean;
  readonly lockout: { readonly untilMs: number } | null;
  /**
   * The lock's mode (B-SEC-2). Every host's view carries it, but a view from another process is
   * checked only for its shape (link-messages.ts), so it is read with modeOf, never trusted.
   */
  readonly mode?: LockMode;
}

/** What the bridge keeps of a lock beyond its view: from its reports and its own commands. */
export interface KeptStates {
  readonly tamper: boolean;
  /** An Install from Home Assistant is running. */
  readonly installing: boolean;
  /** The lock's mode as last heard (view or report); null while unknown. */
  readonly mode: LockMode | null;
}

/** Home Assistant's "unknown" for sensors, binary sensors and locks. */
const UNKNOWN = "None";

/**
 * The lock entity's state: the bolt only. Home Assistant's `open` is a latch drawn back, which a
 * deadbolt has not (discovery-config.ts); whether the door stands open is the Door binary sensor.
 */
export function lockStatePayload(lock: Pick<ObservedLock, "bolt">): string {
  switch (lock.bolt) {
    case "locked":
      return LOCK_PAYLOADS.state_locked;
    case "unlocked":
      return LOCK_PAYLOADS.state_unlocked;
    case "locking":
      return LOCK_PAYLOADS.state_locking;
    case "unlocking":
      return LOCK_PAYLOADS.state_unlocking;
    case "jammed":
      return LOCK_PAYLOADS.state_jammed;
    case "unknown":
      return LOCK_PAYLOADS.payload_reset;
  }
}

/** The most serious condition the lock is in now, for the alert sensor. */
export function alertState(lock: ObservedLock): AlertState {
  if (!lock.online) return "offline";
  if (lock.bolt === "jammed") return "jammed";
  if (lock.lockout !== null) return "lockout";
  if (lock.battery !== null && (lock.battery.level === "critical" || lock.battery.level === "dead")) {
    return "battery_critical";
  }
  if (lock.battery !== null && lock.battery.level === "low") return "battery_low";
  if (!lock.paired) return "unpaired";
  return "none";
}

/** Whether Home Assistant can reach the lock: its radio is up and it is paired with us. */
export function availabilityPayload(lock: Pick<ObservedLock, "online" | "paired">): "online" | "offline" {
  return lock.online && lock.paired ? "online" : "offline";
}

const onOff = (on: boolean): string => (on ? "ON" : "OFF");

/**
 * The retained state of every entity but the operation event (events are not states).
 * `tamper` and `mode` are kept by the bridge from the lock's reports (tamperAfter, modeAfter).
 */
export function entityStates(lock: ObservedLock, kept: KeptStates): Map<EntityKey, string> {
  const { tamper, installing, mode } = kept;
  const states = new Map<EntityKey, string>();
  states.set("lock", lockStatePayload(lock));
  states.set("battery", lock.battery === null ? UNKNOWN : String(Math.round(lock.battery.percent)));
  states.set("battery_voltage", lock.battery === null ? UNKNOWN : lock.battery.volts.toFixed(2));
  if (lock.hasDoorSensor) states.set("door", lock.door === null ? UNKNOWN : onOff(lock.door === "open"));
  states.set("jammed", onOff(lock.bolt === "jammed"));
  states.set("lockout", onOff(lock.lockout !== null));
  states.set("tamper", onOff(tamper));
  states.set("alert", alertState(lock));
  states.set("firmware", JSON.stringify(firmwareUpdateState(lock, installing)));
  // The select's options are the mode names; Home Assistant reads `None` as no option known.
  states.set("mode", mode ?? UNKNOWN);
  return states;
}

/** A mode when it is exactly one of the lock's modes (a view's or a report's), else null. */
export function modeOf(raw: unknown): LockMode | null {
  return typeof raw === "string" && (LOCK_MODES as readonly string[]).includes(raw)
    ? (raw as LockMode)
    : null;
}

/**
 * The mode after a report (B-SEC-2): `mode-changed` names the mode the lock is in now (another
 * controller, or our own command, changed it); a factory reset puts it back in `normal` and
 * says so with `factory-reset` alone. A report naming no mode of ours changes nothing.
 */
export function modeAfter(mode: LockMode | null, report: ReportLike): LockMode | null {
  const { kind } = report.event;
  if (kind === "mode-changed") return modeOf(report.event.mode) ?? mode;
  if (kind === "factory-reset") return "normal";
  return mode;
}

/** Home Assistant's limit on an update entity's release summary. */
const RELEASE_SUMMARY_MAX = 255;

/**
 * The update entity's JSON state: the version the lock runs and the maker's latest release
 * (never older than what runs: a build the hub signed may be newer than the maker's), with
 * the release notes in between as the summary — `""` when there are none, never `null`: Home
 * Assistant (2024.11+) checks this JSON against its MQTT_JSON_UPDATE_SCHEMA, where the summary is
 * `cv.string`, and drops the whole message on `null` (so an up-to-date lock's entity stayed
 * unknown, and after an Install it kept `in_progress` and the old version). Every key is always
 * sent: Home Assistant changes only the keys a message has. `in_progress` is true while an Install this
 * bridge started runs (Home Assistant shows the update as installing and greys the button);
 * an update the hub sends is not this bridge's to report.
 */
export function firmwareUpdateState(
  lock: Pick<ObservedLock, "firmwareVersion">,
  installing = false,
): {
  installed_version: string;
  latest_version: string;
  title: string;
  release_summary: string;
  in_progress: boolean;
} {
  const installed = lock.firmwareVersion;
  const behind = isVersion(installed) && compareVersions(installed, LATEST_VERSION) < 0;
  const summary = behind
    ? changesBetween(installed, LATEST_VERSION)
        .map((c) => c.text)
        .join(" ")
    : "";
  return {
    installed_version: installed,
    latest_version: behind ? LATEST_VERSION : installed,
    title: "Latchkey lock firmware",
    release_summary:
      summary.length <= RELEASE_SUMMARY_MAX ? summary : `${summary.slice(0, RELEASE_SUMMARY_MAX - 1)}…`,
    in_progress: installing,
  };
}

/** A report from the lock's radio, as far as the bridge reads it (HOST-API LockEventReport). */
export interface ReportLike {
  readonly atMs: number;
  readonly event: {
    readonly kind: string;
    readonly source?: unknown;
    readonly slot?: unknown;
    readonly count?: unknown;
    readonly mode?: unknown;
  };
}

/**
 * The operation event for a report, or undefined when the report is not an operation.
 * Event types are Home Assistant style (snake_case); the rest are event attributes.
 */
export function operationEvent(
  report: ReportLike,
  personForSlot: (slot: number) => string | undefined,
): Record<string, unknown> | undefined {
  const { kind } = report.event;
  const slot = typeof report.event.slot === "number" ? report.event.slot : undefined;
  const base = { lock_time_ms: report.atMs };
  if (kind === "locked" || kind === "unlocked") {
    const person = slot === undefined ? undefined : personForSlot(slot);
    return {
      event_type: kind,
      source: typeof report.event.source === "string" ? report.event.source : "unknown",
      ...(slot === undefined ? {} : { slot }),
      ...(person === undefined ? {} : { person }),
      ...base,
    };
  }
  if (kind === "wrong-code") {
    const count = typeof report.event.count === "number" ? report.event.count : undefined;
    // Where it was tried: `keypad`, or `remote` (a code sent with a remote lock or unlock).
    const source = typeof report.event.source === "string" ? report.event.source : undefined;
    return {
      event_type: "wrong_code",
      ...(source === undefined ? {} : { source }),
      ...(count === undefined ? {} : { count }),
      ...base,
    };
  }
  if (kind === "wrong-code-limit") return { event_type: "wrong_code_limit", ...base };
  return undefined;
}

/**
 * Tamper, as Kwikset's Z-Wave locks report it (alarm type 161, "keypad attempts exceed
 * code entry limit"): on when the wrong-code limit is reached, off again once a right
 * code is used at the lock or the hub.
 */
export function tamperAfter(tamper: boolean, report: ReportLike): boolean {
  const { kind } = report.event;
  if (kind === "wrong-code-limit") return true;
  if (kind === "unlocked" && typeof report.event.slot === "number") return false;
  return tamper;
}
