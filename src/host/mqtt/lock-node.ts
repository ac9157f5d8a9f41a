/**
 * The node end of the lock link over MQTT: serves the locks of one in-process LockHost to
 * hubs elsewhere, through a broker. It publishes each lock's view (retained, QoS 1) when it
 * changes and every report the lock makes (QoS 1); it carries out commands addressed to its
 * locks and answers each to the hub that asked, with the request id it came with. Its
 * status topic says `online`, and `offline` by its last will when the process dies, so hubs
 * mark its locks unavailable within the broker's keep-alive. What it publishes may go out on a
 * second connection (`publisher`), so the broker's PUBACKs never delay the next command
 * (publisher-connection.ts); both connections then carry the will.
 */
import type { MqttClient } from "mqtt";
import type { RadioCommand } from "../../core/radio-types.ts";
import type { LockHost } from "../lock-host.ts";
import type { LockEventReport } from "../lock-link.ts";
import type { LockView } from "../lock-view.ts";
import type { CommandMessage } from "./link-messages.ts";
import { commandMessageSchema, commandProblem, LINK_PROTOCOL_VERSION, readMessage } from "./link-messages.ts";
import type { LinkTopics } from "./link-topics.ts";
import { disableNagle, publishBriefly } from "./no-delay.ts";
import { batchWrites } from "./write-batching.ts";

/**
 * Views published at once when a node starts or reconnects, then a pause: a broker drops what
 * it cannot write to a slow subscriber (Mosquitto: more than max_queued_messages, 1000 by
 * default, waiting for one client — QoS 0 included), and 10,000 views in one write reached
 * the hub as a burst it lost part of (bench mqtt-fleet: 9,479 of 10,000 views and no status).
 * 250 every 25 ms is 10,000 views a second, under what a hub reads on a busy machine.
 */
export const VIEW_BURST = 250;
export const VIEW_BURST_PAUSE_MS = 25;

/** Commands a node carries out at once; more are refused `link.busy` (bounded memory). */
export const MAX_PENDING_COMMANDS = 4096;

/**
 * Request ids a node remembers (with their answers) so a command delivered twice is carried
 * out once. MQTT's QoS 1 is at-least-once: a broker sends a command again when it did not see
 * the node's acknowledgement (a dropped connection), and a hub may retry with the same id. The
 * repeat is answered with the first answer (or, while the first is still running, by that
 * answer alone) instead of unlocking, or stepping a firmware update, twice.
 */
export const REMEMBERED_REQUESTS = 4096;

export interface LockNodeOptions {
  readonly host: LockHost;
  /** Receives the commands (and publishes without `publisher`); connected with `nodeWill(topics, nodeId)`. */
  readonly client: MqttClient;
  /** A second connection that publishes statuses, views, reports and answers; also with the will. */
  readonly publisher?: MqttClient;
  readonly topics: LinkTopics;
  readonly nodeId: string;
}

/** The will a node's client must connect with. */
export function nodeWill(topics: LinkTopics, nodeId: string) {
  return { topic: topics.nodeStatus(nodeId), payload: Buffer.from("offline"), qos: 1 as const, retain: true };
}

/** The view without the lock's clock, which moves all the time: what "changed" means here. */
function viewKey(view: LockView): string {
  const { lockTimeMs: _lockTimeMs, ...rest } = view;
  return JSON.stringify(rest);
}

export class LockNode {
  readonly #options: LockNodeOptions;
  readonly #served = new Map<string, { key: string; unsubscribe: () => void }>();
  #pending = 0;
  /** By hub, lock and request id: the command's text, and its answer once it has one (oldest first). */
  readonly #requests = new Map<string, { command: string; result?: unknown }>();
  #unsubscribeHost: (() => void) | undefined;
  #closed = false;
  /** Commands answered (for the CLI's progress line). */
  answered = 0;

  constructor(options: LockNodeOptions) {
    this.#options = options;
  }

  async start(): Promise<void> {
    const { client, topics, host, nodeId } = this.#options;
    const publisher = this.#publisher;
    for (const c of new Set([client, publisher])) {
      disableNagle(c);
      batchWrites(c);
    }
    client.on("message", this.#onMessage);
    client.on("connect", this.#onReconnect);
    if (publisher !== client) publisher.on("connect", this.#onReconnect);
    await client.subscribeAsync(topics.commandWildcard(nodeId), { qos: 1 });
    this.#unsubscribeHost = host.subscribe((change) => {
      if (change.type === "removed") this.#unserve(change.id);
      else this.#serve(change.id);
    });
    // The status first: a hub must hear it even if it loses part of the views that follow.
    await publisher.publishAsync(topics.nodeStatus(nodeId), "online", { qos: 1, retain: true });
    await this.#serveAllPaced();
  }

  /** Every lock's view, VIEW_BURST at a time (see VIEW_BURST). */
  async #serveAllPaced(): Promise<void> {
    let published = 0;
    for (const view of this.#options.host.list()) {
      if (this.#closed) return;
      if (!this.#serve(view.id)) continue;
      if (++published % VIEW_BURST === 0)
        await new Promise((resolve) => setTimeout(resolve, VIEW_BURST_PAUSE_MS));
    }
  }

  get #publisher(): MqttClient {
    return this.#options.publisher ?? this.#options.client;
  }

  /** Says `offline` (as the will would) and stops serving; the locks stay in the host. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#unsubscribeHost?.();
    for (const served of this.#served.values()) served.unsubscribe();
    this.#served.clear();
    const { client, topics, nodeId } = this.#options;
    client.off("message", this.#onMessage);
    client.off("connect", this.#onReconnect);
    this.#publisher.off("connect", this.#onReconnect);
    await publishBriefly(this.#publisher, topics.nodeStatus(nodeId), "offline");
  }

  get lockCount(): number {
    return this.#served.size;
  }

  /** Publishes the lock's view if it changed; says whether it did. */
  #serve(lockId: string): boolean {
    if (this.#closed) return false;
    const view = this.#options.host.view(lockId);
    if (view === undefined) return false;
    const key = viewKey(view);
    let served = this.#served.get(lockId);
    if (served === undefined) {
      const link = this.#options.host.link(lockId);
      served = {
        key: "",
        unsubscribe: link?.subscribe((report) => this.#onReport(lockId, report)) ?? (() => {}),
      };
      this.#served.set(lockId, served);
    }
    if (served.key === key) return false;
    served.key = key;
    this.#publishView(view);
    return true;
  }

  #publishView(view: LockView): void {
    const { topics, nodeId } = this.#options;
    const message = { v: LINK_PROTOCOL_VERSION, node: nodeId, view };
    this.#publisher.publish(
      topics.view(view.id),
      JSON.stringify(message),
      { qos: 1, retain: true },
      () => {},
    );
  }

  #unserve(lockId: string): void {
    const served = this.#served.get(lockId);
    if (served === undefined) return;
    served.unsubscribe();
    this.#served.delete(lockId);
    // An empty retained payload: the lock is gone for every hub, now and later.
    this.#publisher.publish(this.#options.topics.view(lockId), "", { qos: 1, retain: true }, () => {});
  }

  #onReport(lockId: string, report: LockEventReport): void {
    if (this.#closed) return;
    const { topics, nodeId } = this.#options;
    const message = {
      v: LINK_PROTOCOL_VERSION,
      node: nodeId,
      atMs: report.atMs,
      seq: report.seq,
      run: report.run,
      report: report.report,
    };
    this.#publisher.publish(
      topics.report(lockId),
      JSON.stringify(message),
      { qos: 1, retain: false },
      () => {},
    );
  }

  readonly #onReconnect = (): void => {
    if (this.#closed) return;
    // The will may have said offline while we were away: say online, and re-send every view.
    const { topics, nodeId } = this.#options;
    this.#publisher.publish(topics.nodeStatus(nodeId), "online", { qos: 1, retain: true }, () => {});
    for (const served of this.#served.values()) served.key = "";
    void this.#serveAllPaced();
  };

  readonly #onMessage = (topic: string, payload: Buffer): void => {
    if (this.#closed) return;
    const { topics, nodeId } = this.#options;
    const lockId = topics.idIn(topic, `nodes/${nodeId}/cmd`, "");
    if (lockId === undefined) return;
    const message = readMessage(payload, commandMessageSchema);
    if (message === undefined) {
      // A sound envelope around a command that is not one (slot 0, letters in a code, a field
      // the vocabulary lacks): refused to the hub that asked, at once, rather than left to its
      // timeout. Anything less (not JSON, no one to answer) is dropped. Nothing is carried out.
      const problem = commandProblem(payload);
      if (problem !== undefined)
        this.#answer(lockId, problem, {
          ok: false,
          code: "command.invalid",
          reason: `not a command the lock takes: ${problem.reason}`,
        });
      return;
    }
    this.#carryOut(lockId, message);
  };

  #carryOut(lockId: string, message: CommandMessage): void {
    const key = `${message.replyTo}\u0000${lockId}\u0000${message.requestId}`;
    const command = JSON.stringify(message.command);
    const seen = this.#requests.get(key);
    if (seen !== undefined) {
      if (seen.command !== command)
        this.#answer(lockId, message, {
          ok: false,
          code: "command.invalid",
          reason: `request id ${message.requestId} was already used for another command`,
        });
      // The same command again: its answer once more, or nothing while the first still runs.
      else if (seen.result !== undefined) this.#answer(lockId, message, seen.result);
      return;
    }
    const remembered: { command: string; result?: unknown } = { command };
    this.#requests.set(key, remembered);
    if (this.#requests.size > REMEMBERED_REQUESTS) {
      for (const [oldest, entry] of this.#requests) {
        if (this.#requests.size <= REMEMBERED_REQUESTS) break;
        if (entry.result !== undefined) this.#requests.delete(oldest);
      }
    }
    const answer = (result: unknown): void => {
      // Nothing was carried out (no such lock, too busy, out of reach): a repeat may try again.
      const code = (result as { code?: unknown }).code;
      if (code === "lock.unknown" || code === "link.busy" || code === "lock.offline")
        this.#requests.delete(key);
      else remembered.result = result;
      this.#answer(lockId, message, result);
    };
    this.#carryOutOnce(lockId, message, answer);
  }

  #carryOutOnce(lockId: string, message: CommandMessage, answer: (result: unknown) => void): void {
    const link = this.#options.host.link(lockId);
    if (link === undefined) {
      answer({
        ok: false,
        code: "lock.unknown",
        reason: `there is no lock "${lockId}" here`,
      });
      return;
    }
    if (this.#pending >= MAX_PENDING_COMMANDS) {
      answer({
        ok: false,
        code: "link.busy",
        reason: "the node has too many commands in hand",
      });
      return;
    }
    this.#pending += 1;
    // The schema admits exactly the radio vocabulary (checked by the compiler in link-messages.ts).
    const command: RadioCommand = message.command;
    link
      .send(command, message.timeoutMs === undefined ? {} : { timeoutMs: message.timeoutMs })
      .then(answer, (error: unknown) =>
        answer({
          ok: false,
          code: "lock.error",
          reason: error instanceof Error ? error.message : "the lock failed",
        }),
      )
      .finally(() => {
        this.#pending -= 1;
      });
  }

  #answer(lockId: string, message: Pick<CommandMessage, "requestId" | "replyTo">, result: unknown): void {
    if (this.#closed) return;
    this.answered += 1;
    const { topics } = this.#options;
    const answer = { v: LINK_PROTOCOL_VERSION, requestId: message.requestId, lockId, result };
    this.#publisher.publish(
      topics.results(message.replyTo),
      JSON.stringify(answer),
      { qos: 1, retain: false },
      () => {},
    );
  }
}
