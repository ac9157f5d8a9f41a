/**
 * A case spec built into a world: the household's lock as a twin (its model, codes,
 * programming code, the air at the door, the clock), its harmless oddities, then its faults
 * at their severities; and the person at it — what they know and how they perceive. The
 * same spec builds the same world every time (the twin and the person's noise are seeded),
 * so the troubleshooter and each baseline meet identical locks.
 */
import { getProfile } from "../../core/profiles/index.ts";
import { buildTwin } from "../../scenario/build-twin.ts";
import { newCell } from "../../twin/battery-cell.ts";
import type { LockTwin } from "../../twin/lock-twin.ts";
import type { Person } from "../../twin/person.ts";
import { SeededRandom } from "../../twin/seeded-random.ts";
import { editStoredState } from "../../twin/stored-state-edits.ts";
import type { CaseSpec, Oddity } from "./case-spec.ts";
import { PACK_FAULTS, injectAtSeverity, putCells, typeCode } from "./inject-fault.ts";
import type { Senses } from "./lock-at-hand.ts";
import type { LockAtHand } from "./lock-at-hand.ts";

const HOUR_MS = 3_600_000;

/** Faults that edit the lock's memory or need it running: after the pack is settled. */
const NEEDS_POWER: ReadonlySet<string> = new Set([
  "not-handed",
  "no-user-codes",
  "code-deleted",
  "code-expired",
  "code-capacity-full",
  "memory-corrupted",
  "vacation-mode",
]);

export interface World extends LockAtHand {
  readonly spec: CaseSpec;
}

/**
 * Builds the world of a spec; with `faults: false` the same household and air without its
 * faults (to check that the oddities and the temperature alone are harmless). A string is
 * why it cannot be built.
 */
export function buildWorld(
  spec: CaseSpec,
  options: { faults?: boolean; exact?: boolean } = {},
): World | string {
  const profile = getProfile(spec.profile);
  if (!profile) return `unknown profile "${spec.profile}"`;
  const h = spec.household;
  const built = buildTwin(
    {
      line: 1,
      profile: spec.profile,
      state: "ready",
      door: "closed",
      batteries: "fresh",
      codes: [h.own, ...h.others].map((c) => ({ slot: c.slot, code: c.code })),
      ...(h.programmingCode === undefined ? {} : { programmingCode: h.programmingCode }),
      faults: [],
      temperatureC: spec.temperatureC,
      settings: {},
      timeMs: spec.startMs,
    },
    spec.id,
    { seed: spec.seed },
  );
  if ("problems" in built) return built.problems.map((p) => p.reason).join("; ");
  const { twin } = built;
  const person: Person = {
    code: h.own.code,
    slot: h.own.slot,
    ...(h.programmingCode !== undefined && h.knowsProgrammingCode
      ? { programmingCode: h.programmingCode }
      : {}),
    otherCodes: h.remembersOther ? h.others.map((o) => ({ ...o })) : [],
  };
  for (const o of spec.oddities) applyOddity(twin, person, o, spec.seed);

  if (options.faults !== false) {
    const faults = spec.faults;
    const order = [
      ...faults.filter((f) => !PACK_FAULTS.has(f.id) && !NEEDS_POWER.has(f.id) && f.id !== "keypad-lockout"),
      ...faults.filter((f) => PACK_FAULTS.has(f.id)),
      ...faults.filter((f) => NEEDS_POWER.has(f.id)),
      ...faults.filter((f) => f.id === "keypad-lockout"),
    ];
    for (const [i, f] of order.entries()) {
      const r = injectAtSeverity(twin, person, f, (spec.seed ^ (0x9e3779b1 * (i + 1))) >>> 0);
      if (!r.ok) return `${f.id}: ${r.reason}`;
    }
  }
  twin.advance(5_000);
  const senses: Senses | undefined = options.exact
    ? undefined
    : {
        rng: new SeededRandom((spec.seed ^ 0x5bd1e995) >>> 0),
        misread: spec.person.misread,
        dontKnow: spec.person.dontKnow,
      };
  return {
    spec,
    twin,
    person,
    profile: spec.profile,
    ...(h.knowsCodeCount ? { codeCount: 1 + h.others.length + extraCodes(spec) } : {}),
    household: {
      usesApp: h.usesApp && profile.radio !== null,
      hasMeter: h.hasMeter,
      afterBatteryChange: h.afterBatteryChange,
      triedDoorOpen: spec.person.triedDoorOpen,
      mentions: spec.person.mentions,
      knowsModel: h.knowsModel,
    },
    ...(senses ? { senses } : {}),
  };
}

/** Codes the household added that the spec does not list (a full lock's extra codes). */
function extraCodes(spec: CaseSpec): number {
  // A household with every slot full knows it has that many codes (B-CARE-5 "code count").
  return spec.faults.some((f) => f.id === "code-capacity-full")
    ? (getProfile(spec.profile)?.codes.capacity ?? 30) - 1 - spec.household.others.length
    : 0;
}

/** What happened to the lock before the trouble: harmless on its own (generate-cases checks). */
function applyOddity(twin: LockTwin, person: Person, o: Oddity, seed: number): void {
  const rng = new SeededRandom((seed ^ 0x27d4eb2f) >>> 0);
  switch (o.kind) {
    case "part-used-cells":
      putCells(
        twin,
        [0, 1, 2, 3].map(() => newCell("alkaline", Math.min(1, o.charge + rng.between(-0.01, 0.01)))),
      );
      return;
    case "old-lockout": {
      // Someone tried codes until it locked out; it ended by itself; later the right code.
      const own = person.code ?? "";
      for (let i = 0; i < 12 && twin.powered && twin.firmware.state.lockedOutUntilMs === null; i++) {
        const guess = [...own].map((d, k) => String((Number(d) + 3 + i + k) % 10)).join("");
        typeCode(twin, guess);
      }
      twin.advance(o.daysAgo * 24 * HOUR_MS);
      if (own) typeCode(twin, own);
      twin.advance(HOUR_MS);
      return;
    }
    case "old-mistype": {
      const own = person.code ?? "";
      if (!own) return;
      const wrong = own.slice(0, -1) + String((Number(own.at(-1)) + 5) % 10);
      typeCode(twin, wrong);
      typeCode(twin, own);
      twin.advance(o.hoursAgo * HOUR_MS);
      return;
    }
    case "old-brown-out":
      editStoredState(twin, (p) => ({ ...p, brownOuts: p.brownOuts + o.count }));
      return;
  }
}
