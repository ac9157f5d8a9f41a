/**
 * A lock as it leaves a box and is installed: handed, door closed, fresh cells, factory
 * settings, no faults, at 20 °C — what `latchkey locks` makes, and what most tests and
 * benches start from. Anything else is given in `more` (codes, pairing, another door…).
 */
import type { CreateLockOptions } from "./lock-host.ts";

type Setup = CreateLockOptions["setup"];

export function readyLockSetup(profile: string, timeMs: number, more: Partial<Setup> = {}): Setup {
  return {
    profile,
    state: "ready",
    door: "closed",
    batteries: "fresh",
    codes: [],
    faults: [],
    temperatureC: 20,
    settings: {},
    timeMs,
    ...more,
  };
}
