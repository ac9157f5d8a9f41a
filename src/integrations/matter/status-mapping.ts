/**
 * How the lock's own answers become Matter's (Matter DoorLock §5.2.7, §5.2.10): a refusal
 * code from the core or the link becomes a SetCredentialResponse status or a command
 * status, and the source of a lock operation the lock reported becomes an OperationSource.
 * One table, so docs/matter.md can print it and tests can check every row.
 */
import { Status } from "@matter/main/types";
import { DoorLock } from "@matter/main/clusters/door-lock";

/**
 * DlStatus (Matter DoorLock §5.2.7.1) as SetCredentialResponse carries it: the global
 * codes plus the cluster's own Duplicate (2) and Occupied (3).
 */
export const DlStatus = {
  Success: Status.Success,
  Failure: Status.Failure,
  Duplicate: DoorLock.StatusCode.Duplicate as number as Status,
  Occupied: DoorLock.StatusCode.Occupied as number as Status,
  InvalidCommand: Status.InvalidCommand,
  ResourceExhausted: Status.ResourceExhausted,
  NotFound: Status.NotFound,
} as const;

export interface RefusalMapping {
  /** Refusal codes from the core and the host link. */
  readonly codes: readonly string[];
  readonly status: Status;
  readonly why: string;
}

/** The mapping, most specific first; anything not listed is a plain Failure. */
export const REFUSAL_TO_STATUS: readonly RefusalMapping[] = [
  {
    codes: ["code.conflict", "code.duplicate-prefix", "code.duplicate"],
    status: DlStatus.Duplicate,
    why: "the code, or its first digits, match another slot or the programming code (B-CODE-4/5)",
  },
  {
    codes: ["code.capacity"],
    status: DlStatus.ResourceExhausted,
    why: "every slot the model has is taken",
  },
  {
    codes: ["code.length", "code.digits", "code.slot"],
    status: DlStatus.InvalidCommand,
    why: "the code's length or digits break the model's rules, or the slot does not exist (B-CODE-2)",
  },
  {
    codes: ["lock.offline", "lock.unpaired", "lock.timeout", "radio.unpaired"],
    status: Status.Failure,
    why: "the lock is out of reach, not paired with its hub, or did not answer in time",
  },
];

/** The Matter status for a refusal code from the lock or its link. */
export function statusForRefusal(code: string): Status {
  for (const row of REFUSAL_TO_STATUS) if (row.codes.includes(code)) return row.status;
  return Status.Failure;
}

/**
 * An attribute write the lock refused (OperatingMode, AutoRelockTime,
 * RequirePINforRemoteOperation; Matter Core §8.10: a write answers one status per path): a
 * value the lock does not take is ConstraintError; one it cannot take in its present state
 * (Passage where it asks for a PIN with a remote unlock, and a write carries none) is
 * InvalidInState; out of reach, unpaired or silent, or anything else, Failure.
 */
export const WRITE_REFUSAL_TO_STATUS: readonly RefusalMapping[] = [
  {
    codes: ["settings.invalid", "command.invalid"],
    status: Status.ConstraintError,
    why: "the model has no such setting, or not that value (B-BOLT-7's delays)",
  },
  {
    codes: ["code.required", "code.wrong"],
    status: Status.InvalidInState,
    why: "the lock asks for a PIN with a remote unlock and Passage unlocks; a write carries no PIN",
  },
  {
    codes: ["lock.offline", "lock.unpaired", "lock.timeout", "radio.unpaired"],
    status: Status.Failure,
    why: "the lock is out of reach, not paired with its hub, or did not answer in time",
  },
];

/** The Matter status for an attribute write the lock or its link refused. */
export function statusForWrite(code: string): Status {
  for (const row of WRITE_REFUSAL_TO_STATUS) if (row.codes.includes(code)) return row.status;
  return Status.Failure;
}

/**
 * The OperationError of a LockOperationError for a remote lock or unlock the lock refused
 * (Matter DoorLock §5.2.6.x OperationErrorEnum): a missing, malformed or wrong PIN is
 * InvalidCredential; a code used up is DisabledUserDenied; outside its schedule (or switched
 * off), during a lockout, or in passage mode the operation is Restricted; a pack too weak for
 * the motor is InsufficientBattery; anything else (a jam, out of reach) Unspecified. The Door Lock
 * server refines it: a refused code whose user is OccupiedDisabled (disabled by a controller,
 * switched off by a hub, used up) is DisabledUserDenied whatever the lock's code.
 */
export function operationErrorOf(code: string): DoorLock.OperationError {
  switch (code) {
    case "code.required":
    case "code.wrong":
    case "code.digits":
    case "code.length":
    case "code.empty":
      return DoorLock.OperationError.InvalidCredential;
    case "code.uses":
      return DoorLock.OperationError.DisabledUserDenied;
    case "code.window":
    case "code.lockout":
    case "bolt.passage-mode":
      return DoorLock.OperationError.Restricted;
    case "bolt.battery-critical":
      return DoorLock.OperationError.InsufficientBattery;
    default:
      return DoorLock.OperationError.Unspecified;
  }
}

/** Matter OperationSource for a lock operation the lock reported (Matter DoorLock §5.2.6.20). */
export function operationSourceOf(source: string): DoorLock.OperationSource {
  switch (source) {
    case "keypad":
      return DoorLock.OperationSource.Keypad;
    case "manual":
    case "thumbturn":
    case "key":
      return DoorLock.OperationSource.Manual;
    // The lock button pressed with no code pending (B-CODE-6): §5.2.6.16's Button is "lock
    // button (e.g. one touch or button)"; Keypad would say a code was typed.
    case "one-touch":
    case "button":
      return DoorLock.OperationSource.Button;
    case "auto":
    case "auto-lock":
      return DoorLock.OperationSource.Auto;
    case "remote":
      // A remote operation that did not come through this Matter node (the hub, the app):
      // Matter's Remote needs a fabric, so it is the lock maker's own remote (§5.2.6.20).
      return DoorLock.OperationSource.ProprietaryRemote;
    default:
      return DoorLock.OperationSource.Unspecified;
  }
}

/** Matter LockState for the bolt the lock reports; undefined = keep the last one (moving). */
export function lockStateOf(bolt: string): DoorLock.LockState | null | undefined {
  switch (bolt) {
    case "locked":
      return DoorLock.LockState.Locked;
    case "unlocked":
      return DoorLock.LockState.Unlocked;
    case "jammed":
      return DoorLock.LockState.NotFullyLocked;
    case "locking":
    case "unlocking":
      return undefined;
    default:
      return null;
  }
}

export function doorStateOf(door: "open" | "closed" | null): DoorLock.DoorState | null {
  if (door === "open") return DoorLock.DoorState.DoorOpen;
  if (door === "closed") return DoorLock.DoorState.DoorClosed;
  return null;
}
