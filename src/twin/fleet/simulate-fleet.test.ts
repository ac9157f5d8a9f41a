/**
 * Fleets on virtual time (issue 4): deterministic for a seed, time jumping from event to
 * event, the usage models' operations and mistakes, rentals' temporary codes and lockouts,
 * faults appearing and being fixed, and every failure explained by a FAULTS.md cause.
 */
import { describe, expect, it } from "vitest";
import { PROFILE_IDS, getProfile } from "../../core/profiles/index.ts";
import { buildFleet, fleetConditions, simulateFleet } from "./simulate-fleet.ts";
import { FleetLock } from "./fleet-lock.ts";
import { FleetTally } from "./fleet-tally.ts";
import { USAGE_MODELS } from "./usage-model.ts";

describe("a fleet on virtual time", () => {
  it("is deterministic for a seed, and another seed gives another fleet", () => {
    const run = (seed: number) => JSON.stringify(simulateFleet({ locks: 4, days: 60, seed }));
    expect(run(7)).toBe(run(7));
    expect(run(8)).not.toBe(run(7));
  });

  it("a lock's life does not depend on the others (each has its own seeded chance), so the run order does not matter", () => {
    const conditions = fleetConditions({ locks: 3, days: 60, seed: 3 });
    const alone = new FleetTally();
    const lock = new FleetLock(1, conditions, alone);
    for (let d = 0; d < 60; d++) lock.runDay(d);
    const tallies = [new FleetTally(), new FleetTally(), new FleetTally()];
    const fleet = tallies.map((t, i) => new FleetLock(i, conditions, t));
    for (let d = 0; d < 60; d++) for (const l of fleet) l.runDay(d); // day by day, interleaved
    expect(tallies[1]).toEqual(alone);
    expect(tallies[0]).not.toEqual(alone);
  });

  it("jumps from event to event: a lock-day costs tens of clock events, not 86,400 ticks", () => {
    const { locks } = buildFleet({ locks: 1, days: 30, seed: 1 });
    const lock = locks[0];
    if (!lock) throw new Error("no lock");
    const clock = lock.twin.clock;
    let scheduled = 0;
    const at = clock.at.bind(clock);
    const rescheduleKeyed = clock.rescheduleKeyed.bind(clock);
    clock.at = (atMs, run, arg) => {
      scheduled++;
      return at(atMs, run, arg);
    };
    clock.rescheduleKeyed = (arg, atMs, run) => {
      scheduled++; // a named timer restarted: its event moves
      rescheduleKeyed(arg, atMs, run);
    };
    for (let d = 0; d < 30; d++) lock.runDay(d);
    // Each of the day's ten or so operations is a few timers and motor segments; an idle lock
    // checks its pack once a day.
    expect(scheduled / 30).toBeGreaterThan(10);
    expect(scheduled / 30).toBeLessThan(100);
  });

  it("typical and heavy use make about 10 and 30 operations a lock-day, with a share of slipped digits", () => {
    for (const usage of ["typical", "heavy"] as const) {
      const r = simulateFleet({ locks: 3, days: 40, seed: 2, usage, faults: false });
      const model = USAGE_MODELS[usage];
      expect(r.operations.perLockDay).toBeGreaterThan(model.opsPerDay * 0.85);
      expect(r.operations.perLockDay).toBeLessThan(model.opsPerDay * 1.15);
      expect(r.mistakes / r.codeEntries).toBeGreaterThan(model.mistakeShare * 0.5);
      expect(r.mistakes / r.codeEntries).toBeLessThan(model.mistakeShare * 1.5);
      for (const m of ["code", "lock-button", "key", "thumbturn"] as const)
        expect(r.operations.byMethod[m]).toBeGreaterThan(0);
    }
  });

  it("rental: guests with temporary codes make more mistakes, lock the keypad out, and come before check-in (B-CODE-8, B-SEC-1)", () => {
    const rental = simulateFleet({ locks: 4, days: 120, seed: 4, usage: "rental", faults: false });
    const typical = simulateFleet({ locks: 4, days: 120, seed: 4, usage: "typical", faults: false });
    expect(rental.mistakes / rental.codeEntries).toBeGreaterThan(
      (2 * typical.mistakes) / typical.codeEntries,
    );
    expect(rental.lockouts).toBeGreaterThan(typical.lockouts);
    expect(rental.failures.byCause["code-expired"]).toBeGreaterThan(0);
    expect(rental.failures.byCause["wrong-code"]).toBeGreaterThan(0);
    expect(rental.operations.byMethod.key).toBe(0); // guests have no key
    expect(rental.undone).toBe(0); // the host comes with the key
  });

  it("faults appear by their rates and owners fix them with the FAULTS.md fix; every failure has a cause", () => {
    const r = simulateFleet({ locks: 8, days: 365, seed: 5 });
    const seen = Object.values(r.faults.seen).reduce((a, b) => a + (b ?? 0), 0);
    const fixed = Object.values(r.faults.fixed).reduce((a, b) => a + (b ?? 0), 0);
    expect(seen).toBeGreaterThan(3);
    expect(fixed).toBeGreaterThan(seen / 2);
    expect(r.failures.byCause.unexplained ?? 0).toBe(0);
    expect(r.failures.total).toBeGreaterThan(0);
    expect(r.finishedByHand + r.undone).toBeGreaterThan(0);
  });

  it("runs on every profile (a rental only where there is a radio for temporary codes)", () => {
    for (const id of PROFILE_IDS) {
      const r = simulateFleet({ locks: 1, days: 10, seed: 6, profileId: id });
      expect(r.operations.total, id).toBeGreaterThan(50);
      expect(r.failures.byCause.unexplained ?? 0, id).toBe(0);
      if (getProfile(id)?.radio === null)
        expect(() => simulateFleet({ locks: 1, days: 1, profileId: id, usage: "rental" })).toThrow(
          /no radio/,
        );
    }
  });
});
