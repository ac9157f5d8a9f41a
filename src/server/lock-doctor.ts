/**
 * The troubleshooter on a lock the server runs (issue 6, the web app's troubleshooter page):
 * one session per lock, made with the diagnostics API (`createSession`) from the symptom the
 * person picked and, if they want, the lock's own telemetry and history. Each step the
 * engine asks for is either answered by the person at the page, or carried out on the
 * lock's twin with the diagnostics' simulated person — the same hands the evaluation and
 * `latchkey doctor --lock` use: `answerOnTwin` does a test (or answers a question from what
 * the household knows), the twin's `applyFix` applies a fix, and `symptomsGone` is the
 * person's check that the lock works again. The result goes back into the session.
 */
import {
  DEFAULT_KNOWLEDGE_BASE,
  answerOnTwin,
  createSession,
  isSymptomId,
  newRetryMemory,
  symptomsGone,
} from "../diagnostics/index.ts";
import type {
  CaseLock,
  FixId,
  RankedCause,
  RetryMemory,
  Step,
  SymptomId,
  TroubleshootingSession,
} from "../diagnostics/index.ts";
import type { LockTwin } from "../twin/lock-twin.ts";
import type { Person } from "../twin/person.ts";
import { readTelemetry } from "../twin/telemetry.ts";
import type {
  DoctorAnswerBody,
  DoctorDoBody,
  DoctorSession,
  DoctorStartInput,
  DoctorStep,
  SymptomList,
} from "./api-schemas.ts";
import { HttpError } from "./http-error.ts";
import type { LockRegistry } from "./lock-registry.ts";
import type { HostedLock as ManagedLock } from "../host/index.ts";

/** How many causes the page draws. */
const CAUSES_SHOWN = 8;

type StartBody = DoctorStartInput;
type LogEntry = DoctorSession["log"][number];

const KB = DEFAULT_KNOWLEDGE_BASE;

/** FAULTS.md's symptoms as a person says them, in FAULTS.md's order. */
export function symptomList(): SymptomList {
  return { symptoms: KB.symptoms.map((s) => ({ id: s.id, says: s.says })) };
}

function says(id: SymptomId): string {
  return KB.symptoms.find((s) => s.id === id)?.says ?? id;
}

/** Questions are what the person knows or looks at; everything else is done with the lock. */
function askKind(observation: string): "question" | "test" {
  return KB.observations.find((o) => o.id === observation)?.kind === "question" ? "question" : "test";
}

function percent(p: number): string {
  if (p < 0.01) return "under 1 %";
  if (p > 0.99) return "over 99 %";
  return `${Math.round(p * 100)} %`;
}

function toDoctorStep(step: Step): DoctorStep {
  if (step.kind === "ask") {
    return {
      kind: askKind(step.observation),
      observation: step.observation,
      question: step.question,
      answers: step.answers.map((a) => ({ value: a.value, words: a.words })),
      minutes: step.minutes,
      why: step.why,
    };
  }
  if (step.kind === "fix") {
    return {
      kind: "fix",
      fix: step.fix,
      instructions: step.instructions,
      minutes: step.minutes,
      chance: step.chance,
      why: step.why,
      ...(step.warning ? { warning: step.warning } : {}),
      plan: step.plan.map((p) => ({ fix: p.fix, chance: p.chance, minutes: p.minutes })),
    };
  }
  return { kind: "done", outcome: step.outcome, why: step.why };
}

/** One troubleshooting session on one lock. */
export class LockDoctor {
  readonly lockId: string;
  private readonly session: TroubleshootingSession;
  private readonly symptoms: readonly SymptomId[];
  private readonly withTelemetry: boolean;
  private readonly memory: RetryMemory = newRetryMemory();
  /** Fixes carried out so far: an intake question after one means trying the lock again. */
  private epoch = 0;
  private readonly log: LogEntry[] = [];

  constructor(lock: ManagedLock, body: StartBody) {
    const [symptom, ...also] = [body.symptom, ...body.alsoSymptoms];
    const unknown = [body.symptom, ...body.alsoSymptoms].filter((s) => !isSymptomId(s));
    if (unknown.length > 0 || symptom === undefined || !isSymptomId(symptom)) {
      throw new HttpError(
        "doctor.unknown-symptom",
        `unknown symptom "${unknown[0] ?? ""}" (known: ${KB.symptoms.map((s) => s.id).join(", ")})`,
      );
    }
    if (body.code !== undefined) lock.learnCode(body.code);
    this.lockId = lock.id;
    this.symptoms = [symptom, ...also.filter((s): s is SymptomId => isSymptomId(s) && s !== symptom)];
    this.withTelemetry = body.telemetry;
    this.session = createSession(KB, {
      symptom,
      alsoSymptoms: this.symptoms.slice(1),
      // The person picked what they noticed most; others may be there too.
      symptomsComplete: false,
      profile: lock.profile.id,
      codeCount: lock.householdCodes,
      ...(body.telemetry ? { telemetry: readTelemetry(lock.twin), history: [...lock.twin.history] } : {}),
    });
  }

  /** The pending step, or why there is none to act on. */
  private pending(): Exclude<Step, { kind: "done" }> {
    const step = this.session.next();
    if (step.kind === "done") {
      throw new HttpError(
        "doctor.finished",
        step.outcome === "fixed"
          ? "the lock works again: this session is over (end it, or start a new one)"
          : "the troubleshooter has nothing left to try: this session is over (end it, or start a new one)",
      );
    }
    return step;
  }

  private static describe(step: Exclude<Step, { kind: "done" }>): string {
    return step.kind === "ask" ? `the question "${step.observation}"` : `the fix "${step.fix}"`;
  }

  private askStep(observation: string): Extract<Step, { kind: "ask" }> {
    const step = this.pending();
    if (step.kind !== "ask" || step.observation !== observation)
      throw new HttpError(
        "doctor.not-the-step",
        `"${observation}" is not the current step: the troubleshooter is waiting for ${LockDoctor.describe(step)}`,
      );
    return step;
  }

  private fixStep(fix: string): Extract<Step, { kind: "fix" }> {
    const step = this.pending();
    if (step.kind !== "fix" || step.fix !== fix)
      throw new HttpError(
        "doctor.not-the-step",
        `"${fix}" is not the current step: the troubleshooter is waiting for ${LockDoctor.describe(step)}`,
      );
    return step;
  }

  private topCause(): LogEntry["topCause"] {
    const top = this.session.causes(1)[0];
    return top ? { fault: top.fault, cause: top.cause, probability: top.probability } : null;
  }

  /** The person answers the current question or test, or says what became of a fix they did. */
  answer(body: DoctorAnswerBody): void {
    if ("observation" in body) {
      const step = this.askStep(body.observation);
      const choice = step.answers.find((a) => a.value === body.value);
      if (!choice)
        throw new HttpError(
          "doctor.unknown-answer",
          `"${body.value}" is not an answer to "${step.observation}" (${step.answers.map((a) => a.value).join(", ")})`,
        );
      const topCause = this.topCause();
      this.session.answer(step.observation, choice.value);
      this.log.push({
        kind: askKind(step.observation),
        id: step.observation,
        text: step.question,
        outcome: choice.words,
        by: "person",
        minutes: step.minutes,
        topCause,
      });
      return;
    }
    const step = this.fixStep(body.fix);
    const topCause = this.topCause();
    const result = body.result === "not-possible" ? "not-possible" : body.result === "works";
    if (result !== "not-possible") this.epoch++;
    this.session.applied(step.fix, result);
    this.log.push({
      kind: "fix",
      id: step.fix,
      text: step.instructions,
      outcome:
        result === "not-possible" ? "could not be done" : result ? "the lock works" : "still not working",
      by: "person",
      minutes: result === "not-possible" ? 0 : step.minutes,
      topCause,
    });
  }

  /**
   * The current test (or question) or fix, carried out on the lock's twin by the simulated
   * person, and its result fed back to the session. A fix with a warning (factory reset)
   * needs `confirmErase`; without it nothing is done.
   */
  carryOut(lock: ManagedLock, body: DoctorDoBody): void {
    if ("observation" in body) {
      const step = this.askStep(body.observation);
      const topCause = this.topCause();
      const value = lock.handsOn((twin, person) =>
        answerOnTwin(step.observation, this.caseLock(lock, twin, person), this.memory, this.epoch),
      );
      const choice = step.answers.find((a) => a.value === value);
      this.session.answer(step.observation, value);
      this.log.push({
        kind: askKind(step.observation),
        id: step.observation,
        text: step.question,
        outcome: choice?.words ?? value,
        by: "lock",
        minutes: step.minutes,
        topCause,
      });
      return;
    }
    const step = this.fixStep(body.fix);
    if (step.warning && body.confirmErase !== true)
      throw new HttpError(
        "doctor.confirm-needed",
        `"${step.fix}" erases things: send confirmErase: true to go ahead. ${step.warning}`,
      );
    const fix: FixId = step.fix;
    const topCause = this.topCause();
    const done = lock.applyAndLog(fix);
    let outcome: string;
    if (!done.ok) {
      outcome = `not possible: ${done.reason}`;
      this.session.applied(fix, "not-possible");
    } else {
      this.epoch++;
      const works = lock.handsOn((twin, person) =>
        symptomsGone(this.symptoms, this.caseLock(lock, twin, person)),
      );
      outcome = works ? "the lock works" : "still not working";
      this.session.applied(fix, works);
    }
    this.log.push({
      kind: "fix",
      id: fix,
      text: step.instructions,
      outcome,
      by: "lock",
      minutes: done.ok ? step.minutes : 0,
      topCause,
    });
  }

  private caseLock(lock: ManagedLock, twin: LockTwin, person: Person): CaseLock {
    return { twin, person, profile: lock.profile.id, codeCount: lock.householdCodes };
  }

  view(lock: ManagedLock): DoctorSession {
    const step = this.session.next();
    const causes: RankedCause[] = this.session.causes(CAUSES_SHOWN);
    const status = step.kind === "done" ? step.outcome : "working";
    const top = causes[0];
    const explanation =
      status === "fixed" && top
        ? `The lock works again. The cause was most likely ${top.cause} (${percent(top.probability)}).`
        : this.session.explain();
    return {
      lockId: this.lockId,
      symptom: { id: this.symptoms[0] as SymptomId, says: says(this.symptoms[0] as SymptomId) },
      alsoSymptoms: [...this.symptoms.slice(1)],
      telemetry: this.withTelemetry,
      knowsCode: lock.personKnows.code !== undefined || lock.personKnows.typed !== undefined,
      status,
      causes: causes.map((c) => ({
        fault: c.fault,
        cause: c.cause,
        probability: c.probability,
        stillPresent: c.stillPresent,
      })),
      explanation,
      step: toDoctorStep(step),
      steps: this.session.steps,
      minutes: this.session.minutes,
      log: this.log.map((e) => ({ ...e })),
    };
  }
}

/** The sessions of every lock; a lock's session goes with the lock. */
export class DoctorDesk {
  private readonly sessions = new Map<string, LockDoctor>();

  constructor(registry: LockRegistry) {
    registry.listen({
      changed: () => undefined,
      removed: (id) => this.sessions.delete(id),
    });
  }

  /** Starts a session on the lock, replacing any it had. */
  start(lock: ManagedLock, raw: StartBody): LockDoctor {
    const doctor = new LockDoctor(lock, raw);
    this.sessions.set(lock.id, doctor);
    return doctor;
  }

  /** The lock's session, or undefined when it has none (the support report). */
  find(lockId: string): LockDoctor | undefined {
    return this.sessions.get(lockId);
  }

  get(lockId: string): LockDoctor {
    const doctor = this.sessions.get(lockId);
    if (!doctor)
      throw new HttpError("doctor.no-session", `no troubleshooting session on "${lockId}": start one first`);
    return doctor;
  }

  end(lockId: string): void {
    this.get(lockId);
    this.sessions.delete(lockId);
  }
}
