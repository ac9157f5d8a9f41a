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

  it("a keyed event moved or cancelled runs everything as cancelling it and scheduling anew would", () => {
    // A script of a few named timers (keyed: restart, cancel, cancel all) among unkeyed events,
    // run on two clocks: one finds each timer's event by its name, the other keeps ids.
    const op = fc.tuple(
      fc.constantFrom("at", "restart", "cancel", "cancel-all", "advance"),
      fc.nat(4),
      fc.nat(300),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
        const keyed = new VirtualClock(0);
        const redone = new VirtualClock(0);
        const ranKeyed: string[] = [];
        const ranRedone: string[] = [];
        const ids = new Map<string, number>();
        const names = ["a", "b", "c", "d", "e"];
        const fire = (name: string): number => ranKeyed.push(`${keyed.nowMs} ${name}`);
        ops.forEach(([kind, n, ms], i) => {
          const name = names[n] ?? "a";
          if (kind === "advance") {
            keyed.advance(ms);
            redone.advance(ms);
          } else if (kind === "at") {
            const tag = `plain#${i}`;
            keyed.after(ms, () => ranKeyed.push(`${keyed.nowMs} ${tag}`));
            redone.after(ms, () => ranRedone.push(`${redone.nowMs} ${tag}`));
          } else if (kind === "restart") {
            keyed.rescheduleKeyed(name, keyed.nowMs + ms, fire);
            redone.cancel(ids.get(name));
            ids.set(
              name,
              redone.after(ms, () => ranRedone.push(`${redone.nowMs} ${name}`)),
            );
          } else if (kind === "cancel") {
            keyed.cancelKeyed(name);
            redone.cancel(ids.get(name));
          } else {
            keyed.cancelAllRunning(fire);
            for (const id of ids.values()) redone.cancel(id);
          }
        });
        keyed.advance(10_000);
        redone.advance(10_000);
        expect(ranKeyed).toEqual(ranRedone);
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
