/**
 * Topics of the lock link over MQTT (docs/mqtt.md, "The lock link"; decision 0020). A
 * *node* is one process that runs locks; a *hub* is one process that manages them.
 *
 *   <root>/nodes/<nodeId>/status        retained  "online" | "offline" (the node's last will)
 *   <root>/nodes/<nodeId>/cmd/<lockId>  hub → node  { requestId, replyTo, command, timeoutMs }
 *   <root>/hubs/<hubId>/results         node → hub  { requestId, lockId, result }
 *   <root>/locks/<lockId>/view          retained  { node, view } (empty: the lock is gone)
 *   <root>/locks/<lockId>/report        node → all  { node, atMs, report }
 *
 * Commands go to the node that runs the lock (it subscribes to its own commands only, so
 * many nodes share a broker without each reading every command); results go back only to
 * the hub that asked.
 */

const ROOT = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;
/** Node and hub ids: what may stand in one topic level. */
export const PEER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** Lock ids as the host makes them (slugs or UUIDs). */
export const LINK_LOCK_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$|^[0-9a-f-]{36}$/;

export const DEFAULT_LINK_ROOT = "latchkey-link";

export interface LinkTopics {
  readonly root: string;
  nodeStatus(nodeId: string): string;
  nodeStatusWildcard(): string;
  command(nodeId: string, lockId: string): string;
  commandWildcard(nodeId: string): string;
  results(hubId: string): string;
  view(lockId: string): string;
  viewWildcard(): string;
  report(lockId: string): string;
  reportWildcard(): string;
  /** The id in the `+` level of a wildcard match, when the topic has the given shape. */
  idIn(topic: string, before: string, after: string): string | undefined;
}

export function linkTopics(root: string = DEFAULT_LINK_ROOT): LinkTopics {
  if (!ROOT.test(root) || root.length > 100)
    throw new Error(`invalid link topic root: ${JSON.stringify(root)}`);
  return {
    root,
    nodeStatus: (nodeId) => `${root}/nodes/${nodeId}/status`,
    nodeStatusWildcard: () => `${root}/nodes/+/status`,
    command: (nodeId, lockId) => `${root}/nodes/${nodeId}/cmd/${lockId}`,
    commandWildcard: (nodeId) => `${root}/nodes/${nodeId}/cmd/+`,
    results: (hubId) => `${root}/hubs/${hubId}/results`,
    view: (lockId) => `${root}/locks/${lockId}/view`,
    viewWildcard: () => `${root}/locks/+/view`,
    report: (lockId) => `${root}/locks/${lockId}/report`,
    reportWildcard: () => `${root}/locks/+/report`,
    idIn: (topic, before, after) => {
      const head = `${root}/${before}/`;
      const tail = after === "" ? "" : `/${after}`;
      if (!topic.startsWith(head) || !topic.endsWith(tail)) return undefined;
      const id = topic.slice(head.length, topic.length - tail.length);
      return id.length === 0 || id.includes("/") ? undefined : id;
    },
  };
}
