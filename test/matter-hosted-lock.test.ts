/**
 * Issue 12's proof on a real hosted lock: a matter.js controller in this process commissions
 * a Halo the host runs (a twin on a free-running clock; its firmware decides) over
 * 127.0.0.1 and drives it, and the lock's own reports come back as Matter events; the door
 * sensor is DoorState (DPS), the pack is the Power Source cluster, and the firmware the lock runs
 * is Basic Information's software version (issue 14).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClientNode, Endpoint } from "@matter/main";
import { DoorLockClient } from "@matter/main/behaviors/door-lock";
import { DoorLock } from "@matter/main/clusters/door-lock";
import { PowerSourceClient } from "@matter/main/behaviors/power-source";
import { PowerSource } from "@matter/main/clusters/power-source";
import { BasicInformationClient } from "@matter/main/behaviors/basic-information";
import { FIRST_VERSION, LATEST_VERSION } from "../src/core/update/firmware-versions.ts";
import { Status } from "@matter/main/types";
import { LatchkeyDoorLockServer } from "../src/integrations/matter/latchkey-door-lock-server.ts";
import { LockPowerSourceServer } from "../src/integrations/matter/power-source.ts";
import { matterSoftwareVersion } from "../src/integrations/matter/software-version.ts";
import { LockHost } from "../src/host/index.ts";
import type { CreateLockOptions } from "../src/host/index.ts";
import { MatterService } from "../src/integrations/matter/index.ts";
import { createServer } from "../src/server/create-server.ts";
import { TestController, addPinUser } from "../src/integrations/matter/test-controller.ts";
import { enterCode } from "../src/twin/person-actions.ts";

const ID = "matter-halo";
// A Monday, 10:00 on the lock's clock.
const SETUP: CreateLockOptions["setup"] = {
  profile: "halo",
  state: "ready",
  door: "closed",
  batteries: "fresh",
  codes: [{ slot: 3, code: "86421357" }],
  faults: [],
  temperatureC: 20,
  settings: {},
  timeMs: Date.parse("2026-12-07T10:00:00Z"),
};
const pin = (digits: string) => new TextEncoder().encode(digits);
const { OperationSource } = DoorLock;

let host: LockHost;
let service: MatterService;
let controller: TestController;
let peer: ClientNode;
let lock: Endpoint;
const operations: DoorLock.LockOperationEvent[] = [];
const alarms: DoorLock.DoorLockAlarmEvent[] = [];
const operationErrors: DoorLock.LockOperationErrorEvent[] = [];
const doorChanges: DoorLock.DoorStateChangeEvent[] = [];
/**
 * Every value the node committed, in order: what its subscriptions report to every controller
 * (a refused write must add none). Read at the node: the test controller's own cache changes
 * optimistically while its write is under way, whatever the node answers.
 */
const modesSeen: DoorLock.OperatingMode[] = [];
const autoRelocksSeen: number[] = [];
const pinsSeen: boolean[] = [];

const cmd = () => lock.commandsOf(DoorLockClient);
const bolt = () => host.view(ID)?.bolt;
/** The lock's own setting (its firmware decides whether a remote unlock needs a code). */
const requiresPin = (): boolean => {
  const read = host.act(ID, (l) =>
    l.handsOn((twin) => twin.persistent()?.settings["requirePinForRemote"] === true),
  );
  return read.ok && read.value;
};

async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A person types a code at the lock's keypad (and waits for the bolt). */
function typeAtKeypad(code: string): void {
  const done = host.act(ID, (l) => l.handsOn((twin) => enterCode(twin, code)));
  if (!done.ok) throw new Error(done.reason);
}

/**
 * The LockOperationError (Keypad) naming user 1 heard since `before` events: matched by its user,
 * so a late event of an earlier step (a wrong code names no user) is never taken for it.
 */
async function keypadErrorOfUser1(before: number): Promise<DoorLock.LockOperationErrorEvent | undefined> {
  const mine = (e: DoorLock.LockOperationErrorEvent) =>
    e.operationSource === OperationSource.Keypad && e.userIndex === 1;
  await until("a LockOperationError (Keypad) for user 1", () => operationErrors.slice(before).some(mine));
  return operationErrors.slice(before).find(mine);
}

async function lockedAgain(): Promise<void> {
  if (bolt() !== "locked") await cmd().lockDoor({});
  expect(bolt()).toBe("locked");
}

beforeAll(async () => {
  host = new LockHost({ pacing: false });
  const made = host.create({ id: ID, setup: SETUP });
  if (!made.ok) throw new Error(made.reason);
  service = await MatterService.open({ host, dataDir: null, network: "loopback", all: true });
  controller = await TestController.start();
  const info = service.info(ID);
  if (!info.ok) throw new Error(info.reason);
  ({ peer, lock } = await controller.commission(info.value.port, info.value.passcode));
  lock.eventsOf(DoorLockClient).lockOperation.on((e) => void operations.push(e));
  lock.eventsOf(DoorLockClient).doorLockAlarm.on((e) => void alarms.push(e));
  lock.eventsOf(DoorLockClient).lockOperationError.on((e) => void operationErrors.push(e));
  lock.eventsOf(DoorLockClient).doorStateChange?.on((e) => void doorChanges.push(e));
  const nodeEvents = service.node(ID)!.lockEndpoint.eventsOf(LatchkeyDoorLockServer);
  nodeEvents.operatingMode$Changed.on((v) => void modesSeen.push(v));
  nodeEvents.autoRelockTime$Changed?.on((v) => void autoRelocksSeen.push(v));
  nodeEvents.requirePinForRemoteOperation$Changed?.on((v) => void pinsSeen.push(v));
}, 60_000);

afterAll(async () => {
  await controller?.close();
  await service?.close();
  await host?.close();
}, 30_000);

describe("Matter on a hosted lock (issue 12)", () => {
  it("is commissioned over 127.0.0.1; LockState and DoorState are the twin's; the keypad's code is user 3", async () => {
    expect(service.info(ID)).toMatchObject({ ok: true, value: { commissioned: true } });
    const state = lock.stateOf(DoorLockClient);
    expect(state.lockState).toBe(
      bolt() === "locked" ? DoorLock.LockState.Locked : DoorLock.LockState.Unlocked,
    );
    expect(state.doorState).toBe(DoorLock.DoorState.DoorClosed);
    const user = await cmd().getUser({ userIndex: 3 });
    expect(user.credentials).toEqual([{ credentialType: DoorLock.CredentialType.Pin, credentialIndex: 3 }]);
    // Made at the lock, outside the Interaction Model: no creator fabric (null, not 0 = "fabric removed").
    expect(user).toMatchObject({ creatorFabricIndex: null, lastModifiedFabricIndex: null });
    expect(
      await cmd().getCredentialStatus({
        credential: { credentialType: DoorLock.CredentialType.Pin, credentialIndex: 3 },
      }),
    ).toMatchObject({ credentialExists: true, userIndex: 3, creatorFabricIndex: null });
    await lockedAgain();
  });

  it("TC_DRLK_2_1 (attributes), B-CODE-2, B-CODE-3, B-SEC-1, B-BOLT-7: every Door Lock attribute a controller reads is in the cluster's range and is the Halo's own — 30 PIN users, 4–8 digits, 5 wrong codes, a 5-minute lockout shown as 255 s, SupportedOperatingModes with bits 0–4 clear (supported) and 5–15 set", async () => {
    const a = lock.stateOf(DoorLockClient);
    expect(a.lockType).toBe(DoorLock.LockType.DeadBolt);
    expect(a.actuatorEnabled).toBe(true);
    expect(a).toMatchObject({
      numberOfTotalUsersSupported: 30,
      numberOfPinUsersSupported: 30,
      numberOfCredentialsSupportedPerUser: 1,
      numberOfWeekDaySchedulesSupportedPerUser: 1,
      numberOfYearDaySchedulesSupportedPerUser: 1,
      minPinCodeLength: 4,
      maxPinCodeLength: 8,
      wrongCodeEntryLimit: 5,
      userCodeTemporaryDisableTime: 255,
      credentialRulesSupport: { single: true, dual: false, tri: false },
      requirePinForRemoteOperation: false,
      operatingMode: DoorLock.OperatingMode.Normal,
    });
    // Ranges the test plan checks: 1–255 for the lockout pair, Min ≤ Max, a relock time the
    // model offers or 0 (off).
    expect(a.wrongCodeEntryLimit).toBeGreaterThanOrEqual(1);
    expect(a.userCodeTemporaryDisableTime).toBeLessThanOrEqual(255);
    expect(a.autoRelockTime === 0 || (a.autoRelockTime! >= 30 && a.autoRelockTime! <= 180)).toBe(true);
    // §5.2.9.12: a CLEAR bit is a supported mode; bits 5–15 are always set.
    const modes = a.supportedOperatingModes!;
    const bits =
      (modes.normal ? 1 : 0) |
      (modes.vacation ? 2 : 0) |
      (modes.privacy ? 4 : 0) |
      (modes.noRemoteLockUnlock ? 8 : 0) |
      (modes.passage ? 16 : 0) |
      ((modes.alwaysSet ?? 0) << 5);
    expect(bits).toBe(0xffe0);
  });

  it("B-NET-2: a controller that never set a user unlocks remotely with the code typed at the keypad", async () => {
    await cmd().unlockDoor({ pinCode: pin("86421357") });
    expect(bolt()).toBe("unlocked");
    await until("LockOperation Remote, user 3", () =>
      operations.some((e) => e.operationSource === OperationSource.Remote && e.userIndex === 3),
    );
    await lockedAgain();
  });

  it("SetUser + SetCredential put a code in the lock's slot; the PIN unlocks remotely; typed at the keypad it is a LockOperation Keypad", async () => {
    const r = await addPinUser(lock, { index: 1, name: "ana", pin: "2468" });
    expect(r.status).toBe(0);
    const slot = await host.link(ID)?.send({ type: "readSlot", slot: 1 });
    expect(slot).toMatchObject({ ok: true, data: { occupied: true } });
    await cmd().unlockDoor({ pinCode: pin("2468") });
    expect(bolt()).toBe("unlocked");
    await lockedAgain();
    typeAtKeypad("2468");
    expect(bolt()).toBe("unlocked");
    await until("LockOperation Keypad, user 1", () =>
      operations.some((e) => e.operationSource === OperationSource.Keypad && e.userIndex === 1),
    );
    await lockedAgain();
  });

  it("B-CODE-4: a code whose first four digits match slot 1 answers Duplicate and changes nothing", async () => {
    const r = await cmd().setCredential({
      operationType: DoorLock.DataOperationType.Add,
      credential: { credentialType: DoorLock.CredentialType.Pin, credentialIndex: 2 },
      credentialData: pin("24689999"),
      userIndex: null,
      userStatus: null,
      userType: null,
    });
    expect(r.status).toBe(DoorLock.StatusCode.Duplicate);
    expect(await host.link(ID)?.send({ type: "readSlot", slot: 2 })).toMatchObject({
      data: { occupied: false },
    });
  });

  it("B-SEC-6, B-BOLT-7: a wrong PIN is one LockOperationError (Remote, the controller's fabric), none as Keypad; UnlockWithTimeout opens the real bolt and the node relocks it (LockOperation Auto)", async () => {
    const errorsBefore = operationErrors.length;
    await expect(cmd().unlockDoor({ pinCode: pin("0000") })).rejects.toThrow();
    expect(bolt()).toBe("locked");
    await cmd().unlockWithTimeout({ timeout: 1, pinCode: pin("2468") });
    expect(bolt()).toBe("unlocked");
    await until("the relock", () => bolt() === "locked");
    await until("LockOperation Auto", () =>
      operations.some(
        (e) =>
          e.operationSource === OperationSource.Auto &&
          e.lockOperationType === DoorLock.LockOperationType.Lock,
      ),
    );
    await until(
      "LockState Locked",
      () => lock.stateOf(DoorLockClient).lockState === DoorLock.LockState.Locked,
    );
    expect(operationErrors.slice(errorsBefore)).toEqual([
      expect.objectContaining({
        operationSource: OperationSource.Remote,
        operationError: DoorLock.OperationError.InvalidCredential,
        fabricIndex: expect.any(Number),
      }),
    ]);
  });

  it("B-BOLT-7, B-NET-1: UnlockWithTimeout relocks even when its PIN no longer opens by then (the code deleted meanwhile, by another controller): a lock that asks no PIN for a remote lock is sent none — the PIN had gone with the relock, was refused as a wrong code and left the door unlocked", async () => {
    await lockedAgain();
    expect(requiresPin()).toBe(false);
    expect((await addPinUser(lock, { index: 5, name: "cleaner", pin: "5791" })).status).toBe(0);
    const errorsBefore = operationErrors.length;
    const autoBefore = operations.filter((e) => e.operationSource === OperationSource.Auto).length;
    await cmd().unlockWithTimeout({ timeout: 1, pinCode: pin("5791") });
    expect(bolt()).toBe("unlocked");
    // The hub deletes the cleaner's code before the Timeout runs out.
    expect(await host.link(ID)!.send({ type: "deleteCode", slot: 5 })).toMatchObject({ ok: true });
    await until("the relock", () => bolt() === "locked");
    await until(
      "LockOperation Auto",
      () => operations.filter((e) => e.operationSource === OperationSource.Auto).length > autoBefore,
    );
    expect(operationErrors.slice(errorsBefore)).toEqual([]);
  });

  it("B-NET-1, B-NET-2: what another controller does just after a Matter command is not taken for its echo: a hub deleting the code a controller just set clears that user and PIN; a hub locking just after UnlockDoor is a LockOperation ProprietaryRemote", async () => {
    await lockedAgain();
    expect((await addPinUser(lock, { index: 6, name: "guest", pin: "3579" })).status).toBe(0);
    expect(await host.link(ID)!.send({ type: "deleteCode", slot: 6 })).toMatchObject({ ok: true });
    let user: { userStatus: unknown } | undefined;
    for (let i = 0; i < 80 && user?.userStatus !== null; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      user = await cmd().getUser({ userIndex: 6 });
    }
    expect(user).toMatchObject({ userStatus: null });
    expect(
      await cmd().getCredentialStatus({
        credential: { credentialType: DoorLock.CredentialType.Pin, credentialIndex: 6 },
      }),
    ).toMatchObject({ credentialExists: false });
    const before = operations.length;
    await cmd().unlockDoor({});
    expect(await host.link(ID)!.send({ type: "lock" })).toMatchObject({ ok: true });
    await until("the hub's lock as an event", () =>
      operations
        .slice(before)
        .some(
          (e) =>
            e.operationSource === OperationSource.ProprietaryRemote &&
            e.lockOperationType === DoorLock.LockOperationType.Lock,
        ),
    );
    // The controller's own unlock is one event, its own (Remote, with its fabric), not two.
    expect(
      operations.slice(before).filter((e) => e.lockOperationType === DoorLock.LockOperationType.Unlock),
    ).toEqual([
      expect.objectContaining({ operationSource: OperationSource.Remote, fabricIndex: expect.any(Number) }),
    ]);
  });

  it("B-SEC-1, B-NET-2: a wrong code sent by another controller (a hub) is LockOperationError ProprietaryRemote, one typed at the keypad Keypad; neither has a fabric", async () => {
    await lockedAgain();
    const errorsBefore = operationErrors.length;
    const other = host.link(ID)!;
    expect(await other.send({ type: "unlock", code: "97531864" })).toMatchObject({
      ok: false,
      code: "code.wrong",
    });
    typeAtKeypad("97531864");
    expect(bolt()).toBe("locked");
    await until("two LockOperationErrors", () => operationErrors.length >= errorsBefore + 2);
    expect(operationErrors.slice(errorsBefore)).toEqual([
      expect.objectContaining({
        operationSource: OperationSource.ProprietaryRemote,
        operationError: DoorLock.OperationError.InvalidCredential,
        fabricIndex: null,
      }),
      expect.objectContaining({
        operationSource: OperationSource.Keypad,
        operationError: DoorLock.OperationError.InvalidCredential,
        fabricIndex: null,
      }),
    ]);
    // A right code ends the run of wrong ones (B-SEC-1), and the bolt goes back.
    typeAtKeypad("86421357");
    expect(bolt()).toBe("unlocked");
    await lockedAgain();
  });

  it("B-CODE-8: a week-day schedule that excludes now makes the lock itself refuse the code at the keypad", async () => {
    await cmd().setWeekDaySchedule({
      weekDayIndex: 1,
      userIndex: 1,
      daysMask: { tuesday: true },
      startHour: 9,
      startMinute: 0,
      endHour: 17,
      endMinute: 0,
    });
    const before = operationErrors.length;
    typeAtKeypad("2468");
    expect(bolt()).toBe("locked");
    // The lock's report names the slot, so the event names user 1 and its PIN: Restricted.
    expect(await keypadErrorOfUser1(before)).toMatchObject({
      operationError: DoorLock.OperationError.Restricted,
      credentials: [{ credentialType: DoorLock.CredentialType.Pin, credentialIndex: 1 }],
    });
    await cmd().clearWeekDaySchedule({ weekDayIndex: 1, userIndex: 1 });
    typeAtKeypad("2468");
    expect(bolt()).toBe("unlocked");
    await lockedAgain();
  });

  it("B-CODE-8: a user the controller disables (OccupiedDisabled) or makes a NonAccessUser, and a PIN set for a disabled user, are refused by the lock at the keypad; enabled again the code opens — the lock had refused the empty window the node sent (valid until = valid from), so each command failed and the code kept working", async () => {
    const disable = (userStatus: DoorLock.UserStatus | null, userType: DoorLock.UserType | null) =>
      cmd().setUser({
        operationType: DoorLock.DataOperationType.Modify,
        userIndex: 1,
        userName: null,
        userUniqueId: null,
        userStatus,
        userType,
        credentialRule: null,
      });
    await lockedAgain();
    await disable(DoorLock.UserStatus.OccupiedDisabled, null);
    const before = operationErrors.length;
    typeAtKeypad("2468");
    expect(bolt()).toBe("locked");
    // Matter DoorLock §5.2.11.4: a disabled user's credential is DisabledUserDenied, with the user.
    expect(await keypadErrorOfUser1(before)).toMatchObject({
      operationError: DoorLock.OperationError.DisabledUserDenied,
      credentials: [{ credentialType: DoorLock.CredentialType.Pin, credentialIndex: 1 }],
    });
    await disable(DoorLock.UserStatus.OccupiedEnabled, null);
    typeAtKeypad("2468");
    expect(bolt()).toBe("unlocked");
    await lockedAgain();
    await disable(null, DoorLock.UserType.NonAccessUser);
    typeAtKeypad("2468");
    expect(bolt()).toBe("locked");
    await disable(null, DoorLock.UserType.UnrestrictedUser);
    typeAtKeypad("2468");
    expect(bolt()).toBe("unlocked");
    await lockedAgain();

    const r = await cmd().setCredential({
      operationType: DoorLock.DataOperationType.Add,
      credential: { credentialType: DoorLock.CredentialType.Pin, credentialIndex: 5 },
      credentialData: pin("97531"),
      userIndex: null,
      userStatus: DoorLock.UserStatus.OccupiedDisabled,
      userType: null,
    });
    expect(r).toMatchObject({ status: 0, userIndex: 5 });
    typeAtKeypad("97531");
    expect(bolt()).toBe("locked");
    await cmd().clearCredential({
      credential: { credentialType: DoorLock.CredentialType.Pin, credentialIndex: 5 },
    });
  });

  it("B-CODE-1, B-CODE-8, B-NET-1, Matter DoorLock §5.2.10.6 / §5.2.11.4: a code another controller switches off (setSchedule enabled: false) or that has no use left reads OccupiedDisabled in GetUser (last modified by no fabric), and a remote unlock with it — or with the PIN of a user the controller disabled — is LockOperationError DisabledUserDenied with its user and credential, not Restricted; switched on again it reads OccupiedEnabled and opens", async () => {
    await lockedAgain();
    const hub = host.link(ID)!;
    const statusOf = async (userIndex: number) => (await cmd().getUser({ userIndex })).userStatus;
    const untilStatus = async (userIndex: number, wanted: DoorLock.UserStatus) => {
      let seen: DoorLock.UserStatus | null = null;
      for (let i = 0; i < 80 && seen !== wanted; i++) {
        seen = await statusOf(userIndex);
        if (seen !== wanted) await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(seen).toBe(wanted);
    };
    const deniedWith = async (code: string, userIndex: number) => {
      const before = operationErrors.length;
      await expect(cmd().unlockDoor({ pinCode: pin(code) })).rejects.toThrow();
      expect(bolt()).toBe("locked");
      await until("the LockOperationError", () => operationErrors.length > before);
      expect(operationErrors.slice(before)).toEqual([
        expect.objectContaining({
          operationSource: OperationSource.Remote,
          operationError: DoorLock.OperationError.DisabledUserDenied,
          userIndex,
          fabricIndex: expect.any(Number),
          credentials: [{ credentialType: DoorLock.CredentialType.Pin, credentialIndex: userIndex }],
        }),
      ]);
    };

    // The keypad's code in slot 3 (user 3), switched off and on by a hub that does not know it.
    expect(await hub.send({ type: "setSchedule", slot: 3, enabled: false })).toMatchObject({ ok: true });
    await untilStatus(3, DoorLock.UserStatus.OccupiedDisabled);
    expect(await cmd().getUser({ userIndex: 3 })).toMatchObject({ lastModifiedFabricIndex: null });
    await deniedWith("86421357", 3);
    expect(await hub.send({ type: "setSchedule", slot: 3, enabled: true })).toMatchObject({ ok: true });
    await untilStatus(3, DoorLock.UserStatus.OccupiedEnabled);
    await cmd().unlockDoor({ pinCode: pin("86421357") });
    expect(bolt()).toBe("unlocked");
    await lockedAgain();

    // A user this controller disabled: the lock refuses its PIN, the node says why.
    const setStatus = (userStatus: DoorLock.UserStatus) =>
      cmd().setUser({
        operationType: DoorLock.DataOperationType.Modify,
        userIndex: 1,
        userName: null,
        userUniqueId: null,
        userStatus,
        userType: null,
        credentialRule: null,
      });
    await setStatus(DoorLock.UserStatus.OccupiedDisabled);
    await deniedWith("2468", 1);
    await setStatus(DoorLock.UserStatus.OccupiedEnabled);
    await cmd().unlockDoor({ pinCode: pin("2468") });
    expect(bolt()).toBe("unlocked");
    await lockedAgain();

    // Matter's enable switches on a code a hub had switched off (the slot's switch follows it).
    expect(await hub.send({ type: "setSchedule", slot: 1, enabled: false })).toMatchObject({ ok: true });
    await untilStatus(1, DoorLock.UserStatus.OccupiedDisabled);
    await setStatus(DoorLock.UserStatus.OccupiedEnabled);
    typeAtKeypad("2468");
    expect(bolt()).toBe("unlocked");
    await lockedAgain();

    // A one-time code a hub set (B-CODE-1): used once, it has no use left.
    expect(await hub.send({ type: "setCode", slot: 6, code: "97135", uses: 1 })).toMatchObject({ ok: true });
    await untilStatus(6, DoorLock.UserStatus.OccupiedEnabled);
    typeAtKeypad("97135");
    expect(bolt()).toBe("unlocked");
    await lockedAgain();
    await untilStatus(6, DoorLock.UserStatus.OccupiedDisabled);
    await deniedWith("97135", 6);
    expect(await hub.send({ type: "deleteCode", slot: 6 })).toMatchObject({ ok: true });
  });

  it("B-SEC-2: vacation mode set by the controller is the lock's: it refuses the code at the keypad", async () => {
    await lock.setStateOf(DoorLockClient, { operatingMode: DoorLock.OperatingMode.Vacation });
    await until("the lock in vacation", () => host.view(ID)?.mode === "vacation");
    typeAtKeypad("2468");
    expect(bolt()).toBe("locked");
    await lock.setStateOf(DoorLockClient, { operatingMode: DoorLock.OperatingMode.Normal });
    await until("the lock in normal", () => host.view(ID)?.mode === "normal");
  });

  it("B-SEC-2, B-NET-2: with RequirePINforRemoteOperation, OperatingMode Passage (it unlocks) is refused by the lock: the write fails InvalidInState, no controller ever sees Passage, and the bolt stays", async () => {
    await lockedAgain();
    await lock.setStateOf(DoorLockClient, { requirePinForRemoteOperation: true });
    await until("the lock asks for a code", requiresPin);
    const seenBefore = modesSeen.length;
    await expect(
      lock.setStateOf(DoorLockClient, { operatingMode: DoorLock.OperatingMode.Passage }),
    ).rejects.toMatchObject({ code: Status.InvalidInState });
    expect(host.view(ID)?.mode).toBe("normal");
    expect(bolt()).toBe("locked");
    expect(service.node(ID)?.lockEndpoint.stateOf(LatchkeyDoorLockServer).operatingMode).toBe(
      DoorLock.OperatingMode.Normal,
    );
    await lock.setStateOf(DoorLockClient, { requirePinForRemoteOperation: false });
    await until("the lock asks for no code", () => !requiresPin());
    expect(pinsSeen.at(-1)).toBe(false);
    expect(modesSeen.slice(seenBefore)).toEqual([]);
  });

  it("B-BOLT-7: an AutoRelockTime the Halo does not offer is ConstraintError; the lock's auto-lock and the attribute never change", async () => {
    const before = host.view(ID);
    const relocksSeen = autoRelocksSeen.length;
    await expect(lock.setStateOf(DoorLockClient, { autoRelockTime: 7 })).rejects.toMatchObject({
      code: Status.ConstraintError,
    });
    expect(service.node(ID)?.lockEndpoint.stateOf(LatchkeyDoorLockServer).autoRelockTime).toBe(0);
    const settings = host.act(ID, (l) => l.handsOn((twin) => ({ ...twin.persistent()?.settings })));
    expect(settings).toMatchObject({ ok: true, value: { autoLock: false } });
    expect(host.view(ID)?.mode).toBe(before?.mode);
    expect(autoRelocksSeen.slice(relocksSeen)).toEqual([]);
  });

  it("B-SEC-2: OperatingMode Privacy is refused InvalidInState while the door is not locked (§5.2.6.15: only possible when locked) and taken when it is", async () => {
    await cmd().unlockDoor({});
    expect(bolt()).toBe("unlocked");
    const seenBefore = modesSeen.length;
    await expect(
      lock.setStateOf(DoorLockClient, { operatingMode: DoorLock.OperatingMode.Privacy }),
    ).rejects.toMatchObject({ code: Status.InvalidInState });
    expect(host.view(ID)?.mode).toBe("normal");
    await lockedAgain();
    await lock.setStateOf(DoorLockClient, { operatingMode: DoorLock.OperatingMode.Privacy });
    expect(host.view(ID)?.mode).toBe("privacy");
    await lock.setStateOf(DoorLockClient, { operatingMode: DoorLock.OperatingMode.Normal });
    expect(host.view(ID)?.mode).toBe("normal");
    await until("the node in Normal", () => modesSeen.at(-1) === DoorLock.OperatingMode.Normal);
    expect(modesSeen.slice(seenBefore)).toEqual([
      DoorLock.OperatingMode.Privacy,
      DoorLock.OperatingMode.Normal,
    ]);
  });

  it("B-SEC-2, Matter DoorLock §5.2.6.15.3 (Privacy: manual unlocking changes the mode to Normal): the thumbturn turned inside a lock in Privacy is a LockOperation Manual, then OperatingMode Normal at the controller and the lock; Matter's unlock works again", async () => {
    await lockedAgain();
    // The controller skips a write of the value its cache holds: let the last test's reports land.
    await until(
      "OperatingMode Normal in the controller's cache",
      () => lock.stateOf(DoorLockClient).operatingMode === DoorLock.OperatingMode.Normal,
    );
    await lock.setStateOf(DoorLockClient, { operatingMode: DoorLock.OperatingMode.Privacy });
    expect(host.view(ID)?.mode).toBe("privacy");
    const opsBefore = operations.length;
    expect(host.act(ID, (l) => l.turn({ by: "thumbturn", direction: "unlock" })).ok).toBe(true);
    expect(bolt()).toBe("unlocked");
    expect(host.view(ID)?.mode).toBe("normal");
    await until(
      "OperatingMode Normal at the controller",
      () => lock.stateOf(DoorLockClient).operatingMode === DoorLock.OperatingMode.Normal,
    );
    await until("LockOperation Manual", () =>
      operations.slice(opsBefore).some((e) => e.operationSource === OperationSource.Manual),
    );
    expect(
      operations.slice(opsBefore).find((e) => e.operationSource === OperationSource.Manual),
    ).toMatchObject({
      lockOperationType: DoorLock.LockOperationType.Unlock,
      fabricIndex: null,
    });
    expect(modesSeen.at(-1)).toBe(DoorLock.OperatingMode.Normal);
    await lockedAgain();
  });

  it("B-SEC-2, Matter DoorLock §5.2.11.3: OperatingMode Passage written by the controller draws the twin's bolt back, and that unlock is one LockOperation Unlock, source Remote, with the controller's fabric and node", async () => {
    await lockedAgain();
    await new Promise((resolve) => setTimeout(resolve, 200)); // earlier cases' events land first
    const start = operations.length;
    await cmd().unlockDoor({});
    await until("UnlockDoor's LockOperation", () => operations.length > start);
    const byCommand = [...operations].reverse().find((e) => e.operationSource === OperationSource.Remote)!;
    await lockedAgain();
    await until("LockDoor's LockOperation", () => operations.length > start + 1);
    const before = operations.length;
    await lock.setStateOf(DoorLockClient, { operatingMode: DoorLock.OperatingMode.Passage });
    expect(host.view(ID)?.mode).toBe("passage");
    // A free-running host runs the lock's clock until it answered: the bolt's run is after that.
    expect(host.act(ID, (l) => l.advance(5_000)).ok).toBe(true);
    await until("the bolt drawn back", () => bolt() === "unlocked");
    await until("LockOperation of the passage", () => operations.length > before);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(operations.slice(before)).toEqual([
      expect.objectContaining({
        lockOperationType: DoorLock.LockOperationType.Unlock,
        operationSource: OperationSource.Remote,
        fabricIndex: byCommand.fabricIndex,
        sourceNode: byCommand.sourceNode,
      }),
    ]);
    expect(byCommand.fabricIndex).not.toBeNull();
    await until(
      "LockState Unlocked",
      () => lock.stateOf(DoorLockClient).lockState === DoorLock.LockState.Unlocked,
    );
    await lock.setStateOf(DoorLockClient, { operatingMode: DoorLock.OperatingMode.Normal });
    expect(host.view(ID)?.mode).toBe("normal");
    await until("the node in Normal", () => modesSeen.at(-1) === DoorLock.OperatingMode.Normal);
    await lockedAgain();
  });

  it("B-NET-5: with the lock out of reach a write of OperatingMode or AutoRelockTime fails (Failure) and changes nothing; NoRemoteLockUnlock over a lock in vacation sets it to normal", async () => {
    expect(host.act(ID, (l) => l.fault({ fault: "radio-offline" })).ok).toBe(true);
    const seenBefore = modesSeen.length;
    const relocksBefore = autoRelocksSeen.length;
    await expect(
      lock.setStateOf(DoorLockClient, { operatingMode: DoorLock.OperatingMode.Vacation }),
    ).rejects.toMatchObject({ code: Status.Failure });
    await expect(lock.setStateOf(DoorLockClient, { autoRelockTime: 60 })).rejects.toMatchObject({
      code: Status.Failure,
    });
    expect(host.view(ID)?.mode).toBe("normal");
    expect(host.act(ID, (l) => l.fix({ fix: "restore-connectivity" })).ok).toBe(true);
    await until("in reach", () => host.view(ID)?.online === true);
    // Vacation, then NoRemoteLockUnlock: the lock goes back to normal (its keypad works), the
    // node keeps NoRemoteLockUnlock; nothing is put back afterwards.
    await lock.setStateOf(DoorLockClient, { operatingMode: DoorLock.OperatingMode.Vacation });
    expect(host.view(ID)?.mode).toBe("vacation");
    await lock.setStateOf(DoorLockClient, { operatingMode: DoorLock.OperatingMode.NoRemoteLockUnlock });
    expect(host.view(ID)?.mode).toBe("normal");
    await lock.setStateOf(DoorLockClient, { operatingMode: DoorLock.OperatingMode.Normal });
    await until("the node in Normal", () => modesSeen.at(-1) === DoorLock.OperatingMode.Normal);
    expect(modesSeen.slice(seenBefore)).toEqual([
      DoorLock.OperatingMode.Vacation,
      DoorLock.OperatingMode.NoRemoteLockUnlock,
      DoorLock.OperatingMode.Normal,
    ]);
    expect(autoRelocksSeen.slice(relocksBefore)).toEqual([]);
  });

  it("B-SEC-2, B-NET-2: a mode and settings another controller sets at the lock (a hub over the host's link) are OperatingMode and AutoRelockTime at the Matter controller; in Privacy Matter's UnlockDoor is refused", async () => {
    const other = host.link(ID)!;
    expect(await other.send({ type: "mode", mode: "privacy" })).toMatchObject({ ok: true });
    await until(
      "OperatingMode Privacy",
      () => lock.stateOf(DoorLockClient).operatingMode === DoorLock.OperatingMode.Privacy,
    );
    // §5.2.6.15: Privacy disables the remote interface (the firmware only turns the keypad off).
    const errorsBefore = operationErrors.length;
    const boltBefore = bolt();
    await expect(cmd().unlockDoor({})).rejects.toMatchObject({ code: 1 });
    expect(bolt()).toBe(boltBefore);
    await until("LockOperationError Restricted", () =>
      operationErrors
        .slice(errorsBefore)
        .some((e) => e.operationError === DoorLock.OperationError.Restricted),
    );
    expect(
      await other.send({ type: "settings", settings: { autoLock: true, autoLockSeconds: 60 } }),
    ).toMatchObject({
      ok: true,
    });
    await until("AutoRelockTime 60", () => lock.stateOf(DoorLockClient).autoRelockTime === 60);
    await other.send({ type: "settings", settings: { autoLock: false } });
    await other.send({ type: "mode", mode: "normal" });
    await until(
      "OperatingMode Normal, AutoRelockTime 0",
      () =>
        lock.stateOf(DoorLockClient).operatingMode === DoorLock.OperatingMode.Normal &&
        lock.stateOf(DoorLockClient).autoRelockTime === 0,
    );
  });

  it("DPS: the twin's door is DoorState: opening it is DoorOpen with a DoorStateChange event, closing it DoorClosed", async () => {
    const opened = host.act(ID, (l) => l.door({ closed: false }));
    expect(opened.ok).toBe(true);
    await until("DoorOpen", () => lock.stateOf(DoorLockClient).doorState === DoorLock.DoorState.DoorOpen);
    await until("DoorStateChange DoorOpen", () =>
      doorChanges.some((e) => e.doorState === DoorLock.DoorState.DoorOpen),
    );
    expect(host.act(ID, (l) => l.door({ closed: true })).ok).toBe(true);
    await until("DoorClosed", () => lock.stateOf(DoorLockClient).doorState === DoorLock.DoorState.DoorClosed);
  });

  it("Power Source follows the twin's pack: volts and half-percent; pack out is Unavailable and Critical; back in is Active", async () => {
    const power = () => lock.stateOf(PowerSourceClient);
    const view = host.view(ID)!;
    expect(power()).toMatchObject({
      status: PowerSource.PowerSourceStatus.Active,
      batChargeLevel: PowerSource.BatChargeLevel.Ok,
      batQuantity: 4,
      batReplacementDescription: "4 × AA alkaline (LR6) cells",
    });
    expect(service.node(ID)?.lockEndpoint.stateOf(LockPowerSourceServer)).toMatchObject({
      batVoltage: Math.round(view.battery!.volts * 1000),
      batPercentRemaining: Math.round(view.battery!.percent * 2),
    });
    expect(host.act(ID, (l) => l.pack({ action: "remove" })).ok).toBe(true);
    await until("Unavailable", () => power().status === PowerSource.PowerSourceStatus.Unavailable);
    expect(power()).toMatchObject({
      batChargeLevel: PowerSource.BatChargeLevel.Critical,
      batReplacementNeeded: true,
    });
    expect(host.act(ID, (l) => l.pack({ action: "insert" })).ok).toBe(true);
    await until("Active", () => power().status === PowerSource.PowerSourceStatus.Active);
  });

  it("B-NET-4: Basic Information's SoftwareVersion and SoftwareVersionString are the firmware the lock runs, and change with it", async () => {
    const basic = () => peer.stateOf(BasicInformationClient);
    expect(basic()).toMatchObject({
      softwareVersion: matterSoftwareVersion(LATEST_VERSION),
      softwareVersionString: LATEST_VERSION,
    });
    // A lock made with 1.0.0 that never updated (FAULTS.md firmware-outdated), then updated.
    expect(host.act(ID, (l) => l.fault({ fault: "firmware-outdated" })).ok).toBe(true);
    await until("1.0.0", () => basic().softwareVersionString === FIRST_VERSION);
    expect(basic().softwareVersion).toBe(0x0001_0000);
    expect(host.act(ID, (l) => l.fix({ fix: "update-firmware" })).ok).toBe(true);
    await until("the update's version", () => basic().softwareVersionString === LATEST_VERSION);
    expect(basic().softwareVersion).toBe(matterSoftwareVersion(LATEST_VERSION));
    // Read from the node itself, not the subscription's cache.
    expect(service.node(ID)?.node.state.basicInformation.softwareVersionString).toBe(LATEST_VERSION);
  });

  it("FAULTS strike-misaligned: LockDoor fails after the bolt stalled, with DoorLockAlarm LockJammed", async () => {
    await cmd().unlockDoor({});
    expect(bolt()).toBe("unlocked");
    const faulted = host.act(ID, (l) => l.fault({ fault: "strike-misaligned" }));
    expect(faulted.ok).toBe(true);
    await expect(cmd().lockDoor({})).rejects.toThrow();
    await until("LockJammed", () => alarms.some((a) => a.alarmCode === DoorLock.AlarmCode.LockJammed));
  });

  it("B-RST-3: a factory reset at the lock removes the fabric: the node is commissionable again", async () => {
    const reset = host.act(ID, (l) => l.fix({ fix: "factory-reset", confirmErase: true }));
    expect(reset.ok).toBe(true);
    await until("the fabric gone", () => service.info(ID).ok && !service.node(ID)?.commissioned);
    await until("LockFactoryReset", () =>
      alarms.some((a) => a.alarmCode === DoorLock.AlarmCode.LockFactoryReset),
    );
    void peer;
  });

  it("GET /api/locks/{id}/matter answers the pairing data outside checks rely on; without MATTER=1 a clear refusal", async () => {
    const server = await createServer({ host, matter: service, webDist: null });
    const res = await server.app.inject({
      method: "GET",
      url: `/api/locks/${ID}/matter`,
      headers: { host: "localhost" },
    });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json() as object).sort()).toEqual(
      ["commissioned", "discriminator", "manual_pairing_code", "passcode", "port", "qr_pairing_code"].sort(),
    );
    const unknown = await server.app.inject({
      method: "GET",
      url: "/api/locks/nowhere/matter",
      headers: { host: "localhost" },
    });
    expect(unknown.statusCode).toBe(404);
    await server.close();
    const off = await createServer({ host, webDist: null });
    const refused = await off.app.inject({
      method: "GET",
      url: `/api/locks/${ID}/matter`,
      headers: { host: "localhost" },
    });
    expect(refused.statusCode).toBe(409);
    expect((refused.json() as { error: { code: string } }).error.code).toBe("matter.disabled");
    await off.close();
  });
});
