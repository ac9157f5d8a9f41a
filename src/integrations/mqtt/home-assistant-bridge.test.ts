/**
 * The Home Assistant bridge on a real broker (embedded aedes always; Mosquitto when
 * MQTT_URL is set), with a test-double host at its edge (fake-host.test-fake.ts). A client
 * playing Home Assistant reads the discovery configs and checks them against Home
 * Assistant's schema, commands the lock with a code and watches states and events.
 * The same flows on hosted twins: test/mqtt-home-assistant.test.ts.
 */
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HomeAssistantClient } from "../../../test/home-assistant-client.ts";
import { brokerTargets, uniquePrefix } from "../../../test/mqtt-brokers.ts";
import { FakeHost, fakeView } from "./fake-host.test-fake.ts";
import { HomeAssistantBridge, bridgeTopics, startHomeAssistantBridge, type RunningBridge } from "./index.ts";

describe.each(brokerTargets("Home Assistant bridge"))("Home Assistant bridge on the $name", (target) => {
  let url: string;
  let stopBroker: () => Promise<void>;
  let host: FakeHost;
  let running: RunningBridge;
  let ha: HomeAssistantClient;
  const baseTopic = uniquePrefix("lk");
  const discoveryPrefix = uniquePrefix("ha");

  beforeAll(async () => {
    ({ url, stop: stopBroker } = await target.start());
    host = new FakeHost();
    host.add(fakeView("front-door"));
    host.add(
      fakeView("back-door", {
        profileId: "smartcode-914",
        model: "SmartCode 913/914/915",
        radio: "zwave",
        hasDoorSensor: false,
        door: null,
      }),
    );
    host.add(fakeView("shed", { radio: null }));
    ha = await HomeAssistantClient.connect(url, discoveryPrefix);
    running = await startHomeAssistantBridge({
      url,
      host,
      baseTopic,
      discoveryPrefix,
      softwareVersion: "0.1.0",
      configurationUrl: (id) => `http://127.0.0.1:8080/#/locks/${id}`,
      commandTimeoutMs: 2_000,
    });
  });

  afterAll(async () => {
    // Leave no retained messages behind on a shared broker.
    for (const id of [...host.locks.keys()]) host.remove(id);
    await running?.close();
    const cleaner = await mqtt.connectAsync(url);
    await cleaner.publishAsync(`${baseTopic}/bridge/availability`, "", { retain: true, qos: 1 });
    await cleaner.endAsync();
    await ha?.close();
    await stopBroker?.();
  });

  it("discovers every entity of each lock with a radio, each config valid for Home Assistant", async () => {
    // Halo (door sensor): lock, battery, voltage, door, jam, lockout, tamper, operation, alert,
    // firmware, mode.
    await ha.waitFor("front door's 11 entities", () => ha.entities("_front-door").length === 11);
    await ha.waitFor("back door's 10 entities", () => ha.entities("_back-door").length === 10);
    expect(ha.problems).toEqual([]);
    expect(ha.entities("_shed")).toEqual([]); // no radio: nothing can talk to it
    const components = ha
      .entities("_front-door")
      .map((e) => e.component)
      .sort();
    expect(components).toEqual([
      "binary_sensor",
      "binary_sensor",
      "binary_sensor",
      "binary_sensor",
      "event",
      "lock",
      "select",
      "sensor",
      "sensor",
      "sensor",
      "update",
    ]);
    const back = ha.entities("_back-door").map((e) => e.config.device_class);
    expect(back).not.toContain("door");
    const uniqueIds = ha.entities().map((e) => e.config.unique_id);
    expect(new Set(uniqueIds).size).toBe(uniqueIds.length);
    for (const e of ha.entities()) expect(e.objectId).toBe(e.config.unique_id);
  });

  it("B-CODE-2: the lock entity takes a code in the profile's format; device info names model, firmware and page", () => {
    const lock = ha.entity("lock", "_front-door_lock");
    expect(lock.config.code_format).toBe("^[0-9]{4,8}$");
    expect(new RegExp(lock.config.code_format as string).test("2947")).toBe(true);
    expect(new RegExp(lock.config.code_format as string).test("123")).toBe(false);
    expect(lock.config).toMatchObject({
      state_locked: "LOCKED",
      state_unlocked: "UNLOCKED",
      state_locking: "LOCKING",
      state_unlocking: "UNLOCKING",
      state_jammed: "JAMMED",
      device: {
        manufacturer: "Latchkey",
        model: "Kwikset Halo (Wi-Fi)",
        model_id: "halo",
        sw_version: "1.2.3",
        configuration_url: "http://127.0.0.1:8080/#/locks/front-door",
      },
      origin: { name: "Latchkey" },
    });
    expect(ha.entity("sensor", "_front-door_battery").config).toMatchObject({
      device_class: "battery",
      unit_of_measurement: "%",
    });
    expect(ha.entity("sensor", "_front-door_battery_voltage").config).toMatchObject({
      device_class: "voltage",
      unit_of_measurement: "V",
    });
    expect(ha.entity("binary_sensor", "_front-door_door").config).toMatchObject({ device_class: "door" });
    expect(ha.entity("binary_sensor", "_front-door_tamper").config).toMatchObject({ device_class: "tamper" });
  });

  it("B-NET-2: states, battery and door are published; entities are available while bridge and lock are", async () => {
    const lock = ha.entity("lock", "_front-door_lock");
    // Each entity's state is its own retained message: wait for each, in any order.
    const expected: [string, string, string][] = [
      ["lock", "_front-door_lock", "LOCKED"],
      ["sensor", "_front-door_battery", "87"],
      ["sensor", "_front-door_battery_voltage", "5.91"],
      ["binary_sensor", "_front-door_door", "OFF"],
      ["sensor", "_front-door_alert", "none"],
      ["binary_sensor", "_front-door_jammed", "OFF"],
    ];
    for (const [component, suffix, state] of expected) {
      await ha.waitFor(`${suffix} ${state}`, () => ha.stateOf(ha.entity(component, suffix)) === state);
    }
    await ha.waitFor("available", () => ha.available(lock));
    host.locks.get("front-door")!.change({ door: "open", bolt: "unlocked" });
    await ha.waitFor("door open", () => ha.stateOf(ha.entity("binary_sensor", "_front-door_door")) === "ON");
    // Home Assistant's lock `open` is a latch drawn back, not the door: the lock is UNLOCKED.
    expect(ha.stateOf(lock)).toBe("UNLOCKED");
    host.locks
      .get("front-door")!
      .change({ door: "closed", bolt: "locked", battery: { percent: 12, volts: 4.6, level: "low" } });
    await ha.waitFor(
      "low battery alert",
      () => ha.stateOf(ha.entity("sensor", "_front-door_alert")) === "battery_low",
    );
    host.locks.get("front-door")!.change({ online: false });
    await ha.waitFor("lock offline", () => !ha.available(lock));
    // The alert stays available to say why.
    const alert = ha.entity("sensor", "_front-door_alert");
    await ha.waitFor("alert offline", () => ha.stateOf(alert) === "offline");
    expect(ha.available(alert)).toBe(true);
    host.locks
      .get("front-door")!
      .change({ online: true, battery: { percent: 87, volts: 5.91, level: "ok" } });
    await ha.waitFor("lock online", () => ha.available(lock));
  });

  it("unlocks and locks with a code from Home Assistant, with an operation event naming source and slot", async () => {
    const lock = ha.entity("lock", "_front-door_lock");
    const events = ha.entity("event", "_front-door_operation");
    await ha.command(lock, "unlock", "2947");
    await ha.waitFor("unlocked", () => ha.stateOf(lock) === "UNLOCKED");
    await ha.waitFor("event", () => (ha.history.get(events.config.state_topic as string) ?? []).length > 0);
    const event = JSON.parse(ha.history.get(events.config.state_topic as string)!.at(-1)!);
    expect(event).toMatchObject({ event_type: "unlocked", source: "remote", slot: 1 });
    expect(events.config.event_types).toContain(event.event_type);
    await ha.command(lock, "lock", null);
    await ha.waitFor("locked", () => ha.stateOf(lock) === "LOCKED");
  });

  it("B-SEC-1: wrong codes from Home Assistant are refused on the error topic and counted to a lockout", async () => {
    const fake = host.locks.get("back-door")!;
    const lock = ha.entity("lock", "_back-door_lock");
    const errorTopic = `${baseTopic}/back-door/error`;
    await ha.follow(errorTopic);
    // One at a time, as a person types them: a second command while one runs is lock.busy.
    for (let i = 1; i <= 5; i++) {
      await ha.command(lock, "unlock", "1111");
      await ha.waitFor(`refusal ${i}`, () => (ha.history.get(errorTopic) ?? []).length >= i);
    }
    expect(ha.history.get(errorTopic)!.map((p) => JSON.parse(p).code)).toEqual(Array(5).fill("code.wrong"));
    expect(fake.wrongCount).toBeGreaterThanOrEqual(5);
    await ha.waitFor(
      "lockout on",
      () => ha.stateOf(ha.entity("binary_sensor", "_back-door_lockout")) === "ON",
    );
    await ha.waitFor("tamper on", () => ha.stateOf(ha.entity("binary_sensor", "_back-door_tamper")) === "ON");
    expect(fake.view.bolt).toBe("locked");
  });

  it("B-SEC-1: a lock already in its wrong-code lockout when the bridge hears of it (the bridge restarted after the limit) shows Tamper on, until a right code is used", async () => {
    const porch = host.add(fakeView("porch-lockout", { lockout: { untilMs: 300_000 } }));
    const stateOf = (entity: string) =>
      ha.entities("_porch-lockout").some((e) => String(e.config.unique_id).endsWith(`_${entity}`))
        ? ha.stateOf(ha.entity("binary_sensor", `_porch-lockout_${entity}`))
        : undefined;
    const tamper = () => stateOf("tamper");
    await ha.waitFor("lockout on", () => stateOf("lockout") === "ON");
    await ha.waitFor("tamper on", () => tamper() === "ON");
    // The lockout ends; a right code clears tamper, as after a limit the bridge heard itself.
    porch.change({ lockout: null });
    await ha.command(ha.entity("lock", "_porch-lockout_lock"), "unlock", porch.code);
    await ha.waitFor("tamper off", () => tamper() === "OFF");
    host.remove("porch-lockout");
  });

  it("refuses hostile payloads with a stable code and never sends them to the lock", async () => {
    const fake = host.locks.get("front-door")!;
    const before = fake.sent.length;
    const errorTopic = `${baseTopic}/front-door/error`;
    await ha.follow(errorTopic);
    const already = (ha.history.get(errorTopic) ?? []).length;
    const commandTopic = `${baseTopic}/front-door/lock/set`;
    const hostile: [string | Buffer, string][] = [
      [Buffer.alloc(4096, 0x41), "payload.too-large"],
      ["{not json", "payload.malformed"],
      [Buffer.from([0xff, 0xfe, 0x00]), "payload.malformed"],
      ['{"action":"UNLOCK","code":"2947","extra":1}', "payload.invalid"],
      ['{"action":"SELF_DESTRUCT"}', "payload.invalid"],
      ['{"action":"LOCK","action":"UNLOCK","code":"2947"}', "payload.invalid"],
      ['{"action":"UNLOCK","code":"29a7"}', "code.format"],
      ['{"action":"UNLOCK","code":"None"}', "code.required"],
      ["UNLOCK", "code.required"],
      ["OPEN", "command.unsupported"],
      ['["UNLOCK"]', "payload.invalid"],
    ];
    for (const [payload] of hostile) await ha.client.publishAsync(commandTopic, payload, { qos: 1 });
    await ha.waitFor(
      "every refusal",
      () => (ha.history.get(errorTopic) ?? []).length >= already + hostile.length,
    );
    const codes = ha.history
      .get(errorTopic)!
      .slice(already)
      .map((p) => JSON.parse(p).code);
    expect(codes).toEqual(hostile.map(([, code]) => code));
    expect(fake.sent.length).toBe(before);
    // An unknown lock is answered on the bridge's error topic.
    await ha.follow(`${baseTopic}/bridge/error`);
    await ha.client.publishAsync(`${baseTopic}/no-such-lock/lock/set`, "LOCK", { qos: 1 });
    await ha.waitFor("not found", () => (ha.history.get(`${baseTopic}/bridge/error`) ?? []).length === 1);
    expect(JSON.parse(ha.history.get(`${baseTopic}/bridge/error`)![0]!)).toMatchObject({
      ok: false,
      code: "lock.not-found",
      lockId: "no-such-lock",
    });
  });

  it("a command the bridge refuses before the lock hears it (no code, OPEN, a bad code) answers with its action and request id, as docs/mqtt.md says a request id is echoed", async () => {
    const fake = host.locks.get("front-door")!;
    const before = fake.sent.length;
    const resultTopic = `${baseTopic}/front-door/lock/result`;
    const errorTopic = `${baseTopic}/front-door/error`;
    await ha.follow(resultTopic);
    await ha.follow(errorTopic);
    const commandTopic = `${baseTopic}/front-door/lock/set`;
    const sent: [string, string, string][] = [
      ["req-no-code", '{"action":"UNLOCK","code":"None","requestId":"req-no-code"}', "code.required"],
      ["req-open", '{"action":"OPEN","code":"2947","requestId":"req-open"}', "command.unsupported"],
      ["req-bad-code", '{"action":"UNLOCK","code":"29a7","requestId":"req-bad-code"}', "code.format"],
    ];
    for (const [, payload] of sent) await ha.client.publishAsync(commandTopic, payload, { qos: 1 });
    const answerTo = (topic: string, requestId: string) =>
      (ha.history.get(topic) ?? [])
        .map((p) => JSON.parse(p) as Record<string, unknown>)
        .find((a) => a["requestId"] === requestId);
    for (const [requestId, , code] of sent) {
      await ha.waitFor(`the answer to ${requestId}`, () => answerTo(errorTopic, requestId) !== undefined);
      const action = requestId === "req-open" ? "open" : "unlock";
      expect(answerTo(resultTopic, requestId)).toMatchObject({ ok: false, code, action, requestId });
      expect(answerTo(errorTopic, requestId)).toMatchObject({ ok: false, code, action, requestId });
    }
    expect(fake.sent.length).toBe(before);
  });

  it("B-NET-2: an empty message on a command topic (how MQTT deletes a retained one, as docs/mqtt.md says to clear a left command) is no command: nothing is sent to the lock and nothing is answered", async () => {
    const fake = host.locks.get("front-door")!;
    const before = fake.sent.length;
    const errorTopic = `${baseTopic}/front-door/error`;
    await ha.follow(errorTopic);
    const already = (ha.history.get(errorTopic) ?? []).length;
    const topics = ["lock/set", "mode/set", "firmware/install"].map((t) => `${baseTopic}/front-door/${t}`);
    for (const topic of topics) {
      await ha.client.publishAsync(topic, "", { qos: 1, retain: true });
      await ha.client.publishAsync(topic, "", { qos: 1 });
    }
    // A refusal after them on each topic: the bridge answers in order, so anything the empty
    // messages had drawn would come first.
    const markers: [string, string][] = [
      ["OPEN", "command.unsupported"],
      ["Vacation", "payload.invalid"],
      ["reinstall", "command.invalid"],
    ];
    for (const [i, [payload]] of markers.entries())
      await ha.client.publishAsync(topics[i]!, payload, { qos: 1 });
    await ha.waitFor("the markers' refusals", () => (ha.history.get(errorTopic) ?? []).length >= already + 3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const codes = ha.history
      .get(errorTopic)!
      .slice(already)
      .map((p) => JSON.parse(p).code);
    expect(codes).toEqual(markers.map(([, code]) => code));
    expect(fake.sent.length).toBe(before);
  });

  it("B-NET-4: the firmware Install button: a wrong payload is refused as invalid, and a host that cannot update answers firmware.unsupported", async () => {
    const update = ha.entity("update", "_front-door_firmware");
    // 1.2.3 is newer than the maker's latest: Home Assistant is not offered an older "latest".
    expect(JSON.parse(ha.stateOf(update)!)).toMatchObject({
      installed_version: "1.2.3",
      latest_version: "1.2.3",
      release_summary: "",
    });
    const errorTopic = `${baseTopic}/front-door/error`;
    await ha.follow(errorTopic);
    const already = (ha.history.get(errorTopic) ?? []).length;
    await ha.client.publishAsync(update.config.command_topic as string, Buffer.alloc(4096, 0x41), { qos: 1 });
    await ha.install(update);
    await ha.waitFor("two refusals", () => (ha.history.get(errorTopic) ?? []).length >= already + 2);
    const codes = ha.history
      .get(errorTopic)!
      .slice(already)
      .map((p) => JSON.parse(p).code);
    expect(codes).toEqual(["command.invalid", "firmware.unsupported"]);
  });

  it("B-SEC-2: the Mode select offers the lock's four modes, shares the lock's device and availability, and starts at the lock's mode", async () => {
    const lock = ha.entity("lock", "_front-door_lock");
    const mode = ha.entity("select", "_front-door_mode");
    expect(mode.config).toMatchObject({
      name: "Mode",
      options: ["normal", "vacation", "privacy", "passage"],
      command_topic: `${baseTopic}/front-door/mode/set`,
      state_topic: `${baseTopic}/front-door/mode/state`,
      optimistic: false,
      retain: false,
      qos: 1,
    });
    expect(mode.config.unique_id).toBe(`${baseTopic}_front-door_mode`);
    expect(mode.config.device).toEqual(lock.config.device);
    expect(mode.config.availability).toEqual(lock.config.availability);
    expect(mode.config.availability_mode).toBe("all");
    await ha.waitFor("mode normal", () => ha.stateOf(mode) === "normal");
    expect(ha.available(mode)).toBe(true);
  });

  it("B-SEC-2: the Mode follows a change made at another controller (mode-changed), a factory reset means normal, and a report naming no mode changes nothing", async () => {
    const fake = host.locks.get("front-door")!;
    const mode = ha.entity("select", "_front-door_mode");
    const stateTopic = mode.config.state_topic as string;
    await ha.waitFor("mode normal", () => ha.stateOf(mode) === "normal");
    const already = ha.history.get(stateTopic)!.length;
    fake.setMode("vacation", "keypad");
    await ha.waitFor("vacation", () => ha.stateOf(mode) === "vacation");
    // The report alone moves it at once (in a real host the view follows in the same turn).
    fake.report({ kind: "mode-changed", source: "remote", mode: "privacy" });
    await ha.waitFor("privacy", () => ha.stateOf(mode) === "privacy");
    fake.change({ mode: "privacy" });
    for (const bogus of ["disco", "Privacy", " privacy", 7, null, { mode: "passage" }])
      fake.report({ kind: "mode-changed", source: "remote", mode: bogus });
    fake.report({ kind: "factory-reset" });
    await ha.waitFor("normal after the reset", () => ha.stateOf(mode) === "normal");
    fake.change({ mode: "normal" });
    expect(ha.history.get(stateTopic)!.slice(already)).toEqual(["vacation", "privacy", "normal"]);
    expect(ha.problems).toEqual([]);
  });

  it("B-SEC-2: a mode chosen in Home Assistant reaches the lock as the radio's mode command, answered on the result topic; the state is the lock's", async () => {
    const fake = host.locks.get("front-door")!;
    const mode = ha.entity("select", "_front-door_mode");
    const results = `${baseTopic}/front-door/lock/result`;
    await ha.follow(results);
    const answered = (ha.history.get(results) ?? []).length;
    const before = fake.sent.length;
    await ha.select(mode, "vacation");
    await ha.waitFor("vacation", () => ha.stateOf(mode) === "vacation");
    expect(fake.sent.slice(before)).toEqual([{ type: "mode", mode: "vacation" }]);
    expect(fake.view.mode).toBe("vacation");
    await ha.waitFor("answer", () => (ha.history.get(results) ?? []).length > answered);
    expect(JSON.parse(ha.history.get(results)!.at(-1)!)).toEqual({
      ok: true,
      action: "mode",
      mode: "vacation",
    });
    // The lock's refusal is passed on, and the state stays what the lock says.
    fake.change({ online: false });
    await ha.client.publishAsync(mode.config.command_topic as string, "normal", { qos: 1 });
    await ha.waitFor("refusal", () => (ha.history.get(results) ?? []).length > answered + 1);
    expect(JSON.parse(ha.history.get(results)!.at(-1)!)).toMatchObject({
      ok: false,
      code: "lock.offline",
      action: "mode",
      mode: "normal",
    });
    expect(ha.stateOf(mode)).toBe("vacation");
    fake.change({ online: true });
    await ha.select(mode, "normal");
    await ha.waitFor("normal", () => ha.stateOf(mode) === "normal");
  });

  it("B-SEC-2: hostile Mode payloads, and passage where unlocking needs a code, are refused on the error topic and change nothing", async () => {
    const fake = host.locks.get("front-door")!;
    const mode = ha.entity("select", "_front-door_mode");
    const errorTopic = `${baseTopic}/front-door/error`;
    await ha.follow(errorTopic);
    const already = (ha.history.get(errorTopic) ?? []).length;
    const before = fake.sent.length;
    const hostile: [string | Buffer, string][] = [
      ["Vacation", "payload.invalid"],
      [" vacation", "payload.invalid"],
      ["vacation\n", "payload.invalid"],
      ["vacation\u0000", "payload.invalid"],
      ['"vacation"', "payload.invalid"],
      ["noRemoteLockUnlock", "payload.too-large"],
      [Buffer.alloc(4096, 0x41), "payload.too-large"],
      [Buffer.from([0xff, 0xfe, 0x00]), "payload.malformed"],
      // Passage unlocks the door; the select cannot carry a code (decision 0020).
      ["passage", "code.required"],
    ];
    for (const [payload] of hostile)
      await ha.client.publishAsync(mode.config.command_topic as string, payload, { qos: 1 });
    await ha.waitFor(
      "every refusal",
      () => (ha.history.get(errorTopic) ?? []).length >= already + hostile.length,
    );
    const refusals = ha.history
      .get(errorTopic)!
      .slice(already)
      .map((p) => JSON.parse(p) as { code: string; action: string });
    expect(refusals.map((r) => r.code)).toEqual(hostile.map(([, code]) => code));
    expect(refusals.every((r) => r.action === "mode")).toBe(true);
    // Only a mode name that was read is named back (docs/mqtt.md: "the mode asked for").
    expect(refusals.map((r) => (r as { mode?: string }).mode)).toEqual(
      hostile.map(([payload]) => (payload === "passage" ? "passage" : undefined)),
    );
    expect(fake.sent.length).toBe(before);
    expect(fake.view).toMatchObject({ mode: "normal", bolt: "locked" });
    expect(ha.stateOf(mode)).toBe("normal");
    // A lock that is not there is answered on the bridge's error topic.
    const bridgeErrors = `${baseTopic}/bridge/error`;
    await ha.follow(bridgeErrors);
    const bridgeAlready = (ha.history.get(bridgeErrors) ?? []).length;
    await ha.client.publishAsync(`${baseTopic}/no-such-lock/mode/set`, "vacation", { qos: 1 });
    await ha.waitFor("not found", () => (ha.history.get(bridgeErrors) ?? []).length > bridgeAlready);
    expect(JSON.parse(ha.history.get(bridgeErrors)!.at(-1)!)).toMatchObject({ code: "lock.not-found" });
  });

  it("B-SEC-2: where the bridge lets Home Assistant unlock without a code, choosing passage unlocks the lock", async () => {
    const openHost = new FakeHost();
    const porch = openHost.add(fakeView("porch"));
    const openBase = uniquePrefix("lk");
    const openPrefix = uniquePrefix("ha");
    const openHa = await HomeAssistantClient.connect(url, openPrefix);
    const open = await startHomeAssistantBridge({
      url,
      host: openHost,
      baseTopic: openBase,
      discoveryPrefix: openPrefix,
      softwareVersion: "0.1.0",
      requireCodeToUnlock: false,
      commandTimeoutMs: 2_000,
    });
    try {
      await openHa.waitFor("porch's mode", () =>
        openHa.entities("_porch").some((e) => e.component === "select"),
      );
      const mode = openHa.entity("select", "_porch_mode");
      const lock = openHa.entity("lock", "_porch_lock");
      await openHa.waitFor("locked", () => openHa.stateOf(lock) === "LOCKED");
      await openHa.select(mode, "passage");
      await openHa.waitFor("passage", () => openHa.stateOf(mode) === "passage");
      await openHa.waitFor("unlocked", () => openHa.stateOf(lock) === "UNLOCKED");
      expect(porch.sent).toEqual([{ type: "mode", mode: "passage" }]);
      expect(openHa.problems).toEqual([]);
    } finally {
      openHost.remove("porch");
      await open.close();
      const cleaner = await mqtt.connectAsync(url);
      await cleaner.publishAsync(`${openBase}/bridge/availability`, "", { retain: true, qos: 1 });
      await cleaner.endAsync();
      await openHa.close();
    }
  });

  // Only on the embedded broker: on a shared Mosquitto a birth on homeassistant/status would
  // reach every other bridge listening there.
  it.skipIf(!target.name.startsWith("embedded"))(
    "with a custom discovery prefix and no MQTT_BIRTH_TOPIC, a birth on Home Assistant's default homeassistant/status re-publishes every config",
    async () => {
      await ha.waitFor("front door's 11 entities", () => ha.entities("_front-door").length === 11);
      ha.configs.clear();
      await ha.client.publishAsync("homeassistant/status", "online", { qos: 1 });
      await ha.waitFor(
        "configs again",
        () => ha.entities("_front-door").length === 11 && ha.entities("_back-door").length === 10,
      );
    },
  );

  it("re-publishes every config when Home Assistant announces itself; removing a lock clears its configs", async () => {
    ha.configs.clear();
    await ha.client.publishAsync(`${discoveryPrefix}/status`, "online", { qos: 1 });
    await ha.waitFor(
      "configs again",
      () => ha.entities("_front-door").length === 11 && ha.entities("_back-door").length === 10,
    );
    const topics = ha.entities("_back-door").map((e) => e.topic);
    expect(topics).toContain(ha.entity("select", "_back-door_mode").topic);
    const modeState = `${baseTopic}/back-door/mode/state`;
    expect(ha.latest.get(modeState)).toBe("normal");
    host.remove("back-door");
    await ha.waitFor("back door cleared", () => topics.every((t) => ha.cleared.has(t)));
    expect(ha.entities("_back-door")).toEqual([]);
    // The Mode's retained state goes with it, as every other state does.
    await ha.waitFor("mode state cleared", () => ha.latest.get(modeState) === "");
    // Cleared for good: a new subscriber sees no retained config for it.
    const late = await HomeAssistantClient.connect(url, discoveryPrefix);
    await late.waitFor("front door retained", () => late.entities("_front-door").length === 11);
    expect(late.entities("_back-door")).toEqual([]);
    await late.close();
  });

  it("B-NET-2: a removed lock's states are emptied a moment after its configs, and it stays in the discovered list until they are (a kill before then: the next start sweeps it)", async () => {
    const saves: string[][] = [];
    const client = await mqtt.connectAsync(url);
    const own = new FakeHost();
    own.add(fakeView("gate"));
    const topics = bridgeTopics(uniquePrefix("lk"), discoveryPrefix);
    const bridge = new HomeAssistantBridge({
      client,
      host: own,
      topics,
      softwareVersion: "0.1.0",
      discovered: { load: () => [], save: (ids) => void saves.push([...ids]) },
      stateClearDelayMs: 600,
    });
    await bridge.start();
    const alert = topics.entityState("gate", "alert");
    await ha.follow(alert);
    await ha.waitFor("the alert", () => ha.latest.get(alert) === "none");
    await ha.waitFor("gate listed", () => saves.at(-1)?.includes("gate") === true);
    const removedAt = Date.now();
    own.remove("gate");
    await ha.waitFor("gate's configs cleared", () => ha.entities("_gate").length === 0);
    // Still listed, its states not yet emptied: Home Assistant is dropping the entities.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ha.latest.get(alert)).toBe("none");
    expect(saves.at(-1)).toContain("gate");
    await ha.waitFor("the alert emptied", () => ha.latest.get(alert) === "");
    expect(Date.now() - removedAt).toBeGreaterThanOrEqual(550);
    await ha.waitFor("gate no longer listed", () => saves.at(-1)?.includes("gate") === false);
    await bridge.close();
    await client.endAsync();
    const cleaner = await mqtt.connectAsync(url);
    await cleaner.publishAsync(topics.bridgeAvailability(), "", { retain: true, qos: 1 });
    await cleaner.endAsync();
  });

  it("the bridge's last will marks every entity unavailable when its connection dies", async () => {
    const lock = ha.entity("lock", "_front-door_lock");
    expect(ha.available(lock)).toBe(true);
    // A second bridge-like client with the same will, killed without a DISCONNECT.
    const doomed = await mqtt.connectAsync(url, {
      reconnectPeriod: 0,
      will: {
        topic: `${baseTopic}/bridge/availability`,
        payload: Buffer.from("offline"),
        qos: 1,
        retain: true,
      },
    });
    doomed.stream.destroy();
    await ha.waitFor("unavailable", () => !ha.available(lock));
    await doomed.endAsync(true);
  });
});
