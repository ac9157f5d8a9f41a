/**
 * The guides' own fixed sequences, each run only on the complaints its guide is written for
 * (issue 15: "each reported in its own scope"), on a fresh copy of the same lock the engine
 * met, by the same simulated person, with the same minutes per fix:
 *
 * - seed 000's "Final Fix Checklist" (B-CARE-4), for "unlocks but won't lock": fresh cells, a
 *   user code, door handing, the strike plate "if key operation feels stiff" (checking takes a
 *   minute), factory reset, support;
 * - seed 001's "won't unlock" causes in its order: verify the code, low batteries, a glitch
 *   (factory reset), the door handing; then "contact Kwikset Technical Support";
 * - seed 002's reset guide, for a forgotten master code, an inherited or erratic lock, a hub
 *   that will not pair: factory reset (with master code, codes and re-pairing), its "quick
 *   solutions" — the lockout timer, the handedness — then support;
 * - seed 004's "code stops working", for a refused code or a silent keypad: double-check the
 *   code, clean the keypad, batteries, lockout and vacation modes, the door-open test (the
 *   strike plate only "if it works fine when open but not when closed"), a power cycle,
 *   connectivity, firmware, the code's expiry (re-add it), factory reset, support.
 */
import { applyFix } from "../../twin/faults.ts";
import type { FixId } from "../../twin/fault-ids.ts";
import type { KnowledgeBase } from "../knowledge/types.ts";
import type { LockAtHand } from "../world/lock-at-hand.ts";
import type { PersonReport } from "../world/person.ts";
import { judgeFixed } from "../world/person.ts";
import { watchLockPress } from "../world/watch-lock.ts";

/** A step of a guide: a fix, or a fix done only when a check says so. */
export type GuideStep =
  | FixId
  | {
      readonly fix: FixId;
      readonly onlyIf: "key-stiff" | "works-open-not-closed";
      readonly checkMinutes: number;
    };

export interface Baseline {
  readonly id: "seed-000" | "seed-001" | "seed-002" | "seed-004" | "most-frequent";
  readonly title: string;
  /** The person's complaints this guide is for (any of them). */
  readonly scope: readonly string[];
  readonly steps: readonly GuideStep[];
}

export const BASELINES: readonly Baseline[] = [
  {
    id: "seed-000",
    title: "seed 000 'Final Fix Checklist'",
    scope: ["wont-lock-unlocks-fine"],
    steps: [
      "replace-batteries",
      "program-user-code",
      "run-door-handing",
      { fix: "adjust-strike-plate", onlyIf: "key-stiff", checkMinutes: 1 },
      "factory-reset",
      "contact-support",
    ],
  },
  {
    id: "seed-001",
    title: "seed 001 'Won't Unlock?' causes in order",
    scope: ["wont-unlock-with-code"],
    steps: ["reenter-code", "replace-batteries", "factory-reset", "run-door-handing", "contact-support"],
  },
  {
    id: "seed-002",
    title: "seed 002 factory reset, then its quick solutions",
    scope: ["forgot-master-code", "app-cannot-reach-lock", "erratic"],
    steps: ["factory-reset", "wait-lockout", "run-door-handing", "contact-support"],
  },
  {
    id: "seed-004",
    title: "seed 004 'code stops working' steps in order",
    scope: ["wont-unlock-with-code", "keypad-stopped-responding"],
    steps: [
      "reenter-code",
      "clean-keypad",
      "replace-batteries",
      "wait-lockout",
      "disable-vacation-mode",
      { fix: "adjust-strike-plate", onlyIf: "works-open-not-closed", checkMinutes: 1 },
      "soft-reset",
      "restore-connectivity",
      "update-firmware",
      "readd-code",
      "factory-reset",
      "contact-support",
    ],
  },
];

/** The seed 000 checklist's order of fixes (B-CARE-4), for callers that want only the ids. */
export const CHECKLIST: readonly FixId[] = [
  "replace-batteries",
  "program-user-code",
  "run-door-handing",
  "adjust-strike-plate",
  "factory-reset",
  "contact-support",
];

export function inScope(b: Baseline, report: PersonReport): boolean {
  return report.symptoms.some((s) => b.scope.includes(s));
}

export interface GuideRun {
  /** The person judged the lock working before support was called. */
  readonly fixed: boolean;
  readonly calledSupport: boolean;
  readonly steps: number;
  readonly minutes: number;
  readonly actions: readonly string[];
  readonly fixesDone: readonly FixId[];
}

/** The check a guide's conditional step makes, on the lock, as the person sees it. */
function checkSays(lock: LockAtHand, check: "key-stiff" | "works-open-not-closed"): boolean {
  const { twin } = lock;
  if (check === "key-stiff") {
    const turn = twin.turnByHand("lock", "key");
    twin.turnByHand("unlock", "key");
    return turn.stiff || !turn.moved;
  }
  const wasClosed = twin.doorClosed;
  twin.setDoor(false);
  if (twin.boltState() !== "retracted") twin.turnByHand("unlock", "thumbturn");
  const open = watchLockPress(twin).bolt === "extends";
  if (twin.boltState() !== "retracted") twin.turnByHand("unlock", "thumbturn");
  twin.setDoor(wasClosed);
  return open;
}

/** Runs a guide's steps on the lock until the person judges it working. */
export function runGuide(kb: KnowledgeBase, b: Baseline, lock: LockAtHand, report: PersonReport): GuideRun {
  const minutesOf = (id: FixId): number => kb.fixes.find((f) => f.id === id)?.minutes.value ?? 0;
  let steps = 0;
  let minutes = 0;
  const actions: string[] = [];
  const fixesDone: FixId[] = [];
  for (const step of b.steps) {
    const fix = typeof step === "string" ? step : step.fix;
    if (typeof step !== "string") {
      steps++;
      minutes += step.checkMinutes;
      if (!checkSays(lock, step.onlyIf)) {
        actions.push(`${step.onlyIf}? no: ${fix} left out`);
        continue;
      }
    }
    const done = applyFix(lock.twin, fix, lock.person);
    if (!done.ok) {
      actions.push(`${fix}: not possible`);
      continue;
    }
    steps++;
    minutes += minutesOf(fix);
    fixesDone.push(fix);
    if (fix === "contact-support") {
      actions.push("contact-support");
      return { fixed: false, calledSupport: true, steps, minutes, actions, fixesDone };
    }
    const worked = judgeFixed(report.noticed, lock);
    actions.push(`${fix}: ${worked ? "works" : "not yet"}`);
    if (worked) return { fixed: true, calledSupport: false, steps, minutes, actions, fixesDone };
  }
  return { fixed: false, calledSupport: true, steps, minutes, actions, fixesDone };
}
