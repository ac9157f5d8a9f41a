/**
 * The host layer's public face (ARCHITECTURE.md v2): the hub and the integrations import the
 * host only from here.
 */
export { LockHost, LOCK_ID_PATTERN, HEARTBEAT_MS } from "./lock-host.ts";
export type { CreateLockOptions, HostChange, LockHostOptions } from "./lock-host.ts";
export { HostedLock, KEPT_HISTORY, KEPT_SIGNALS } from "./hosted-lock.ts";
export type { FaultLogEntry } from "./hosted-lock.ts";
export type { PairingAccount } from "./lock-pairing.ts";
export type { LinkResult, LockEventReport, LockLink, LockReport, SendOptions } from "./lock-link.ts";
export { ACK_TIMEOUT_MS, DEFAULT_TIMEOUT_MS } from "./lock-link.ts";
export type { LockView } from "./lock-view.ts";
export { viewOf } from "./lock-view.ts";
export type { Outcome } from "./outcome.ts";
export { HostRefusal, valueOrThrow } from "./outcome.ts";
export type {
  DoorAction,
  FaultAction,
  FixAction,
  KeyAction,
  PackAction,
  Speed,
  TurnAction,
} from "./lock-actions.ts";
export type { HostStore } from "./storage/host-store.ts";
export { MemoryHostStore } from "./storage/host-store.ts";
export { SqliteHostStore } from "./storage/sqlite-host-store.ts";
export { openDataFolder, DEFAULT_DATA_FOLDER } from "./data-folder.ts";
export { parseTrustedKey, parseTrustedKeys, MAX_TRUSTED_KEYS } from "./trusted-keys.ts";
export { readyLockSetup } from "./ready-lock-setup.ts";
export type { RadioCommand, RadioReport } from "../core/radio-types.ts";
export type { LockSetup } from "../scenario/scenario-types.ts";
export {
  LockNode,
  RemoteLocks,
  linkTopics,
  nodeWill,
  disableNagle,
  publishBriefly,
  DEFAULT_LINK_ROOT,
  PEER_ID_PATTERN,
  connectLinkPair,
  endLinkPair,
} from "./mqtt/index.ts";
export type { LinkConnections, LinkTopics, LockNodeOptions, RemoteLocksOptions } from "./mqtt/index.ts";
export type { LockSource } from "./lock-source.ts";
export { combineLockSources } from "./lock-source.ts";
export { portFromEnv } from "./env-port.ts";
