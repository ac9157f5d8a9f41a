import { describe, expect, it } from "vitest";
import { DoorLock } from "@matter/main/clusters/door-lock";
import { Status } from "@matter/main/types";
import {
  DlStatus,
  lockStateOf,
  operationErrorOf,
  operationSourceOf,
  statusForRefusal,
  statusForWrite,
} from "./status-mapping.ts";
import { pairingOf } from "./pairing-secret.ts";

describe("the lock's answers as Matter statuses (issue 12)", () => {
  it("B-CODE-4: a first-four clash is Duplicate; capacity is ResourceExhausted; length is InvalidCommand", () => {
    expect(statusForRefusal("code.conflict")).toBe(DlStatus.Duplicate);
    expect(statusForRefusal("code.duplicate-prefix")).toBe(DlStatus.Duplicate);
    expect(DlStatus.Duplicate).toBe(2);
    expect(statusForRefusal("code.capacity")).toBe(Status.ResourceExhausted);
    expect(statusForRefusal("code.length")).toBe(Status.InvalidCommand);
    expect(statusForRefusal("lock.offline")).toBe(Status.Failure);
    expect(statusForRefusal("something.new")).toBe(Status.Failure);
  });

  it("B-BOLT-7, B-SEC-2: an attribute write the lock refuses: a value it does not take is ConstraintError, Passage where it asks for a PIN InvalidInState, out of reach Failure", () => {
    expect(statusForWrite("settings.invalid")).toBe(Status.ConstraintError);
    expect(statusForWrite("code.required")).toBe(Status.InvalidInState);
    expect(statusForWrite("lock.offline")).toBe(Status.Failure);
    expect(statusForWrite("lock.unpaired")).toBe(Status.Failure);
    expect(statusForWrite("something.new")).toBe(Status.Failure);
  });

  it("B-SEC-1, B-CODE-8, B-PWR-3: a remote lock or unlock the lock refused is a LockOperationError with the reason Matter has for it", () => {
    const { OperationError } = DoorLock;
    expect(operationErrorOf("code.wrong")).toBe(OperationError.InvalidCredential);
    expect(operationErrorOf("code.required")).toBe(OperationError.InvalidCredential);
    expect(operationErrorOf("code.uses")).toBe(OperationError.DisabledUserDenied);
    expect(operationErrorOf("code.window")).toBe(OperationError.Restricted);
    expect(operationErrorOf("code.lockout")).toBe(OperationError.Restricted);
    expect(operationErrorOf("bolt.battery-critical")).toBe(OperationError.InsufficientBattery);
    expect(operationErrorOf("bolt.jammed")).toBe(OperationError.Unspecified);
    expect(operationErrorOf("lock.offline")).toBe(OperationError.Unspecified);
  });

  it("B-CODE-6: operation sources: keypad, one-touch (Button), thumbturn, button, auto-lock and a remote that is not this node", () => {
    expect(operationSourceOf("keypad")).toBe(DoorLock.OperationSource.Keypad);
    // The lock button with no code: §5.2.6.16's Button is "lock button (e.g. one touch or button)".
    expect(operationSourceOf("one-touch")).toBe(DoorLock.OperationSource.Button);
    expect(operationSourceOf("manual")).toBe(DoorLock.OperationSource.Manual);
    expect(operationSourceOf("button")).toBe(DoorLock.OperationSource.Button);
    expect(operationSourceOf("auto")).toBe(DoorLock.OperationSource.Auto);
    expect(operationSourceOf("remote")).toBe(DoorLock.OperationSource.ProprietaryRemote);
  });

  it("the bolt as LockState: a jam is NotFullyLocked, a moving bolt keeps the last state", () => {
    expect(lockStateOf("jammed")).toBe(DoorLock.LockState.NotFullyLocked);
    expect(lockStateOf("locking")).toBeUndefined();
    expect(lockStateOf("unknown")).toBeNull();
  });

  it("passcodes are valid, stable per lock and secret, and differ between locks", () => {
    const secret = Buffer.alloc(32, 7);
    const a = pairingOf(secret, "front");
    expect(pairingOf(secret, "front")).toEqual(a);
    expect(pairingOf(secret, "back").passcode).not.toBe(a.passcode);
    expect(pairingOf(Buffer.alloc(32, 8), "front").passcode).not.toBe(a.passcode);
    for (let i = 0; i < 200; i++) {
      const { passcode, discriminator } = pairingOf(secret, `lock-${i}`);
      expect(passcode).toBeGreaterThanOrEqual(1);
      expect(passcode).toBeLessThanOrEqual(99_999_998);
      expect([11111111, 12345678, 87654321]).not.toContain(passcode);
      expect(discriminator).toBeLessThan(4096);
    }
  });
});
