// The parsing behind `npm run coverage:rules` (scripts/rule-coverage.ts), on small inline
// inputs. Rule IDs in these inputs use made-up sections (B-ZZ-*, B-YY-*) so that this file
// never counts as covering a real rule; test-file inputs are built so that their calls do
// not appear literally in this file's own text.
import { describe, expect, it } from "vitest";
import type { Rule } from "../scripts/rule-coverage.ts";
import {
  computeCoverage,
  findRuleIds,
  findTestRuleIds,
  findTestTitles,
  firstWords,
  isRequired,
  missingRequired,
  parseSpec,
  renderReport,
  summarize,
  unknownMentions,
} from "../scripts/rule-coverage.ts";

const SPEC = `# Lock behaviour specification (v1)

Every rule has an ID (for example in the test title: \`B-ZZ-9: ...\`).

## 1. Hardware

- B-ZZ-1 Exterior keypad: digit keys and one confirm key whose label
  depends on the model. (000)
- B-ZZ-2 Interior: a Program button.

## 3. Setup state

- B-YY-1 Fresh from the factory the lock has no user codes.

- B-YY-2 Beyond the guides: a rule after a blank line
  that runs over two lines.
Not a continuation: text at the start of a line.

### A sub-heading

- not a rule
- B-YY-3 Last rule.
`;

describe("parseSpec", () => {
  const spec = parseSpec(SPEC);

  it("finds the rules at the start of list items, in order, with their section", () => {
    expect(spec.rules.map((r) => [r.id, r.section])).toEqual([
      ["B-ZZ-1", 1],
      ["B-ZZ-2", 1],
      ["B-YY-1", 3],
      ["B-YY-2", 3],
      ["B-YY-3", 3],
    ]);
  });

  it("ignores IDs that are mentioned in prose rather than defined", () => {
    expect(spec.rules.map((r) => r.id)).not.toContain("B-ZZ-9");
  });

  it("joins continuation lines and stops at a blank line or unindented text", () => {
    expect(spec.rules[0]?.text).toBe(
      "Exterior keypad: digit keys and one confirm key whose label depends on the model. (000)",
    );
    expect(spec.rules[3]?.text).toBe(
      "Beyond the guides: a rule after a blank line that runs over two lines.",
    );
  });

  it("reads the numbered sections", () => {
    expect(spec.sections).toEqual([
      { number: 1, title: "Hardware" },
      { number: 3, title: "Setup state" },
    ]);
  });

  it("reads Windows line endings", () => {
    expect(parseSpec(SPEC.replace(/\n/g, "\r\n")).rules).toEqual(spec.rules);
  });
});

describe("findRuleIds", () => {
  it("finds every ID once, wherever it is in the text", () => {
    const yaml = `scenario: "B-ZZ-1, B-YY-2: a title"\nsteps:\n  # B-ZZ-1 again, and B-YY-10\n`;
    expect(findRuleIds(yaml)).toEqual(["B-ZZ-1", "B-YY-2", "B-YY-10"]);
  });

  it("expands the short form with slashes into one ID per number", () => {
    expect(findRuleIds("see B-ZZ-7/8 and B-YY-2/3/4")).toEqual([
      "B-ZZ-7",
      "B-ZZ-8",
      "B-YY-2",
      "B-YY-3",
      "B-YY-4",
    ]);
  });

  it("does not take part of a longer word or an ID without a number", () => {
    expect(findRuleIds("XB-ZZ-1 B-ZZ- B-zz-1 B-ZZ-2x")).toEqual([]);
  });
});

describe("findTestTitles", () => {
  // Built from parts so that this file's own text holds no such call.
  const call = (fn: string, title: string, q = '"'): string => `${fn}(${q}${title}${q}, () => {});`;

  it("reads the first string of describe, it and test, in any quotes", () => {
    const src = [
      call("describe", "group B-ZZ-1"),
      call("it", "B-YY-1: one", "'"),
      call("test", "B-YY-2: two", "`"),
    ].join("\n");
    expect(findTestTitles(src)).toEqual(["group B-ZZ-1", "B-YY-1: one", "B-YY-2: two"]);
  });

  it("reads titles behind modifiers such as .only, .skip and .each(...)", () => {
    const src = [
      call("it.only", "a"),
      call("test.skip", "b"),
      call("it.each([1, 2])", "c %i"),
      call("describe.concurrent", "d"),
    ].join("\n");
    expect(findTestTitles(src)).toEqual(["a", "b", "c %i", "d"]);
  });

  it("keeps escaped quotes and template placeholders inside a title", () => {
    const src = [call("it", 'say \\"B-YY-1\\" twice'), call("it", "B-YY-2 on ${profile.id}", "`")].join("\n");
    expect(findTestTitles(src)).toEqual(['say \\"B-YY-1\\" twice', "B-YY-2 on ${profile.id}"]);
  });

  it("ignores identifiers that only end in it or test", () => {
    expect(findTestTitles(`${"submit"}("B-YY-1"); ${"latest"}("B-YY-2");`)).toEqual([]);
  });
});

describe("findTestRuleIds", () => {
  it("counts IDs in titles only, not in the test bodies", () => {
    const src = `${"it"}("B-YY-1: refuses a code", () => {\n  expect(run("B-ZZ-1")).toBe(1);\n});`;
    expect(findTestRuleIds(src)).toEqual(["B-YY-1"]);
  });
});

describe("coverage", () => {
  const spec = parseSpec(SPEC);
  const scenarios = new Map([
    ["scenarios/a.yaml", ["B-ZZ-1", "B-QQ-1"]],
    ["scenarios/b.yaml", ["B-YY-1"]],
  ]);
  const tests = new Map([["src/x.test.ts", ["B-YY-1"]]]);
  const coverage = computeCoverage(spec.rules, scenarios, tests);

  it("lists, for each rule, the scenario files and test files that name it", () => {
    expect(coverage.map((c) => [c.rule.id, c.scenarios, c.tests])).toEqual([
      ["B-ZZ-1", ["scenarios/a.yaml"], []],
      ["B-ZZ-2", [], []],
      ["B-YY-1", ["scenarios/b.yaml"], ["src/x.test.ts"]],
      ["B-YY-2", [], []],
      ["B-YY-3", [], []],
    ]);
  });

  it("counts rules, covered and uncovered, in total and by section", () => {
    const s = summarize(spec, coverage);
    expect([s.total, s.covered, s.uncovered]).toEqual([5, 2, 3]);
    expect(s.bySection.map((b) => [b.section.number, b.total, b.covered])).toEqual([
      [1, 2, 1],
      [3, 3, 1],
    ]);
  });

  it("names the IDs that scenarios or tests mention but the spec does not define", () => {
    expect([...unknownMentions(spec.rules, scenarios, tests)]).toEqual([["B-QQ-1", ["scenarios/a.yaml"]]]);
  });

  it("renders a table with uncovered rules marked and file links from docs/", () => {
    const md = renderReport({ spec, coverage, unknown: new Map(), specPath: "../shared/spec/BEHAVIOR.md" });
    expect(md.startsWith("<!-- Generated by scripts/rule-coverage.ts")).toBe(true);
    expect(md).toContain(
      "| B-ZZ-1 | covered | Exterior keypad: digit keys and one confirm key whose … | [a.yaml](../scenarios/a.yaml) | — |",
    );
    expect(md).toMatch(/\| B-ZZ-2 \| ⚠ \*\*uncovered\*\* \|/);
    expect(md).toMatch(/\| B-YY-2 \| ❌ \*\*UNCOVERED \(required\)\*\* \|/);
  });
});

describe("the required set", () => {
  const rule = (id: string, section: number): Rule => ({ id, section, text: "" });

  it("holds every rule of sections 3, 4, 5, 6, 7 and 9, and the listed rules of other sections", () => {
    expect(isRequired(rule("B-ANY-1", 3))).toBe(true);
    expect(isRequired(rule("B-ANY-1", 9))).toBe(true);
    expect(isRequired(rule("B-PWR-2", 2))).toBe(true);
    expect(isRequired(rule("B-PWR-1", 2))).toBe(false);
    expect(isRequired(rule("B-NET-4", 10))).toBe(false);
    expect(isRequired(rule("B-ANY-1", 11))).toBe(false);
  });

  it("reports the required rules that have neither a scenario nor a test", () => {
    const spec = parseSpec(SPEC);
    const coverage = computeCoverage(
      spec.rules,
      new Map([["s.yaml", ["B-YY-1"]]]),
      new Map([["t.test.ts", ["B-YY-3"]]]),
    );
    expect(missingRequired(coverage).map((r) => r.id)).toEqual(["B-YY-2"]);
  });
});

describe("firstWords", () => {
  it("keeps a short text whole and cuts a long one after a few words", () => {
    expect(firstWords("Deleting a user code frees its slot.")).toBe("Deleting a user code frees its slot.");
    expect(firstWords("one two three, four five", 3)).toBe("one two three …");
  });
});
