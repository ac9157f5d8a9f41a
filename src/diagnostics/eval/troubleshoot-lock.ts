/**
 * One troubleshooting session on a simulated lock: the person reports, the engine asks and
 * proposes, the person answers by doing it on the twin (world/person.ts) and applies fixes
 * with the twin's applyFix, judging the lock after each, until it works or the engine gives
 * up. Used by the evaluation and by `latchkey doctor --lock FILE`.
 */
import { applyFix } from "../../twin/faults.ts";
import type { FixId } from "../../twin/fault-ids.ts";
import type { KnowledgeBase } from "../knowledge/types.ts";
import type { SymptomId } from "../knowledge/ids.ts";
import type {
  RankedCause,
  SessionOptions,
  Step,
  TroubleReport,
  TroubleshootingSession,
} from "../engine/session.ts";
import { createSession } from "../engine/session.ts";
import type { LockAtHand } from "../world/lock-at-hand.ts";
import type { PersonReport } from "../world/person.ts";
import { answerOnTwin, judgeFixed, newRetryMemory } from "../world/person.ts";

export interface TranscriptLine {
  readonly step: Step;
  /** The answer given, or what became of the fix. */
  readonly outcome: string;
  /** The causes as the engine ranked them when it chose this step. */
  readonly causes: readonly RankedCause[];
  readonly explanation: string;
  readonly decisionMs: number;
}

export interface SessionRun {
  /** The engine's session ended with the person saying the lock works. */
  readonly fixed: boolean;
  readonly steps: number;
  readonly minutes: number;
  /** The ranking right after the report (and telemetry), before any step. */
  readonly firstRanking: readonly RankedCause[];
  readonly firstExplanation: string;
  readonly transcript: readonly TranscriptLine[];
  readonly final: Step;
  /** Fixes carried out, in order. */
  readonly fixesDone: readonly FixId[];
  /** The session itself, for a support report (`latchkey doctor --lock FILE --report R`). */
  readonly session: TroubleshootingSession;
}

/** The report the engine gets from a simulated person (telemetry only if it is read). */
export function troubleReportOf(r: PersonReport, withTelemetry: boolean, complete = false): TroubleReport {
  const [symptom, ...also] = r.symptoms as readonly SymptomId[];
  if (!symptom) throw new Error("a report needs a symptom");
  return {
    symptom,
    alsoSymptoms: also,
    // "Anything else?" answered with what came to mind is not a complete list (issue 15),
    // unless the person is known to say everything (a test's exact person).
    symptomsComplete: complete,
    ...(r.profile === undefined ? {} : { profile: r.profile }),
    ...(r.codeCount === undefined ? {} : { codeCount: r.codeCount }),
    answers: r.intake,
    ...(withTelemetry ? { telemetry: r.telemetry, history: r.history } : {}),
  };
}

export function troubleshootLock(
  kb: KnowledgeBase,
  lock: LockAtHand,
  report: PersonReport,
  options: SessionOptions & {
    readonly telemetry: boolean;
    /** The person mentions everything they noticed (an exact test person). */
    readonly symptomsComplete?: boolean;
    readonly onStep?: (line: TranscriptLine) => void;
  },
): SessionRun {
  const session = createSession(
    kb,
    troubleReportOf(report, options.telemetry, options.symptomsComplete ?? false),
    options,
  );
  const firstRanking = session.causes();
  const firstExplanation = session.explain();
  const transcript: TranscriptLine[] = [];
  const fixesDone: FixId[] = [];
  const memory = newRetryMemory();
  let epoch = 0;
  let final: Step;
  for (;;) {
    const t0 = performance.now();
    const step = session.next();
    const decisionMs = performance.now() - t0;
    if (step.kind === "done") {
      final = step;
      break;
    }
    const causes = session.causes(5);
    const explanation = session.explain();
    let outcome: string;
    if (step.kind === "ask") {
      outcome = answerOnTwin(step.observation, lock, memory, epoch);
      session.answer(step.observation, outcome);
    } else {
      const done = applyFix(lock.twin, step.fix, lock.person);
      if (!done.ok) {
        outcome = `not possible: ${done.reason}`;
        session.applied(step.fix, "not-possible");
      } else {
        epoch++;
        fixesDone.push(step.fix);
        const worked = judgeFixed(report.noticed, lock);
        outcome = worked ? "the lock works" : "still not working";
        session.applied(step.fix, worked);
      }
    }
    const line = { step, outcome, causes, explanation, decisionMs };
    transcript.push(line);
    options.onStep?.(line);
  }
  return {
    fixed: final.kind === "done" && final.outcome === "fixed",
    steps: session.steps,
    minutes: session.minutes,
    firstRanking,
    firstExplanation,
    transcript,
    final,
    fixesDone,
    session,
  };
}
