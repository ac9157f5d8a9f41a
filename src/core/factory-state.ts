/**
 * The lock as it leaves the factory (B-SET-1) and as a factory reset leaves it (B-RST-1):
 * no user codes, the profile's default programming code or none, not handed, default
 * settings, normal mode, not paired — and its own secret, which a reset keeps (B-SEC-7).
 */
import type { LockProfile } from "./profile-types.ts";
import type { CoreState, PersistentState } from "./state.ts";
import type { DeviceSecret } from "./security/device-secret.ts";
import { storeCode, normalizeDigits } from "./code-book.ts";

/**
 * @param secret - the lock's own secret: freshly drawn when it is made, its old one when it is
 *   reset (the codes it keyed are gone; the lock is the same lock).
 */
export function factoryPersistentState(profile: LockProfile, secret: DeviceSecret): PersistentState {
  const d = profile.codes.defaultProgrammingCode;
  return {
    secret,
    codes: new Array<null>(profile.codes.capacity).fill(null),
    programmingCode: d === null ? null : storeCode(profile, secret, normalizeDigits(profile, d)),
    handing: null,
    settings: { ...profile.defaultSettings },
    mode: "normal",
    paired: false,
    lockoutLevel: 0,
    brownOuts: 0,
  };
}

/** No timer pending: every timer name present, so the record keeps one shape (state.ts). */
export const NO_TIMERS: CoreState["timers"] = Object.freeze({
  entryPause: undefined,
  sequence: undefined,
  lockout: undefined,
  motorRun: undefined,
  autoLock: undefined,
  holdProgram: undefined,
  holdReset: undefined,
  bootHold: undefined,
  bootWindow: undefined,
  batteryCheck: undefined,
});

/**
 * What the firmware holds before the pack first goes in: nothing read from the store yet, so
 * no secret and no codes. Power-up replaces it with the stored state (or makes the lock).
 */
function unreadPersistentState(profile: LockProfile): PersistentState {
  return {
    secret: "",
    codes: new Array<null>(profile.codes.capacity).fill(null),
    programmingCode: null,
    handing: null,
    settings: { ...profile.defaultSettings },
    mode: "normal",
    paired: false,
    lockoutLevel: 0,
    brownOuts: 0,
  };
}

/** An unpowered lock: what exists before the pack first goes in. */
export function unpoweredState(profile: LockProfile): CoreState {
  return {
    powered: false,
    persistent: unreadPersistentState(profile),
    entry: null,
    session: null,
    wrongCount: 0,
    wrongTimesMs: [],
    lockedOutUntilMs: null,
    programHeldSinceMs: null,
    resetHeldSinceMs: null,
    boot: null,
    boltPosition: "between",
    reported: "unknown",
    run: null,
    handing: null,
    batteryRestV: 0,
    batteryMeasuredMs: null,
    batteryMinLoadV: null,
    temperatureC: null,
    lastRun: null,
    sourceOhm: null,
    sourceLearnedMs: null,
    battery: "ok",
    doorClosed: null,
    autoLockWaiting: false,
    pairingUntilMs: null,
    timers: NO_TIMERS,
  };
}
