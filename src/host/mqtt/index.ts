/** The lock link over MQTT (issue 13): locks in other processes behind a real broker. */
export { linkTopics, DEFAULT_LINK_ROOT, PEER_ID_PATTERN } from "./link-topics.ts";
export type { LinkTopics } from "./link-topics.ts";
export { LockNode, nodeWill, MAX_PENDING_COMMANDS } from "./lock-node.ts";
export type { LockNodeOptions } from "./lock-node.ts";
export { RemoteLocks } from "./remote-locks.ts";
export type { RemoteLocksOptions } from "./remote-locks.ts";
export { MAX_LINK_MESSAGE_BYTES, LINK_PROTOCOL_VERSION, radioCommandSchema } from "./link-messages.ts";
export { disableNagle, publishBriefly } from "./no-delay.ts";
export { connectLinkPair, endLinkPair } from "./publisher-connection.ts";
export type { LinkConnections } from "./publisher-connection.ts";
