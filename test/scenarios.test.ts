/**
 * Every scenario file in scenarios/ is a test: the guides' procedures and the faults are
 * the project's conformance suite (STYLE.md rule 8).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PROFILE_IDS } from "../src/core/profiles/index.ts";
import { parseScenario } from "../src/scenario/parse-scenario.ts";
import { runScenario } from "../src/scenario/run-scenario.ts";
import { expandScenarioPaths } from "../src/cli/scenario-files.ts";

const { files } = expandScenarioPaths(["scenarios"]);

describe("scenarios/", () => {
  it("has scenario files", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    it(file, () => {
      const parsed = parseScenario(readFileSync(file, "utf8"), file, { profileIds: PROFILE_IDS });
      if (!parsed.ok)
        throw new Error(parsed.problems.map((p) => `${p.file}:${p.line}: ${p.reason}`).join("\n"));
      const run = runScenario(parsed.scenario);
      if (run.kind === "invalid")
        throw new Error(run.problems.map((p) => `${p.file}:${p.line}: ${p.reason}`).join("\n"));
      const failures = run.trace.flatMap((t) =>
        t.failures.map(
          (f) =>
            `step ${t.step} (line ${t.line}): ${f.field}: expected ${JSON.stringify(f.expected)}, saw ${JSON.stringify(f.seen)}`,
        ),
      );
      expect(failures).toEqual([]);
    });
  }
});
