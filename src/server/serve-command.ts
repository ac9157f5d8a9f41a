/**
 * `npm start` / `latchkey serve`: build the browser app if needed, start the lock server on
 * PORT (default 8080), and print the address a person opens.
 */
import { createServer, DEFAULT_LOCKS } from "./create-server.ts";
import { isWildcard } from "./security/host-policy.ts";
import { securityFromEnv } from "./security/security-env.ts";
import { LockHost, openDataFolder } from "../host/index.ts";
import type { MatterPairing } from "./api-routes.ts";
import { ensureWebBuild, WEB_DIST } from "./web-build.ts";
import { readFileSync } from "node:fs";
import { startMqtt } from "../integrations/mqtt/index.ts";
import { Hub, SlotPeople, openHubRepository } from "../hub/index.ts";

export const DEFAULT_PORT = 8080;

export interface ServeIo {
  out(line: string): void;
  err(line: string): void;
}

/** The port from PORT (8080 when unset), or the reason PORT is not a port number. */
export function portFromEnv(value: string | undefined): number | string {
  if (value === undefined || value === "") return DEFAULT_PORT;
  const port = Number(value);
  return Number.isInteger(port) && port >= 0 && port <= 65_535
    ? port
    : `PORT must be a port number (0–65535), got "${value}"`;
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
  const host = env["HOST"] || "localhost";
  io.out("Latchkey: building the web app if needed…");
  if (await ensureWebBuild()) io.out("Latchkey: web app built into web/dist.");
  let data: ReturnType<typeof openDataFolder>;
  try {
    data = openDataFolder(env);
  } catch (e) {
    io.err(`Latchkey: cannot open the data folder: ${(e as Error).message} (LATCHKEY_DATA picks another)`);
    return 2;
  }
  const lockHost = new LockHost({ store: data.store });
  const opened = lockHost.open();
  io.out(
    `Latchkey: data in ${data.folder} — ${opened.resumed} lock${opened.resumed === 1 ? "" : "s"} resumed` +
      (opened.skipped.length ? `; could not read ${opened.skipped.join(", ")} (left in place)` : ""),
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
  // MATTER=1: every lock a Matter node (docs/matter.md); matter.js loads only then.
  let matter: { close(): Promise<void>; info: MatterPairing["info"] } | undefined;
  if (env["MATTER"] === "1") {
    const { MatterService } = await import("../integrations/matter/index.ts");
    const loopback = ["localhost", "127.0.0.1", "::1"].includes(host);
    const service = await MatterService.open({
      host: lockHost,
      dataDir: data.folder,
      network: loopback ? "loopback" : "lan",
      all: true,
    });
    matter = service;
    for (const view of lockHost.list()) {
      const info = service.info(view.id);
      if (info.ok) {
        const i = info.value;
        io.out(
          `matter: ${view.id} manual code ${i.manual_pairing_code}, QR ${i.qr_pairing_code}, ` +
            `port ${i.port}${i.commissioned ? " (commissioned)" : ""}`,
        );
      }
    }
  }
  // The hub (issue 10, docs/hub.md): people, access codes and their sync, over every lock —
  // this process's and those other processes serve over the broker. Its data sits beside the
  // locks' (hub.sqlite), or in PostgreSQL when DATABASE_URL is set.
  let hub: Hub;
  try {
    hub = new Hub({ repo: await openHubRepository({ dataDir: data.folder }, env), source: mqtt.value.locks });
    const adminToken = env["LATCHKEY_ADMIN_TOKEN"];
    if (adminToken) await hub.ensureAdminToken(adminToken);
    const slots = new SlotPeople(hub);
    await slots.load();
    people.slots = slots;
    await hub.start();
  } catch (e) {
    io.err(`Latchkey: the hub cannot start: ${(e as Error).message}`);
    await mqtt.value.close();
    await matter?.close();
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
    ...(matter ? { matter } : {}),
    webDist: WEB_DIST,
    initialLocks: DEFAULT_LOCKS,
    host: lockHost,
    security,
  });
  const listening = await server.listen(port, host);
  address.url = isWildcard(host) ? listening.replace(`//${host}:`, "//localhost:") : listening;
  mqtt.value.republish(); // now with each lock's page as its configuration URL
  for (const line of startLines(
    host,
    listening,
    server.security.guard.requiredToken,
    server.security.guard.policy.describe(),
  ))
    io.out(line);
  const stop = (): void => {
    void mqtt.value
      .close()
      .then(() => server.close())
      .then(() => hub.close())
      .then(() => matter?.close())
      .then(() => lockHost.close())
      .then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return new Promise<number>(() => {
    // Runs until a signal stops it.
  });
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
