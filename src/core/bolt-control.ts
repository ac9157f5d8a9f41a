/**
 * Bolt control (B-BOLT-1, B-BOLT-6, B-SET-2/3/6): turning "lock" and "unlock" into motor
 * runs, watching the position switch and the motor current, stopping on a stall, backing
 * off and retrying a bounded number of times, and never reporting locked unless the
 * position switch confirms it. Also the door-handing runs, which learn which motor
 * direction extends the bolt from the current each direction draws (B-HW-3).
 */
import type { HistorySource } from "./history.ts";
import type { LockSource, RefusalCode } from "./radio-types.ts";
import type { BoltPosition, CoreState, MotorRun, ReportedBolt } from "./state.ts";
import type { Mutable, StepContext } from "./step-context.ts";
import {
  MEASURE_BATTERY,
  answerOk,
  answerRefused,
  cancelTimer,
  motor,
  persist,
  record,
  reportEvent,
  setNewRun,
  signal,
  startTimer,
  writableRun,
} from "./step-context.ts";
import { scheduleAutoLock, cancelAutoLock } from "./auto-lock.ts";
import { levelFor, setBatteryLevel } from "./battery-monitor.ts";
import { endPrivacyByHand } from "./privacy-mode.ts";

type Drive = "cw" | "ccw";

/** Margin kept above the brown-out voltage when predicting a run's sag. */
const BROWN_OUT_MARGIN_V = 0.2;
/** Currents the firmware expects while the bolt moves, before it has measured any (mA). */
const EXPECTED_EXTEND_MA = 450;
const EXPECTED_RETRACT_MA = 150;

/** How long a learned source resistance is trusted: a cold morning or one bad contact passes. */
const SOURCE_OHM_FRESH_MS = 30 * 60_000;

/** Supply predicted under the motor from a recently learned source resistance, or null if unknown. */
function predictedSupplyV(ctx: StepContext, target: "extended" | "retracted"): number | null {
  const s = ctx.s;
  if (s.sourceOhm === null || s.sourceLearnedMs === null || ctx.now - s.sourceLearnedMs > SOURCE_OHM_FRESH_MS)
    return null;
  const last =
    s.lastRun && s.lastRun.target === target && s.lastRun.outcome === "ok" ? s.lastRun.peakCurrentMa : 0;
  const currentMa = Math.max(target === "extended" ? EXPECTED_EXTEND_MA : EXPECTED_RETRACT_MA, last);
  return s.batteryRestV - (s.sourceOhm * currentMa) / 1000;
}
const opposite = (d: Drive): Drive => (d === "cw" ? "ccw" : "cw");
const endOf = (d: Drive): BoltPosition => (d === "cw" ? "cw-end" : "ccw-end");

/** What the lock believes from its switch and its learned handing. */
export function reportedFrom(state: Pick<CoreState, "boltPosition" | "persistent">): ReportedBolt {
  const h = state.persistent.handing;
  if (h === null || state.boltPosition === "between") return "unknown";
  return state.boltPosition === endOf(h) ? "locked" : "unlocked";
}

/** Why the lock will not move its bolt now, as a radio result gives it. */
export interface BoltRefusal {
  readonly code: RefusalCode;
  readonly reason: string;
}

/**
 * How the hub hears where a lock or unlock came from (radio-types.ts LOCK_SOURCES). A switch,
 * not a lookup table: a keyed read with eight names goes megamorphic in V8 (issue 17).
 */
function lockSource(source: HistorySource): LockSource {
  switch (source) {
    case "keypad":
      return "keypad";
    case "one-touch":
      return "one-touch";
    case "key":
    case "thumbturn":
      return "manual";
    case "remote":
      return "remote";
    case "auto-lock":
      return "auto";
    case "interior":
    case "system":
      return "button";
  }
}

/**
 * Asks for the bolt to be extended or retracted. Returns why the lock refuses (not handed
 * B-SET-2, critical battery B-PWR-3, learning its handing), or null when the motor starts.
 * `requestId`: the radio request the run answers when it ends.
 */
export function requestBolt(
  ctx: StepContext,
  target: "extended" | "retracted",
  source: HistorySource,
  slot?: number,
  requestId?: string,
): BoltRefusal | null {
  const s = ctx.s;
  const handing = s.persistent.handing;
  if (handing === null) {
    signal(ctx, "refused");
    record(ctx, "refused", source, { detail: "door handing not learned (B-SET-2)" });
    return { code: "bolt.not-handed", reason: "door handing not learned (B-SET-2)" };
  }
  if (s.run && s.run.purpose === "handing")
    return { code: "bolt.busy", reason: "the lock is learning its handing" };
  if (target === "extended" && s.battery === "critical") {
    signal(ctx, "critical");
    record(ctx, "refused", source, { detail: "battery critical: locking refused (B-PWR-3)" });
    return { code: "bolt.battery-critical", reason: "battery critical: locking refused (B-PWR-3)" };
  }
  const sagV = predictedSupplyV(ctx, target);
  if (sagV !== null && sagV < ctx.profile.battery.brownOutV + BROWN_OUT_MARGIN_V) {
    // Starting would reset the electronics mid-run: refuse, as a critical pack (issue 4).
    signal(ctx, "critical");
    record(ctx, "refused", source, { detail: `the pack would sag to ${sagV.toFixed(2)} V under the motor` });
    return { code: "bolt.battery-critical", reason: "the pack would brown out under the motor" };
  }
  if (s.run) {
    motor(ctx, "stop");
    interrupted(ctx, s.run);
  }
  const drive = target === "extended" ? handing : opposite(handing);
  startRun(ctx, "operate", target, drive, 1, source, slot ?? null, requestId ?? null);
  return null;
}

/** A run stopped for another request: the request it would have answered hears so. */
function interrupted(ctx: StepContext, run: MotorRun): void {
  if (run.requestId !== null)
    answerRefused(ctx, run.requestId, "bolt.interrupted", "another request moved the bolt first");
}

/** Starts a motor run; every run object is built here with all its fields, in one shape. */
function startRun(
  ctx: StepContext,
  purpose: MotorRun["purpose"],
  target: MotorRun["target"],
  drive: Drive,
  attempt: number,
  source: HistorySource,
  slot: number | null,
  requestId: string | null,
  phase: MotorRun["phase"] = "driving",
  firstStartedMs: number = ctx.now,
): void {
  const s = ctx.s;
  setNewRun(ctx, {
    purpose,
    target,
    drive,
    attempt,
    phase,
    startedMs: ctx.now,
    firstStartedMs,
    minSupplyV: s.batteryRestV,
    blankingDone: false,
    source,
    slot,
    requestId,
    lastCurrentMa: 0,
    lastSupplyV: 0,
    peakCurrentMa: 0,
    moved: false,
  });
  // Each new request judges the pack afresh: the loaded minimum is of the most recent run.
  if (attempt === 1 && phase === "driving") s.batteryMinLoadV = null;
  if (target === "extended") cancelAutoLock(ctx);
  motor(ctx, phase === "driving" ? drive : opposite(drive));
  // The run's time limit; the end of blanking needs no timer unless a stall is read during it
  // (onMotorCurrent): a run that goes well is one timer, not two (issue 17: a fleet lock makes
  // five runs a day).
  startTimer(ctx, "motorRun", runTimeLimit(ctx, ctx.now) - ctx.now);
  // Already at the end this run drives to: the switch is closed, so stop at once.
  const goal = phase === "driving" ? endOf(drive) : endOf(opposite(drive));
  if (s.boltPosition === goal) reachedEnd(ctx);
}

/** Marks the run as having moved the bolt (copied for this step if it is not yet its own). */
function markMoved(ctx: StepContext): void {
  const run = ctx.s.run;
  if (run === null || run.moved) return;
  const w = writableRun(ctx);
  if (w) w.moved = true;
}

/** The position switch changed. */
export function onBoltPosition(ctx: StepContext, position: BoltPosition, by?: "key" | "thumbturn"): void {
  const s = ctx.s;
  const before = s.boltPosition;
  s.boltPosition = position;
  const run = s.run;
  if (run) {
    if (position === "between") {
      markMoved(ctx);
      return;
    }
    const goal = run.phase === "driving" ? endOf(run.drive) : endOf(opposite(run.drive));
    if (position !== goal) return;
    // Arriving from elsewhere is movement even when no "between" reading came first.
    if (before !== goal) markMoved(ctx);
    reachedEnd(ctx);
    return;
  }
  if (position === "between" || position === before) return;
  // Moved by hand (key or thumbturn, B-HW-4) while the motor was still.
  const was = s.reported;
  s.reported = reportedFrom(s);
  if (s.reported === "unknown" || s.reported === was) return;
  const kind = s.reported === "locked" ? "lock" : "unlock";
  record(ctx, kind, by ?? "thumbturn");
  reportEvent(ctx, { kind: s.reported === "locked" ? "locked" : "unlocked", source: "manual" });
  if (kind === "unlock") {
    scheduleAutoLock(ctx);
    endPrivacyByHand(ctx, by ?? "thumbturn");
  } else cancelAutoLock(ctx);
}

/** Motor current and supply voltage while running: a stall shows as current near V/R. */
export function onMotorCurrent(ctx: StepContext, currentMa: number, supplyV: number): void {
  const s = ctx.s;
  const run = s.run;
  if (!run) return;
  const stall = isStall(ctx, currentMa, supplyV);
  if (!stall && currentMa > 50) {
    // The pack judged under a running motor (a stall's current says nothing of the cells).
    s.batteryMinLoadV = Math.min(s.batteryMinLoadV ?? supplyV, supplyV);
    s.sourceOhm = Math.max(0, (s.batteryRestV - supplyV) / (currentMa / 1000));
    s.sourceLearnedMs = ctx.now;
    const level = levelFor(ctx.profile, s.batteryRestV, s.batteryMinLoadV);
    if (level !== s.battery) setBatteryLevel(ctx, level);
  }
  const blankingEndMs = run.startedMs + ctx.profile.bolt.blankingMs;
  const blankingDone = run.blankingDone || ctx.now >= blankingEndMs;
  const next = writableRun(ctx) as Mutable<MotorRun>; // not null: `run` is
  next.blankingDone = blankingDone;
  next.lastCurrentMa = currentMa;
  next.lastSupplyV = supplyV;
  next.minSupplyV = Math.min(next.minSupplyV, supplyV);
  next.peakCurrentMa = Math.max(next.peakCurrentMa, currentMa);
  if (!stall) return;
  if (blankingDone) stalled(ctx);
  // A stall's current during the inrush proves nothing yet: judge the last reading when
  // blanking ends (the timer comes back to the run's limit then).
  else startTimer(ctx, "motorRun", blankingEndMs - ctx.now);
}

/**
 * When a run started at `startedMs` has run too long: the end of its blanking, then the rest of
 * the limit, added in that order (the times a timer restarted at the end of blanking would give).
 */
function runTimeLimit(ctx: StepContext, startedMs: number): number {
  const { blankingMs, runTimeoutMs } = ctx.profile.bolt;
  return startedMs + blankingMs + (runTimeoutMs - blankingMs);
}

function finishTelemetry(ctx: StepContext, run: MotorRun, outcome: "ok" | "jammed" | "wrong-end"): void {
  ctx.s.lastRun = {
    startedMs: run.firstStartedMs,
    durationMs: ctx.now - run.firstStartedMs,
    target: run.target,
    attempts: run.attempt,
    peakCurrentMa: run.peakCurrentMa,
    minSupplyV: run.minSupplyV,
    outcome,
  };
}

function isStall(ctx: StepContext, currentMa: number, supplyV: number): boolean {
  const { motorOhm, stallRatio } = ctx.profile.bolt;
  return supplyV > 0 && currentMa >= (stallRatio * supplyV * 1000) / motorOhm;
}

/**
 * The motorRun timer: the end of blanking when a stall was read during it (is the motor still
 * stalled?), else the run's time limit.
 */
export function onMotorTimer(ctx: StepContext): void {
  const run = ctx.s.run;
  if (!run) return;
  const limitMs = runTimeLimit(ctx, run.startedMs);
  if (!run.blankingDone && ctx.now < limitMs) {
    const next = writableRun(ctx) as Mutable<MotorRun>; // not null: `run` is
    next.blankingDone = true;
    startTimer(ctx, "motorRun", limitMs - ctx.now);
    if (run.lastCurrentMa > 0 && isStall(ctx, run.lastCurrentMa, run.lastSupplyV)) stalled(ctx);
    return;
  }
  stalled(ctx);
}

function reachedEnd(ctx: StepContext): void {
  const s = ctx.s;
  const run = s.run;
  if (!run) return;
  motor(ctx, "stop");
  cancelTimer(ctx, "motorRun");
  if (run.purpose === "handing") return handingRunDone(ctx, run, true);
  if (run.phase === "backing-off") {
    retry(ctx, run);
    return;
  }
  s.run = null;
  s.reported = reportedFrom(s);
  const wanted: ReportedBolt = run.target === "extended" ? "locked" : "unlocked";
  finishTelemetry(ctx, run, s.reported === wanted ? "ok" : "wrong-end");
  if (s.reported !== wanted) {
    // B-BOLT-6: never report locked unless the switch confirms it.
    signal(ctx, "jammed");
    record(ctx, "jammed", run.source, { detail: `bolt ended ${s.reported}` });
    if (run.requestId !== null)
      answerRefused(ctx, run.requestId, "bolt.wrong-end", `the bolt ended ${s.reported} (B-SET-6)`);
    reportEvent(ctx, { kind: "jammed", target: wanted === "locked" ? "locked" : "unlocked" });
    return;
  }
  const kind = run.target === "extended" ? "lock" : "unlock";
  record(ctx, kind, run.source, run.slot === null ? undefined : { slot: run.slot });
  if (run.requestId !== null)
    answerOk(ctx, run.requestId, run.slot === null ? undefined : { slot: run.slot });
  reportEvent(
    ctx,
    run.slot === null
      ? { kind: kind === "lock" ? "locked" : "unlocked", source: lockSource(run.source) }
      : { kind: kind === "lock" ? "locked" : "unlocked", source: lockSource(run.source), slot: run.slot },
  );
  ctx.effects.push(MEASURE_BATTERY);
  if (s.battery === "low") signal(ctx, "lowBattery");
  if (kind === "unlock") scheduleAutoLock(ctx);
}

function retry(ctx: StepContext, run: MotorRun): void {
  startRun(
    ctx,
    run.purpose,
    run.target,
    run.drive,
    run.attempt + 1,
    run.source,
    run.slot,
    run.requestId,
    "driving",
    run.firstStartedMs,
  );
}

function stalled(ctx: StepContext): void {
  const s = ctx.s;
  const run = s.run;
  if (!run) return;
  motor(ctx, "stop");
  cancelTimer(ctx, "motorRun");
  if (run.purpose === "handing") return handingRunDone(ctx, run, false);
  if (run.phase === "driving" && run.attempt <= ctx.profile.bolt.jamRetries) {
    // Back off to where the run started, then try again (REFERENCES: Latch retries).
    startRun(
      ctx,
      run.purpose,
      run.target,
      run.drive,
      run.attempt,
      run.source,
      run.slot,
      run.requestId,
      "backing-off",
      run.firstStartedMs,
    );
    return;
  }
  if (run.phase === "backing-off") {
    retry(ctx, run);
    return;
  }
  s.run = null;
  finishTelemetry(ctx, run, "jammed");
  s.reported = "jammed";
  signal(ctx, "jammed");
  record(ctx, "jammed", run.source, { detail: `stalled ${run.attempt} times` });
  if (run.requestId !== null)
    answerRefused(ctx, run.requestId, "bolt.jammed", `the bolt stalled ${run.attempt} times (B-BOLT-6)`);
  reportEvent(ctx, { kind: "jammed", target: run.target === "extended" ? "locked" : "unlocked" });
}

// ---- Door handing (B-SET-3, B-SET-4, B-SET-5) ----

const HANDING_RUNS: readonly Drive[] = ["cw", "ccw", "cw", "ccw"];

/** Starts the handing runs: the bolt goes out and in twice by itself. */
export function startHanding(ctx: StepContext): void {
  const s = ctx.s;
  if (s.run) {
    motor(ctx, "stop");
    interrupted(ctx, s.run);
  }
  s.handing = { run: 0, cwCurrentMa: 0, ccwCurrentMa: 0, cwRuns: 0, ccwRuns: 0 };
  handingRun(ctx, "cw");
}

function handingRun(ctx: StepContext, drive: Drive): void {
  startRun(ctx, "handing", "extended", drive, 1, "interior", null, null);
}

function handingRunDone(ctx: StepContext, run: MotorRun, reached: boolean): void {
  const s = ctx.s;
  const h = s.handing;
  s.run = null;
  if (!h) return;
  if (!reached) return handingFailed(ctx, "the bolt did not reach its end");
  let next = { ...h, run: h.run + 1 };
  if (run.moved && run.lastCurrentMa > 0) {
    next =
      run.drive === "cw"
        ? { ...next, cwCurrentMa: next.cwCurrentMa + run.lastCurrentMa, cwRuns: next.cwRuns + 1 }
        : { ...next, ccwCurrentMa: next.ccwCurrentMa + run.lastCurrentMa, ccwRuns: next.ccwRuns + 1 };
  }
  s.handing = next;
  if (next.run < HANDING_RUNS.length) return handingRun(ctx, HANDING_RUNS[next.run] ?? "cw");
  if (next.run === HANDING_RUNS.length) {
    if (next.cwRuns === 0 || next.ccwRuns === 0) return handingFailed(ctx, "the bolt did not move both ways");
    // Extending pushes the bolt out against its throw load: the harder direction extends (B-HW-3).
    const extendsWith: Drive =
      next.cwCurrentMa / next.cwRuns > next.ccwCurrentMa / next.ccwRuns ? "cw" : "ccw";
    persist(ctx, { ...s.persistent, handing: extendsWith });
    // Leave the bolt retracted: the last run was ccw, so one more run if ccw extends.
    if (extendsWith === "ccw") return handingRun(ctx, "cw");
  }
  s.handing = null;
  s.reported = reportedFrom(s);
  signal(ctx, "handingSuccess");
  record(ctx, "handing", "interior", { detail: `extends ${s.persistent.handing}` });
  if (s.persistent.handing !== null)
    reportEvent(ctx, { kind: "handing-done", extendsWith: s.persistent.handing });
}

function handingFailed(ctx: StepContext, why: string): void {
  ctx.s.handing = null;
  ctx.s.reported = reportedFrom(ctx.s);
  signal(ctx, "handingFailure");
  record(ctx, "refused", "interior", { detail: `door handing failed: ${why} (B-SET-5)` });
}
