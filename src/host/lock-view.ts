/**
 * A hosted lock as the layers above see it (hub, integrations): plain data, the same for a
 * lock in this process or, later, behind a broker. What a person at the door could see or an
 * app is told — never a stored code.
 */
import type { FirmwareStatus, LockMode } from "../core/radio-types.ts";
import type { HostedLock } from "./hosted-lock.ts";

export interface LockView {
  readonly id: string;
  readonly name: string;
  readonly profileId: string;
  /** The profile's display name, e.g. "SmartCode 914". */
  readonly model: string;
  readonly radio: "zwave" | "wifi" | "bluetooth" | null;
  readonly bolt: "locked" | "unlocked" | "locking" | "unlocking" | "jammed" | "unknown";
  readonly door: "open" | "closed" | null;
  readonly hasDoorSensor: boolean;
  readonly battery: {
    readonly percent: number;
    readonly volts: number;
    readonly level: "ok" | "low" | "critical" | "dead";
  } | null;
  /** The radio can reach the lock now (power, link up, the hub knows it). */
  readonly online: boolean;
  /** The lock is paired with the hub (its stored state says so). */
  readonly paired: boolean;
  readonly lockout: { readonly untilMs: number } | null;
  readonly mode: LockMode;
  /** The firmware version the lock runs now (issue 14): changes with an update or a rollback. */
  readonly firmwareVersion: string;
  /** The lock's firmware as it answers `firmwareStatus`: version, slot, pending image, last outcome. */
  readonly firmware: FirmwareStatus;
  readonly codeRules: {
    readonly minLength: number;
    readonly maxLength: number;
    readonly capacity: number;
    /** B-CODE-4: leading digits that must differ between codes on this lock; null = whole codes. */
    readonly uniquePrefixDigits: number | null;
  };
  /** The lock's clock, epoch ms. */
  readonly lockTimeMs: number;
}

export function viewOf(lock: HostedLock): LockView {
  const t = lock.twin;
  const p = t.profile;
  const fw = t.firmware.state;
  const persistent = t.persistent();
  const firmware = t.firmwareStatus();
  const boltState = t.boltState();
  let bolt: LockView["bolt"];
  if (boltState === "moving") {
    const target = fw.run?.target;
    bolt = target === "retracted" ? "unlocking" : "locking";
  } else if (boltState === "jammed") bolt = "jammed";
  else if (t.powered && fw.reported === "jammed") bolt = "jammed";
  else bolt = boltState === "extended" ? "locked" : "unlocked";
  const cells = t.cells;
  const percent = cells
    ? Math.round((100 * cells.reduce((sum, c) => sum + (c.reversed ? 0 : c.charge), 0)) / cells.length)
    : 0;
  return {
    id: lock.id,
    name: lock.name,
    profileId: p.id,
    model: p.name,
    radio: p.radio,
    bolt,
    door: p.interior.doorSensor ? (t.doorClosed ? "closed" : "open") : null,
    hasDoorSensor: p.interior.doorSensor,
    battery: cells
      ? {
          percent: Math.max(0, Math.min(100, percent)),
          volts: Math.round(t.packRestV() * 1000) / 1000,
          level: t.powered ? fw.battery : "dead",
        }
      : null,
    online: t.radioStatus().online,
    paired: t.radioStatus().paired,
    lockout: t.powered && fw.lockedOutUntilMs !== null ? { untilMs: fw.lockedOutUntilMs } : null,
    mode: persistent?.mode ?? "normal",
    firmwareVersion: firmware.version,
    firmware,
    codeRules: {
      minLength: p.codes.userLengthMin,
      maxLength: p.codes.userLengthMax,
      capacity: p.codes.capacity,
      uniquePrefixDigits: p.codes.uniquePrefixDigits,
    },
    lockTimeMs: t.clock.nowMs,
  };
}
