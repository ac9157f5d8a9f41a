/**
 * The staged rollout's decisions as pure functions (issue 14): how many locks each stage
 * reaches, and whether a stage's failures halt the rollout. No I/O, no clock: the runner
 * (rollout-runner.ts) asks these, and the property tests check them alone.
 *
 * A stage's failure rate is its failed locks (rolled back, or the update failed) over the locks
 * it tried; a lock never tried (offline, already on the version) counts in neither. Above the
 * threshold the rollout halts, and stays halted. It may halt before a stage ends: once the
 * failures already exceed threshold × the stage's size, no outcome of the rest can bring the
 * rate back under it, and every further lock would only take a build known to be bad.
 */

export const DEFAULT_STAGES_PERCENT: readonly number[] = Object.freeze([1, 10, 100]);
/** Default failure threshold: 2 % (a bad board run of one lock in twenty is well above it). */
export const DEFAULT_THRESHOLD = 0.02;

/**
 * How many locks each stage adds: stage i reaches ceil(total × percent_i / 100) locks in all
 * (the last stage always all of them), at least one more than the stage before while locks
 * remain. A stage left with none to add (a tiny fleet) has size 0 and passes at once.
 */
export function stageSizes(total: number, stagesPercent: readonly number[]): number[] {
  if (!Number.isInteger(total) || total < 0) throw new RangeError("total is a whole number of locks");
  let reached = 0;
  return stagesPercent.map((percent, i) => {
    const last = i === stagesPercent.length - 1;
    const target = last ? total : Math.min(total, Math.max(reached + 1, Math.ceil((total * percent) / 100)));
    const size = Math.max(0, target - reached);
    reached += size;
    return size;
  });
}

/** Checks a rollout's stages: increasing percentages of the targets, the last 100. */
export function stagesProblem(stagesPercent: readonly number[]): string | null {
  if (stagesPercent.length < 1 || stagesPercent.length > 10) return "a rollout has 1–10 stages";
  for (let i = 0; i < stagesPercent.length; i++) {
    const p = stagesPercent[i]!;
    if (!(p > 0 && p <= 100)) return "each stage is a percentage above 0 and at most 100";
    if (i > 0 && p <= stagesPercent[i - 1]!) return "each stage reaches more locks than the one before";
  }
  if (stagesPercent[stagesPercent.length - 1] !== 100) return "the last stage reaches 100 % of the locks";
  return null;
}

export interface StageTally {
  /** Locks the stage holds. */
  readonly size: number;
  readonly updated: number;
  /** Rolled back at their first boot, or the update failed. */
  readonly failed: number;
  /** Never tried (offline, unpaired, already on the version). */
  readonly skipped: number;
}

/** The stage's failure rate so far: failed over tried (0 when none was tried). */
export function failureRate(t: StageTally): number {
  const tried = t.updated + t.failed;
  return tried === 0 ? 0 : t.failed / tried;
}

export type StageVerdict =
  | { readonly verdict: "running" }
  | { readonly verdict: "passed"; readonly rate: number }
  | { readonly verdict: "halt"; readonly rate: number; readonly early: boolean };

/**
 * What the stage's tally says: halt once its failures can no longer stay at or under the
 * threshold; passed when every lock is done and the rate is at or under it; else running.
 */
export function stageVerdict(t: StageTally, threshold: number): StageVerdict {
  const done = t.updated + t.failed + t.skipped;
  if (done >= t.size) {
    const rate = failureRate(t);
    return rate > threshold ? { verdict: "halt", rate, early: false } : { verdict: "passed", rate };
  }
  // The rate's denominator (tried) is at most the stage's size, so this bound is safe.
  if (t.failed > threshold * t.size) return { verdict: "halt", rate: failureRate(t), early: true };
  return { verdict: "running" };
}

/** The sentence a halted rollout keeps. */
export function haltReason(
  stage: number,
  stagesPercent: readonly number[],
  t: StageTally,
  threshold: number,
): string {
  const tried = t.updated + t.failed;
  const pct = (x: number) => `${(Math.round(x * 1000) / 10).toLocaleString("en")} %`;
  return (
    `stage ${stage + 1} (${stagesPercent[stage]} % of the locks): ${t.failed} of ${tried} lock${tried === 1 ? "" : "s"} tried failed ` +
    `(${pct(failureRate(t))}), above the ${pct(threshold)} threshold; the rollout stopped by itself`
  );
}
