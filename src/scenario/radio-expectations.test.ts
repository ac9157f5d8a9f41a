import { describe, expect, it } from "vitest";
import { PROFILE_IDS } from "../core/profiles/index.ts";
import { parseScenario } from "./parse-scenario.ts";
import { runScenario } from "./run-scenario.ts";
import type { ScenarioRun } from "./run-scenario.ts";

function run(lines: string[]): ScenarioRun {
  const parsed = parseScenario(lines.join("\n"), "radio.yaml", { profileIds: PROFILE_IDS });
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.reason).join("; "));
  return runScenario(parsed.scenario);
}

function failures(r: ScenarioRun): unknown[] {
  if (r.kind !== "ran") throw new Error("invalid");
  return r.trace.flatMap((t) => t.failures);
}

describe("radio expectations hold only when the lock reported it (B-NET-2)", () => {
  const lock = ["scenario: t", "lock: { profile: halo, codes: [{ slot: 1, code: '2947' }] }", "steps:"];

  it("B-SEC-1: an expected report that was not sent fails, naming what was heard", () => {
    const r = run([...lock, "  - keys: '1111 lock'", "  - expect: { radio: [lockout-started] }"]);
    expect(failures(r)).toEqual([
      { field: "radio", expected: ["lockout-started"], seen: ["wrong-code (count 1, keypad)"] },
    ]);
  });

  it("B-NET-2: events must come in the order given; `none` fails when anything was reported", () => {
    const lines = [...lock, "  - thumbturn: lock", "  - thumbturn: unlock"];
    expect(failures(run([...lines, "  - expect: { radio: [unlocked, locked] }"]))).toHaveLength(1);
    expect(failures(run([...lines, "  - expect: { radio: [locked, unlocked] }"]))).toEqual([]);
    expect(failures(run([...lines, "  - expect: { radio: none }"]))).toHaveLength(1);
  });

  it("B-NET-3: a result is the link's refusal, the lock's answer, or pending until the bolt run ends", () => {
    const r = run([
      "scenario: t",
      "lock: { profile: halo, paired: false, codes: [{ slot: 1, code: '2947' }] }",
      "steps:",
      "  - remote: unlock",
      "  - expect: { result: ok }",
      "  - pair: app",
      "  - remote: lock",
      "  - expect: { result: pending }",
      "  - wait: 3",
      "  - expect: { result: ok, radio: [{ kind: locked, source: remote }] }",
    ]);
    expect(failures(r)).toEqual([{ field: "result", expected: "ok", seen: "lock.unpaired" }]);
    if (r.kind === "ran") expect(r.trace[6]?.radio).toEqual([]); // the run had not ended yet
  });

  it("B-HW-7: pairing with the wrong controller for the model is a problem with the step's line", () => {
    const r = run(["scenario: t", "lock: { profile: smartcode-914 }", "steps:", "  - pair: app"]);
    expect(r).toMatchObject({
      kind: "invalid",
      problems: [{ line: 4, reason: expect.stringContaining('write "pair: hub"') }],
    });
  });
});
