/**
 * The hosted lock the MQTT and Home Assistant suites start from: a model as installed, door
 * closed, a fresh pack, the owner's code 2947 in slot 1, on a March morning.
 */
import type { CreateLockOptions } from "../src/host/index.ts";

export function readyLockSetup(
  profile = "smartcode-914",
  more: Partial<CreateLockOptions["setup"]> = {},
): CreateLockOptions["setup"] {
  return {
    profile,
    state: "ready",
    door: "closed",
    batteries: "fresh",
    codes: [{ slot: 1, code: "2947" }],
    faults: [],
    temperatureC: 20,
    settings: {},
    timeMs: Date.parse("2026-03-02T08:00:00Z"),
    ...more,
  };
}
