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

  it("compact() drops cancelled events and keeps the pending ones in their order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.boolean()), { maxLength: 60 }),
        (items) => {
          const run = (compact: boolean): [number, number][] => {
            const clock = new VirtualClock(0);
            const ran: [number, number][] = [];
            items.forEach(([at, cancel], i) => {
              const id = clock.at(at, (n: number) => ran.push([clock.nowMs, n]), i);
              if (cancel) clock.cancel(id);
            });
            if (compact) clock.compact();
            clock.runUntil(2000);
            return ran;
          };
          expect(run(true)).toEqual(run(false));
        },
      ),
    );
  });

  it("moving a pending event runs everything as cancelling it and scheduling anew would", () => {
    // A script of schedules, cancels and moves of a few named events, run on two clocks.
    const op = fc.tuple(fc.constantFrom("at", "move", "cancel", "advance"), fc.nat(4), fc.nat(300));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
        const moved = new VirtualClock(0);
        const redone = new VirtualClock(0);
        const ranMoved: string[] = [];
        const ranRedone: string[] = [];
        const idsMoved = new Map<number, number>();
        const idsRedone = new Map<number, number>();
        ops.forEach(([kind, name, ms], i) => {
          const label = `${name}#${i}`;
          if (kind === "advance") {
            moved.advance(ms);
            redone.advance(ms);
          } else if (kind === "cancel") {
            moved.cancel(idsMoved.get(name));
            redone.cancel(idsRedone.get(name));
          } else if (kind === "at") {
            idsMoved.set(
              name,
              moved.after(ms, () => ranMoved.push(`${moved.nowMs} ${label}`)),
            );
            idsRedone.set(
              name,
              redone.after(ms, () => ranRedone.push(`${redone.nowMs} ${label}`)),
            );
          } else {
            const run = (): number => ranMoved.push(`${moved.nowMs} ${label}`);
            idsMoved.set(name, moved.reschedule(idsMoved.get(name), moved.nowMs + ms, run));
            redone.cancel(idsRedone.get(name));
            idsRedone.set(
              name,
              redone.after(ms, () => ranRedone.push(`${redone.nowMs} ${label}`)),
            );
          }
        });
        moved.advance(10_000);
        redone.advance(10_000);
        expect(ranMoved).toEqual(ranRedone);
      }),
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
