// The runner against scenario files written from SCENARIOS.md alone, the way an outside author
// writes them: problems the profile finds in the `lock:` block are reported at the offending
// field's own line ("exits 2 with the line and the reason"), and `lastEvent: none` holds only
// while the history has no lock or unlock.

import { describe, expect, it } from "vitest";
import { PROFILE_IDS } from "../core/profiles/index.ts";
import { parseScenario } from "./parse-scenario.ts";
import { runScenario } from "./run-scenario.ts";
import type { ScenarioRun } from "./run-scenario.ts";

function run(text: string): ScenarioRun {
  const parsed = parseScenario(text, "t.yaml", { profileIds: PROFILE_IDS });
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.line}: ${p.reason}`).join("\n"));
  return runScenario(parsed.scenario);
}

/** The one problem of a file the runner refuses, as `line: reason`. */
function refusal(text: string): string {
  const r = run(text);
  if (r.kind !== "invalid") throw new Error("expected the runner to refuse the file");
  return r.problems.map((p) => `${p.line}: ${p.reason}`).join("\n");
}

describe("SCENARIOS.md File: a lock block the profile cannot honour is reported at the field's own line", () => {
  it("B-CODE-4: a second code sharing the first four digits, at its entry", () => {
    const text = [
      "scenario: t",
      "lock:",
      "  profile: smartcode-914",
      "  codes:",
      '    - { slot: 1, code: "29475" }',
      '    - { slot: 2, code: "29476" }',
      "steps:",
      "  - wait: 1",
    ].join("\n");
    expect(refusal(text)).toBe('6: code "29476" in slot 2: first 4 digits match slot 1 (B-CODE-4)');
  });

  it("B-CODE-3: a slot past the profile's capacity, at its entry", () => {
    const text =
      'scenario: t\nlock:\n  profile: aura\n  codes:\n    - { slot: 17, code: "2947" }\nsteps: [ wait: 1 ]\n';
    expect(refusal(text)).toBe("5: slot 17: aura has 16 slots (B-CODE-3)");
  });

  it("B-CODE-2: a programming code of the wrong length, at programmingCode", () => {
    const text =
      'scenario: t\nlock:\n  profile: smartcode-264\n\n  programmingCode: "12"\nsteps: [ wait: 1 ]\n';
    expect(refusal(text)).toBe('5: programmingCode "12": a programming code has 4 to 10 digits (B-CODE-2)');
  });

  it("B-BOLT-7: a setting out of range, at that setting (not at the first one)", () => {
    const text = [
      "scenario: t",
      "lock:",
      "  profile: smartcode-914",
      "  settings:",
      "    audio: false",
      "    autoLockSeconds: 5",
      "steps: [ wait: 1 ]",
    ].join("\n");
    expect(refusal(text)).toBe("6: settings: autoLockSeconds is 0 (off) or 30–180 (B-BOLT-7)");
  });

  it("B-HW-7: a fault this model cannot have, at its place in lock.faults, naming the fault", () => {
    const text =
      "scenario: t\nlock:\n  profile: smartcode-264\n  faults:\n    - bolt-dry\n    - radio-offline\nsteps: [ wait: 1 ]\n";
    expect(refusal(text)).toBe("6: fault radio-offline: smartcode-264 has no radio");
  });

  it("B-HW-7: paired: true on a model with no radio, at paired", () => {
    const text = "scenario: t\nlock:\n  profile: smartcode-275\n  paired: true\nsteps: [ wait: 1 ]\n";
    expect(refusal(text)).toBe("4: paired: smartcode-275 has no radio (B-HW-7)");
  });
});

describe("SCENARIOS.md Expectations: lastEvent: none", () => {
  it("B-SEC-5: holds before any lock or unlock and fails, showing the event, after one", () => {
    const r = run(
      [
        "scenario: t",
        "lock:",
        "  profile: smartcode-914",
        '  codes: [{ slot: 1, code: "2947" }]',
        "steps:",
        "  - expect: { lastEvent: none }",
        "  - keys: 2947 lock",
        "  - wait: 3",
        "  - expect: { lastEvent: none }",
      ].join("\n"),
    );
    if (r.kind !== "ran") throw new Error("did not run");
    expect(r.trace[0]?.failures).toEqual([]);
    expect(r.trace[3]?.failures).toEqual([
      { field: "lastEvent", expected: "none", seen: { type: "unlock", source: "keypad", slot: 1 } },
    ]);
  });
});

describe("fix steps a model cannot take say why in its terms", () => {
  it("B-SEC-2: disable-vacation-mode on a model with no radio says so, not that the app is out of reach", () => {
    const text =
      'scenario: t\nlock:\n  profile: smartcode-264\n  codes: [{ slot: 1, code: "29475" }]\nsteps:\n  - fix: disable-vacation-mode\n';
    expect(refusal(text)).toBe(
      "6: step 1: fix disable-vacation-mode: smartcode-264 has no radio, so no app to turn vacation mode off (B-SEC-2)",
    );
  });

  it("B-PWR-4: a fault or fix a lock without power cannot take names itself and why", () => {
    const text = [
      "scenario: t",
      "lock:",
      "  profile: smartcode-914",
      '  codes: [{ slot: 1, code: "2947" }]',
      "  batteries: dead",
      "steps:",
      "  - wait: 1",
      "  - fault: keypad-lockout",
    ].join("\n");
    expect(refusal(text)).toBe("8: step 2: fault keypad-lockout: the lock has no power");
  });

  it("B-SEC-3: programming-code-used on a Halo with no master code made says how a scenario gives one", () => {
    const text = "scenario: t\nlock:\n  profile: halo\nsteps:\n  - fault: programming-code-used\n";
    expect(refusal(text)).toBe(
      "5: step 1: fault programming-code-used: halo: this lock has no programming code to misuse (none was made; a scenario gives one with lock.programmingCode)",
    );
    const given = run(
      `${text.replace("  profile: halo\n", '  profile: halo\n  programmingCode: "13579"\n')}`,
    );
    expect(given.kind).toBe("ran");
  });
});

describe("SCENARIOS.md Expectations: bolt moving", () => {
  function passes(lines: string[]): void {
    const r = run(["scenario: t", "lock:", ...lines].join("\n"));
    if (r.kind !== "ran") throw new Error("expected the scenario to run");
    expect(r.trace.flatMap((t) => t.failures)).toEqual([]);
  }

  it("B-BOLT-1: right after `remote: lock` (no time passes) the bolt is moving, and it ends extended", () => {
    passes([
      "  profile: smartcode-914",
      "  door: closed",
      "  codes:",
      '    - { slot: 1, code: "2947" }',
      "steps:",
      "  - remote: lock",
      "  - expect: { bolt: moving, result: pending }",
      "  - wait: 2",
      "  - expect: { bolt: extended, reported: locked, result: ok }",
    ]);
  });

  it("B-BOLT-1, B-BOLT-7: the same after `press: lock`, and after `door: closed` on a Halo whose auto-lock waits for it", () => {
    passes([
      "  profile: halo",
      "  door: open",
      "  settings: { autoLockSeconds: 30 }",
      "  codes:",
      '    - { slot: 1, code: "2947" }',
      "steps:",
      "  - press: lock",
      "  - expect: { bolt: moving }",
      "  - release: lock",
      "  - wait: 2",
      "  - expect: { bolt: extended }",
      '  - keys: "2947 lock"',
      "  - wait: 40",
      "  - expect: { bolt: retracted }",
      "  - door: closed",
      "  - expect: { bolt: moving }",
      "  - wait: 2",
      "  - expect: { bolt: extended, lastEvent: { type: lock, source: auto-lock } }",
    ]);
  });
});

describe("a key the model does not have", () => {
  it("B-HW-2: the reset hole on a Halo is refused at its step with why (as the host refuses it), not pressed in silence", () => {
    const text = [
      "scenario: t",
      "lock:",
      "  profile: halo",
      "  codes:",
      '    - { slot: 1, code: "2947" }',
      "steps:",
      "  - hold: { key: reset, seconds: 10 }",
    ].join("\n");
    expect(refusal(text)).toBe("7: step 1: halo has no reset hole (B-HW-2)");
  });

  it("B-HW-2, B-RST-3: the 914's reset hole is a key like any other", () => {
    const r = run(
      [
        "scenario: t",
        "lock:",
        "  profile: smartcode-914",
        "steps:",
        "  - keys: reset",
        "  - expect: { codes: 0 }",
      ].join("\n"),
    );
    expect(r.kind).toBe("ran");
  });
});
