/**
 * Locks in another process behind a real broker (issue 13, "Locks in other processes"):
 * `latchkey locks --count N --mqtt URL` in a child process, a hub end (RemoteLocks) here.
 * The locks take a shared code; killing the child marks them unavailable at once (its last
 * will; at worst within the keep-alive); restarting it brings them back with the code kept.
 * 1,000 locks through Mosquitto when MQTT_URL is set; 50 through the embedded broker always.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkTopics, RemoteLocks } from "../src/host/index.ts";
import { brokerTargets, uniquePrefix } from "./mqtt-brokers.ts";
import { spawnLocksProcess, until } from "./locks-process.ts";

describe.each(brokerTargets("locks in another process"))(
  "locks in another process, over the $name",
  (target) => {
    const count = target.name.startsWith("external") ? 1000 : 50;
    const topics = linkTopics(uniquePrefix("proc"));
    const dataDir = mkdtempSync(join(tmpdir(), "latchkey-locks-"));
    let url: string;
    let stopBroker: () => Promise<void>;
    let child: ChildProcess | undefined;
    let hubClient: MqttClient;
    let remote: RemoteLocks;
    const online = () => remote.list().filter((v) => v.online).length;

    beforeAll(async () => {
      ({ url, stop: stopBroker } = await target.start());
      hubClient = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
      remote = new RemoteLocks({ client: hubClient, topics, hubId: "hub-t" });
      await remote.start();
    }, 60_000);

    afterAll(async () => {
      child?.kill("SIGKILL");
      // Clear what the run left retained on a shared broker.
      const cleaner = await mqtt.connectAsync(url);
      const clears = remote
        .list()
        .map((v) => cleaner.publishAsync(topics.view(v.id), "", { qos: 1, retain: true }));
      clears.push(cleaner.publishAsync(topics.nodeStatus("node-t"), "", { qos: 1, retain: true }));
      await Promise.all(clears);
      await cleaner.endAsync();
      await remote?.close();
      await hubClient?.endAsync();
      await stopBroker?.();
      rmSync(dataDir, { recursive: true, force: true });
    }, 60_000);

    it(`B-NET-1: ${count} locks served by a second process take one shared code through the broker`, async () => {
      child = spawnLocksProcess({ url, count, root: topics.root, node: "node-t", dataDir, keepaliveS: 5 });
      await until(`${count} locks online`, () => online() === count, 150_000);
      const results = await Promise.all(
        remote
          .list()
          .map((v) =>
            remote.link(v.id)!.send({ type: "setCode", slot: 5, code: "4826" }, { timeoutMs: 60_000 }),
          ),
      );
      const failed = results.filter((r) => !r.ok);
      expect(failed).toEqual([]);
      expect(results).toHaveLength(count);
    }, 240_000);

    it("killing the locks' process marks every lock unavailable; commands answer lock.offline", async () => {
      child!.kill("SIGKILL");
      await until("every lock offline", () => online() === 0, 15_000); // keep-alive 5 s × 1.5 at worst
      const first = remote.list()[0]!;
      expect(await remote.link(first.id)!.send({ type: "status" })).toMatchObject({
        ok: false,
        code: "lock.offline",
      });
    }, 30_000);

    it("B-CODE-4: restarting the process brings every lock back with its code kept", async () => {
      child = spawnLocksProcess({ url, count, root: topics.root, node: "node-t", dataDir, keepaliveS: 5 });
      await until(`${count} locks online again`, () => online() === count, 150_000);
      // The shared code survived the kill: the same code in another slot is refused as a duplicate.
      const sample = remote.list().slice(0, 20);
      const again = await Promise.all(
        sample.map((v) =>
          remote.link(v.id)!.send({ type: "setCode", slot: 6, code: "4826" }, { timeoutMs: 60_000 }),
        ),
      );
      for (const result of again) expect(result.ok).toBe(false);
    }, 240_000);
  },
);
