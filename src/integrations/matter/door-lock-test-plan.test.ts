/**
 * The Matter Door Lock test plan (TC_DRLK_2_x, Matter 1.3 test plans) as far as a Latchkey
 * lock supports it, with a real matter.js controller over 127.0.0.1 and the lock behind a
 * fake link at the edge (test/matter-hosted-lock.test.ts repeats the key steps on hosted
 * twins). One commissioned node for the file; each case leaves the lock as it found it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClientNode, Endpoint } from "@matter/main";
import { DoorLockClient } from "@matter/main/behaviors/door-lock";
import { DoorLock } from "@matter/main/clusters/door-lock";
import { Status } from "@matter/main/types";
import { FakeHostedLock } from "../../../test/support/fake-hosted-lock.ts";
import { epochSOfLockMs } from "./access-window.ts";
import { LatchkeyDoorLockServer } from "./latchkey-door-lock-server.ts";
import { configureMatterEnvironment } from "./matter-environment.ts";
import { MatterLockNode } from "./matter-lock-node.ts";
import { LockPowerSourceServer } from "./power-source.ts";
import { TestController } from "./test-controller.ts";

configureMatterEnvironment({ memory: true, mdnsInterface: "lo" });

const PASSCODE = 20202021;
const pin = (digits: string) => new TextEncoder().encode(digits);
const { CredentialType, DataOperationType, UserStatus, UserType, OperationSource } = DoorLock;

let fake: FakeHostedLock;
let node: MatterLockNode;
let controller: TestController;
let lock: Endpoint;
let peer: ClientNode;
const operations: DoorLock.LockOperationEvent[] = [];
const operationErrors: DoorLock.LockOperationErrorEvent[] = [];
const userChanges: DoorLock.LockUserChangeEvent[] = [];
const alarms: DoorLock.DoorLockAlarmEvent[] = [];

const cmd = () => lock.commandsOf(DoorLockClient);
const attrs = () => lock.stateOf(DoorLockClient);

async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A user with a PIN in slot `slot`, set over Matter. */
async function userWithPin(slot: number, code: string, userType = UserType.UnrestrictedUser) {
  await cmd().setUser({
    operationType: DataOperationType.Add,
    userIndex: slot,
    userName: `user ${slot}`,
    userUniqueId: slot,
    userStatus: UserStatus.OccupiedEnabled,
    userType,
    credentialRule: DoorLock.CredentialRule.Single,
  });
  const r = await cmd().setCredential({
    operationType: DataOperationType.Add,
    credential: { credentialType: CredentialType.Pin, credentialIndex: slot },
    credentialData: pin(code),
    userIndex: slot,
    userStatus: null,
    userType: null,
  });
  expect(r.status).toBe(0);
}

async function clearUser(userIndex: number) {
  await cmd().clearUser({ userIndex });
}

/** Types a code at the keypad; true when the bolt opened. */
async function typedOpens(code: string): Promise<boolean> {
  fake.change({ bolt: "locked" });
  fake.typeCode(code);
  return fake.state.bolt === "unlocked";
}

beforeAll(async () => {
  fake = new FakeHostedLock("test-plan", {
    codeRules: { minLength: 4, maxLength: 8, capacity: 6, uniquePrefixDigits: 4 },
  });
  fake.msPerLockSecond = 2;
  node = await MatterLockNode.create({
    source: fake,
    passcode: PASSCODE,
    discriminator: 3002,
    port: 0,
    listenIpv4: "127.0.0.1",
    listenIpv6: "::1",
  });
  await node.start();
  controller = await TestController.start();
  ({ peer, lock } = await controller.commission(node.port, PASSCODE));
  const events = lock.eventsOf(DoorLockClient);
  events.lockOperation.on((e) => void operations.push(e));
  events.lockOperationError.on((e) => void operationErrors.push(e));
  events.lockUserChange.on((e) => void userChanges.push(e));
  events.doorLockAlarm.on((e) => void alarms.push(e));
}, 60_000);

afterAll(async () => {
  await controller?.close();
  await node?.close();
}, 30_000);

describe("TC_DRLK_2_2 / 2_3: lock and unlock, with and without PIN, wrong-code limit, auto-relock", () => {
  it("TC_DRLK_2_2: without RequirePINforRemoteOperation, LockDoor and UnlockDoor move the bolt and answer after it", async () => {
    await cmd().unlockDoor({});
    expect(fake.state.bolt).toBe("unlocked");
    await until("LockState Unlocked", () => attrs().lockState === DoorLock.LockState.Unlocked);
    await cmd().lockDoor({});
    expect(fake.state.bolt).toBe("locked");
  });

  it("TC_DRLK_2_2 / B-NET-2: with RequirePINforRemoteOperation the lock wants a right PIN; a wrong one is refused", async () => {
    await userWithPin(1, "135790");
    await lock.setStateOf(DoorLockClient, { requirePinForRemoteOperation: true });
    await until("the lock's setting", () => fake.settings["requirePinForRemote"] === true);
    const errorsBefore = operationErrors.length;
    await expect(cmd().unlockDoor({})).rejects.toThrow();
    await expect(cmd().unlockDoor({ pinCode: pin("999999") })).rejects.toThrow();
    expect(fake.state.bolt).toBe("locked");
    await until("two LockOperationError", () => operationErrors.length >= errorsBefore + 2);
    expect(operationErrors.at(-1)).toMatchObject({
      operationSource: OperationSource.Remote,
      operationError: DoorLock.OperationError.InvalidCredential,
    });
    await cmd().unlockDoor({ pinCode: pin("135790") });
    expect(fake.state.bolt).toBe("unlocked");
    await until("LockOperation with user 1", () =>
      operations.some((e) => e.operationSource === OperationSource.Remote && e.userIndex === 1),
    );
    await cmd().lockDoor({ pinCode: pin("135790") });
    await lock.setStateOf(DoorLockClient, { requirePinForRemoteOperation: false });
    await until("the lock's setting off", () => fake.settings["requirePinForRemote"] === false);
    await clearUser(1);
  });

  it("B-NET-2, Matter DoorLock §5.2.10 (LockDoor, UnlockDoor, UnlockWithTimeout are timed): sent outside a timed interaction each is NeedsTimedInteraction and reaches nothing — no bolt run, no command on the link, no event", async () => {
    fake.change({ bolt: "locked" });
    const sent = fake.sent.length;
    // Remote events only: a keypad event of an earlier test can still arrive late.
    const remoteEvents = () =>
      [...operations, ...operationErrors].filter((e) => e.operationSource === OperationSource.Remote).length;
    // Let events of earlier tests that are still on their way arrive first (unchanged for 250 ms).
    for (let seen = -1, quiet = 0; quiet < 10;) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      quiet = remoteEvents() === seen ? quiet + 1 : 0;
      seen = remoteEvents();
    }
    const eventsBefore = remoteEvents();
    for (const [command, fields] of [
      ["unlockDoor", {}],
      ["unlockWithTimeout", { timeout: 5 }],
      ["lockDoor", {}],
    ] as const) {
      expect(
        await controller.invokeUnchecked(peer, lock, DoorLock, command, fields, { timed: false }),
      ).toEqual({
        status: Status.NeedsTimedInteraction,
      });
    }
    expect(fake.state.bolt).toBe("locked");
    expect(fake.sent.slice(sent)).toEqual([]);
    // A timed one after them moves the bolt, and its event comes after nothing of theirs.
    await cmd().unlockDoor({});
    await until("its LockOperation", () => remoteEvents() > eventsBefore);
    expect(remoteEvents()).toBe(eventsBefore + 1);
    await cmd().lockDoor({});
  });

  it("B-SEC-1, B-NET-2: a wrong code another controller sends while a controller's PIN-less LockDoor is under way is that controller's LockOperationError (ProprietaryRemote), not taken for the LockDoor's echo", async () => {
    const before = operationErrors.length;
    fake.change({ bolt: "unlocked" });
    fake.replyDelayMs = 200;
    try {
      const locking = cmd().lockDoor({});
      await new Promise((resolve) => setTimeout(resolve, 50));
      // A hub's unlock with a wrong code, reported by the lock while the LockDoor is open.
      fake.report({ kind: "wrong-code", source: "remote", count: 1 });
      await locking;
    } finally {
      fake.replyDelayMs = 5;
    }
    await until("the hub's wrong code", () => operationErrors.length > before);
    expect(operationErrors.slice(before)).toEqual([
      expect.objectContaining({
        operationSource: OperationSource.ProprietaryRemote,
        operationError: DoorLock.OperationError.InvalidCredential,
        fabricIndex: null,
      }),
    ]);
  });

  it("TC_DRLK_2_3 / B-SEC-1: wrong codes at the keypad are LockOperationError; at the limit DoorLockAlarm WrongCodeEntryLimit and our lockout as the disable time", async () => {
    const before = operationErrors.length;
    for (let i = 0; i < 5; i++) fake.typeCode("0000");
    await until("WrongCodeEntryLimit", () =>
      alarms.some((a) => a.alarmCode === DoorLock.AlarmCode.WrongCodeEntryLimit),
    );
    const keypadErrors = operationErrors
      .slice(before)
      .filter((e) => e.operationSource === OperationSource.Keypad);
    expect(keypadErrors.length).toBe(5);
    await until("UserCodeTemporaryDisableTime = 60 s", () => attrs().userCodeTemporaryDisableTime === 60);
    // The limit and the lockout are the firmware's: a controller's write is UnsupportedWrite, not
    // a value the node would show and the lock never enforce.
    await expect(lock.setStateOf(DoorLockClient, { wrongCodeEntryLimit: 3 })).rejects.toMatchObject({
      code: 136,
    });
    await expect(lock.setStateOf(DoorLockClient, { userCodeTemporaryDisableTime: 7 })).rejects.toMatchObject({
      code: 136,
    });
    expect(node.lockEndpoint.stateOf(LatchkeyDoorLockServer)).toMatchObject({
      wrongCodeEntryLimit: 5,
      userCodeTemporaryDisableTime: 60,
    });
    fake.wrongCount = 0;
  });

  it("TC_DRLK_2_3 / B-BOLT-7: AutoRelockTime is the lock's auto-lock; the relock is a LockOperation with source Auto", async () => {
    // A delay the model does not offer (30–180 s) is ConstraintError, and nothing reaches the lock.
    const sent = fake.sent.length;
    await expect(lock.setStateOf(DoorLockClient, { autoRelockTime: 5 })).rejects.toMatchObject({ code: 135 });
    expect(fake.sent.length).toBe(sent);
    expect(node.lockEndpoint.stateOf(LatchkeyDoorLockServer).autoRelockTime).toBe(0);
    await lock.setStateOf(DoorLockClient, { autoRelockTime: 30 });
    await until("the lock's auto-lock", () => fake.settings["autoLockSeconds"] === 30);
    expect(fake.settings["autoLock"]).toBe(true);
    await cmd().unlockDoor({});
    await until("auto relock", () => operations.some((e) => e.operationSource === OperationSource.Auto));
    expect(fake.state.bolt).toBe("locked");
    await until("LockState Locked", () => attrs().lockState === DoorLock.LockState.Locked);
    await lock.setStateOf(DoorLockClient, { autoRelockTime: 0 });
    await until("auto-lock off", () => fake.settings["autoLock"] === false);
  });
});

describe("TC_DRLK_2_5 / 2_6: schedules are enforced by the lock (B-CODE-8)", () => {
  it("TC_DRLK_2_5: a week-day schedule that excludes now makes the keypad refuse the code; one that includes now lets it in; no day is InvalidCommand; each change is a LockUserChange", async () => {
    await userWithPin(2, "246801");
    expect(await typedOpens("246801")).toBe(true);
    // The lock's clock is Monday 10:00: Tuesday 09:00–17:00 excludes now.
    await cmd().setWeekDaySchedule({
      weekDayIndex: 1,
      userIndex: 2,
      daysMask: { tuesday: true },
      startHour: 9,
      startMinute: 0,
      endHour: 17,
      endMinute: 0,
    });
    expect(fake.slots.get(2)?.weekly).toEqual({ dayMask: 2, fromMinute: 540, untilMinute: 1020 });
    expect(await typedOpens("246801")).toBe(false);
    const read = await cmd().getWeekDaySchedule({ weekDayIndex: 1, userIndex: 2 });
    expect(read).toMatchObject({ status: 0, startHour: 9, endHour: 17, daysMask: { tuesday: true } });
    await cmd().setWeekDaySchedule({
      weekDayIndex: 1,
      userIndex: 2,
      daysMask: { monday: true, tuesday: true },
      startHour: 9,
      startMinute: 0,
      endHour: 17,
      endMinute: 0,
    });
    expect(await typedOpens("246801")).toBe(true);
    // No day at all is InvalidCommand (as the Matter SDK), and the lock keeps its window.
    await expect(
      cmd().setWeekDaySchedule({
        weekDayIndex: 1,
        userIndex: 2,
        daysMask: {},
        startHour: 9,
        startMinute: 0,
        endHour: 17,
        endMinute: 0,
      }),
    ).rejects.toMatchObject({ code: 133 });
    expect(fake.slots.get(2)?.weekly).toEqual({ dayMask: 3, fromMinute: 540, untilMinute: 1020 });
    const changesBefore = userChanges.length;
    await cmd().clearWeekDaySchedule({ weekDayIndex: 0xfe, userIndex: 2 });
    expect(fake.slots.get(2)?.weekly).toBeUndefined();
    // Each schedule change is a LockUserChange; "all of this user's" is DataIndex 0xFFFE.
    await until("LockUserChange WeekDaySchedule Clear", () =>
      userChanges
        .slice(changesBefore)
        .some(
          (e) =>
            e.lockDataType === DoorLock.LockDataType.WeekDaySchedule &&
            e.dataOperationType === DataOperationType.Clear &&
            e.userIndex === 2 &&
            e.dataIndex === 0xfffe,
        ),
    );
    expect(
      userChanges.some(
        (e) =>
          e.lockDataType === DoorLock.LockDataType.WeekDaySchedule &&
          e.dataOperationType === DataOperationType.Add &&
          e.dataIndex === 1,
      ),
    ).toBe(true);
    await expect(
      cmd().setWeekDaySchedule({
        weekDayIndex: 2, // one schedule per user: the slot holds one weekly window
        userIndex: 2,
        daysMask: { monday: true },
        startHour: 9,
        startMinute: 0,
        endHour: 10,
        endMinute: 0,
      }),
    ).rejects.toThrow();
  });

  it("TC_DRLK_2_6: a year-day schedule in the past makes the keypad refuse; one around now lets it in", async () => {
    const now = fake.state.lockTimeMs;
    await cmd().setYearDaySchedule({
      yearDayIndex: 1,
      userIndex: 2,
      localStartTime: epochSOfLockMs(now - 86_400_000 * 10),
      localEndTime: epochSOfLockMs(now - 86_400_000),
    });
    expect(fake.slots.get(2)?.validUntilMs).toBe(now - 86_400_000);
    expect(await typedOpens("246801")).toBe(false);
    await cmd().setYearDaySchedule({
      yearDayIndex: 1,
      userIndex: 2,
      localStartTime: epochSOfLockMs(now - 3_600_000),
      localEndTime: epochSOfLockMs(now + 3_600_000),
    });
    expect(await typedOpens("246801")).toBe(true);
    const read = await cmd().getYearDaySchedule({ yearDayIndex: 1, userIndex: 2 });
    expect(read).toMatchObject({ status: 0, localStartTime: epochSOfLockMs(now - 3_600_000) });
    await cmd().clearYearDaySchedule({ yearDayIndex: 1, userIndex: 2 });
    expect(fake.slots.get(2)?.validUntilMs).toBeUndefined();
  });

  it("B-CODE-8: a disabled user and a NonAccessUser are refused at the keypad; enabling again lets them in; a change the lock did not take is Failure with no LockUserChange", async () => {
    await cmd().setUser({
      operationType: DataOperationType.Modify,
      userIndex: 2,
      userName: null,
      userUniqueId: null,
      userStatus: UserStatus.OccupiedDisabled,
      userType: null,
      credentialRule: null,
    });
    expect(await typedOpens("246801")).toBe(false);
    await cmd().setUser({
      operationType: DataOperationType.Modify,
      userIndex: 2,
      userName: null,
      userUniqueId: null,
      userStatus: UserStatus.OccupiedEnabled,
      userType: UserType.NonAccessUser,
      credentialRule: null,
    });
    expect(await typedOpens("246801")).toBe(false);
    await cmd().setUser({
      operationType: DataOperationType.Modify,
      userIndex: 2,
      userName: null,
      userUniqueId: null,
      userStatus: null,
      userType: UserType.UnrestrictedUser,
      credentialRule: null,
    });
    expect(await typedOpens("246801")).toBe(true);
    // The lock out of reach: disabling is Failure, the record stays, and no LockUserChange
    // announces a change that did not happen.
    const modifiesOf2 = () =>
      userChanges.filter(
        (e) =>
          e.lockDataType === DoorLock.LockDataType.UserIndex &&
          e.dataOperationType === DataOperationType.Modify &&
          e.userIndex === 2,
      ).length;
    await until("the three changes above as LockUserChange", () => modifiesOf2() === 3);
    const changesBefore = userChanges.length;
    fake.change({ online: false });
    // §5.2.9.3: a lock out of reach cannot take a remote lock or unlock.
    await until("ActuatorEnabled false", () => attrs().actuatorEnabled === false);
    await expect(
      cmd().setUser({
        operationType: DataOperationType.Modify,
        userIndex: 2,
        userName: null,
        userUniqueId: null,
        userStatus: UserStatus.OccupiedDisabled,
        userType: null,
        credentialRule: null,
      }),
    ).rejects.toMatchObject({ code: 1 });
    fake.change({ online: true });
    await until("ActuatorEnabled true", () => attrs().actuatorEnabled === true);
    expect(await cmd().getUser({ userIndex: 2 })).toMatchObject({ userStatus: UserStatus.OccupiedEnabled });
    expect(await typedOpens("246801")).toBe(true);
    // A later change's event has arrived, so an event for the refused one would have too.
    await cmd().setUser({
      operationType: DataOperationType.Add,
      userIndex: 5,
      userName: "sentinel",
      userUniqueId: null,
      userStatus: null,
      userType: null,
      credentialRule: null,
    });
    await until("the sentinel's LockUserChange", () =>
      userChanges.slice(changesBefore).some((e) => e.userIndex === 5),
    );
    expect(userChanges.slice(changesBefore).filter((e) => e.userIndex === 2)).toEqual([]);
    await clearUser(5);
  });

  it("B-NET-1, B-CODE-8: a status or schedule change for a PIN the controller set changes only the slot's window (setSchedule), never sends the PIN again — a code changed while the node was not listening (off, restarting) is not put back to the old PIN", async () => {
    await userWithPin(4, "80246");
    // Another controller changes the code while the node hears nothing of it (it was off).
    fake.slots.set(4, { code: "80357" });
    const sent = fake.sent.length;
    await cmd().setUser({
      operationType: DataOperationType.Modify,
      userIndex: 4,
      userName: null,
      userUniqueId: null,
      userStatus: UserStatus.OccupiedDisabled,
      userType: null,
      credentialRule: null,
    });
    expect(fake.sent.slice(sent).map((c) => c.type)).toEqual(["setSchedule"]);
    expect(fake.slots.get(4)?.code).toBe("80357");
    expect(await typedOpens("80357")).toBe(false);
    await cmd().setUser({
      operationType: DataOperationType.Modify,
      userIndex: 4,
      userName: null,
      userUniqueId: null,
      userStatus: UserStatus.OccupiedEnabled,
      userType: null,
      credentialRule: null,
    });
    expect(await typedOpens("80357")).toBe(true);
    expect(await typedOpens("80246")).toBe(false);
    await clearUser(4);
  });

  it("B-CODE-8, B-NET-2, Matter DoorLock §5.2.11.4: UnlockDoor with the PIN of a user the controller disabled is refused by the lock and is LockOperationError DisabledUserDenied with that user and credential (found by its PIN where the lock's refusal names no slot); a hub switching the code off is GetUser OccupiedDisabled", async () => {
    await userWithPin(4, "80468");
    const modify = (userStatus: DoorLock.UserStatus) =>
      cmd().setUser({
        operationType: DataOperationType.Modify,
        userIndex: 4,
        userName: null,
        userUniqueId: null,
        userStatus,
        userType: null,
        credentialRule: null,
      });
    await modify(UserStatus.OccupiedDisabled);
    const before = operationErrors.length;
    fake.change({ bolt: "locked" });
    await expect(cmd().unlockDoor({ pinCode: pin("80468") })).rejects.toThrow();
    expect(fake.state.bolt).toBe("locked");
    // Only the remote ones: a keypad wrong-code event of an earlier test can still arrive late.
    const remoteErrors = () =>
      operationErrors.slice(before).filter((e) => e.operationSource === OperationSource.Remote);
    await until("the LockOperationError", () => remoteErrors().length > 0);
    expect(remoteErrors()).toEqual([
      expect.objectContaining({
        operationSource: OperationSource.Remote,
        operationError: DoorLock.OperationError.DisabledUserDenied,
        userIndex: 4,
        credentials: [{ credentialType: CredentialType.Pin, credentialIndex: 4 }],
      }),
    ]);
    await modify(UserStatus.OccupiedEnabled);
    await cmd().unlockDoor({ pinCode: pin("80468") });
    expect(fake.state.bolt).toBe("unlocked");
    // Another controller switches the code off: the slot is read back, the user follows.
    expect(await fake.link.send({ type: "setSchedule", slot: 4, enabled: false })).toMatchObject({
      ok: true,
    });
    let status: DoorLock.UserStatus | null = null;
    for (let i = 0; i < 80 && status !== UserStatus.OccupiedDisabled; i++) {
      status = (await cmd().getUser({ userIndex: 4 })).userStatus;
      if (status !== UserStatus.OccupiedDisabled) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(status).toBe(UserStatus.OccupiedDisabled);
    await clearUser(4);
  });

  it("B-SEC-2: Vacation mode (written by the controller) is the lock's: the keypad refuses every code", async () => {
    await lock.setStateOf(DoorLockClient, { operatingMode: DoorLock.OperatingMode.Vacation });
    await until("the lock in vacation", () => fake.state.mode === "vacation");
    expect(await typedOpens("246801")).toBe(false);
    await lock.setStateOf(DoorLockClient, { operatingMode: DoorLock.OperatingMode.Normal });
    await until("the lock in normal", () => fake.state.mode === "normal");
    expect(await typedOpens("246801")).toBe(true);
  });

  it("B-SEC-2, Matter DoorLock §5.2.11.3: OperatingMode Passage written by a controller unlocks the lock, and that unlock is a LockOperation Unlock, source Remote, with the controller's fabric and node like any remote unlock", async () => {
    fake.change({ bolt: "locked" });
    await new Promise((resolve) => setTimeout(resolve, 200)); // events of earlier cases land first
    const start = operations.length;
    await cmd().unlockDoor({});
    await cmd().lockDoor({});
    await until("the two commands' LockOperations", () => operations.length >= start + 2);
    const byCommand = [...operations].reverse().find((e) => e.operationSource === OperationSource.Remote)!;
    expect(byCommand.fabricIndex).not.toBeNull();
    const before = operations.length;
    await lock.setStateOf(DoorLockClient, { operatingMode: DoorLock.OperatingMode.Passage });
    await until("the bolt drawn back", () => fake.state.bolt === "unlocked");
    await until("LockOperation Unlock Remote", () => operations.length > before);
    expect(operations.slice(before)).toEqual([
      expect.objectContaining({
        lockOperationType: DoorLock.LockOperationType.Unlock,
        operationSource: OperationSource.Remote,
        fabricIndex: byCommand.fabricIndex,
        sourceNode: byCommand.sourceNode,
      }),
    ]);
    await until("LockState Unlocked", () => attrs().lockState === DoorLock.LockState.Unlocked);
    await lock.setStateOf(DoorLockClient, { operatingMode: DoorLock.OperatingMode.Normal });
    await until("the lock in normal", () => fake.state.mode === "normal");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(operations.length).toBe(before + 1);
    await cmd().lockDoor({});
  });

  it("Matter DoorLock §5.2.11.3: a Passage written while the bolt is already back starts no run, and a later UnlockDoor is one LockOperation, its own — not a second in the name of whoever set Passage", async () => {
    fake.change({ bolt: "unlocked" });
    await new Promise((resolve) => setTimeout(resolve, 200)); // events of earlier cases land first
    await lock.setStateOf(DoorLockClient, { operatingMode: DoorLock.OperatingMode.Passage });
    await until("the lock in passage", () => fake.state.mode === "passage");
    fake.change({ bolt: "locked" }); // the thumbturn, inside
    fake.report({ kind: "locked", source: "manual" });
    await until("LockState Locked", () => attrs().lockState === DoorLock.LockState.Locked);
    const before = operations.length;
    await cmd().unlockDoor({});
    await until("the UnlockDoor's LockOperation", () => operations.length > before);
    await new Promise((resolve) => setTimeout(resolve, 150)); // a second one would have landed by now
    expect(operations.slice(before)).toEqual([
      expect.objectContaining({
        lockOperationType: DoorLock.LockOperationType.Unlock,
        operationSource: OperationSource.Remote,
      }),
    ]);
    await lock.setStateOf(DoorLockClient, { operatingMode: DoorLock.OperatingMode.Normal });
    await until("the lock in normal", () => fake.state.mode === "normal");
    await cmd().lockDoor({});
  });

  it("NoRemoteLockUnlock refuses Matter's lock and unlock before they reach the lock; the keypad still works", async () => {
    await lock.setStateOf(DoorLockClient, { operatingMode: DoorLock.OperatingMode.NoRemoteLockUnlock });
    await until(
      "the node in NoRemoteLockUnlock",
      () => attrs().operatingMode === DoorLock.OperatingMode.NoRemoteLockUnlock,
    );
    const sent = fake.sent.length;
    fake.change({ bolt: "locked" });
    await expect(cmd().unlockDoor({})).rejects.toThrow();
    expect(fake.sent.length).toBe(sent);
    expect(await typedOpens("246801")).toBe(true);
    await lock.setStateOf(DoorLockClient, { operatingMode: DoorLock.OperatingMode.Normal });
    await clearUser(2);
  });
});

describe("B-NET-2: changes another controller makes at the lock are the node's attributes", () => {
  it("B-SEC-2, B-NET-2: the lock's mode-changed report is OperatingMode; a mode another controller sets reaches the subscription and nothing is sent back", async () => {
    // The report alone (the view untouched): the node follows the lock's word.
    fake.report({ kind: "mode-changed", source: "remote", mode: "privacy" });
    await until("OperatingMode Privacy", () => attrs().operatingMode === DoorLock.OperatingMode.Privacy);
    fake.report({ kind: "mode-changed", source: "remote", mode: "normal" });
    await until("OperatingMode Normal", () => attrs().operatingMode === DoorLock.OperatingMode.Normal);
    // Another controller (a hub, the lock page) sends the lock a mode command over its link.
    const sent = fake.sent.length;
    await fake.link.send({ type: "mode", mode: "vacation" });
    await until("OperatingMode Vacation", () => attrs().operatingMode === DoorLock.OperatingMode.Vacation);
    await fake.link.send({ type: "mode", mode: "normal" });
    await until("OperatingMode Normal", () => attrs().operatingMode === DoorLock.OperatingMode.Normal);
    expect(fake.sent.slice(sent)).toEqual([
      { type: "mode", mode: "vacation" },
      { type: "mode", mode: "normal" },
    ]);
  });

  it("B-BOLT-7, B-NET-2: the lock's settings-changed report is AutoRelockTime and RequirePINforRemoteOperation", async () => {
    await fake.link.send({ type: "settings", settings: { autoLock: true, autoLockSeconds: 60 } });
    await until("AutoRelockTime 60", () => attrs().autoRelockTime === 60);
    await fake.link.send({ type: "settings", settings: { requirePinForRemote: true } });
    await until("RequirePINforRemoteOperation", () => attrs().requirePinForRemoteOperation === true);
    expect(attrs().autoRelockTime).toBe(60);
    await fake.link.send({ type: "settings", settings: { autoLock: false, requirePinForRemote: false } });
    await until(
      "both off",
      () => attrs().autoRelockTime === 0 && attrs().requirePinForRemoteOperation === false,
    );
  });
});

describe("TC_DRLK_2_8 / 2_9: users and credentials are the lock's code slots", () => {
  it("TC_DRLK_2_8: SetUser, GetUser, Modify, Occupied, bad index, unsupported type, Available status, Dual rule, ClearUser", async () => {
    await cmd().setUser({
      operationType: DataOperationType.Add,
      userIndex: 3,
      userName: "ana",
      userUniqueId: 33,
      userStatus: UserStatus.OccupiedEnabled,
      userType: UserType.UnrestrictedUser,
      credentialRule: DoorLock.CredentialRule.Single,
    });
    expect(await cmd().getUser({ userIndex: 3 })).toMatchObject({ userName: "ana", userUniqueId: 33 });
    await cmd().setUser({
      operationType: DataOperationType.Modify,
      userIndex: 3,
      userName: "ana b",
      userUniqueId: null,
      userStatus: null,
      userType: null,
      credentialRule: null,
    });
    expect(await cmd().getUser({ userIndex: 3 })).toMatchObject({ userName: "ana b" });
    const add = {
      operationType: DataOperationType.Add,
      userIndex: 3,
      userName: "again",
      userUniqueId: null,
      userStatus: null,
      userType: null,
      credentialRule: null,
    };
    await expect(cmd().setUser(add)).rejects.toThrow(); // Occupied
    await expect(cmd().setUser({ ...add, userIndex: 7 })).rejects.toThrow(); // beyond the 6 slots
    await expect(
      cmd().setUser({ ...add, userIndex: 4, userType: UserType.RemoteOnlyUser }),
    ).rejects.toThrow();
    // As the Matter SDK: UserStatus Available, or a CredentialRule that CredentialRulesSupport
    // does not offer (Single only), is InvalidCommand and creates nothing.
    await expect(
      cmd().setUser({ ...add, userIndex: 4, userStatus: UserStatus.Available }),
    ).rejects.toMatchObject({ code: 133 });
    await expect(
      cmd().setUser({ ...add, userIndex: 4, credentialRule: DoorLock.CredentialRule.Dual }),
    ).rejects.toMatchObject({ code: 133 });
    expect(await cmd().getUser({ userIndex: 4 })).toMatchObject({ userStatus: null });
    await clearUser(3);
    expect(await cmd().getUser({ userIndex: 3 })).toMatchObject({ userStatus: null });
  });

  it("TC_DRLK_2_9: SetCredential is slot N on the lock; Occupied, Duplicate (B-CODE-4), InvalidCommand (B-CODE-2); ClearCredential frees the slot", async () => {
    const set = (index: number, code: string, userIndex: number | null = null) =>
      cmd().setCredential({
        operationType: DataOperationType.Add,
        credential: { credentialType: CredentialType.Pin, credentialIndex: index },
        credentialData: pin(code),
        userIndex,
        userStatus: null,
        userType: null,
      });
    const first = await set(4, "55501234");
    expect(first).toMatchObject({ status: 0, userIndex: 4 });
    expect(fake.slots.get(4)?.code).toBe("55501234");
    expect((await set(4, "77770000")).status).toBe(DoorLock.StatusCode.Occupied);
    expect((await set(5, "55509999")).status).toBe(DoorLock.StatusCode.Duplicate);
    expect((await set(5, "123")).status).toBe(133); // InvalidCommand: too short
    expect((await set(5, "12ab56")).status).toBe(133); // not digits
    const available = await cmd().setCredential({
      operationType: DataOperationType.Add,
      credential: { credentialType: CredentialType.Pin, credentialIndex: 5 },
      credentialData: pin("13572468"),
      userIndex: null,
      userStatus: UserStatus.Available,
      userType: null,
    });
    expect(available.status).toBe(133); // a user is created Occupied, never Available
    expect(fake.slots.has(5)).toBe(false);
    const status = await cmd().getCredentialStatus({
      credential: { credentialType: CredentialType.Pin, credentialIndex: 4 },
    });
    expect(status).toMatchObject({ credentialExists: true, userIndex: 4 });
    // An index outside 1–6 is InvalidCommand (as the Matter SDK's lock) and clears nothing.
    for (const credentialIndex of [0, 7]) {
      await expect(
        cmd().clearCredential({ credential: { credentialType: CredentialType.Pin, credentialIndex } }),
      ).rejects.toMatchObject({ code: 133 });
    }
    expect(fake.slots.get(4)?.code).toBe("55501234");
    const changesBefore = userChanges.length;
    await cmd().clearCredential({ credential: { credentialType: CredentialType.Pin, credentialIndex: 4 } });
    expect(fake.slots.has(4)).toBe(false);
    expect(await cmd().getUser({ userIndex: 4 })).toMatchObject({ userStatus: null }); // its last credential went
    // §5.2.10.24: the user cleared with its last credential has a LockUserChange of its own.
    await until("LockUserChange UserIndex Clear", () =>
      userChanges
        .slice(changesBefore)
        .some(
          (e) =>
            e.lockDataType === DoorLock.LockDataType.UserIndex &&
            e.dataOperationType === DataOperationType.Clear &&
            e.userIndex === 4,
        ),
    );
    expect(userChanges.slice(changesBefore)).toContainEqual(
      expect.objectContaining({ lockDataType: DoorLock.LockDataType.Pin, userIndex: 4, dataIndex: 4 }),
    );
  });

  it("B-NET-5: a ClearCredential (all) or ClearUser (all) the lock stops answering part way fails, and the node keeps no record of a slot the lock did delete", async () => {
    const credentialExists = async (credentialIndex: number) =>
      (
        await cmd().getCredentialStatus({
          credential: { credentialType: CredentialType.Pin, credentialIndex },
        })
      ).credentialExists;
    for (const clear of [
      () => cmd().clearCredential({ credential: null }),
      () => cmd().clearUser({ userIndex: 0xfffe }),
    ]) {
      await userWithPin(2, "24681357");
      await userWithPin(3, "97531864");
      // The lock answers the first deleteCode, then is out of reach.
      let deletes = 0;
      fake.refuse = (command) =>
        command.type === "deleteCode" && ++deletes > 1
          ? { ok: false, code: "lock.offline", reason: "out of reach" }
          : undefined;
      await expect(clear()).rejects.toMatchObject({ code: 1 });
      fake.refuse = undefined;
      expect([fake.slots.has(2), fake.slots.has(3)].filter(Boolean)).toHaveLength(1);
      // The node's records follow once the failed command's transaction is over.
      for (const slot of [2, 3]) {
        for (let i = 0; i < 40 && (await credentialExists(slot)) !== fake.slots.has(slot); i++)
          await new Promise((resolve) => setTimeout(resolve, 25));
        expect(await credentialExists(slot), `slot ${slot}`).toBe(fake.slots.has(slot));
      }
      await cmd().clearUser({ userIndex: 0xfffe });
      expect(fake.slots.size).toBe(0);
    }
  });

  it("TC_DRLK_2_9, Matter DoorLock §5.2.10.22: GetCredentialStatus of a credential type the lock does not keep (ProgrammingPIN, RFID) or of a PIN index outside 1…NumberOfPINUsersSupported is InvalidCommand, as the Matter SDK answers", async () => {
    const capacity = attrs().numberOfPinUsersSupported ?? 0;
    expect(capacity).toBe(6);
    for (const credential of [
      { credentialType: CredentialType.Pin, credentialIndex: 0 },
      { credentialType: CredentialType.Pin, credentialIndex: capacity + 1 },
      { credentialType: CredentialType.ProgrammingPin, credentialIndex: 0 },
      { credentialType: CredentialType.Rfid, credentialIndex: 1 },
    ]) {
      await expect(cmd().getCredentialStatus({ credential })).rejects.toMatchObject({
        code: Status.InvalidCommand,
      });
    }
    const last = await cmd().getCredentialStatus({
      credential: { credentialType: CredentialType.Pin, credentialIndex: capacity },
    });
    expect(last).toMatchObject({ credentialExists: false, nextCredentialIndex: null });
  });

  it("TC_DRLK_2_5 steps 4, 8, 10c / TC_DRLK_2_8 / TC_DRLK_2_9: an index of 0 the schema forbids, sent without the client's own check, is InvalidCommand as in the Matter SDK (a GetWeekDay/YearDaySchedule response with that status), never ConstraintError", async () => {
    await userWithPin(4, "97531");
    const send = (command: string, fields: unknown) =>
      controller.invokeUnchecked(peer, lock, DoorLock, command, fields);
    const window = { startHour: 15, startMinute: 45, endHour: 16, endMinute: 55 };
    const invalid = { status: Status.InvalidCommand };
    expect(await send("getUser", { userIndex: 0 })).toMatchObject(invalid);
    expect(
      await send("setUser", {
        operationType: DataOperationType.Add,
        userIndex: 0,
        userName: "x",
        userUniqueId: 1,
        userStatus: UserStatus.OccupiedEnabled,
        userType: UserType.UnrestrictedUser,
        credentialRule: DoorLock.CredentialRule.Single,
      }),
    ).toMatchObject(invalid);
    expect(
      await send("setWeekDaySchedule", {
        weekDayIndex: 0,
        userIndex: 4,
        daysMask: { monday: true },
        ...window,
      }),
    ).toMatchObject(invalid);
    expect(await send("getWeekDaySchedule", { weekDayIndex: 0, userIndex: 4 })).toMatchObject(invalid);
    expect(await send("clearWeekDaySchedule", { weekDayIndex: 1, userIndex: 0 })).toMatchObject(invalid);
    expect(await send("getYearDaySchedule", { yearDayIndex: 0, userIndex: 4 })).toMatchObject(invalid);
    expect(
      await send("setCredential", {
        operationType: DataOperationType.Add,
        credential: { credentialType: CredentialType.Pin, credentialIndex: 0 },
        credentialData: pin("86420"),
        userIndex: null,
        userStatus: null,
        userType: null,
      }),
    ).toMatchObject(invalid);
    expect(fake.slots.has(0)).toBe(false);
    await clearUser(4);
  });

  it("B-CODE-2, B-SEC-1: hostile fields sent without the client's own check (a name over 10 bytes, enum values the cluster lacks, a PIN of 1,000 digits or none, a credential type of 99) are refused — InvalidCommand, or Failure for a lock or unlock — and change nothing: no user, no slot, no LockUserChange, no wrong code counted", async () => {
    const send = (command: string, fields: unknown) =>
      controller.invokeUnchecked(peer, lock, DoorLock, command, fields);
    const invalid = { status: Status.InvalidCommand };
    const changesBefore = userChanges.length;
    const errorsBefore = operationErrors.length;
    const alarmsBefore = alarms.length;
    const sentBefore = fake.sent.length;
    const wrongBefore = fake.wrongCount;
    const boltBefore = fake.state.bolt;
    const user = {
      operationType: DataOperationType.Add,
      userIndex: 2,
      userName: "ana",
      userUniqueId: 7,
      userStatus: UserStatus.OccupiedEnabled,
      userType: UserType.UnrestrictedUser,
      credentialRule: DoorLock.CredentialRule.Single,
    };
    for (const bad of [
      { userName: "abcdefghijk" }, // UserName is at most 10 bytes
      { userType: 99 },
      { userStatus: 9 },
      { operationType: 7 },
      { credentialRule: 42 },
    ])
      expect(await send("setUser", { ...user, ...bad })).toMatchObject(invalid);
    const credential = (credentialData: Uint8Array, extra: object = {}) => ({
      operationType: DataOperationType.Add,
      credential: { credentialType: CredentialType.Pin, credentialIndex: 2 },
      credentialData,
      userIndex: null,
      userStatus: null,
      userType: null,
      ...extra,
    });
    for (const fields of [
      credential(new Uint8Array(1000).fill(0x31)),
      credential(new Uint8Array(0)),
      credential(pin("12345678901234567890")),
      credential(pin("86421"), { operationType: 9 }),
      credential(pin("86421"), { credential: { credentialType: 99, credentialIndex: 2 } }),
      credential(pin("86421"), { userType: 99 }),
      credential(pin("86421"), { userIndex: 99 }),
      credential(pin("86421"), {
        credential: { credentialType: CredentialType.Pin, credentialIndex: 0xffff },
      }),
    ])
      expect(await send("setCredential", fields)).toMatchObject(invalid);
    // A PIN that cannot be anyone's code moves nothing and is no guess (docs/matter.md, Limits).
    expect(await send("unlockDoor", { pinCode: new Uint8Array(200).fill(0x31) })).toMatchObject({
      status: Status.Failure,
    });
    expect(await send("unlockDoor", { pinCode: new Uint8Array(0) })).toMatchObject({
      status: Status.Failure,
    });
    expect(await cmd().getUser({ userIndex: 2 })).toMatchObject({ userStatus: null });
    expect(fake.slots.has(2)).toBe(false);
    expect(fake.state.bolt).toBe(boltBefore);
    expect(fake.sent.slice(sentBefore).map((c) => c.type)).toEqual(["unlock", "unlock"]);
    expect(fake.wrongCount).toBe(wrongBefore);
    await until("the two refusals' events", () => operationErrors.length >= errorsBefore + 2);
    expect(
      operationErrors
        .slice(errorsBefore)
        .map((e) => [e.operationSource, e.operationError, e.fabricIndex !== null]),
    ).toEqual(Array(2).fill([OperationSource.Remote, DoorLock.OperationError.InvalidCredential, true]));
    // The case before ends with ClearUser of user 4, whose LockUserChange may be heard only now.
    expect(userChanges.slice(changesBefore).filter((e) => e.userIndex !== 4)).toEqual([]);
    expect(alarms.length).toBe(alarmsBefore);
  });

  it("TC_DRLK_2_9: with every user taken, a credential that needs a new user is ResourceExhausted", async () => {
    for (let u = 1; u <= 6; u++) {
      await cmd().setUser({
        operationType: DataOperationType.Add,
        userIndex: u,
        userName: `u${u}`,
        userUniqueId: null,
        userStatus: null,
        userType: null,
        credentialRule: null,
      });
    }
    const r = await cmd().setCredential({
      operationType: DataOperationType.Add,
      credential: { credentialType: CredentialType.Pin, credentialIndex: 6 },
      credentialData: pin("86420000"),
      userIndex: null,
      userStatus: null,
      userType: null,
    });
    expect(r.status).toBe(137);
    expect(fake.slots.has(6)).toBe(false);
    await clearUser(0xfffe);
  });
});

describe("TC_DRLK_2_10: events from the lock itself", () => {
  it("a code added and deleted at the keypad is LockUserChange with source Keypad; its use is LockOperation Keypad with the user", async () => {
    const before = userChanges.length;
    fake.addAtKeypad(6, "97531");
    await until("LockUserChange Add", () =>
      userChanges
        .slice(before)
        .some(
          (e) =>
            e.lockDataType === DoorLock.LockDataType.Pin && e.dataOperationType === DataOperationType.Add,
        ),
    );
    const added = userChanges
      .slice(before)
      .find(
        (e) => e.lockDataType === DoorLock.LockDataType.Pin && e.dataOperationType === DataOperationType.Add,
      );
    expect(added).toMatchObject({ operationSource: OperationSource.Keypad, userIndex: 6, dataIndex: 6 });
    expect(await typedOpens("97531")).toBe(true);
    await until("keypad LockOperation", () =>
      operations.some((e) => e.operationSource === OperationSource.Keypad && e.userIndex === 6),
    );
    fake.deleteAtKeypad(6);
    await until("LockUserChange Clear of user 6", () =>
      userChanges
        .slice(before)
        .some(
          (e) =>
            e.lockDataType === DoorLock.LockDataType.UserIndex &&
            e.dataOperationType === DataOperationType.Clear &&
            e.userIndex === 6 &&
            e.operationSource === OperationSource.Keypad,
        ),
    );
    expect(await cmd().getUser({ userIndex: 6 })).toMatchObject({ userStatus: null });
  });

  it("B-NET-1, Matter DoorLock §5.2.10.22: a PIN a controller set, changed at the keypad, is LockUserChange Modify (Keypad) and GetCredentialStatus says it was last modified outside any fabric (null), its creator still the controller's", async () => {
    await userWithPin(4, "80246");
    const fabric = (
      await cmd().getCredentialStatus({
        credential: { credentialType: CredentialType.Pin, credentialIndex: 4 },
      })
    ).creatorFabricIndex;
    expect(fabric).not.toBeNull();
    const before = userChanges.length;
    fake.addAtKeypad(4, "80357");
    await until("LockUserChange Modify of PIN 4", () =>
      userChanges
        .slice(before)
        .some(
          (e) =>
            e.lockDataType === DoorLock.LockDataType.Pin && e.dataOperationType === DataOperationType.Modify,
        ),
    );
    // (The SetCredential's own Add may arrive after `before` was taken: only the keypad's count.)
    expect(userChanges.slice(before).filter((e) => e.operationSource !== OperationSource.Remote)).toEqual([
      expect.objectContaining({
        operationSource: OperationSource.Keypad,
        userIndex: 4,
        dataIndex: 4,
        fabricIndex: null,
      }),
    ]);
    expect(
      await cmd().getCredentialStatus({
        credential: { credentialType: CredentialType.Pin, credentialIndex: 4 },
      }),
    ).toMatchObject({
      credentialExists: true,
      userIndex: 4,
      creatorFabricIndex: fabric,
      lastModifiedFabricIndex: null,
    });
    await clearUser(4);
    expect(fake.slots.has(4)).toBe(false);
  });

  it('B-CODE-6, Matter DoorLock §5.2.6.16: one-touch locking (the lock button with no code) is a LockOperation from the lock button (Button, "e.g. one touch"), not from the keypad, with no user', async () => {
    const before = operations.length;
    fake.change({ bolt: "locked" });
    fake.report({ kind: "locked", source: "one-touch" });
    await until("LockOperation of the one-touch lock", () => operations.length > before);
    expect(operations.slice(before)).toEqual([
      expect.objectContaining({
        lockOperationType: DoorLock.LockOperationType.Lock,
        operationSource: OperationSource.Button,
        userIndex: null,
        credentials: null,
      }),
    ]);
  });

  it("B-BOLT-6: a jam fails LockDoor and raises DoorLockAlarm LockJammed; LockState is NotFullyLocked", async () => {
    fake.change({ bolt: "unlocked" });
    fake.jamNext = true;
    await expect(cmd().lockDoor({})).rejects.toThrow();
    await until("LockJammed", () => alarms.some((a) => a.alarmCode === DoorLock.AlarmCode.LockJammed));
    await until("NotFullyLocked", () => attrs().lockState === DoorLock.LockState.NotFullyLocked);
  });

  it("the Power Source cluster follows the pack: voltage, half-percent, charge level, replacement data", async () => {
    fake.change({ battery: { percent: 12, volts: 4.61, level: "low" } });
    const { PowerSourceClient } = await import("@matter/main/behaviors/power-source");
    await until("Warning", () => lock.stateOf(PowerSourceClient).batChargeLevel === 1);
    // BatVoltage and BatPercentRemaining report quietly (quality Q); the node holds them now.
    expect(node.lockEndpoint.stateOf(LockPowerSourceServer)).toMatchObject({
      batVoltage: 4610,
      batPercentRemaining: 24,
      batReplacementNeeded: true,
    });
    expect(lock.stateOf(PowerSourceClient)).toMatchObject({
      batQuantity: 4,
      batReplacementDescription: "4 × AA alkaline (LR6) cells",
    });
  });
});
