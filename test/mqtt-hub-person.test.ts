/**
 * Issue 13 item 1: Home Assistant's operation event names "the person from the hub". Wired as
 * `latchkey serve` wires it: startMqtt's bridge asks SlotPeople (the hub's slot table) for the
 * person in a slot. A client playing Home Assistant (mqtt.js) sees a keypad unlock by Ana's code
 * as `person: "Ana"`, and a code the hub did not place names no one. Embedded broker always;
 * Mosquitto when MQTT_URL is set (it says loudly otherwise).
 */
import mqtt from "mqtt";
import { afterEach, describe, expect, it } from "vitest";
import type { CreateLockOptions } from "../src/host/index.ts";
import { LockHost } from "../src/host/index.ts";
import { Hub, HubRepository, SlotPeople } from "../src/hub/index.ts";
import { openSqliteDb } from "../src/hub/storage/sqlite-db.ts";
import { startMqtt } from "../src/integrations/mqtt/index.ts";
import { enterCode } from "../src/twin/person-actions.ts";
import { HomeAssistantClient } from "./home-assistant-client.ts";
import { brokerTargets, uniquePrefix } from "./mqtt-brokers.ts";
import { readyLockSetup } from "./ready-lock-setup.ts";
import { valueOrThrow } from "../src/host/outcome.ts";

const SETUP: CreateLockOptions["setup"] = readyLockSetup("smartcode-914", { paired: true });

describe.each(brokerTargets("Home Assistant names the hub's person"))(
  "Home Assistant's operation event names the person from the hub, $name",
  (target) => {
    const closers: (() => Promise<unknown> | void)[] = [];
    afterEach(async () => {
      for (const c of closers.splice(0).reverse()) await c();
    });

    it("B-NET-2: a keypad unlock with Ana's code is an event with person Ana; a keypad code the hub did not place names no one", async () => {
      const { url, stop } = await target.start();
      closers.push(stop);
      const host = new LockHost({ pacing: false });
      host.open();
      closers.push(() => host.close());
      valueOrThrow(host.create({ id: "z914", setup: SETUP }));
      const baseTopic = uniquePrefix("lk");
      const discoveryPrefix = uniquePrefix("ha");
      const ha = await HomeAssistantClient.connect(url, discoveryPrefix);
      closers.push(() => ha.close());
      const people: { slots?: SlotPeople } = {};
      const running = await startMqtt({
        env: {
          MQTT_URL: url,
          MQTT_BASE_TOPIC: baseTopic,
          MQTT_DISCOVERY_PREFIX: discoveryPrefix,
          MQTT_LINK_ROOT: uniquePrefix("link"),
        },
        local: host,
        dataFolder: `/tmp/${baseTopic}`,
        softwareVersion: "0.1.0",
        out: () => {},
        personForSlot: (lockId, slot) => people.slots?.personForSlot(lockId, slot),
      });
      if (!running.ok) throw new Error(running.reason);
      closers.push(async () => {
        await running.value.close();
        const cleaner = await mqtt.connectAsync(url);
        for (const e of ha.entities()) await cleaner.publishAsync(e.topic, "", { retain: true, qos: 1 });
        await cleaner.publishAsync(`${baseTopic}/bridge/availability`, "", { retain: true, qos: 1 });
        await cleaner.endAsync();
      });

      const repo = await HubRepository.open(openSqliteDb(":memory:"));
      const hub = new Hub({ repo, source: running.value.locks });
      closers.push(
        () => repo.close(),
        () => hub.close(),
      );
      const slots = new SlotPeople(hub);
      closers.push(() => slots.close());
      await slots.load();
      people.slots = slots;
      await hub.watch();
      const owner = valueOrThrow(await hub.createOwner("Olivia"));
      valueOrThrow(await hub.createSite(owner, { id: "home", name: "Home", timeZone: "UTC" }));
      valueOrThrow(await hub.addLock(owner, { lockId: "z914", siteId: "home" }));
      valueOrThrow(await hub.addPerson(owner, { id: "ana", name: "Ana", role: "guest" }));
      const code = valueOrThrow(
        await hub.createAccessCode(owner, {
          lockIds: ["z914"],
          name: "Ana's code",
          code: "583920",
          personId: "ana",
        }),
      );
      await hub.settle();
      await slots.idle();
      const slot = valueOrThrow(await hub.getAccessCode(owner, code.accessCode.id)).locks[0]!;
      expect(slot.status).toBe("set");

      await ha.waitFor("the operation entity", () =>
        ha.entities("_z914").some((e) => e.component === "event"),
      );
      const operation = ha.entity("event", "_z914_operation");
      const events = () =>
        (ha.history.get(operation.config.state_topic as string) ?? []).map(
          (p) => JSON.parse(p) as { event_type: string; slot?: number; person?: string },
        );
      const typeAtKeypad = (digits: string) => {
        valueOrThrow(host.act("z914", (l) => l.turn({ direction: "lock", by: "thumbturn" })));
        host.advanceAll(5_000);
        valueOrThrow(host.act("z914", (l) => l.handsOn((twin) => enterCode(twin, digits))));
        host.advanceAll(10_000);
      };
      typeAtKeypad("583920");
      await ha.waitFor("Ana's unlock", () => events().some((e) => e.event_type === "unlocked"));
      expect(events().find((e) => e.event_type === "unlocked")).toMatchObject({
        slot: slot.slot,
        person: "Ana",
      });
      typeAtKeypad("2947"); // slot 1: a keypad code the hub did not place
      await ha.waitFor("the keypad code's unlock", () =>
        events().some((e) => e.event_type === "unlocked" && e.slot === 1),
      );
      expect(events().find((e) => e.event_type === "unlocked" && e.slot === 1)?.person).toBeUndefined();
    });
  },
);
