/**
 * The held-out and development sets are what was frozen before tuning (issue 15): the
 * generator still draws, case for case, exactly what it drew then.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEV, HELDOUT, SET_SIZES } from "./case-sets.ts";
import { fingerprint } from "./fingerprint.ts";
import { MIX_IDS } from "./mixes.ts";

const frozen = JSON.parse(readFileSync(new URL("./case-sets.frozen.json", import.meta.url), "utf8")) as {
  sets: Record<string, { seed: number; fingerprints: Record<string, string> }>;
};

describe("the frozen case sets", () => {
  for (const set of [HELDOUT, DEV]) {
    it(`${set.name}: seed ${set.seed} and every mix's ${SET_SIZES.single} single and ${SET_SIZES.double} double cases are as frozen`, () => {
      const f = frozen.sets[set.name];
      expect(f?.seed).toBe(set.seed);
      for (const mix of MIX_IDS)
        for (const kind of ["single", "double"] as const)
          expect(fingerprint(set, mix, kind, SET_SIZES[kind]), `${mix}/${kind}`).toBe(
            f?.fingerprints[`${mix}/${kind}`],
          );
    });
  }

  it("the held-out and development sets share no case", () => {
    expect(HELDOUT.seed).not.toBe(DEV.seed);
    expect(fingerprint(HELDOUT, "uniform", "single", 50)).not.toBe(fingerprint(DEV, "uniform", "single", 50));
  });
});
