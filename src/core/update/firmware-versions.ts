/**
 * What each firmware version changes, as data the lock reads (issue 14, B-NET-4). A version's
 * behaviour is the sum of the changes of every release up to it: the core never tests a
 * version number in its logic, it asks `behaviourOf(version)` for a flag.
 *
 * v1.0 shipped with the keypad debounce bug behind the `firmware-outdated` fault (seed 004:
 * "outdated software is a common cause of unexpected behavior"): a bouncing key contact is
 * counted as a second press, about one press in four. v1.1 fixed it.
 */

/** A behaviour a version may have, each false in a lock with no firmware quirks. */
export interface FirmwareBehaviour {
  /** A key contact's bounce counts as a second press (the v1.0 bug, FAULTS.md firmware-outdated). */
  readonly keypadDoubleCount: boolean;
}

/** One change a release made, as an owner reads it in the app's release notes. */
export interface FirmwareChange {
  readonly id: string;
  readonly text: string;
  /** The behaviour flags this change sets (a fix sets a bug's flag false). */
  readonly sets: Partial<FirmwareBehaviour>;
}

export interface FirmwareRelease {
  readonly version: string;
  readonly changes: readonly FirmwareChange[];
}

/** Every release, oldest first. */
export const FIRMWARE_RELEASES: readonly FirmwareRelease[] = [
  {
    version: "1.0.0",
    changes: [
      {
        id: "first-release",
        text: "First release. Known bug: a bouncing key contact may count as two presses.",
        sets: { keypadDoubleCount: true },
      },
    ],
  },
  {
    version: "1.1.0",
    changes: [
      {
        id: "keypad-debounce",
        text: "Keypad: a bouncing key contact is no longer counted as a second press (firmware-outdated).",
        sets: { keypadDoubleCount: false },
      },
    ],
  },
];

/** The version an old lock leaves the factory with (the one with the keypad bug). */
export const FIRST_VERSION = "1.0.0";
/** The newest release the project knows: what a lock made today runs. */
export const LATEST_VERSION = FIRMWARE_RELEASES[FIRMWARE_RELEASES.length - 1]!.version;

const VERSION_PATTERN = /^(0|[1-9]\d{0,4})\.(0|[1-9]\d{0,4})\.(0|[1-9]\d{0,4})$/;

/** Whether a string is a version this lock can compare: MAJOR.MINOR.PATCH, each 0–99999. */
export function isVersion(text: unknown): text is string {
  return typeof text === "string" && VERSION_PATTERN.test(text);
}

/** Negative when a is older than b, 0 when equal, positive when newer (numeric per part). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".");
  const pb = b.split(".");
  for (let i = 0; i < 3; i++) {
    const d = Number(pa[i]) - Number(pb[i]);
    if (d !== 0) return d;
  }
  return 0;
}

const NO_QUIRKS: FirmwareBehaviour = Object.freeze({ keypadDoubleCount: false });
const behaviourCache = new Map<string, FirmwareBehaviour>();

/**
 * The behaviour of a version: every known release up to it applied in order. A version newer
 * than every known release has all their fixes (a build the hub signed after this table).
 */
export function behaviourOf(version: string): FirmwareBehaviour {
  const cached = behaviourCache.get(version);
  if (cached) return cached;
  let behaviour: FirmwareBehaviour = NO_QUIRKS;
  if (isVersion(version)) {
    for (const release of FIRMWARE_RELEASES) {
      if (compareVersions(release.version, version) > 0) break;
      for (const change of release.changes) behaviour = { ...behaviour, ...change.sets };
    }
  }
  const frozen = Object.freeze(behaviour);
  if (behaviourCache.size < 256) behaviourCache.set(version, frozen);
  return frozen;
}

/** The release notes from `from` (exclusive) to `to` (inclusive), for an owner's "update available". */
export function changesBetween(from: string, to: string): readonly FirmwareChange[] {
  return FIRMWARE_RELEASES.filter(
    (r) => compareVersions(r.version, from) > 0 && compareVersions(r.version, to) <= 0,
  ).flatMap((r) => r.changes);
}
