/**
 * A fleet lock as its owner leaves it after installation: a twin of the model with the
 * household's codes in its store (under the profile's rules), door handing learnt, paired
 * with its hub where it has a radio, auto-lock on or off, a fresh pack in, the door closed
 * and the bolt thrown. The twin layer's own version of scenario/build-twin.ts (which it may
 * not import), with the fleet's memory savings: a compact store. Each lock is made with its
 * own secret, drawn from its seed (B-SEC-7).
 */
import type { LockProfile } from "../../core/profile-types.ts";
import type { PersistentState } from "../../core/state.ts";
import { checkNewCode, normalizeDigits, withSlot } from "../../core/code-book.ts";
import { checkSettings } from "../../core/radio-commands.ts";
import type { PackKind } from "../battery-pack.ts";
import { LockTwin, NVM_BYTES } from "../lock-twin.ts";
import type { SeededRandom } from "../seeded-random.ts";
import { CompactNonVolatileMemory } from "./compact-memory.ts";

export interface ReadyTwinOptions {
  readonly profile: LockProfile;
  /** The twin's own seed (missed presses, corroded contacts, and the secret it is made with). */
  readonly seed: number;
  readonly startMs: number;
  readonly temperatureC: number;
  readonly codes: readonly { readonly code: string; readonly slot: number }[];
  readonly autoLock: boolean;
  readonly pack: PackKind;
}

export function readyFleetTwin(o: ReadyTwinOptions): LockTwin {
  const twin = new LockTwin({
    profile: o.profile,
    seed: o.seed,
    startMs: o.startMs,
    temperatureC: o.temperatureC,
    doorClosed: true,
    nvm: new CompactNonVolatileMemory(NVM_BYTES),
    recentRadioReports: 0, // the fleet listens when it needs an answer (issue 17: bytes a lock)
    inPlaceFirmware: true, // nothing in a fleet keeps a firmware state: step it in place (issue 17)
  });
  const made = twin.persistent();
  if (!made) throw new Error("a new twin's store holds its factory state");
  let p: PersistentState = made;
  for (const c of o.codes) {
    const check = checkNewCode(o.profile, p, c.code, "user", c.slot - 1);
    if (!check.ok) throw new Error(`fleet code ${c.code} in slot ${c.slot}: ${check.reason}`);
    p = withSlot(p, c.slot, check.stored);
  }
  const settings = o.autoLock ? autoLockSettings(o.profile) : {};
  p = {
    ...p,
    handing: twin.extendDrive,
    paired: o.profile.radio !== null,
    settings: { ...p.settings, ...settings },
  };
  twin.writeStore(p);
  twin.insertPack(o.pack);
  twin.turnByHand("lock", "thumbturn");
  twin.signals.length = 0;
  twin.history.length = 0;
  twin.recentRadioReports.length = 0;
  return twin;
}

/** Settings that switch auto-lock on at 30 s on this model (B-BOLT-7), or none if it has no auto-lock. */
function autoLockSettings(profile: LockProfile): Record<string, number | boolean> {
  const choices: Record<string, number | boolean>[] = [{ autoLock: true }, { autoLockSeconds: 30 }];
  for (const s of choices) if (checkSettings({ profile }, s) === null) return s;
  return {};
}

/**
 * A user code of `digits` digits that the profile accepts next to `taken` (B-CODE-4: no shared
 * first four digits, counted by button on shared-button keypads), drawn from `rng`.
 */
export function drawCode(
  profile: LockProfile,
  rng: SeededRandom,
  taken: readonly string[],
  digits = 4,
): string {
  const length = Math.min(Math.max(digits, profile.codes.userLengthMin), profile.codes.userLengthMax);
  for (;;) {
    let code = "";
    for (let i = 0; i < length; i++) code += String(rng.int(10));
    const prefix = normalizeDigits(profile, code.slice(0, 4));
    if (!taken.some((t) => normalizeDigits(profile, t.slice(0, 4)) === prefix)) return code;
  }
}
