// Tests of the scenario parser against SCENARIOS.md: the example file, every step kind, codes that
// keep their leading zeros, durations and times, and problems that carry the right line and a
// reason a person understands. A property test feeds it junk to show it never throws.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FAULT_DESCRIPTIONS, FAULT_IDS, FIX_IDS, isFaultId, isFixId } from "../twin/fault-ids.ts";
import { parseDurationSeconds } from "./duration.ts";
import { parseScenario } from "./parse-scenario.ts";
import { DEFAULT_LOCK_TIME_MS, parseIsoTimeMs } from "./scenario-schema.ts";
import type { Scenario, ScenarioProblem, StepBody } from "./scenario-types.ts";

const PROFILES = [
  "smartcode-914",
  "smartcode-955",
  "smartcode-264",
  "smartcode-275",
  "halo",
  "aura",
  "smartcode-910",
];
const OPTIONS = { profileIds: PROFILES };

/** Parses and insists on success, showing the problems when there are any. */
function ok(text: string, file = "test.yaml"): Scenario {
  const result = parseScenario(text, file, OPTIONS);
  if (!result.ok)
    throw new Error(
      `expected a valid scenario, got:\n${result.problems.map((p) => `${p.line}: ${p.reason}`).join("\n")}`,
    );
  return result.scenario;
}

/** Parses and insists on failure. */
function problems(text: string): ScenarioProblem[] {
  const result = parseScenario(text, "bad.yaml", OPTIONS);
  if (result.ok) throw new Error("expected problems, but the scenario is valid");
  return result.problems;
}

/** A minimal valid file around the given step lines (each a YAML list item body). */
function withSteps(...steps: string[]): string {
  return ["scenario: t", "lock:", "  profile: halo", "steps:", ...steps.map((s) => `  - ${s}`), ""].join(
    "\n",
  );
}

/** The single step of a one-step file, without line and index. */
function onlyStep(step: string): StepBody {
  const [first] = ok(withSteps(step)).steps;
  if (!first) throw new Error("no step");
  const { line: _line, index: _index, ...body } = first;
  return body;
}

const EXAMPLE = `scenario: lock button does nothing until a user code exists   # a title
lock:
  profile: smartcode-914        # a profile id (see Profiles)
  state: ready                  # factory | ready (default ready)
  door: open                    # open | closed (default open)
  batteries: fresh              # fresh | low | critical | dead | rechargeable | lithium | mixed | reversed (default fresh)
  codes:                        # user codes already stored (default none)
    - { slot: 1, code: "2947" }
  programmingCode: "0000"       # profiles that have one (default: the profile's default)
  faults: [clutch-disengaged]   # fault ids from FAULTS.md (default none)
  temperatureC: 20              # default 20
  settings: { autoLockSeconds: 30 }   # profile settings that differ from the profile's defaults (default none)
  time: 2026-03-02T08:00:00Z    # the lock's clock at the start (default: that instant)
steps:
  - keys: lock
  - expect: { bolt: retracted, feedback: none }
`;

describe("the SCENARIOS.md example", () => {
  it("parses into the AST with every field and line", () => {
    expect(ok(EXAMPLE, "example.yaml")).toEqual({
      file: "example.yaml",
      title: "lock button does nothing until a user code exists",
      lock: {
        line: 2,
        profile: "smartcode-914",
        state: "ready",
        door: "open",
        batteries: "fresh",
        codes: [{ slot: 1, code: "2947" }],
        programmingCode: "0000",
        faults: ["clutch-disengaged"],
        temperatureC: 20,
        settings: { autoLockSeconds: 30 },
        timeMs: Date.parse("2026-03-02T08:00:00Z"),
        // Each field's own line, for problems the profile finds (SCENARIOS.md "File").
        lines: { codes: [8], programmingCode: 9, faults: [10], settings: { autoLockSeconds: 12 } },
      },
      steps: [
        { kind: "keys", keys: ["lock"], line: 15, index: 1 },
        { kind: "expect", expect: { bolt: "retracted", feedback: "none" }, line: 16, index: 2 },
      ],
    });
  });

  it("fills in the defaults of SCENARIOS.md when the lock names only its profile", () => {
    const { lock } = ok(withSteps("wait: 1"));
    expect(lock).toEqual({
      line: 2,
      profile: "halo",
      state: "ready",
      door: "open",
      batteries: "fresh",
      codes: [],
      faults: [],
      temperatureC: 20,
      settings: {},
      timeMs: DEFAULT_LOCK_TIME_MS,
      lines: { codes: [], faults: [], settings: {} },
    });
    expect(DEFAULT_LOCK_TIME_MS).toBe(Date.parse("2026-03-02T08:00:00Z"));
    expect("programmingCode" in lock).toBe(false);
  });

  it("numbers steps from 1 and gives each its own line", () => {
    const scenario = ok(withSteps("keys: 1", "wait: 2", "door: closed"));
    expect(scenario.steps.map((s) => [s.index, s.line])).toEqual([
      [1, 5],
      [2, 6],
      [3, 7],
    ]);
  });
});

describe("every step kind", () => {
  const cases: [string, StepBody][] = [
    [
      "keys: program 1 lock 2947 lock",
      { kind: "keys", keys: ["program", "1", "lock", "2", "9", "4", "7", "lock"] },
    ],
    ["keys: reset", { kind: "keys", keys: ["reset"] }],
    ["hold: { key: program, seconds: 3 }", { kind: "hold", key: "program", seconds: 3 }],
    ["hold: { key: lock, seconds: 1.5s }", { kind: "hold", key: "lock", seconds: 1.5 }],
    ["hold: { key: 5, seconds: 500ms }", { kind: "hold", key: "5", seconds: 0.5 }],
    ["press: program", { kind: "press", key: "program" }],
    ["release: program", { kind: "release", key: "program" }],
    ["press: 0", { kind: "press", key: "0" }],
    ["battery: remove", { kind: "battery", action: "remove" }],
    ["battery: insert", { kind: "battery", action: "insert" }],
    ["battery: { replace: lithium }", { kind: "battery", action: "replace", batteries: "lithium" }],
    ["wait: 10", { kind: "wait", seconds: 10 }],
    ["wait: 5m", { kind: "wait", seconds: 300 }],
    ["wait: 2h", { kind: "wait", seconds: 7200 }],
    ["wait: 3d", { kind: "wait", seconds: 259_200 }],
    ["door: closed", { kind: "door", door: "closed" }],
    ["door: open", { kind: "door", door: "open" }],
    ["key: lock", { kind: "key", turn: "lock" }],
    ["key: unlock", { kind: "key", turn: "unlock" }],
    ["thumbturn: lock", { kind: "thumbturn", turn: "lock" }],
    ["thumbturn: unlock", { kind: "thumbturn", turn: "unlock" }],
    ["fault: strike-misaligned", { kind: "fault", fault: "strike-misaligned" }],
    ["fix: reseat-clutch", { kind: "fix", fix: "reseat-clutch" }],
    ["remote: lock", { kind: "remote", command: { type: "lock" } }],
    ["remote: unlock", { kind: "remote", command: { type: "unlock" } }],
    ["remote: { deleteCode: { slot: 3 } }", { kind: "remote", command: { type: "deleteCode", slot: 3 } }],
    ["remote: { mode: vacation }", { kind: "remote", command: { type: "mode", mode: "vacation" } }],
    ["remote: { mode: normal }", { kind: "remote", command: { type: "mode", mode: "normal" } }],
    [
      "remote: { settings: { autoLockSeconds: 60, beeper: false } }",
      {
        kind: "remote",
        command: { type: "settings", settings: { autoLockSeconds: 60, beeper: false } },
      },
    ],
    [
      `remote: { setCode: { slot: 3, code: "5821" } }`,
      { kind: "remote", command: { type: "setCode", slot: 3, code: "5821" } },
    ],
    ["temperature: -15", { kind: "temperature", celsius: -15 }],
    ["temperature: 4.5", { kind: "temperature", celsius: 4.5 }],
    ["expect: { bolt: extended }", { kind: "expect", expect: { bolt: "extended" } }],
    ["expect: {}", { kind: "expect", expect: {} }],
  ];
  it.each(cases)("reads `%s`", (line, body) => {
    expect(onlyStep(line)).toEqual(body);
  });

  it("reads a setCode with a validity window and a weekly schedule (B-CODE-8)", () => {
    const step = onlyStep(
      "remote: { setCode: { slot: 4, code: 0042, validFrom: 2026-03-02T09:00:00Z, validUntil: 2026-03-09, " +
        "schedule: { days: [mon, fri], from: 8:00, until: 17:30 } } }",
    );
    expect(step).toEqual({
      kind: "remote",
      command: {
        type: "setCode",
        slot: 4,
        code: "0042",
        validFromMs: Date.parse("2026-03-02T09:00:00Z"),
        validUntilMs: Date.parse("2026-03-09T00:00:00Z"),
        // Monday and Friday (bits 1 and 16), 08:00 to 17:30: the lock's own form (core's WeeklyWindow).
        weekly: { dayMask: 1 | 16, fromMinute: 8 * 60, untilMinute: 17 * 60 + 30 },
      },
    });
  });

  it("reads every expect field", () => {
    const step = onlyStep(
      "expect: { bolt: jammed, reported: unknown, feedback: { green: 1, red: 0, amber: 0, beeps: 2, longBeeps: 1 }, " +
        "keypad: locked-out, handed: true, codes: 2, battery: low, lastEvent: { type: unlock, source: keypad, slot: 1 }, motorRan: false }",
    );
    expect(step).toEqual({
      kind: "expect",
      expect: {
        bolt: "jammed",
        reported: "unknown",
        feedback: { green: 1, red: 0, amber: 0, beeps: 2, longBeeps: 1 },
        keypad: "locked-out",
        handed: true,
        codes: 2,
        battery: "low",
        lastEvent: { type: "unlock", source: "keypad", slot: 1 },
        motorRan: false,
      },
    });
  });

  it("reads block-style steps as well as flow-style ones", () => {
    const scenario = ok(`scenario: block style
lock:
  profile: aura
steps:
  - hold:
      key: program
      seconds: 3
  - remote:
      setCode:
        slot: 2
        code: "1357"
  - expect:
      feedback:
        green: 1
`);
    expect(scenario.steps.map((s) => [s.kind, s.line])).toEqual([
      ["hold", 5],
      ["remote", 8],
      ["expect", 12],
    ]);
  });
});

describe("codes and keys keep their leading zeros although YAML reads them as numbers", () => {
  it("keeps `keys: 0042` as four presses", () => {
    expect(onlyStep("keys: 0042")).toEqual({ kind: "keys", keys: ["0", "0", "4", "2"] });
  });

  it("keeps `keys: 2947` as four presses", () => {
    expect(onlyStep("keys: 2947")).toEqual({ kind: "keys", keys: ["2", "9", "4", "7"] });
  });

  it("keeps an unquoted `programmingCode: 0000` and stored codes", () => {
    const { lock } = ok(`scenario: zeros
lock:
  profile: smartcode-264
  programmingCode: 0000
  codes:
    - { slot: 1, code: 007 }
    - slot: 2
      code: 0123456789
steps:
  - keys: 0000 lock
`);
    expect(lock.programmingCode).toBe("0000");
    expect(lock.codes).toEqual([
      { slot: 1, code: "007" },
      { slot: 2, code: "0123456789" },
    ]);
  });

  it("keeps the zeros of a setCode code", () => {
    expect(onlyStep("remote: { setCode: { slot: 3, code: 0000 } }")).toEqual({
      kind: "remote",
      command: { type: "setCode", slot: 3, code: "0000" },
    });
  });

  it("reports a number YAML would rewrite (1e3, 0x1F) as written, not as its value", () => {
    expect(problems(withSteps("keys: 1e3"))[0]?.reason).toContain('unknown key name "1e3"');
    expect(problems(withSteps("remote: { setCode: { slot: 1, code: 0x1F } }"))[0]?.reason).toContain(
      '"0x1F"',
    );
  });

  it("splits on any whitespace and ignores extra spaces", () => {
    expect(onlyStep(`keys: "  program\t12   lock "`)).toEqual({
      kind: "keys",
      keys: ["program", "1", "2", "lock"],
    });
  });

  it("refuses a code that is not 1 to 12 digits", () => {
    for (const code of [`"12a4"`, `"1234567890123"`, `""`]) {
      const [p] = problems(withSteps(`remote: { setCode: { slot: 1, code: ${code} } }`));
      expect(p?.reason).toMatch(/^step 1: remote\.setCode\.code: a code is 1 to 12 digits/);
    }
  });
});

describe("durations", () => {
  it.each([
    [10, 10],
    [0, 0],
    [2.5, 2.5],
    ["10", 10],
    ["10s", 10],
    ["500ms", 0.5],
    ["300ms", 0.3],
    ["5m", 300],
    ["2h", 7200],
    ["3d", 259_200],
    ["1.5h", 5400],
    [" 7 s ", 7],
  ] as const)("reads %j as %d s", (input, seconds) => {
    expect(parseDurationSeconds(input)).toEqual({ ok: true, seconds });
  });

  it.each([
    -1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    "",
    "5x",
    "m",
    "-5s",
    "5 minutes",
    "1,5h",
    "1e3",
  ] as const)("refuses %s with a reason", (input) => {
    const result = parseDurationSeconds(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason.length).toBeGreaterThan(0);
  });

  it("reports a bad wait at its step and line", () => {
    expect(problems(withSteps("wait: 1", "wait: soon"))).toEqual([
      {
        file: "bad.yaml",
        line: 6,
        reason: 'step 2: "soon" is not a duration (use seconds as a number, or 500ms, 10s, 5m, 2h, 3d)',
      },
    ]);
  });
});

describe("times", () => {
  it("reads lock.time with a zone, an offset, without a zone (as UTC) and as a date", () => {
    const at = (time: string) =>
      ok(`scenario: t\nlock: { profile: halo, time: ${time} }\nsteps: [ wait: 1 ]\n`).lock.timeMs;
    expect(at("2026-06-01T12:30:00Z")).toBe(Date.UTC(2026, 5, 1, 12, 30));
    expect(at("2026-06-01T12:30:00+02:00")).toBe(Date.UTC(2026, 5, 1, 10, 30));
    expect(at("2026-06-01T12:30:00")).toBe(Date.UTC(2026, 5, 1, 12, 30));
    expect(at("2026-06-01")).toBe(Date.UTC(2026, 5, 1));
    expect(at(`"2026-06-01 12:30:15.250Z"`)).toBe(Date.UTC(2026, 5, 1, 12, 30, 15, 250));
  });

  it("knows which dates exist", () => {
    expect(parseIsoTimeMs("2028-02-29T00:00:00Z")).toBe(Date.UTC(2028, 1, 29));
    for (const bad of [
      "2026-02-29",
      "2026-02-30T00:00:00Z",
      "2026-13-01",
      "2026-01-01T24:00:00Z",
      "March 2, 2026",
      "1772438400000",
    ]) {
      expect(parseIsoTimeMs(bad)).toBeUndefined();
    }
  });

  it("reports a bad lock.time at its line", () => {
    const [p] = problems("scenario: t\nlock:\n  profile: halo\n  time: yesterday\nsteps: [ wait: 1 ]\n");
    expect(p).toMatchObject({
      line: 4,
      reason: expect.stringMatching(/^lock\.time: "yesterday" is not an ISO-8601 date-time/),
    });
  });

  it("refuses a window that ends before it starts", () => {
    const [p] = problems(
      withSteps(
        "remote: { setCode: { slot: 1, code: '1234', validFrom: 2026-03-05, validUntil: 2026-03-04 } }",
      ),
    );
    expect(p?.reason).toBe("step 1: remote.setCode.validUntil: validUntil must be later than validFrom");
  });

  it("refuses a schedule with a bad time of day or no days", () => {
    const reasons = problems(
      withSteps(
        "remote: { setCode: { slot: 1, code: '1234', schedule: { days: [], from: '25:00', until: '17:00' } } }",
      ),
    ).map((p) => p.reason);
    expect(reasons).toContain("step 1: remote.setCode.schedule.days: needs at least 1 entry");
    expect(reasons).toContain(
      'step 1: remote.setCode.schedule.from: "25:00" is not a time of day (write HH:MM, 24 h, e.g. 08:30)',
    );
  });
});

describe("problems carry the line of the offending node and a readable reason", () => {
  it("turns a YAML syntax error into a problem at its line", () => {
    const ps = problems("scenario: t\nlock:\n  profile: halo\nsteps:\n  - keys: [1, 2\n  - wait: 1\n");
    expect(ps.length).toBeGreaterThan(0);
    expect(ps[0]?.reason).toMatch(/^YAML syntax: /);
    expect(ps[0]?.line).toBeGreaterThanOrEqual(5);
  });

  it("SCENARIOS.md File: a code listed as a bare string or number says what an entry looks like", () => {
    expect(problems('scenario: t\nlock:\n  profile: halo\n  codes: ["2947"]\nsteps:\n  - wait: 1\n')).toEqual(
      [
        {
          file: "bad.yaml",
          line: 4,
          reason: 'lock.codes[1]: a code is a mapping like { slot: 1, code: "2947" }, got "2947"',
        },
      ],
    );
  });

  it("SCENARIOS.md File: a second YAML document (a second ---) is named in words, at its line", () => {
    expect(problems("scenario: a\nlock: { profile: halo }\nsteps: [ wait: 1 ]\n---\nscenario: b\n")).toEqual([
      {
        file: "bad.yaml",
        line: 4,
        reason:
          "a second YAML document starts here (a second ---): a scenario file holds one scenario; put each in its own file",
      },
    ]);
  });

  it("SCENARIOS.md File: lists nested thousands deep are refused in words, never a stack overflow", () => {
    const deep = `scenario: t\nlock: { profile: halo }\nsteps:\n  - expect: ${"[".repeat(5000)}${"]".repeat(5000)}\n`;
    const ps = problems(deep);
    expect(ps.map((p) => p.reason)).toEqual(["YAML: lists or mappings are nested too deeply to read"]);
    expect(ps[0]?.line).toBe(4);
  });

  it("turns a duplicate key into a problem at the second one", () => {
    expect(problems("scenario: a\nscenario: b\nlock: { profile: halo }\nsteps: [ wait: 1 ]\n")).toEqual([
      { file: "bad.yaml", line: 2, reason: "YAML syntax: Map keys must be unique" },
    ]);
  });

  it("names an unknown key name and its step", () => {
    expect(problems(withSteps("keys: 1234", "wait: 1", "keys: 12 enter lock"))).toEqual([
      {
        file: "bad.yaml",
        line: 7,
        reason:
          'step 3: unknown key name "enter" (the confirm key is called lock whatever its label (B-HW-1): write "lock")',
      },
    ]);
  });

  it("SCENARIOS.md Steps (keys): a capital letter or keys run together get advice of their own", () => {
    expect(
      problems(withSteps('keys: "2947lock Program"', "press: Lock", "press: programlock")).map(
        (p) => p.reason,
      ),
    ).toEqual([
      'step 1: unknown key name "2947lock" (separate keys with spaces: "2947 lock")',
      'step 1: unknown key name "Program" (key names are lower case: program)',
      'step 2: press: "Lock" is not a key name (key names are lower case: lock)',
      'step 3: press: "programlock" is not a key name (use 0-9, lock, program, reset)',
    ]);
  });

  it("names an unknown field in expect at the field's own line", () => {
    const ps = problems(withSteps("expect:\n      bolt: extended\n      colour: green"));
    expect(ps).toEqual([
      {
        file: "bad.yaml",
        line: 7,
        reason:
          'step 1: unknown field "colour" (known fields: bolt, reported, feedback, keypad, handed, codes, battery, lastEvent, motorRan, paired, online, radio, result, slot)',
      },
    ]);
  });

  it("names an unknown field in lock and at the top level", () => {
    const ps = problems(
      "scenario: t\nauthor: me\nlock:\n  profile: halo\n  colour: red\nsteps: [ wait: 1 ]\n",
    );
    expect(ps.map((p) => [p.line, p.reason])).toEqual([
      [2, 'unknown field "author" (known fields: scenario, lock, steps)'],
      [5, expect.stringMatching(/^lock: unknown field "colour" \(known fields: profile, state, /)],
    ]);
  });

  it("refuses an out-of-range value with the field path", () => {
    expect(problems(withSteps("door: ajar"))[0]).toMatchObject({
      line: 5,
      reason: 'step 1: door: "ajar" is not one of: open, closed',
    });
    expect(problems(withSteps("expect: { feedback: { beeps: -1 } }"))[0]?.reason).toBe(
      "step 1: expect.feedback.beeps: must be at least 0, got -1",
    );
    expect(problems(withSteps("expect: { feedback: some }"))[0]?.reason).toBe(
      'step 1: expect.feedback: feedback is none or counts like { green: 1, beeps: 2 }, got "some"',
    );
    expect(problems(withSteps("expect: { codes: 1.5 }"))[0]?.reason).toMatch(
      /^step 1: expect\.codes: expected a whole number/,
    );
  });

  it("names an unknown fault id and says it is not in FAULTS.md, in a step and in lock.faults", () => {
    expect(problems(withSteps("fault: gremlins"))[0]).toMatchObject({
      line: 5,
      reason: 'step 1: unknown fault "gremlins": it is not in FAULTS.md',
    });
    expect(problems(withSteps("fault: strike-misalinged"))[0]?.reason).toContain(
      "did you mean strike-misaligned?",
    );
    expect(problems(withSteps("fault: reseat-clutch"))[0]?.reason).toContain(
      'reseat-clutch is a fix (use a "fix:" step)',
    );
    expect(problems(withSteps("fix: clean-the-lock"))[0]?.reason).toContain(
      'unknown fix "clean-the-lock": it is not in FAULTS.md',
    );
    const [p] = problems(
      "scenario: t\nlock:\n  profile: halo\n  faults:\n    - bolt-dry\n    - gremlins\nsteps: [ wait: 1 ]\n",
    );
    expect(p).toMatchObject({
      line: 6,
      reason: 'lock.faults[2]: unknown fault "gremlins": it is not in FAULTS.md',
    });
  });

  it("names an unknown profile and lists the known ones", () => {
    const [p] = problems("scenario: t\nlock:\n  profile: yale-assure\nsteps: [ wait: 1 ]\n");
    expect(p).toEqual({
      file: "bad.yaml",
      line: 3,
      reason: `lock.profile: unknown profile "yale-assure" (known profiles: ${PROFILES.join(", ")})`,
    });
  });

  it("reports missing required fields at their parent", () => {
    expect(problems("lock:\n  door: open\nsteps: [ wait: 1 ]\n").map((p) => [p.line, p.reason])).toEqual([
      [1, `missing required field "scenario" (the scenario's title)`],
      [1, expect.stringMatching(/^lock: missing required field "profile" \(known profiles: smartcode-914, /)],
    ]);
    expect(problems("scenario: t\nlock: { profile: halo }\n")[0]?.reason).toBe(
      'missing required field "steps" (the list of steps)',
    );
    expect(problems(withSteps("wait: 1", "hold:\n      key: program"))[0]).toMatchObject({
      line: 6,
      reason: 'step 2: hold: missing required field "seconds"',
    });
  });

  it("names the confirm key `lock` when a scenario calls it by a label (B-HW-1: #, enter, K)", () => {
    expect(problems(withSteps('keys: "1234 enter"'))[0]?.reason).toBe(
      'step 1: unknown key name "enter" (the confirm key is called lock whatever its label (B-HW-1): write "lock")',
    );
    expect(problems(withSteps('keys: "1234#"'))[0]?.reason).toBe(
      'step 1: unknown key name "1234#" (the confirm key is called lock whatever its label (B-HW-1): write "1234 lock")',
    );
  });

  it("suggests the fault or fix whose words were given in another order (low-battery → battery-low)", () => {
    expect(problems(withSteps("fault: low-battery"))[0]?.reason).toBe(
      'step 1: unknown fault "low-battery": it is not in FAULTS.md (did you mean battery-low?)',
    );
    expect(problems(withSteps("fix: batteries-replace"))[0]?.reason).toBe(
      'step 1: unknown fix "batteries-replace": it is not in FAULTS.md (did you mean replace-batteries?)',
    );
  });

  it("refuses a step with two kinds, with none, or of an unknown kind", () => {
    expect(problems(withSteps("keys: 1\n    wait: 2"))[0]).toMatchObject({
      line: 5,
      reason: 'step 1: a step does one thing, but this one has 2: keys, wait (give each its own "- " entry)',
    });
    expect(problems(withSteps("{}"))[0]?.reason).toMatch(/^step 1: an empty step/);
    expect(problems(withSteps("pres: 1"))).toEqual([
      {
        file: "bad.yaml",
        line: 5,
        reason:
          'step 1: unknown step "pres" (steps are: keys, hold, press, release, battery, wait, door, key, thumbturn, fault, fix, remote, pair, unpair, temperature, expect)',
      },
    ]);
    expect(problems(withSteps("keys lock"))[0]?.reason).toMatch(/^step 1: a step is a mapping with one key/);
  });

  it("refuses a remote command in the wrong form, explaining the right ones", () => {
    expect(problems(withSteps("remote: lokc"))[0]?.reason).toMatch(
      /^step 1: remote: "lokc" is not a remote command \(use lock, unlock/,
    );
    expect(problems(withSteps("remote: { mode: holiday }"))[0]?.reason).toBe(
      'step 1: remote.mode: "holiday" is not one of: normal, vacation, privacy, passage',
    );
    expect(problems(withSteps("remote: { mode: vacation, deleteCode: { slot: 1 } }"))[0]?.reason).toMatch(
      /^step 1: a remote command does one thing, but this one has 2: mode, deleteCode \(one remote step each\)$/,
    );
    expect(problems(withSteps("battery: { replace: alkaline }"))[0]?.reason).toMatch(
      /^step 1: battery\.replace: "alkaline" is not one of: fresh/,
    );
  });

  it("refuses an empty title and an empty list of steps", () => {
    expect(problems("scenario: ''\nlock: { profile: halo }\nsteps: [ wait: 1 ]\n")[0]).toMatchObject({
      line: 1,
      reason: "scenario: must not be empty",
    });
    expect(problems("scenario: t\nlock: { profile: halo }\nsteps: []\n")[0]).toMatchObject({
      line: 3,
      reason: "steps: a scenario needs at least one step",
    });
  });

  it("refuses a file that is empty or not a mapping", () => {
    expect(problems("")[0]?.reason).toMatch(/^the file is empty/);
    expect(problems("# only a comment\n")[0]?.reason).toMatch(/^the file is empty/);
    expect(problems("- keys: 1\n")[0]).toMatchObject({
      line: 1,
      reason: "a scenario file is a mapping with scenario, lock and steps; got a list",
    });
  });

  it("quotes at most 40 characters of a file that is one long string (a binary file read as text)", () => {
    const reason = problems("\u0001".repeat(500))[0]?.reason ?? "";
    expect(reason).toMatch(/^a scenario file is a mapping with scenario, lock and steps; got "/);
    expect(reason.endsWith("…")).toBe(true);
    expect(reason.length).toBeLessThan(400);
  });

  it("refuses user codes on a factory lock (B-SET-1) and a slot given twice", () => {
    expect(
      problems(
        "scenario: t\nlock:\n  profile: halo\n  state: factory\n  codes: [{ slot: 1, code: '1234' }]\nsteps: [ wait: 1 ]\n",
      )[0],
    ).toMatchObject({
      line: 5,
      reason: "lock.codes: a factory lock has no user codes (B-SET-1); remove codes or use state: ready",
    });
    expect(
      problems(
        "scenario: t\nlock:\n  profile: halo\n  codes:\n    - { slot: 1, code: '1234' }\n    - { slot: 1, code: '5678' }\nsteps: [ wait: 1 ]\n",
      )[0],
    ).toMatchObject({
      line: 6,
      reason: "lock.codes[2].slot: slot 1 is given twice",
    });
  });

  it("collects every problem, sorted by line, instead of stopping at the first", () => {
    const ps = problems(`scenario: t
lock:
  profile: halo
  door: ajar
steps:
  - keys: 12 enter
  - wait: later
  - fault: gremlins
  - expect: { bolt: out }
`);
    expect(ps.map((p) => p.line)).toEqual([4, 6, 7, 8, 9]);
    expect(ps.every((p) => p.file === "bad.yaml")).toBe(true);
  });
});

describe("JSON files", () => {
  it("parses with the same code and gives the same scenario as YAML", () => {
    const json = JSON.stringify(
      {
        scenario: "lock button does nothing until a user code exists",
        lock: {
          profile: "smartcode-914",
          codes: [{ slot: 1, code: "2947" }],
          programmingCode: "0000",
          faults: ["clutch-disengaged"],
          settings: { autoLockSeconds: 30 },
          time: "2026-03-02T08:00:00Z",
        },
        steps: [{ keys: "lock" }, { expect: { bolt: "retracted", feedback: "none" } }],
      },
      null,
      2,
    );
    const fromJson = ok(json, "example.json");
    const fromYaml = ok(EXAMPLE, "example.json");
    expect({ ...fromJson.lock, lines: undefined }).toEqual({ ...fromYaml.lock, line: 3, lines: undefined });
    expect(fromJson.steps.map(({ line: _l, ...s }) => s)).toEqual(
      fromYaml.steps.map(({ line: _l, ...s }) => s),
    );
  });

  it("keeps digits given as JSON numbers and reports problems at their line", () => {
    const text =
      '{\n  "scenario": "t",\n  "lock": { "profile": "halo" },\n  "steps": [\n    { "keys": 1234 },\n    { "door": "ajar" }\n  ]\n}\n';
    const result = parseScenario(text, "t.json", OPTIONS);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems).toEqual([
        { file: "t.json", line: 6, reason: 'step 2: door: "ajar" is not one of: open, closed' },
      ]);
    const fixed = ok(text.replace("ajar", "closed"));
    expect(fixed.steps[0]).toMatchObject({ kind: "keys", keys: ["1", "2", "3", "4"], line: 5 });
  });

  it("reports a JSON syntax error at its line", () => {
    const [p] = problems('{\n  "scenario": "t",\n  "lock": { "profile": "halo" ,\n  "steps": []\n');
    expect(p?.reason).toMatch(/^YAML syntax: /);
    expect(p?.line).toBeGreaterThanOrEqual(3);
  });
});

describe("fault and fix ids (FAULTS.md)", () => {
  it("lists 31 faults and 22 fixes, each once, and describes every fault", () => {
    expect(FAULT_IDS).toHaveLength(31);
    expect(FIX_IDS).toHaveLength(22);
    expect(new Set(FAULT_IDS).size).toBe(FAULT_IDS.length);
    expect(new Set(FIX_IDS).size).toBe(FIX_IDS.length);
    expect(Object.keys(FAULT_DESCRIPTIONS).sort()).toEqual([...FAULT_IDS].sort());
  });

  it("tells fault ids from fix ids", () => {
    expect(isFaultId("clutch-disengaged")).toBe(true);
    expect(isFaultId("reseat-clutch")).toBe(false);
    expect(isFixId("reseat-clutch")).toBe(true);
    expect(isFixId(42)).toBe(false);
  });

  it("accepts every fault and fix id as a step", () => {
    const scenario = ok(
      withSteps(...FAULT_IDS.map((f) => `fault: ${f}`), ...FIX_IDS.map((f) => `fix: ${f}`)),
    );
    expect(scenario.steps).toHaveLength(FAULT_IDS.length + FIX_IDS.length);
  });
});

describe("robustness", () => {
  const isResult = (text: string) => {
    const result = parseScenario(text, "junk.yaml", OPTIONS);
    if (result.ok) return typeof result.scenario.title === "string";
    return (
      result.problems.length > 0 &&
      result.problems.every(
        (p) => Number.isInteger(p.line) && p.line >= 1 && p.reason.length > 0 && p.file === "junk.yaml",
      )
    );
  };

  it("never throws on junk strings: always a scenario or problems with lines", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 200 }), isResult), { numRuns: 500 });
  });

  it("never throws on junk built from the language's own words", () => {
    const word = fc.constantFrom(
      "scenario:",
      "lock:",
      "steps:",
      "profile: halo",
      "- ",
      "keys:",
      "0042",
      "wait:",
      "5m",
      "expect:",
      "{",
      "}",
      "[",
      "]",
      ",",
      "bolt:",
      "door:",
      "remote:",
      "setCode:",
      "code:",
      "&a",
      "*a",
      "<<:",
      "null",
      "~",
      "\n",
      "  ",
      "\t",
      '"',
      "'",
      "#",
      "fault:",
      "gremlins",
      "hold:",
      "seconds:",
      "-1",
      "1e309",
      "__proto__:",
      "constructor:",
    );
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 60 }).map((ws) => ws.join(" ")),
        isResult,
      ),
      { numRuns: 1000 },
    );
  });

  it("SCENARIOS.md File (exit 2 with the line and the reason): a list, mapping or binary used as a field name is refused at its line, not turned into garbled text", () => {
    const reason =
      "a field name must be a plain word (like keys or expect), not a list, mapping or binary value";
    expect(problems(withSteps("? [keys, wait]\n    : lock"))).toEqual([
      { file: "bad.yaml", line: 5, reason },
    ]);
    expect(problems(withSteps("!!binary AAAA: 1"))).toEqual([{ file: "bad.yaml", line: 5, reason }]);
    expect(problems("scenario: t\nlock: { profile: smartcode-914 }\n[a]: 1\nsteps:\n  - wait: 1\n")).toEqual([
      { file: "bad.yaml", line: 3, reason },
    ]);
    // An alias to a plain key is still a plain key.
    expect(ok("scenario: t\nlock: { &p profile: halo }\nsteps:\n  - wait: 1\n").lock.profile).toBe("halo");
  });

  it("SCENARIOS.md File (a YAML file): anchors, aliases and << merge keys read as YAML tools read them; a typo inside the anchor is named at both lines", () => {
    const scenario = ok(
      [
        "scenario: t",
        "lock: { profile: halo }",
        "steps:",
        "  - expect: &open { bolt: retracted, reported: unlocked }",
        "  - expect:",
        "      <<: *open",
        "      codes: 0",
        "",
      ].join("\n"),
    );
    expect(scenario.steps[1]).toMatchObject({
      kind: "expect",
      expect: { bolt: "retracted", reported: "unlocked", codes: 0 },
    });
    const lines = problems(
      "scenario: t\nlock: { profile: halo }\nsteps:\n  - expect: &e { bolts: 1 }\n  - expect:\n      <<: *e\n",
    ).map((p) => p.line);
    expect(lines).toEqual([4, 5]);
  });

  it("refuses alias bombs without throwing", () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x]",
      ...Array.from({ length: 8 }, (_, i) => {
        const prev = i === 0 ? "a" : `b${i - 1}`;
        return `b${i}: &b${i} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`;
      }),
    ].join("\n");
    expect(isResult(bomb)).toBe(true);
  });
});

describe("lastEvent: none (our extension of SCENARIOS.md Expectations)", () => {
  it("reads lastEvent: none, and refuses any other word with the forms it takes", () => {
    expect(onlyStep("expect: { lastEvent: none }")).toEqual({
      kind: "expect",
      expect: { lastEvent: "none" },
    });
    expect(problems(withSteps("expect: { lastEvent: nothing }"))[0]?.reason).toBe(
      'step 1: expect.lastEvent: lastEvent is none or a mapping like { type: unlock, source: keypad, slot: 1 }, got "nothing"',
    );
  });
});

describe("radio steps and expectations (issue 9)", () => {
  it.each([
    ["pair: hub", { kind: "pair", by: "hub" }],
    ["unpair: app", { kind: "unpair", by: "app" }],
    ["remote: readChecksum", { kind: "remote", command: { type: "readChecksum" } }],
    ["remote: status", { kind: "remote", command: { type: "status" } }],
    ["remote: { readSlot: { slot: 2 } }", { kind: "remote", command: { type: "readSlot", slot: 2 } }],
    [`remote: { unlock: { code: "2947" } }`, { kind: "remote", command: { type: "unlock", code: "2947" } }],
    [
      `remote: { setCode: { slot: 2, code: "58213", uses: 1 } }`,
      { kind: "remote", command: { type: "setCode", slot: 2, code: "58213", uses: 1 } },
    ],
    [
      "remote: { setSchedule: { slot: 2, enabled: false, validUntil: null } }",
      { kind: "remote", command: { type: "setSchedule", slot: 2, enabled: false, validUntilMs: null } },
    ],
  ])("B-NET-1, B-NET-3: reads `%s`", (line, body) => {
    expect(onlyStep(line)).toEqual(body);
  });

  it("B-NET-2: reads radio, result, paired, online and slot expectations", () => {
    expect(
      onlyStep(
        "expect: { paired: true, online: true, result: lock.unpaired, slot: { occupied: true, usesLeft: 0 }, " +
          "radio: [lockout-started, { kind: unlocked, source: remote, slot: 2 }] }",
      ),
    ).toEqual({
      kind: "expect",
      expect: {
        paired: true,
        online: true,
        result: "lock.unpaired",
        slot: { occupied: true, usesLeft: 0 },
        radio: [{ kind: "lockout-started" }, { kind: "unlocked", source: "remote", slot: 2 }],
      },
    });
    expect(onlyStep("expect: { radio: none }")).toEqual({ kind: "expect", expect: { radio: "none" } });
  });

  it("refuses an unknown event, result, controller or use count with a reason naming the choices", () => {
    expect(problems(withSteps("expect: { radio: [lockout-begun] }"))[0]?.reason).toMatch(
      /"lockout-begun" is not an event the lock reports \(one of locked, unlocked/,
    );
    expect(problems(withSteps("expect: { result: fine }"))[0]?.reason).toMatch(
      /"fine" is not a result \(use ok, pending, or a refusal code/,
    );
    expect(problems(withSteps("pair: phone"))[0]?.reason).toMatch(/"phone" is not a controller/);
    expect(problems(withSteps(`remote: { setCode: { slot: 1, code: "2947", uses: 0 } }`))[0]?.reason).toMatch(
      /uses/,
    );
  });
});
