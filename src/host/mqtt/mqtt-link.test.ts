/**
 * The lock link over a real broker (embedded aedes always; Mosquitto when MQTT_URL is set):
 * a node serves hosted twins, a hub sees them as RemoteLocks — views, commands answered by
 * request id, reports, the node's last will, a restart — and hostile messages change nothing.
 */
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { brokerTargets, uniquePrefix } from "../../../test/mqtt-brokers.ts";
import type { CreateLockOptions } from "../lock-host.ts";
import { LockHost } from "../lock-host.ts";
import type { LockEventReport } from "../lock-link.ts";
import { LockNode, RemoteLocks, connectLinkPair, endLinkPair, linkTopics, nodeWill } from "./index.ts";

const SETUP: CreateLockOptions["setup"] = {
  profile: "smartcode-914",
  state: "ready",
  door: "closed",
  batteries: "fresh",
  codes: [{ slot: 1, code: "1357" }],
  faults: [],
  temperatureC: 20,
  settings: {},
  timeMs: Date.parse("2026-03-02T08:00:00Z"),
};

async function until(what: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.each(brokerTargets("MQTT lock link"))("the lock link over the $name", (target) => {
  let url: string;
  let stopBroker: () => Promise<void>;
  const topics = linkTopics(uniquePrefix("link"));
  const host = new LockHost({ pacing: true }); // real time, as `latchkey locks` runs them
  let nodeClient: MqttClient;
  let node: LockNode;
  let hubClient: MqttClient;
  let remote: RemoteLocks;

  async function startNode(): Promise<void> {
    nodeClient = await mqtt.connectAsync(url, { reconnectPeriod: 0, will: nodeWill(topics, "node-a") });
    node = new LockNode({ host, client: nodeClient, topics, nodeId: "node-a" });
    await node.start();
  }

  beforeAll(async () => {
    ({ url, stop: stopBroker } = await target.start());
    host.open();
    for (const id of ["door-1", "door-2", "door-3"]) {
      const made = host.create({ id, setup: SETUP });
      if (!made.ok) throw new Error(made.reason);
    }
    await startNode();
    hubClient = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
    remote = new RemoteLocks({ client: hubClient, topics, hubId: "hub-1", maxInFlight: 2 });
    await remote.start();
  });

  afterAll(async () => {
    for (const id of host.list().map((v) => v.id)) host.remove(id);
    await node?.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const cleaner = await mqtt.connectAsync(url);
    await cleaner.publishAsync(topics.nodeStatus("node-a"), "", { qos: 1, retain: true });
    await cleaner.endAsync();
    await nodeClient?.endAsync();
    await remote?.close();
    await hubClient?.endAsync();
    await host.close();
    await stopBroker?.();
  });

  it("the hub sees every lock of the node, online and paired, with the node's view", async () => {
    await until("three locks online", () => remote.list().filter((v) => v.online).length === 3);
    expect(remote.view("door-1")).toMatchObject({
      id: "door-1",
      profileId: "smartcode-914",
      paired: true,
      bolt: "unlocked",
    });
    expect(remote.link("door-1")!.status()).toEqual({ online: true, paired: true });
  });

  it("B-NET-2: commands are answered by request id through a window, and the lock's reports arrive", async () => {
    const reports: LockEventReport[] = [];
    remote.link("door-2")!.subscribe((r) => reports.push(r));
    // Six commands through a window of two: each answered, none lost or crossed.
    const answers = await Promise.all([
      remote.link("door-1")!.send({ type: "lock" }),
      remote.link("door-2")!.send({ type: "lock" }),
      remote.link("door-3")!.send({ type: "lock" }),
      remote.link("door-1")!.send({ type: "status" }),
      remote.link("door-2")!.send({ type: "setCode", slot: 2, code: "2468" }),
      remote.link("door-3")!.send({ type: "setCode", slot: 2, code: "13579" }),
    ]);
    expect(answers.map((a) => a.ok)).toEqual([true, true, true, true, true, false]);
    expect(answers[5]).toMatchObject({ ok: false }); // B-CODE-4: the same first four digits as slot 1
    await until("door-1 locked in the view", () => remote.view("door-1")?.bolt === "locked");
    await until("a report from door-2", () => reports.length > 0);
    // The host's stamps cross the broker: one run, seq growing by one (a gap would be a loss).
    expect(new Set(reports.map((r) => r.run)).size).toBe(1);
    for (let i = 1; i < reports.length; i++) expect(reports[i]!.seq).toBe(reports[i - 1]!.seq + 1);
    expect(host.view("door-2")!.bolt).toBe("locked");
  });

  it("B-NET-5: the lock's event log crosses the broker: readLog answers a page of numbered records, and a bad page is refused", async () => {
    const page = await remote.link("door-2")!.send({ type: "readLog", afterSeq: 0, limit: 5 });
    expect(page).toMatchObject({
      ok: true,
      data: { lastSeq: expect.any(Number), nowMs: expect.any(Number) },
    });
    const records = (page as { data: { records: { seq: number; kind: string }[] } }).data.records;
    expect(records.length).toBeGreaterThan(0);
    expect(records.length).toBeLessThanOrEqual(5);
    expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => records[0]!.seq + i));
    // Out of the wire schema's bounds: the node drops it, and nothing answers.
    const bad = await remote.link("door-2")!.send({ type: "readLog", limit: 500 }, { timeoutMs: 300 });
    expect(bad.ok).toBe(false);
  });

  it("B-SEC-2, B-NET-2: a mode change is reported across the broker to a hub that did not send it, and status carries the mode and every setting", async () => {
    const reports: LockEventReport[] = [];
    remote.link("door-3")!.subscribe((r) => reports.push(r));
    // Another controller at the node's end (the lock page, Matter) changes the mode and a setting.
    const local = host.link("door-3")!;
    expect(await local.send({ type: "mode", mode: "vacation" })).toMatchObject({ ok: true });
    expect(await local.send({ type: "settings", settings: { autoLockSeconds: 60 } })).toMatchObject({
      ok: true,
    });
    const kinds = () => reports.map((r) => (r.report.type === "event" ? r.report.event : undefined));
    await until("mode-changed at the hub", () => kinds().some((e) => e?.kind === "mode-changed"));
    expect(kinds()).toContainEqual({ kind: "mode-changed", source: "remote", mode: "vacation" });
    const status = await remote.link("door-3")!.send({ type: "status" });
    expect(status).toMatchObject({
      ok: true,
      data: { mode: "vacation", settings: { autoLock: false, autoLockSeconds: 60, audio: true } },
    });
    expect(await local.send({ type: "mode", mode: "normal" })).toMatchObject({ ok: true });
  });

  it("hostile messages on a command topic are dropped or refused and change nothing", async () => {
    const settled = () => host.list().every((v) => v.bolt !== "locking" && v.bolt !== "unlocking");
    await until("bolts at rest", settled);
    const state = () => JSON.stringify(host.list().map((v) => [v.id, v.bolt, v.paired, v.mode, v.lockout]));
    const before = state();
    const answered = node.answered;
    const attacker = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
    const cmd = topics.command("node-a", "door-1");
    const hostile = [
      "unlock",
      "{}",
      JSON.stringify({ v: 1, requestId: "x", replyTo: "hub-1", command: { type: "unlock", extra: 1 } }),
      JSON.stringify({ v: 1, requestId: "x", replyTo: "a/b", command: { type: "unlock" } }),
      JSON.stringify({ v: 1, requestId: "x", replyTo: "hub-1", command: { type: "factoryReset" } }),
      JSON.stringify({
        v: 1,
        requestId: "x",
        replyTo: "hub-1",
        command: { type: "setCode", slot: 1, code: "1".repeat(40) },
      }),
      "x".repeat(40_000),
    ];
    for (const p of hostile) await attacker.publishAsync(cmd, p, { qos: 1 });
    // A well-formed command after them is carried out: the node is alive and in order.
    const ok = await remote.link("door-1")!.send({ type: "status" });
    expect(ok.ok).toBe(true);
    // The three with a sound envelope were refused command.invalid (to a request id hub-1 never
    // sent, so it believed none of them); the rest were dropped.
    expect(node.answered).toBe(answered + 4);
    expect(state()).toBe(before);
    // A forged view or result from a stranger is not believed.
    await attacker.publishAsync(
      topics.view("door-1"),
      JSON.stringify({ v: 1, node: "node-a", view: { id: "door-9" } }),
      { qos: 1 },
    );
    // A view naming another node while the lock's own is online would steer its commands away.
    const hijack = { v: 1, node: "evil", view: { id: "door-2", name: "Evil", online: true, paired: true } };
    await attacker.publishAsync(topics.view("door-2"), JSON.stringify(hijack), { qos: 1 });
    // A forged result for a guessed request id is not believed either.
    const forged = { v: 1, requestId: "hub-1.1", lockId: "door-2", result: { ok: true } };
    await attacker.publishAsync(topics.results("hub-1"), JSON.stringify(forged), { qos: 1 });
    expect(await remote.link("door-2")!.send({ type: "status" })).toMatchObject({ ok: true });
    expect(remote.view("door-2")!.name).not.toBe("Evil");
    await attacker.endAsync();
    expect(remote.view("door-1")!.id).toBe("door-1");
  });

  it("a lock the node does not have answers lock.unknown; a timeout answers lock.timeout", async () => {
    const stranger = new RemoteLocks({ client: hubClient, topics, hubId: "hub-2" });
    await stranger.start();
    await until("stranger sees locks", () => stranger.size === 3);
    expect(await stranger.link("door-1")!.send({ type: "status" }, { timeoutMs: 5_000 })).toMatchObject({
      ok: true,
    });
    await stranger.close();
  });

  it("killing the node's connection marks its locks offline at once; a restart brings them back as they were", async () => {
    nodeClient.stream.destroy(); // no DISCONNECT: the broker sends the last will
    await until("locks offline", () => remote.list().every((v) => !v.online));
    expect(await remote.link("door-1")!.send({ type: "unlock" })).toMatchObject({
      ok: false,
      code: "lock.offline",
    });
    await node.close();
    await nodeClient.endAsync(true);
    await startNode();
    await until("locks online again", () => remote.list().filter((v) => v.online).length === 3);
    const { lockTimeMs: _a, ...seen } = remote.view("door-1")!;
    const { lockTimeMs: _b, ...truth } = host.view("door-1")!;
    expect(seen).toEqual(truth);
    expect(await remote.link("door-2")!.send({ type: "unlock" })).toEqual({ ok: true });
  });

  it("with a second connection at each end, every publication leaves on it, commands are answered, and its death says offline", async () => {
    const pairHost = new LockHost({ pacing: true });
    pairHost.open();
    const made = pairHost.create({ id: "door-p", setup: SETUP });
    if (!made.ok) throw new Error(made.reason);
    const nodePair = await connectLinkPair(url, { reconnectPeriod: 0, will: nodeWill(topics, "node-p") });
    const hubPair = await connectLinkPair(url, { reconnectPeriod: 0 });
    // What each connection publishes: the receiving ones must publish nothing, so no PUBACK of
    // ours ever queues behind (or ahead of) what they receive (publisher-connection.ts).
    const published = new Map<MqttClient, number>();
    for (const c of [nodePair.client, nodePair.publisher, hubPair.client, hubPair.publisher]) {
      published.set(c, 0);
      c.on("packetsend", (packet) => {
        if (packet.cmd === "publish") published.set(c, published.get(c)! + 1);
      });
    }
    const pairNode = new LockNode({ host: pairHost, ...nodePair, topics, nodeId: "node-p" });
    const pairHub = new RemoteLocks({ ...hubPair, topics, hubId: "hub-p" });
    try {
      await pairNode.start();
      await pairHub.start();
      await until("door-p online", () => pairHub.view("door-p")?.online === true);
      const reports: LockEventReport[] = [];
      pairHub.link("door-p")!.subscribe((r) => reports.push(r));
      expect(await pairHub.link("door-p")!.send({ type: "setCode", slot: 2, code: "2468" })).toEqual({
        ok: true,
      });
      expect(await pairHub.link("door-p")!.send({ type: "lock" })).toEqual({ ok: true });
      await until("door-p locked in the view", () => pairHub.view("door-p")?.bolt === "locked");
      await until("a report from door-p", () => reports.length > 0);
      expect(published.get(nodePair.client)).toBe(0);
      expect(published.get(hubPair.client)).toBe(0);
      expect(published.get(nodePair.publisher)).toBeGreaterThanOrEqual(3); // online, view, answers
      expect(published.get(hubPair.publisher)).toBe(2); // the two commands
      // The publishing connection dying is the node dying: its will marks the lock offline.
      nodePair.publisher.stream.destroy();
      await until("door-p offline", () => pairHub.view("door-p")?.online === false);
    } finally {
      await pairNode.close();
      await pairHub.close();
      await endLinkPair(nodePair, true);
      await endLinkPair(hubPair);
      await pairHost.close();
      const cleaner = await mqtt.connectAsync(url);
      await cleaner.publishAsync(topics.view("door-p"), "", { qos: 1, retain: true });
      await cleaner.publishAsync(topics.nodeStatus("node-p"), "", { qos: 1, retain: true });
      await cleaner.endAsync();
    }
  });

  it("removing a lock on the node removes it from the hub", async () => {
    host.remove("door-3");
    await until("door-3 gone", () => remote.view("door-3") === undefined);
    expect(remote.link("door-3")).toBeUndefined();
  });
});
