/**
 * The case generator (issue 15): troubleshooting cases drawn by seed, independent of the
 * knowledge base — this folder imports only core/, twin/ and scenario/ (dependency-cruiser
 * rule `world-is-independent`, and `independence.test.ts` walks the import graph).
 *
 * A case is drawn in two steps, each from its own seeded stream, so that one case's redraws
 * never move another case:
 *
 * 1. its fault (or two) from the mix, from a stream seeded by (set, mix, kind, index);
 * 2. everything else — model, severity, household, air, oddities, the person — from a stream
 *    seeded by (…, draw). A draw is kept when its world can be built, the household and the
 *    air alone are harmless (the person, with nothing injected, sees nothing wrong and the
 *    lock passes the guides' health check), and with the faults the person does see
 *    something wrong — else the next draw is made (counted). After 40 draws (or three
 *    draws that could not be built at all) the faults themselves are drawn again (counted).
 *
 * Temperatures are drawn evenly from −20 to 35 °C; below about −5 °C a healthy lock's key
 * is already stiff on the twin (lubricant), so cold air is harmless only down to there and
 * colder draws are kept only for the cold-weather fault — whose own severity sets −5…−20 °C.
 */
import { normalizeDigits } from "../../core/code-book.ts";
import { PROFILES, PROFILE_IDS } from "../../core/profiles/index.ts";
import type { LockProfile } from "../../core/profile-types.ts";
import type { FaultId } from "../../twin/fault-ids.ts";
import { FAULT_IDS } from "../../twin/fault-ids.ts";
import { SeededRandom } from "../../twin/seeded-random.ts";
import { buildWorld } from "./build-world.ts";
import type { CaseSpec, Household, HouseholdCode, InjectedFault, Oddity } from "./case-spec.ts";
import type { MixId } from "./mixes.ts";
import { mixWeights } from "./mixes.ts";
import { reportFromLock, symptomsGone } from "./person.ts";

export type CaseKind = "single" | "double";

/** A named set of cases: the seed is all there is to it. */
export interface CaseSet {
  readonly name: string;
  readonly seed: number;
}

const DRAWS_PER_FAULT = 40;
const FAULT_REDRAWS = 5;

/** FNV-1a over a string: a seed for each (set, mix, kind, index, draw). */
export function streamSeed(parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join("/")) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

// ---------------- what can exist where (the generator's own reading of the profiles) ----------------

function hasProgrammingCode(p: LockProfile): boolean {
  return (
    p.codes.defaultProgrammingCode !== null ||
    p.procedures.some(
      (x) =>
        x.start.kind === "programming-code" || x.tokens.some((t) => t.t === "digits" && t.role === "auth"),
    )
  );
}

/** Models where the person sets a master code themselves (seed 002; the 910's optional one). */
function setsOwnMasterCode(p: LockProfile): boolean {
  return p.codes.defaultProgrammingCode === null && hasProgrammingCode(p);
}

/** A user code can be added with no master code set (the 910's is optional, MANUFACTURER.md). */
function masterCodeOptional(p: LockProfile): boolean {
  return p.procedures.some(
    (x) =>
      x.action === "add-code" &&
      x.when !== "programming-code-set" &&
      x.start.kind !== "programming-code" &&
      !x.tokens.some((t) => t.t === "digits" && t.role === "auth"),
  );
}

export function canExistOn(fault: FaultId, p: LockProfile): boolean {
  switch (fault) {
    case "vacation-mode":
    case "hub-unpaired":
    case "radio-offline":
      return p.radio !== null; // an app or hub is needed (B-SEC-2, B-NET-*)
    case "programming-code-used":
    case "master-code-forgotten":
      return hasProgrammingCode(p);
    default:
      return true;
  }
}

/** Faults that set one thing two ways cannot be present together (one pack, one typed code…). */
const ONE_OF: readonly (readonly FaultId[])[] = [
  [
    "battery-low",
    "battery-critical",
    "battery-dead",
    "battery-wrong-type",
    "battery-mixed",
    "battery-reversed",
  ],
  ["wrong-code", "programming-code-used", "master-code-forgotten"],
  ["code-conflict", "code-capacity-full"],
  ["no-user-codes", "code-deleted", "code-expired", "memory-corrupted"],
  ["not-handed", "wrong-handing", "memory-corrupted"],
  ["clutch-disengaged", "clutch-spring-broken"],
  // A lockout lives in working memory: a lock without power has none (B-PWR-7).
  ["battery-dead", "keypad-lockout"],
  ["battery-reversed", "keypad-lockout"],
];

function compatible(a: FaultId, b: FaultId): boolean {
  return a !== b && !ONE_OF.some((g) => g.includes(a) && g.includes(b));
}

function pick<T>(rng: SeededRandom, items: readonly T[], weight: (t: T) => number): T {
  const total = items.reduce((s, t) => s + weight(t), 0);
  let r = rng.next() * total;
  for (const t of items) {
    r -= weight(t);
    if (r < 0) return t;
  }
  return items[items.length - 1] as T;
}

/** The fault(s) of case `index` (redraw `again` after a fault that could not be shown). */
export function drawFaults(set: CaseSet, mix: MixId, kind: CaseKind, index: number, again = 0): FaultId[] {
  const rng = new SeededRandom(streamSeed([set.seed, mix, kind, index, "faults", again]));
  const w = mixWeights(mix);
  const first = pick(rng, FAULT_IDS, (f) => w[f]);
  if (kind === "single") return [first];
  const second = pick(
    rng,
    FAULT_IDS.filter((f) => compatible(first, f) && PROFILE_IDS.some((p) => fitsAll([first, f], p))),
    (f) => w[f],
  );
  return [first, second];
}

function fitsAll(faults: readonly FaultId[], profileId: string): boolean {
  const p = PROFILES[profileId];
  return p !== undefined && faults.every((f) => canExistOn(f, p));
}

// ---------------- households ----------------

function digits(rng: SeededRandom, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String(rng.int(10));
  return s;
}

/** Code lengths people choose: mostly 4, some 5–6, a few longer (ours). */
function codeLength(rng: SeededRandom, min: number, max: number): number {
  const r = rng.next();
  const n = r < 0.6 ? 4 : r < 0.85 ? 5 : r < 0.95 ? 6 : 7 + rng.int(2);
  return Math.max(min, Math.min(max, n));
}

/** Codes whose first four digits (as the keypad reads them) differ from every other's (B-CODE-4, B-CODE-5). */
function freshCode(rng: SeededRandom, p: LockProfile, taken: string[], kind: "user" | "programming"): string {
  const [min, max] =
    kind === "user"
      ? [p.codes.userLengthMin, p.codes.userLengthMax]
      : [p.codes.programmingLengthMin, p.codes.programmingLengthMax];
  for (;;) {
    const code = digits(rng, codeLength(rng, min, max));
    const head = normalizeDigits(p, code.slice(0, 4));
    if (!taken.includes(head)) {
      taken.push(head);
      return code;
    }
  }
}

function drawHousehold(rng: SeededRandom, p: LockProfile, faults: readonly FaultId[]): Household {
  const taken: string[] = [];
  let programmingCode: string | undefined;
  if (setsOwnMasterCode(p)) {
    // Required on the master-code models (seed 002); half the households set an optional one.
    const needed = faults.includes("programming-code-used") || faults.includes("master-code-forgotten");
    if (!masterCodeOptional(p) || rng.next() < 0.5 || needed)
      programmingCode = freshCode(rng, p, taken, "programming");
  } else if (p.codes.defaultProgrammingCode !== null) {
    // Half the households changed the default (seed 003: "a security liability"), half kept it.
    programmingCode =
      rng.next() < 0.5 ? freshCode(rng, p, taken, "programming") : p.codes.defaultProgrammingCode;
    if (programmingCode === p.codes.defaultProgrammingCode)
      taken.push(normalizeDigits(p, programmingCode.slice(0, 4)));
  }
  const ownSlot = rng.next() < 0.6 ? 1 : 2 + rng.int(3);
  const own: HouseholdCode = { slot: ownSlot, code: freshCode(rng, p, taken, "user") };
  const others: HouseholdCode[] = [];
  const nOthers = rng.int(4); // 0–3 other household codes
  for (let slot = 1; others.length < nOthers && slot <= 6; slot++) {
    if (slot === ownSlot) continue;
    others.push({ slot, code: freshCode(rng, p, taken, "user") });
  }
  // The trouble began after a battery change: how often, by cause (ours; seed 000 ties the
  // handing, missing codes and cell mistakes to battery swaps; a drained pack rules it out).
  const afterChangeP = faults.reduce((p0, f) => Math.max(p0, AFTER_BATTERY_CHANGE[f] ?? 0.1), 0);
  return {
    own,
    others,
    remembersOther: others.length > 0 && rng.next() < 0.6,
    ...(programmingCode === undefined ? {} : { programmingCode }),
    // Someone who types the programming code to get in knows it (FAULTS.md programming-code-used).
    knowsProgrammingCode:
      programmingCode !== undefined && (rng.next() < 0.85 || faults.includes("programming-code-used")),
    usesApp: p.radio !== null && rng.next() < 0.75,
    knowsCodeCount: rng.next() < 0.8,
    hasMeter: rng.next() < 0.3,
    afterBatteryChange: rng.next() < afterChangeP,
    knowsModel: rng.next() < 0.85,
  };
}

/** Share of cases that began after a battery change, by cause (ours, from seed 000's own stories). */
const AFTER_BATTERY_CHANGE: Partial<Record<FaultId, number>> = {
  "battery-reversed": 0.9,
  "battery-wrong-type": 0.7,
  "battery-mixed": 0.7,
  "not-handed": 0.5,
  "wrong-handing": 0.35,
  "no-user-codes": 0.35,
  "memory-corrupted": 0.3,
  "contacts-corroded": 0.2,
  "battery-low": 0.03,
  "battery-critical": 0.03,
  "battery-dead": 0.03,
};

function drawOddities(rng: SeededRandom, afterChange: boolean): Oddity[] {
  const out: Oddity[] = [];
  // Cells that have done some months' work, still above the 1.3 V-a-cell mark (charge ≥ 0.58).
  if (!afterChange && rng.next() < 0.5)
    out.push({ kind: "part-used-cells", charge: rng.between(0.58, 0.95) });
  if (rng.next() < 0.1) out.push({ kind: "old-lockout", daysAgo: 1 + rng.int(20) });
  if (rng.next() < 0.2) out.push({ kind: "old-mistype", hoursAgo: 1 + rng.int(48) });
  if (rng.next() < 0.1) out.push({ kind: "old-brown-out", count: 1 + rng.int(3) });
  return out;
}

const YEAR_MS = 365 * 24 * 3_600_000;
const START_2026 = Date.parse("2026-01-01T00:00:00Z");

/** Draw `draw` of case `index` with these faults: pure arithmetic on a seeded stream. */
export function candidateSpec(
  set: CaseSet,
  mix: MixId,
  kind: CaseKind,
  index: number,
  faults: readonly FaultId[],
  draw: number,
): CaseSpec {
  const rng = new SeededRandom(streamSeed([set.seed, mix, kind, index, faults.join("+"), draw]));
  const models = PROFILE_IDS.filter((id) => fitsAll(faults, id));
  const profileId = models[rng.int(models.length)] ?? "smartcode-914";
  const profile = PROFILES[profileId] as LockProfile;
  const injected: InjectedFault[] = faults.map((id) => ({ id, severity: rng.next(), variant: rng.int(60) }));
  const household = drawHousehold(rng, profile, faults);
  const day = Math.floor(rng.next() * (YEAR_MS / 86_400_000));
  const startMs = START_2026 + day * 86_400_000 + (6 + rng.int(16)) * 3_600_000 + rng.int(60) * 60_000;
  return {
    id: `${set.name}/${mix}/${kind}/${index}${draw > 0 ? `.${draw}` : ""}`,
    profile: profileId,
    faults: injected,
    temperatureC: Math.round(rng.between(-20, 35)),
    startMs,
    household,
    oddities: drawOddities(rng, household.afterBatteryChange),
    person: {
      misread: rng.between(0.03, 0.08),
      dontKnow: rng.between(0.03, 0.12),
      mentions: rng.between(0.4, 0.9),
      triedDoorOpen: rng.next() < 0.35,
    },
    seed: rng.int(2 ** 31),
  };
}

export type Rejection = "cannot-build" | "air-or-oddities-not-harmless" | "nothing-to-see";

/** Why a drawn spec is not a troubleshooting case, or null when it is one. */
export function rejectionOf(spec: CaseSpec): Rejection | null {
  const calm = buildWorld(spec, { faults: false, exact: true });
  if (typeof calm === "string") return "cannot-build";
  const calmReport = reportFromLock(calm, new SeededRandom(1));
  if (!symptomsGone(calmReport.noticed, calm)) return "air-or-oddities-not-harmless";
  const world = buildWorld(spec, { exact: true });
  if (typeof world === "string") return "cannot-build";
  const report = reportFromLock(world, new SeededRandom(1));
  return symptomsGone(report.noticed, world) ? "nothing-to-see" : null;
}

export interface DrawnCase {
  readonly spec: CaseSpec;
  /** Draws made before this one was kept, by why they were not. */
  readonly rejected: Readonly<Partial<Record<Rejection, number>>>;
  /** Times the faults themselves were drawn again (none showed after 40 draws). */
  readonly faultRedraws: number;
}

/** Case `index` of a set: the first draw that is a real troubleshooting case. */
export function drawCase(set: CaseSet, mix: MixId, kind: CaseKind, index: number): DrawnCase {
  const rejected: Partial<Record<Rejection, number>> = {};
  for (let again = 0; again < FAULT_REDRAWS; again++) {
    const faults = drawFaults(set, mix, kind, index, again);
    for (let draw = 0; draw < DRAWS_PER_FAULT; draw++) {
      const spec = candidateSpec(set, mix, kind, index, faults, again * DRAWS_PER_FAULT + draw);
      const why = rejectionOf(spec);
      if (why === null) return { spec, rejected, faultRedraws: again };
      rejected[why] = (rejected[why] ?? 0) + 1;
      // Faults that cannot be put in together whatever the household: draw them again.
      if (why === "cannot-build" && draw >= 2 && (rejected["cannot-build"] ?? 0) > draw) break;
    }
  }
  throw new Error(`case ${set.name}/${mix}/${kind}/${index}: no draw could be shown`);
}
