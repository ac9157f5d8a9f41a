/**
 * Two controllers (two fabrics) on one lock, as Matter multi-admin goes: what a fabric made
 * outlives that fabric on the lock (its slots are the lock's), and no longer names it. A real
 * matter.js controller each, over 127.0.0.1, the lock behind the fake link at the edge.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClientNode, Endpoint } from "@matter/main";
import { DoorLockClient } from "@matter/main/behaviors/door-lock";
import { OperationalCredentialsClient } from "@matter/main/behaviors/operational-credentials";
import { DoorLock } from "@matter/main/clusters/door-lock";
import { DeviceCommissioner } from "@matter/main/protocol";
import { FakeHostedLock } from "../../../test/support/fake-hosted-lock.ts";
import { configureMatterEnvironment } from "./matter-environment.ts";
import { MatterLockNode } from "./matter-lock-node.ts";
import { addPinUser, TestController } from "./test-controller.ts";

configureMatterEnvironment({ memory: true, mdnsInterface: "lo" });

const PASSCODE = 20202021;

let fake: FakeHostedLock;
let node: MatterLockNode;
let first: TestController;
let second: TestController;
let lockA: Endpoint;
let peerB: ClientNode;
let lockB: Endpoint;

beforeAll(async () => {
  fake = new FakeHostedLock("fabrics", {
    codeRules: { minLength: 4, maxLength: 8, capacity: 6, uniquePrefixDigits: 4 },
  });
  node = await MatterLockNode.create({
    source: fake,
    passcode: PASSCODE,
    discriminator: 3003,
    port: 0,
    listenIpv4: "127.0.0.1",
    listenIpv6: "::1",
  });
  await node.start();
  first = await TestController.start(`controller-a-${process.pid}`);
  ({ lock: lockA } = await first.commission(node.port, PASSCODE));
  // The first controller shares the lock (a basic commissioning window, the node's own passcode).
  await node.node.env.get(DeviceCommissioner).allowBasicCommissioning();
  second = await TestController.start(`controller-b-${process.pid}`);
  ({ peer: peerB, lock: lockB } = await second.commission(node.port, PASSCODE));
}, 90_000);

afterAll(async () => {
  await second?.close();
  await first?.close();
  await node?.close();
}, 30_000);

describe("Matter multi-admin: a removed fabric's users and PINs", () => {
  it("B-NET-1, Matter DoorLock §5.2.10.6 / §5.2.10.22 (as the Matter SDK's OnFabricRemoved): after RemoveFabric the user and PIN that fabric made stay on the lock and name no fabric (null), so a fabric given its index later inherits nothing; the other fabric's own stay its own", async () => {
    expect((await addPinUser(lockA, { index: 1, name: "ana", pin: "2468" })).status).toBe(0);
    expect((await addPinUser(lockB, { index: 2, name: "ben", pin: "1357" })).status).toBe(0);
    const indexB = peerB.stateOf(OperationalCredentialsClient).currentFabricIndex;
    const cmdA = lockA.commandsOf(DoorLockClient);
    const pinOf = (credentialIndex: number) =>
      cmdA.getCredentialStatus({
        credential: { credentialType: DoorLock.CredentialType.Pin, credentialIndex },
      });
    expect(await cmdA.getUser({ userIndex: 2 })).toMatchObject({ creatorFabricIndex: indexB });
    expect(await pinOf(2)).toMatchObject({ creatorFabricIndex: indexB, lastModifiedFabricIndex: indexB });

    // The second controller leaves (its own RemoveFabric, as "remove from Home" does).
    await peerB
      .commandsOf(OperationalCredentialsClient)
      .removeFabric({ fabricIndex: indexB })
      .catch(() => undefined); // the session it came on may close before the answer
    let user = await cmdA.getUser({ userIndex: 2 });
    for (let i = 0; i < 80 && user.creatorFabricIndex !== null; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      user = await cmdA.getUser({ userIndex: 2 });
    }
    expect(user).toMatchObject({
      userName: "ben",
      userStatus: DoorLock.UserStatus.OccupiedEnabled,
      creatorFabricIndex: null,
      lastModifiedFabricIndex: null,
    });
    expect(await pinOf(2)).toMatchObject({
      credentialExists: true,
      userIndex: 2,
      creatorFabricIndex: null,
      lastModifiedFabricIndex: null,
    });
    expect(fake.slots.get(2)?.code).toBe("1357");
    // The first controller's own are untouched.
    const indexA = (await cmdA.getUser({ userIndex: 1 })).creatorFabricIndex;
    expect(indexA).not.toBeNull();
    expect(indexA).not.toBe(indexB);
    expect(await pinOf(1)).toMatchObject({ creatorFabricIndex: indexA, lastModifiedFabricIndex: indexA });
  });
});
