/**
 * The Door Lock cluster server of a Latchkey lock (Matter DoorLock §5.2). matter.js's
 * DoorLockServer keeps users, credentials and schedules as records; here every command
 * that changes what the lock does goes to the lock over its link first, and the record is
 * written only after the lock said yes (a refusal changes nothing). LockDoor/UnlockDoor
 * answer after the bolt moved or failed. PINs are checked by the lock's firmware, never
 * here. Reports the lock makes of itself (keypad, thumbturn, auto-lock, wrong codes, jams,
 * factory reset) arrive through `applyReport` and become Matter events; its mode and settings
 * changed by another controller (`mode-changed`, `settings-changed`) and its `status` read at
 * start become OperatingMode, AutoRelockTime and RequirePINforRemoteOperation.
 */
import { Bytes, Lifecycle, Seconds, Supervision, Time } from "@matter/main";
import { DoorLockServer } from "@matter/main/behaviors/door-lock";
import { DoorLock } from "@matter/main/clusters/door-lock";
import { FabricManager } from "@matter/main/protocol";
import { FabricIndex, Status, StatusResponseError } from "@matter/main/types";
import { getProfile } from "../../core/profiles/index.ts";
import { checkSettings } from "../../core/radio-commands.ts";
import { LOCK_MODES } from "../../core/radio-types.ts";
import type { UserAccess } from "./access-window.ts";
import { codeWindowOf, lockDayMaskOf, NEVER, SUPPORTED_USER_TYPES } from "./access-window.ts";
import type { CommandOrigin } from "./door-lock-binding.ts";
import { bindingOf } from "./door-lock-binding.ts";
import type { LinkCommand, LinkResult, LockEvent, LockMode, SlotState } from "./lock-port.ts";
import { lockModeOf, shownModeOf } from "./mode-mapping.ts";
import {
  DlStatus,
  operationErrorOf,
  operationSourceOf,
  statusForRefusal,
  statusForWrite,
} from "./status-mapping.ts";

import CredentialType = DoorLock.CredentialType;
import DataOperationType = DoorLock.DataOperationType;
import LockDataType = DoorLock.LockDataType;
import LockOperationType = DoorLock.LockOperationType;
import OperationError = DoorLock.OperationError;
import OperationSource = DoorLock.OperationSource;
import UserStatus = DoorLock.UserStatus;
import UserType = DoorLock.UserType;

/** "Clear all" index of ClearUser / ClearCredential (§5.2.10). */
const ALL = 0xfffe;

/** A PIN as the lock's keypad would take it: ASCII digits only, else null. */
export function pinDigits(pin: Bytes): string | null {
  const bytes = Bytes.of(pin);
  let digits = "";
  for (const b of bytes) {
    if (b < 0x30 || b > 0x39) return null;
    digits += String.fromCharCode(b);
  }
  return digits;
}

const LatchkeyDoorLockBase = DoorLockServer.with(
  "User",
  "PinCredential",
  "CredentialOverTheAirAccess",
  "WeekDayAccessSchedules",
  "YearDayAccessSchedules",
);

export class LatchkeyDoorLockServer extends LatchkeyDoorLockBase {
  override initialize() {
    const done = super.initialize();
    // A controller writing OperatingMode, AutoRelockTime or RequirePINforRemoteOperation changes
    // the lock itself. The lock is asked while the write is still open ($Changing, which
    // matter.js's pre-commit awaits once the event is marked async), so a refusal fails the write
    // with its status and rolls it back: no controller ever sees a value the lock did not take.
    // ($Changed would run after the commit: the write answered Success, then the value went back.)
    this.#askTheLock(this.events.operatingMode$Changing, this.#operatingModeChanging);
    this.#askTheLock(this.events.autoRelockTime$Changing, this.#autoRelockTimeChanging);
    this.#askTheLock(this.events.requirePinForRemoteOperation$Changing, this.#requirePinChanging);
    // The wrong-code limit and the lockout are the firmware's own (B-SEC-1/6), with no setting
    // to send: a controller's write is refused rather than shown and not enforced.
    this.reactTo(this.events.wrongCodeEntryLimit$Changing, this.#lockoutIsTheLocks);
    this.reactTo(this.events.userCodeTemporaryDisableTime$Changing, this.#lockoutIsTheLocks);
    // A fabric removed (RemoveFabric, a controller leaving): its users and credentials stay on the
    // lock, and no longer name it (below).
    this.reactTo(this.endpoint.env.get(FabricManager).events.deleting, this.#fabricRemoved, { lock: true });
    return done;
  }

  /**
   * As the Matter SDK's door-lock-server (OnFabricRemoved: clearFabricFromUsers and
   * clearFabricFromCredentials): the users and credentials a removed fabric made or last changed
   * keep their slots and codes, and their CreatorFabricIndex / LastModifiedFabricIndex of that
   * fabric become "no fabric" (GetUser and GetCredentialStatus answer null). Left as they were, a
   * fabric later given the same index would inherit the removed one's rights over them (renaming
   * a user, adding a PIN to it) and be named as their creator. matter.js 0.17.9 leaves them.
   */
  #fabricRemoved({ fabricIndex }: { fabricIndex: FabricIndex }) {
    const none = FabricIndex.NO_FABRIC;
    const clear = <T extends { creatorFabricIndex: FabricIndex; lastModifiedFabricIndex: FabricIndex }>(
      record: T,
    ): T =>
      record.creatorFabricIndex === fabricIndex || record.lastModifiedFabricIndex === fabricIndex
        ? {
            ...record,
            creatorFabricIndex: record.creatorFabricIndex === fabricIndex ? none : record.creatorFabricIndex,
            lastModifiedFabricIndex:
              record.lastModifiedFabricIndex === fabricIndex ? none : record.lastModifiedFabricIndex,
          }
        : record;
    const users = this.state.users;
    if (users.some((u) => clear(u) !== u)) this.state.users = users.map(clear);
    const credentials = this.state.credentials;
    if (credentials.some((c) => clear(c) !== c)) this.state.credentials = credentials.map(clear);
  }

  #askTheLock<T>(
    event: { isAsync: boolean } | undefined,
    reactor: (value: T, previous: T) => Promise<void> | void,
  ) {
    if (event === undefined) return;
    // Only Datasource.preCommit emits $Changing, and it awaits what an observer returns.
    event.isAsync = true;
    this.reactTo(event as never, reactor as never);
  }

  #lockoutIsTheLocks() {
    if (this.context.fabric === undefined) return; // the lock's own report (lockout-started)
    throw new StatusResponseError(
      "the wrong-code limit and lockout time are the lock's own; they cannot be written",
      Status.UnsupportedWrite,
    );
  }

  // ── Lock and unlock: the real bolt ─────────────────────────────────────────

  override async lockDoor(request: DoorLock.LockDoorRequest) {
    await this.#operate(LockOperationType.Lock, request.pinCode);
  }

  override async unlockDoor(request: DoorLock.UnlockDoorRequest) {
    await this.#operate(LockOperationType.Unlock, request.pinCode);
  }

  /**
   * UnlockDoor on the lock, then the node relocks it after Timeout seconds (§5.2.10.3): a `lock`
   * on the link with the same PIN (the lock may ask for one), reported as LockOperation Auto. Any
   * later LockDoor/UnlockDoor from a controller cancels the relock; a bolt found locked by then is
   * left alone. matter.js's own handler would only have changed LockState, never the bolt.
   */
  override async unlockWithTimeout(request: DoorLock.UnlockWithTimeoutRequest) {
    await this.#operate(LockOperationType.Unlock, request.pinCode);
    if (request.timeout === 0) return;
    const relock = this.callback(this.#relockAfterTimeout, { lock: true });
    const pinCode = request.pinCode;
    this.internal.autoRelockTimer = Time.getTimer("latchkey-unlock-timeout", Seconds(request.timeout), () =>
      relock(pinCode),
    ).start();
  }

  async #relockAfterTimeout(pinCode: Bytes | undefined) {
    this.internal.autoRelockTimer = undefined;
    if (this.state.lockState !== DoorLock.LockState.Unlocked) return;
    // The PIN goes with the relock only where the lock asks for one (RequirePINforRemoteOperation):
    // a PIN given is checked, so a code deleted or out of its window by the Timeout's end made the
    // lock refuse the relock as a wrong code, and the door stayed unlocked.
    const code =
      pinCode === undefined || !this.state.requirePinForRemoteOperation ? null : pinDigits(pinCode);
    const command: LinkCommand = code === null ? { type: "lock" } : { type: "lock", code };
    const result = await bindingOf(this.endpoint).send(command, this.context.transaction);
    if (!result.ok) {
      this.events.lockOperationError.emit(
        {
          lockOperationType: LockOperationType.Lock,
          operationSource: OperationSource.Auto,
          operationError: operationErrorOf(result.code),
          userIndex: null,
          fabricIndex: null,
          sourceNode: null,
          credentials: null,
        },
        this.context,
      );
      return;
    }
    this.state.lockState = DoorLock.LockState.Locked;
    this.events.lockOperation.emit(
      {
        lockOperationType: LockOperationType.Lock,
        operationSource: OperationSource.Auto,
        userIndex: null,
        fabricIndex: null,
        sourceNode: null,
        credentials: null,
      },
      this.context,
    );
  }

  async #operate(operation: LockOperationType, pinCode: Bytes | undefined) {
    const fabricIndex = this.#fabric();
    // §5.2.6.15: Privacy and NoRemoteLockUnlock disable the remote interface; Lock, Unlock and
    // UnlockWithTimeout answer Failure and do nothing (the Matter SDK: RemoteOperationEnabled).
    // The lock's firmware turns only the keypad off in privacy, so the node refuses them here.
    const mode = this.state.operatingMode;
    if (mode === DoorLock.OperatingMode.NoRemoteLockUnlock || mode === DoorLock.OperatingMode.Privacy) {
      this.#operationError(operation, OperationError.Restricted, fabricIndex);
      throw new StatusResponseError(
        `remote lock and unlock are off (${DoorLock.OperatingMode[mode]})`,
        Status.Failure,
      );
    }
    let code: string | undefined;
    if (pinCode !== undefined) {
      const digits = pinDigits(pinCode);
      if (digits === null) {
        this.#operationError(operation, OperationError.InvalidCredential, fabricIndex);
        throw new StatusResponseError("a PIN is made of digits", Status.Failure);
      }
      code = digits;
    }
    // RequirePINforRemoteOperation is the lock's own `requirePinForRemote` setting: the
    // firmware refuses a remote command without a right code (code.required, code.wrong).
    const type = operation === LockOperationType.Lock ? "lock" : "unlock";
    // This handler writes LockState below, in its own transaction: the node's copy of the
    // lock's view leaves LockState alone until that transaction is over.
    const command: LinkCommand = code === undefined ? { type } : { type, code };
    const result = await bindingOf(this.endpoint).send(command, this.context.transaction);
    if (!result.ok) {
      const slot = code === undefined ? null : this.#refusedSlot(result, code);
      this.#operationError(operation, this.#refusalError(result.code, slot), fabricIndex, slot);
      throw new StatusResponseError(`${result.code}: ${result.reason}`, Status.Failure);
    }
    // A controller's later lock or unlock supersedes an UnlockWithTimeout's relock.
    this.internal.autoRelockTimer?.stop();
    this.internal.autoRelockTimer = undefined;
    const slot = slotOf(result);
    const userIndex = slot === null ? null : this.#userOfSlot(slot);
    this.state.lockState =
      operation === LockOperationType.Lock ? DoorLock.LockState.Locked : DoorLock.LockState.Unlocked;
    this.events.lockOperation.emit(
      {
        lockOperationType: operation,
        operationSource: OperationSource.Remote,
        userIndex,
        fabricIndex,
        sourceNode: this.#sourceNode(),
        credentials: slot === null ? null : [{ credentialType: CredentialType.Pin, credentialIndex: slot }],
      },
      this.context,
    );
  }

  // ── Credentials: the lock's code slots (credential N is slot N) ────────────

  override async setCredential(
    request: DoorLock.SetCredentialRequest,
  ): Promise<DoorLock.SetCredentialResponse> {
    const { operationType, credential, credentialData } = request;
    const fabricIndex = this.#fabric();
    const capacity = this.state.numberOfPinUsersSupported;
    const auth = this.auth;
    const slot = credential.credentialIndex;
    const answer = (status: Status, userIndex: number | null = null) => {
      const response = {
        status,
        userIndex,
        nextCredentialIndex: auth.findNextAvailableCredentialIndex(CredentialType.Pin, slot, capacity),
      };
      // matter.js types this field as a global status, which has no Duplicate or Occupied;
      // the cluster's DlStatus puts them here and controllers expect them (§5.2.7.1).
      if (status === DlStatus.Duplicate || status === DlStatus.Occupied)
        Supervision(response, "status").validate = false;
      return response;
    };
    if (credential.credentialType !== CredentialType.Pin || slot < 1 || slot > capacity) {
      return answer(DlStatus.InvalidCommand);
    }
    // Min/MaxPINCodeLength (B-CODE-2), as matter.js's own SetCredential checks them (this override
    // had dropped the check): a PIN of another length is InvalidCommand before the lock hears of
    // it — a PIN of 1,000 digits, or none, went over the link for the lock to refuse.
    const length = Bytes.of(credentialData).byteLength;
    if (length < this.state.minPinCodeLength || length > this.state.maxPinCodeLength) {
      return answer(DlStatus.InvalidCommand);
    }
    const code = pinDigits(credentialData);
    if (code === null) return answer(DlStatus.InvalidCommand);
    if (request.userType !== null && !SUPPORTED_USER_TYPES.includes(request.userType)) {
      return answer(DlStatus.InvalidCommand);
    }
    if (request.userStatus === UserStatus.Available) return answer(DlStatus.InvalidCommand); // as SetUser
    const existing = auth.findCredential(CredentialType.Pin, slot);

    if (operationType === DataOperationType.Modify) {
      if (!existing) return answer(DlStatus.InvalidCommand);
      const owner = auth.findUserIndexForCredential(CredentialType.Pin, slot);
      if (request.userIndex !== null && request.userIndex !== owner) return answer(DlStatus.InvalidCommand);
      const result = await this.#sendCode(slot, code, owner);
      if (!result.ok) return answer(statusForRefusal(result.code));
      auth.updateCredentialData(CredentialType.Pin, slot, credentialData, fabricIndex);
      this.#userChange(LockDataType.Pin, DataOperationType.Modify, owner, fabricIndex, slot);
      return answer(DlStatus.Success);
    }
    if (operationType !== DataOperationType.Add) return answer(DlStatus.InvalidCommand);
    if (existing) return answer(DlStatus.Occupied);

    let userIndex = request.userIndex;
    let newUser = false;
    if (userIndex === null) {
      userIndex = this.#freeUserFor(slot);
      if (userIndex === null) return answer(DlStatus.ResourceExhausted);
      newUser = true;
    } else {
      const user = auth.findUser(userIndex);
      if (!user || user.creatorFabricIndex !== fabricIndex) return answer(DlStatus.InvalidCommand);
      if (user.credentials.length >= this.state.numberOfCredentialsSupportedPerUser) {
        return answer(DlStatus.ResourceExhausted);
      }
    }
    const access: UserAccess = newUser
      ? {
          userStatus: request.userStatus ?? UserStatus.OccupiedEnabled,
          userType: request.userType ?? UserType.UnrestrictedUser,
        }
      : this.#accessOf(userIndex);
    const result = await bindingOf(this.endpoint).send({
      type: "setCode",
      slot,
      code,
      ...codeWindowOf(access),
    });
    if (!result.ok) return answer(statusForRefusal(result.code));

    auth.addCredential(CredentialType.Pin, slot, credentialData, fabricIndex);
    if (newUser) {
      auth.addUser({
        userIndex,
        userName: "",
        userUniqueId: null,
        userStatus: access.userStatus,
        userType: access.userType,
        credentialRule: DoorLock.CredentialRule.Single,
        credentials: [{ credentialType: CredentialType.Pin, credentialIndex: slot }],
        creatorFabricIndex: fabricIndex,
        lastModifiedFabricIndex: fabricIndex,
      });
      this.#userChange(LockDataType.UserIndex, DataOperationType.Add, userIndex, fabricIndex, slot);
    } else {
      const user = auth.findUser(userIndex);
      if (user) {
        auth.replaceUser(userIndex, {
          ...user,
          credentials: [...user.credentials, { credentialType: CredentialType.Pin, credentialIndex: slot }],
          lastModifiedFabricIndex: fabricIndex,
        });
      }
    }
    this.#userChange(LockDataType.Pin, DataOperationType.Add, userIndex, fabricIndex, slot);
    return answer(DlStatus.Success, newUser ? userIndex : null);
  }

  override async clearCredential(request: DoorLock.ClearCredentialRequest) {
    const fabricIndex = this.#fabric();
    const { credential } = request;
    if (credential !== null && credential.credentialType !== CredentialType.Pin) {
      throw new StatusResponseError("this lock keeps PIN codes only", Status.InvalidCommand);
    }
    const capacity = this.state.numberOfPinUsersSupported;
    const index = credential === null ? ALL : credential.credentialIndex;
    if (index !== ALL && (index < 1 || index > capacity)) {
      // As the Matter SDK's lock: an index out of range is refused, a free one is cleared quietly.
      throw new StatusResponseError(`credential index ${index} is not 1–${capacity}`, Status.InvalidCommand);
    }
    const slots =
      index === ALL
        ? this.auth.credentials
            .filter((c) => c.credentialType === CredentialType.Pin)
            .map((c) => c.credentialIndex)
        : [index];
    const deleted: number[] = [];
    try {
      for (const slot of slots) {
        if (!this.auth.findCredential(CredentialType.Pin, slot)) continue; // clearing a free slot is a no-op
        const owner = this.#userOfSlot(slot);
        await this.#deleteSlot(slot);
        deleted.push(slot);
        const userCleared = this.#forgetCredential(slot);
        if (index !== ALL)
          this.#userChange(LockDataType.Pin, DataOperationType.Clear, owner, fabricIndex, slot);
        // §5.2.10.24: a user left without a credential is cleared, with a LockUserChange of its own.
        if (userCleared !== null)
          this.#userChange(LockDataType.UserIndex, DataOperationType.Clear, userCleared, fabricIndex, null);
      }
    } catch (error) {
      // Its events are out already (matter.js sends an event as it is emitted).
      this.#keepDeleted(deleted, false);
      throw error;
    }
    if (index === ALL) this.#userChange(LockDataType.Pin, DataOperationType.Clear, null, fabricIndex, ALL);
  }

  /**
   * Users and credentials made at the lock (a code typed at the keypad) are kept with fabric 0;
   * GetUser and GetCredentialStatus answer null for them, as the cluster says for records made
   * outside the Interaction Model (0 would say their fabric was removed).
   */
  override async getUser(request: DoorLock.GetUserRequest): Promise<DoorLock.GetUserResponse> {
    const response = await super.getUser(request);
    return {
      ...response,
      creatorFabricIndex: madeByFabric(response.creatorFabricIndex),
      lastModifiedFabricIndex: madeByFabric(response.lastModifiedFabricIndex),
    };
  }

  override async getCredentialStatus(
    request: DoorLock.GetCredentialStatusRequest,
  ): Promise<DoorLock.GetCredentialStatusResponse> {
    // As the Matter SDK's door-lock-server (§5.2.10.22: "an appropriate error (e.g. INVALID_COMMAND)"):
    // a credential type this lock does not keep, or a PIN index outside 1…NumberOfPINUsersSupported,
    // is InvalidCommand, not "no such credential" (matter.js answered credentialExists false).
    const { credentialType, credentialIndex } = request.credential;
    const capacity = this.state.numberOfPinUsersSupported;
    if (credentialType !== CredentialType.Pin) {
      throw new StatusResponseError("this lock keeps PIN codes only", Status.InvalidCommand);
    }
    if (credentialIndex < 1 || credentialIndex > capacity) {
      throw new StatusResponseError(
        `credential index ${credentialIndex} is not 1–${capacity}`,
        Status.InvalidCommand,
      );
    }
    const response = await super.getCredentialStatus(request);
    return {
      ...response,
      creatorFabricIndex: madeByFabric(response.creatorFabricIndex),
      lastModifiedFabricIndex: madeByFabric(response.lastModifiedFabricIndex),
    };
  }

  // ── Users ─────────────────────────────────────────────────────────────────

  override async setUser(request: DoorLock.SetUserRequest) {
    if (request.userType !== null && !SUPPORTED_USER_TYPES.includes(request.userType)) {
      throw new StatusResponseError("this lock cannot enforce that user type", Status.InvalidCommand);
    }
    // As the Matter SDK: a user set is Occupied (Available is what ClearUser makes), and its
    // credential rule one that CredentialRulesSupport offers (Single: a slot holds one code).
    if (request.userStatus === UserStatus.Available) {
      throw new StatusResponseError(
        "a user set is OccupiedEnabled or OccupiedDisabled",
        Status.InvalidCommand,
      );
    }
    if (request.credentialRule !== null && request.credentialRule !== DoorLock.CredentialRule.Single) {
      throw new StatusResponseError(
        "this lock supports the Single credential rule only",
        Status.InvalidCommand,
      );
    }
    const { userIndex } = request;
    const before = this.auth.findUser(userIndex);
    const accessChanges =
      request.operationType === DataOperationType.Modify &&
      before !== undefined &&
      before.credentials.length > 0 &&
      (request.userStatus !== null || request.userType !== null);
    if (accessChanges) {
      // The lock first: matter.js's handler emits LockUserChange as it writes the record, and an
      // event is not taken back, so a window the lock refused must never reach it. Its one
      // refusal of a Modify on an existing user is checked here before the lock hears anything.
      const named = request.userName !== null || request.userUniqueId !== null;
      if (named && this.#fabric() !== before.creatorFabricIndex) {
        throw new StatusResponseError(
          "only the fabric that made this user may rename it",
          Status.InvalidCommand,
        );
      }
      this.auth.replaceUser(userIndex, {
        ...before,
        userStatus: request.userStatus ?? before.userStatus,
        userType: request.userType ?? before.userType,
      });
      await this.#pushAccess(userIndex, () => this.auth.replaceUser(userIndex, before));
      this.auth.replaceUser(userIndex, before);
    }
    super.setUser(request);
  }

  override async clearUser(request: DoorLock.ClearUserRequest) {
    const users = request.userIndex === ALL ? this.auth.users : [this.auth.findUser(request.userIndex)];
    const deleted: number[] = [];
    try {
      for (const user of users) {
        if (!user) continue;
        for (const c of user.credentials) {
          if (c.credentialType !== CredentialType.Pin) continue;
          await this.#deleteSlot(c.credentialIndex);
          deleted.push(c.credentialIndex);
        }
      }
    } catch (error) {
      // matter.js's handler (and its LockUserChange) never ran: say what went.
      this.#keepDeleted(deleted, true);
      throw error;
    }
    super.clearUser(request);
  }

  /**
   * A clear that failed part way (the lock out of reach by its second slot) fails the command, so
   * matter.js rolls its transaction back — and with it the records of the slots the lock had
   * already deleted. Those records go again once the rollback is over, in a transaction of their
   * own, so the node never shows a credential the lock no longer holds. `announce`: with the
   * LockUserChange events the failed command did not send.
   */
  #keepDeleted(slots: number[], announce: boolean) {
    if (slots.length === 0) return;
    const endpoint = this.endpoint;
    this.context.transaction.onFinalize(() => {
      setImmediate(() => {
        if (endpoint.construction.status !== Lifecycle.Status.Active) return;
        Promise.resolve(
          endpoint.act("latchkey-cleared", async (agent) => {
            const server = agent.get(LatchkeyDoorLockServer);
            await agent.context.transaction.addResources(server);
            await agent.context.transaction.begin();
            server.forgetDeletedSlots(slots, announce);
          }),
        ).catch((error: unknown) => console.error(`matter: slots ${slots.join(", ")} not forgotten:`, error));
      });
    });
  }

  /** Forgets the records of slots the lock deleted (#keepDeleted). */
  forgetDeletedSlots(slots: readonly number[], announce: boolean) {
    for (const slot of slots) {
      if (announce) this.#mirrorSlot("code-deleted", slot, "remote");
      else this.syncSlot(slot, false);
    }
  }

  // ── Schedules: pushed to the lock as the code's window ─────────────────────

  // Each change the lock accepted is a LockUserChange (WeekDaySchedule / YearDaySchedule, Add or
  // Clear, DataIndex the schedule's index), as the Matter SDK's door-lock-server; clearing all of a
  // user's (index 0xFE) is DataIndex 0xFFFE, as the event's DataIndex field says (§5.2.11.5.7).

  override async setWeekDaySchedule(request: DoorLock.SetWeekDayScheduleRequest) {
    const fabricIndex = this.#fabric();
    if (lockDayMaskOf(request.daysMask) === 0) {
      throw new StatusResponseError("a week-day schedule needs at least one day", Status.InvalidCommand);
    }
    const before = this.state.weekDaySchedules;
    super.setWeekDaySchedule(request);
    await this.#pushAccess(request.userIndex, () => (this.state.weekDaySchedules = before));
    this.#scheduleChange(
      LockDataType.WeekDaySchedule,
      DataOperationType.Add,
      request,
      request.weekDayIndex,
      fabricIndex,
    );
  }

  override async clearWeekDaySchedule(request: DoorLock.ClearWeekDayScheduleRequest) {
    const fabricIndex = this.#fabric();
    const before = this.state.weekDaySchedules;
    super.clearWeekDaySchedule(request);
    await this.#pushAccess(request.userIndex, () => (this.state.weekDaySchedules = before));
    this.#scheduleChange(
      LockDataType.WeekDaySchedule,
      DataOperationType.Clear,
      request,
      request.weekDayIndex,
      fabricIndex,
    );
  }

  override async setYearDaySchedule(request: DoorLock.SetYearDayScheduleRequest) {
    const fabricIndex = this.#fabric();
    const before = this.state.yearDaySchedules;
    super.setYearDaySchedule(request);
    await this.#pushAccess(request.userIndex, () => (this.state.yearDaySchedules = before));
    this.#scheduleChange(
      LockDataType.YearDaySchedule,
      DataOperationType.Add,
      request,
      request.yearDayIndex,
      fabricIndex,
    );
  }

  override async clearYearDaySchedule(request: DoorLock.ClearYearDayScheduleRequest) {
    const fabricIndex = this.#fabric();
    const before = this.state.yearDaySchedules;
    super.clearYearDaySchedule(request);
    await this.#pushAccess(request.userIndex, () => (this.state.yearDaySchedules = before));
    this.#scheduleChange(
      LockDataType.YearDaySchedule,
      DataOperationType.Clear,
      request,
      request.yearDayIndex,
      fabricIndex,
    );
  }

  #scheduleChange(
    type: LockDataType,
    op: DataOperationType,
    request: { readonly userIndex: number },
    index: number,
    fabricIndex: FabricIndex,
  ) {
    this.#userChange(type, op, request.userIndex, fabricIndex, index === 0xfe ? ALL : index);
  }

  // ── What the lock reports of itself ───────────────────────────────────────

  /**
   * Turns one report from the lock into Matter state and events (called outside any fabric).
   * `origin`: the controller whose command started this bolt run (OperatingMode Passage), so its
   * unlock is a LockOperation Remote with that fabric and node like any remote unlock (§5.2.11.3).
   */
  applyReport(report: { readonly atMs: number; readonly event: LockEvent; readonly origin?: CommandOrigin }) {
    const event = report.event;
    switch (event.kind) {
      case "locked":
      case "unlocked": {
        const slot = typeof event["slot"] === "number" ? event["slot"] : null;
        const operation = event.kind === "locked" ? LockOperationType.Lock : LockOperationType.Unlock;
        this.state.lockState =
          event.kind === "locked" ? DoorLock.LockState.Locked : DoorLock.LockState.Unlocked;
        const origin = report.origin;
        this.events.lockOperation.emit(
          {
            lockOperationType: operation,
            operationSource: origin ? OperationSource.Remote : operationSourceOf(String(event["source"])),
            userIndex: slot === null ? null : this.#userOfSlot(slot),
            fabricIndex: origin?.fabricIndex ?? null,
            sourceNode: origin?.sourceNode ?? null,
            credentials:
              slot === null ? null : [{ credentialType: CredentialType.Pin, credentialIndex: slot }],
          },
          this.context,
        );
        return;
      }
      case "code-added":
      case "code-changed":
      case "code-deleted": {
        const slot = event["slot"];
        if (typeof slot !== "number") return;
        this.#mirrorSlot(event.kind, slot, String(event["source"]));
        return;
      }
      case "wrong-code": {
        // Typed at the keypad, or sent with a remote command that did not come through this node
        // (a hub, the app: ProprietaryRemote, as for their lock operations). A lock that does not
        // say (an older one behind the broker) had it typed. A code a slot holds that opens
        // nothing now names its slot: a switched-off or used-up one is DisabledUserDenied, one
        // outside its window Restricted, with its user and credential; any other is
        // InvalidCredential with none.
        // A user a controller disabled is DisabledUserDenied whatever the lock's reason (the node
        // switches such a code off with an empty window), as for a remote refusal (#refusalError).
        const slot = typeof event.slot === "number" && event.denial !== undefined ? event.slot : null;
        const userIndex = slot === null ? null : this.#userOfSlot(slot);
        const user = userIndex === null ? undefined : this.auth.findUser(userIndex);
        const operationError =
          slot === null
            ? OperationError.InvalidCredential
            : user?.userStatus === UserStatus.OccupiedDisabled ||
                event.denial === "switched-off" ||
                event.denial === "used-up"
              ? OperationError.DisabledUserDenied
              : OperationError.Restricted;
        this.events.lockOperationError.emit(
          {
            lockOperationType: LockOperationType.Unlock,
            operationSource:
              event.source === "remote" ? OperationSource.ProprietaryRemote : OperationSource.Keypad,
            operationError,
            userIndex,
            fabricIndex: null,
            sourceNode: null,
            credentials:
              slot === null ? null : [{ credentialType: CredentialType.Pin, credentialIndex: slot }],
          },
          this.context,
        );
        return;
      }
      case "wrong-code-limit":
        this.events.doorLockAlarm.emit({ alarmCode: DoorLock.AlarmCode.WrongCodeEntryLimit }, this.context);
        return;
      case "lockout-started": {
        const untilMs = event["untilMs"];
        if (typeof untilMs === "number" && untilMs > report.atMs) {
          // Our lockout is the disable time (B-SEC-1/6: it grows with repeated lockouts).
          this.state.userCodeTemporaryDisableTime = Math.min(255, Math.ceil((untilMs - report.atMs) / 1000));
        }
        return;
      }
      case "jammed":
        this.state.lockState = DoorLock.LockState.NotFullyLocked;
        this.events.doorLockAlarm.emit({ alarmCode: DoorLock.AlarmCode.LockJammed }, this.context);
        return;
      case "mode-changed":
        // Another controller (a hub, the lock page) changed the mode: subscribers hear the
        // attribute change; the lock reports only real changes, so this is one.
        this.applyMode(event.mode);
        return;
      case "settings-changed":
        this.applySettings(event.settings);
        return;
      case "factory-reset":
        this.events.doorLockAlarm.emit({ alarmCode: DoorLock.AlarmCode.LockFactoryReset }, this.context);
        this.state.users = [];
        this.state.credentials = [];
        this.state.weekDaySchedules = [];
        this.state.yearDaySchedules = [];
        return;
    }
  }

  /**
   * OperatingMode follows the lock's mode (a mode this layer does not know is ignored). Written
   * outside any fabric, so #operatingModeChanged sends nothing back to the lock.
   */
  applyMode(mode: unknown) {
    if (typeof mode !== "string" || !(LOCK_MODES as readonly string[]).includes(mode)) return;
    const shown = shownModeOf(mode as LockMode, this.state.operatingMode);
    if (this.state.operatingMode !== shown) this.state.operatingMode = shown;
  }

  /**
   * AutoRelockTime and RequirePINforRemoteOperation follow the lock's settings as it reports
   * them (`settings-changed`, `status`): every setting as it now is; a name it leaves out, or of
   * another type, changes nothing. Written outside any fabric, so nothing is sent back.
   */
  applySettings(settings: unknown) {
    if (typeof settings !== "object" || settings === null) return;
    const s = settings as Record<string, unknown>;
    if (typeof s["autoLock"] === "boolean") {
      const seconds = s["autoLockSeconds"];
      const relock = s["autoLock"] ? (typeof seconds === "number" ? seconds : null) : 0;
      if (relock !== null && Number.isInteger(relock) && relock >= 0 && this.state.autoRelockTime !== relock)
        this.state.autoRelockTime = relock;
    }
    const pin = s["requirePinForRemote"];
    if (typeof pin === "boolean" && this.state.requirePinForRemoteOperation !== pin)
      this.state.requirePinForRemoteOperation = pin;
  }

  /** A code that appeared or went at the lock itself: user N with PIN credential N (issue 12). */
  #mirrorSlot(kind: string, slot: number, source: string) {
    const auth = this.auth;
    const opSource = source === "keypad" ? OperationSource.Keypad : OperationSource.ProprietaryRemote;
    const emit = (type: LockDataType, op: DataOperationType, userIndex: number | null) =>
      this.events.lockUserChange.emit(
        {
          lockDataType: type,
          dataOperationType: op,
          operationSource: opSource,
          userIndex,
          fabricIndex: null,
          sourceNode: null,
          dataIndex: slot,
        },
        this.context,
      );
    const existing = auth.findCredential(CredentialType.Pin, slot);
    if (kind === "code-deleted") {
      if (!existing) return;
      const owner = auth.findUserIndexForCredential(CredentialType.Pin, slot);
      const userCleared = this.#forgetCredential(slot);
      emit(LockDataType.Pin, DataOperationType.Clear, owner);
      if (userCleared !== null) emit(LockDataType.UserIndex, DataOperationType.Clear, userCleared);
      return;
    }
    if (existing) {
      // The code in that slot changed at the lock: what we knew of it is stale, and its last change
      // was made outside any fabric (GetCredentialStatus answers null, not the creator's fabric).
      auth.updateCredentialData(CredentialType.Pin, slot, new Uint8Array(0), FabricIndex.NO_FABRIC);
      emit(
        LockDataType.Pin,
        DataOperationType.Modify,
        auth.findUserIndexForCredential(CredentialType.Pin, slot),
      );
      return;
    }
    const userIndex = this.#recordLockCode(slot);
    if (userIndex === null) return;
    emit(LockDataType.UserIndex, DataOperationType.Add, userIndex);
    emit(LockDataType.Pin, DataOperationType.Add, userIndex);
  }

  /**
   * Brings the records in line with what a slot holds on the lock (at start: codes set while
   * the node was off). No events: nothing happened now, the records were behind.
   */
  syncSlot(slot: number, occupied: boolean, info?: SlotState) {
    const known = this.auth.findCredential(CredentialType.Pin, slot) !== undefined;
    if (occupied && !known) this.#recordLockCode(slot);
    if (!occupied && known) this.#forgetCredential(slot);
    if (occupied && info) this.applySlot(slot, info, false);
  }

  /**
   * The slot's user follows whether the lock will take its code: a code another controller
   * switched off (a hub's or app's `setSchedule` enabled: false) or a limited-use code with no
   * use left is its user OccupiedDisabled (§5.2.10.6 GetUser; the Matter SDK's user status), and
   * switched on again OccupiedEnabled — unless the slot holds the window the node itself sends
   * for a user that may never get in (NEVER), which only a controller here undoes. `announce`:
   * with a LockUserChange (UserIndex, Modify) from outside any fabric, as for a change at the lock.
   */
  applySlot(slot: number, info: SlotState, announce = true) {
    const owner = this.#userOfSlot(slot);
    const user = owner === null ? undefined : this.auth.findUser(owner);
    if (owner === null || !user) return;
    const off = info.enabled === false || info.usesLeft === 0;
    const neverWindow = info.validFromMs === NEVER.validFromMs && info.validUntilMs === NEVER.validUntilMs;
    const status = off
      ? UserStatus.OccupiedDisabled
      : user.userStatus === UserStatus.OccupiedDisabled && neverWindow
        ? UserStatus.OccupiedDisabled
        : UserStatus.OccupiedEnabled;
    if (status === user.userStatus) return;
    this.auth.replaceUser(owner, {
      ...user,
      userStatus: status,
      lastModifiedFabricIndex: FabricIndex.NO_FABRIC,
    });
    if (!announce) return;
    this.events.lockUserChange.emit(
      {
        lockDataType: LockDataType.UserIndex,
        dataOperationType: DataOperationType.Modify,
        operationSource: OperationSource.ProprietaryRemote,
        userIndex: owner,
        fabricIndex: null,
        sourceNode: null,
        dataIndex: null,
      },
      this.context,
    );
  }

  /** Records a code the lock holds that no controller set: user N (when free) with PIN N. */
  #recordLockCode(slot: number): number | null {
    const userIndex = this.#freeUserFor(slot);
    if (userIndex === null) return null;
    // Records made at the lock belong to no fabric (index 0).
    const none = FabricIndex.NO_FABRIC;
    this.auth.addCredential(CredentialType.Pin, slot, new Uint8Array(0), none);
    this.auth.addUser({
      userIndex,
      userName: "",
      userUniqueId: null,
      userStatus: UserStatus.OccupiedEnabled,
      userType: UserType.UnrestrictedUser,
      credentialRule: DoorLock.CredentialRule.Single,
      credentials: [{ credentialType: CredentialType.Pin, credentialIndex: slot }],
      creatorFabricIndex: none,
      lastModifiedFabricIndex: none,
    });
    return userIndex;
  }

  // ── Helpers ───────────────────────────────────────────────────────────────

  #fabric(): FabricIndex {
    const fabric = this.context.fabric;
    if (fabric === undefined) throw new StatusResponseError("Fabric required", Status.UnsupportedAccess);
    return fabric;
  }

  #sourceNode() {
    const context = this.context;
    return "subject" in context && context.subject?.kind === "node" ? context.subject.id : null;
  }

  #userOfSlot(slot: number): number | null {
    return this.auth.findUserIndexForCredential(CredentialType.Pin, slot);
  }

  /** User N for slot N when free (issue 12), else the first free user. */
  #freeUserFor(slot: number): number | null {
    if (slot <= this.state.numberOfTotalUsersSupported && !this.auth.findUser(slot)) return slot;
    return this.auth.findAvailableUserIndex(this.state.numberOfTotalUsersSupported);
  }

  #accessOf(userIndex: number): UserAccess {
    const user = this.auth.findUser(userIndex);
    const weekDay = this.state.weekDaySchedules.find((s) => s.userIndex === userIndex);
    const yearDay = this.state.yearDaySchedules.find((s) => s.userIndex === userIndex);
    return {
      userStatus: user?.userStatus ?? UserStatus.OccupiedEnabled,
      userType: user?.userType ?? UserType.UnrestrictedUser,
      ...(weekDay ? { weekDay } : {}),
      ...(yearDay ? { yearDay } : {}),
    };
  }

  /**
   * Sends the code again with the user's current window. The lock keeps codes only as
   * hashes, so this needs the PIN the controller gave; a code typed in at the keypad is
   * unknown here and its window cannot change until a controller sets the PIN again.
   */
  async #sendCode(slot: number, code: string, userIndex: number | null): Promise<LinkResult> {
    const access =
      userIndex === null
        ? { userStatus: UserStatus.OccupiedEnabled, userType: UserType.UnrestrictedUser }
        : this.#accessOf(userIndex);
    return bindingOf(this.endpoint).send({ type: "setCode", slot, code, ...codeWindowOf(access) });
  }

  /**
   * After a change to a user's access: the lock gets the new window, or the change is undone.
   * Only the window is sent (`setSchedule` keeps the slot's code), for a code typed at the keypad
   * (unknown here) as for a PIN a controller gave: that PIN may be stale — changed by another
   * controller while the node was off — and sending it again put the old code back. A radio with
   * no `setSchedule` (it answers `command.invalid`) gets the code again with its window, where the
   * node knows it.
   */
  async #pushAccess(userIndex: number, undo: () => void) {
    const user = this.auth.findUser(userIndex);
    const pin = user?.credentials.find((c) => c.credentialType === CredentialType.Pin);
    if (!user || !pin) return; // nothing on the lock yet: the window goes with the code
    const slot = pin.credentialIndex;
    const window = codeWindowOf(this.#accessOf(userIndex));
    let result = await bindingOf(this.endpoint).send({
      type: "setSchedule",
      slot,
      validFromMs: window.validFromMs ?? null,
      validUntilMs: window.validUntilMs ?? null,
      weekly: window.weekly ?? null,
      // The user's status is the slot's switch too: a code another controller switched off is
      // on again once a controller here enables its user (and off while the user is disabled).
      enabled: user.userStatus !== UserStatus.OccupiedDisabled,
    });
    if (!result.ok && result.code === "command.invalid") {
      const stored = this.auth.findCredential(CredentialType.Pin, slot);
      const code = stored ? pinDigits(this.auth.decrypt(stored.credentialData)) : null;
      if (code) result = await this.#sendCode(slot, code, userIndex);
    }
    if (!result.ok) {
      undo();
      throw new StatusResponseError(`${result.code}: ${result.reason}`, statusForRefusal(result.code));
    }
  }

  async #deleteSlot(slot: number) {
    const result = await bindingOf(this.endpoint).send({ type: "deleteCode", slot });
    if (!result.ok)
      throw new StatusResponseError(`${result.code}: ${result.reason}`, statusForRefusal(result.code));
  }

  /**
   * Removes a credential record; a user left with no credential goes too (Matter DoorLock
   * §5.2.10.24): answers that user's index, else null.
   */
  #forgetCredential(slot: number): number | null {
    const auth = this.auth;
    const owner = auth.findUserIndexForCredential(CredentialType.Pin, slot);
    auth.removeCredential(CredentialType.Pin, slot);
    if (owner === null) return null;
    const user = auth.findUser(owner);
    if (!user) return null;
    const rest = user.credentials.filter(
      (c) => !(c.credentialType === CredentialType.Pin && c.credentialIndex === slot),
    );
    if (rest.length === 0) {
      auth.removeUser(owner);
      this.state.weekDaySchedules = this.state.weekDaySchedules.filter((s) => s.userIndex !== owner);
      this.state.yearDaySchedules = this.state.yearDaySchedules.filter((s) => s.userIndex !== owner);
      return owner;
    }
    auth.replaceUser(owner, { ...user, credentials: rest });
    return null;
  }

  #operationError(
    operation: LockOperationType,
    error: OperationError,
    fabricIndex: FabricIndex,
    slot: number | null = null,
  ) {
    this.events.lockOperationError.emit(
      {
        lockOperationType: operation,
        operationSource: OperationSource.Remote,
        operationError: error,
        userIndex: slot === null ? null : this.#userOfSlot(slot),
        fabricIndex,
        sourceNode: this.#sourceNode(),
        credentials: slot === null ? null : [{ credentialType: CredentialType.Pin, credentialIndex: slot }],
      },
      this.context,
    );
  }

  /**
   * The slot whose code a refused remote lock/unlock carried, when the lock refused it as that
   * code's (`code.window`: switched off or outside its window; `code.uses`: used up) — a wrong
   * code is no one's, and no other refusal names a code. The lock's answer carries no slot in
   * its data; its reason names it ("slot 3 is switched off from the app", as the hub reads it,
   * lockIssue), else the PIN is looked up among the PINs controllers set here. Only for the
   * event's user and credential: the lock has already decided.
   */
  #refusedSlot(result: { readonly code: string; readonly reason: string }, code: string): number | null {
    if (result.code !== "code.window" && result.code !== "code.uses") return null;
    const named = /\bslot (\d+)\b/.exec(result.reason);
    const slot = named ? Number(named[1]) : this.#slotOfPin(code);
    return slot !== null && this.auth.findCredential(CredentialType.Pin, slot) ? slot : null;
  }

  /** The slot of a PIN a controller set here (codes typed at the keypad are unknown), else null. */
  #slotOfPin(code: string): number | null {
    const wanted = new TextEncoder().encode(code);
    for (const c of this.auth.credentials) {
      if (c.credentialType !== CredentialType.Pin) continue;
      if (Bytes.areEqual(this.auth.decrypt(c.credentialData), wanted)) return c.credentialIndex;
    }
    return null;
  }

  /**
   * The OperationError of a refused remote lock/unlock: a code whose user is OccupiedDisabled —
   * disabled by a controller, or switched off or used up at the lock (mirrored, applySlot) — is
   * DisabledUserDenied, as the Matter SDK answers a disabled user's credential
   * (HandleRemoteLockOperation) and matter.js's own DoorLockServer; else as the lock said.
   */
  #refusalError(refusal: string, slot: number | null): OperationError {
    const userIndex = slot === null ? null : this.#userOfSlot(slot);
    const user = userIndex === null ? undefined : this.auth.findUser(userIndex);
    if (user?.userStatus === UserStatus.OccupiedDisabled) return OperationError.DisabledUserDenied;
    return operationErrorOf(refusal);
  }

  #userChange(
    type: LockDataType,
    op: DataOperationType,
    userIndex: number | null,
    fabricIndex: FabricIndex,
    dataIndex: number | null,
  ) {
    this.events.lockUserChange.emit(
      {
        lockDataType: type,
        dataOperationType: op,
        operationSource: OperationSource.Remote,
        userIndex,
        fabricIndex,
        sourceNode: this.#sourceNode(),
        dataIndex,
      },
      this.context,
    );
  }

  // ── Writable attributes that are really the lock's settings ──────────────

  /**
   * OperatingMode written by a controller: the lock's own modes go to the lock before the write
   * commits. NoRemoteLockUnlock is kept by the node over a lock in normal mode (the keypad works
   * as in Normal), so a lock in another mode is set to normal first. Refusals:
   * - Privacy while LockState is not Locked: InvalidInState (§5.2.6.15: "only possible if the
   *   door is locked"); nothing is sent.
   * - Passage where the lock asks for a PIN with a remote unlock (the write carries none; the
   *   firmware refuses `code.required`): InvalidInState, as the lock's RequirePINforRemoteOperation
   *   forbids it now, not the value itself.
   * - the lock out of reach, unpaired or silent: Failure.
   */
  async #operatingModeChanging(mode: DoorLock.OperatingMode) {
    if (this.context.fabric === undefined) return; // mirrored from the lock itself
    if (mode === DoorLock.OperatingMode.Privacy && this.state.lockState !== DoorLock.LockState.Locked) {
      throw new StatusResponseError(
        "Privacy is only possible while the door is locked (Matter DoorLock §5.2.6.15)",
        Status.InvalidInState,
      );
    }
    const lockMode = lockModeOf(mode) ?? "normal";
    if (
      mode === DoorLock.OperatingMode.NoRemoteLockUnlock &&
      bindingOf(this.endpoint).source.view()?.mode === "normal"
    )
      return; // nothing changes at the lock
    // Passage draws the bolt back once the lock answered: the unlock is this controller's.
    const origin = { fabricIndex: this.#fabric(), sourceNode: this.#sourceNode() };
    const result = await bindingOf(this.endpoint).send(
      { type: "mode", mode: lockMode },
      this.context.transaction,
      origin,
    );
    if (!result.ok)
      throw new StatusResponseError(`${result.code}: ${result.reason}`, statusForWrite(result.code));
  }

  /**
   * AutoRelockTime written by a controller is the lock's auto-lock (B-BOLT-7). A delay the
   * model does not offer is ConstraintError by the firmware's own check before anything is sent;
   * then the lock is asked, and its refusal fails the write.
   */
  async #autoRelockTimeChanging(seconds: number) {
    if (this.context.fabric === undefined) return;
    const settings: Record<string, number | boolean> =
      seconds > 0 ? { autoLock: true, autoLockSeconds: seconds } : { autoLock: false };
    await this.#sendSettings(settings);
  }

  /** RequirePINforRemoteOperation written by a controller is the lock's `requirePinForRemote`. */
  async #requirePinChanging(required: boolean) {
    if (this.context.fabric === undefined) return;
    await this.#sendSettings({ requirePinForRemote: required });
  }

  async #sendSettings(settings: Record<string, number | boolean>) {
    const profile = getProfile(bindingOf(this.endpoint).source.view()?.profileId ?? "");
    const problem = profile ? checkSettings({ profile }, settings) : null;
    if (problem) throw new StatusResponseError(problem, Status.ConstraintError);
    const result = await bindingOf(this.endpoint).send(
      { type: "settings", settings },
      this.context.transaction,
    );
    if (!result.ok)
      throw new StatusResponseError(`${result.code}: ${result.reason}`, statusForWrite(result.code));
  }
}

/** A fabric index as GetUser/GetCredentialStatus answer it: records made at the lock have none. */
function madeByFabric(index: FabricIndex | null): FabricIndex | null {
  return index === FabricIndex.NO_FABRIC ? null : index;
}

function slotOf(result: LinkResult): number | null {
  if (!result.ok || typeof result.data !== "object" || result.data === null) return null;
  const slot = (result.data as { slot?: unknown }).slot;
  return typeof slot === "number" && Number.isInteger(slot) && slot > 0 ? slot : null;
}
