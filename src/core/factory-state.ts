/**
 * The lock as it leaves the factory (B-SET-1) and as a factory reset leaves it (B-RST-1):
 * no user codes, the profile's default programming code or none, not handed, default
 * settings, normal mode, not paired.
 */
import type { LockProfile } from "./profile-types.ts";
import type { CoreState, PersistentState } from "./state.ts";
import { storeCode, normalizeDigits } from "./code-book.ts";

export function factoryPersistentState(profile: LockProfile, key: Uint8Array): PersistentState {
  const d = profile.codes.defaultProgrammingCode;
  return {
    codes: new Array<null>(profile.codes.capacity).fill(null),
    programmingCode: d === null ? null : storeCode(profile, key, normalizeDigits(profile, d)),
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

/** An unpowered lock: what exists before the pack first goes in. */
export function unpoweredState(profile: LockProfile, key: Uint8Array): CoreState {
  return {
    powered: false,
    persistent: factoryPersistentState(profile, key),
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
    batteryMinLoadV: null,
    temperatureC: null,
    lastRun: null,
    sourceOhm: null,
    sourceLearnedMs: null,
    battery: "ok",
    doorClosed: null,
    autoLockWaiting: false,
    timers: NO_TIMERS,
  };
}
