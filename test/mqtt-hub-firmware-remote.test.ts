/**
 * Issue 14: a hub updates locks that another process serves (`latchkey locks --mqtt URL`)
 * when that process's operator gave it the hub's public key (`--trust-key`), and those locks
 * refuse the hub's image with `update.signature` when not — no key travels over the broker.
 * Two child processes behind one broker, a hub in this process over RemoteLocks. Embedded
 * broker always; Mosquitto when MQTT_URL is set (it says loudly otherwise).
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkTopics, RemoteLocks } from "../src/host/index.ts";
import { ephemeralSigningKey, Hub, HubRepository, publicKeyHex } from "../src/hub/index.ts";
import type { Actor } from "../src/hub/index.ts";
import { openSqliteDb } from "../src/hub/storage/sqlite-db.ts";
import { brokerTargets, uniquePrefix } from "./mqtt-brokers.ts";
import { spawnLocksProcess, until } from "./locks-process.ts";
import { valueOrThrow } from "../src/host/outcome.ts";

/** One halo (Wi-Fi: the image is one chunk and the restart 2 s, on this paced host's wall clock). */
function startLocks(url: string, root: string, node: string, dataDir: string, extra: string[]): ChildProcess {
  return spawnLocksProcess({
    url,
    root,
    node,
    count: 1,
    dataDir,
    keepaliveS: 5,
    extra: ["--profile", "halo", ...extra],
    env: { LATCHKEY_TRUST_KEYS: "" },
  });
}

describe.each(brokerTargets("hub firmware to locks in another process"))(
  "the hub's firmware reaches locks in another process, over the $name",
  (target) => {
    const topics = linkTopics(uniquePrefix("fw"));
    const dirs = [
      mkdtempSync(join(tmpdir(), "latchkey-fw-a-")),
      mkdtempSync(join(tmpdir(), "latchkey-fw-b-")),
    ];
    const key = ephemeralSigningKey();
    const children: ChildProcess[] = [];
    let url: string;
    let stopBroker: () => Promise<void>;
    let hubClient: MqttClient;
    let remote: RemoteLocks;
    let repo: HubRepository;
    let hub: Hub;
    let owner: Actor;

    beforeAll(async () => {
      ({ url, stop: stopBroker } = await target.start());
      hubClient = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
      remote = new RemoteLocks({ client: hubClient, topics, hubId: "hub-fw" });
      await remote.start();
      children.push(
        startLocks(url, topics.root, "node-trusts", dirs[0]!, ["--trust-key", publicKeyHex(key)]),
      );
      children.push(startLocks(url, topics.root, "node-plain", dirs[1]!, []));
      await until("both locks online", () => remote.list().filter((v) => v.online).length === 2, 90_000);
      repo = await HubRepository.open(openSqliteDb(":memory:"));
      hub = new Hub({ repo, source: remote, firmwareKey: key });
      await hub.watch();
      owner = valueOrThrow(await hub.createOwner("Olivia"));
      valueOrThrow(await hub.createSite(owner, { id: "home", name: "Home", timeZone: "UTC" }));
      for (const v of remote.list()) valueOrThrow(await hub.addLock(owner, { lockId: v.id, siteId: "home" }));
      valueOrThrow(
        await hub.firmware.publishRelease(owner, {
          profileId: "halo",
          version: "9.0.0",
          changes: ["a build only this hub signed"],
          programBytes: 1024,
        }),
      );
    }, 120_000);

    afterAll(async () => {
      for (const c of children) c.kill("SIGKILL");
      await hub?.close();
      await repo?.close();
      const cleaner = await mqtt.connectAsync(url);
      const clears = remote
        .list()
        .map((v) => cleaner.publishAsync(topics.view(v.id), "", { qos: 1, retain: true }));
      for (const n of ["node-trusts", "node-plain"])
        clears.push(cleaner.publishAsync(topics.nodeStatus(n), "", { qos: 1, retain: true }));
      await Promise.all(clears);
      await cleaner.endAsync();
      await remote?.close();
      await hubClient?.endAsync();
      await stopBroker?.();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    }, 60_000);

    const lockOf = (node: string) => remote.list().find((v) => v.id.startsWith(node))!.id;

    it("a lock whose process was given the hub's key (--trust-key) takes the hub's image: updated, and it runs it", async () => {
      const id = lockOf("node-trusts");
      valueOrThrow(await hub.firmware.updateLock(owner, id, { version: "9.0.0" }));
      await hub.firmware.idle();
      expect(valueOrThrow(await hub.firmware.latestUpdate(owner, id))).toMatchObject({
        status: "updated",
        code: null,
      });
      await until("the lock's view to say 9.0.0", () => remote.view(id)?.firmwareVersion === "9.0.0", 20_000);
    }, 60_000);

    it("a lock whose process was not given the key refuses the same image: failed, update.signature, still on its version", async () => {
      const id = lockOf("node-plain");
      const before = remote.view(id)!.firmwareVersion;
      valueOrThrow(await hub.firmware.updateLock(owner, id, { version: "9.0.0" }));
      await hub.firmware.idle();
      expect(valueOrThrow(await hub.firmware.latestUpdate(owner, id))).toMatchObject({
        status: "failed",
        code: "update.signature",
      });
      expect(remote.view(id)!.firmwareVersion).toBe(before);
    }, 60_000);
  },
);
