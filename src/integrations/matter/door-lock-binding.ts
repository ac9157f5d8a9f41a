/**
 * The tie between a Matter Door Lock endpoint and the hosted lock behind it. matter.js
 * creates behavior instances itself, so a behavior finds its lock here, by endpoint.
 */
import type { Endpoint, Transaction } from "@matter/main";
import type { FabricIndex, NodeId } from "@matter/main/types";
import type { LinkCommand, LinkResult, MatterLockSource } from "./lock-port.ts";

/** Who asked, for a command whose bolt run the lock reports only after it answered. */
export interface CommandOrigin {
  readonly fabricIndex: FabricIndex;
  readonly sourceNode: NodeId | null;
}

export interface DoorLockBinding {
  readonly source: MatterLockSource;
  /**
   * Sends a command on the lock's link, marking it as this node's own so the report the
   * lock sends back for it is not mirrored a second time. With `handler` (the transaction of
   * a command handler that writes the Matter state of its own operation, e.g. LockState), the
   * command stays this node's own until that transaction is committed or rolled back: the
   * node's copy of the lock's view leaves that state to the handler meanwhile.
   *
   * With `origin`, the bolt run a command starts and the lock reports after answering (the
   * unlock of OperatingMode Passage) is not an echo: its `unlocked` report becomes a
   * LockOperation Remote with the controller's fabric and node (Matter DoorLock §5.2.11.3).
   */
  send(command: LinkCommand, handler?: Transaction, origin?: CommandOrigin): Promise<LinkResult>;
}

const bindings = new WeakMap<Endpoint, DoorLockBinding>();

export function bindDoorLock(endpoint: Endpoint, binding: DoorLockBinding): void {
  bindings.set(endpoint, binding);
}

export function bindingOf(endpoint: Endpoint): DoorLockBinding {
  const binding = bindings.get(endpoint);
  if (!binding) throw new Error(`no lock is bound to Matter endpoint ${endpoint.id}`);
  return binding;
}
