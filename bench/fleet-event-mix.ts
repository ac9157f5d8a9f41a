/**
 * The events a fleet's firmware really takes, recorded so a benchmark can replay them through
 * `step` alone. A few locks of a default fleet (typical use, seasons, faults on) live their
 * year as `latchkey simulate` runs them, and every event their firmware steps is recorded with
 * its lock time. Where the firmware's state changed outside a step — power went away, a pack
 * change — a new segment starts from the state the step was then given, so a replay from each
 * segment's start reproduces the run's states exactly.
 */
import type { CoreEvent } from "../src/core/events.ts";
import type { CoreState } from "../src/core/state.ts";
import { buildFleet } from "../src/twin/fleet/simulate-fleet.ts";
import type { FleetOptions } from "../src/twin/fleet/fleet-options.ts";
import type { LockTwin } from "../src/twin/lock-twin.ts";

export interface TimedEvent {
  readonly atMs: number;
  readonly event: CoreEvent;
}

/** A run of events from one state, with nothing between them but `step`. */
export interface Segment {
  readonly start: CoreState;
  readonly events: TimedEvent[];
}

export interface FleetEventMix {
  readonly segments: Segment[];
  readonly events: number;
  readonly lockDays: number;
}

/**
 * Wraps the twin firmware's `apply` (a private method of LockFirmware: a bench may reach in,
 * the code under test is unchanged) so every event it steps is recorded, with the state it is
 * stepped from and the lock time, before it runs.
 */
function record(twin: LockTwin, segments: Segment[]): void {
  const firmware = twin.firmware as unknown as {
    apply: (event: CoreEvent) => void;
    state: CoreState;
    owned: CoreState | null | undefined;
  };
  const inner = firmware.apply;
  if (typeof inner !== "function") throw new Error("LockFirmware has no `apply` method to record");
  if (!("owned" in firmware)) throw new Error("LockFirmware has no `owned` state to let go of");
  // A fleet's firmware steps in place; recorded, it steps purely (no owned state), so each
  // segment's start state stays as it was (a replay starts from it) and a state changed outside
  // a step shows as new.
  firmware.owned = undefined;
  let last: CoreState | null = null;
  let current: Segment | null = null;
  firmware.apply = (event) => {
    const state = firmware.state;
    if (state !== last || current === null) {
      current = { start: state, events: [] };
      segments.push(current);
    }
    current.events.push({ atMs: twin.clock.nowMs, event: { ...event } }); // a copy: the twin may reuse its event objects
    inner.call(firmware, event);
    last = firmware.state;
  };
}

/** Records `locks` locks of the fleet `options` living `options.days` days. */
export function recordFleetEventMix(options: FleetOptions): FleetEventMix {
  const fleet = buildFleet(options);
  const segments: Segment[] = [];
  for (const lock of fleet.locks) {
    record(lock.twin, segments);
    for (let day = 0; day < options.days; day++) lock.runDay(day);
  }
  const events = segments.reduce((n, s) => n + s.events.length, 0);
  return { segments, events, lockDays: options.locks * options.days };
}

/** Share of each event type in the mix, for notes ("key.down 38%, timer 9%, ..."). */
export function describeMix(mix: FleetEventMix): string {
  const counts = new Map<string, number>();
  for (const s of mix.segments)
    for (const { event } of s.events) counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([type, n]) => `${type} ${((100 * n) / mix.events).toFixed(n / mix.events < 0.01 ? 1 : 0)}%`)
    .join(", ");
}
