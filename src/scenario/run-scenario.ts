/**
 * Runs a parsed scenario on a twin, step by step, in lock time (SCENARIOS.md "Steps"),
 * and returns the trace: one record per step with what the lock showed after it and any
 * expectation that did not hold. A step the twin cannot carry out (a fault it cannot
 * simulate yet) stops the run as a problem with the step's line.
 */
import type { RadioReport } from "../core/radio-types.ts";
import type { FaultId, FixId } from "../twin/fault-ids.ts";
import { injectFault } from "../twin/faults.ts";
import { applyFix } from "../twin/fixes.ts";
import type { Observation } from "../twin/observe-lock.ts";
import { markNow, observe } from "../twin/observe-lock.ts";
import { tap } from "../twin/person-actions.ts";
import { pairLock, unpairLock } from "../twin/pairing-actions.ts";
import { profileHasKey } from "../core/profile-types.ts";
import { buildTwin } from "./build-twin.ts";
import type { Mismatch } from "./check-expectation.ts";
import { checkExpectation } from "./check-expectation.ts";
import { RadioWatch } from "./radio-watch.ts";
import type { Scenario, ScenarioProblem, Step } from "./scenario-types.ts";

export interface StepTrace {
  readonly file: string;
  readonly step: number;
  readonly line: number;
  readonly kind: Step["kind"];
  /** The step as a person reads it, e.g. "keys: program 1 lock 2947 lock". */
  readonly action: string;
  readonly time: string;
  readonly observed: Observation;
  /** What the lock transmitted during the step, as its hub or app heard it (at most 50). */
  readonly radio: readonly RadioReport[];
  readonly failures: readonly Mismatch[];
}

export type ScenarioRun =
  | {
      readonly kind: "ran";
      readonly scenario: Scenario;
      readonly trace: readonly StepTrace[];
      readonly passed: boolean;
    }
  | { readonly kind: "invalid"; readonly problems: readonly ScenarioProblem[] };

export function runScenario(scenario: Scenario): ScenarioRun {
  const built = buildTwin(scenario.lock, scenario.file);
  if ("problems" in built) return { kind: "invalid", problems: built.problems };
  const { twin, person } = built;
  let mark = markNow(twin);
  const watch = new RadioWatch(twin);
  const trace: StepTrace[] = [];
  for (const step of scenario.steps) {
    watch.stepStarts();
    const problem = carryOut(step);
    if (problem)
      return {
        kind: "invalid",
        problems: [{ file: scenario.file, line: step.line, reason: `step ${step.index}: ${problem}` }],
      };
    // What a step starts at once (a motor run after `remote: lock`, `press: lock`, `door: closed`
    // with auto-lock waiting) has started by the step's end, though no time passes: the next
    // `expect` sees the bolt moving, not the moment before.
    if (step.kind !== "expect") twin.advance(0);
    const observed = observe(twin, mark);
    const failures = step.kind === "expect" ? checkExpectation(step.expect, observed, watch.seen()) : [];
    if (step.kind === "expect") {
      mark = markNow(twin);
      watch.expectationChecked();
    }
    trace.push({
      file: scenario.file,
      step: step.index,
      line: step.line,
      kind: step.kind,
      action: describeStep(step),
      time: new Date(twin.clock.nowMs).toISOString(),
      observed,
      radio: watch.duringStep(),
      failures,
    });
  }
  watch.stop();
  return { kind: "ran", scenario, trace, passed: trace.every((t) => t.failures.length === 0) };

  function carryOut(step: Step): string | null {
    const missing = missingKey(step);
    if (missing !== null) return missing;
    switch (step.kind) {
      case "keys":
        for (const k of step.keys) tap(twin, k);
        return null;
      case "hold":
        twin.pressKey(step.key);
        twin.advance(step.seconds * 1000);
        twin.releaseKey(step.key);
        return null;
      case "press":
        twin.pressKey(step.key);
        return null;
      case "release":
        twin.releaseKey(step.key);
        return null;
      case "battery":
        if (step.action === "remove") twin.removePack();
        else if (step.action === "insert") twin.insertPack();
        else twin.replacePack(step.batteries);
        return null;
      case "wait":
        twin.advance(step.seconds * 1000);
        return null;
      case "door":
        twin.setDoor(step.door === "closed");
        return null;
      case "key":
        twin.turnByHand(step.turn, "key");
        return null;
      case "thumbturn":
        twin.turnByHand(step.turn, "thumbturn");
        return null;
      // A refusal names the fault or fix it refuses ("fault keypad-lockout: the lock has no power").
      case "fault": {
        const r = injectFault(twin, step.fault as FaultId, person);
        return r.ok ? null : `fault ${step.fault}: ${r.reason}`;
      }
      case "fix": {
        const r = applyFix(twin, step.fix as FixId, person);
        return r.ok ? null : `fix ${step.fix}: ${r.reason}`;
      }
      case "remote": {
        if (twin.profile.radio === null) return `${twin.profile.id} has no radio (B-HW-7)`;
        const delivery = twin.send(step.command);
        watch.sent(step.command, delivery);
        return null;
      }
      case "pair":
      case "unpair": {
        const pairing = twin.profile.pairing;
        if (pairing === null) return `${twin.profile.id} has no radio to pair (B-HW-7)`;
        const by = pairing.method === "zwave-inclusion" ? "hub" : "app";
        if (step.by !== by)
          return `${twin.profile.id} pairs with ${by === "hub" ? "a hub (Z-Wave inclusion)" : "the app"}, not ${step.by === "hub" ? "a hub" : "the app"}: write "${step.kind}: ${by}"`;
        watch.answered(step.kind === "pair" ? pairLock(twin) : unpairLock(twin));
        return null;
      }
      case "temperature":
        twin.setTemperature(step.celsius);
        return null;
      case "expect":
        return null;
    }
  }

  /** A key this model does not have (the reset hole is the 914's alone, B-HW-2), as the host refuses it. */
  function missingKey(step: Step): string | null {
    const keys =
      step.kind === "keys"
        ? step.keys
        : step.kind === "hold" || step.kind === "press" || step.kind === "release"
          ? [step.key]
          : [];
    const key = keys.find((k) => !profileHasKey(twin.profile, k));
    return key === undefined
      ? null
      : `${twin.profile.id} has no ${key === "reset" ? "reset hole" : `${key} key`} (B-HW-2)`;
  }
}

/** A step in words, for traces. */
export function describeStep(step: Step): string {
  switch (step.kind) {
    case "keys":
      return `keys: ${step.keys.join(" ").replace(/(\d) (?=\d)/g, "$1")}`;
    case "hold":
      return `hold ${step.key} ${step.seconds} s`;
    case "press":
    case "release":
      return `${step.kind} ${step.key}`;
    case "battery":
      return step.action === "replace" ? `battery: new ${step.batteries} pack` : `battery ${step.action}`;
    case "wait":
      return `wait ${step.seconds} s`;
    case "door":
      return `door ${step.door}`;
    case "key":
    case "thumbturn":
      return `${step.kind}: ${step.turn}`;
    case "fault":
      return `fault: ${step.fault}`;
    case "fix":
      return `fix: ${step.fix}`;
    case "remote":
      return `remote: ${step.command.type}${"slot" in step.command ? ` slot ${step.command.slot}` : ""}${"mode" in step.command ? ` ${step.command.mode}` : ""}${"uses" in step.command && step.command.uses !== undefined ? ` uses ${step.command.uses}` : ""}`;
    case "pair":
    case "unpair":
      return `${step.kind} (${step.by})`;
    case "temperature":
      return `temperature ${step.celsius} °C`;
    case "expect":
      return `expect ${JSON.stringify(step.expect).replace(/"/g, "")}`;
  }
}
