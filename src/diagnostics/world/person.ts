/**
 * The simulated person: what they report about their lock, how they answer the
 * troubleshooter's questions, and how they check that a fix worked — all by doing things to
 * the twin and looking at what it shows, never by reading which fault was injected, and
 * with no knowledge of the troubleshooter's tables (issue 15).
 *
 * The report comes from an everyday routine at a closed door: press Lock on the way out,
 * type their code, turn the key, add the code they meant to add, open the app. What goes
 * wrong becomes FAULTS.md symptoms in their words, the most alarming first; they always
 * say the main one and mention each other one with their own chance (`mentions`). A person
 * with `senses` misreads what they look at with its chance (issue 15: 3–8 %) and says "don't
 * know" to what they cannot remember; a household without the app says "no app" to app
 * questions. Without `senses` (the web app's hands) everything is read exactly.
 */
import type { HistoryEntry } from "../../core/history.ts";
import { openCircuitV } from "../../twin/battery-cell.ts";
import { keypadResponseMs } from "../../twin/keypad-condition.ts";
import {
  addCode,
  digitsToKeys,
  enterCode,
  lockWorksFor,
  settleLock,
  tap,
} from "../../twin/person-actions.ts";
import { codeTyped, knownProgrammingCode } from "../../twin/person.ts";
import type { SeededRandom } from "../../twin/seeded-random.ts";
import { readTelemetry } from "../../twin/telemetry.ts";
import type { LockTelemetry } from "../../twin/telemetry.ts";
import type { LockAtHand } from "./lock-at-hand.ts";
import type { WorldSymptom } from "./vocabulary.ts";
import { ANSWERS, APP_QUESTIONS, DONT_KNOW, NO_APP, isQuestionId } from "./vocabulary.ts";
import type { ActionSeen } from "./watch-lock.ts";
import { watch, watchCodeEntry, watchLockPress } from "./watch-lock.ts";

/** A keypad slower than this to take a press feels sluggish (ours; the twin's warm keypad: 20 ms). */
const SLUGGISH_MS = 100;
/**
 * A throw slower than this looks laboured to a person (REFERENCES: deadbolt travel is about
 * 1–2 s; the twin's healthy throw on fresh cells takes 0.45 s, on part-used cells up to 0.9 s).
 */
const SLOW_RUN_MS = 1_500;
/** Seed 003 monthly check: "replace below 1.3 V per cell". */
const CELL_OK_V = 1.3;
/** Questions answered from memory (or notes): these are the ones "don't know" is said to. */
const FROM_MEMORY: ReadonlySet<string> = new Set([
  "code-as-written",
  "typed-is-master",
  "code-temporary",
  "new-code-prefix",
  "slots-full",
  "lock-network",
  "after-battery-change",
]);
/** What the light and beeper did, and the low-battery light: easy to miss. */
const EASY_TO_MISS: ReadonlySet<string> = new Set(["lock-press-signal", "warning-light", "code-keys-lit"]);

/** What a person brings to the troubleshooter, before any question. */
export interface PersonReport {
  /** What they say: the main complaint first, then what else they mention. */
  readonly symptoms: readonly WorldSymptom[];
  /** Everything they noticed (what they will check after each fix). */
  readonly noticed: readonly WorldSymptom[];
  /** What they saw while it happened: the intake answers, by id ("dont-know" included). */
  readonly intake: Readonly<Record<string, string>>;
  /** The lock's own report, read just after the first thing that went wrong. */
  readonly telemetry: LockTelemetry;
  readonly history: readonly HistoryEntry[];
  readonly codeCount?: number;
  /** The model, when they can name it. */
  readonly profile?: string;
}

// ---------------- perceiving ----------------

/** What the person takes `value` to be: now and then another of the question's answers. */
function perceive(lock: LockAtHand, id: string, value: string): string {
  const s = lock.senses;
  if (!s || !isQuestionId(id)) return value;
  if (s.rng.next() >= s.misread) return value;
  const others = (ANSWERS[id] as readonly string[]).filter((v) => v !== value);
  return others[s.rng.int(others.length)] ?? value;
}

/** "Don't know" with the person's chance, else what they would say. */
function recall(lock: LockAtHand, value: string): string {
  const s = lock.senses;
  return s && s.rng.next() < s.dontKnow ? DONT_KNOW : value;
}

function usesApp(lock: LockAtHand): boolean {
  return lock.twin.profile.radio !== null && (lock.household?.usesApp ?? true);
}

/** The intake answers of one try of the routine (lock press, then code), as perceived. */
function intakeFrom(lock: LockAtHand, press: ActionSeen, code: ActionSeen): Record<string, string> {
  const exact: Record<string, string> = {
    "lock-press-bolt": press.bolt === "extends" ? "extends" : press.bolt === "partway" ? "partway" : "stays",
    "lock-press-sound": press.sound,
    "lock-press-signal": press.signal,
    "code-result": codeResult(code),
    "code-keys-lit": !code.lit ? "none" : code.missedPresses > 0 ? "some-dark" : "all",
    "warning-light": press.warning || code.warning ? "yes" : "no",
  };
  const app = appShows(lock);
  if (app !== null) exact["app-shows"] = app;
  const seen: Record<string, string> = {};
  for (const [id, v] of Object.entries(exact)) {
    const looked = perceive(lock, id, v);
    seen[id] = EASY_TO_MISS.has(id) ? recall(lock, looked) : looked;
  }
  return seen;
}

function codeResult(code: ActionSeen): string {
  if (code.bolt === "extends") return "extends-instead";
  if (code.bolt === "retracts" || (code.green && code.signal !== "error")) return "opens";
  if (code.signal !== "none") return "rejected";
  return "ignored";
}

function appShows(lock: LockAtHand): string | null {
  const { twin } = lock;
  if (!usesApp(lock)) return null;
  if (twin.radioReachable()) return "works";
  return twin.hubKnowsLock ? "offline" : "missing";
}

// ---------------- the report ----------------

/** The order in which a person leads with a complaint: the most alarming first. */
const COMPLAINT_ORDER: readonly WorldSymptom[] = [
  "no-response",
  "wrong-direction",
  "motor-whirs-bolt-stays",
  "red-flashes-beeps",
  "lock-button-ignored",
  "keypad-stopped-responding",
  "works-open-not-closed",
  "wont-lock-unlocks-fine",
  "wont-unlock-with-code",
  "new-code-rejected",
  "forgot-master-code",
  "app-cannot-reach-lock",
  "key-stiff",
  "erratic",
];

/**
 * The person's report: the routine, what went wrong in their words, and the lock's own
 * telemetry read right after the lock press (as an app would fetch it then).
 */
export function reportFromLock(lock: LockAtHand, rng: SeededRandom): PersonReport {
  const { twin, person } = lock;
  twin.setDoor(true);
  const pressSeen = watchLockPress(twin);
  // The app reads the lock just after the lock press: its last run is the loaded one.
  const telemetry = readTelemetry(twin);
  const codeSeen = watchCodeEntry(twin, codeTyped(person) ?? "");
  const intake = intakeFrom(lock, pressSeen, codeSeen);

  // The key: to get in if the bolt is still out, else the person's occasional key use.
  const keyLock = twin.boltState() === "extended" ? null : twin.turnByHand("lock", "key");
  const keyUnlock = twin.turnByHand("unlock", "key");
  const keyFeltStiff =
    (keyLock?.stiff ?? false) || keyUnlock.stiff || !(keyLock?.moved ?? true) || !keyUnlock.moved;
  const keyStiff = perceive(lock, "key-door-open", keyFeltStiff ? "stiff" : "smooth") !== "smooth";

  const bolt = intake["lock-press-bolt"];
  const sound = intake["lock-press-sound"];
  const signal = intake["lock-press-signal"];
  const result = intake["code-result"];
  const lit = pressSeen.lit || codeSeen.lit;
  const lockFailed = bolt !== "extends";

  let openWorks = false;
  if (lockFailed && lit && (lock.household?.triedDoorOpen ?? false)) {
    twin.setDoor(false);
    openWorks = watchLockPress(twin).bolt === "extends";
    if (twin.boltState() !== "retracted") twin.turnByHand("unlock", "thumbturn");
    twin.setDoor(true);
  }

  let newCodeRefused = false;
  if (person.wantsToAdd) {
    const wanted = person.wantsToAdd;
    newCodeRefused = addCode(twin, person, wanted.code, wanted.slot) === null;
    if (!newCodeRefused) delete person.wantsToAdd;
    twin.advance(3_000);
  }
  const app = intake["app-shows"];

  const symptoms: WorldSymptom[] = [];
  const add = (s: WorldSymptom): void => {
    if (!symptoms.includes(s)) symptoms.push(s);
  };
  if (!lit) add("no-response");
  if (result === "extends-instead" || pressSeen.bolt === "retracts") add("wrong-direction");
  if (lockFailed && lit) {
    if (sound === "whir") add("motor-whirs-bolt-stays");
    else if (signal === "battery" || (signal === "error" && sound === "silent")) add("red-flashes-beeps");
    else if ((signal === "none" || signal === DONT_KNOW) && sound === "silent") add("lock-button-ignored");
    if (openWorks) add("works-open-not-closed");
    if (
      !symptoms.includes("lock-button-ignored") &&
      !symptoms.includes("red-flashes-beeps") &&
      result === "opens"
    )
      add("wont-lock-unlocks-fine");
  }
  if (lit && (result === "rejected" || result === "ignored")) {
    if (symptoms.includes("lock-button-ignored") && result === "ignored") add("keypad-stopped-responding");
    else add("wont-unlock-with-code");
  }
  if (newCodeRefused) add("new-code-rejected");
  if (person.forgotProgrammingCode) add("forgot-master-code");
  if (app === "offline" || app === "missing") add("app-cannot-reach-lock");
  if (keyStiff) add("key-stiff");
  // "It behaves erratically" is what is left to say when nothing clearer went wrong.
  if (symptoms.length === 0) add("erratic");

  const noticed = [...symptoms].sort((a, b) => COMPLAINT_ORDER.indexOf(a) - COMPLAINT_ORDER.indexOf(b));
  const mentions = lock.household?.mentions ?? 1;
  const said = noticed.filter((_, i) => i === 0 || rng.next() < mentions);
  const after = lock.household?.afterBatteryChange;
  if (after !== undefined) intake["after-battery-change"] = recall(lock, after ? "yes" : "no");
  return {
    symptoms: said,
    noticed,
    intake,
    telemetry,
    history: [...twin.history],
    ...(lock.codeCount === undefined ? {} : { codeCount: lock.codeCount }),
    ...(lock.household?.knowsModel === false ? {} : { profile: lock.profile }),
  };
}

// ---------------- answering the troubleshooter's questions ----------------

/** The simulated person's memory of the last "try it again" (one per fix applied). */
export interface RetryMemory {
  epoch: number;
  intake: Record<string, string> | null;
}

export function newRetryMemory(): RetryMemory {
  return { epoch: -1, intake: null };
}

const INTAKE_IDS: ReadonlySet<string> = new Set([
  "lock-press-bolt",
  "lock-press-sound",
  "lock-press-signal",
  "code-result",
  "code-keys-lit",
  "warning-light",
  "app-shows",
]);

/**
 * Answers a question by doing it on the twin (or from what the person knows), as they
 * perceive it. `epoch` is the number of fixes applied so far: intake questions asked again
 * after a fix mean "try it again and tell me what happens", done once per epoch. A question
 * the person does not know how to answer gets "dont-know"; an app question from a household
 * without the app, "no-app".
 */
export function answerOnTwin(id: string, lock: LockAtHand, memory: RetryMemory, epoch: number): string {
  if (APP_QUESTIONS.has(id) && !usesApp(lock)) return NO_APP;
  if (INTAKE_IDS.has(id)) {
    if (memory.epoch !== epoch || memory.intake === null) {
      const { twin, person } = lock;
      // The report's routine again, from the same start: bolt in, door closed.
      if (twin.boltState() !== "retracted") twin.turnByHand("unlock", "thumbturn");
      twin.setDoor(true);
      const pressSeen = watchLockPress(twin);
      const codeSeen = watchCodeEntry(twin, codeTyped(person) ?? "");
      if (twin.boltState() !== "retracted") twin.turnByHand("unlock", "thumbturn");
      memory.intake = intakeFrom(lock, pressSeen, codeSeen);
      memory.epoch = epoch;
    }
    return memory.intake[id] ?? (id === "app-shows" ? NO_APP : DONT_KNOW);
  }
  const exact = exactAnswer(id, lock);
  if (exact === DONT_KNOW || exact === NO_APP) return exact;
  return FROM_MEMORY.has(id) ? recall(lock, exact) : perceive(lock, id, exact);
}

/** The true answer to a question, or "dont-know" when this person cannot find it out. */
function exactAnswer(id: string, lock: LockAtHand): string {
  const { twin, person } = lock;
  switch (id) {
    case "after-battery-change": {
      const after = lock.household?.afterBatteryChange;
      return after === undefined ? DONT_KNOW : after ? "yes" : "no";
    }
    case "lights-at-all": {
      // The backlight comes on with power (twin: any powered press lights the keypad).
      const seen = watch(twin, () => tap(twin, "program"));
      return seen.lit ? "yes" : "no";
    }
    case "key-door-open": {
      const wasClosed = twin.doorClosed;
      twin.setDoor(false);
      const turn = twin.turnByHand("lock", "key");
      twin.turnByHand("unlock", "key");
      twin.setDoor(wasClosed);
      return !turn.moved ? "seized" : turn.stiff ? "stiff" : "smooth";
    }
    case "lock-door-open": {
      const wasClosed = twin.doorClosed;
      twin.setDoor(false);
      if (twin.boltState() !== "retracted") twin.turnByHand("unlock", "thumbturn");
      const seen = watchLockPress(twin);
      if (twin.boltState() !== "retracted") twin.turnByHand("unlock", "thumbturn");
      twin.setDoor(wasClosed);
      return seen.bolt === "extends" ? "extends" : "fails";
    }
    case "other-code": {
      const other = person.otherCodes?.[0];
      if (!other) return DONT_KNOW; // they know no other household code to try
      if (twin.boltState() !== "extended") twin.turnByHand("lock", "thumbturn");
      const seen = watchCodeEntry(twin, other.code);
      if (twin.boltState() !== "retracted") twin.turnByHand("unlock", "thumbturn");
      if (seen.bolt === "retracts") return "opens";
      return seen.signal === "none" && !seen.green ? "ignored" : "rejected";
    }
    case "code-as-written":
      return person.typed === undefined || person.typed === person.code ? "same" : "different";
    case "typed-is-master":
      if (knownProgrammingCode(person) === undefined) return DONT_KNOW;
      return person.typed !== undefined && person.typed === person.programmingCode ? "yes" : "no";
    case "code-temporary": {
      const slot = twin.persistent()?.codes[(person.slot ?? 1) - 1];
      return slot &&
        (slot.validUntilMs !== undefined || slot.validFromMs !== undefined || slot.weekly !== undefined)
        ? "yes"
        : "no";
    }
    case "app-code-list": {
      if (!twin.radioReachable()) return "unavailable";
      const slot = twin.persistent()?.codes[(person.slot ?? 1) - 1];
      if (!slot) return "missing";
      const now = twin.clock.nowMs;
      return (slot.validUntilMs !== undefined && slot.validUntilMs < now) ||
        (slot.validFromMs !== undefined && slot.validFromMs > now)
        ? "expired"
        : "listed";
    }
    case "cells-check": {
      const cells = twin.cells ?? [];
      if (cells.some((x) => x.reversed)) return "reversed";
      if (cells.some((x) => x.chemistry !== "alkaline")) return "wrong-type";
      const charges = cells.map((x) => x.charge);
      return Math.max(...charges) - Math.min(...charges) > 0.2 ? "mixed" : "ok";
    }
    case "contacts-look":
      // A crust shows where the terminals are corroded, whether it acts now or not.
      return twin.contactsCorroded || twin.contactOhm > 0.5 ? "crusted" : "clean";
    case "cell-voltage": {
      if (lock.household?.hasMeter === false) return DONT_KNOW;
      const lowest = Math.min(...(twin.cells ?? []).map((x) => openCircuitV(x)));
      return lowest >= CELL_OK_V ? "above-1.3" : lowest >= 1.1 ? "below-1.3" : "below-1.1";
    }
    case "clutch-live-test": {
      const seen = watchLockPress(twin);
      if (twin.boltState() !== "retracted") twin.turnByHand("unlock", "thumbturn");
      return seen.sound === "whir" ? "spins-free" : seen.sound === "silent" ? "gear-still" : "engages";
    }
    case "clutch-spring":
      return twin.mech.clutchSpringBroken ? "broken" : "whole";
    case "each-key":
      return eachKey(lock);
    case "keypad-look":
      return twin.keypad.dirtyMissChance > 0 ? "grimy" : "clean";
    case "app-firmware":
      return !twin.radioReachable() ? "unavailable" : twin.firmwareOutdated ? "update-offered" : "current";
    case "app-mode":
      return !twin.radioReachable()
        ? "unavailable"
        : twin.persistent()?.mode === "vacation"
          ? "vacation"
          : "normal";
    case "cold-outside":
      return twin.temperatureC < 0 ? "yes" : "no";
    case "new-code-prefix": {
      const wanted = person.wantsToAdd?.code.slice(0, 4);
      const known = [person.code, ...(person.otherCodes ?? []).map((o) => o.code)].map((k) => k?.slice(0, 4));
      return wanted !== undefined && known.includes(wanted) ? "yes" : "no";
    }
    case "slots-full":
      // From what they know (B-CARE-5: keep the code count), not from the lock's memory: a
      // household that cannot say how many codes it has does not know.
      if (lock.codeCount === undefined) return DONT_KNOW;
      return lock.codeCount >= twin.profile.codes.capacity ? "yes" : "no";
    case "lock-network":
      return twin.radioOnline ? "yes" : "no";
    default:
      return DONT_KNOW; // a question this person does not understand
  }
}

/** Each digit key pressed once, slowly, with the door open: which never registered? */
function eachKey(lock: LockAtHand): string {
  const { twin } = lock;
  if (!twin.powered) return "no-light";
  const wasClosed = twin.doorClosed;
  twin.setDoor(false);
  let missedKeys = 0;
  for (const k of digitsToKeys("1234567890")) {
    const before = twin.missedPresses;
    tap(twin, k);
    if (twin.missedPresses > before) missedKeys++;
  }
  watch(twin, () => undefined); // let the entry end
  twin.setDoor(wasClosed);
  return missedKeys === 0 ? "all" : missedKeys === 1 ? "one-dead" : "some-miss";
}

// ---------------- did the fix work? ----------------

/**
 * The person's check after a fix, as they judge it: the exact check below, except that a
 * person with `senses` now and then thinks it still fails when it works (half their
 * misreading chance; ours: three good runs are hard to mistake for bad ones, the other way
 * round is easier).
 */
export function judgeFixed(symptoms: readonly WorldSymptom[], lock: LockAtHand): boolean {
  const works = symptomsGone(symptoms, lock);
  const s = lock.senses;
  if (works && s && s.rng.next() < s.misread / 2) return false;
  return works;
}

/** The lock works three times in a row, and what they noticed is gone (exact). */
export function symptomsGone(
  symptoms: readonly WorldSymptom[] | readonly string[],
  lock: LockAtHand,
): boolean {
  const { twin, person } = lock;
  const signalsBefore = twin.signals.length;
  const missedBefore = twin.missedPresses;
  for (let i = 0; i < 3; i++) if (!lockWorksFor(twin, person)) return false;
  for (const s of symptoms) {
    switch (s) {
      case "key-stiff": {
        const closed = twin.turnByHand("lock", "key");
        twin.turnByHand("unlock", "key");
        twin.setDoor(false);
        const open = twin.turnByHand("lock", "key");
        twin.turnByHand("unlock", "key");
        twin.setDoor(true);
        if (closed.stiff || open.stiff || !closed.moved || !open.moved) return false;
        break;
      }
      case "new-code-rejected": {
        const wanted = person.wantsToAdd;
        if (!wanted) break;
        if (addCode(twin, person, wanted.code, wanted.slot) === null) return false;
        twin.advance(3_000);
        delete person.wantsToAdd;
        break;
      }
      case "app-cannot-reach-lock":
        if (!twin.radioReachable() || twin.persistent()?.paired !== true) return false;
        break;
      case "forgot-master-code":
        // They know a master code again, or the lock no longer has one (a reset 910).
        if (knownProgrammingCode(person) === undefined && twin.persistent()?.programmingCode != null)
          return false;
        break;
      case "erratic":
        if (!healthy(lock, signalsBefore, missedBefore)) return false;
        break;
      default:
        break; // the three lock-and-unlock runs above are the check
    }
  }
  return true;
}

/**
 * The guides' health check for "it behaves erratically": a brisk bolt, no low-battery
 * warning and no missed press during the runs, a keypad that answers promptly, and every
 * cell at or above 1.3 V with no mix of chemistries (seed 003's monthly checklist; B-CARE-2).
 */
function healthy(lock: LockAtHand, signalsBefore: number, missedBefore: number): boolean {
  const { twin } = lock;
  twin.advance(twin.profile.sequenceTimeoutMs + 1_000);
  tap(twin, "lock");
  settleLock(twin);
  const run = twin.powered ? twin.firmware.state.lastRun : null;
  const brisk = run !== null && run.outcome === "ok" && run.durationMs < SLOW_RUN_MS;
  if (twin.boltState() === "extended") enterCode(twin, codeTyped(lock.person) ?? "");
  if (!brisk) return false;
  if (twin.signals.slice(signalsBefore).some((r) => r.name === "lowBattery")) return false;
  if (twin.missedPresses > missedBefore) return false;
  if (keypadResponseMs(twin.temperatureC) > SLUGGISH_MS) return false;
  const cells = twin.cells ?? [];
  if (cells.some((x) => openCircuitV(x) < CELL_OK_V)) return false;
  return new Set(cells.map((x) => x.chemistry)).size <= 1;
}

/** Whether the lock works for its person right now (used by the checklist and the CLI). */
export function lockWorksNow(lock: LockAtHand): boolean {
  return lockWorksFor(lock.twin, lock.person);
}
