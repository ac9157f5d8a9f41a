/**
 * FAULTS.md faults put into a twin at a chosen severity — packs drained to different
 * levels, contacts from a thin film to a crust, a strike off by a little or a lot, a bolt
 * from dry to rusty, grime from a few missed presses to most, a lockout just begun or nearly
 * over, a code wrong in one digit or an old code altogether. Each works on the twin's
 * physical state or on what the person knows, like the twin's own `injectFault` (which the
 * faults with only one form use); none changes what the firmware decides.
 *
 * The ranges are ours, chosen from the twin's physics (docs/twin.md): a 4×AA alkaline pack
 * at 20 °C stops extending the bolt below about 0.42 of its charge (1.23 V a cell) and
 * reads "critical" below 0.26 (1.13 V); the motor stalls near 31 N on a fresh pack, a key
 * feels stiff from 21 N (bolt-mechanism.ts).
 */
import { normalizeDigits } from "../../core/code-book.ts";
import { newCell } from "../../twin/battery-cell.ts";
import type { Cell } from "../../twin/battery-cell.ts";
import { injectFault } from "../../twin/faults.ts";
import type { LockTwin } from "../../twin/lock-twin.ts";
import type { Person } from "../../twin/person.ts";
import { codeTyped } from "../../twin/person.ts";
import { enterCode } from "../../twin/person-actions.ts";
import { SeededRandom } from "../../twin/seeded-random.ts";
import { editStoredState } from "../../twin/stored-state-edits.ts";
import type { TwinOutcome } from "../../twin/twin-outcome.ts";
import { OK, refused } from "../../twin/twin-outcome.ts";
import type { InjectedFault } from "./case-spec.ts";

/** Faults that set the pack: they go in after the faults that need a running lock. */
export const PACK_FAULTS: ReadonlySet<string> = new Set([
  "battery-low",
  "battery-critical",
  "battery-dead",
  "battery-wrong-type",
  "battery-mixed",
  "battery-reversed",
]);

const lerp = (a: number, b: number, t: number): number => a + (b - a) * t;

/** Replaces the cells in the holder (as a person swapping a pack) and powers up on them. */
export function putCells(twin: LockTwin, cells: Cell[]): void {
  twin.removePack();
  twin.cells = cells;
  twin.glitch(); // the pack going in: power-up on these cells (nothing if they cannot power it)
}

/** Four cells near `charge`, each a little different (cells from one pack drain alike). */
function alkalinePack(charge: number, rng: SeededRandom): Cell[] {
  return [0, 1, 2, 3].map(() =>
    newCell("alkaline", Math.min(1, Math.max(0, charge + rng.between(-0.012, 0.012)))),
  );
}

export function injectAtSeverity(
  twin: LockTwin,
  person: Person,
  fault: InjectedFault,
  seed: number,
): TwinOutcome {
  const rng = new SeededRandom(seed);
  const s = Math.min(1, Math.max(0, fault.severity));
  const v = fault.variant;
  switch (fault.id) {
    case "battery-low":
      putCells(twin, alkalinePack(lerp(0.4, 0.29, s), rng)); // unlocks, cannot extend
      return OK;
    case "battery-critical":
      putCells(twin, alkalinePack(lerp(0.24, 0.08, s), rng)); // reads critical (B-PWR-3)
      return OK;
    case "battery-dead":
      putCells(
        twin,
        [0, 1, 2, 3].map(() => newCell("alkaline", lerp(0.009, 0, s) * rng.next())),
      ); // under the brown-out: no beep, no light
      return OK;
    case "battery-wrong-type":
      putCells(
        twin,
        v % 5 === 4
          ? [0, 1, 2, 3].map(() => newCell("lithium", lerp(1, 0.5, s)))
          : [0, 1, 2, 3].map(() => newCell("nimh", lerp(1, 0.25, s))),
      );
      return OK;
    case "battery-mixed": {
      // Two old cells among the four, wherever they went.
      const old = lerp(0.4, 0.05, s);
      const pairs = [
        [0, 1],
        [0, 2],
        [0, 3],
        [1, 2],
        [1, 3],
        [2, 3],
      ];
      const at = pairs[v % pairs.length] ?? [0, 1];
      putCells(
        twin,
        [0, 1, 2, 3].map((i) => newCell("alkaline", at.includes(i) ? old : rng.between(0.95, 1))),
      );
      return OK;
    }
    case "battery-reversed":
      putCells(
        twin,
        [0, 1, 2, 3].map((i) => newCell("alkaline", rng.between(0.8, 1), i === v % 4)),
      );
      return OK;
    case "contacts-corroded":
      if (v % 2 === 0) {
        // A crust whose resistance changes from run to run (the twin's own, 1–9 Ω).
        return injectFault(twin, "contacts-corroded", person);
      }
      // A steady film: a fixed resistance, from a little to a lot (ours: 1–5 Ω).
      twin.contactOhm = lerp(1, 5, s);
      return OK;
    case "strike-misaligned":
      twin.mech = { ...twin.mech, strikeLoadN: lerp(8, 24, s) };
      return OK;
    case "bolt-dry":
      twin.mech = { ...twin.mech, frictionN: lerp(10, 20, s) };
      return OK;
    case "keypad-dirty":
      twin.keypad = { ...twin.keypad, dirtyMissChance: lerp(0.15, 0.6, s) };
      return OK;
    case "keypad-damaged": {
      const own = codeTyped(person) ?? "";
      const keys = [...new Set([...own]), "lock"];
      const key = keys[v % keys.length] ?? "lock";
      twin.keypad = { ...twin.keypad, brokenKeys: [...twin.keypad.brokenKeys, key as never] };
      return OK;
    }
    case "keypad-lockout":
      return lockoutUnderWay(twin, person, s);
    case "code-expired":
      return expireOwnCode(twin, person, s, v);
    case "wrong-code":
      return mistype(twin, person, v, rng);
    case "code-conflict":
      return wantClashingCode(twin, person, v, rng);
    case "cold-weather":
      twin.setTemperature(Math.round(lerp(-5, -20, s)));
      return OK;
    default:
      return injectFault(twin, fault.id, person);
  }
}

/** Someone tried codes until the keypad locked out; the person comes some time into it. */
function lockoutUnderWay(twin: LockTwin, person: Person, s: number): TwinOutcome {
  const started = injectFault(twin, "keypad-lockout", person);
  if (!started.ok) return started;
  const until = twin.firmware.state.lockedOutUntilMs;
  if (until === null) return refused("the keypad did not lock out");
  // severity 1: just begun; 0: most of it over (a fifth left).
  const left = until - twin.clock.nowMs;
  twin.advance(Math.floor(left * lerp(0.8, 0, s)));
  return OK;
}

/** The person's code is a guest code whose dates are over (or not yet begun). */
function expireOwnCode(twin: LockTwin, person: Person, s: number, v: number): TwinOutcome {
  const slot = person.slot ?? 1;
  const now = twin.clock.nowMs;
  const minutes = 60_000;
  const window =
    v % 3 === 2
      ? { validFromMs: now + Math.round(lerp(30, 7 * 24 * 60, s)) * minutes }
      : { validUntilMs: now - Math.round(lerp(2, 30 * 24 * 60, s)) * minutes };
  const done = editStoredState(twin, (p) => ({
    ...p,
    codes: p.codes.map((c, i) => (i === slot - 1 && c ? { ...c, ...window } : c)),
  }));
  return done ? OK : refused("the lock has no power");
}

function differs(twin: LockTwin, a: string, b: string): boolean {
  return normalizeDigits(twin.profile, a) !== normalizeDigits(twin.profile, b);
}

/** What they type is not their code: one digit off, two digits swapped, or an old code. */
function mistype(twin: LockTwin, person: Person, v: number, rng: SeededRandom): TwinOutcome {
  const code = person.code ?? "2947";
  const tries: string[] = [];
  const form = v % 3;
  for (let k = 0; k < 20; k++) {
    let typed: string;
    if (form === 0) {
      const at = rng.int(code.length);
      const d = (Number(code[at]) + 1 + rng.int(9)) % 10;
      typed = code.slice(0, at) + String(d) + code.slice(at + 1);
    } else if (form === 1 && code.length > 1) {
      const at = rng.int(code.length - 1);
      typed = code.slice(0, at) + (code[at + 1] ?? "") + (code[at] ?? "") + code.slice(at + 2);
    } else {
      typed = [...code].map(() => String(rng.int(10))).join("");
    }
    tries.push(typed);
    if (differs(twin, typed, code)) {
      person.typed = typed;
      return OK;
    }
  }
  return refused(`no wrong code found for ${code} (${tries.length} tries)`);
}

/** The code they want to add starts like one already in use (B-CODE-4; the 910: the same buttons). */
function wantClashingCode(twin: LockTwin, person: Person, v: number, rng: SeededRandom): TwinOutcome {
  const known = [person.code ?? "2947", ...(person.otherCodes ?? []).map((o) => o.code)];
  const base = known[v % known.length] ?? known[0] ?? "2947";
  const groups = twin.profile.keypad.sharedButtons;
  const max = twin.profile.codes.userLengthMax;
  let wanted: string;
  if (twin.profile.codes.uniquePrefixDigits !== null) {
    const n = twin.profile.codes.uniquePrefixDigits;
    const extra = 1 + rng.int(3);
    wanted = base.slice(0, n);
    for (let i = 0; i < extra && wanted.length < max; i++) wanted += String(rng.int(10));
    if (wanted === base) wanted = `${base.slice(0, n)}${(Number(base[n] ?? 0) + 1) % 10}`;
  } else {
    // The same buttons with the other digit of each (1234 and 2143 are one code on the 910).
    wanted = [...base].map((d) => groups.find((g) => g.includes(d))?.replace(d, "") || d).join("");
  }
  const p = twin.persistent();
  const free = p ? p.codes.findIndex((c) => c === null) + 1 : 0;
  person.wantsToAdd = { code: wanted.slice(0, max), slot: free > 0 ? free : twin.profile.codes.capacity };
  return OK;
}

/** Types a code at the keypad as the household would (an oddity: an old mistype, then the right one). */
export function typeCode(twin: LockTwin, code: string): void {
  enterCode(twin, code);
}
