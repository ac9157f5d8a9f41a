/**
 * The fleet's report, byte for byte, for three seeded fleets (issue 17): speed work on the
 * core, the twin and the fleet must not change what a simulated year comes to. The recorded
 * reports (fleet-report.golden.json) were made before that work began. A change meant to
 * change the simulation (the physics, the usage model, the firmware's behaviour) regenerates
 * them on purpose and says so in its commit:
 *
 *   UPDATE_FLEET_GOLDEN=1 npx vitest run src/twin/fleet/fleet-report-golden.test.ts
 *   npx prettier --write src/twin/fleet/fleet-report.golden.json
 *
 * Compared as the CLI prints them with `--json` (JSON.stringify), so the file's layout is free.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { FleetOptions } from "./fleet-options.ts";
import { simulateFleet } from "./simulate-fleet.ts";

const GOLDEN = new URL("./fleet-report.golden.json", import.meta.url);

/** A household fleet, a rental fleet (guests' codes over the radio) and a heavy-use 910 on lithium. */
const CASES: readonly FleetOptions[] = [
  { locks: 40, days: 365, seed: 11, usage: "typical" },
  { locks: 20, days: 365, seed: 12, usage: "rental" },
  {
    locks: 10,
    days: 365,
    seed: 13,
    usage: "heavy",
    cells: "lithium",
    profileId: "smartcode-910",
  },
];

describe("the fleet report", () => {
  it("is byte for byte the recorded one for each seeded fleet", () => {
    const now: Record<string, unknown> = {};
    for (const c of CASES) now[JSON.stringify(c)] = simulateFleet(c);
    if (process.env["UPDATE_FLEET_GOLDEN"] === "1")
      writeFileSync(GOLDEN, `${JSON.stringify(now, null, 2)}\n`);
    const recorded = JSON.parse(readFileSync(GOLDEN, "utf8")) as Record<string, unknown>;
    expect(Object.keys(now)).toEqual(Object.keys(recorded));
    for (const key of Object.keys(now))
      expect(JSON.stringify(now[key]), key).toBe(JSON.stringify(recorded[key]));
  });
});
