/**
 * The tie between a Matter Door Lock endpoint and the hosted lock behind it. matter.js
 * creates behavior instances itself, so a behavior finds its lock here, by endpoint.
 */
import type { Endpoint, Transaction } from "@matter/main";
import type { LinkCommand, LinkResult, MatterLockSource } from "./lock-port.ts";

export interface DoorLockBinding {
  readonly source: MatterLockSource;
  /**
   * Sends a command on the lock's link, marking it as this node's own so the report the
   * lock sends back for it is not mirrored a second time. With `handler` (the transaction of
   * a command handler that writes the Matter state of its own operation, e.g. LockState), the
   * command stays this node's own until that transaction is committed or rolled back: the
   * node's copy of the lock's view leaves that state to the handler meanwhile.
   */
  send(command: LinkCommand, handler?: Transaction): Promise<LinkResult>;
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
