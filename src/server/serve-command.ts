/**
 * `npm start` / `latchkey serve`: build the browser app if needed, start the lock server on
 * PORT (default 8080), and print the address a person opens.
 */
import { createServer, DEFAULT_LOCKS } from "./create-server.ts";
import { isWildcard } from "./security/host-policy.ts";
import { securityFromEnv } from "./security/security-env.ts";
import { LockHost, openDataFolder, portFromEnv as portFromEnvVariable } from "../host/index.ts";
import { MatterOnDemand } from "../integrations/matter/matter-on-demand.ts";
import { ensureWebBuild, WEB_DIST } from "./web-build.ts";
import { readFileSync } from "node:fs";
import { createServer as createNetServer } from "node:net";
import {
  brokerSettings,
  brokerSettingsFromEnv,
  mqttEnvProblem,
  startMqtt,
} from "../integrations/mqtt/index.ts";
import { Hub, SlotPeople, openHubRepository, openSigningKey, publicKeyHex } from "../hub/index.ts";
import type { HubSigningKey } from "../hub/index.ts";

export const DEFAULT_PORT = 8080;

export interface ServeIo {
  out(line: string): void;
  err(line: string): void;
}

/** The port from PORT (8080 when unset), or the reason PORT is not a port number. */
export function portFromEnv(value: string | undefined): number | string {
  return portFromEnvVariable("PORT", value, DEFAULT_PORT);
}

/** The package's version (for Home Assistant's device and origin info). */
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

export interface ServeOptions {
  /** `--mqtt URL`: the broker to use (wins over MQTT_URL). */
  readonly mqttUrl?: string;
}

export async function serve(
  env: NodeJS.ProcessEnv,
  io: ServeIo,
  options: ServeOptions = {},
): Promise<number> {
  const port = portFromEnv(env["PORT"]);
  if (typeof port === "string") {
    io.err(port);
    return 2;
  }
  const security = securityFromEnv(env);
  if ("error" in security) {
    io.err(security.error);
    return 2;
  }
  // A bad --mqtt URL or MQTT_URL is a bad argument (exit 2), found before the data folder
  // and the hub's signing key are made: a refused start leaves nothing behind.
  const broker =
    options.mqttUrl === undefined
      ? brokerSettingsFromEnv(env)
      : brokerSettings(options.mqttUrl, env, "--mqtt");
  if (!broker.ok) {
    io.err(`Latchkey: ${broker.reason}`);
    return 2;
  }
  // MQTT_PORT and the topic roots likewise (docs/mqtt.md): a value that is not one is refused
  // with the reason, not read as another port or thrown at after the data folder is made.
  const mqttProblem = mqttEnvProblem(env);
  if (mqttProblem !== undefined) {
    io.err(`Latchkey: ${mqttProblem}`);
    return 2;
  }
  // The hub's admin token (checked again by the hub) and where to listen, likewise before
  // anything is made: a host that is not this machine's or a port in use stopped the start
  // with a stack trace after the data folder, the key and a setup link were made.
  const adminToken = env["LATCHKEY_ADMIN_TOKEN"];
  if (adminToken && (adminToken.length < 16 || adminToken.length > 512)) {
    io.err("Latchkey: LATCHKEY_ADMIN_TOKEN must be 16–512 characters");
    return 2;
  }
  const host = env["HOST"] || "localhost";
  const cannotListen = await listenProblem(port, host);
  if (cannotListen !== undefined) {
    io.err(cannotListenLine(host, port, cannotListen));
    return 2;
  }
  // The data folder before the web build: a LATCHKEY_DATA that is a file is refused at once,
  // not after a build of the web app that can take a minute.
  let data: ReturnType<typeof openDataFolder>;
  try {
    data = openDataFolder(env);
  } catch (e) {
    io.err(`Latchkey: cannot open the data folder: ${(e as Error).message} (LATCHKEY_DATA picks another)`);
    return 2;
  }
  io.out("Latchkey: building the web app if needed…");
  if (await ensureWebBuild()) io.out("Latchkey: web app built into web/dist.");
  // The hub's firmware signing key (issue 14, decision 0021), made at the first start: the
  // locks this host makes trust it beside the maker's, so the hub can update them.
  let firmwareKey: HubSigningKey;
  try {
    firmwareKey = openSigningKey(data.folder);
  } catch (e) {
    io.err(`Latchkey: the hub's firmware signing key: ${(e as Error).message}`);
    return 2;
  }
  const lockHost = new LockHost({ store: data.store, updateKeys: [firmwareKey.publicKey] });
  // Locks other processes serve learn this key only from their operator, never over the broker.
  io.out(
    `Latchkey: the hub's firmware key is ${publicKeyHex(firmwareKey)} — ` +
      `locks in other processes take the hub's updates with latchkey locks --trust-key <that key>`,
  );
  const opened = lockHost.open();
  io.out(
    `Latchkey: data in ${data.folder} — ${opened.resumed} lock${opened.resumed === 1 ? "" : "s"} resumed` +
      (opened.skipped.length
        ? `; could not read ${[...lockHost.unreadableLocks()].map(([id, why]) => `${id} (${why})`).join(", ")} — left in place, untouched`
        : ""),
  );
  // MQTT (issue 13): the broker, locks other processes serve over it (`mqtt.value.locks`
  // holds them with this host's, for whatever manages locks), Home Assistant discovery.
  const address: { url?: string } = {}; // known once the server listens, below
  // Home Assistant's operation events name the person whose code it was: the hub's slot table,
  // kept in memory (SlotPeople), known once the hub starts below.
  const people: { slots?: SlotPeople } = {};
  const mqtt = await startMqtt({
    personForSlot: (lockId, slot) => people.slots?.personForSlot(lockId, slot),
    env,
    local: lockHost,
    ...(options.mqttUrl === undefined ? {} : { url: options.mqttUrl }),
    dataFolder: data.folder,
    softwareVersion: packageVersion(),
    serverUrl: () => address.url,
    out: (line) => io.out(line),
  });
  if (!mqtt.ok) {
    io.err(`Latchkey: ${mqtt.reason}`);
    await lockHost.close();
    return 1;
  }
  // Matter (docs/matter.md): MATTER=1 makes every lock a node; otherwise a lock becomes one
  // from its page or POST /api/locks/{id}/matter. matter.js loads only when a lock needs it.
  const matterNetwork = ["localhost", "127.0.0.1", "::1"].includes(host) ? "loopback" : "lan";
  let matter: MatterOnDemand;
  try {
    matter = await MatterOnDemand.open({
      host: lockHost,
      dataDir: data.folder,
      network: matterNetwork,
      all: env["MATTER"] === "1",
      onEnabled: (id, info) => io.out(matterLine(id, info)),
    });
  } catch (e) {
    io.err(`Latchkey: Matter cannot start: ${(e as Error).message}`);
    await mqtt.value.close();
    await lockHost.close();
    return 1;
  }
  // The hub (issue 10, docs/hub.md): people, access codes and their sync, over every lock —
  // this process's and those other processes serve over the broker. Its data sits beside the
  // locks' (hub.sqlite), or in PostgreSQL when DATABASE_URL is set.
  let hub: Hub;
  try {
    hub = new Hub({
      repo: await openHubRepository({ dataDir: data.folder }, env),
      source: mqtt.value.locks,
      firmwareKey,
    });
    if (adminToken) await hub.ensureAdminToken(adminToken);
    const slots = new SlotPeople(hub);
    await slots.load();
    people.slots = slots;
    await hub.start();
  } catch (e) {
    io.err(`Latchkey: the hub cannot start: ${(e as Error).message}`);
    await mqtt.value.close();
    await matter.close();
    await lockHost.close();
    return 2;
  }
  io.out(
    `Latchkey: hub on ${env["DATABASE_URL"] ? "PostgreSQL (DATABASE_URL)" : "SQLite in the data folder"}` +
      (env["LATCHKEY_ADMIN_TOKEN"] ? "; LATCHKEY_ADMIN_TOKEN is an owner's API token" : ""),
  );
  const setup = await hub.sessions.setupToken();
  if (setup !== null)
    io.out(
      `Latchkey: hub: no owner yet — make one with POST /api/hub/v1/setup {"token":"${setup}","name":…,"password":…}`,
    );
  const server = await createServer({
    hub,
    matter,
    webDist: WEB_DIST,
    initialLocks: DEFAULT_LOCKS,
    host: lockHost,
    security,
  });
  let listening: string;
  try {
    listening = await server.listen(port, host);
  } catch (e) {
    // Taken between the check above and now.
    io.err(cannotListenLine(host, port, (e as Error).message));
    await mqtt.value.close();
    await server.close();
    await hub.close();
    await matter.close();
    await lockHost.close();
    return 2;
  }
  address.url = isWildcard(host) ? listening.replace(`//${host}:`, "//localhost:") : listening;
  mqtt.value.republish(); // now with each lock's page as its configuration URL
  for (const line of startLines(
    host,
    listening,
    server.security.guard.requiredToken,
    server.security.guard.policy.describe(),
  ))
    io.out(line);
  // The companion app's first-start link (issue 11): it makes the owner, once.
  if (setup !== null) io.out(`Latchkey: hub: make the owner at ${address.url}/app/#/setup/${setup}`);
  io.out(`Latchkey: companion app (locks, codes, people): ${address.url}/app/`);
  const stop = (): void => {
    void mqtt.value
      .close()
      .then(() => server.close())
      .then(() => hub.close())
      .then(() => matter.close())
      .then(() => lockHost.close())
      .then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return new Promise<number>(() => {
    // Runs until a signal stops it.
  });
}

/** Why the server could not listen on host:port (a port in use, a host not this machine's), or undefined. */
async function listenProblem(port: number, host: string): Promise<string | undefined> {
  const probe = createNetServer();
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once("error", reject);
      probe.listen(port, host, resolve);
    });
    return undefined;
  } catch (e) {
    return (e as Error).message;
  } finally {
    if (probe.listening) await new Promise((resolve) => probe.close(resolve));
  }
}

function cannotListenLine(host: string, port: number, reason: string): string {
  return `Latchkey: cannot listen on ${host}:${port}: ${reason} (HOST=… and PORT=… pick others)`;
}

/** The line `npm start` prints for each lock that is (or becomes) a Matter node: its pairing data. */
export function matterLine(
  id: string,
  info: { manual_pairing_code: string; qr_pairing_code: string; port: number; commissioned: boolean },
): string {
  return (
    `matter: ${id} manual code ${info.manual_pairing_code}, QR ${info.qr_pairing_code}, ` +
    `port ${info.port}${info.commissioned ? " (commissioned)" : ""}`
  );
}

/**
 * What `npm start` prints once it listens: the address to open, and when the server is
 * reachable from the network, that the token is needed and which hosts it answers to.
 */
export function startLines(
  host: string,
  listening: string,
  token: string | null,
  allowedHosts: readonly string[],
): string[] {
  // 0.0.0.0 is where the server listens, not an address a browser may open (nor an allowed Host).
  const url = isWildcard(host) ? listening.replace(`//${host}:`, "//localhost:") : listening;
  if (token === null)
    return [`Latchkey: the lock is at ${url}  (Ctrl-C stops it; PORT=… picks another port)`];
  // Reachable from the network: every request needs the token (docs/security.md).
  return [
    `Latchkey: the lock is at ${url}/?token=${token}  (Ctrl-C stops it)`,
    `Latchkey: HOST=${host} is reachable from the network, so every request needs this token: open the address above ` +
      `once (from another machine, with one of the allowed hosts below), or send "Authorization: Bearer ${token}". ` +
      `Allowed hosts: ${allowedHosts.join(", ")} (LATCHKEY_ALLOWED_HOSTS adds names).`,
  ];
}
