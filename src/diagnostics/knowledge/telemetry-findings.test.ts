/**
 * How the last motor run reads (telemetry-findings.ts), on the twin: a jam against a
 * misaligned strike comes after the bolt has travelled, one against a dry bolt in the cold
 * at once — the troubleshooter tells them apart before asking for the door-open test.
 */
import { describe, expect, it } from "vitest";
import { readyBuiltTwin } from "../../scenario/ready-twin.test-fake.ts";
import { injectFault } from "../../twin/faults.ts";
import { settleLock, tap } from "../../twin/person-actions.ts";
import { readTelemetry } from "../../twin/telemetry.ts";
import type { FaultId } from "../../twin/fault-ids.ts";
import { STALL_AT_ONCE_MS, telemetryFindings } from "./telemetry-findings.ts";

function lastRunAfterLockPress(fault: FaultId, temperatureC: number) {
  const { twin, person } = readyBuiltTwin({ temperatureC });
  expect(injectFault(twin, fault, person)).toEqual({ ok: true });
  tap(twin, "lock");
  settleLock(twin);
  const t = readTelemetry(twin);
  return { run: t.lastRun, band: telemetryFindings(t, [...twin.history])["tm-last-run"] };
}

describe("tm-last-run: where the bolt stalled", () => {
  it("B-BOLT-6, B-HW-6: a jam against a misaligned strike reads 'stalled' — the bolt moved before it stopped", () => {
    const { run, band } = lastRunAfterLockPress("strike-misaligned", 20);
    expect(run?.outcome).toBe("jammed");
    expect(run?.durationMs).toBeGreaterThanOrEqual(STALL_AT_ONCE_MS);
    expect(band).toBe("stalled");
  });

  it("B-BOLT-6, B-HW-6: a dry bolt in the cold that the motor cannot start reads 'stalled-at-once'", () => {
    const { run, band } = lastRunAfterLockPress("bolt-dry", -4);
    expect(run?.outcome).toBe("jammed");
    expect(run?.durationMs).toBeLessThan(STALL_AT_ONCE_MS);
    expect(band).toBe("stalled-at-once");
  });

  it("B-BOLT-6: a motor spinning free reads 'free-spin', whatever its time", () => {
    const { band } = lastRunAfterLockPress("clutch-disengaged", 20);
    expect(band).toBe("free-spin");
  });
});
