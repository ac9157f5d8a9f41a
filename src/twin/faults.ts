/**
 * Faults by FAULTS.md id. A fault changes what is physical — cells, contacts, friction,
 * strike, clutch, motor, keypad, the door the lock sits on, the radio link, the air, the
 * bytes in the lock's memory — or what the person knows; never the firmware's decisions.
 * The symptoms follow from the physics and from what the firmware reads through its ports.
 * A fault that cannot exist on a model (vacation mode without a radio) is refused with why.
 */
import type { LockTwin } from "./lock-twin.ts";
import { FIRST_VERSION } from "../core/update/firmware-versions.ts";
import type { FaultId } from "./fault-ids.ts";
import type { PackKind } from "./battery-pack.ts";
import { makePack } from "./battery-pack.ts";
import { batterySampleEvent } from "../core/event-shape.ts";
import type { Person } from "./person.ts";
import { codeTyped } from "./person.ts";
import { enterCode } from "./person-actions.ts";
import { corruptMemory, editStoredState, fillFreeSlots } from "./stored-state-edits.ts";
import { checkNewCode, countCodes } from "../core/code-book.ts";
import { DIRTY_MISS_CHANCE } from "./keypad-condition.ts";

import type { TwinOutcome } from "./twin-outcome.ts";
import { OK, refused as no } from "./twin-outcome.ts";

export type { TwinOutcome } from "./twin-outcome.ts";
/** Fixes live in fixes.ts; re-exported so callers find faults and fixes in one place. */
export { applyFix } from "./fixes.ts";

/** Misaligned strike: extra friction over the last 30 % of the throw with the door closed. */
export const MISALIGNED_STRIKE_N = 16;
/** Dry or rusty bolt: friction more than doubles (the key turns stiffly too). */
export const DRY_BOLT_FRICTION_N = 14;
export const COLD_WEATHER_C = -20;

const PACK_FAULTS: Partial<Record<FaultId, PackKind>> = {
  "battery-low": "unlocks-only", // pack-levels.ts: warns, unlocks, cannot lock
  "battery-critical": "critical",
  "battery-dead": "dead",
  "battery-wrong-type": "rechargeable",
  "battery-mixed": "mixed",
  "battery-reversed": "reversed",
};

/** Pack kind a battery fault stands for, if it is one. */
export function packForFault(id: FaultId): PackKind | undefined {
  return PACK_FAULTS[id];
}

export function injectFault(twin: LockTwin, id: FaultId, person: Person = {}): TwinOutcome {
  const pack = PACK_FAULTS[id];
  if (pack) {
    if (!twin.cells) return OK;
    if ((id === "battery-low" || id === "battery-critical") && twin.powered) {
      // The cells drain where they sit: no power cut, so nothing the lock holds in RAM is lost
      // (a running lockout, an auto-lock under way, a half-typed sequence, B-PWR-7 is a person's
      // act, not this). The lock reads the pack at once, as its next check would (B-PWR-2/3).
      twin.packRestV(); // what the old cells gave until now is spent
      twin.cells = makePack(pack);
      twin.drawnMah = 0;
      twin.firmware.dispatch(batterySampleEvent(twin.packRestV(), twin.temperatureC));
      return OK;
    }
    // The cells in the holder are now these (a person put them in); a reversed or dead pack
    // cuts the power.
    twin.removePack();
    twin.insertPack(pack);
    return OK;
  }
  const radio = twin.profile.radio;
  const programming = twin.profile.procedures.some(
    (p) => p.start.kind === "programming-code" || p.tokens.some((t) => t.t === "digits" && t.role === "auth"),
  );
  switch (id) {
    case "contacts-corroded":
      twin.contactsCorroded = true;
      return OK;
    case "strike-misaligned":
      twin.mech = { ...twin.mech, strikeLoadN: MISALIGNED_STRIKE_N };
      return OK;
    case "bolt-dry":
      twin.mech = { ...twin.mech, frictionN: DRY_BOLT_FRICTION_N };
      return OK;
    case "clutch-disengaged":
      twin.mech = { ...twin.mech, clutchEngaged: false };
      return OK;
    case "clutch-spring-broken":
      twin.mech = { ...twin.mech, clutchEngaged: false, clutchSpringBroken: true };
      return OK;
    case "motor-failed":
      twin.mech = { ...twin.mech, motorWorks: false };
      return OK;
    case "wrong-handing":
      // The lock body now sits on a door of the other hand from the one it learned.
      twin.extendDrive = twin.extendDrive === "cw" ? "ccw" : "cw";
      return OK;
    case "not-handed":
      return editStoredState(twin, (p) => ({ ...p, handing: null })) ? OK : no("the lock has no power");
    case "no-user-codes":
      return editStoredState(twin, (p) => ({ ...p, codes: p.codes.map(() => null) }))
        ? OK
        : no("the lock has no power");
    case "code-deleted": {
      const slot = person.slot ?? 1;
      return editStoredState(twin, (p) => ({
        ...p,
        codes: p.codes.map((c, i) => (i === slot - 1 ? null : c)),
      }))
        ? OK
        : no("the lock has no power");
    }
    case "code-expired": {
      const slot = person.slot ?? 1;
      const until = twin.clock.nowMs - 60_000;
      const done = editStoredState(twin, (p) => ({
        ...p,
        codes: p.codes.map((c, i) => (i === slot - 1 && c ? { ...c, validUntilMs: until } : c)),
      }));
      return done ? OK : no("the lock has no power");
    }
    case "code-capacity-full": {
      // The code they want is one the lock would take but for the space (chosen before the
      // slots fill, whose codes start 3100–3599): not clashing with a code or the programming
      // code already there (B-CODE-4, B-CODE-5).
      const wanted = codeTheLockWouldTake(twin, ["86420", "75319", "64208", "97538"]);
      const added = fillFreeSlots(twin);
      person.otherCodes = [...(person.otherCodes ?? []), ...added];
      person.wantsToAdd = { code: wanted, slot: added[0]?.slot ?? twin.profile.codes.capacity };
      return OK;
    }
    case "memory-corrupted":
      corruptMemory(twin);
      return OK;
    case "keypad-lockout":
      return strangerLocksKeypad(twin, person);
    case "keypad-dirty":
      twin.keypad = { ...twin.keypad, dirtyMissChance: DIRTY_MISS_CHANCE };
      return OK;
    case "keypad-damaged": {
      const key = (codeTyped(person) ?? "5")[0] ?? "5";
      twin.keypad = { ...twin.keypad, brokenKeys: [...twin.keypad.brokenKeys, key as never] };
      return OK;
    }
    case "wrong-code": {
      const code = person.code ?? "2947";
      // +2 lands on another button even where two digits share one (smartcode-910).
      person.typed = code.slice(0, -1) + String((Number(code.at(-1)) + 2) % 10);
      return OK;
    }
    case "programming-code-used":
      if (!person.programmingCode)
        return no(
          `${twin.profile.id}: this lock has no programming code to misuse (none was made; a scenario gives one with lock.programmingCode)`,
        );
      person.typed = person.programmingCode;
      return OK;
    case "code-conflict": {
      const code = person.code ?? "2947";
      // What "conflict" means is the model's rule: the first digits (B-CODE-4), or on the 910
      // the same button sequence typed with the other digit of each button.
      const groups = twin.profile.keypad.sharedButtons;
      const conflicting =
        twin.profile.codes.uniquePrefixDigits !== null
          ? code.slice(0, twin.profile.codes.uniquePrefixDigits) + "9"
          : [...code].map((d) => groups.find((g) => g.includes(d))?.replace(d, "") || d).join("");
      person.wantsToAdd = { code: conflicting, slot: firstFreeSlotOf(twin) };
      return OK;
    }
    case "master-code-forgotten":
      if (!programming)
        // The 955 (and a scenario's 914) may hold one, but no procedure asks for it (B-PRG-4,
        // B-PRG-5, B-PRG-6): forgetting it would stop nothing, so there is no such fault to show.
        return no(
          twin.persistent()?.programmingCode
            ? `${twin.profile.id}: no procedure of this model asks for the programming code (codes are added and deleted without it), so forgetting it stops nothing`
            : `${twin.profile.id} has no programming code to forget`,
        );
      person.forgotProgrammingCode = true;
      return OK;
    case "vacation-mode":
      if (radio === null)
        return no(`${twin.profile.id} has no radio, so no app to set vacation mode (B-SEC-2)`);
      return editStoredState(twin, (p) => ({ ...p, mode: "vacation" })) ? OK : no("the lock has no power");
    case "hub-unpaired":
      if (radio === null) return no(`${twin.profile.id} has no radio to pair`);
      twin.hubKnowsLock = false;
      return OK;
    case "radio-offline":
      if (radio === null) return no(`${twin.profile.id} has no radio`);
      twin.radioOnline = false;
      return OK;
    case "firmware-outdated":
      twin.makeWithFirmware(FIRST_VERSION); // made with v1.0 and never updated (issue 14)
      return OK;
    case "cold-weather":
      twin.setTemperature(COLD_WEATHER_C);
      return OK;
    default:
      return no(`fault "${id}" is not known to the twin`);
  }
}

function firstFreeSlotOf(twin: LockTwin): number {
  const p = twin.persistent();
  const i = p ? p.codes.findIndex((c) => c === null) : 0;
  return i < 0 ? twin.profile.codes.capacity : i + 1;
}

/**
 * Why a stranger's wrong codes would not lock this keypad out, or null. Checked before a
 * key is typed, so a refused fault changes nothing (issue 9): typing first and finding out
 * after would move the clock, light the keypad and fill the history for a refusal.
 */
function lockoutImpossible(twin: LockTwin): string | null {
  if (!twin.powered) return "the lock has no power";
  const s = twin.firmware.state;
  if (s.lockedOutUntilMs !== null) return null;
  if (s.session !== null)
    return "the lock is in a programming session: typed digits go to it, not to a code check";
  if (s.boot?.held || twin.heldKeys.size > 0) return "a key is held down: let go of it first";
  const p = twin.persistent();
  if (!p || countCodes(p) === 0)
    return "the lock has no user codes, so a typed code is not checked and cannot count as wrong (B-SET-7)";
  if (p.mode === "vacation" || p.mode === "privacy")
    return `keypad codes are off in ${p.mode} mode (B-SEC-2), so wrong codes are not counted`;
  return null;
}

/** The first of `candidates` the lock would store now (B-CODE-4, B-CODE-5), else the first. */
function codeTheLockWouldTake(twin: LockTwin, candidates: readonly string[]): string {
  const p = twin.persistent();
  const fits = candidates.find((c) => !p || checkNewCode(twin.profile, p, c, "user", null).ok);
  return fits ?? candidates[0] ?? "86420";
}

/** Someone who does not know the code tries until the keypad locks out (B-SEC-1). */
function strangerLocksKeypad(twin: LockTwin, person: Person): TwinOutcome {
  const impossible = lockoutImpossible(twin);
  if (impossible !== null) return no(impossible);
  const mine = codeTyped(person);
  for (let attempt = 0; attempt < 12 && twin.firmware.state.lockedOutUntilMs === null; attempt++) {
    let guess = String(1000 + attempt * 1111).slice(0, 4);
    const p = twin.persistent();
    if (guess === mine || (p && !checkNewCode(twin.profile, p, guess, "user", null).ok))
      guess = `${guess.slice(0, 3)}0`;
    enterCode(twin, guess);
  }
  return twin.firmware.state.lockedOutUntilMs !== null ? OK : no("the keypad did not lock out");
}
