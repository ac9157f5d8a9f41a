/**
 * What every benchmark starts from: a seeded random source (no Math.random, so each run
 * feeds the core the same inputs), a fixed lock secret, codes that meet the
 * profile's rules, and a powered, handed lock with the bolt extended ("ready").
 */
import type { CoreEvent } from "../src/core/events.ts";
import type { KeyName } from "../src/core/keys.ts";
import type { LockProfile } from "../src/core/profile-types.ts";
import type { CoreState, PersistentState } from "../src/core/state.ts";
import type { CodeExtras } from "../src/core/code-book.ts";
import type { Step } from "../src/core/step.ts";
import { checkNewCode, withSlot } from "../src/core/code-book.ts";
import { factoryPersistentState, unpoweredState } from "../src/core/factory-state.ts";
import type { DeviceSecret } from "../src/core/security/device-secret.ts";
import { deviceSecretFromBytes } from "../src/core/security/device-secret.ts";
import { getProfile } from "../src/core/profiles/index.ts";

/** The secret of every benchmark lock (B-SEC-7): fixed, so every run hashes the same. */
export const DEVICE_SECRET: DeviceSecret = deviceSecretFromBytes(
  new TextEncoder().encode("latchkey-dev-key"),
);

/** Rest voltage of a fresh four-cell alkaline pack. */
export const FRESH_PACK_V = 6.2;

/** An event and the lock time at which it reaches `step`. */
export interface TimedEvent {
  readonly atMs: number;
  readonly event: CoreEvent;
}

/** mulberry32: small, fast and good enough to pick keys and gaps reproducibly. */
export class SeededRandom {
  private a: number;

  constructor(seed: number) {
    this.a = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.a = (this.a + 0x6d2b79f5) | 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }

  digits(length: number): string {
    let out = "";
    for (let i = 0; i < length; i++) out += String(this.int(10));
    return out;
  }
}

export function profileById(id: string): LockProfile {
  const profile = getProfile(id);
  if (!profile) throw new Error(`no profile "${id}"`);
  return profile;
}

/**
 * `count` user codes of 4 to the profile's maximum digits that the profile accepts together
 * (B-CODE-4 distinct prefixes, none equal to the programming code), stored in slots 1..count.
 */
export function storedCodes(
  profile: LockProfile,
  count: number,
  rng: SeededRandom,
  extras: (slot: number) => CodeExtras = () => ({}),
): { persistent: PersistentState; codes: string[] } {
  let persistent = factoryPersistentState(profile, DEVICE_SECRET);
  const codes: string[] = [];
  const maxLength = Math.min(8, profile.codes.userLengthMax);
  while (codes.length < count) {
    const typed = rng.digits(rng.between(profile.codes.userLengthMin, maxLength));
    const slot = codes.length + 1;
    const check = checkNewCode(profile, persistent, typed, "user", slot - 1, extras(slot));
    if (!check.ok) continue; // a prefix clash: draw another
    persistent = withSlot(persistent, slot, check.stored);
    codes.push(typed);
  }
  return { persistent, codes };
}

/** A digit string of the given length that is none of `codes` (so a wrong entry). */
export function wrongCode(rng: SeededRandom, codes: readonly string[], length: number): string {
  for (;;) {
    const typed = rng.digits(length);
    if (!codes.includes(typed)) return typed;
  }
}

/**
 * A powered lock that is handed (extend = cw) and locked, with `persistent` in its store:
 * the state right after the pack goes in at lock time 0.
 */
export function readyLock(profile: LockProfile, step: Step, persistent: PersistentState): CoreState {
  const stored: PersistentState = { ...persistent, handing: "cw", paired: profile.radio !== null };
  const powerUp: CoreEvent = {
    type: "power.up",
    stored,
    heldKeys: [],
    boltPosition: "cw-end",
    restV: FRESH_PACK_V,
  };
  return step(unpoweredState(profile), powerUp, 0).state;
}

/** Key down then key up for each key, `gapMs` apart, starting at `atMs`. */
export function keyPresses(keys: readonly KeyName[], atMs: number, gapMs: number, holdMs = 90): TimedEvent[] {
  const out: TimedEvent[] = [];
  keys.forEach((key, i) => {
    const at = atMs + i * gapMs;
    out.push({ atMs: at, event: { type: "key.down", key } });
    out.push({ atMs: at + holdMs, event: { type: "key.up", key } });
  });
  return out;
}

export function digitKeys(code: string): KeyName[] {
  return [...code] as KeyName[];
}
