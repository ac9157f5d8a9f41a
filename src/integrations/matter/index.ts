/**
 * The Matter integration's public face: every hosted lock can be a Matter Door Lock node
 * that any controller commissions and drives, with the lock's core as the source of truth
 * (docs/matter.md).
 */
export { MatterService, MAX_MATTER_LOCKS } from "./matter-service.ts";
export type { MatterHost, MatterServiceOptions, HostChange, Outcome } from "./matter-service.ts";
export { MatterLockNode, TEST_VENDOR_ID, TEST_PRODUCT_ID } from "./matter-lock-node.ts";
export type { MatterLockNodeOptions, MatterPairingInfo } from "./matter-lock-node.ts";
export { configureMatterEnvironment } from "./matter-environment.ts";
export { REFUSAL_TO_STATUS, statusForRefusal, operationSourceOf } from "./status-mapping.ts";
export type { MatterLockSource, LockView, LockLink } from "./lock-port.ts";
