/**
 * The Matter node against a fake link at its edge (FakeHostedLock), driven by a real
 * matter.js controller over 127.0.0.1: commands become link commands, refusals become
 * Matter statuses, reports become events. One node and one commissioning for the file.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DoorLockClient } from "@matter/main/behaviors/door-lock";
import { DoorLock } from "@matter/main/clusters/door-lock";
import type { Endpoint } from "@matter/main";
import { FakeHostedLock } from "../../../test/support/fake-hosted-lock.ts";
import { configureMatterEnvironment } from "./matter-environment.ts";
import { MatterLockNode } from "./matter-lock-node.ts";
import { TestController } from "./test-controller.ts";

configureMatterEnvironment({ memory: true, mdnsInterface: "lo" });

const PASSCODE = 20202021;
const pin = (digits: string) => new TextEncoder().encode(digits);

let fake: FakeHostedLock;
let node: MatterLockNode;
let controller: TestController;
let lock: Endpoint;
const operations: DoorLock.LockOperationEvent[] = [];
const userChanges: DoorLock.LockUserChangeEvent[] = [];
const alarms: DoorLock.DoorLockAlarmEvent[] = [];
const errors: DoorLock.LockOperationErrorEvent[] = [];

async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  fake = new FakeHostedLock("front-door");
  fake.slots.set(5, { code: "13579" }); // set at the keypad before Matter was turned on
  node = await MatterLockNode.create({
    source: fake,
    passcode: PASSCODE,
    discriminator: 3001,
    port: 0,
    listenIpv4: "127.0.0.1",
    listenIpv6: "::1",
  });
  await node.start();
  controller = await TestController.start();
  ({ lock } = await controller.commission(node.port, PASSCODE));
  const events = lock.eventsOf(DoorLockClient);
  events.lockOperation.on((e) => void operations.push(e));
  events.lockUserChange.on((e) => void userChanges.push(e));
  events.doorLockAlarm.on((e) => void alarms.push(e));
  events.lockOperationError.on((e) => void errors.push(e));
}, 60_000);

afterAll(async () => {
  await controller?.close();
  await node?.close();
}, 30_000);

describe("Matter Door Lock node over a lock link", () => {
  it("is commissioned over 127.0.0.1 and shows the lock's bolt as LockState", () => {
    expect(node.commissioned).toBe(true);
    expect(lock.stateOf(DoorLockClient).lockState).toBe(DoorLock.LockState.Locked);
  });

  it("a code already in slot 5 is user 5 with PIN credential 5", async () => {
    const cmd = lock.commandsOf(DoorLockClient);
    const user = await cmd.getUser({ userIndex: 5 });
    expect(user.credentials).toEqual([{ credentialType: DoorLock.CredentialType.Pin, credentialIndex: 5 }]);
    const status = await cmd.getCredentialStatus({
      credential: { credentialType: DoorLock.CredentialType.Pin, credentialIndex: 5 },
    });
    expect(status).toMatchObject({ credentialExists: true, userIndex: 5 });
  });

  it("SetUser and SetCredential become a code in slot N; the PIN unlocks through the lock", async () => {
    const cmd = lock.commandsOf(DoorLockClient);
    await cmd.setUser({
      operationType: DoorLock.DataOperationType.Add,
      userIndex: 2,
      userName: "ana",
      userUniqueId: 7,
      userStatus: DoorLock.UserStatus.OccupiedEnabled,
      userType: DoorLock.UserType.UnrestrictedUser,
      credentialRule: DoorLock.CredentialRule.Single,
    });
    const r = await cmd.setCredential({
      operationType: DoorLock.DataOperationType.Add,
      credential: { credentialType: DoorLock.CredentialType.Pin, credentialIndex: 2 },
      credentialData: pin("246810"),
      userIndex: 2,
      userStatus: null,
      userType: null,
    });
    expect(r.status).toBe(0);
    expect(fake.slots.get(2)?.code).toBe("246810");
    await cmd.unlockDoor({ pinCode: pin("246810") });
    expect(fake.state.bolt).toBe("unlocked");
    await until("remote LockOperation", () =>
      operations.some((e) => e.operationSource === DoorLock.OperationSource.Remote),
    );
    const op = operations.find((e) => e.operationSource === DoorLock.OperationSource.Remote);
    expect(op?.userIndex).toBe(2);
  });

  it("B-CODE-4: a first-four clash answers Duplicate and changes nothing", async () => {
    const r = await lock.commandsOf(DoorLockClient).setCredential({
      operationType: DoorLock.DataOperationType.Add,
      credential: { credentialType: DoorLock.CredentialType.Pin, credentialIndex: 3 },
      credentialData: pin("24689999"),
      userIndex: null,
      userStatus: null,
      userType: null,
    });
    expect(r.status).toBe(DoorLock.StatusCode.Duplicate);
    expect(fake.slots.has(3)).toBe(false);
  });

  it("a code typed at the keypad is a LockOperation with source Keypad and its user", async () => {
    fake.typeCode("246810");
    await until("keypad LockOperation", () =>
      operations.some((e) => e.operationSource === DoorLock.OperationSource.Keypad),
    );
    expect(operations.find((e) => e.operationSource === DoorLock.OperationSource.Keypad)?.userIndex).toBe(2);
  });

  it("a jam fails LockDoor and raises DoorLockAlarm LockJammed", async () => {
    fake.jamNext = true;
    await expect(lock.commandsOf(DoorLockClient).lockDoor({})).rejects.toThrow();
    await until("LockJammed", () => alarms.some((a) => a.alarmCode === DoorLock.AlarmCode.LockJammed));
  });
});

describe("a node started over a lock whose settings were set before", () => {
  it("B-NET-2, B-BOLT-7, B-SEC-2: AutoRelockTime, RequirePINforRemoteOperation and OperatingMode are the lock's, read from its status at start, not the profile's defaults", async () => {
    const late = new FakeHostedLock("back-door", { mode: "privacy" });
    late.settings = { autoLock: true, autoLockSeconds: 120, requirePinForRemote: true };
    const second = await MatterLockNode.create({
      source: late,
      passcode: PASSCODE,
      discriminator: 3003,
      port: 0,
      listenIpv4: "127.0.0.1",
      listenIpv6: "::1",
    });
    try {
      await second.start();
      expect(late.sent[0]).toEqual({ type: "status" });
      const { lock: other } = await controller.commission(second.port, PASSCODE);
      expect(other.stateOf(DoorLockClient)).toMatchObject({
        autoRelockTime: 120,
        requirePinForRemoteOperation: true,
        operatingMode: DoorLock.OperatingMode.Privacy,
      });
    } finally {
      await second.close();
    }
  }, 60_000);
});
