/**
 * A real matter.js controller for tests and benches (the new ControllerBehavior API, which
 * sends timed requests itself). It commissions over loopback with no multicast: each new
 * peer is given its operational address, as ../shared/notes/matter-on-loopback.md found
 * necessary on 127.0.0.1. Not used by the product.
 */
import { ControllerBehavior, ServerNode, type ClientNode, type Endpoint } from "@matter/main";
import { DoorLockClient } from "@matter/main/behaviors/door-lock";
import { PeerSet, SessionManager } from "@matter/main/protocol";

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

  async close(): Promise<void> {
    await this.node.close();
  }
}
