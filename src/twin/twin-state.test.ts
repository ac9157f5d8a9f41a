/**
 * A twin captured and resumed carries on exactly as the original would: mid motor run, mid
 * lockout, with codes and a drained pack (issue 9, "Kept across restarts").
 */
import { describe, expect, it } from "vitest";
import { getProfile } from "../core/profiles/index.ts";
import { buildTwin } from "../scenario/build-twin.ts";
import type { LockTwin } from "./lock-twin.ts";
import { LockTwin as Twin } from "./lock-twin.ts";
import { enterCode, tap } from "./person-actions.ts";

function twin(profile = "smartcode-914"): LockTwin {
  const built = buildTwin(
    {
      line: 1,
      profile,
      state: "ready",
      door: "closed",
      batteries: "fresh",
      codes: [{ slot: 1, code: "1357" }],
      faults: [],
      temperatureC: 20,
      settings: {},
      timeMs: Date.parse("2026-03-02T08:00:00Z"),
    },
    "t",
    { seed: 7 },
  );
  if ("problems" in built) throw new Error("bad setup");
  return built.twin;
}

function resumed(t: LockTwin): LockTwin {
  const state = JSON.parse(JSON.stringify(t.captureState())) as ReturnType<LockTwin["captureState"]>;
  return Twin.resume(getProfile(t.profile.id)!, state);
}

/** What a person and the firmware see, for comparing two twins. */
function seen(t: LockTwin, signalsBefore: number): unknown {
  return {
    now: t.clock.nowMs,
    bolt: t.boltState(),
    mm: Math.round(t.boltMm * 100),
    fw: t.firmware.state,
    charge: t.cells?.map((c) => c.charge.toFixed(9)),
    signals: t.signals.slice(signalsBefore).map((r) => [r.atMs, r.name]),
  };
}

describe("a twin carried over a restart", () => {
  it("B-PWR-8: resumes mid motor run and finishes the run as the original does", () => {
    const a = twin();
    // One-touch locking starts a run: caught a few milliseconds in.
    a.pressKey("lock");
    for (let i = 0; i < 1000 && !a.motorRunning(); i++) a.advance(5);
    a.advance(40);
    a.releaseKey("lock");
    expect(a.motorRunning()).toBe(true);
    const b = resumed(a);
    const [sa, sb] = [a.signals.length, b.signals.length];
    a.advance(10_000);
    b.advance(10_000);
    expect(seen(b, sb)).toEqual(seen(a, sa));
    expect(b.boltState()).not.toBe("moving");
  });

  it("B-SEC-1: a lockout in progress ends when it would have", () => {
    const a = twin();
    for (let i = 0; i < 6; i++) {
      enterCode(a, "9999");
      tap(a, "lock");
      a.advance(3_000);
    }
    expect(a.firmware.state.lockedOutUntilMs).not.toBeNull();
    const b = resumed(a);
    expect(b.firmware.state.lockedOutUntilMs).toBe(a.firmware.state.lockedOutUntilMs);
    const [sa, sb] = [a.signals.length, b.signals.length];
    a.advance(3_600_000);
    b.advance(3_600_000);
    expect(seen(b, sb)).toEqual(seen(a, sa));
    expect(b.firmware.state.lockedOutUntilMs).toBeNull();
  });

  it("keeps codes, the secret and the pack's charge exactly", () => {
    const a = twin("halo");
    a.advance(30 * 86_400_000);
    const b = resumed(a);
    expect(b.persistent()).toEqual(a.persistent());
    expect(b.cells).toEqual(a.cells);
    a.advance(86_400_000);
    b.advance(86_400_000);
    expect(b.cells?.[0]?.charge).toBeCloseTo(a.cells?.[0]?.charge ?? 0, 9);
    expect(b.firmware.state.battery).toBe(a.firmware.state.battery);
  });
});
