/**
 * The simulated person of the evaluation (and of `doctor --lock`): what they report about
 * their lock, how they answer the troubleshooter's questions, and how they check that a
 * fix worked — all by doing things to the twin and looking at what it shows, never by
 * reading which fault was injected.
 *
 * The report comes from an everyday routine at a closed door: press Lock on the way out,
 * type their code, turn the key, add the code they meant to add, open the app. Each thing
 * that goes wrong becomes a FAULTS.md symptom in the person's words; the first one is the
 * main complaint. The only chance in it is documented here: about a third of people have
 * also tried the lock with the door open before they ask for help (the guides teach it:
 * B-CARE-2/3), so a strike problem is sometimes reported as "works open, not closed".
 */
import { countCodes } from "../../core/code-book.ts";
import type { HistoryEntry } from "../../core/history.ts";
import { openCircuitV } from "../../twin/battery-cell.ts";
import { keypadResponseMs } from "../../twin/keypad-condition.ts";
import { addCode, enterCode, lockWorksFor, settleLock } from "../../twin/person-actions.ts";
import { SLOW_RUN_MS } from "../knowledge/telemetry-findings.ts";
import { codeTyped, knownProgrammingCode } from "../../twin/person.ts";
import type { SeededRandom } from "../../twin/seeded-random.ts";
import { readTelemetry } from "../../twin/telemetry.ts";
import type { LockTelemetry } from "../../twin/telemetry.ts";
import type { SymptomId } from "../knowledge/ids.ts";
import type { CaseLock } from "./case-lock.ts";
import type { ActionSeen } from "./watch-lock.ts";
import { watch, watchCodeEntry, watchLockPress } from "./watch-lock.ts";
import { tap, digitsToKeys } from "../../twin/person-actions.ts";

/** Share of people who also tried with the door open before asking (ours, see header). */
export const TRIED_DOOR_OPEN_SHARE = 0.35;
/** A keypad slower than this to take a press feels sluggish (ours; the twin's warm keypad: 20 ms). */
const SLUGGISH_MS = 100;
/** Seed 003 monthly check: "replace below 1.3 V per cell". */
const CELL_OK_V = 1.3;

/** What a person brings to the troubleshooter, before any question. */
export interface PersonReport {
  /** The main complaint first, then anything else they noticed. */
  readonly symptoms: readonly SymptomId[];
  /** What they saw while it happened: the intake observations, by id. */
  readonly intake: Readonly<Record<string, string>>;
  /** The lock's own report, read just after the first thing that went wrong. */
  readonly telemetry: LockTelemetry;
  readonly history: readonly HistoryEntry[];
  readonly codeCount: number;
  readonly profile: string;
}

/** The intake answers of one try of the routine (lock press, then code). */
function intakeFrom(lock: ActionSeen, code: ActionSeen, app: string | null): Record<string, string> {
  const intake: Record<string, string> = {
    "lock-press-bolt": lock.bolt === "extends" ? "extends" : lock.bolt === "partway" ? "partway" : "stays",
    "lock-press-sound": lock.sound,
    "lock-press-signal": lock.signal,
    "code-result": codeResult(code),
    "warning-light": lock.warning || code.warning ? "yes" : "no",
  };
  if (app !== null) intake["app-shows"] = app;
  return intake;
}

function codeResult(code: ActionSeen): string {
  if (code.bolt === "extends") return "extends-instead";
  if (code.bolt === "retracts" || (code.green && code.signal !== "error")) return "opens";
  if (code.signal !== "none") return "rejected";
  return "ignored";
}

function appShows(c: CaseLock): string | null {
  if (c.twin.profile.radio === null) return null;
  if (c.twin.radioReachable()) return "works";
  return c.twin.hubKnowsLock ? "offline" : "missing";
}

/** The lock's history since `fromIndex` (what its app would list). */
function historySince(c: CaseLock, fromIndex: number): HistoryEntry[] {
  return c.twin.history.slice(fromIndex);
}

/**
 * The person's report: the routine, what went wrong in their words, and the lock's own
 * telemetry read right after the first failure (as an app would fetch it then).
 */
export function reportFromLock(c: CaseLock, rng: SeededRandom): PersonReport {
  const { twin, person } = c;
  const historyStart = 0;
  let telemetry: LockTelemetry | null = null;
  const snapshot = (): void => {
    telemetry ??= readTelemetry(twin);
  };
  twin.setDoor(true);
  const lock = watchLockPress(twin);
  const lockFailed = lock.bolt !== "extends";
  // The app reads the lock just after the lock press: its last run is the loaded one.
  snapshot();
  const code = watchCodeEntry(twin, codeTyped(person) ?? "");
  const result = codeResult(code);

  // The key: to get in if the bolt is still out, else the person's occasional key use.
  const keyLock = twin.boltState() === "extended" ? null : twin.turnByHand("lock", "key");
  const keyUnlock = twin.turnByHand("unlock", "key");
  const keyStiff =
    (keyLock?.stiff ?? false) || keyUnlock.stiff || !(keyLock?.moved ?? true) || !keyUnlock.moved;

  let openWorks = false;
  if (lockFailed && lock.lit && rng.next() < TRIED_DOOR_OPEN_SHARE) {
    twin.setDoor(false);
    openWorks = watchLockPress(twin).bolt === "extends";
    if (twin.boltState() !== "retracted") twin.turnByHand("unlock", "thumbturn");
    twin.setDoor(true);
  }

  let newCodeRefused = false;
  if (person.wantsToAdd) {
    const p0 = twin.persistent();
    const before = p0 ? countCodes(p0) : 0;
    const wanted = person.wantsToAdd;
    const tried = addCode(twin, person, wanted.code, wanted.slot);
    twin.advance(3_000);
    const after = twin.persistent();
    newCodeRefused = !tried || !after || countCodes(after) <= before;
    if (!newCodeRefused) delete person.wantsToAdd;
  }
  const app = appShows(c);
  snapshot();

  const symptoms: SymptomId[] = [];
  const add = (s: SymptomId): void => {
    if (!symptoms.includes(s)) symptoms.push(s);
  };
  if (!lock.lit && !code.lit) add("no-response");
  if (code.bolt === "extends" || lock.bolt === "retracts") add("wrong-direction");
  if (lockFailed && lock.lit) {
    if (lock.sound === "whir") add("motor-whirs-bolt-stays");
    else if (lock.signal === "battery" || (lock.signal === "error" && lock.sound === "silent"))
      add("red-flashes-beeps");
    else if (lock.signal === "none" && lock.sound === "silent") add("lock-button-ignored");
    if (openWorks) add("works-open-not-closed");
    if (
      !symptoms.includes("lock-button-ignored") &&
      !symptoms.includes("red-flashes-beeps") &&
      result === "opens"
    ) {
      add("wont-lock-unlocks-fine");
    }
  }
  if (code.lit && (result === "rejected" || result === "ignored")) {
    if (lock.signal === "none" && lock.sound === "silent" && lockFailed && result === "ignored")
      add("keypad-stopped-responding");
    else add("wont-unlock-with-code");
  }
  if (newCodeRefused) add("new-code-rejected");
  if (person.forgotProgrammingCode) add("forgot-master-code");
  if (app === "offline" || app === "missing") add("app-cannot-reach-lock");
  if (keyStiff) add("key-stiff");
  // "It behaves erratically" is what is left to say when nothing clearer went wrong: a
  // sluggish keypad, a warning on new cells, or a failure they saw before but not today.
  if (symptoms.length === 0) add("erratic");

  return {
    symptoms: orderByComplaint(symptoms),
    intake: intakeFrom(lock, code, app),
    telemetry: telemetry ?? readTelemetry(twin),
    history: historySince(c, historyStart),
    codeCount: c.codeCount,
    profile: c.profile,
  };
}

/** The order in which a person leads with a complaint: the most alarming first. */
const COMPLAINT_ORDER: readonly SymptomId[] = [
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

function orderByComplaint(s: readonly SymptomId[]): SymptomId[] {
  return [...s].sort((a, b) => COMPLAINT_ORDER.indexOf(a) - COMPLAINT_ORDER.indexOf(b));
}

// ---- answering the troubleshooter's questions on the twin ----

/** The simulated person's memory of the last "try it again" (one per fix applied). */
export interface RetryMemory {
  epoch: number;
  intake: Record<string, string> | null;
}

export function newRetryMemory(): RetryMemory {
  return { epoch: -1, intake: null };
}

/**
 * Answers an observation by doing it on the twin (or from what the person knows). `epoch`
 * is the number of fixes applied so far: intake questions asked again after a fix mean
 * "try it again and tell me what happens", done once per epoch.
 */
export function answerOnTwin(id: string, c: CaseLock, memory: RetryMemory, epoch: number): string {
  const { twin, person } = c;
  const intakeIds = [
    "lock-press-bolt",
    "lock-press-sound",
    "lock-press-signal",
    "code-result",
    "warning-light",
    "app-shows",
  ];
  if (intakeIds.includes(id)) {
    if (memory.epoch !== epoch || memory.intake === null) {
      // The report's routine again, from the same start: bolt in, door closed.
      if (twin.boltState() !== "retracted") twin.turnByHand("unlock", "thumbturn");
      twin.setDoor(true);
      const lock = watchLockPress(twin);
      const code = watchCodeEntry(twin, codeTyped(person) ?? "");
      if (twin.boltState() !== "retracted") twin.turnByHand("unlock", "thumbturn");
      memory.intake = intakeFrom(lock, code, appShows(c));
      memory.epoch = epoch;
    }
    return memory.intake[id] ?? "works";
  }
  switch (id) {
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
      if (!other) return "rejected";
      if (twin.boltState() !== "extended") twin.turnByHand("lock", "thumbturn");
      const seen = watchCodeEntry(twin, other.code);
      if (twin.boltState() !== "retracted") twin.turnByHand("unlock", "thumbturn");
      if (seen.bolt === "retracts") return "opens";
      return seen.signal === "none" && !seen.green ? "ignored" : "rejected";
    }
    case "code-as-written":
      return person.typed === undefined || person.typed === person.code ? "same" : "different";
    case "typed-is-master":
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
      return slot.validUntilMs !== undefined && slot.validUntilMs < twin.clock.nowMs ? "expired" : "listed";
    }
    case "cells-check": {
      const cells = twin.cells ?? [];
      if (cells.some((x) => x.reversed)) return "reversed";
      if (cells.some((x) => x.chemistry === "nimh")) return "wrong-type";
      const charges = cells.map((x) => x.charge);
      return Math.max(...charges) - Math.min(...charges) > 0.2 ? "mixed" : "ok";
    }
    case "contacts-look":
      return twin.contactsCorroded ? "crusted" : "clean";
    case "cell-voltage": {
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
      return eachKey(c);
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
    case "slots-full": {
      const p = twin.persistent();
      return p && countCodes(p) >= twin.profile.codes.capacity ? "yes" : "no";
    }
    case "lock-network":
      return twin.radioOnline ? "yes" : "no";
    default:
      throw new Error(`the simulated person cannot answer "${id}"`);
  }
}

/** Each digit key pressed once, slowly, with the door open: which never registered? */
function eachKey(c: CaseLock): string {
  const { twin } = c;
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

// ---- did the fix work? ----

/** The person's check after a fix: the lock works three times in a row, and what they reported is gone. */
export function symptomsGone(symptoms: readonly SymptomId[], c: CaseLock): boolean {
  const { twin, person } = c;
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
        const p0 = twin.persistent();
        const before = p0 ? countCodes(p0) : 0;
        if (!addCode(twin, person, wanted.code, wanted.slot)) return false;
        twin.advance(3_000);
        const p1 = twin.persistent();
        if (!p1 || countCodes(p1) <= before) return false;
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
        if (!healthy(c, signalsBefore, missedBefore)) return false;
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
function healthy(c: CaseLock, signalsBefore: number, missedBefore: number): boolean {
  const { twin } = c;
  // The bolt throws briskly: one more lock with the door closed, timed (a healthy throw is
  // under half a second; a sagging supply or a heavy bolt makes it slow).
  twin.advance(twin.profile.sequenceTimeoutMs + 1_000);
  tap(twin, "lock");
  settleLock(twin);
  const run = twin.powered ? twin.firmware.state.lastRun : null;
  const brisk = run !== null && run.outcome === "ok" && run.durationMs < SLOW_RUN_MS;
  if (twin.boltState() === "extended") enterCode(twin, codeTyped(c.person) ?? "");
  if (!brisk) return false;
  if (twin.signals.slice(signalsBefore).some((r) => r.name === "lowBattery")) return false;
  if (twin.missedPresses > missedBefore) return false;
  if (keypadResponseMs(twin.temperatureC) > SLUGGISH_MS) return false;
  const cells = twin.cells ?? [];
  if (cells.some((x) => openCircuitV(x) < CELL_OK_V)) return false;
  return new Set(cells.map((x) => x.chemistry)).size <= 1;
}

/** Whether the lock works for its person right now (used by the checklist and the CLI). */
export function lockWorksNow(c: CaseLock): boolean {
  return lockWorksFor(c.twin, c.person);
}
