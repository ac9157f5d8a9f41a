/**
 * Home Assistant across a restart of the server (startMqtt, as `latchkey serve` runs it) on a
 * broker that outlives it: the same entities come back (same unique ids, nothing doubled), the
 * bridge is offline while it is down and online again, and a lock removed while the server was
 * away from the broker has its entities removed at the next start — its retained configs would
 * otherwise keep a ghost device in Home Assistant for ever (docs/mqtt.md, "Across restarts").
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LockHost } from "../src/host/index.ts";
import { startMqtt, type RunningMqtt } from "../src/integrations/mqtt/index.ts";
import { HomeAssistantClient } from "./home-assistant-client.ts";
import { brokerTargets, uniquePrefix } from "./mqtt-brokers.ts";
import { readyLockSetup } from "./ready-lock-setup.ts";

describe.each(brokerTargets("Home Assistant across restarts"))(
  "Home Assistant across a restart on the $name",
  (target) => {
    let url: string;
    let stopBroker: () => Promise<void>;
    const dataFolder = mkdtempSync(join(tmpdir(), "latchkey-mqtt-restart-"));
    const host = new LockHost({ pacing: false });
    const env = {
      MQTT_BASE_TOPIC: uniquePrefix("lk"),
      MQTT_DISCOVERY_PREFIX: uniquePrefix("ha"),
      MQTT_LINK_ROOT: uniquePrefix("link"),
    };
    let running: RunningMqtt | undefined;

    const start = async (): Promise<RunningMqtt> => {
      const started = await startMqtt({
        env,
        url,
        local: host,
        dataFolder,
        softwareVersion: "0.1.0",
        serverUrl: "http://localhost:8080",
        out: () => {},
      });
      if (!started.ok) throw new Error(started.reason);
      return started.value;
    };

    beforeAll(async () => {
      ({ url, stop: stopBroker } = await target.start());
      host.open();
      expect(host.create({ id: "stays", setup: readyLockSetup() }).ok).toBe(true);
      expect(host.create({ id: "goes", setup: readyLockSetup() }).ok).toBe(true);
    });

    afterAll(async () => {
      for (const v of host.list()) host.remove(v.id);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await running?.close();
      const cleaner = await mqtt.connectAsync(url);
      await cleaner.publishAsync(`${env.MQTT_BASE_TOPIC}/bridge/availability`, "", { qos: 1, retain: true });
      await cleaner.endAsync();
      await host.close();
      await stopBroker?.();
      rmSync(dataFolder, { recursive: true, force: true });
    }, 30_000);

    it("keeps the entities it should and removes those of a lock removed while it was down", async () => {
      running = await start();
      const ha = await HomeAssistantClient.connect(url, env.MQTT_DISCOVERY_PREFIX);
      try {
        await ha.waitFor(
          "both locks discovered",
          () => ha.entities("_goes").length > 0 && ha.entities("_stays").length > 0,
        );
        const before = ha
          .entities("_stays")
          .map((e) => `${e.topic} ${String(e.config.unique_id)}`)
          .sort();
        const availability = `${env.MQTT_BASE_TOPIC}/bridge/availability`;

        // The server stops (SIGTERM): Home Assistant shows every entity unavailable.
        await running.close();
        running = undefined;
        await ha.waitFor("bridge offline", () => ha.latest.get(availability) === "offline");
        // While it is down the lock is removed (here: from the host the next start opens).
        host.remove("goes");

        running = await start();
        await ha.waitFor("bridge online again", () => ha.latest.get(availability) === "online");
        await ha.waitFor(
          "the removed lock's entities removed",
          () => ha.entities("_goes").length === 0,
          15_000,
        );
        const after = ha
          .entities("_stays")
          .map((e) => `${e.topic} ${String(e.config.unique_id)}`)
          .sort();
        expect(after).toEqual(before); // the same entities, none doubled
        expect(ha.available(ha.entity("lock", "_stays_lock"))).toBe(true);
        expect(ha.problems).toEqual([]);
      } finally {
        await ha.close();
      }
      // Home Assistant started afresh finds no trace of the removed lock on the broker.
      const fresh = await HomeAssistantClient.connect(url, env.MQTT_DISCOVERY_PREFIX);
      try {
        await fresh.waitFor("the lock that stays", () => fresh.entities("_stays").length > 0);
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(fresh.entities("_goes")).toEqual([]);
        expect(fresh.stateOf(fresh.entity("lock", "_stays_lock"))).toMatch(/^(LOCKED|UNLOCKED)$/);
      } finally {
        await fresh.close();
      }
    }, 40_000);
  },
);

describe("Home Assistant across a restart with the embedded broker (MQTT_URL unset)", () => {
  const dataFolder = mkdtempSync(join(tmpdir(), "latchkey-mqtt-restart-embedded-"));
  const host = new LockHost({ pacing: false });
  const env = {
    MQTT_PORT: "0",
    MQTT_BASE_TOPIC: uniquePrefix("lk"),
    MQTT_DISCOVERY_PREFIX: uniquePrefix("ha"),
    MQTT_LINK_ROOT: uniquePrefix("link"),
  };
  let running: RunningMqtt | undefined;
  const start = async (): Promise<RunningMqtt> => {
    const started = await startMqtt({
      env,
      local: host,
      dataFolder,
      softwareVersion: "0.1.0",
      serverUrl: "http://localhost:8080",
      out: () => {},
    });
    if (!started.ok) throw new Error(started.reason);
    return started.value;
  };

  afterAll(async () => {
    await running?.close();
    await host.close();
    rmSync(dataFolder, { recursive: true, force: true });
  }, 30_000);

  it("a Home Assistant that reconnects after the start is told, at its birth, of the lock removed while the server was down", async () => {
    host.open();
    expect(host.create({ id: "stays", setup: readyLockSetup() }).ok).toBe(true);
    expect(host.create({ id: "goes", setup: readyLockSetup() }).ok).toBe(true);
    running = await start();
    const first = await HomeAssistantClient.connect(running.brokerUrl, env.MQTT_DISCOVERY_PREFIX);
    await first.waitFor(
      "both locks",
      () => first.entities("_goes").length > 0 && first.entities("_stays").length > 0,
    );
    await new Promise((resolve) => setTimeout(resolve, 500)); // the rest of the configs
    await first.close();
    await running.close(); // the embedded broker goes with it, and everything it retained
    running = undefined;
    host.remove("goes");

    running = await start();
    // Home Assistant's reconnect loop (every 10 s) finds the new broker after the sweep (5 s).
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    const ha = await HomeAssistantClient.connect(running.brokerUrl, env.MQTT_DISCOVERY_PREFIX);
    try {
      await ha.waitFor("the lock that stays", () => ha.entities("_stays").length > 0);
      await ha.client.publishAsync("homeassistant/status", "online", { qos: 1 });
      await ha.waitFor("the removed lock's configs emptied", () =>
        [...ha.cleared].some((topic) => topic.includes("_goes_lock/")),
      );
      expect(ha.entities("_goes")).toEqual([]);
      expect(ha.entities("_stays").length).toBeGreaterThan(0);
    } finally {
      await new Promise((resolve) => setTimeout(resolve, 500)); // the rest of the birth's round
      await ha.close();
    }
  }, 40_000);
});
