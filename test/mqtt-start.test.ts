/**
 * What `npm start` runs for MQTT (startMqtt): with MQTT_URL unset, an embedded broker on a
 * printed port; with a broker named, that one. Either way Home Assistant sees the locks of
 * this process and those another process serves over the broker, and drives a lock behind the
 * broker with a code: Home Assistant → bridge → lock link → broker → node → twin, and back.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreateLockOptions } from "../src/host/index.ts";
import { LockHost, LockNode, linkTopics, nodeWill } from "../src/host/index.ts";
import { startMqtt, type RunningMqtt } from "../src/integrations/mqtt/index.ts";
import { HomeAssistantClient } from "./home-assistant-client.ts";
import { uniquePrefix } from "./mqtt-brokers.ts";
import { readyLockSetup } from "./ready-lock-setup.ts";

const setup: CreateLockOptions["setup"] = readyLockSetup();

const external = process.env.MQTT_URL?.trim();
const modes = [{ name: "the embedded broker (MQTT_URL unset)", url: undefined as string | undefined }];
if (external) modes.push({ name: `MQTT_URL=${external}`, url: external });
else console.warn("\n!!!!! npm start's MQTT: MQTT_URL is not set — the run against Mosquitto was SKIPPED.\n");

describe.each(modes)("npm start's MQTT on $name", (mode) => {
  const local = new LockHost({ pacing: true });
  const away = new LockHost({ pacing: true });
  const dataFolder = mkdtempSync(join(tmpdir(), "latchkey-mqtt-start-"));
  const env = {
    MQTT_PORT: "0",
    MQTT_BASE_TOPIC: uniquePrefix("lk"),
    MQTT_DISCOVERY_PREFIX: uniquePrefix("ha"),
    // Home Assistant's birth topic set apart from the prefix (its own option in Home Assistant).
    MQTT_BIRTH_TOPIC: `${uniquePrefix("ha-birth")}/online`,
    MQTT_LINK_ROOT: uniquePrefix("link"),
    ...(mode.url === undefined ? {} : { MQTT_URL: mode.url }),
  };
  const lines: string[] = [];
  let running: RunningMqtt;
  let nodeClient: MqttClient;
  let node: LockNode;
  let ha: HomeAssistantClient;

  beforeAll(async () => {
    local.open();
    away.open();
    expect(local.create({ id: "here", setup }).ok).toBe(true);
    expect(away.create({ id: "away", setup }).ok).toBe(true);
    const started = await startMqtt({
      env,
      local,
      dataFolder,
      softwareVersion: "0.1.0",
      serverUrl: "http://localhost:8080",
      out: (line) => lines.push(line),
    });
    if (!started.ok) throw new Error(started.reason);
    running = started.value;
    // Another process's locks (here: another host and node on the same broker).
    const topics = linkTopics(env.MQTT_LINK_ROOT);
    nodeClient = await mqtt.connectAsync(running.brokerUrl, { will: nodeWill(topics, "far") });
    node = new LockNode({ host: away, client: nodeClient, topics, nodeId: "far" });
    await node.start();
    ha = await HomeAssistantClient.connect(running.brokerUrl, env.MQTT_DISCOVERY_PREFIX);
  });

  afterAll(async () => {
    for (const v of away.list()) away.remove(v.id);
    for (const v of local.list()) local.remove(v.id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await node?.close();
    const cleaner = await mqtt.connectAsync(running.brokerUrl);
    await cleaner.publishAsync(`${env.MQTT_LINK_ROOT}/nodes/far/status`, "", { qos: 1, retain: true });
    await cleaner.publishAsync(`${env.MQTT_BASE_TOPIC}/bridge/availability`, "", { qos: 1, retain: true });
    await cleaner.endAsync();
    await nodeClient?.endAsync(true);
    await ha?.close();
    await running?.close();
    await local.close();
    await away.close();
    rmSync(dataFolder, { recursive: true, force: true });
  }, 30_000);

  it("says where the broker is", () => {
    if (mode.url === undefined)
      expect(lines[0]).toMatch(/MQTT broker \(embedded\) at mqtt:\/\/127\.0\.0\.1:\d+/);
    else expect(lines[0]).toContain("MQTT broker mqtt://");
  });

  it("Home Assistant discovers the locks of this process and of the other one", async () => {
    await ha.waitFor(
      "both locks",
      () => ha.entities("_here").length === 10 && ha.entities("_away").length === 10,
    );
    expect(ha.problems).toEqual([]);
    expect(
      running.locks
        .list()
        .map((v) => v.id)
        .sort(),
    ).toEqual(["away", "here"]);
  });

  it("with a custom discovery prefix, Home Assistant's birth on <prefix>/status and on MQTT_BIRTH_TOPIC each re-publish every config", async () => {
    await ha.waitFor("both locks", () => ha.entities("_here").length === 10);
    for (const topic of [`${env.MQTT_DISCOVERY_PREFIX}/status`, env.MQTT_BIRTH_TOPIC]) {
      ha.configs.clear();
      await ha.client.publishAsync(topic, "online", { qos: 1 });
      await ha.waitFor(
        `configs again after a birth on ${topic}`,
        () => ha.entities("_here").length === 10 && ha.entities("_away").length === 10,
      );
    }
    expect(ha.problems).toEqual([]);
  });

  it("a bad MQTT_PORT or topic setting is refused before a broker is started or a connection made", async () => {
    const said: string[] = [];
    for (const bad of [
      { MQTT_PORT: "0x75B" },
      { MQTT_DISCOVERY_PREFIX: "ha/+" },
      { MQTT_BIRTH_TOPIC: "a/#" },
    ]) {
      const started = await startMqtt({
        env: { ...env, ...bad },
        local,
        dataFolder,
        softwareVersion: "0.1.0",
        out: (line) => said.push(line),
      });
      expect(started).toMatchObject({ ok: false, code: "mqtt.config" });
    }
    expect(said).toEqual([]);
  });

  it("B-NET-2: Home Assistant unlocks a lock behind the broker with a code, and sees it", async () => {
    const lock = ha.entity("lock", "_away_lock");
    await ha.waitFor("available", () => ha.available(lock), 20_000);
    await ha.command(lock, "unlock", "2947");
    await ha.waitFor("unlocked", () => ha.stateOf(lock) === "UNLOCKED", 20_000);
    expect(away.view("away")!.bolt).toBe("unlocked");
    const event = ha.entity("event", "_away_operation");
    await ha.waitFor("event", () => (ha.history.get(event.config.state_topic as string) ?? []).length > 0);
    expect(JSON.parse(ha.history.get(event.config.state_topic as string)!.at(-1)!)).toMatchObject({
      event_type: "unlocked",
      source: "remote",
      slot: 1,
    });
  });

  it("the other process going away makes its lock unavailable in Home Assistant", async () => {
    const lock = ha.entity("lock", "_away_lock");
    nodeClient.stream.destroy();
    await ha.waitFor("unavailable", () => !ha.available(lock), 20_000);
    expect(ha.available(ha.entity("lock", "_here_lock"))).toBe(true);
  });
});
