/**
 * One hosted lock as a commissionable Matter node: a root endpoint, and a Door Lock
 * endpoint (USR, PIN, COTA, WDSCH, YDSCH, and DPS when the model has a door sensor) with a
 * Power Source for its pack. The lock's reports become Matter events, its view becomes
 * Matter attributes (the firmware it runs is Basic Information's software version), its
 * `status` read at start sets the attributes that are its settings; a factory reset at the
 * lock makes the node leave every fabric.
 */
import { createHash } from "node:crypto";
import type { Endpoint } from "@matter/main";
import { ServerNode, Transaction, VendorId } from "@matter/main";
import { DoorLock } from "@matter/main/clusters/door-lock";
import { DoorLockDevice } from "@matter/main/devices/door-lock";
import { getProfile } from "../../core/profiles/index.ts";
import type { CommandOrigin } from "./door-lock-binding.ts";
import { bindDoorLock } from "./door-lock-binding.ts";
import { LatchkeyDoorLockServer } from "./latchkey-door-lock-server.ts";
import type {
  LinkCommand,
  LinkResult,
  LockEvent,
  LockEventReport,
  LockView,
  MatterLockSource,
  SlotState,
} from "./lock-port.ts";
import { matterModeOf, SUPPORTED_OPERATING_MODES } from "./mode-mapping.ts";
import { matterSoftwareVersion, matterSoftwareVersionString } from "./software-version.ts";
import { initialPowerSourceState, LockPowerSourceServer, powerSourceStateOf } from "./power-source.ts";
import { doorStateOf, lockStateOf } from "./status-mapping.ts";

/** matter.js's test vendor and product: the test attestation certificates match them. */
export const TEST_VENDOR_ID = 0xfff1;
export const TEST_PRODUCT_ID = 0x8000;

/** The lock's events that LatchkeyDoorLockServer.applyReport turns into Matter events or state. */
const REPORTED_KINDS: ReadonlySet<string> = new Set([
  "locked",
  "unlocked",
  "code-added",
  "code-changed",
  "code-deleted",
  "code-used-up",
  "wrong-code",
  "wrong-code-limit",
  "lockout-started",
  "jammed",
  "factory-reset",
  "mode-changed",
  "settings-changed",
]);

/** Reports after which a slot is read back: whether the lock still takes its code (applySlot). */
const SLOT_KINDS: ReadonlySet<string> = new Set(["code-added", "code-changed", "code-used-up"]);

/** After one of our own commands, the lock's report of it arrives within this long. */
const OWN_ECHO_MS = 1_000;
/**
 * After a controller set Passage, the bolt run it started ends within this long (a motor run
 * with its jam retries takes seconds; a paced lock runs it in real time).
 */
const PASSAGE_RUN_MS = 30_000;

export interface MatterLockNodeOptions {
  readonly source: MatterLockSource;
  readonly passcode: number;
  readonly discriminator: number;
  /** UDP port; 0 picks a free one. */
  readonly port: number;
  /** Addresses to listen on; `undefined` = every interface. */
  readonly listenIpv4?: string;
  readonly listenIpv6?: string;
}

/** `GET /api/locks/{id}/matter` (issue 12: outside checks rely on these names). */
export interface MatterPairingInfo {
  readonly manual_pairing_code: string;
  readonly qr_pairing_code: string;
  readonly passcode: number;
  readonly discriminator: number;
  readonly port: number;
  readonly commissioned: boolean;
}

const withDoorSensor = LatchkeyDoorLockServer.with(
  "User",
  "PinCredential",
  "CredentialOverTheAirAccess",
  "WeekDayAccessSchedules",
  "YearDayAccessSchedules",
  "DoorPositionSensor",
);

/** What the lock will report of one of our commands, until its answer (then OWN_ECHO_MS more). */
function echoOf(
  command: LinkCommand,
): { readonly kinds: readonly string[]; readonly slot: number | null; untilMs: number } | null {
  const pending = Number.POSITIVE_INFINITY;
  switch (command.type) {
    case "lock":
      return { kinds: ["locked"], slot: null, untilMs: pending };
    case "unlock":
      return { kinds: ["unlocked"], slot: null, untilMs: pending };
    case "setCode":
    case "setSchedule":
      return { kinds: ["code-added", "code-changed"], slot: command.slot, untilMs: pending };
    case "deleteCode":
      return { kinds: ["code-deleted"], slot: command.slot, untilMs: pending };
    default:
      return null;
  }
}

/** Matter's identifiers hold 32 characters; a lock id may be a 36-character UUID. */
function shortId(id: string): string {
  return createHash("sha256").update(id).digest("hex").slice(0, 32);
}

export class MatterLockNode {
  readonly lockId: string;
  /** Our lock/unlock commands with a PIN not yet answered: only they bring a `wrong-code`. */
  private ownWithPinInFlight = 0;
  /**
   * The reports our own commands will bring (a lock or unlock's bolt run, a code set or deleted
   * in its slot), each dropped once as that command's echo: its handler has emitted the event
   * with the controller's fabric. A report of another kind or slot is another controller's, and
   * is applied — before, any remote report within 1 s of any command of ours was dropped, so a hub
   * deleting a code just after a controller's command left the node showing a PIN the lock no
   * longer held.
   */
  private readonly ownEchoes: {
    readonly kinds: readonly string[];
    readonly slot: number | null;
    untilMs: number;
  }[] = [];
  /** The controller that set Passage, until the unlock it started is reported (or it is late). */
  private passageBy: { readonly origin: CommandOrigin; readonly untilMs: number } | null = null;
  /** Command handlers whose transaction (holding the LockState they write) is not over yet. */
  private handlersOpen = 0;
  /** The view changed while a handler was open: update once it is over. */
  private viewLeft = false;
  private reports: Promise<void> = Promise.resolve();
  private readonly unsubscribe: (() => void)[] = [];
  private closed = false;
  /** An update from the host's view is queued (it will read the newest view). */
  private viewQueued = false;
  /** Settles when a factory reset at the lock has been carried out on the Matter side. */
  lastReset: Promise<void> = Promise.resolve();

  private constructor(
    readonly node: ServerNode,
    readonly lockEndpoint: Endpoint,
    private readonly source: MatterLockSource,
    private readonly hasDoorSensor: boolean,
    readonly passcode: number,
    readonly discriminator: number,
  ) {
    this.lockId = source.id;
  }

  static async create(options: MatterLockNodeOptions): Promise<MatterLockNode> {
    const { source } = options;
    const view = source.view();
    if (!view) throw new Error(`lock ${source.id} is not hosted`);
    const profile = getProfile(view.profileId);
    const short = shortId(view.id);
    const node = await ServerNode.create({
      id: `latchkey-${view.id}`,
      network: {
        port: options.port,
        ...(options.listenIpv4 ? { listeningAddressIpv4: options.listenIpv4 } : {}),
        ...(options.listenIpv6 ? { listeningAddressIpv6: options.listenIpv6 } : {}),
      },
      commissioning: { passcode: options.passcode, discriminator: options.discriminator },
      productDescription: { name: view.name.slice(0, 32), deviceType: DoorLockDevice.deviceType },
      basicInformation: {
        vendorName: "Latchkey",
        vendorId: VendorId(TEST_VENDOR_ID),
        productName: view.model.slice(0, 32),
        productId: TEST_PRODUCT_ID,
        nodeLabel: view.name.slice(0, 32),
        serialNumber: short,
        uniqueId: short,
        // The firmware the lock runs (issue 14); kept current by onView after an update.
        softwareVersion: matterSoftwareVersion(view.firmwareVersion),
        softwareVersionString: matterSoftwareVersionString(view.firmwareVersion),
      },
    });
    const server = view.hasDoorSensor ? withDoorSensor : LatchkeyDoorLockServer;
    const autoLockOn = profile?.defaultSettings["autoLock"] === true;
    const autoLockSeconds = Number(profile?.defaultSettings["autoLockSeconds"] ?? 0);
    const lockoutS = Math.ceil((profile?.lockout.durationMs ?? 60_000) / 1000);
    const endpoint = await node.add(DoorLockDevice.with(server, LockPowerSourceServer), {
      id: "lock",
      doorLock: {
        lockState: lockStateOf(view.bolt) ?? null,
        lockType: DoorLock.LockType.DeadBolt,
        // §5.2.9.3: whether the lock can take a remote lock/unlock now (reachable and paired).
        actuatorEnabled: view.online && view.paired,
        operatingMode: matterModeOf(view.mode),
        supportedOperatingModes: SUPPORTED_OPERATING_MODES,
        numberOfTotalUsersSupported: view.codeRules.capacity,
        numberOfPinUsersSupported: view.codeRules.capacity,
        // One code per person, one weekly window and one date range per code: what the
        // lock's slots hold (B-CODE-8).
        numberOfCredentialsSupportedPerUser: 1,
        numberOfWeekDaySchedulesSupportedPerUser: 1,
        numberOfYearDaySchedulesSupportedPerUser: 1,
        credentialRulesSupport: { single: true },
        minPinCodeLength: view.codeRules.minLength,
        maxPinCodeLength: view.codeRules.maxLength,
        wrongCodeEntryLimit: Math.min(255, profile?.lockout.attempts ?? 5),
        userCodeTemporaryDisableTime: Math.min(255, Math.max(1, lockoutS)),
        requirePinForRemoteOperation: false,
        autoRelockTime: autoLockOn ? autoLockSeconds : 0,
        ...(view.hasDoorSensor ? { doorState: doorStateOf(view.door) } : {}),
      },
      powerSource: initialPowerSourceState(view.battery),
    });
    const self = new MatterLockNode(
      node,
      endpoint,
      source,
      view.hasDoorSensor,
      options.passcode,
      options.discriminator,
    );
    bindDoorLock(endpoint, {
      source,
      send: (command, handler, origin) => self.sendOwn(command, handler, origin),
    });
    self.unsubscribe.push(source.link.subscribe((report) => self.onReport(report)));
    self.unsubscribe.push(source.onViewChange(() => self.onView()));
    return self;
  }

  async start(): Promise<void> {
    await this.node.start();
    await this.syncStatus();
    await this.syncSlots();
  }

  /**
   * Reads the lock's `status` so AutoRelockTime, RequirePINforRemoteOperation and OperatingMode
   * show the lock's settings and mode as they are, set before the node started or by another
   * controller while it was off (no events: nothing happened now). A lock out of reach, or one
   * whose answer carries no settings, keeps the profile's defaults until it reports a change.
   */
  async syncStatus(): Promise<void> {
    const result = await this.source.link.send({ type: "status" });
    if (!result.ok || typeof result.data !== "object" || result.data === null) return;
    const status = result.data as { mode?: unknown; settings?: unknown };
    await this.withServer("latchkey-status", (server) => {
      server.applySettings(status.settings);
      server.applyMode(status.mode);
    });
  }

  /**
   * Reads every slot back from the lock (never the code) so Matter's users and credentials
   * show what the lock holds, codes set while the node was off included. A lock out of
   * reach is left for its reports to bring up to date.
   */
  async syncSlots(): Promise<void> {
    const capacity = this.source.view()?.codeRules.capacity ?? 0;
    for (let slot = 1; slot <= Math.min(capacity, 250); slot++) {
      const result = await this.source.link.send({ type: "readSlot", slot });
      if (!result.ok) return;
      const info = result.data as (SlotState & { occupied?: unknown }) | undefined;
      const occupied = info?.occupied === true;
      await this.withServer("latchkey-sync", (server) => server.syncSlot(slot, occupied, info));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const off of this.unsubscribe.splice(0)) off();
    await this.reports.catch(() => undefined);
    await this.lastReset.catch(() => undefined);
    await this.node.close();
  }

  /** Leaves every fabric and forgets everything stored, then closes (the lock was removed). */
  async eraseAndClose(): Promise<void> {
    this.closed = true;
    for (const off of this.unsubscribe.splice(0)) off();
    await this.reports.catch(() => undefined);
    await this.lastReset.catch(() => undefined);
    await this.node.erase();
    await this.node.close();
  }

  get port(): number {
    return this.node.state.network.operationalPort;
  }

  get commissioned(): boolean {
    return this.node.state.commissioning.commissioned;
  }

  pairingInfo(): MatterPairingInfo {
    const codes = this.node.state.commissioning.pairingCodes;
    return {
      manual_pairing_code: codes.manualPairingCode,
      qr_pairing_code: codes.qrPairingCode,
      passcode: this.passcode,
      discriminator: this.discriminator,
      port: this.port,
      commissioned: this.commissioned,
    };
  }

  /**
   * Runs `work` on the Door Lock server in a transaction of its own, waiting for the state
   * lock (a controller's command may hold it while the bolt moves).
   */
  private async withServer(purpose: string, work: (server: LatchkeyDoorLockServer) => void): Promise<void> {
    await this.lockEndpoint.act(purpose, async (agent) => {
      const server = agent.get(LatchkeyDoorLockServer);
      await agent.context.transaction.addResources(server);
      await agent.context.transaction.begin();
      work(server);
    });
  }

  /** A command from a Matter controller, on its way to the lock. */
  private async sendOwn(
    command: LinkCommand,
    handler?: Transaction,
    origin?: CommandOrigin,
  ): Promise<LinkResult> {
    const withPin = (command.type === "lock" || command.type === "unlock") && command.code !== undefined;
    if (withPin) this.ownWithPinInFlight++;
    // Passage unlocks (the lock draws the bolt back after it answered): that unlock is the
    // controller's remote operation, reported with its fabric when the lock says it is done.
    const passage = command.type === "mode" && command.mode === "passage" && origin !== undefined;
    if (passage) this.passageBy = { origin, untilMs: performance.now() + PASSAGE_RUN_MS };
    // Any later command of a controller supersedes a Passage whose run never came (the bolt was
    // already back, or the lock refused to move it): the unlock that command makes is its own,
    // answered by its handler, not a second event in the name of whoever set Passage.
    else this.passageBy = null;
    // A read-only transaction never commits, so it would never let go.
    if (handler && handler.status !== Transaction.Status.ReadOnly) {
      this.handlersOpen++;
      handler.onFinalize(() => this.handlerClosed());
    }
    const echo = echoOf(command);
    if (echo) this.ownEchoes.push(echo);
    let carriedOut = false;
    try {
      const result = await this.source.link.send(command);
      carriedOut = result.ok;
      if (passage && !result.ok) this.passageBy = null;
      return result;
    } finally {
      if (withPin) this.ownWithPinInFlight--;
      // A report may still come after the answer (a lock behind the broker); a refusal brings none.
      if (echo && carriedOut) echo.untilMs = performance.now() + OWN_ECHO_MS;
      else if (echo) this.ownEchoes.splice(this.ownEchoes.indexOf(echo), 1);
    }
  }

  private handlerClosed(): void {
    this.handlersOpen--;
    if (this.handlersOpen > 0 || !this.viewLeft) return;
    this.viewLeft = false;
    // In the next turn: this commit is still on the answer's way out. Mostly the handler
    // wrote what the view says and this finds nothing to write (a handler that failed after
    // the bolt moved leaves LockState to it).
    setImmediate(() => this.onView());
  }

  /**
   * True for the lock's own report of a command this node sent (the command handler has
   * already answered and emitted the event with the controller's fabric).
   */
  private isOwnEcho(event: LockEvent): boolean {
    // A wrong PIN in a controller's LockDoor/UnlockDoor: the handler has emitted LockOperationError
    // (Remote, with its fabric); the lock's wrong-code report names no source and would be a second
    // one. The lock reports it while answering the command, so only while one with a PIN is open
    // (another controller's wrong code during a PIN-less LockDoor is its own); one it says was
    // typed at the keypad is never ours.
    if (event.kind === "wrong-code") return event.source !== "keypad" && this.ownWithPinInFlight > 0;
    if (event.source !== "remote" || this.ownEchoes.length === 0) return false;
    const now = performance.now();
    for (let i = this.ownEchoes.length - 1; i >= 0; i--)
      if (this.ownEchoes[i]!.untilMs <= now) this.ownEchoes.splice(i, 1);
    const mine = this.ownEchoes.findIndex(
      (e) => e.kinds.includes(event.kind) && (e.slot === null || e.slot === event.slot),
    );
    if (mine < 0) return false;
    this.ownEchoes.splice(mine, 1);
    return true;
  }

  /**
   * The controller whose Passage this report ends: the lock's `unlocked` (remote) report of the
   * run Passage started, or its jam. Cleared by either, by another mode, or when too late.
   */
  private passageOrigin(event: LockEvent): CommandOrigin | undefined {
    const pending = this.passageBy;
    if (pending === null) return undefined;
    if (performance.now() > pending.untilMs || (event.kind === "mode-changed" && event.mode !== "passage")) {
      this.passageBy = null;
      return undefined;
    }
    if (event.kind === "jammed") this.passageBy = null;
    if (event.kind !== "unlocked" || event.source !== "remote") return undefined;
    this.passageBy = null;
    return pending.origin;
  }

  private onReport(heard: LockEventReport): void {
    const event = heard.report.type === "event" ? heard.report.event : undefined;
    if (!event || this.closed || !REPORTED_KINDS.has(event.kind)) return;
    const origin = this.passageOrigin(event);
    // Only the kinds that become Matter events or state open a transaction; the rest (battery
    // levels, which the view carries) would cost one for nothing.
    if (origin === undefined && this.isOwnEcho(event)) return;
    const report = { atMs: heard.atMs, event, ...(origin ? { origin } : {}) };
    // One at a time, in the order the lock made them.
    this.reports = this.reports
      .then(() => this.withServer("latchkey-report", (server) => server.applyReport(report)))
      .then(() =>
        SLOT_KINDS.has(event.kind) ? this.readSlotState((event as { slot?: unknown }).slot) : undefined,
      )
      .then(() => {
        if (report.event.kind === "factory-reset") this.lastReset = this.leaveFabrics();
      })
      .catch((error: unknown) => {
        console.error(`matter: lock ${this.lockId}: report ${report.event.kind} not applied:`, error);
      });
  }

  /**
   * After another controller set, changed or used up a slot's code: whether the lock still takes
   * it (switched off, no use left) becomes its user's status (applySlot). The report does not
   * say, so the slot is read back (never the code); a lock that does not answer changes nothing.
   */
  private async readSlotState(slot: unknown): Promise<void> {
    if (typeof slot !== "number" || this.closed) return;
    const result = await this.source.link.send({ type: "readSlot", slot });
    if (!result.ok || typeof result.data !== "object" || result.data === null) return;
    const info = result.data as SlotState & { occupied?: unknown };
    if (info.occupied !== true || this.closed) return;
    await this.withServer("latchkey-slot", (server) => server.applySlot(slot, info));
  }

  /** The guides: a factory reset drops the lock from its hub; Matter's fabrics go the same way. */
  private async leaveFabrics(): Promise<void> {
    // Let the subscription carry the LockFactoryReset alarm out before the fabrics go.
    await new Promise((resolve) => setTimeout(resolve, 300));
    if (this.closed) return;
    await this.node.erase();
    this.onView();
  }

  /**
   * The host says the lock changed (several times per bolt run: motor start, end, pack).
   * One update is queued at a time and reads the newest view when it runs; it writes only
   * the attributes that differ, so a change matter.js already has costs no transaction and
   * no report to the controllers. While a LockDoor/UnlockDoor handler is open (the bolt's
   * run, at most), the update waits for it: LockState is the handler's to write, and an
   * update that ran between the lock's answer and the handler's write found LockState behind
   * and opened a transaction of its own, which waited for the handler's and then had nothing
   * to change — a transaction on the answer's path for every command.
   */
  private onView(): void {
    if (this.closed || this.viewQueued) return;
    if (this.handlersOpen > 0) {
      this.viewLeft = true;
      return;
    }
    this.viewQueued = true;
    this.reports = this.reports
      .then(async () => {
        this.viewQueued = false;
        if (this.handlersOpen > 0) {
          this.viewLeft = true;
          return;
        }
        const view = this.source.view();
        if (!view || this.closed) return;
        const patch = this.patchFor(view);
        if (patch) await this.lockEndpoint.set(patch as never);
        await this.showSoftwareVersion(view.firmwareVersion);
      })
      .catch((error: unknown) => {
        console.error(`matter: lock ${this.lockId}: state not updated:`, error);
      });
  }

  /**
   * Basic Information's SoftwareVersion and SoftwareVersionString say the firmware the lock runs
   * now: an update or a rollback changes them on the running node, and subscribed controllers
   * are told (a real lock restarts into the new image; this node stays up, so it says so itself).
   */
  private async showSoftwareVersion(version: string): Promise<void> {
    const text = matterSoftwareVersionString(version);
    const basic = this.node.state.basicInformation;
    if (basic.softwareVersionString === text) return;
    await this.node.set({
      basicInformation: { softwareVersion: matterSoftwareVersion(version), softwareVersionString: text },
    });
  }

  /**
   * What of the view the node's attributes do not show yet, or null when they show it all.
   */
  private patchFor(view: LockView): Record<string, Record<string, unknown>> | null {
    const current = this.lockEndpoint.state as unknown as {
      doorLock: Record<string, unknown>;
      powerSource: Record<string, unknown>;
    };
    const doorLock: Record<string, unknown> = {};
    const lockState = lockStateOf(view.bolt);
    if (lockState !== undefined) doorLock["lockState"] = lockState;
    if (this.hasDoorSensor) doorLock["doorState"] = doorStateOf(view.door);
    doorLock["actuatorEnabled"] = view.online && view.paired;
    // NoRemoteLockUnlock is kept on the Matter side: the lock itself is in normal mode then.
    const keepNoRemote =
      current.doorLock["operatingMode"] === DoorLock.OperatingMode.NoRemoteLockUnlock &&
      view.mode === "normal";
    if (!keepNoRemote) doorLock["operatingMode"] = matterModeOf(view.mode);
    const patch: Record<string, Record<string, unknown>> = {};
    const changed = (wanted: Record<string, unknown>, have: Record<string, unknown>) => {
      const diff = Object.entries(wanted).filter(([key, value]) => have[key] !== value);
      return diff.length === 0 ? null : Object.fromEntries(diff);
    };
    const lockDiff = changed(doorLock, current.doorLock);
    if (lockDiff) patch["doorLock"] = lockDiff;
    const powerDiff = changed(powerSourceStateOf(view.battery), current.powerSource);
    if (powerDiff) patch["powerSource"] = powerDiff;
    return Object.keys(patch).length === 0 ? null : patch;
  }
}
