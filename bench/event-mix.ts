/**
 * A realistic stream of events for a ready lock, recorded once so benchmarks can replay it
 * through `step` alone. A tiny world answers the core's effects the way the twin would —
 * timers fire when due unless cancelled, a motor run brings inrush and running current and
 * the position switch leaving one end and reaching the other, a battery.measure brings a
 * sample — and a person types valid and wrong codes, ended by a pause or the lock key, and
 * presses lock. Nothing here reads the host's clock or Math.random.
 */
import type { CoreEffect } from "../src/core/effects.ts";
import type { CoreEvent } from "../src/core/events.ts";
import type { KeyName } from "../src/core/keys.ts";
import type { CoreState, TimerName } from "../src/core/state.ts";
import type { Step } from "../src/core/step.ts";
import type { SeededRandom, TimedEvent } from "./lock-fixtures.ts";
import { FRESH_PACK_V, digitKeys, keyPresses, wrongCode } from "./lock-fixtures.ts";

interface Pending {
  readonly atMs: number;
  readonly order: number;
  readonly source: "timer" | "motor" | "person" | "battery";
  readonly timer?: TimerName;
  readonly event: CoreEvent;
}

/** How the person behaves: how often they lock an unlocked door, mistype, confirm with lock. */
const LOCK_WHEN_UNLOCKED_SHARE = 0.7;
const WRONG_CODE_SHARE = 0.25;
const CONFIRM_WITH_LOCK_SHARE = 0.3;
/** Wrong entries in a row before the person gets it right (below the lockout's 5, B-SEC-1). */
const MAX_WRONG_IN_A_ROW = 3;

/**
 * Runs the world until `count` events have reached the core, and returns them with their
 * lock times. Replaying them from `start` through the same `step` gives the same states.
 */
export function recordEventMix(
  step: Step,
  start: CoreState,
  codes: readonly string[],
  rng: SeededRandom,
  count: number,
): TimedEvent[] {
  const pending: Pending[] = [];
  const out: TimedEvent[] = [];
  let order = 0;
  let now = 0;
  let state = start;
  let wrongInARow = 0;

  const add = (p: Omit<Pending, "order">): void => {
    pending.push({ ...p, order: order++ });
  };
  const drop = (keep: (p: Pending) => boolean): void => {
    for (let i = pending.length - 1; i >= 0; i--) {
      const p = pending[i];
      if (p && !keep(p)) pending.splice(i, 1);
    }
  };
  for (const [name, due] of Object.entries(state.timers)) {
    if (due === undefined) continue;
    add({
      atMs: due,
      source: "timer",
      timer: name as TimerName,
      event: { type: "timer", name: name as TimerName },
    });
  }

  const personActs = (atMs: number): void => {
    let keys: KeyName[];
    if (state.reported === "unlocked" && rng.next() < LOCK_WHEN_UNLOCKED_SHARE) {
      keys = ["lock"];
    } else {
      const wrong = rng.next() < WRONG_CODE_SHARE && wrongInARow < MAX_WRONG_IN_A_ROW;
      wrongInARow = wrong ? wrongInARow + 1 : 0;
      keys = digitKeys(wrong ? wrongCode(rng, codes, rng.between(4, 8)) : rng.pick(codes));
      if (rng.next() < CONFIRM_WITH_LOCK_SHARE) keys.push("lock");
    }
    for (const e of keyPresses(keys, atMs, rng.between(180, 350))) add({ ...e, source: "person" });
  };

  const answer = (effect: CoreEffect): void => {
    switch (effect.type) {
      case "timer.start":
        drop((p) => p.timer !== effect.name);
        add({
          atMs: now + effect.ms,
          source: "timer",
          timer: effect.name,
          event: { type: "timer", name: effect.name },
        });
        return;
      case "timer.cancel":
        drop((p) => p.timer !== effect.name);
        return;
      case "motor": {
        drop((p) => p.source !== "motor");
        if (effect.drive === "stop") return;
        const end = effect.drive === "cw" ? "cw-end" : "ccw-end";
        // Inrush, the bolt leaving its end, running current before blanking ends, the far end.
        add({
          atMs: now + 1,
          source: "motor",
          event: { type: "motor.current", currentMa: 1400, supplyV: 5.6 },
        });
        add({ atMs: now + 30, source: "motor", event: { type: "bolt.position", position: "between" } });
        add({
          atMs: now + 60,
          source: "motor",
          event: { type: "motor.current", currentMa: 350, supplyV: 5.95 },
        });
        add({ atMs: now + 480, source: "motor", event: { type: "bolt.position", position: end } });
        return;
      }
      case "battery.measure":
        add({ atMs: now + 10, source: "battery", event: { type: "battery.sample", restV: FRESH_PACK_V } });
        return;
      default:
        return;
    }
  };

  while (out.length < count) {
    const idle = state.run === null && state.entry === null && !pending.some((p) => p.source !== "timer");
    if (idle) personActs(now + rng.between(800, 4000));
    let next = 0;
    for (let i = 1; i < pending.length; i++) {
      const p = pending[i]!;
      const best = pending[next]!;
      if (p.atMs < best.atMs || (p.atMs === best.atMs && p.order < best.order)) next = i;
    }
    const p = pending.splice(next, 1)[0];
    if (!p) throw new Error("the world ran out of events");
    now = p.atMs;
    const r = step(state, p.event, now);
    state = r.state;
    out.push({ atMs: now, event: p.event });
    for (const e of r.effects) answer(e);
  }
  return out;
}

/** Share of each event type in a stream, for notes ("key.down 38%, timer 9%, ..."). */
export function describeMix(events: readonly TimedEvent[]): string {
  const counts = new Map<string, number>();
  for (const { event } of events) counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([type, n]) => `${type} ${Math.round((100 * n) / events.length)}%`)
    .join(", ");
}
