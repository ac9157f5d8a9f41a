/**
 * Procedures a person carries out on the twin with their hands, in lock time: a key tap,
 * typing a sequence, the door-handing procedure of the profile, a soft reset. Fixes and the
 * troubleshooter use them, so that a fix goes through the same keys and holds a person uses.
 */
import type { KeyName } from "../core/keys.ts";
import { isDigitKey } from "../core/keys.ts";
import type { LockTwin } from "./lock-twin.ts";

/** SCENARIOS.md: each press takes 0.5 s of lock time. */
export const PRESS_MS = 500;

/** What the person knows about their lock. */
export interface PersonKnowledge {
  readonly programmingCode?: string;
}

export function tap(twin: LockTwin, key: KeyName): void {
  twin.pressKey(key);
  twin.advance(PRESS_MS / 2);
  twin.releaseKey(key);
  twin.advance(PRESS_MS / 2);
}

export function typeKeys(twin: LockTwin, keys: readonly KeyName[]): void {
  for (const k of keys) tap(twin, k);
}

export function digitsToKeys(digits: string): KeyName[] {
  return [...digits].filter((d) => isDigitKey(d as KeyName)) as KeyName[];
}

/** B-PWR-7: pack out for 15 s, back in. */
export function softReset(twin: LockTwin): void {
  twin.removePack();
  twin.advance(15_000);
  twin.insertPack();
  twin.advance(2_000);
}

/**
 * Runs the profile's door-handing procedure (B-SET-3, B-SET-4, the 910's Lock hold) with
 * the door open (B-CARE-3), then puts the door back as it was. Returns false when the
 * profile has no way to hand the door that this person can do.
 */
export function runDoorHanding(twin: LockTwin, person: PersonKnowledge): boolean {
  const wasClosed = twin.doorClosed;
  if (wasClosed) twin.setDoor(false);
  const done = handDoor(twin, person);
  twin.advance(15_000); // the bolt goes out and in by itself
  if (wasClosed) twin.setDoor(true);
  return done;
}

function handDoor(twin: LockTwin, person: PersonKnowledge): boolean {
  const boot = [...twin.profile.boot].filter((b) => b.then === "hand-door").sort((a, b) => a.holdMs - b.holdMs)[0];
  if (boot) {
    twin.removePack();
    twin.advance(10_000);
    twin.pressKey(boot.key);
    twin.insertPack();
    twin.advance(boot.holdMs + 500);
    twin.releaseKey(boot.key);
    if (boot.complete === "next-program-press") {
      twin.advance(1_000);
      tap(twin, "program");
    }
    return true;
  }
  const proc = twin.profile.procedures.find((p) => p.action === "hand-door");
  if (!proc) return false;
  const keys: KeyName[] = [];
  if (proc.start.kind === "programming-code") {
    if (!person.programmingCode) return false;
    keys.push(...digitsToKeys(person.programmingCode), "lock");
  }
  for (const t of proc.tokens) {
    if (t.t === "key") keys.push(t.key);
    else if (t.t === "digit") keys.push(t.digit as KeyName);
    else return false;
  }
  typeKeys(twin, keys);
  return true;
}
