/**
 * A command delivered twice is carried out once. MQTT's QoS 1 is at-least-once: a broker
 * sends a command again when it did not see the node's acknowledgement, and a hub may retry
 * with the same request id. Before, a node ran every copy: an `unlock` delivered again after a
 * later `lock` opened the door again. Now a repeat of a request id (same hub, same lock) gets
 * the first answer, and nothing is done again; a request id reused for another command is
 * refused `command.invalid`.
 *
 * And a command message with a sound envelope (version, request id, a hub to answer) whose
 * command the lock does not take (slot 0, letters in a code, a field the vocabulary lacks) is
 * refused `command.invalid` with what is wrong, at once; before, it was dropped and the hub
 * waited out its timeout for a `lock.timeout` that said nothing of the mistake.
 */
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { brokerTargets, uniquePrefix } from "../../../test/mqtt-brokers.ts";
import { LockHost } from "../lock-host.ts";
import { readyLockSetup } from "../ready-lock-setup.ts";
import { LockNode, linkTopics, nodeWill } from "./index.ts";

interface Heard {
  readonly topic: string;
  readonly message: { requestId?: string; result?: { ok: boolean; code?: string }; report?: unknown };
}

async function until(what: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.each(brokerTargets("MQTT lock node, repeated and invalid requests"))(
  "a node over the $name",
  (target) => {
    let stopBroker: () => Promise<void>;
    const topics = linkTopics(uniquePrefix("dup"));
    const host = new LockHost({ pacing: true });
    let nodeClient: MqttClient;
    let node: LockNode;
    let hub: MqttClient;
    const heard: Heard[] = [];

    const results = (requestId: string) =>
      heard.filter((h) => h.topic.endsWith("/results") && h.message.requestId === requestId);
    const viewNow = () => JSON.stringify({ ...host.view("door"), lockTimeMs: 0 });
    const reports = () => heard.filter((h) => h.topic.endsWith("/report")).map((h) => h.message.report);
    const send = (requestId: string, command: object, options: object = { timeoutMs: 5_000 }): void => {
      hub.publish(
        topics.command("node-d", "door"),
        JSON.stringify({ v: 1, requestId, replyTo: "hub-d", command, ...options }),
        { qos: 1 },
      );
    };
    async function answered(requestId: string, count = 1) {
      await until(`${count} answer(s) to ${requestId}`, () => results(requestId).length >= count);
      return results(requestId)[count - 1]!.message.result;
    }

    beforeAll(async () => {
      let url: string;
      ({ url, stop: stopBroker } = await target.start());
      host.open();
      const made = host.create({
        id: "door",
        setup: readyLockSetup("smartcode-914", Date.now(), { codes: [{ slot: 1, code: "1357" }] }),
      });
      if (!made.ok) throw new Error(made.reason);
      nodeClient = await mqtt.connectAsync(url, { reconnectPeriod: 0, will: nodeWill(topics, "node-d") });
      node = new LockNode({ host, client: nodeClient, topics, nodeId: "node-d" });
      await node.start();
      hub = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
      hub.on("message", (topic, payload) => heard.push({ topic, message: JSON.parse(payload.toString()) }));
      await hub.subscribeAsync([topics.results("hub-d"), topics.report("door")], { qos: 1 });
    });

    afterAll(async () => {
      host.remove("door");
      await node?.close();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await hub?.publishAsync(topics.nodeStatus("node-d"), "", { qos: 1, retain: true });
      await hub?.endAsync();
      await nodeClient?.endAsync();
      await host.close();
      await stopBroker?.();
    });

    it("B-NET-2: an unlock delivered again after a later lock does not open the door again; the repeat gets the first answer", async () => {
      send("lock-1", { type: "lock" });
      expect(await answered("lock-1")).toEqual({ ok: true });
      send("unlock-1", { type: "unlock" });
      expect(await answered("unlock-1")).toEqual({ ok: true });
      send("lock-2", { type: "lock" });
      expect(await answered("lock-2")).toEqual({ ok: true });
      expect(host.view("door")?.bolt).toBe("locked");
      const reportsBefore = reports().length;

      send("unlock-1", { type: "unlock" }); // the broker's (or the hub's) second copy
      expect(await answered("unlock-1", 2)).toEqual({ ok: true });
      await new Promise((resolve) => setTimeout(resolve, 1_500)); // an unlock run takes under a second
      expect(host.view("door")?.bolt).toBe("locked");
      expect(reports()).toHaveLength(reportsBefore);
    });

    it("B-NET-1: copies that arrive while the first still runs are answered once, and carried out once", async () => {
      const reportsBefore = reports().length;
      for (let i = 0; i < 3; i++) send("unlock-2", { type: "unlock" });
      expect(await answered("unlock-2")).toEqual({ ok: true });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(results("unlock-2")).toHaveLength(1);
      expect(reports().slice(reportsBefore)).toEqual([
        expect.objectContaining({ event: expect.objectContaining({ kind: "unlocked", source: "remote" }) }),
      ]);
    });

    it("a request id reused for another command is refused, and nothing is done", async () => {
      send("code-1", { type: "setCode", slot: 3, code: "8642" });
      expect(await answered("code-1")).toEqual({ ok: true });
      send("code-1", { type: "deleteCode", slot: 3 });
      expect(await answered("code-1", 2)).toMatchObject({ ok: false, code: "command.invalid" });
      send("read-1", { type: "readSlot", slot: 3 });
      expect(await answered("read-1")).toMatchObject({ ok: true, data: { slot: 3, occupied: true } });
    });

    it("B-NET-1: a command the lock does not take is refused command.invalid with what is wrong, at once, and nothing is done", async () => {
      const before = viewNow();
      const wrong: [string, object, object?][] = [
        ["bad-slot", { type: "readSlot", slot: 0 }],
        ["bad-code", { type: "setCode", slot: 4, code: "12ab" }],
        ["bad-field", { type: "unlock", force: true }],
        ["bad-type", { type: "factoryReset" }],
        ["bad-timeout", { type: "unlock" }, { timeoutMs: -1 }],
      ];
      const started = Date.now();
      for (const [id, command, options] of wrong) send(id, command, options);
      for (const [id] of wrong) {
        const result = await answered(id);
        expect(result).toMatchObject({ ok: false, code: "command.invalid" });
        expect((result as { reason?: string }).reason).toMatch(/not a command the lock takes: \S/);
      }
      expect(Date.now() - started).toBeLessThan(2_000); // not a timeout
      expect(viewNow()).toBe(before);
      // Without a hub to answer, it is only dropped.
      hub.publish(topics.command("node-d", "door"), JSON.stringify({ v: 1, command: { type: "unlock" } }), {
        qos: 1,
      });
      send("after", { type: "readSlot", slot: 4 });
      expect(await answered("after")).toMatchObject({ ok: true, data: { slot: 4, occupied: false } });
      expect(viewNow()).toBe(before);
    });
  },
);
