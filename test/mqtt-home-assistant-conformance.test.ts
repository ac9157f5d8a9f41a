/**
 * The bridge as Home Assistant's own MQTT code reads it (test/home-assistant-emulator.ts, written
 * from home-assistant/core's mqtt platforms, not from our docs), over hosted twins on a real
 * broker (embedded aedes always; Mosquitto when MQTT_URL is set): discovery as Home Assistant
 * parses it, the lock's states in the order Home Assistant shows them, the code checked on both
 * sides, availability, Home Assistant's birth, and hostile payloads refused without effect.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { connect, createServer, type AddressInfo } from "node:net";
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreateLockOptions } from "../src/host/index.ts";
import { FIRST_VERSION, LATEST_VERSION } from "../src/core/update/firmware-versions.ts";
import { LockHost } from "../src/host/index.ts";
import {
  HomeAssistantBridge,
  bridgeHostOf,
  bridgeTopics,
  installFirmwareOn,
  startEmbeddedBroker,
  startHomeAssistantBridge,
  type RunningBridge,
} from "../src/integrations/mqtt/index.ts";
import { HomeAssistantEmulator } from "./home-assistant-emulator.ts";
import { brokerTargets, uniquePrefix } from "./mqtt-brokers.ts";
import { readyLockSetup } from "./ready-lock-setup.ts";

const setup = (profile: string): CreateLockOptions["setup"] => readyLockSetup(profile);

describe.each(brokerTargets("Home Assistant conformance"))("Home Assistant conformance, $name", (target) => {
  let url: string;
  let stopBroker: () => Promise<void>;
  const host = new LockHost({ pacing: true });
  let running: RunningBridge;
  let ha: HomeAssistantEmulator;
  const baseTopic = uniquePrefix("lk");
  const prefix = uniquePrefix("ha");
  // With Home Assistant's Install wired as `latchkey serve` wires it (the update-firmware fix).
  const bridged = () => bridgeHostOf(host, { installFirmware: installFirmwareOn(host) });

  beforeAll(async () => {
    ({ url, stop: stopBroker } = await target.start());
    host.open();
    for (const [id, profile] of [
      ["halo", "halo"],
      ["z914", "smartcode-914"],
    ] as const) {
      const made = host.create({ id, setup: setup(profile) });
      if (!made.ok) throw new Error(made.reason);
    }
    ha = await HomeAssistantEmulator.connect(url, prefix);
    running = await startHomeAssistantBridge({
      url,
      host: bridged(),
      baseTopic,
      discoveryPrefix: prefix,
      softwareVersion: "0.1.0",
      configurationUrl: (id) => `http://localhost:8080/#${id}`,
    });
  });

  afterAll(async () => {
    for (const v of host.list()) host.remove(v.id);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await running?.close();
    const cleaner = await mqtt.connectAsync(url);
    await cleaner.publishAsync(`${baseTopic}/bridge/availability`, "", { retain: true, qos: 1 });
    await cleaner.endAsync();
    await ha?.close();
    await host.close();
    await stopBroker?.();
  });

  it("B-NET-2: Home Assistant's discovery takes every config: no warning, one device per lock, all available", async () => {
    await ha.until("22 entities", () => ha.entities.size === 21);
    expect(ha.problems).toEqual([]);
    const lock = ha.find("lock", "_z914_lock");
    await ha.until("lock state", () => lock.state === "locked" || lock.state === "unlocked");
    await ha.until("available", () => ha.available(lock));
    for (const e of ha.entities.values()) await ha.until(`${e.discoveryId} available`, () => ha.available(e));
    expect(ha.problems).toEqual([]);
  });

  it("B-NET-2, B-SEC-5: Home Assistant shows UNLOCKING then UNLOCKED and LOCKING then LOCKED; without a code it refuses before sending", async () => {
    const lock = ha.find("lock", "_z914_lock");
    const results = `${baseTopic}/z914/lock/result`;
    await ha.follow(results);
    // code_format is set: Home Assistant itself refuses lock and unlock without a code.
    expect(await ha.command(lock, "unlock")).toBe(false);
    expect(await ha.command(lock, "lock")).toBe(false);
    if (lock.state !== "locked") {
      await ha.command(lock, "lock", "2947");
      await ha.until("locked first", () => lock.state === "locked", 20_000);
    }
    lock.shown.length = 0;
    expect(await ha.command(lock, "unlock", "2947")).toBe(true);
    await ha.until("unlocked", () => lock.state === "unlocked", 20_000);
    expect(await ha.command(lock, "lock", "2947")).toBe(true);
    await ha.until("locked", () => lock.state === "locked", 20_000);
    expect(lock.shown).toEqual(["unlocking", "unlocked", "locking", "locked"]);
    // The operation event fires once per operation (never from a retained replay).
    const operation = ha.find("event", "_z914_operation");
    await ha.until("two events", () => operation.events.length >= 2);
    expect(operation.events.slice(-2).map((e) => [e.type, e.attributes.source])).toEqual([
      ["unlocked", "remote"],
      ["locked", "remote"],
    ]);
    expect(ha.problems).toEqual([]);
  });

  it("B-NET-2, Home Assistant MQTT lock (open = latch drawn back, offered only with payload_open): a deadbolt offers no open and never reports open; the Halo's bolt back with its door open is unlocked, and the door is the Door binary sensor", async () => {
    const lock = ha.find("lock", "_halo_lock");
    const door = ha.find("binary_sensor", "_halo_door");
    expect(door.config.device_class).toBe("door");
    for (const e of [lock, ha.find("lock", "_z914_lock")]) {
      // No payload_open: LockEntityFeature.OPEN stays off, so Home Assistant offers no Open.
      expect(e.config).not.toHaveProperty("payload_open");
    }
    await ha.until("halo state", () => lock.state === "locked" || lock.state === "unlocked");
    lock.shown.length = 0;
    door.shown.length = 0;
    if (lock.state !== "unlocked") {
      expect(await ha.command(lock, "unlock", "2947")).toBe(true);
      await ha.until("unlocked", () => lock.state === "unlocked", 20_000);
    }
    expect(host.act("halo", (l) => l.door({ closed: false })).ok).toBe(true);
    await ha.until("door open", () => door.state === "on");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lock.state).toBe("unlocked");
    expect(host.act("halo", (l) => l.door({ closed: true })).ok).toBe(true);
    await ha.until("door closed", () => door.state === "off");
    expect(await ha.command(lock, "lock", "2947")).toBe(true);
    await ha.until("locked", () => lock.state === "locked", 20_000);
    expect(lock.shown).not.toContain("open");
    expect(lock.shown).not.toContain("opening");
    expect(ha.problems).toEqual([]);
  });

  it("B-NET-2: a code Home Assistant's own check (Python's re.match on code_format) lets through is one the bridge takes", async () => {
    const lock = ha.find("lock", "_z914_lock");
    // Python's \d is any Unicode digit: "２９４７" (fullwidth) would pass ^\d{4,8}$ in Home
    // Assistant and then be refused by the bridge, silently for the person in Home Assistant.
    expect(await ha.command(lock, "unlock", "２９４７")).toBe(false);
    expect(await ha.command(lock, "unlock", "٢٩٤٧")).toBe(false);
    expect(await ha.command(lock, "unlock", "294")).toBe(false);
    expect(await ha.command(lock, "unlock", "123456789")).toBe(false);
  });

  it("B-NET-2: a jam shows as JAMMED, the jam sensor on and the alert jammed; after the fix, LOCKED clears it", async () => {
    const lock = ha.find("lock", "_z914_lock");
    const jammed = ha.find("binary_sensor", "_z914_jammed");
    const alert = ha.find("sensor", "_z914_alert");
    expect(host.act("z914", (l) => l.fault({ fault: "strike-misaligned" })).ok).toBe(true);
    await ha.command(lock, "unlock", "2947");
    await ha.until("unlocked", () => lock.state === "unlocked", 20_000);
    await ha.command(lock, "lock", "2947");
    await ha.until("jammed", () => lock.state === "jammed", 20_000);
    await ha.until("jam sensor", () => jammed.state === "on" && alert.state === "jammed");
    expect(host.act("z914", (l) => l.fix({ fix: "adjust-strike-plate" })).ok).toBe(true);
    await ha.command(lock, "lock", "2947");
    await ha.until("locked again", () => lock.state === "locked", 20_000);
    await ha.until("jam sensor off", () => jammed.state === "off" && alert.state === "none");
    expect(ha.problems).toEqual([]);
  });

  it("B-NET-5: a lock out of reach is unavailable in Home Assistant while its alert says offline; back in reach, available", async () => {
    const lock = ha.find("lock", "_halo_lock");
    const alert = ha.find("sensor", "_halo_alert");
    expect(host.act("halo", (l) => l.fault({ fault: "radio-offline" })).ok).toBe(true);
    await ha.until("unavailable", () => !ha.available(lock));
    await ha.until("alert offline", () => ha.available(alert) && alert.state === "offline");
    expect(host.act("halo", (l) => l.fix({ fix: "restore-connectivity" })).ok).toBe(true);
    await ha.until("available again", () => ha.available(lock) && alert.state === "none");
  });

  it("B-NET-2, B-SEC-1: hostile payloads on the lock's and the Mode's command topics are refused, each with its code, and nothing moves", async () => {
    const lock = ha.find("lock", "_z914_lock");
    const mode = ha.find("select", "_z914_mode");
    const errors = `${baseTopic}/z914/error`;
    await ha.follow(errors);
    if (lock.state !== "locked") {
      await ha.command(lock, "lock", "2947");
      await ha.until("locked first", () => lock.state === "locked", 20_000);
    }
    const command = lock.config.command_topic as string;
    const modeCommand = mode.config.command_topic as string;
    const other = await mqtt.connectAsync(url);
    const sent: [string, string | Buffer, string][] = [
      [command, Buffer.alloc(100_000, 0x41), "payload.too-large"],
      [command, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), "payload.malformed"],
      [command, '"UNLOCK"', "payload.invalid"],
      [command, '{"action":"UNLOCK","code":2947}', "payload.invalid"],
      [command, '{"action":"UNLOCK","code":"2947","open":true}', "payload.invalid"],
      [command, '{"action":"UNLOCK","code":"29a7"}', "code.format"],
      [command, "UNLOCK", "code.required"],
      [command, '{"action":"OPEN","code":"2947"}', "command.unsupported"],
      [command, '{"action":"UNLOCK","code":"8888"}', "code.wrong"],
      [modeCommand, '"vacation"', "payload.invalid"],
      [modeCommand, "VACATION", "payload.invalid"],
      [modeCommand, Buffer.from([0xc3, 0x28]), "payload.malformed"],
      [modeCommand, "vacation-vacation-vacation", "payload.too-large"],
    ];
    for (const [topic, payload, code] of sent) {
      const before = (ha.seen.get(errors) ?? []).length;
      await other.publishAsync(topic, payload, { qos: 1 });
      await ha.until(`refusal ${code}`, () => (ha.seen.get(errors) ?? []).length > before, 20_000);
      expect(JSON.parse(ha.seen.get(errors)!.at(-1)!)).toMatchObject({ ok: false, code });
    }
    await other.endAsync();
    expect(host.view("z914")).toMatchObject({ bolt: "locked", mode: "normal" });
    expect(lock.state).toBe("locked");
    expect(ha.problems).toEqual([]);
  });

  it("B-NET-5: the bridge's connection dies: its last will makes every entity unavailable; reconnected, all are available again", async () => {
    await running.close();
    const topics = bridgeTopics(baseTopic, prefix);
    const client = await mqtt.connectAsync(url, {
      reconnectPeriod: 300,
      will: { topic: topics.bridgeAvailability(), payload: Buffer.from("offline"), qos: 1, retain: true },
    });
    const bridge = new HomeAssistantBridge({
      client,
      host: bridged(),
      topics,
      softwareVersion: "0.1.0",
    });
    await bridge.start();
    running = {
      bridge,
      baseTopic,
      discoveryPrefix: prefix,
      close: async () => {
        await bridge.close();
        await client.endAsync();
      },
    };
    const all = () => [...ha.entities.values()];
    await ha.until("all available", () => all().every((e) => ha.available(e)));
    const reconnected = new Promise((resolve) => client.once("connect", resolve));
    client.stream.destroy();
    await ha.until("all unavailable (the will)", () => all().every((e) => !ha.available(e)));
    await reconnected;
    await ha.until("all available again", () => all().every((e) => ha.available(e)));
    expect(ha.find("lock", "_z914_lock").state).toBe("locked");
    expect(ha.problems).toEqual([]);
  });

  it("B-NET-2, B-SEC-2: a retained command (lock, Mode, Install) is refused when the bridge (re)subscribes, and nothing is carried out", async () => {
    const lock = ha.find("lock", "_z914_lock");
    const mode = ha.find("select", "_z914_mode");
    const update = ha.find("update", "_z914_firmware");
    const errors = `${baseTopic}/z914/error`;
    await ha.follow(errors);
    expect(lock.state).toBe("locked");
    await running.close();
    const other = await mqtt.connectAsync(url);
    // Someone left retained commands behind: an unlock with the right code, vacation, install.
    const left: [string, string][] = [
      [lock.config.command_topic as string, '{"action":"UNLOCK","code":"2947"}'],
      [mode.config.command_topic as string, "vacation"],
      [update.config.command_topic as string, update.config.payload_install as string],
    ];
    for (const [topic, payload] of left) await other.publishAsync(topic, payload, { qos: 1, retain: true });
    const before = (ha.seen.get(errors) ?? []).length;
    running = await startHomeAssistantBridge({
      url,
      host: bridged(),
      baseTopic,
      discoveryPrefix: prefix,
      softwareVersion: "0.1.0",
      configurationUrl: (id) => `http://localhost:8080/#${id}`,
    });
    await ha.until("three refusals", () => (ha.seen.get(errors) ?? []).length >= before + 3, 20_000);
    const refusals = ha.seen
      .get(errors)!
      .slice(before)
      .map((e) => JSON.parse(e) as Record<string, unknown>);
    expect(refusals.map((r) => r.code)).toEqual(["command.retained", "command.retained", "command.retained"]);
    expect(new Set(refusals.map((r) => r.action))).toEqual(new Set([undefined, "mode", "install"]));
    for (const [topic] of left) await other.publishAsync(topic, "", { qos: 1, retain: true });
    await other.endAsync();
    expect(host.view("z914")).toMatchObject({ bolt: "locked", mode: "normal" });
    await ha.until("available", () => ha.available(lock));
    expect(lock.state).toBe("locked");
    expect(mode.state).toBe("normal");
  });

  it("B-NET-2: Home Assistant's birth message brings every config again", async () => {
    const before = ha.configMessages;
    await ha.birth();
    await ha.until("configs again", () => ha.configMessages >= before + 21);
    expect(ha.problems).toEqual([]);
  });

  it("B-NET-2: a flood of birth messages is folded, not multiplied by the fleet: 200 births, a few rounds of configs", async () => {
    const probe = `${prefix}-probe/flood`;
    await ha.follow(probe);
    const before = ha.configMessages;
    const other = await mqtt.connectAsync(url);
    for (let i = 0; i < 200; i++) other.publish(`${prefix}/status`, "online", { qos: 0 });
    await other.endAsync();
    await ha.until("a round", () => ha.configMessages >= before + 21);
    // Quiet again: no round in flight (a message of its own arrives after what the bridge sent).
    let settled = -1;
    while (settled !== ha.configMessages) {
      settled = ha.configMessages;
      const pings = (ha.seen.get(probe) ?? []).length;
      await ha.client.publishAsync(probe, "ping", { qos: 1 });
      await ha.until("its own ping", () => (ha.seen.get(probe) ?? []).length > pings);
    }
    // Unfolded, every birth was a round: 200 × 21 configs (measured before the change: all of them).
    expect(ha.configMessages - before).toBeLessThanOrEqual(21 * 10);
    expect(ha.problems).toEqual([]);
  });
  it("B-NET-2: a lock's device deleted in Home Assistant (its configs emptied, as Home Assistant does) comes back at Home Assistant's next birth, while the lock is still hosted", async () => {
    const mine = () => [...ha.entities.values()].filter((e) => String(e.config.unique_id).includes("_z914_"));
    await ha.until("the z914's entities", () => mine().length === 10);
    for (const e of mine()) await ha.deleteInUi(e);
    await ha.until("the device gone", () => mine().length === 0);
    // Nothing brings it back by itself: a state change publishes states only.
    expect(host.act("z914", (l) => l.turn({ by: "thumbturn", direction: "unlock" })).ok).toBe(true);
    expect(host.act("z914", (l) => l.turn({ by: "thumbturn", direction: "lock" })).ok).toBe(true);
    const probe = `${prefix}-probe/deleted`;
    await ha.follow(probe);
    await ha.client.publishAsync(probe, "ping", { qos: 1 });
    await ha.until("the probe", () => (ha.seen.get(probe) ?? []).length > 0);
    expect(mine().length).toBe(0);
    // Home Assistant restarts: its birth brings every config again, this lock's included.
    await ha.birth();
    await ha.until("the device back", () => mine().length === 10);
    await ha.until("available again", () => mine().every((e) => ha.available(e)));
    expect(ha.problems).toEqual([]);
  });

  it("B-NET-4: Home Assistant's update entity takes every state the bridge sends (its MQTT_JSON_UPDATE_SCHEMA): up to date, an update offered, in progress while Install runs, then the new version", async () => {
    const update = ha.find("update", "_z914_firmware");
    // Up to date: no release notes is "" — null failed Home Assistant's schema and the whole
    // state was dropped, so the entity stayed unknown.
    await ha.until("up to date", () => update.state === "off");
    expect(update.update).toMatchObject({ installed_version: LATEST_VERSION, release_summary: "" });
    expect(host.act("z914", (l) => l.fault({ fault: "firmware-outdated" })).ok).toBe(true);
    await ha.until("an update offered", () => update.state === "on");
    expect(update.update).toMatchObject({
      installed_version: FIRST_VERSION,
      latest_version: LATEST_VERSION,
      in_progress: false,
    });
    expect(String(update.update.release_summary)).not.toBe("");
    const seen = update.updates.length;
    await ha.install(update);
    await ha.until("installed", () => update.state === "off" && update.update.in_progress === false, 20_000);
    // The install's end carries no release notes: before, that state was dropped and Home
    // Assistant kept showing the update in progress at the old version.
    expect(update.updates.slice(seen).map((u) => u.in_progress)).toContain(true);
    expect(update.update).toMatchObject({
      installed_version: LATEST_VERSION,
      latest_version: LATEST_VERSION,
      release_summary: "",
      in_progress: false,
    });
    expect(host.view("z914")!.firmwareVersion).toBe(LATEST_VERSION);
    expect(ha.problems).toEqual([]);
  });
});

describe.each(brokerTargets("Home Assistant conformance, removal"))(
  "Home Assistant conformance, removal, $name",
  (target) => {
    it("B-NET-2: a removed lock's configs are cleared: Home Assistant drops its entities, and a Home Assistant starting later finds none", async () => {
      const { url, stop } = await target.start();
      const host = new LockHost({ pacing: true });
      host.open();
      const made = host.create({ id: "gone", setup: setup("smartcode-914") });
      if (!made.ok) throw new Error(made.reason);
      const prefix = uniquePrefix("ha");
      const ha = await HomeAssistantEmulator.connect(url, prefix);
      const bridge = await startHomeAssistantBridge({
        url,
        host: bridgeHostOf(host),
        baseTopic: uniquePrefix("lk"),
        discoveryPrefix: prefix,
        softwareVersion: "0.1.0",
      });
      let later: HomeAssistantEmulator | undefined;
      try {
        await ha.until("10 entities", () => ha.entities.size === 10);
        host.remove("gone");
        await ha.until("none left", () => ha.entities.size === 0);
        later = await HomeAssistantEmulator.connect(url, prefix);
        // A message of its own, sent after it subscribed, arrives after anything retained.
        const probe = `${prefix}-probe/ping`;
        await later.follow(probe);
        await later.client.publishAsync(probe, "ping", { qos: 1 });
        const seen = later;
        await seen.until("its own ping", () => seen.seen.has(probe));
        expect(later.entities.size).toBe(0);
        // The states go a moment after the configs, once Home Assistant has dropped the entities
        // (the Alert's enum sensor, not yet dropped, took an empty state as its value): soon
        // nothing of the lock is retained.
        const deadline = Date.now() + 10_000;
        let left = await retainedUnder(url, `${bridge.baseTopic}/gone/#`);
        while (left.length > 0 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          left = await retainedUnder(url, `${bridge.baseTopic}/gone/#`);
        }
        expect(left).toEqual([]);
        expect([...ha.problems, ...later.problems]).toEqual([]);
      } finally {
        await later?.close();
        await bridge.close();
        const cleaner = await mqtt.connectAsync(url);
        await cleaner.publishAsync(`${bridge.baseTopic}/bridge/availability`, "", { retain: true, qos: 1 });
        await cleaner.endAsync();
        await ha.close();
        await host.close();
        await stop();
      }
    });
  },
);

/** The topics under a filter that a new subscriber receives a retained message on. */
async function retainedUnder(url: string, filter: string): Promise<string[]> {
  const client = await mqtt.connectAsync(url);
  const topics: string[] = [];
  const probe = `${uniquePrefix("probe")}/ping`;
  let probed = false;
  client.on("message", (topic, payload, packet) => {
    if (topic === probe) probed = true;
    else if (packet.retain && payload.byteLength > 0) topics.push(topic);
  });
  await client.subscribeAsync([filter, probe], { qos: 1 });
  // A message of its own, sent after it subscribed, arrives after anything retained.
  await client.publishAsync(probe, "ping", { qos: 1 });
  while (!probed) await new Promise((resolve) => setTimeout(resolve, 10));
  await client.endAsync();
  return topics;
}

/** A broker this test may stop and start again on the same port, as a user restarts theirs. */
interface RestartableBroker {
  readonly name: string;
  start(port: number): Promise<{ port: number; stop: () => Promise<void> }>;
}

function restartableBrokers(): RestartableBroker[] {
  const brokers: RestartableBroker[] = [
    {
      name: "embedded aedes broker",
      start: async (port) => {
        const broker = await startEmbeddedBroker({ port });
        return { port: broker.port, stop: () => broker.close() };
      },
    },
  ];
  const binary = ["/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto", "/usr/bin/mosquitto"].find((p) =>
    existsSync(p),
  );
  if (binary === undefined) {
    console.warn(
      "\n!!!!! Home Assistant conformance: no mosquitto binary — the Mosquitto restart test was SKIPPED.\n",
    );
    return brokers;
  }
  brokers.push({
    name: `a Mosquitto of its own (${binary})`,
    start: async (port) => {
      // Mosquitto 2 with no configuration file: loopback only, anonymous, no persistence — a
      // restart forgets every retained message, the hard case for discovery.
      const chosen = port === 0 ? await freePort() : port;
      const child = spawn(binary, ["-p", String(chosen)], { stdio: "ignore" });
      await waitForPort(chosen);
      return {
        port: chosen,
        stop: async () => {
          const exited = new Promise((resolve) => child.once("exit", resolve));
          child.kill("SIGTERM");
          await exited;
        },
      };
    },
  });
  return brokers;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`nothing listens on port ${port}`);
}

describe.each(restartableBrokers())("Home Assistant after a broker restart, $name", (broker) => {
  it("B-NET-5: the broker restarts and forgets what was retained: the bridge sends every config, state and `online` again", async () => {
    const host = new LockHost({ pacing: true });
    host.open();
    const made = host.create({ id: "z914", setup: setup("smartcode-914") });
    if (!made.ok) throw new Error(made.reason);
    let running = await broker.start(0);
    const url = `mqtt://127.0.0.1:${running.port}`;
    const prefix = uniquePrefix("ha");
    const ha = await HomeAssistantEmulator.connect(url, prefix, { reconnectPeriod: 200 });
    const bridge = await startHomeAssistantBridge({
      url,
      host: bridgeHostOf(host),
      baseTopic: uniquePrefix("lk"),
      discoveryPrefix: prefix,
      softwareVersion: "0.1.0",
      clientOptions: { reconnectPeriod: 200 },
    });
    try {
      await ha.until("10 entities", () => ha.entities.size === 10);
      const all = () => [...ha.entities.values()];
      await ha.until("all available", () => all().every((e) => ha.available(e)));
      const lock = ha.find("lock", "_z914_lock");
      const before = ha.configMessages;
      await running.stop();
      await ha.until("Home Assistant disconnected", () => !ha.client.connected);
      for (const e of all()) e.availability.clear();
      running = await broker.start(running.port);
      await ha.until("Home Assistant reconnected", () => ha.client.connected, 20_000);
      await ha.until("configs again", () => ha.configMessages >= before + 10, 20_000);
      await ha.until("all available again", () => all().every((e) => ha.available(e)), 20_000);
      expect(lock.state === "locked" || lock.state === "unlocked").toBe(true);
      expect(ha.problems).toEqual([]);
    } finally {
      await bridge.close();
      await ha.close();
      await host.close();
      await running.stop();
    }
  });
});
