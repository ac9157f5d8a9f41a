/**
 * Figure 4 (issue 3): random event sequences checked per second. Each sequence is 200
 * events for a ready lock — mostly keys, now and then a whole stored code or the
 * programming code, timers (due or stale), stray position-switch and motor-current
 * readings — drawn from a seeded source, so sequence N is the same on every run. Every
 * step is checked against the invariants of STYLE.md rule 9 that a reducer makes cheap:
 * no exception escapes `step`; never unlocked by a wrong code or the programming code;
 * never more codes than capacity; stored codes stay distinct (B-CODE-4/5); what was last
 * committed to the store is the persistent state (B-PWR-8).
 */
import type { CoreEvent } from "../src/core/events.ts";
import type { KeyName } from "../src/core/keys.ts";
import type { LockProfile } from "../src/core/profile-types.ts";
import type { CoreState } from "../src/core/state.ts";
import type { Step, StepResult } from "../src/core/step.ts";
import { createStep } from "../src/core/step.ts";
import { TIMER_NAMES } from "../src/core/step-context.ts";
import { countCodes, fullHashHex } from "../src/core/code-book.ts";
import { NO_PREFIX, hashCode } from "../src/core/security/code-hash.ts";
import type { BenchResult } from "./report.ts";
import {
  DEVICE_SECRET,
  SeededRandom,
  digitKeys,
  profileById,
  readyLock,
  storedCodes,
} from "./lock-fixtures.ts";

const EVENTS_PER_SEQUENCE = 200;
const WARM_UP_SEQUENCES = 500;
const SEQUENCES = 10_000;
/** A keypad-confirmed model with a programming code, and a pause-ended model without one. */
const PROFILE_IDS = ["smartcode-914", "smartcode-264"] as const;
const POSITIONS = ["cw-end", "ccw-end", "between"] as const;

interface Lock {
  readonly profile: LockProfile;
  readonly step: Step;
  readonly ready: CoreState;
  readonly codes: readonly string[];
}

interface Violation {
  readonly seed: number;
  readonly index: number;
  readonly invariant: string;
  readonly detail: string;
}

function prepare(id: string): Lock {
  const profile = profileById(id);
  const step = createStep(profile);
  const { persistent, codes } = storedCodes(profile, 3, new SeededRandom(0x5eed));
  return { profile, step, ready: readyLock(profile, step, persistent), codes };
}

function presses(keys: readonly KeyName[]): CoreEvent[] {
  return keys.flatMap((key): CoreEvent[] => [
    { type: "key.down", key },
    { type: "key.up", key },
  ]);
}

/** The next few events a random person and a random world produce. */
function draw(rng: SeededRandom, lock: Lock, state: CoreState): CoreEvent[] {
  const r = rng.next();
  const programming = lock.profile.codes.defaultProgrammingCode;
  if (r < 0.08) {
    const keys = digitKeys(rng.pick(lock.codes));
    return presses(rng.next() < 0.5 ? [...keys, "lock"] : keys);
  }
  if (r < 0.12 && programming !== null) return presses([...digitKeys(programming), "lock"]);
  if (r < 0.6) return presses([String(rng.int(10)) as KeyName]);
  if (r < 0.68) return presses(["lock"]);
  if (r < 0.71) return presses(["program"]);
  if (r < 0.72) return [{ type: "key.down", key: "reset" }];
  if (r < 0.73) return [{ type: "key.up", key: "reset" }];
  if (r < 0.88) {
    // The record names every timer (one shape, issue 17): pending ones have a due time.
    const pending = TIMER_NAMES.filter((name) => state.timers[name] !== undefined);
    return [{ type: "timer", name: pending.length > 0 ? rng.pick(pending) : rng.pick(TIMER_NAMES) }];
  }
  if (r < 0.92) return [{ type: "timer", name: rng.pick(TIMER_NAMES) }];
  if (r < 0.97) return [{ type: "bolt.position", position: rng.pick(POSITIONS) }];
  return [{ type: "motor.current", currentMa: rng.int(1500), supplyV: 4.5 + rng.next() * 1.7 }];
}

/** Counts the keypad unlocks the wrong-code invariant looked at, so the note shows it bit. */
const seen = { unlocks: 0 };

/** The invariants that one step must keep; returns the first one broken, or null. */
function check(lock: Lock, prev: CoreState, r: StepResult): { invariant: string; detail: string } | null {
  const next = r.state;
  const p = next.persistent;
  const capacity = lock.profile.codes.capacity;
  if (p.codes.length !== capacity || countCodes(p) > capacity) {
    return {
      invariant: "never more codes than capacity (B-CODE-3)",
      detail: `${countCodes(p)} codes in ${p.codes.length} slots`,
    };
  }
  const handing = prev.persistent.handing;
  if (prev.entry !== null && next.entry === null && handing !== null) {
    const retract = handing === "cw" ? "ccw" : "cw";
    if (r.effects.some((e) => e.type === "motor" && e.drive === retract)) {
      seen.unlocks++;
      const full = hashCode(DEVICE_SECRET, "full", prev.entry);
      if (!prev.persistent.codes.some((c) => c !== null && fullHashHex(c) === full)) {
        return {
          invariant: "never unlocked by a wrong code or the programming code",
          detail: `entry "${prev.entry}"`,
        };
      }
    }
  }
  let committed = null;
  for (const e of r.effects) if (e.type === "store.commit") committed = e.state;
  if (committed !== null) {
    if (committed !== p)
      return { invariant: "the last commit is the persistent state (B-PWR-8)", detail: "" };
    const full = new Set<string>();
    const prefixes = new Set<number>();
    const programming = p.programmingCode === null ? null : fullHashHex(p.programmingCode);
    for (const c of p.codes) {
      if (c === null) continue;
      const hex = fullHashHex(c);
      if (full.has(hex) || (c.prefix !== NO_PREFIX && prefixes.has(c.prefix)) || hex === programming) {
        return {
          invariant: "stored codes stay distinct (B-CODE-4/5)",
          detail: "a duplicate code or prefix was stored",
        };
      }
      full.add(hex);
      prefixes.add(c.prefix);
    }
  }
  return null;
}

/** Runs sequence `seed`; returns the number of events stepped and the first violation. */
function runSequence(lock: Lock, seed: number): { events: number; violation: Violation | null } {
  const rng = new SeededRandom(seed);
  let state = lock.ready;
  let now = 60_000;
  let events = 0;
  while (events < EVENTS_PER_SEQUENCE) {
    for (const event of draw(rng, lock, state)) {
      if (events === EVENTS_PER_SEQUENCE) break;
      now += rng.int(700);
      if (event.type === "timer") now = Math.max(now, state.timers[event.name] ?? now);
      let r: StepResult;
      try {
        r = lock.step(state, event, now);
      } catch (error) {
        const detail = `${JSON.stringify(event)}: ${error instanceof Error ? error.message : String(error)}`;
        return { events, violation: { seed, index: events, invariant: "no exception escapes step", detail } };
      }
      events++;
      const broken = check(lock, state, r);
      if (broken) return { events, violation: { seed, index: events - 1, ...broken } };
      state = r.state;
    }
  }
  return { events, violation: null };
}

export function run(): BenchResult[] {
  const locks = PROFILE_IDS.map(prepare);
  const lockFor = (seed: number): Lock => locks[seed % locks.length]!;
  for (let seed = 1_000_000; seed < 1_000_000 + WARM_UP_SEQUENCES; seed++) runSequence(lockFor(seed), seed);

  const violations: Violation[] = [];
  let events = 0;
  seen.unlocks = 0;
  const t0 = performance.now();
  for (let seed = 1; seed <= SEQUENCES; seed++) {
    const r = runSequence(lockFor(seed), seed);
    events += r.events;
    if (r.violation) violations.push(r.violation);
  }
  const seconds = (performance.now() - t0) / 1000;
  const first = violations[0];
  return [
    {
      name: "random sequences checked per second",
      value: Math.round(SEQUENCES / seconds),
      unit: "sequences/s",
      note:
        `${SEQUENCES.toLocaleString("en-US")} seeded sequences of ${EVENTS_PER_SEQUENCE} events ` +
        `(${PROFILE_IDS.join(", ")} alternately), ${Math.round(events / seconds).toLocaleString("en-US")} checked events/s, ` +
        `${seen.unlocks.toLocaleString("en-US")} keypad unlocks checked against the stored codes`,
    },
    {
      name: "random sequences breaking an invariant",
      value: violations.length,
      unit: "sequences",
      target: 0,
      better: "lower",
      ...(first
        ? { note: `first: seed ${first.seed}, event ${first.index}: ${first.invariant} — ${first.detail}` }
        : {}),
    },
  ];
}
