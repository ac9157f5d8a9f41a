/**
 * A real matter.js controller for tests and benches (the new ControllerBehavior API, which
 * sends timed requests itself). It commissions over loopback with no multicast: each new
 * peer is given its operational address, as ../shared/notes/matter-on-loopback.md found
 * necessary on 127.0.0.1. Not used by the product.
 */
import { ControllerBehavior, ServerNode, type ClientNode, type Endpoint } from "@matter/main";
import { DoorLockClient } from "@matter/main/behaviors/door-lock";
import { DoorLock } from "@matter/main/clusters/door-lock";
import { Invoke, PeerSet, SessionManager } from "@matter/main/protocol";

export interface CommissionedLock {
  readonly peer: ClientNode;
  readonly lock: Endpoint;
}

export class TestController {
  private nextPort = 0;

  private constructor(readonly node: ServerNode) {}

  static async start(id = `controller-${process.pid}`): Promise<TestController> {
    const node = await ServerNode.create(ServerNode.RootEndpoint.with(ControllerBehavior), {
      id,
      network: { port: 0, listeningAddressIpv4: "127.0.0.1", listeningAddressIpv6: "::1" },
      commissioning: { enabled: false },
      controller: { adminFabricLabel: "latchkey-test" },
    });
    await node.start();
    const self = new TestController(node);
    node.env.get(PeerSet).added.on((peer) => {
      peer.descriptor.operationalAddress ??= { type: "udp", ip: "127.0.0.1", port: self.nextPort };
    });
    return self;
  }

  /** Commissions the node listening on 127.0.0.1:port and finds its Door Lock endpoint. */
  async commission(port: number, passcode: number): Promise<CommissionedLock> {
    this.nextPort = port;
    const peer = await this.node.peers.forDescriptor({ addresses: [{ type: "udp", ip: "127.0.0.1", port }] });
    await peer.commission({ passcode });
    return { peer, lock: await this.doorLockOf(peer) };
  }

  /** The peer's Door Lock endpoint, once its structure has arrived over the subscription. */
  async doorLockOf(peer: ClientNode): Promise<Endpoint> {
    for (let i = 0; i < 100; i++) {
      const found = [...peer.endpoints].find((e) => e.behaviors.has(DoorLockClient));
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error("the peer has no Door Lock endpoint");
  }

  /**
   * What a controller does when the node's mDNS goodbye says it went away (on loopback no
   * mDNS carries it): drop the sessions, so the next command opens a new CASE session.
   */
  peerShutDown(peer: ClientNode): void {
    const address = peer.peerAddress;
    if (address) void this.node.env.get(SessionManager).handlePeerShutdown(address);
  }

  /**
   * Invokes a command on `endpoint` without the client's own check of its fields, as a test
   * harness sends a value the schema forbids (an index of 0), so the node's answer is what is
   * tested. Answers the response's fields, or `{ status }` for a status-only answer. `timed:
   * false` sends it outside a timed interaction even where the command requires one (as a
   * controller that ignores the requirement would).
   */
  async invokeUnchecked(
    peer: ClientNode,
    endpoint: Endpoint,
    cluster: unknown,
    command: string,
    fields: unknown,
    options: { readonly timed?: false } = {},
  ): Promise<unknown> {
    const invoke = Invoke({
      commands: [Invoke.ConcreteCommandRequest({ endpoint, cluster, command, fields } as never)],
      skipValidation: true,
      ...options,
    } as never);
    const interaction = (peer as unknown as { interaction: { invoke(i: unknown): AsyncIterable<unknown[]> } })
      .interaction;
    for await (const chunk of interaction.invoke(invoke)) {
      for (const entry of chunk as { kind: string; status?: number; data?: unknown }[]) {
        if (entry.kind === "cmd-status") return { status: entry.status };
        if (entry.kind === "cmd-response") return entry.data;
      }
    }
    throw new Error(`no answer to ${command}`);
  }

  async close(): Promise<void> {
    await this.node.close();
  }
}

/** A PIN as Matter carries it: the digits' bytes. */
export const pinBytes = (digits: string): Uint8Array => new TextEncoder().encode(digits);

/**
 * What a controller sends to give a person a PIN: SetUser (an unrestricted, enabled user with a
 * single credential) then SetCredential with the PIN at the same index. Returns the
 * SetCredential response, whose `status` says whether the lock took it.
 */
export async function addPinUser(
  lock: Endpoint,
  user: { readonly index: number; readonly name: string; readonly pin: string },
) {
  const cmd = lock.commandsOf(DoorLockClient);
  await cmd.setUser({
    operationType: DoorLock.DataOperationType.Add,
    userIndex: user.index,
    userName: user.name,
    userUniqueId: null,
    userStatus: DoorLock.UserStatus.OccupiedEnabled,
    userType: DoorLock.UserType.UnrestrictedUser,
    credentialRule: DoorLock.CredentialRule.Single,
  });
  return cmd.setCredential({
    operationType: DoorLock.DataOperationType.Add,
    credential: { credentialType: DoorLock.CredentialType.Pin, credentialIndex: user.index },
    credentialData: pinBytes(user.pin),
    userIndex: user.index,
    userStatus: null,
    userType: null,
  });
}
