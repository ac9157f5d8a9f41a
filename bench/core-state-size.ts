/**
 * Figure 3 (issue 3): bytes of core state per lock. The heap bytes (with array buffers) a
 * ready smartcode-914's core state holds — the largest capacity, 30 slots — with no codes
 * and with every slot filled, and the bytes of the record the store keeps (`encodePersistent`,
 * B-PWR-8). A last case fills every slot with a temporary, scheduled code (B-CODE-8): the
 * worst case.
 *
 * Counted as a lock really holds it (issue 17): 2,000 distinct locks kept alive at once, each
 * with its own secret and its own codes (so no two share a hash string), each state made the
 * way a lock makes it — its store record decoded at power-up, then the power-up step. Copies
 * of one state (structuredClone) are not used: they lay objects out unlike the lock does
 * (overstating), and identical records share short strings that distinct locks cannot
 * (understating).
 */
import type { CodeExtras } from "../src/core/code-book.ts";
import { checkNewCode, withSlot } from "../src/core/code-book.ts";
import type { CoreEvent } from "../src/core/events.ts";
import { factoryPersistentState, unpoweredState } from "../src/core/factory-state.ts";
import type { LockProfile } from "../src/core/profile-types.ts";
import { deviceSecretFromBytes } from "../src/core/security/device-secret.ts";
import type { CoreState, PersistentState } from "../src/core/state.ts";
import type { Step } from "../src/core/step.ts";
import { createStep } from "../src/core/step.ts";
import { decodePersistent, encodePersistent } from "../src/core/storage/persistent-codec.ts";
import type { BenchResult } from "./benchmark.ts";
import { keptBytes } from "./memory.ts";
import { FRESH_PACK_V, SeededRandom, profileById } from "./lock-fixtures.ts";

const TARGET_BYTES = 2048;
const LOCKS = 2_000;

/** A code valid for a year from 2025-01-01, weekdays 08:00–18:00: every optional field set. */
const WINDOWED: CodeExtras = {
  validFromMs: 1_735_689_600_000,
  validUntilMs: 1_767_225_600_000,
  weekly: { dayMask: 0b0011111, fromMinute: 8 * 60, untilMinute: 18 * 60 },
};

/** Lock `n`'s store record: its own secret, `count` codes of its own that meet the rules, handed and paired. */
function recordOfLock(profile: LockProfile, n: number, count: number, extras: CodeExtras): Uint8Array {
  const rng = new SeededRandom(10_000 + n);
  const secret = deviceSecretFromBytes(Uint8Array.from({ length: 16 }, () => rng.int(256)));
  let p: PersistentState = factoryPersistentState(profile, secret);
  const maxLength = Math.min(8, profile.codes.userLengthMax);
  for (let slot = 1; slot <= count;) {
    const typed = rng.digits(rng.between(profile.codes.userLengthMin, maxLength));
    const check = checkNewCode(profile, p, typed, "user", slot - 1, extras);
    if (!check.ok) continue; // a prefix clash: draw another
    p = withSlot(p, slot++, check.stored);
  }
  return encodePersistent({ ...p, handing: "cw", paired: profile.radio !== null });
}

/** The state a lock holds once powered up with `record` in its store, bolt thrown. */
function poweredUp(profile: LockProfile, step: Step, record: Uint8Array): CoreState {
  const stored = decodePersistent(record, profile.codes.capacity);
  if (stored === null) throw new Error("the bench's store record does not decode");
  const powerUp: CoreEvent = {
    type: "power.up",
    stored,
    heldKeys: [],
    boltPosition: "cw-end",
    restV: FRESH_PACK_V,
  };
  return step(unpoweredState(profile), powerUp, 0).state;
}

export function run(): BenchResult[] {
  const profile = profileById("smartcode-914");
  const step = createStep(profile);
  const capacity = profile.codes.capacity;
  const cases = [
    { label: "0 codes", count: 0, extras: {} },
    { label: `${capacity} codes`, count: capacity, extras: {} },
    { label: `${capacity} windowed codes`, count: capacity, extras: WINDOWED },
  ];
  const results: BenchResult[] = [];
  for (const { label, count, extras } of cases) {
    const records = Array.from({ length: LOCKS }, (_, n) => recordOfLock(profile, n, count, extras));
    const build = (): CoreState[] => records.map((r) => poweredUp(profile, step, r));
    build(); // warm up: code compiled on the way is not the states'
    const heapBytes = keptBytes(LOCKS, build).each.heapBytes;
    const sizes = records.map((r) => r.length).sort((a, b) => a - b);
    const common = { unit: "bytes", target: TARGET_BYTES, better: "lower" as const };
    results.push({
      name: `core state, smartcode-914 ready, ${label}`,
      value: Math.round(heapBytes),
      ...common,
      note: `heap + array buffers per lock, ${LOCKS.toLocaleString("en-US")} distinct locks kept alive, each state made from its own store record at power-up`,
    });
    results.push({
      name: `NVM record, smartcode-914 ready, ${label}`,
      value: sizes[sizes.length >> 1] ?? 0,
      ...common,
      note:
        `median of the ${LOCKS.toLocaleString("en-US")} locks' records (${sizes[0]}–${sizes[sizes.length - 1]} bytes)` +
        (count > 0 && extras === WINDOWED
          ? "; every code with validFrom/validUntil and a weekly window (B-CODE-8)"
          : ""),
    });
  }
  return results;
}
