/**
 * The faults panel's catalogue asks the twin with the fresh lock's person (what they know of
 * its codes), as the lock itself is asked: before, programming-code-used was "unsupported" on
 * the 264 and 275, whose programming code is the default 0000 (B-SET-1).
 */
import { describe, expect, it } from "vitest";
import { faultCatalogue } from "./fault-catalogue.ts";

describe("the fault catalogue", () => {
  it("B-SET-1, B-SEC-3: programming-code-used is offered where the model has a default programming code", () => {
    for (const profile of ["smartcode-264", "smartcode-275"]) {
      expect(faultCatalogue(profile).faults.find((f) => f.id === "programming-code-used")?.supported).toBe(
        true,
      );
    }
    const onHalo = faultCatalogue("halo").faults.find((f) => f.id === "programming-code-used");
    expect(onHalo?.supported).toBe(false);
  });
});
