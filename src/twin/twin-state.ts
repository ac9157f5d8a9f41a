/**
 * A lock caught at one instant, as plain data: what a host keeps in its database so the lock
 * carries on after a restart (issue 9, "Kept across restarts"). The stored firmware record
 * travels as the bytes the firmware wrote; everything else the firmware holds in RAM (a
 * lockout running, a programming session, its timers' due times) travels as its state, and
 * the physical lock (cells, door, handing, faults, the bolt and a motor run in progress) as
 * the twin's fields. Nothing here is a closure: timers are re-armed from their due times.
 */
import type { CoreState } from "../core/state.ts";
import type { ImageStoreSnapshot } from "../core/update/image-store.ts";
import type { Cell } from "./battery-cell.ts";
import type { MechanicalState, MotionSegment } from "./bolt-mechanism.ts";
import type { KeypadCondition } from "./keypad-condition.ts";

/** Bumped when the shape changes; a host refuses a state of another version rather than guess. */
export const TWIN_STATE_VERSION = 1;

export interface TwinState {
  readonly version: typeof TWIN_STATE_VERSION;
  readonly profileId: string;
  readonly nowMs: number;
  readonly seed: number;
  readonly rngState: number;
  readonly secretsDrawn: number;
  /** The latest committed store record's payload, base64 (the firmware's stored state). */
  readonly storedRecord: string | null;
  readonly firmware: CoreState | null;
  readonly cells: readonly Cell[] | null;
  readonly removedCells: readonly Cell[] | null;
  readonly contactsCorroded: boolean;
  readonly contactOhm: number;
  readonly temperatureC: number;
  readonly doorClosed: boolean;
  readonly extendDrive: "cw" | "ccw";
  readonly mech: MechanicalState;
  readonly keypad: KeypadCondition;
  readonly radioOnline: boolean;
  readonly hubKnowsLock: boolean;
  /** The running version has the keypad bug (kept for states written before issue 14). */
  readonly firmwareOutdated: boolean;
  /** Issue 14: the version the lock was made with, and its image flash once it updated. */
  readonly factoryVersion?: string;
  readonly firmwareImages?: ImageStoreSnapshot | null;
  readonly boltMm: number;
  readonly powered: boolean;
  readonly heldMask: number;
  readonly unregisteredMask: number;
  readonly motion: {
    readonly drive: "cw" | "ccw";
    readonly segments: readonly MotionSegment[];
    readonly index: number;
    readonly segmentStartMs: number;
  } | null;
  readonly counters: {
    readonly motorStarts: number;
    readonly brownOuts: number;
    readonly keyPresses: number;
    readonly missedPresses: number;
    readonly drawnMah: number;
  };
  readonly lastRun: {
    readonly startedMs: number;
    readonly peakCurrentA: number;
    readonly minSupplyV: number;
    readonly endedMs: number | null;
  } | null;
}

/** A captured state read back from storage: the checks a host makes before trusting it. */
export function isTwinState(value: unknown): value is TwinState {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<TwinState>;
  return (
    v.version === TWIN_STATE_VERSION &&
    typeof v.profileId === "string" &&
    typeof v.nowMs === "number" &&
    Number.isFinite(v.nowMs) &&
    typeof v.seed === "number" &&
    (v.storedRecord === null || typeof v.storedRecord === "string")
  );
}
