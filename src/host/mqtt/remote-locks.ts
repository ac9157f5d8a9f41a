/**
 * The hub end of the lock link over MQTT: locks that run in other processes (nodes),
 * seen exactly as in-process ones — a list of views, a change feed, and for each lock a
 * LockLink whose `send` answers once, correlated by request id, with a timeout.
 *
 * - Views arrive retained per lock; a lock whose node's status is `offline` (its last will)
 *   is reported offline, and its commands answer `lock.offline` at once.
 * - Commands go out QoS 1 through a window of at most `maxInFlight` unanswered at a time
 *   (the rest wait in a bounded queue): a broker's per-client queue (Mosquitto's
 *   max_queued_messages, 1000 by default) then never overflows with our own answers.
 * - Views are subscribed at QoS 0: they are retained states, and a hub that reconnects gets
 *   every one again; at QoS 1 a broker with default limits drops a burst of 10,000.
 * - Commands may go out on a second connection (`publisher`), so the broker's PUBACKs for them
 *   never travel on the connection that brings the answers: see publisher-connection.ts.
 */
import { randomBytes } from "node:crypto";
import type { MqttClient } from "mqtt";
import type { RadioCommand } from "../../core/radio-types.ts";
import type { HostChange } from "../lock-host.ts";
import type { LinkResult, LockEventReport, LockLink, LockReport, SendOptions } from "../lock-link.ts";
import { DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS } from "../lock-link.ts";
import type { LockView } from "../lock-view.ts";
import {
  LINK_PROTOCOL_VERSION,
  readMessage,
  reportMessageSchema,
  resultMessageSchema,
  viewMessageSchema,
} from "./link-messages.ts";
import type { LinkTopics } from "./link-topics.ts";
import { disableNagle } from "./no-delay.ts";
import { batchWrites } from "./write-batching.ts";
import { LINK_LOCK_ID_PATTERN } from "./link-topics.ts";

export interface RemoteLocksOptions {
  /** Receives results, views, reports and node statuses (and sends commands without `publisher`). */
  readonly client: MqttClient;
  /** A second connection to the same broker that sends the commands (publisher-connection.ts). */
  readonly publisher?: MqttClient;
  readonly topics: LinkTopics;
  /** This hub's id: results come back on its own topic. */
  readonly hubId: string;
  /** Unanswered commands at once (default 256). */
  readonly maxInFlight?: number;
  /** Commands waiting for the window (default 100,000); beyond, `link.busy`. */
  readonly maxQueued?: number;
  /** Locks this hub will know of (default 100,000): views beyond are ignored, bounding memory. */
  readonly maxLocks?: number;
}

interface Remote {
  node: string;
  view: LockView;
  readonly listeners: Set<(report: LockEventReport) => void>;
}

interface Pending {
  readonly lockId: string;
  readonly node: string;
  readonly resolve: (result: LinkResult) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

interface Queued {
  readonly lockId: string;
  readonly command: RadioCommand;
  readonly timeoutMs: number;
  readonly resolve: (result: LinkResult) => void;
}

export class RemoteLocks {
  readonly #options: RemoteLocksOptions;
  readonly #locks = new Map<string, Remote>();
  readonly #nodesOnline = new Map<string, boolean>();
  readonly #listeners = new Set<(change: HostChange) => void>();
  readonly #pending = new Map<string, Pending>();
  readonly #queue: Queued[] = [];
  #queueHead = 0;
  #nextRequest = 1;
  #closed = false;
  readonly #maxInFlight: number;
  readonly #maxQueued: number;

  constructor(options: RemoteLocksOptions) {
    this.#options = options;
    this.#maxInFlight = options.maxInFlight ?? 256;
    this.#maxQueued = options.maxQueued ?? 100_000;
  }

  async start(): Promise<void> {
    const { client, topics, hubId } = this.#options;
    for (const c of new Set([client, this.#options.publisher ?? client])) {
      disableNagle(c);
      batchWrites(c);
    }
    client.on("message", this.#onMessage);
    await client.subscribeAsync({
      [topics.results(hubId)]: { qos: 1 },
      [topics.nodeStatusWildcard()]: { qos: 1 },
      [topics.reportWildcard()]: { qos: 1 },
      [topics.viewWildcard()]: { qos: 0 },
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#options.client.off("message", this.#onMessage);
    for (const [id, pending] of this.#pending) {
      if (pending.timer) clearTimeout(pending.timer);
      pending.resolve({ ok: false, code: "lock.offline", reason: "the hub's link was closed" });
      this.#pending.delete(id);
    }
    for (let i = this.#queueHead; i < this.#queue.length; i++) {
      this.#queue[i]!.resolve({ ok: false, code: "lock.offline", reason: "the hub's link was closed" });
    }
    this.#queue.length = 0;
    this.#queueHead = 0;
  }

  // ---- what the hub sees (the same as LockHost's list / view / link / subscribe) ----

  list(): LockView[] {
    return [...this.#locks.values()].map((remote) => this.#effective(remote));
  }

  view(id: string): LockView | undefined {
    const remote = this.#locks.get(id);
    return remote === undefined ? undefined : this.#effective(remote);
  }

  get size(): number {
    return this.#locks.size;
  }

  /** Commands sent and not yet answered, and those waiting for the window. */
  get inFlight(): { sent: number; queued: number } {
    return { sent: this.#pending.size, queued: this.#queue.length - this.#queueHead };
  }

  subscribe(listener: (change: HostChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  link(id: string): LockLink | undefined {
    const remote = this.#locks.get(id);
    if (remote === undefined) return undefined;
    return {
      lockId: id,
      send: (command, options) => this.#send(id, command, options),
      subscribe: (listener) => {
        // The lock may be gone and back: listen on whatever entry holds it now.
        const current = this.#locks.get(id);
        current?.listeners.add(listener);
        return () => current?.listeners.delete(listener);
      },
      status: () => {
        const v = this.view(id);
        return { online: v?.online ?? false, paired: v?.paired ?? false };
      },
    };
  }

  // ---- internals ----

  #effective(remote: Remote): LockView {
    const nodeUp = this.#nodesOnline.get(remote.node) === true;
    return nodeUp || !remote.view.online ? remote.view : { ...remote.view, online: false };
  }

  #tell(change: HostChange): void {
    for (const listener of this.#listeners) listener(change);
  }

  #send(lockId: string, command: RadioCommand, options: SendOptions = {}): Promise<LinkResult> {
    const timeoutMs = Math.min(Math.max(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 1), MAX_TIMEOUT_MS);
    return new Promise((resolve) => {
      if (this.#closed) {
        resolve({ ok: false, code: "lock.offline", reason: "the hub's link is closed" });
        return;
      }
      if (this.#queue.length - this.#queueHead >= this.#maxQueued) {
        resolve({ ok: false, code: "link.busy", reason: "too many commands are waiting for the broker" });
        return;
      }
      this.#queue.push({ lockId, command, timeoutMs, resolve });
      this.#pump();
    });
  }

  /** Sends queued commands while the window has room. */
  #pump(): void {
    while (this.#pending.size < this.#maxInFlight && this.#queueHead < this.#queue.length) {
      const next = this.#queue[this.#queueHead]!;
      this.#queue[this.#queueHead] = undefined as never;
      this.#queueHead += 1;
      this.#publishCommand(next);
    }
    if (this.#queueHead > 1024 && this.#queueHead * 2 > this.#queue.length) {
      this.#queue.splice(0, this.#queueHead);
      this.#queueHead = 0;
    }
  }

  #publishCommand(queued: Queued): void {
    const { lockId, command, timeoutMs, resolve } = queued;
    const remote = this.#locks.get(lockId);
    if (remote === undefined) {
      resolve({ ok: false, code: "lock.unknown", reason: `there is no lock "${lockId}"` });
      return;
    }
    if (this.#nodesOnline.get(remote.node) !== true) {
      resolve({
        ok: false,
        code: "lock.offline",
        reason: "the process that runs the lock is not connected to the broker",
      });
      return;
    }
    const { topics, hubId } = this.#options;
    const client = this.#options.publisher ?? this.#options.client;
    // Unguessable, so a stranger on the broker cannot forge the answer to a command.
    const requestId = `${hubId}.${(this.#nextRequest++).toString(36)}.${randomBytes(6).toString("base64url")}`;
    const pending: Pending = { lockId, node: remote.node, resolve, timer: undefined };
    pending.timer = setTimeout(() => {
      this.#settle(requestId, {
        ok: false,
        code: "lock.timeout",
        reason: `no answer from the lock within ${timeoutMs} ms`,
      });
    }, timeoutMs);
    pending.timer.unref?.();
    this.#pending.set(requestId, pending);
    // The node waits as long for the lock, so a late answer is the lock's, not the broker's.
    const message = { v: LINK_PROTOCOL_VERSION, requestId, replyTo: hubId, command, timeoutMs };
    client.publish(topics.command(remote.node, lockId), JSON.stringify(message), { qos: 1 }, (error) => {
      if (error) {
        this.#settle(requestId, {
          ok: false,
          code: "lock.offline",
          reason: `the broker refused: ${error.message}`,
        });
      }
    });
  }

  #settle(requestId: string, result: LinkResult): void {
    const pending = this.#pending.get(requestId);
    if (pending === undefined) return;
    this.#pending.delete(requestId);
    if (pending.timer) clearTimeout(pending.timer);
    pending.resolve(result);
    this.#pump();
  }

  readonly #onMessage = (topic: string, payload: Buffer): void => {
    if (this.#closed) return;
    const { topics, hubId } = this.#options;
    if (topic === topics.results(hubId)) {
      const message = readMessage(payload, resultMessageSchema);
      if (message === undefined) return;
      const pending = this.#pending.get(message.requestId);
      // Only the lock we asked may answer our request.
      if (pending === undefined || pending.lockId !== message.lockId) return;
      this.#settle(message.requestId, message.result as LinkResult);
      return;
    }
    const viewOf = topics.idIn(topic, "locks", "view");
    if (viewOf !== undefined) return this.#onView(viewOf, payload);
    const reportOf = topics.idIn(topic, "locks", "report");
    if (reportOf !== undefined) return this.#onReport(reportOf, payload);
    const node = topics.idIn(topic, "nodes", "status");
    if (node !== undefined) return this.#onNodeStatus(node, payload);
  };

  #onView(lockId: string, payload: Buffer): void {
    if (!LINK_LOCK_ID_PATTERN.test(lockId)) return;
    if (payload.byteLength === 0) {
      if (this.#locks.delete(lockId)) this.#tell({ type: "removed", id: lockId });
      return;
    }
    const message = readMessage(payload, viewMessageSchema);
    if (message === undefined || message.view.id !== lockId) return;
    const view = message.view as unknown as LockView;
    const remote = this.#locks.get(lockId);
    if (remote === undefined) {
      // Anyone on the broker can publish a view: a flood of invented locks stops here.
      if (this.#locks.size >= (this.#options.maxLocks ?? 100_000)) return;
      this.#locks.set(lockId, { node: message.node, view, listeners: new Set() });
      this.#tell({ type: "added", id: lockId });
    } else {
      // A lock moves to another node only when its node is gone: a view naming another node
      // while the lock's own is online is not believed (it would steer its commands elsewhere).
      if (message.node !== remote.node && this.#nodesOnline.get(remote.node) === true) return;
      remote.node = message.node;
      remote.view = view;
      this.#tell({ type: "changed", id: lockId });
    }
  }

  #onReport(lockId: string, payload: Buffer): void {
    const remote = this.#locks.get(lockId);
    if (remote === undefined || remote.listeners.size === 0) return;
    const message = readMessage(payload, reportMessageSchema);
    // Reports count only from the node that runs the lock.
    if (message === undefined || message.node !== remote.node) return;
    const report: LockEventReport = {
      atMs: message.atMs,
      seq: message.seq,
      run: message.run,
      report: message.report as unknown as LockReport,
    };
    for (const listener of remote.listeners) listener(report);
  }

  #onNodeStatus(node: string, payload: Buffer): void {
    const text = payload.byteLength <= 16 ? payload.toString("utf8") : "";
    const online = text === "online";
    if (text !== "online" && text !== "offline" && text !== "") return;
    const was = this.#nodesOnline.get(node) === true;
    this.#nodesOnline.set(node, online);
    if (was === online) return;
    for (const [id, remote] of this.#locks) if (remote.node === node) this.#tell({ type: "changed", id });
    if (!online) {
      // What was sent to a node that died may or may not have been done: say so, now.
      for (const [requestId, pending] of this.#pending) {
        if (pending.node !== node) continue;
        this.#settle(requestId, {
          ok: false,
          code: "lock.offline",
          reason:
            "the process that runs the lock went away before answering; the command may not have been carried out",
        });
      }
    }
  }
}
