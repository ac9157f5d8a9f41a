/**
 * Operating modes (Matter DoorLock §5.2.6.8): Normal, Vacation, Privacy and Passage are
 * the lock's own modes, set on the lock over its link and enforced by its firmware.
 * NoRemoteLockUnlock has no firmware mode: it concerns only remote commands, so this
 * layer enforces it for Matter's own lock/unlock commands (docs/matter.md says so).
 */
import { DoorLock } from "@matter/main/clusters/door-lock";
import type { LockMode } from "./lock-port.ts";

export function matterModeOf(mode: LockMode): DoorLock.OperatingMode {
  switch (mode) {
    case "vacation":
      return DoorLock.OperatingMode.Vacation;
    case "privacy":
      return DoorLock.OperatingMode.Privacy;
    case "passage":
      return DoorLock.OperatingMode.Passage;
    default:
      return DoorLock.OperatingMode.Normal;
  }
}

/**
 * OperatingMode for the lock's mode, as the node shows it: NoRemoteLockUnlock, kept on the Matter
 * side over a lock in normal mode, stays while the lock is in normal mode.
 */
export function shownModeOf(mode: LockMode, current: DoorLock.OperatingMode): DoorLock.OperatingMode {
  if (current === DoorLock.OperatingMode.NoRemoteLockUnlock && mode === "normal") return current;
  return matterModeOf(mode);
}

/** The lock's mode for a Matter mode; null for NoRemoteLockUnlock (kept on the Matter side). */
export function lockModeOf(mode: DoorLock.OperatingMode): LockMode | null {
  switch (mode) {
    case DoorLock.OperatingMode.Normal:
      return "normal";
    case DoorLock.OperatingMode.Vacation:
      return "vacation";
    case DoorLock.OperatingMode.Privacy:
      return "privacy";
    case DoorLock.OperatingMode.Passage:
      return "passage";
    default:
      return null;
  }
}

/**
 * SupportedOperatingModes is a bitmap where a CLEAR bit means supported (§5.2.6.9);
 * matter.js wants `alwaysSet` 2047 for the reserved bits.
 */
export const SUPPORTED_OPERATING_MODES = {
  normal: false,
  vacation: false,
  privacy: false,
  noRemoteLockUnlock: false,
  passage: false,
  alwaysSet: 2047,
} as const;
