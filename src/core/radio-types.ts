/**
 * The lock's radio protocol, declared once (ARCHITECTURE.md, core/): the commands a hub or
 * app sends (B-NET-1/2/3/5), the results that answer them — each carrying the request id it
 * answers — and the events the lock reports of changes made at the lock itself. Everything
 * that talks to a lock from outside (host links, hub, web, Matter, MQTT, scenario files)
 * derives its names from the constants here. The link itself (in reach, paired with whom) is
 * physical and lives in the twin and the host. The decision record: docs/decisions, "radio link protocol".
 */
import type { LogPage } from "./event-log.ts";

export const LOCK_MODES = ["normal", "vacation", "privacy", "passage"] as const;
export type LockMode = (typeof LOCK_MODES)[number];

/** A weekly window in the lock's clock (B-CODE-8): day bits Monday=1 … Sunday=64. */
export interface WeeklyWindow {
  readonly dayMask: number;
  readonly fromMinute: number;
  readonly untilMinute: number;
}

/** Every command type, in one list (schemas and docs derive from it). */
export const RADIO_COMMAND_TYPES = [
  "lock",
  "unlock",
  "setCode",
  "deleteCode",
  "setSchedule",
  "readSlot",
  "readChecksum",
  "mode",
  "settings",
  "status",
  "pair",
  "unpair",
  "updateBegin",
  "updateChunk",
  "updateFinish",
  "firmwareStatus",
  "readLog",
] as const;
export type RadioCommandType = (typeof RADIO_COMMAND_TYPES)[number];

/** Most uses a limited-use code may be given (B-CODE-1 "one use"; ours: a byte's worth). */
export const MAX_CODE_USES = 250;

export type RadioCommand =
  /**
   * Remote lock / unlock. `code` is a user code, needed when the lock's `requirePinForRemote`
   * setting is on (as Matter's RequirePINforRemoteOperation). Answered when the bolt run ended.
   */
  | { readonly type: "lock"; readonly code?: string }
  | { readonly type: "unlock"; readonly code?: string }
  | {
      readonly type: "setCode";
      readonly slot: number;
      readonly code: string;
      readonly validFromMs?: number;
      readonly validUntilMs?: number;
      readonly weekly?: WeeklyWindow;
      /** A limited-use code: it works this many times, then stops (1 = a one-time code). */
      readonly uses?: number;
    }
  | { readonly type: "deleteCode"; readonly slot: number }
  /**
   * Changes an occupied slot's window, schedule or whether it is enabled, keeping its code (so a
   * hub need not hold the code, e.g. Matter's SetWeekDaySchedule or a disabled user). A field
   * given replaces (null clears it); a field left out stays.
   */
  | {
      readonly type: "setSchedule";
      readonly slot: number;
      readonly validFromMs?: number | null;
      readonly validUntilMs?: number | null;
      readonly weekly?: WeeklyWindow | null;
      readonly enabled?: boolean;
    }
  /** What a slot holds, never the code: answered with `SlotInfo`. */
  | { readonly type: "readSlot"; readonly slot: number }
  /** A checksum of the whole user-code table: answered with `{ checksum }` (code-table-checksum.ts). */
  | { readonly type: "readChecksum" }
  /**
   * `code`: a user code, checked like a remote unlock's — needed for passage (which unlocks) when
   * the lock asks for a code with a remote unlock (`requirePinForRemote`).
   */
  | { readonly type: "mode"; readonly mode: LockMode; readonly code?: string }
  | { readonly type: "settings"; readonly settings: Readonly<Record<string, number | boolean>> }
  /** Answered with `LockStatus`. */
  | { readonly type: "status" }
  /**
   * The controller takes the lock into its network: Z-Wave inclusion after the person pressed
   * the lock's radio button, or the app's Wi-Fi join / Bluetooth pairing (profile `pairing`).
   */
  | { readonly type: "pair" }
  /** The controller removes the lock: Z-Wave exclusion (radio button again), or the app's remove. */
  | { readonly type: "unpair" }
  /**
   * Firmware over the air (issue 14, update/update-agent.ts): an image of `size` bytes is coming
   * for the inactive slot. Answered with `UpdateProgress`; the slot is erased.
   */
  | { readonly type: "updateBegin"; readonly size: number }
  /**
   * The image's bytes from `offset` (base64, at most the radio's `UPDATE_CHUNK_BYTES`), in order:
   * a chunk that does not start where the last ended is refused `update.sequence` with the
   * offset expected. Answered with `UpdateProgress`.
   */
  | { readonly type: "updateChunk"; readonly offset: number; readonly data: string }
  /**
   * The whole image has been sent: verified (signature, profile, version), then activated at a
   * reboot. A lower version than the one running is refused unless `allowDowngrade`.
   * Answered when the lock is back up, with `FirmwareStatus` after the boot (`last` says
   * updated or rolled back, and why); the boot also reports `firmware-updated` or
   * `firmware-rolled-back` to every listener.
   */
  | { readonly type: "updateFinish"; readonly allowDowngrade?: boolean }
  /** The running version and the slots: answered with `FirmwareStatus`. */
  | { readonly type: "firmwareStatus" }
  /**
   * The lock's event log after record `afterSeq` (default 0: from the oldest it holds), at most
   * `limit` records (default and most: event-log.ts MAX_LOG_PAGE; 0: where the log stands).
   * Answered with `LogPage`. B-NET-5: what happened while the link was down reaches the hub.
   */
  | { readonly type: "readLog"; readonly afterSeq?: number; readonly limit?: number };

/**
 * Refusal codes the lock itself answers with. `lock.offline`, `lock.unpaired` and
 * `lock.timeout` are the link's (the twin's and host's): the firmware never sees such a command.
 */
export const REFUSAL_CODES = [
  "lock.offline",
  "lock.unpaired",
  "lock.timeout",
  "command.invalid",
  "code.length",
  "code.conflict",
  "code.capacity",
  "code.slot",
  "code.digits",
  "code.uses",
  "code.window",
  "code.required",
  "code.wrong",
  "code.lockout",
  "code.empty",
  "settings.invalid",
  "bolt.not-handed",
  "bolt.battery-critical",
  "bolt.busy",
  "bolt.jammed",
  "bolt.wrong-end",
  "bolt.interrupted",
  "bolt.passage-mode",
  "pair.not-ready",
  "pair.already",
  "pair.not-paired",
  "update.no-key",
  "update.too-large",
  "update.not-started",
  "update.sequence",
  "update.chunk",
  "update.truncated",
  "update.format",
  "update.signature",
  "update.profile",
  "update.downgrade",
  "update.pending",
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/** What a slot holds (readSlot): never the code itself (B-SEC-4). */
export interface SlotInfo {
  readonly slot: number;
  readonly occupied: boolean;
  readonly validFromMs?: number;
  readonly validUntilMs?: number;
  readonly weekly?: WeeklyWindow;
  /** Uses left of a limited-use code; absent for a code without a limit. */
  readonly usesLeft?: number;
  /** False for a code kept but switched off (setSchedule enabled: false); absent when enabled. */
  readonly enabled?: false;
}

/** The lock's state as a status command answers it. */
export interface LockStatus {
  readonly bolt: "locked" | "unlocked" | "jammed" | "unknown";
  readonly battery: { readonly level: "ok" | "low" | "critical"; readonly percent: number };
  readonly mode: LockMode;
  readonly lockout: { readonly untilMs: number } | null;
  readonly doorClosed: boolean | null;
  readonly codes: number;
  readonly capacity: number;
  readonly handed: boolean;
  /**
   * Every setting as it now is (the profile's names), the same shape `settings-changed`
   * reports: a controller that joined late, or missed reports, reads them here.
   */
  readonly settings: Readonly<Record<string, number | boolean>>;
}

/** Where a lock or unlock came from, as the hub hears it. */
export const LOCK_SOURCES = ["keypad", "manual", "button", "auto", "remote", "one-touch"] as const;
export type LockSource = (typeof LOCK_SOURCES)[number];

/** Where a code change came from. */
export type ChangeSource = "keypad" | "remote";

/** Every event kind the lock reports, in one list (schemas, docs and scenario `radio:` derive from it). */
export const LOCK_EVENT_KINDS = [
  "locked",
  "unlocked",
  "code-added",
  "code-changed",
  "code-deleted",
  "code-used-up",
  "programming-code-changed",
  "settings-changed",
  "mode-changed",
  "factory-reset",
  "handing-done",
  "paired",
  "unpaired",
  "lockout-started",
  "lockout-ended",
  "wrong-code",
  "wrong-code-limit",
  "jammed",
  "battery-low",
  "battery-critical",
  "firmware-updated",
  "firmware-rolled-back",
] as const;
export type LockEventKind = (typeof LOCK_EVENT_KINDS)[number];

/** A change at the lock, as reported over the radio. */
/** Why a code a slot holds opened nothing (a `wrong-code` report's `denial`). */
export type CodeDenial = "switched-off" | "used-up" | "outside-window";

export type LockEvent =
  | { readonly kind: "locked" | "unlocked"; readonly source: LockSource; readonly slot?: number }
  | {
      readonly kind: "code-added" | "code-changed" | "code-deleted";
      readonly source: ChangeSource;
      readonly slot: number;
    }
  /** A limited-use code was used for the last time: it stays in its slot with 0 uses left. */
  | { readonly kind: "code-used-up"; readonly slot: number }
  | { readonly kind: "programming-code-changed"; readonly source: ChangeSource }
  /**
   * A `settings` command changed the lock's settings (issue 10): every setting as it now is,
   * so each controller that hears it — not only the one that sent the command — sees the
   * lock's settings without asking.
   */
  | {
      readonly kind: "settings-changed";
      readonly source: ChangeSource;
      readonly settings: Readonly<Record<string, number | boolean>>;
    }
  /**
   * A `mode` command changed the lock's mode (B-SEC-2): the mode it is in now, to every
   * controller that listens. Sent only when the mode changed: a command that sets the mode
   * the lock is already in is answered ok and reports nothing (as Matter reports an attribute
   * only when its value changes). A factory reset puts the lock back in `normal` and says so
   * with `factory-reset` alone.
   */
  | { readonly kind: "mode-changed"; readonly source: ChangeSource; readonly mode: LockMode }
  /** B-NET-3: sent before the lock leaves the network; `pairingDropped` when it was paired. */
  | { readonly kind: "factory-reset"; readonly pairingDropped: boolean }
  | { readonly kind: "handing-done"; readonly extendsWith: "cw" | "ccw" }
  | { readonly kind: "paired"; readonly method: PairingMethod }
  | { readonly kind: "unpaired"; readonly reason: "factory-reset" | "removed" }
  | { readonly kind: "lockout-started"; readonly untilMs: number }
  | { readonly kind: "lockout-ended" }
  /**
   * `source`: typed at the keypad, or sent with a remote command (Matter's OperationSource).
   * `slot` and `denial`: the code typed is one a slot holds but it opens nothing now — switched
   * off from the app, used up (B-CODE-1) or outside its window (B-CODE-8) — so a controller can
   * say whose it was (Matter's DisabledUserDenied or Restricted, with the user); absent for a
   * code no slot holds. Never the digits (B-SEC-4).
   */
  | {
      readonly kind: "wrong-code";
      readonly count: number;
      readonly source: ChangeSource;
      readonly slot?: number;
      readonly denial?: CodeDenial;
    }
  | { readonly kind: "wrong-code-limit"; readonly count: number }
  | { readonly kind: "jammed"; readonly target: "locked" | "unlocked" }
  | { readonly kind: "battery-low" | "battery-critical"; readonly percent: number }
  /** Issue 14: the boot after an update ran the new image's self-test and kept it. */
  | { readonly kind: "firmware-updated"; readonly version: string; readonly previous: string }
  /** Issue 14: the new image failed its first boot; the lock went back to `running`. */
  | {
      readonly kind: "firmware-rolled-back";
      readonly version: string;
      readonly running: string;
      readonly reason: string;
    };

/** How a profile pairs (profile-types.ts `pairing`). */
export type PairingMethod = "zwave-inclusion" | "wifi-join" | "bluetooth-pairing";

/** A result: answers exactly one command, by its request id. */
export type RadioResult =
  | { readonly type: "result"; readonly requestId: string; readonly ok: true; readonly data?: ResultData }
  | {
      readonly type: "result";
      readonly requestId: string;
      readonly ok: false;
      readonly code: RefusalCode;
      readonly reason: string;
    };

/**
 * What an ok result carries: a slot (readSlot), the checksum (readChecksum), the status
 * (status), or `{ slot }` — the user code's slot — when a lock or unlock sent with a code ended.
 */
export type ResultData =
  | SlotInfo
  | { readonly checksum: string }
  | LockStatus
  | { readonly slot: number }
  | FirmwareStatus
  | UpdateProgress
  | LogPage;

/** The lock's firmware (firmwareStatus, updateFinish): what runs, from which slot, what waits. */
export interface FirmwareStatus {
  readonly version: string;
  readonly slot: "A" | "B";
  /** A verified image that runs from the next boot, or null. */
  readonly pending: string | null;
  /** How the last update ended, or null before any. */
  readonly last: {
    readonly version: string;
    readonly outcome: "updated" | "rolled-back";
    readonly reason?: string;
  } | null;
}

/** An update in progress (updateBegin, updateChunk). */
export interface UpdateProgress {
  readonly slot: "A" | "B";
  readonly size: number;
  readonly received: number;
  /** Largest chunk this lock's radio carries (UPDATE_CHUNK_BYTES). */
  readonly chunkBytes: number;
}

/**
 * Largest image chunk one command carries, by radio (issue 14; ours, docs/firmware.md): a Z-Wave
 * Firmware Update Meta Data fragment after S2 encapsulation, a BLE write at a 247-byte ATT MTU,
 * one 4 KiB flash sector over Wi-Fi.
 */
export const UPDATE_CHUNK_BYTES = { zwave: 32, bluetooth: 244, wifi: 4096 } as const;
export const MAX_UPDATE_CHUNK_BYTES = 4096;

/** Everything the lock transmits. */
export type RadioReport =
  | RadioResult
  | { readonly type: "event"; readonly atMs: number; readonly event: LockEvent }
  /**
   * The lock announces itself (Z-Wave's node information frame) when a person pressed its
   * radio button: what a controller that is including or excluding listens for. The only
   * thing an unpaired lock sends unasked.
   */
  | { readonly type: "announce"; readonly profileId: string; readonly method: PairingMethod };

/** Longest request id a command may carry (bounded, as every input). */
export const MAX_REQUEST_ID_LENGTH = 64;
