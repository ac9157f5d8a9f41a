/**
 * The twin the twin's own tests start from, built as a scenario's `lock:` line builds it: a
 * model as installed, door closed, a fresh pack, the owner's code 2947 in slot 1.
 */
import { buildTwin } from "./build-twin.ts";
import type { LockSetup } from "./scenario-types.ts";

export function readyBuiltTwin(extra: Partial<LockSetup> = {}) {
  const built = buildTwin(
    {
      line: 1,
      profile: "smartcode-914",
      state: "ready",
      door: "closed",
      batteries: "fresh",
      codes: [{ slot: 1, code: "2947" }],
      faults: [],
      temperatureC: 20,
      settings: {},
      timeMs: 0,
      ...extra,
    },
    "test",
  );
  if ("problems" in built) throw new Error(built.problems[0]?.reason);
  return built;
}
