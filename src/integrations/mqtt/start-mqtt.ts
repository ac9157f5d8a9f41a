/**
 * MQTT for `npm start` / `latchkey serve [--mqtt URL]`: the broker (MQTT_URL / --mqtt, or the
 * embedded one on MQTT_PORT, default 1883, another free port when that one is taken — printed
 * either way), the locks other processes serve over it (RemoteLocks, `latchkey locks`), and the
 * Home Assistant bridge over every lock, in this process and behind the broker.
 */
import { createHash } from "node:crypto";
import type { LinkConnections, LockSource } from "../../host/index.ts";
import { portFromEnv } from "../../host/index.ts";
import {
  combineLockSources,
  connectLinkPair,
  endLinkPair,
  linkTopics,
  LockHost,
  RemoteLocks,
  DEFAULT_LINK_ROOT,
} from "../../host/index.ts";
import { brokerSettings, brokerSettingsFromEnv, redactedUrl } from "./broker-options.ts";
import { bridgeHostOf, installFirmwareAnywhere } from "./bridge-host.ts";
import { discoveredLocksFile } from "./discovered-locks.ts";
import { startEmbeddedBroker, type EmbeddedBroker } from "./embedded-broker.ts";
import { DEFAULT_BASE_TOPIC, DEFAULT_DISCOVERY_PREFIX, startHomeAssistantBridge } from "./start-bridge.ts";
import { birthTopicProblem, isValidTopicRoot, MAX_TOPIC_ROOT_LENGTH } from "./topics.ts";

/** The embedded broker's port when MQTT_PORT is unset (another free one when it is taken). */
export const DEFAULT_MQTT_PORT = 1883;

export interface StartMqttOptions {
  readonly env: NodeJS.ProcessEnv;
  /** The locks of this process. */
  readonly local: LockSource;
  /** `--mqtt URL`, which wins over MQTT_URL. */
  readonly url?: string;
  /** Names this hub on the broker (stable per data folder, so results find it after a restart). */
  readonly dataFolder: string;
  readonly softwareVersion: string;
  /**
   * The server's address, for each lock's configuration URL in Home Assistant; a function when
   * the server listens only after MQTT has started (call `republish()` once it knows).
   */
  readonly serverUrl?: string | (() => string | undefined);
  readonly out: (line: string) => void;
  /** The person whose code is in a slot (the hub's), named in operation events. */
  readonly personForSlot?: (lockId: string, slot: number) => string | undefined;
}

export interface RunningMqtt {
  /** Every lock: this process's and those behind the broker. */
  readonly locks: LockSource;
  readonly remote: RemoteLocks;
  readonly brokerUrl: string;
  /** Sends every discovery config and state again (after the server's address became known). */
  republish(): void;
  close(): Promise<void>;
}

export type StartMqttOutcome = { ok: true; value: RunningMqtt } | { ok: false; code: string; reason: string };

/** The embedded broker's port from MQTT_PORT (1883 when unset), or why it is not a port. */
export function mqttPortFromEnv(text: string | undefined): number | string {
  return portFromEnv("MQTT_PORT", text, DEFAULT_MQTT_PORT);
}

/**
 * Why the MQTT settings in the environment cannot be used (MQTT_PORT, MQTT_BASE_TOPIC,
 * MQTT_DISCOVERY_PREFIX, MQTT_BIRTH_TOPIC, MQTT_LINK_ROOT), or undefined when they can:
 * `latchkey serve` asks before it makes or writes anything, so a bad value is exit 2 and leaves
 * nothing behind. MQTT_PORT is checked even with MQTT_URL set: a value that is not a port is a
 * mistake whichever broker runs.
 */
export function mqttEnvProblem(env: NodeJS.ProcessEnv): string | undefined {
  const port = mqttPortFromEnv(env.MQTT_PORT);
  if (typeof port === "string") return port;
  const baseTopic = env.MQTT_BASE_TOPIC || DEFAULT_BASE_TOPIC;
  const prefix = env.MQTT_DISCOVERY_PREFIX || DEFAULT_DISCOVERY_PREFIX;
  const named = (name: string, value: string) =>
    `${name} must be letters, digits, "_" and "-" in levels split by "/" (no wildcards, at most ` +
    `${MAX_TOPIC_ROOT_LENGTH} characters), got ${JSON.stringify(value.slice(0, 120))}`;
  if (!isValidTopicRoot(baseTopic)) return named("MQTT_BASE_TOPIC", baseTopic);
  if (!isValidTopicRoot(prefix)) return named("MQTT_DISCOVERY_PREFIX", prefix);
  if (env.MQTT_BIRTH_TOPIC) {
    const problem = birthTopicProblem(env.MQTT_BIRTH_TOPIC, baseTopic);
    if (problem) return problem;
  }
  try {
    linkTopics(env.MQTT_LINK_ROOT || DEFAULT_LINK_ROOT);
  } catch {
    return named("MQTT_LINK_ROOT", env.MQTT_LINK_ROOT ?? "");
  }
  return undefined;
}

async function embeddedOnPort(env: NodeJS.ProcessEnv): Promise<EmbeddedBroker | string> {
  const text = env.MQTT_PORT;
  const wanted = mqttPortFromEnv(text);
  if (typeof wanted === "string") return wanted;
  try {
    return await startEmbeddedBroker({ port: wanted });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE" || text) {
      return `cannot start the embedded MQTT broker on port ${wanted}: ${(error as Error).message}`;
    }
    // 1883 is taken (a Mosquitto of the machine?): any free port, printed below.
    return startEmbeddedBroker({ port: 0 });
  }
}

export async function startMqtt(options: StartMqttOptions): Promise<StartMqttOutcome> {
  const { env, out } = options;
  const envProblem = mqttEnvProblem(env);
  if (envProblem !== undefined) return { ok: false, code: "mqtt.config", reason: envProblem };
  const settings = options.url !== undefined ? brokerSettings(options.url, env) : brokerSettingsFromEnv(env);
  if (!settings.ok) return settings;
  let embedded: EmbeddedBroker | undefined;
  let url: string;
  let clientOptions = {};
  if (settings.value === undefined) {
    const started = await embeddedOnPort(env);
    if (typeof started === "string") return { ok: false, code: "mqtt.broker", reason: started };
    embedded = started;
    url = started.url;
    out(
      `Latchkey: MQTT broker (embedded) at ${url} — Home Assistant connects here; MQTT_URL=… uses your own broker`,
    );
  } else {
    url = settings.value.url;
    clientOptions = settings.value.options;
    out(`Latchkey: MQTT broker ${redactedUrl(url)}`);
  }
  const id = createHash("sha256").update(options.dataFolder).digest("hex").slice(0, 10);
  const hubId = `hub-${id}`;
  let connections: LinkConnections;
  try {
    // Results arrive on one connection, commands leave on the other (publisher-connection.ts).
    connections = await connectLinkPair(url, { ...clientOptions, keepalive: 30, reconnectPeriod: 2_000 });
  } catch (error) {
    await embedded?.close();
    return {
      ok: false,
      code: "mqtt.unreachable",
      reason: `cannot reach the MQTT broker at ${redactedUrl(url)}: ${(error as Error).message}`,
    };
  }
  let remote: RemoteLocks;
  try {
    remote = new RemoteLocks({
      ...connections,
      topics: linkTopics(env.MQTT_LINK_ROOT || DEFAULT_LINK_ROOT),
      hubId,
    });
    await remote.start();
  } catch (error) {
    await endLinkPair(connections, true);
    await embedded?.close();
    return { ok: false, code: "mqtt.config", reason: (error as Error).message };
  }
  const locks = combineLockSources(options.local, remote);
  const serverUrl = options.serverUrl;
  let bridge: Awaited<ReturnType<typeof startHomeAssistantBridge>>;
  try {
    bridge = await startHomeAssistantBridge({
      url,
      clientOptions,
      // Install (the update entity): the fix on this process's hosted locks, as the fix route
      // does; over the lock link on locks other processes serve.
      host: bridgeHostOf(locks, {
        installFirmware: installFirmwareAnywhere(
          locks,
          options.local instanceof LockHost ? options.local : undefined,
        ),
      }),
      baseTopic: env.MQTT_BASE_TOPIC || DEFAULT_BASE_TOPIC,
      discoveryPrefix: env.MQTT_DISCOVERY_PREFIX || DEFAULT_DISCOVERY_PREFIX,
      // Locks removed while this bridge was away from the broker: emptied at the start.
      discovered: discoveredLocksFile(
        options.dataFolder,
        [
          embedded === undefined ? redactedUrl(url) : "embedded",
          env.MQTT_DISCOVERY_PREFIX || DEFAULT_DISCOVERY_PREFIX,
          env.MQTT_BASE_TOPIC || DEFAULT_BASE_TOPIC,
        ].join(" "),
      ),
      ...(env.MQTT_BIRTH_TOPIC ? { birthTopic: env.MQTT_BIRTH_TOPIC } : {}),
      softwareVersion: options.softwareVersion,
      ...(options.personForSlot ? { personForSlot: options.personForSlot } : {}),
      configurationUrl: (lockId: string) => {
        const base = typeof serverUrl === "function" ? serverUrl() : serverUrl;
        return base === undefined ? undefined : `${base}/#${lockId}`;
      },
    });
  } catch (error) {
    await remote.close();
    await endLinkPair(connections, true);
    await embedded?.close();
    return { ok: false, code: "mqtt.config", reason: (error as Error).message };
  }
  out(
    `Latchkey: Home Assistant discovery under ${bridge.discoveryPrefix}/, lock topics under ${bridge.baseTopic}/; ` +
      `locks of other processes (latchkey locks --mqtt ${redactedUrl(url)}) join by themselves`,
  );
  return {
    ok: true,
    value: {
      locks,
      remote,
      brokerUrl: url,
      republish: () => bridge.bridge.republish(),
      close: async () => {
        await bridge.close();
        await remote.close();
        await endLinkPair(connections);
        await embedded?.close();
      },
    },
  };
}
