/**
 * The shape of the troubleshooter's knowledge base: plain data, every number with where it
 * comes from (a guide in ../shared/seeds, a spec file, or "ours:" and why). The engine
 * reads only this; another lock family is another knowledge base.
 */
import type { FaultId, FixId, SymptomId } from "./ids.ts";

/** A number and why it is what it is. */
export interface Cited {
  readonly value: number;
  readonly source: string;
}

/** What a lock model must have for a fault, fix or question to make sense on it. */
export type Needs = "radio" | "programming-code" | "prefix-rule";

export type FaultGroup =
  "power" | "setup" | "mechanism" | "keypad" | "codes" | "connection" | "firmware" | "environment";

export interface FaultEntry {
  readonly id: FaultId;
  /** The cause in a person's words, for rankings ("weak cells"). */
  readonly cause: string;
  readonly group: FaultGroup;
  /** Relative frequency among locks that someone asks for help with. */
  readonly prior: Cited;
  readonly needs?: Needs;
}

/** What the person was doing when they noticed a symptom. */
export type SymptomChannel = "power" | "lock" | "code" | "new-code" | "app" | "key" | "person" | "fallback";

export interface SymptomEntry {
  readonly id: SymptomId;
  /** As a person says it (FAULTS.md). */
  readonly says: string;
  /**
   * What it is noticed through. With two faults, a symptom of the one met later is hidden
   * when the one met first already shows something on one of these (a dead lock hides a
   * misaligned strike's jam; it does not hide a stiff key).
   */
  readonly channels: readonly SymptomChannel[];
  /** Said only when nothing else is wrong ("it behaves erratically"). */
  readonly onlyAlone?: boolean;
  /**
   * A complaint that is itself the result of one of the guides' tests: saying it answers that
   * test (observation id → value), so the test is not asked as if nothing were known.
   */
  readonly answers?: Readonly<Record<string, string>>;
}

/**
 * P(symptom reported | fault), one row per fault: a symptom not listed has probability 0
 * from that fault. Several faults together report a symptom by noisy-OR.
 */
export type SymptomTable = Readonly<Record<FaultId, Readonly<Partial<Record<SymptomId, Cited>>>>>;

export type ObservationKind =
  /** What the person saw when it went wrong: part of the first report, free then. */
  | "intake"
  /** Something the person knows or looks at. */
  | "question"
  /** Something the person does to the lock and watches (the guides' exams). */
  | "test"
  /** What the lock reports about itself (twin/telemetry.ts and its history, B-SEC-5). */
  | "telemetry";

/** One fault's answer distribution for an observation, with its source. */
export interface AnswerLikelihood {
  readonly p: Readonly<Record<string, number>>;
  readonly source: string;
  /**
   * The fault's healthy-looking answer hides another fault's (no codes: pressing lock shows
   * nothing whatever else is wrong). Otherwise a healthy answer lets the other fault show.
   */
  readonly decides?: boolean;
}

export interface ObservationEntry {
  readonly id: string;
  readonly kind: ObservationKind;
  /** The question or instruction, as the troubleshooter puts it. */
  readonly ask: string;
  /**
   * Possible answers; values[0] is what a healthy lock gives. With two faults, the one
   * the lock meets first (`precedence`) answers, and passes on when it shows nothing.
   */
  readonly values: readonly string[];
  /** Each answer in words, for the person and for explanations. */
  readonly words: Readonly<Record<string, string>>;
  /** Minutes the person spends (telemetry and the first report: 0). */
  readonly minutes: Cited;
  /** Chance of an answer the cause does not explain (misreading, noise). */
  readonly slip: number;
  readonly needs?: Needs;
  /** Answer distributions of the faults that change this observation; others answer values[0]. */
  readonly byFault: Readonly<Partial<Record<FaultId, AnswerLikelihood>>>;
  /** What a lock with none of the causes answers (default: values[0]); learned tables give one. */
  readonly healthy?: AnswerLikelihood;
  /**
   * The faults that change this observation (default: the keys of `byFault`). A learned table
   * has a row for every fault; this keeps which of them really act on it, so that with two
   * faults the one that acts answers, not one whose row only shows the household's oddities.
   */
  readonly affectedBy?: readonly FaultId[];
}

export interface FixEntry {
  readonly id: FixId;
  /** What to do, in a sentence or two (the guide's steps). */
  readonly does: string;
  readonly minutes: Cited;
  /** The faults this fix removes (checked on the twin by the tests). */
  readonly repairs: readonly FaultId[];
  readonly repairsSource: string;
  /**
   * Causes that, while present, stop this fix from taking: a handing run needs a motor that
   * moves the bolt, programming needs power and a keypad that registers (seed 003: "weak
   * power causes mid-programming failures").
   */
  readonly blockedBy?: readonly FaultId[];
  readonly blockedBySource?: string;
  readonly needs?: Needs;
  /** What the fix erases, said before it is proposed (factory reset). */
  readonly erases?: readonly string[];
  /** Proposed only after every cheaper fix with a real chance has been tried. */
  readonly lastResort?: boolean;
}

export interface KnowledgeBase {
  readonly faults: readonly FaultEntry[];
  readonly symptoms: readonly SymptomEntry[];
  /**
   * P(symptom mentioned | fault). Cited tables mean "reported by someone who says all they
   * noticed"; learned tables (knowledge/learned-tables.ts) mean "mentioned", and then
   * `symptomNoticed` holds P(noticed | fault) for a person who says they listed everything.
   */
  readonly symptomLikelihoods: SymptomTable;
  readonly symptomNoticed?: SymptomTable;
  /** A symptom reported with none of its faults present (misdescription), per symptom. */
  readonly symptomLeak: Cited;
  readonly observations: readonly ObservationEntry[];
  readonly fixes: readonly FixEntry[];
  /** Faults that cannot be present together (they set the same thing two ways). */
  readonly exclusive: readonly (readonly FaultId[])[];
  /** Prior chance that two faults are present at once (used when pairs are considered). */
  readonly pairShare: Cited;
  /**
   * The order in which a lock meets its faults when used: power first, then the keypad, the
   * stored codes and settings, the checks before a motor run, the motor, the mechanism.
   * With two faults, the earlier one answers an observation first.
   */
  readonly precedence: readonly FaultId[];
  /**
   * How much one piece of evidence of each kind counts (a power on its likelihood; default
   * 1). What a person reports at the start — their words, what they saw, the lock's
   * telemetry — comes from one try of the lock and one state of it, so its pieces are not
   * independent; multiplying them as if they were makes the engine sure too soon.
   */
  readonly evidenceWeights?: EvidenceWeights;
  /**
   * The forms each cause takes in a first report (learned: eval/fit-classes.ts). With them the
   * first report is weighed as one piece of evidence per form, not as independent pieces.
   */
  readonly causeClasses?: CauseClasses;
}

/**
 * One form a cause takes in a first report (a mild or a bad strike, a broken digit key or a
 * broken Lock key): its share of the cause's cases, and within it, P(symptom mentioned),
 * P(symptom noticed) and each report observation's answer distribution.
 */
export interface CauseClass {
  readonly weight: number;
  readonly said: Readonly<Partial<Record<SymptomId, number>>>;
  readonly noticed: Readonly<Partial<Record<SymptomId, number>>>;
  readonly answers: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export interface CauseClasses {
  readonly source: string;
  readonly byFault: Readonly<Partial<Record<FaultId, readonly CauseClass[]>>>;
}

export interface EvidenceWeights {
  readonly symptom: number;
  readonly intake: number;
  readonly telemetry: number;
  readonly source: string;
}
