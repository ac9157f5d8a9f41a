/**
 * Issue 14: Home Assistant's Install on a lock another process serves (`latchkey locks`). The
 * serving process (startMqtt, as `latchkey serve` runs it) holds no twin of that lock, so it
 * sends the maker's latest release over the lock link; the update entity says `in_progress`
 * while it runs and the new `installed_version` after. The locks' process here is a second
 * LockHost behind its own LockNode and connections — everything between the two goes through
 * the broker, as between two processes. Embedded broker always; Mosquitto when MQTT_URL is set.
 */
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIRST_VERSION, LATEST_VERSION } from "../src/core/update/firmware-versions.ts";
import type { CreateLockOptions, LinkConnections } from "../src/host/index.ts";
import {
  connectLinkPair,
  endLinkPair,
  LockHost,
  LockNode,
  linkTopics,
  nodeWill,
  readyLockSetup,
} from "../src/host/index.ts";
import { startMqtt } from "../src/integrations/mqtt/index.ts";
import { HomeAssistantClient } from "./home-assistant-client.ts";
import { brokerTargets, uniquePrefix } from "./mqtt-brokers.ts";

// halo: Wi-Fi, so the 24 KiB image is six chunks and the restart 2 s on this paced host's clock.
const setup = (outdated: boolean): CreateLockOptions["setup"] =>
  readyLockSetup("halo", Date.now(), { faults: outdated ? ["firmware-outdated"] : [], paired: true });

interface FirmwareState {
  installed_version: string;
  latest_version: string;
  in_progress: boolean;
}

describe.each(brokerTargets("Home Assistant Install on locks in another process"))(
  "Home Assistant's Install on a lock another process serves, $name",
  (target) => {
    const linkRoot = uniquePrefix("link");
    const baseTopic = uniquePrefix("lk");
    const discoveryPrefix = uniquePrefix("ha");
    const nodeId = uniquePrefix("node").slice(-60);
    const remoteHost = new LockHost(); // the locks' process: real-time pacing, as `latchkey locks`
    const serveHost = new LockHost({ pacing: false }); // the serving process's own locks: none
    let url: string;
    let stopBroker: () => Promise<void>;
    let connections: LinkConnections;
    let node: LockNode;
    let running: Extract<Awaited<ReturnType<typeof startMqtt>>, { ok: true }>["value"];
    let ha: HomeAssistantClient;

    beforeAll(async () => {
      ({ url, stop: stopBroker } = await target.start());
      remoteHost.open();
      serveHost.open();
      for (const [id, outdated] of [
        ["far-old", true],
        ["far-new", false],
      ] as const) {
        const made = remoteHost.create({ id: `${id}-${nodeId.slice(-8)}`, setup: setup(outdated) });
        if (!made.ok) throw new Error(made.reason);
      }
      const topics = linkTopics(linkRoot);
      connections = await connectLinkPair(url, { reconnectPeriod: 0, will: nodeWill(topics, nodeId) });
      node = new LockNode({ host: remoteHost, ...connections, topics, nodeId });
      await node.start();
      ha = await HomeAssistantClient.connect(url, discoveryPrefix);
      const started = await startMqtt({
        env: {
          MQTT_URL: url,
          MQTT_BASE_TOPIC: baseTopic,
          MQTT_DISCOVERY_PREFIX: discoveryPrefix,
          MQTT_LINK_ROOT: linkRoot,
        },
        local: serveHost,
        dataFolder: `/tmp/${baseTopic}`,
        softwareVersion: "0.1.0",
        out: () => {},
      });
      if (!started.ok) throw new Error(started.reason);
      running = started.value;
    }, 60_000);

    afterAll(async () => {
      await running?.close();
      const cleaner = await mqtt.connectAsync(url);
      for (const e of ha.entities()) await cleaner.publishAsync(e.topic, "", { retain: true, qos: 1 });
      const topics = linkTopics(linkRoot);
      for (const v of remoteHost.list())
        await cleaner.publishAsync(topics.view(v.id), "", { retain: true, qos: 1 });
      await cleaner.publishAsync(topics.nodeStatus(nodeId), "", { retain: true, qos: 1 });
      await cleaner.publishAsync(`${baseTopic}/bridge/availability`, "", { retain: true, qos: 1 });
      await cleaner.endAsync();
      await ha?.close();
      await node?.close();
      if (connections) await endLinkPair(connections);
      await remoteHost.close();
      await serveHost.close();
      await stopBroker?.();
    }, 60_000);

    const lockId = (prefix: string) => remoteHost.list().find((v) => v.id.startsWith(prefix))!.id;

    it("B-NET-4: Install on a lock of another process sends the maker's release over the lock link: in_progress while it runs, then the new installed_version", async () => {
      const id = lockId("far-old");
      await ha.waitFor("the remote lock's update entity", () =>
        ha.entities(`_${id}`).some((e) => e.component === "update"),
      );
      const update = ha.entity("update", `_${id}_firmware`);
      const stateTopic = update.config.state_topic as string;
      const states = () => (ha.history.get(stateTopic) ?? []).map((p) => JSON.parse(p) as FirmwareState);
      await ha.waitFor("installed 1.0.0", () => states().at(-1)?.installed_version === FIRST_VERSION);
      expect(states().at(-1)).toMatchObject({ latest_version: LATEST_VERSION, in_progress: false });
      expect(serveHost.view(id)).toBeUndefined(); // not this process's lock: the fix cannot reach it

      await ha.install(update);
      await ha.waitFor(
        "installed the latest",
        () => states().at(-1)?.installed_version === LATEST_VERSION,
        30_000,
      );
      await ha.waitFor("in_progress false again", () => states().at(-1)?.in_progress === false, 10_000);
      const seen = states();
      const running = seen.findIndex((s) => s.in_progress);
      expect(running).toBeGreaterThanOrEqual(0);
      expect(seen[running]).toMatchObject({ installed_version: FIRST_VERSION }); // said before the update ran
      expect(remoteHost.view(id)!.firmware).toMatchObject({
        version: LATEST_VERSION,
        last: { outcome: "updated" },
      });
      expect(ha.latest.get(`${baseTopic}/${id}/error`)).toBeUndefined();
    }, 60_000);

    it("Install on a remote lock already running the latest is refused before anything is sent: firmware.up-to-date", async () => {
      const id = lockId("far-new");
      await ha.waitFor("the second lock's update entity", () =>
        ha.entities(`_${id}`).some((e) => e.component === "update"),
      );
      const errorTopic = `${baseTopic}/${id}/error`;
      await ha.follow(errorTopic);
      const before = remoteHost.view(id)!.firmware;
      await ha.install(ha.entity("update", `_${id}_firmware`));
      await ha.waitFor("the refusal", () => (ha.history.get(errorTopic) ?? []).length === 1);
      expect(JSON.parse(ha.history.get(errorTopic)![0]!)).toMatchObject({
        ok: false,
        code: "firmware.up-to-date",
        action: "install",
      });
      expect(remoteHost.view(id)!.firmware).toEqual(before);
    }, 30_000);
  },
);
