/**
 * A fault or a fix that comes while the motor is running acts on that run at once, from
 * where the bolt is: the motion is not planned once at the start and then played out
 * whatever happens to the motor, clutch or bolt meanwhile (conformance audit, FAULTS.md).
 */
import { describe, expect, it } from "vitest";
import { applyFix, injectFault } from "./faults.ts";
import { readyBuiltTwin } from "../scenario/ready-twin.test-fake.ts";
import { readTelemetry } from "./telemetry.ts";

function readyLock() {
  return readyBuiltTwin().twin;
}

/** A remote lock, caught 100 ms into the throw. */
function midThrow() {
  const twin = readyLock();
  expect(twin.send({ type: "lock" })).toMatchObject({ sent: true });
  twin.advance(100);
  expect(twin.boltState()).toBe("moving");
  return twin;
}

describe("a fault or fix in the middle of a motor run", () => {
  it("B-BOLT-6: a motor that fails mid-throw leaves the bolt between the ends, reported jammed, never locked", () => {
    const twin = midThrow();
    injectFault(twin, "motor-failed");
    expect(twin.boltState()).toBe("jammed");
    twin.advance(15_000);
    expect(twin.boltState()).toBe("jammed");
    expect(readTelemetry(twin).reported).toBe("jammed");
  });

  it("B-BOLT-2: a clutch that slips out mid-throw stops the bolt while the motor whirs; the lock reports jammed", () => {
    const twin = midThrow();
    injectFault(twin, "clutch-disengaged");
    twin.advance(15_000);
    expect(twin.boltState()).toBe("jammed");
    expect(readTelemetry(twin).reported).toBe("jammed");
  });

  it("B-BOLT-2: re-seating the clutch while the motor still whirs lets that run finish the throw", () => {
    const twin = readyLock();
    injectFault(twin, "clutch-disengaged");
    twin.send({ type: "lock" });
    twin.advance(500);
    expect(twin.motorRunning()).toBe(true);
    expect(twin.boltState()).toBe("retracted");
    const starts = twin.motorStarts;
    applyFix(twin, "reseat-clutch");
    twin.advance(1_000); // within the run's time limit: no retry needed
    expect(twin.boltState()).toBe("extended");
    expect(twin.motorStarts).toBe(starts);
    expect(readTelemetry(twin).reported).toBe("locked");
  });

  it("B-BOLT-1: a fault that does not stop the bolt (a dry bolt) lets the throw end where it was going", () => {
    const twin = midThrow();
    injectFault(twin, "bolt-dry");
    twin.advance(5_000);
    expect(twin.boltState()).toBe("extended");
    expect(readTelemetry(twin).reported).toBe("locked");
  });
});

describe("a clutch without its spring, re-seated mid-run", () => {
  it("B-BOLT-2: holds for the run under way only, as it does when re-seated before a run", () => {
    const twin = readyLock();
    injectFault(twin, "clutch-spring-broken");
    twin.send({ type: "lock" });
    twin.advance(500);
    expect(twin.boltState()).toBe("retracted");
    applyFix(twin, "reseat-clutch");
    twin.advance(1_000);
    expect(twin.boltState()).toBe("extended");
    expect(twin.mech.clutchEngaged).toBe(false);
  });
});

describe("the door closed in the middle of a run", () => {
  it("B-BOLT-3, B-HW-6: a bolt on its way out meets a misaligned strike when the door closes, and jams", () => {
    const twin = readyLock();
    injectFault(twin, "strike-misaligned");
    twin.setDoor(false);
    twin.send({ type: "lock" });
    twin.advance(100);
    expect(twin.boltState()).toBe("moving");
    twin.setDoor(true);
    twin.advance(15_000);
    expect(twin.boltState()).toBe("jammed");
    expect(readTelemetry(twin).reported).toBe("jammed");
  });
});

describe("cells that drain where they sit (battery-low, battery-critical)", () => {
  it("B-PWR-2, B-SEC-1: a keypad lockout under way is still on after the cells run low (no power cut), and the lock reads them low at once", () => {
    const twin = readyLock();
    expect(injectFault(twin, "keypad-lockout")).toEqual({ ok: true });
    expect(twin.firmware.state.lockedOutUntilMs).not.toBeNull();
    expect(injectFault(twin, "battery-low")).toEqual({ ok: true });
    expect(twin.firmware.state.lockedOutUntilMs).not.toBeNull();
    expect(twin.firmware.state.battery).toBe("low");
  });

  it("B-PWR-3, B-NET-2: cells that fall critical are read at once and reported to the app", () => {
    const twin = readyLock();
    const heard: string[] = [];
    twin.onRadioReport((r) => {
      if (r.type === "event") heard.push(r.event.kind);
    });
    expect(injectFault(twin, "battery-critical")).toEqual({ ok: true });
    expect(twin.firmware.state.battery).toBe("critical");
    expect(heard).toContain("battery-critical");
  });
});
