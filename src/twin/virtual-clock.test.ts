import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { VirtualClock } from "./virtual-clock.ts";

describe("virtual clock", () => {
  it("runs events in time order, same-time events in the order scheduled, and skips cancelled ones", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.boolean()), { maxLength: 200 }),
        (items) => {
          const clock = new VirtualClock(0);
          const ran: [number, number][] = [];
          items.forEach(([at, cancel], i) => {
            const id = clock.at(at, () => ran.push([clock.nowMs, i]));
            if (cancel) clock.cancel(id);
          });
          clock.runUntil(2000);
          const expected = items
            .map(([at, cancel], i) => ({ at, cancel, i }))
            .filter((x) => !x.cancel)
            .sort((a, b) => a.at - b.at || a.i - b.i)
            .map((x) => [x.at, x.i]);
          expect(ran).toEqual(expected);
          expect(clock.nowMs).toBe(2000);
        },
      ),
    );
  });

  it("jumps from event to event: a year with a few events costs a few steps", () => {
    const clock = new VirtualClock(0);
    let n = 0;
    for (let d = 0; d < 365; d++) clock.at(d * 86_400_000, () => n++);
    clock.advance(365 * 86_400_000);
    expect(n).toBe(365);
  });
});
