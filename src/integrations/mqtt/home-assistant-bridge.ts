/**
 * The Home Assistant bridge: keeps every hosted lock discoverable in Home Assistant over
 * MQTT and turns Home Assistant's commands into commands on the lock's radio link.
 *
 * - On start and whenever Home Assistant announces itself (`online` on `<prefix>/status`, or on
 *   its birth topic: MQTT_BIRTH_TOPIC, else `homeassistant/status`), it publishes each lock's
 *   discovery configs and states, retained, QoS 1.
 * - Host changes become state publications (only payloads that changed); each report
 *   from a lock's radio that is an operation becomes an event.
 * - Removing a lock publishes an empty retained payload on each of its config topics, so
 *   Home Assistant drops the entities, and clears its retained states.
 * - A command payload is bounded, parsed and validated first; a refusal is published on
 *   the lock's error topic with a stable code and never reaches the lock. One command per
 *   lock at a time; the lock's own answer (a wrong code, a lockout, a jam) is passed on as
 *   it is — wrong codes sent from Home Assistant count towards the keypad lockout because
 *   the lock, not the bridge, checks them.
 * - The firmware update entity's Install button (exactly `payload_install`) installs the
 *   maker's latest release the way the `update-firmware` fix does (BridgeHost.installFirmware);
 *   any other payload is refused on the lock's error topic and nothing happens.
 * - The Mode select (B-SEC-2) follows the lock's mode from its view and its `mode-changed`
 *   reports; a mode chosen in Home Assistant (exactly one of the mode names) becomes the
 *   radio's `mode` command, answered and refused like a lock command. Passage unlocks the
 *   door, so it is refused `code.required` where unlocking needs a code.
 */
import type { MqttClient } from "mqtt";
import type { LockMode } from "../../core/radio-types.ts";
import { disableNagle, publishBriefly } from "../../host/index.ts";
import type { DiscoveryContext, DiscoveryMessage } from "./discovery-config.ts";
import {
  PAYLOAD_INSTALL,
  allDiscoveryTopics,
  discoveryMessages,
  isDiscoverable,
} from "./discovery-config.ts";
import type { ObservedLock, ReportLike } from "./entity-states.ts";
import {
  availabilityPayload,
  entityStates,
  modeAfter,
  modeOf,
  operationEvent,
  tamperAfter,
} from "./entity-states.ts";
import type { LockCommand } from "./lock-command.ts";
import { parseLockCommand, parseModeCommand } from "./lock-command.ts";
import type { BridgeTopics } from "./topics.ts";
import { isValidObjectId } from "./topics.ts";

/** The radio link's answer (HOST-API LinkResult). */
export type BridgeLinkResult = { ok: true; data?: unknown } | { ok: false; code: string; reason: string };

/** What the bridge needs of a lock's link (a subset of the host's LockLink). */
export interface BridgeLink {
  send(
    command: { type: "lock" | "unlock"; code?: string } | { type: "mode"; mode: LockMode },
    options?: { timeoutMs?: number },
  ): Promise<BridgeLinkResult>;
  subscribe(listener: (report: ReportLike) => void): () => void;
}

/** What the bridge needs of the host (a subset of LockHost). */
export interface BridgeHost {
  list(): readonly ObservedLock[];
  link(id: string): BridgeLink | undefined;
  subscribe(
    listener: (
      change: { type: "added" | "changed"; lock: ObservedLock } | { type: "removed"; id: string },
    ) => void,
  ): () => void;
  /**
   * Installs the maker's latest release on the lock over its radio (the `update-firmware`
   * fix). Absent: Install is refused with `firmware.unsupported`.
   */
  installFirmware?(id: string): Promise<BridgeLinkResult>;
}

export interface HomeAssistantBridgeOptions {
  readonly client: MqttClient;
  readonly host: BridgeHost;
  readonly topics: BridgeTopics;
  readonly softwareVersion: string;
  readonly configurationUrl?: (lockId: string) => string | undefined;
  /** The person whose code is in a slot (from the hub), for operation events. */
  readonly personForSlot?: (lockId: string, slot: number) => string | undefined;
  /**
   * Refuse UNLOCK without a code (default true: the entity declares a code format), and so
   * passage mode, which unlocks the door and cannot carry a code.
   */
  readonly requireCodeToUnlock?: boolean;
  /** How long a command may wait for the lock (default 15 s: a jammed bolt retries). */
  readonly commandTimeoutMs?: number;
  /** Told of each refused or failed command (for logs); never of codes. */
  readonly onRefusal?: (lockId: string | undefined, code: string) => void;
  /**
   * Where the bridge keeps the ids of the locks it has discovered on this broker, so a lock
   * removed while the bridge was not there (the server stopped, or on another broker; a lock
   * of another process removed meanwhile) has its entities removed at the next start.
   */
  readonly discovered?: DiscoveredLocksStore;
  /** How long after the start a lock not heard of counts as gone (default 5 s: remote views). */
  readonly sweepDelayMs?: number;
  /**
   * How long after a removed lock's empty configs its retained states are emptied (default 1 s):
   * Home Assistant drops an entity in a task after its empty config, and until then an empty state
   * reaches it — the Alert's enum sensor took `""` as its value and logged an error.
   */
  readonly stateClearDelayMs?: number;
}

/** The lock ids the bridge has discovered on one broker, kept across restarts. */
export interface DiscoveredLocksStore {
  load(): readonly string[];
  save(ids: readonly string[]): void;
}

interface BridgedLock {
  view: ObservedLock;
  tamper: boolean;
  busy: boolean;
  /** An Install from Home Assistant is running: the update entity says `in_progress`. */
  installing: boolean;
  /** The lock's mode as last heard (its view, its `mode-changed` reports); null while unknown. */
  mode: LockMode | null;
  unsubscribeReports: () => void;
}

const RETAINED = { qos: 1, retain: true } as const;
const EVENT = { qos: 1, retain: false } as const;

export class HomeAssistantBridge {
  readonly #options: HomeAssistantBridgeOptions;
  readonly #context: DiscoveryContext;
  readonly #locks = new Map<string, BridgedLock>();
  /** The last payload published per retained topic, so unchanged states are not re-sent. */
  readonly #published = new Map<string, string>();
  #unsubscribeHost: (() => void) | undefined;
  #closed = false;
  /** The last round of every config and state (start, birth, reconnect): unacknowledged count. */
  #round: { outstanding: number; again: boolean } = { outstanding: 0, again: false };
  /** Set while a round is being sent, so its publications are counted. */
  #counting: { outstanding: number; again: boolean } | undefined;
  /** Locks discovered before this start and not heard of since: removed when the sweep runs. */
  readonly #unconfirmed = new Set<string>();
  /**
   * Locks the sweep removed in this run: their removal is sent again with every config (a
   * birth, a reconnect), for a Home Assistant that connected after the sweep — to the embedded
   * broker, which keeps nothing across the restart, it reconnects every 10 s.
   */
  readonly #swept = new Set<string>();
  #sweepTimer: ReturnType<typeof setTimeout> | undefined;
  #saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** Removed locks whose state topics are emptied once Home Assistant has dropped the entities. */
  readonly #stateClears = new Map<string, { timer: ReturnType<typeof setTimeout>; topics: string[] }>();

  constructor(options: HomeAssistantBridgeOptions) {
    this.#options = options;
    this.#context = {
      topics: options.topics,
      softwareVersion: options.softwareVersion,
      ...(options.configurationUrl === undefined ? {} : { configurationUrl: options.configurationUrl }),
    };
  }

  /** Subscribes to commands and Home Assistant's birth, then publishes every lock. */
  async start(): Promise<void> {
    const { client, topics, host } = this.#options;
    disableNagle(client);
    client.on("message", this.#onMessage);
    // After a reconnect the last will may have marked us offline: say online again, resend all.
    client.on("connect", this.#onReconnect);
    await client.subscribeAsync(
      [
        topics.lockCommandWildcard(),
        topics.firmwareCommandWildcard(),
        topics.modeCommandWildcard(),
        ...topics.homeAssistantBirthTopics(),
      ],
      { qos: 1 },
    );
    this.#unsubscribeHost = host.subscribe((change) => {
      if (change.type === "removed") this.#remove(change.id);
      else this.#update(change.lock);
    });
    for (const lock of host.list()) this.#update(lock);
    await client.publishAsync(topics.bridgeAvailability(), "online", RETAINED);
    // Locks discovered by an earlier run and gone since: their configs are still retained, so
    // Home Assistant would keep their entities for ever. Locks of other processes arrive as
    // their retained views do, so they are given a moment before they count as gone.
    const store = this.#options.discovered;
    if (store === undefined) return;
    for (const id of store.load()) if (!this.#locks.has(id)) this.#unconfirmed.add(id);
    if (this.#unconfirmed.size === 0) return;
    this.#sweepTimer = setTimeout(() => this.#sweep(), this.#options.sweepDelayMs ?? 5_000);
    this.#sweepTimer.unref?.();
  }

  #sweep(): void {
    this.#sweepTimer = undefined;
    if (this.#closed) return;
    for (const id of this.#unconfirmed) {
      this.#clearTopics(id);
      this.#swept.add(id);
    }
    this.#unconfirmed.clear();
    this.#saveDiscovered();
  }

  /** The discovered ids are written once per burst of additions and removals. */
  #discoveredChanged(): void {
    if (this.#options.discovered === undefined || this.#saveTimer !== undefined) return;
    this.#saveTimer = setTimeout(() => this.#saveDiscovered(), 200);
    this.#saveTimer.unref?.();
  }

  #saveDiscovered(): void {
    clearTimeout(this.#saveTimer);
    this.#saveTimer = undefined;
    // A removed lock whose states are not yet emptied stays listed: killed before they are, the
    // next start sweeps it (and empties them).
    this.#options.discovered?.save([
      ...this.#locks.keys(),
      ...this.#unconfirmed,
      ...this.#stateClears.keys(),
    ]);
  }

  /** Marks the bridge offline (what the last will would say) and stops; locks stay discovered. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#sweepTimer);
    // States still to be emptied go now: no one will be left to empty them.
    const flushed = this.#stateClears.size > 0;
    for (const [lockId, { timer, topics }] of this.#stateClears) {
      clearTimeout(timer);
      this.#stateClears.delete(lockId);
      for (const topic of topics) this.#publish(topic, "", RETAINED);
    }
    if (this.#saveTimer !== undefined || flushed) this.#saveDiscovered();
    this.#unsubscribeHost?.();
    for (const lock of this.#locks.values()) lock.unsubscribeReports();
    this.#locks.clear();
    this.#options.client.off("message", this.#onMessage);
    this.#options.client.off("connect", this.#onReconnect);
    await publishBriefly(this.#options.client, this.#options.topics.bridgeAvailability(), "offline");
  }

  /** Sends every config and state again (Home Assistant's birth does the same). */
  republish(): void {
    if (!this.#closed) this.#republishAll();
  }

  /** How many locks are in Home Assistant now. */
  get lockCount(): number {
    return this.#locks.size;
  }

  #update(view: ObservedLock): void {
    if (this.#closed || !isDiscoverable(view)) return;
    let bridged = this.#locks.get(view.id);
    if (bridged === undefined) {
      const link = this.#options.host.link(view.id);
      const entry: BridgedLock = {
        view,
        tamper: false,
        busy: false,
        installing: false,
        mode: null,
        unsubscribeReports: () => {},
      };
      if (link !== undefined)
        entry.unsubscribeReports = link.subscribe((report) => this.#onReport(entry, report));
      this.#locks.set(view.id, entry);
      // Back before its old states were emptied: its own states (below) replace them.
      clearTimeout(this.#stateClears.get(view.id)?.timer);
      this.#stateClears.delete(view.id);
      this.#unconfirmed.delete(view.id);
      this.#swept.delete(view.id);
      this.#discoveredChanged();
      bridged = entry;
    }
    bridged.view = view;
    // The view is the host's word on the lock now; one without a mode (an older node) leaves
    // the mode to the lock's reports.
    bridged.mode = modeOf(view.mode) ?? bridged.mode;
    // A lockout is the wrong-code limit reached with no right code since (none is taken during
    // one): tamper, also when the limit was reported before this bridge heard of the lock (it
    // restarted meanwhile, or the report went to nobody) — else a restart showed tamper OFF.
    if (view.lockout !== null) bridged.tamper = true;
    for (const message of discoveryMessages(view, this.#context)) this.#publishConfig(message);
    this.#publishStates(bridged);
  }

  #remove(lockId: string): void {
    const bridged = this.#locks.get(lockId);
    if (bridged === undefined) return;
    bridged.unsubscribeReports();
    this.#locks.delete(lockId);
    this.#discoveredChanged();
    this.#clearTopics(lockId);
  }

  /** Empties every retained topic of a lock: Home Assistant removes its entities. */
  #clearTopics(lockId: string): void {
    const { topics } = this.#options;
    const stateTopics: string[] = [topics.lockAvailability(lockId), topics.lockResult(lockId)];
    for (const entity of [
      "lock",
      "battery",
      "battery_voltage",
      "door",
      "jammed",
      "lockout",
      "tamper",
      "alert",
      "firmware",
      "mode",
    ] as const) {
      stateTopics.push(topics.entityState(lockId, entity));
    }
    // An empty retained payload removes the entity from Home Assistant and the retained
    // message from the broker (MQTT 3.1.1 §3.3.1.3). The configs first; the states a moment
    // later, once Home Assistant has dropped the entities (an entity it has not yet dropped
    // reads an empty state as its value: the Alert's enum sensor logged an error).
    for (const topic of allDiscoveryTopics(lockId, this.#context)) {
      this.#published.delete(topic);
      this.#publish(topic, "", RETAINED);
    }
    for (const topic of stateTopics) this.#published.delete(topic);
    clearTimeout(this.#stateClears.get(lockId)?.timer);
    const timer = setTimeout(() => {
      this.#stateClears.delete(lockId);
      for (const topic of stateTopics) this.#publish(topic, "", RETAINED);
      this.#discoveredChanged();
    }, this.#options.stateClearDelayMs ?? 1_000);
    timer.unref?.();
    this.#stateClears.set(lockId, { timer, topics: stateTopics });
  }

  #publishConfig(message: DiscoveryMessage): void {
    this.#publishRetained(message.topic, JSON.stringify(message.config));
  }

  #publishStates(bridged: BridgedLock): void {
    const { topics } = this.#options;
    const { view } = bridged;
    const kept = { tamper: bridged.tamper, installing: bridged.installing, mode: bridged.mode };
    for (const [entity, payload] of entityStates(view, kept)) {
      this.#publishRetained(topics.entityState(view.id, entity), payload);
    }
    this.#publishRetained(topics.lockAvailability(view.id), availabilityPayload(view));
  }

  #publishRetained(topic: string, payload: string): void {
    if (this.#published.get(topic) === payload) return;
    this.#published.set(topic, payload);
    this.#publish(topic, payload, RETAINED);
  }

  #publish(topic: string, payload: string, options: { qos: 0 | 1; retain: boolean }): void {
    if (this.#closed && payload !== "") return;
    const round = this.#counting;
    if (round === undefined) {
      // mqtt.js queues while reconnecting; a failed publish is the broker's loss, not a crash.
      this.#options.client.publish(topic, payload, options, () => {});
      return;
    }
    round.outstanding++;
    this.#options.client.publish(topic, payload, options, () => {
      round.outstanding--;
      if (round.outstanding > 0 || round !== this.#round || !round.again || this.#closed) return;
      this.#republishAll();
    });
  }

  #onReport(bridged: BridgedLock, report: ReportLike): void {
    if (this.#closed) return;
    const lockId = bridged.view.id;
    const tamper = tamperAfter(bridged.tamper, report);
    if (tamper !== bridged.tamper) {
      bridged.tamper = tamper;
      this.#publishRetained(this.#options.topics.entityState(lockId, "tamper"), tamper ? "ON" : "OFF");
    }
    const mode = modeAfter(bridged.mode, report);
    if (mode !== bridged.mode && mode !== null) {
      bridged.mode = mode;
      this.#publishRetained(this.#options.topics.entityState(lockId, "mode"), mode);
    }
    const event = operationEvent(report, (slot) => this.#options.personForSlot?.(lockId, slot));
    if (event !== undefined) {
      this.#publish(this.#options.topics.entityState(lockId, "operation"), JSON.stringify(event), EVENT);
    }
  }

  readonly #onMessage = (topic: string, payload: Buffer, packet?: { retain?: boolean }): void => {
    if (this.#closed) return;
    const { topics } = this.#options;
    if (topics.homeAssistantBirthTopics().includes(topic)) {
      // Home Assistant restarted: it wants every config and state again.
      if (payload.byteLength <= 16 && payload.toString("utf8").trim() === "online") this.#onBirth();
      return;
    }
    // An empty message is how MQTT deletes a retained one (MQTT 3.1.1 §3.3.1.3), and the way
    // docs/mqtt.md gives to clear a command someone left retained; the broker also hands it to
    // live subscribers. It carries no command: nothing is done and nothing is answered (before,
    // each clear put a `payload.malformed` on the lock's error topic and in its attributes).
    if (payload.byteLength === 0) return;
    // A command delivered with the retain flag was not sent now: the broker replays a retained
    // message on every (re)subscription (MQTT 3.1.1 §3.3.1.3), so acting on it would unlock the
    // door again at each restart or reconnect. Home Assistant never retains a command (`retain:
    // false` in every config); whoever did is refused, and nothing is carried out.
    const retained = packet?.retain === true;
    const firmwareLockId = topics.lockIdOfFirmwareCommandTopic(topic);
    if (firmwareLockId !== undefined) {
      if (retained) this.#refuseRetained(firmwareLockId, "install");
      else this.#onInstall(firmwareLockId, payload);
      return;
    }
    const modeLockId = topics.lockIdOfModeCommandTopic(topic);
    if (modeLockId !== undefined) {
      if (retained) this.#refuseRetained(modeLockId, "mode");
      else this.#onModeCommand(modeLockId, payload);
      return;
    }
    const lockId = topics.lockIdOfCommandTopic(topic);
    if (lockId === undefined) return;
    if (retained) this.#refuseRetained(lockId, undefined);
    else this.#onCommand(lockId, payload);
  };

  /** A retained command: refused unread (`command.retained`); the lock is never told. */
  #refuseRetained(lockId: string, action: "install" | "mode" | undefined): void {
    if (this.#bridgedOrRefuse(lockId) === undefined) return;
    this.#answer(lockId, action === undefined ? {} : { action }, {
      ok: false,
      code: "command.retained",
      reason: "a retained command is a replay, not a command: publish commands without the retain flag",
    });
  }

  readonly #onReconnect = (): void => {
    if (!this.#closed) this.#republishAll();
  };

  /**
   * Home Assistant's birth: everything again — but while the last round is still unacknowledged,
   * any number of births fold into one more round after it. A birth is a few bytes anyone on the
   * broker may send, and a round is every config and state of every lock (11 publications or so a
   * lock): unfolded, a flood of births would be multiplied by the fleet.
   */
  #onBirth(): void {
    if (this.#round.outstanding > 0) this.#round.again = true;
    else this.#republishAll();
  }

  #republishAll(): void {
    // A new round (also after a reconnect): acknowledgements of an older one no longer count.
    const round = { outstanding: 0, again: false };
    this.#round = round;
    this.#counting = round;
    try {
      this.#sendEverything();
    } finally {
      this.#counting = undefined;
    }
  }

  #sendEverything(): void {
    this.#published.clear();
    this.#publish(this.#options.topics.bridgeAvailability(), "online", RETAINED);
    for (const bridged of this.#locks.values()) {
      for (const message of discoveryMessages(bridged.view, this.#context)) this.#publishConfig(message);
      this.#publishStates(bridged);
    }
    for (const id of this.#swept) this.#clearTopics(id);
  }

  /** The lock a command topic names, or a refusal on the bridge's error topic. */
  #bridgedOrRefuse(lockId: string): BridgedLock | undefined {
    const bridged = this.#locks.get(lockId);
    if (bridged === undefined) {
      // The id came from a topic anyone can publish to: echo it only when it is a sane id.
      // `ok: false` as every other refusal the bridge publishes, so one reader reads them all.
      this.#refuse(undefined, this.#options.topics.bridgeError(), {
        ok: false,
        code: "lock.not-found",
        reason: "no lock with that id is in Home Assistant",
        ...(isValidObjectId(lockId) ? { lockId } : {}),
      });
    }
    return bridged;
  }

  #onCommand(lockId: string, payload: Buffer): void {
    const bridged = this.#bridgedOrRefuse(lockId);
    if (bridged === undefined) return;
    const parsed = parseLockCommand(payload, {
      requireCodeToUnlock: this.#options.requireCodeToUnlock ?? true,
    });
    if (!parsed.ok) {
      const { code, reason } = parsed;
      this.#answer(lockId, "about" in parsed ? parsed.about : {}, { ok: false, code, reason });
      return;
    }
    const { command } = parsed;
    this.#send(bridged, aboutOf(command), {
      type: command.action,
      ...(command.code === undefined ? {} : { code: command.code }),
    });
  }

  /**
   * The Mode select (B-SEC-2): exactly a mode name, checked before anything is sent; the state
   * changes when the lock says so (its view, its `mode-changed` report), never on our word.
   */
  #onModeCommand(lockId: string, payload: Buffer): void {
    const bridged = this.#bridgedOrRefuse(lockId);
    if (bridged === undefined) return;
    const parsed = parseModeCommand(payload, {
      requireCodeToUnlock: this.#options.requireCodeToUnlock ?? true,
    });
    if (!parsed.ok) {
      const { code, reason } = parsed;
      this.#answer(lockId, "about" in parsed ? parsed.about : { action: "mode" }, {
        ok: false,
        code,
        reason,
      });
      return;
    }
    this.#send(bridged, { action: "mode", mode: parsed.mode }, { type: "mode", mode: parsed.mode });
  }

  /** One command on the lock's link, one per lock at a time; its answer published as it is. */
  #send(
    bridged: BridgedLock,
    about: Readonly<Record<string, string>>,
    command: Parameters<BridgeLink["send"]>[0],
  ): void {
    const lockId = bridged.view.id;
    if (bridged.busy) {
      this.#answer(lockId, about, {
        ok: false,
        code: "lock.busy",
        reason: "the lock is still carrying out the previous command",
      });
      return;
    }
    const link = this.#options.host.link(lockId);
    if (link === undefined) {
      this.#answer(lockId, about, { ok: false, code: "lock.not-found", reason: "the lock has no link" });
      return;
    }
    bridged.busy = true;
    link
      .send(command, { timeoutMs: this.#options.commandTimeoutMs ?? 15_000 })
      .then(
        (result) => this.#answer(lockId, about, result),
        (error: unknown) =>
          this.#answer(lockId, about, {
            ok: false,
            code: "lock.error",
            reason: error instanceof Error ? error.message : "the link failed",
          }),
      )
      .finally(() => {
        bridged.busy = false;
      });
  }

  /** Home Assistant's Install: only the exact payload acts, one command per lock at a time. */
  #onInstall(lockId: string, payload: Buffer): void {
    const { topics } = this.#options;
    const bridged = this.#bridgedOrRefuse(lockId);
    if (bridged === undefined) return;
    const about = { action: "install" };
    const refuse = (code: string, reason: string) =>
      this.#refuse(lockId, topics.lockError(lockId), { ok: false, code, reason, ...about });
    // Compared as bytes, never decoded beyond the payload's length: a hostile payload is just refused.
    if (payload.byteLength !== PAYLOAD_INSTALL.length || payload.toString("utf8") !== PAYLOAD_INSTALL) {
      refuse("command.invalid", `the firmware command topic takes only "${PAYLOAD_INSTALL}"`);
      return;
    }
    const install = this.#options.host.installFirmware;
    if (install === undefined) {
      refuse("firmware.unsupported", "this bridge cannot update the lock's firmware");
      return;
    }
    if (bridged.busy) {
      refuse("lock.busy", "the lock is still carrying out the previous command");
      return;
    }
    bridged.busy = true;
    bridged.installing = true;
    this.#publishStates(bridged);
    install
      .call(this.#options.host, lockId)
      .then(
        (result) => {
          if (!result.ok) refuse(result.code, result.reason);
        },
        (error: unknown) =>
          refuse("lock.error", error instanceof Error ? error.message : "the update failed"),
      )
      .finally(() => {
        bridged.busy = false;
        bridged.installing = false;
        // The entry may have been replaced or removed meanwhile: only a lock still shown is told.
        if (!this.#closed && this.#locks.get(lockId) === bridged) this.#publishStates(bridged);
      });
  }

  /** Publishes a command's answer on the result topic and, when refused, on the error topic. */
  #answer(
    lockId: string,
    about: Readonly<Record<string, string>>,
    result: BridgeLinkResult | { ok: false; code: string; reason: string },
  ): void {
    if (this.#closed) return;
    const { topics } = this.#options;
    if (result.ok) {
      this.#publish(topics.lockResult(lockId), JSON.stringify({ ok: true, ...about }), EVENT);
      return;
    }
    const refusal = { ok: false, code: result.code, reason: result.reason, ...about };
    this.#publish(topics.lockResult(lockId), JSON.stringify(refusal), EVENT);
    this.#refuse(lockId, topics.lockError(lockId), refusal);
  }

  #refuse(
    lockId: string | undefined,
    topic: string,
    refusal: Record<string, unknown> & { code: string },
  ): void {
    this.#options.onRefusal?.(lockId, refusal.code);
    this.#publish(topic, JSON.stringify(refusal), EVENT);
  }
}

/** What an answer says it answers: the action, and the request id a client sent to correlate. */
function aboutOf(command: LockCommand): Record<string, string> {
  return {
    action: command.action,
    ...(command.requestId === undefined ? {} : { requestId: command.requestId }),
  };
}
