/**
 * Fixes by FAULTS.md id: what a person (or support) does to a lock, carried out on the twin
 * in lock time with the person's hands and knowledge — the same keys and holds the guides
 * teach. A fix that does not apply (there is no hub to re-pair) is refused with why.
 */
import { pairLock } from "./pairing-actions.ts";
import { updateToLatest } from "./firmware-update-actions.ts";
import { LATEST_VERSION } from "../core/update/firmware-versions.ts";
import type { LockTwin } from "./lock-twin.ts";
import type { FixId } from "./fault-ids.ts";
import type { Person } from "./person.ts";
import { codeTyped, knownProgrammingCode } from "./person.ts";
import type { TwinOutcome } from "./twin-outcome.ts";
import { OK } from "./twin-outcome.ts";
import { CLEAN_CONTACT_OHM } from "./battery-pack.ts";
import { HEALTHY_MECHANISM } from "./bolt-mechanism.ts";
import { CLEAN_KEYPAD } from "./keypad-condition.ts";
import {
  addCode,
  procedureKeys,
  runDoorHanding,
  runFactoryReset,
  runProcedure,
  softReset,
  tap,
} from "./person-actions.ts";
import { checkNewCode, slotOfCode } from "../core/code-book.ts";

import { refused as no } from "./twin-outcome.ts";

export function applyFix(twin: LockTwin, id: FixId, person: Person = {}): TwinOutcome {
  switch (id) {
    case "replace-batteries":
      twin.replacePack("fresh");
      return OK;
    case "reseat-batteries":
      // Out, each cell checked against the + and − marks (seed 000), and back in.
      twin.removePack();
      twin.advance(2_000);
      twin.insertPack();
      twin.turnCellsRightWayRound();
      return OK;
    case "clean-contacts":
      twin.removePack();
      twin.contactsCorroded = false;
      twin.contactOhm = CLEAN_CONTACT_OHM;
      twin.insertPack();
      return OK;
    case "adjust-strike-plate":
      twin.mech = { ...twin.mech, strikeLoadN: 0 };
      return OK;
    case "lubricate-bolt":
      twin.mech = { ...twin.mech, frictionN: HEALTHY_MECHANISM.frictionN };
      return OK;
    case "reseat-clutch":
      // With a broken spring it clicks in, then slips out after the next run (seed 000).
      twin.mech = { ...twin.mech, clutchEngaged: true };
      return OK;
    case "restore-connectivity":
      twin.radioOnline = true;
      return OK;
    case "warm-up":
      twin.setTemperature(20);
      return OK;
    case "soft-reset":
      softReset(twin);
      return OK;
    case "wait-lockout": {
      const until = twin.powered ? twin.firmware.state.lockedOutUntilMs : null;
      twin.advance(until === null ? 60_000 : until - twin.clock.nowMs + 1_000);
      return OK;
    }
    case "clean-keypad":
      twin.keypad = { ...twin.keypad, dirtyMissChance: 0 };
      return OK;
    case "run-door-handing":
      return runDoorHanding(twin, person)
        ? OK
        : no(
            `${twin.profile.id}: the door-handing procedure needs the programming code, which the person does not know`,
          );
    case "program-user-code":
    case "readd-code": {
      const code = person.code ?? "2947";
      const slot = person.slot ?? 1;
      // From the app where there is one (it overwrites the slot, window and all); else the keypad.
      const viaApp = id === "readd-code" && twin.radio({ type: "setCode", slot, code });
      const held = viaApp ? slot : addCodeAsOwner(twin, person, code, slot);
      if (held === null) return no(whyNotAdded(twin, person, code));
      person.code = code;
      person.slot = held;
      return OK;
    }
    case "reenter-code":
    case "use-user-code":
      // They check their code (and stop using the programming code); a code they meant to add
      // that clashed is swapped for one that does not (B-CODE-4).
      delete person.typed;
      if (person.wantsToAdd && id === "reenter-code") {
        const fresh = {
          code: `${(Number(person.wantsToAdd.code.slice(0, 4)) + 4_321) % 10_000}`.padStart(4, "0") + "1",
          slot: person.wantsToAdd.slot,
        };
        if (addCodeAsOwner(twin, person, fresh.code, fresh.slot) === null)
          return no(whyNotAdded(twin, person, fresh.code));
        delete person.wantsToAdd;
      }
      return OK;
    case "delete-code":
      return deleteOneCode(twin, person);
    case "disable-vacation-mode":
      if (twin.profile.radio === null)
        return no(`${twin.profile.id} has no radio, so no app to turn vacation mode off (B-SEC-2)`);
      if (!twin.powered) return no("the lock has no power");
      // The app first; out of its reach, Program pressed once inside turns it off (B-SEC-2).
      if (!twin.radio({ type: "mode", mode: "normal" })) tap(twin, "program");
      return twin.persistent()?.mode === "normal" ? OK : no("vacation mode is still on");
    case "repair-hub": {
      if (twin.profile.radio === null) return no(`${twin.profile.id} has no radio`);
      // The hub adds the lock again, as its profile pairs (pairing-actions.ts).
      twin.hubKnowsLock = true;
      if (twin.persistent()?.paired === false) {
        const paired = pairLock(twin);
        if (!paired.ok) return no(`pairing again failed: ${paired.reason}`);
      }
      return OK;
    }
    case "update-firmware": {
      // A real update over the radio (issue 14): refused with the link's reason when offline.
      const outcome = updateToLatest(twin);
      return outcome.ok ? OK : no(`the update failed: ${outcome.reason} (${outcome.code})`);
    }
    case "factory-reset":
      return factoryResetAndSetUp(twin, person);
    case "contact-support":
      // Support replaces what a person cannot mend: motor, clutch spring, keypad.
      twin.mech = { ...twin.mech, motorWorks: true, clutchEngaged: true, clutchSpringBroken: false };
      twin.keypad = CLEAN_KEYPAD;
      // Support installs the maker's latest release with its service tool, in person: the way
      // a lock without a radio gets an update at all (issue 14).
      if (twin.firmwareOutdated) twin.makeWithFirmware(LATEST_VERSION);
      return OK;
    default:
      return no(`fix "${id}" is not known to the twin`);
  }
}

/** Frees a slot the person does not need, then adds the code they wanted (code-capacity-full). */
/**
 * Adds a code from the keypad; where the keypad needs a master code nobody knows or has made
 * yet (a Halo or Aura set up from its app), the owner adds it in the app (B-NET-1), as they
 * would. The slot that holds it, or null.
 */
function addCodeAsOwner(twin: LockTwin, person: Person, code: string, slot: number): number | null {
  const held = addCode(twin, person, code, slot);
  if (held !== null || !twin.radioReachable() || !twin.radio({ type: "setCode", slot, code })) return held;
  const p = twin.persistent();
  return p && slotOfCode(twin.profile, p, code) > 0 ? slot : null;
}

function deleteOneCode(twin: LockTwin, person: Person): TwinOutcome {
  const other = person.otherCodes?.pop();
  const slot = other?.slot ?? twin.profile.codes.capacity;
  let freed =
    runProcedure(twin, "delete-slot", { slot }) ||
    (other !== undefined && runProcedure(twin, "delete-by-code", { code: other.code }));
  if (!freed) freed = twin.radio({ type: "deleteCode", slot });
  if (!freed && person.wantsToAdd) {
    // Models that choose the slot by Program presses replace a code by writing over its slot.
    if (addCodeAsOwner(twin, person, person.wantsToAdd.code, slot) === null)
      return no(whyNotAdded(twin, person, person.wantsToAdd.code));
    delete person.wantsToAdd;
    return OK;
  }
  if (!freed) return no(`${twin.profile.id}: no way to delete a code from the keypad or the app here`);
  if (person.wantsToAdd) {
    if (addCodeAsOwner(twin, person, person.wantsToAdd.code, slot) === null)
      return no(whyNotAdded(twin, person, person.wantsToAdd.code));
    delete person.wantsToAdd;
  }
  return OK;
}

/**
 * B-RST-1: the reset erases codes, programming code, handing and pairing, so the person
 * sets the lock up again: a master code where the model needs one, their code, handing,
 * and the hub (B-RST-5, B-NET-3).
 */
function factoryResetAndSetUp(twin: LockTwin, person: Person): TwinOutcome {
  if (!runFactoryReset(twin)) return no(`${twin.profile.id} has no factory reset a person can do`);
  delete person.typed;
  const code = person.code ?? codeTyped(person) ?? "2947";
  const defaultCode = twin.profile.codes.defaultProgrammingCode;
  if (defaultCode !== null) person.programmingCode = defaultCode;
  else if (
    twin.profile.procedures.some(
      (p) =>
        p.action === "set-programming-code" &&
        p.when === "no-programming-code" &&
        p.start.kind === "program-key",
    )
  ) {
    // Master-code models need one before user codes (seed 002); a made-up one is chosen not to
    // share its first four digits with the code the person adds back (B-CODE-4).
    person.programmingCode = person.programmingCode ?? masterCodeBeside(code);
    runProcedure(twin, "set-programming-code", { programmingCode: person.programmingCode });
  } else delete person.programmingCode;
  person.forgotProgrammingCode = false;
  const slot = person.slot ?? 1;
  runDoorHanding(twin, person);
  const held = addCode(twin, person, code, slot);
  if (held === null) return no(`after the reset: ${whyNotAdded(twin, person, code)}`);
  person.code = code;
  person.slot = held;
  if (twin.profile.radio !== null) pairLock(twin); // B-NET-3: paired again as the profile pairs
  if (knownProgrammingCode(person) === undefined) delete person.programmingCode;
  return OK;
}

/** A master code the person makes up after a reset: 13579, or 97531 beside a code starting 1357. */
function masterCodeBeside(code: string): string {
  return code.startsWith("1357") ? "97531" : "13579";
}

/** Why the lock does not hold a code the person tried to add, in their words. */
function whyNotAdded(twin: LockTwin, person: Person, code: string): string {
  const p = twin.persistent();
  if (!twin.powered || !p) return "the lock has no power";
  if (!procedureKeys(twin, "add-code", { code, slot: 1, ...programmingOf(person) }))
    return `${twin.profile.id}: adding a code needs the programming code, which the person does not know`;
  const check = checkNewCode(twin.profile, p, code, "user", null);
  if (!check.ok) return `the lock refused the code: ${check.reason}`;
  return "the lock did not take the code (no success signal)";
}

function programmingOf(person: Person): { programmingCode?: string } {
  const pc = knownProgrammingCode(person);
  return pc === undefined ? {} : { programmingCode: pc };
}
