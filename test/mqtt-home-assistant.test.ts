/**
 * Home Assistant and hosted twins (issue 13, Proof): the bridge over a real LockHost on a real
 * broker (embedded aedes always; Mosquitto when MQTT_URL is set). A client playing Home
 * Assistant reads every discovery config and checks it against the schema, locks and unlocks
 * with a code, sees state, battery, door and operation events, and sees wrong codes refused
 * and counted towards the keypad lockout; the device's sw_version follows the firmware the lock
 * runs (issue 14); the Mode select sets the lock's mode and follows another controller's (B-SEC-2).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreateLockOptions } from "../src/host/index.ts";
import { LockHost, SqliteHostStore } from "../src/host/index.ts";
import {
  bridgeHostOf,
  installFirmwareOn,
  startEmbeddedBroker,
  startHomeAssistantBridge,
  type RunningBridge,
} from "../src/integrations/mqtt/index.ts";
import { FIRST_VERSION, LATEST_VERSION } from "../src/core/update/firmware-versions.ts";
import { HomeAssistantClient } from "./home-assistant-client.ts";
import { brokerTargets, uniquePrefix } from "./mqtt-brokers.ts";
import { readyLockSetup } from "./ready-lock-setup.ts";

const setup = (profile: string): CreateLockOptions["setup"] => readyLockSetup(profile);

describe.each(brokerTargets("Home Assistant on hosted locks"))(
  "Home Assistant on hosted locks, $name",
  (target) => {
    let url: string;
    let stopBroker: () => Promise<void>;
    const host = new LockHost({ pacing: true });
    let running: RunningBridge;
    let ha: HomeAssistantClient;
    const baseTopic = uniquePrefix("lk");
    const discoveryPrefix = uniquePrefix("ha");

    beforeAll(async () => {
      ({ url, stop: stopBroker } = await target.start());
      host.open();
      for (const [id, profile] of [
        ["halo", "halo"],
        ["z914", "smartcode-914"],
        ["t275", "smartcode-275"],
      ] as const) {
        const made = host.create({ id, setup: setup(profile) });
        if (!made.ok) throw new Error(made.reason);
      }
      ha = await HomeAssistantClient.connect(url, discoveryPrefix);
      running = await startHomeAssistantBridge({
        url,
        host: bridgeHostOf(host, { installFirmware: installFirmwareOn(host) }),
        baseTopic,
        discoveryPrefix,
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

    it("every config is valid for Home Assistant; a Halo has a door, a 914 none, a radio-less 275 is not discovered", async () => {
      await ha.waitFor("Halo's 11 entities", () => ha.entities("_halo").length === 11);
      await ha.waitFor("914's 10 entities", () => ha.entities("_z914").length === 10);
      expect(ha.problems).toEqual([]);
      expect(ha.entities("_t275")).toEqual([]);
      const ids = ha.entities().map((e) => e.config.unique_id);
      expect(new Set(ids).size).toBe(ids.length);
      const lock = ha.entity("lock", "_halo_lock");
      expect(lock.config.code_format).toBe("^[0-9]{4,8}$");
      expect(lock.config.device).toMatchObject({
        model_id: "halo",
        sw_version: host.view("halo")!.firmwareVersion,
        configuration_url: "http://localhost:8080/#halo",
      });
    });

    it("B-NET-2: state, battery and door as the lock has them, available while paired and in reach", async () => {
      const lock = ha.entity("lock", "_halo_lock");
      const view = host.view("halo")!;
      // Each entity's state is its own retained message: wait for each, in any order.
      const battery = ha.entity("sensor", "_halo_battery");
      const door = ha.entity("binary_sensor", "_halo_door");
      await ha.waitFor(
        "lock state",
        () => ha.stateOf(lock) === (view.bolt === "locked" ? "LOCKED" : "UNLOCKED"),
      );
      await ha.waitFor("battery", () => ha.stateOf(battery) === String(Math.round(view.battery!.percent)));
      await ha.waitFor("door", () => ha.stateOf(door) === "OFF");
      await ha.waitFor("available", () => ha.available(lock));
      expect(host.act("halo", (l) => l.door({ closed: false })).ok).toBe(true);
      await ha.waitFor("door open", () => ha.stateOf(ha.entity("binary_sensor", "_halo_door")) === "ON");
      expect(host.act("halo", (l) => l.door({ closed: true })).ok).toBe(true);
      await ha.waitFor("door closed", () => ha.stateOf(ha.entity("binary_sensor", "_halo_door")) === "OFF");
    });

    it("B-NET-2, B-SEC-5: unlock and lock with a code from Home Assistant; the operation event names source and slot", async () => {
      const lock = ha.entity("lock", "_z914_lock");
      const operation = ha.entity("event", "_z914_operation");
      const results = `${baseTopic}/z914/lock/result`;
      await ha.follow(results);
      await ha.command(lock, "unlock", "2947");
      await ha.waitFor("unlocked", () => ha.stateOf(lock) === "UNLOCKED", 20_000);
      await ha.waitFor("result", () => (ha.history.get(results) ?? []).length >= 1, 20_000);
      expect(JSON.parse(ha.history.get(results)!.at(-1)!)).toMatchObject({ ok: true, action: "unlock" });
      await ha.waitFor(
        "event",
        () => (ha.history.get(operation.config.state_topic as string) ?? []).length > 0,
      );
      const event = JSON.parse(ha.history.get(operation.config.state_topic as string)!.at(-1)!);
      expect(event).toMatchObject({ event_type: "unlocked", source: "remote", slot: 1 });
      await ha.command(lock, "lock", "2947");
      await ha.waitFor("locked", () => ha.stateOf(lock) === "LOCKED", 20_000);
    });

    it("B-SEC-1: wrong codes from Home Assistant are refused, counted like the keypad's, and end in a lockout", async () => {
      const lock = ha.entity("lock", "_z914_lock");
      const errors = `${baseTopic}/z914/error`;
      await ha.follow(errors);
      for (let i = 1; i <= 5; i++) {
        await ha.command(lock, "unlock", "1111");
        await ha.waitFor(`refusal ${i}`, () => (ha.history.get(errors) ?? []).length >= i, 20_000);
      }
      expect(JSON.parse(ha.history.get(errors)![0]!)).toMatchObject({ ok: false, code: "code.wrong" });
      // Each is a wrong_code operation event that says it was sent, not typed at the keypad.
      const operation = ha.entity("event", "_z914_operation").config.state_topic as string;
      await ha.waitFor(
        "five wrong_code events",
        () =>
          (ha.history.get(operation) ?? []).filter((p) => JSON.parse(p).event_type === "wrong_code").length >=
          5,
      );
      const wrongs = (ha.history.get(operation) ?? [])
        .map((p) => JSON.parse(p) as Record<string, unknown>)
        .filter((e) => e.event_type === "wrong_code");
      expect(wrongs.every((e) => e.source === "remote")).toBe(true);
      await ha.waitFor("lockout", () => ha.stateOf(ha.entity("binary_sensor", "_z914_lockout")) === "ON");
      expect(host.view("z914")!.lockout).not.toBeNull();
      expect(host.view("z914")!.bolt).toBe("locked");
      // In the lockout even the right code is refused.
      await ha.command(lock, "unlock", "2947");
      await ha.waitFor("refusal in lockout", () => (ha.history.get(errors) ?? []).length >= 6, 20_000);
      expect(host.view("z914")!.bolt).toBe("locked");
    });

    it("B-SEC-2: the Mode select sets the lock's mode over its radio and follows a mode another controller set; passage without a code is refused", async () => {
      const mode = ha.entity("select", "_halo_mode");
      const lock = ha.entity("lock", "_halo_lock");
      const results = `${baseTopic}/halo/lock/result`;
      const errors = `${baseTopic}/halo/error`;
      await ha.follow(results);
      await ha.follow(errors);
      await ha.waitFor("normal", () => ha.stateOf(mode) === "normal");
      // Locked first, so that a passage which got through would show.
      const lockAnswered = (ha.history.get(results) ?? []).length;
      await ha.command(lock, "lock", "2947");
      await ha.waitFor("locked", () => ha.stateOf(lock) === "LOCKED", 20_000);
      await ha.waitFor("lock answered", () => (ha.history.get(results) ?? []).length > lockAnswered, 20_000);
      const answered = (ha.history.get(results) ?? []).length;
      await ha.select(mode, "vacation");
      await ha.waitFor("vacation", () => ha.stateOf(mode) === "vacation", 20_000);
      expect(host.view("halo")!.mode).toBe("vacation");
      await ha.waitFor("answer", () => (ha.history.get(results) ?? []).length > answered, 20_000);
      expect(JSON.parse(ha.history.get(results)!.at(-1)!)).toEqual({
        ok: true,
        action: "mode",
        mode: "vacation",
      });
      // Another controller on the lock's link (the hub, Matter) changes it: the lock reports it.
      expect(await host.link("halo")!.send({ type: "mode", mode: "privacy" })).toMatchObject({ ok: true });
      await ha.waitFor("privacy", () => ha.stateOf(mode) === "privacy", 20_000);
      // Passage would unlock the door, and this bridge asks a code to unlock: refused, nothing sent.
      const refused = (ha.history.get(errors) ?? []).length;
      await ha.select(mode, "passage");
      await ha.waitFor("refusal", () => (ha.history.get(errors) ?? []).length > refused, 20_000);
      expect(JSON.parse(ha.history.get(errors)!.at(-1)!)).toMatchObject({
        ok: false,
        code: "code.required",
        action: "mode",
      });
      expect(host.view("halo")).toMatchObject({ mode: "privacy", bolt: "locked" });
      expect(ha.stateOf(lock)).toBe("LOCKED");
      await ha.select(mode, "normal");
      await ha.waitFor("normal again", () => ha.stateOf(mode) === "normal", 20_000);
      expect(host.view("halo")!.mode).toBe("normal");
      expect(ha.problems).toEqual([]);
    });

    it("B-SEC-2 (Matter DoorLock §5.2.6.15.3: manual unlocking ends Privacy): the thumbturn turned inside a lock in privacy mode puts the Mode select back to normal and the lock to UNLOCKED", async () => {
      const mode = ha.entity("select", "_halo_mode");
      const lock = ha.entity("lock", "_halo_lock");
      if (host.view("halo")!.bolt !== "locked") {
        await ha.command(lock, "lock", "2947");
        await ha.waitFor("locked", () => ha.stateOf(lock) === "LOCKED", 20_000);
      }
      await ha.select(mode, "privacy");
      await ha.waitFor("privacy", () => ha.stateOf(mode) === "privacy", 20_000);
      expect(host.act("halo", (l) => l.turn({ by: "thumbturn", direction: "unlock" })).ok).toBe(true);
      await ha.waitFor("normal", () => ha.stateOf(mode) === "normal", 20_000);
      await ha.waitFor("unlocked", () => ha.stateOf(lock) === "UNLOCKED", 20_000);
      expect(host.view("halo")!.mode).toBe("normal");
      await ha.command(lock, "lock", "2947");
      await ha.waitFor("locked again", () => ha.stateOf(lock) === "LOCKED", 20_000);
      expect(ha.problems).toEqual([]);
    });

    it("B-NET-4: the device's sw_version is the version the lock runs; firmware-outdated and an update republish the config", async () => {
      const swVersion = () =>
        (ha.entity("lock", "_halo_lock").config.device as { sw_version?: unknown }).sw_version;
      await ha.waitFor("the latest release", () => swVersion() === LATEST_VERSION);
      // A lock made with 1.0.0 that never updated (FAULTS.md firmware-outdated).
      expect(host.act("halo", (l) => l.fault({ fault: "firmware-outdated" })).ok).toBe(true);
      await ha.waitFor("1.0.0 after firmware-outdated", () => swVersion() === FIRST_VERSION);
      // Every entity of the device carries the device block: each config is sent again.
      await ha.waitFor("every entity's device says 1.0.0", () =>
        ha
          .entities("_halo")
          .every((e) => (e.config.device as { sw_version?: unknown }).sw_version === FIRST_VERSION),
      );
      expect(host.act("halo", (l) => l.fix({ fix: "update-firmware" })).ok).toBe(true);
      expect(host.view("halo")?.firmware).toMatchObject({ version: LATEST_VERSION, slot: "B" });
      await ha.waitFor("the update's version", () => swVersion() === LATEST_VERSION);
      expect(ha.problems).toEqual([]);
    });

    it("B-NET-4: the firmware update entity shows installed and latest; only its exact Install payload updates the lock over the radio", async () => {
      const update = ha.entity("update", "_halo_firmware");
      expect(update.config).toMatchObject({
        device_class: "firmware",
        entity_category: "config",
        payload_install: "install",
      });
      const state = () => {
        const payload = ha.stateOf(update);
        return payload === undefined
          ? undefined
          : (JSON.parse(payload) as { installed_version: string; latest_version: string });
      };
      expect(host.act("halo", (l) => l.fault({ fault: "firmware-outdated" })).ok).toBe(true);
      await ha.waitFor("installed 1.0.0", () => state()?.installed_version === FIRST_VERSION);
      expect(state()).toMatchObject({ installed_version: FIRST_VERSION, latest_version: LATEST_VERSION });
      expect(LATEST_VERSION).toBe("1.1.0");
      // Hostile or mistaken payloads are refused on the error topic and change nothing.
      const errors = `${baseTopic}/halo/error`;
      await ha.follow(errors);
      const before = (ha.history.get(errors) ?? []).length;
      for (const payload of ["INSTALL", "install ", '{"install":true}'])
        await ha.client.publishAsync(update.config.command_topic as string, payload, { qos: 1 });
      await ha.waitFor("three refusals", () => (ha.history.get(errors) ?? []).length === before + 3);
      for (const refusal of ha.history.get(errors)!.slice(before))
        expect(JSON.parse(refusal)).toMatchObject({ ok: false, code: "command.invalid", action: "install" });
      expect(host.view("halo")!.firmwareVersion).toBe(FIRST_VERSION);
      await ha.install(update);
      await ha.waitFor("installed 1.1.0", () => state()?.installed_version === LATEST_VERSION, 20_000);
      expect(state()).toMatchObject({ installed_version: LATEST_VERSION, latest_version: LATEST_VERSION });
      expect(host.view("halo")!.firmware).toMatchObject({ version: LATEST_VERSION });
      expect(ha.problems).toEqual([]);
    });

    it("removing a lock clears its discovery with empty retained payloads", async () => {
      const topics = ha.entities("_halo").map((e) => e.topic);
      expect(host.remove("halo").ok).toBe(true);
      await ha.waitFor("cleared", () => topics.every((t) => ha.cleared.has(t)));
    });
  },
);

describe("unique ids across a restart", () => {
  it("a lock kept by the host keeps its Home Assistant unique ids when everything restarts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "latchkey-ha-restart-"));
    const broker = await startEmbeddedBroker({ port: 0 });
    const baseTopic = uniquePrefix("lk");
    const discoveryPrefix = uniquePrefix("ha");
    const seen: string[][] = [];
    try {
      for (let run = 0; run < 2; run++) {
        const host = new LockHost({ pacing: false, store: new SqliteHostStore(join(dir, "locks.sqlite")) });
        host.open();
        if (run === 0) expect(host.create({ setup: setup("halo") }).ok).toBe(true); // a UUID id
        const bridge = await startHomeAssistantBridge({
          url: broker.url,
          host: bridgeHostOf(host),
          baseTopic,
          discoveryPrefix,
          softwareVersion: "0.1.0",
        });
        const ha = await HomeAssistantClient.connect(broker.url, discoveryPrefix);
        await ha.waitFor("entities", () => ha.entities().length === 11);
        seen.push(
          ha
            .entities()
            .map((e) => String(e.config.unique_id))
            .sort(),
        );
        await ha.close();
        await bridge.close();
        await host.close();
      }
      expect(seen[1]).toEqual(seen[0]);
    } finally {
      await broker.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
