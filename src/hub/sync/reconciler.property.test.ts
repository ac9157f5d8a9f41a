/**
 * Property tests on the pure reconciler (issue 10, proof 1): for random changes, offline and
 * online flips, refusals and crashes between a send and its record, every lock ends with
 * exactly the desired codes or an error saying why, no code sits in two slots, and no code is
 * ever usable on a lock outside its window.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { AccessCode, LockCodeState } from "../model.ts";
import { applyResult, codePhase, reconcileLock } from "./reconciler.ts";
import { FakeLock } from "../fake-lock-source.test-fake.ts";

const T0 = Date.UTC(2026, 11, 7, 9);
const HOUR = 3_600_000;

type Action =
  | { type: "create"; digits: string; locks: number[]; startH: number | null; lenH: number | null }
  | { type: "delete"; index: number }
  | { type: "advance"; hours: number }
  | { type: "flip"; lock: number }
  | { type: "refuse"; lock: number; code: string }
  | { type: "crash" }
  | { type: "sync" };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    type: fc.constant("create" as const),
    // a small pool of digits, so first-four clashes happen
    digits: fc.constantFrom("583920", "583911", "619274", "730485", "730400", "864213"),
    locks: fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 3 }),
    startH: fc.option(fc.integer({ min: -5, max: 60 })),
    lenH: fc.option(fc.integer({ min: 1, max: 48 })),
  }),
  fc.record({ type: fc.constant("delete" as const), index: fc.nat(20) }),
  fc.record({ type: fc.constant("advance" as const), hours: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ type: fc.constant("flip" as const), lock: fc.integer({ min: 0, max: 2 }) }),
  fc.record({
    type: fc.constant("refuse" as const),
    lock: fc.integer({ min: 0, max: 2 }),
    code: fc.constantFrom("lock.busy", "lock.timeout"),
  }),
  fc.record({ type: fc.constant("crash" as const) }),
  fc.record({ type: fc.constant("sync" as const) }),
);

class World {
  now = T0;
  locks = ["a", "b", "c"].map((id) => new FakeLock(id, 6, 4, 8, () => this.now));
  codes = new Map<string, AccessCode>();
  rows = new Map<string, LockCodeState>(); // key lockId|codeId
  seq = 0;
  crashNext = false;

  create(a: Extract<Action, { type: "create" }>): void {
    const id = `c${this.codes.size}`;
    const startsAtMs = a.startH === null ? null : this.now + a.startH * HOUR;
    const endsAtMs = a.lenH === null ? null : (startsAtMs ?? this.now) + a.lenH * HOUR;
    const lockIds = a.locks.map((i) => this.locks[i]!.lockId);
    this.codes.set(id, {
      id,
      name: id,
      code: a.digits,
      generated: false,
      personId: null,
      commonCodeKey: null,
      siteId: "s",
      lockIds,
      startsAtMs,
      endsAtMs,
      weekly: null,
      maxUses: null,
      usesCount: 0,
      leadTimeMs: 6 * HOUR,
      createdAtMs: this.now,
      deletedAtMs: null,
      warnings: [],
    });
    for (const lockId of lockIds) {
      this.rows.set(`${lockId}|${id}`, {
        accessCodeId: id,
        lockId,
        slot: null,
        status: "setting",
        errors: [],
        warnings: [],
        attempts: 0,
        nextAttemptAtMs: null,
        appliedKey: null,
        changeSeq: ++this.seq,
        updatedAtMs: this.now,
      });
    }
  }

  delete(index: number): void {
    const code = [...this.codes.values()][index];
    if (!code || code.deletedAtMs !== null) return;
    this.codes.set(code.id, { ...code, deletedAtMs: this.now });
    for (const [k, r] of this.rows)
      if (r.accessCodeId === code.id)
        this.rows.set(k, { ...r, changeSeq: ++this.seq, attempts: 0, nextAttemptAtMs: null });
  }

  async sync(): Promise<void> {
    for (const lock of this.locks) {
      const rows = [...this.rows.values()].filter(
        (r) => r.lockId === lock.lockId && !(r.status === "removed" && r.slot === null),
      );
      const plan = reconcileLock(
        {
          lockId: lock.lockId,
          online: lock.online,
          paired: lock.paired,
          capacity: lock.capacity,
          unmanagedSlots: [],
          timeZone: "UTC",
        },
        this.codes,
        rows,
        this.now,
      );
      for (const s of plan.states) this.rows.set(`${lock.lockId}|${s.accessCodeId}`, s); // persisted before sending
      for (const p of plan.commands) {
        const key = `${lock.lockId}|${p.accessCodeId}`;
        const result = await lock.send(p.command);
        if (this.crashNext) {
          this.crashNext = false; // the hub died after the lock answered: the answer is lost
          return;
        }
        const next = applyResult(this.rows.get(key)!, p, result, this.now);
        this.rows.set(key, next);
        if (!result.ok && next.status !== "failed") break;
      }
    }
  }

  /** B-CODE-8: whatever the lock would open right now belongs to a code whose window holds now. */
  checkNothingOutsideWindow(): void {
    for (const lock of this.locks) {
      const seen = new Set<string>();
      for (const slot of lock.slots) {
        if (!slot) continue;
        expect(seen.has(slot.code), `${slot.code} twice on ${lock.lockId}`).toBe(false);
        seen.add(slot.code);
        if (!lock.opens(slot.code, this.now)) continue;
        const owners = [...this.codes.values()].filter(
          (c) => c.code === slot.code && c.lockIds.includes(lock.lockId),
        );
        const inside = owners.some(
          (c) =>
            (c.startsAtMs === null || this.now >= c.startsAtMs) &&
            (c.endsAtMs === null || this.now < c.endsAtMs),
        );
        // A deleted code can linger only on a lock that has been away since (it cannot be told).
        const lingering = owners.some((c) => c.deletedAtMs !== null);
        expect(inside || lingering, `${slot.code} opens ${lock.lockId} outside its window`).toBe(true);
      }
    }
  }

  /** Once every lock is back and the hub has caught up: exactly the desired codes, or an error. */
  checkConverged(): void {
    for (const lock of this.locks) {
      const onLock = new Set(lock.codes());
      for (const r of this.rows.values()) {
        if (r.lockId !== lock.lockId) continue;
        const code = this.codes.get(r.accessCodeId)!;
        const phase = codePhase(code, this.now);
        if (phase === "active") {
          if (r.status === "failed") expect(r.errors.length).toBeGreaterThan(0);
          else {
            expect(r.status, `${code.code} on ${lock.lockId}`).toBe("set");
            expect(onLock.has(code.code)).toBe(true);
          }
        } else if (phase === "after") {
          expect(r.status).toBe("removed");
        }
      }
      for (const digits of onLock) {
        const wanted = [...this.rows.values()].some(
          (r) =>
            r.lockId === lock.lockId && r.status === "set" && this.codes.get(r.accessCodeId)!.code === digits,
        );
        expect(wanted, `${digits} left on ${lock.lockId}`).toBe(true);
      }
    }
  }
}

describe("reconciler properties", () => {
  it("B-CODE-8: random changes, outages, refusals and crashes: converges to the desired codes, never usable outside a window", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 40 }), async (actions) => {
        const w = new World();
        for (const a of actions) {
          switch (a.type) {
            case "create":
              w.create(a);
              break;
            case "delete":
              w.delete(a.index);
              break;
            case "advance":
              w.now += a.hours * HOUR;
              break;
            case "flip":
              w.locks[a.lock]!.online = !w.locks[a.lock]!.online;
              break;
            case "refuse":
              w.locks[a.lock]!.refuseNext.push({ code: a.code, reason: "busy" });
              break;
            case "crash":
              w.crashNext = true;
              break;
            case "sync":
              await w.sync();
              break;
          }
          w.checkNothingOutsideWindow();
        }
        for (const l of w.locks) {
          l.online = true;
          l.refuseNext = [];
        }
        w.crashNext = false;
        for (let i = 0; i < 12; i++) {
          await w.sync();
          w.now += 11 * 60_000; // past every backoff
          await w.sync();
        }
        w.checkNothingOutsideWindow();
        w.checkConverged();
      }),
      { numRuns: 150 },
    );
  });

  it("B-NET-1: on a lock the host deleted, whatever the rows said, nothing is sent, nothing reads set, removing or holds a slot, and every code still wanted says lock.removed", () => {
    const statuses = ["setting", "set", "removing", "removed", "failed"] as const;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            status: fc.constantFrom(...statuses),
            slot: fc.option(fc.integer({ min: 1, max: 30 })),
            deleted: fc.boolean(),
            endH: fc.option(fc.integer({ min: -48, max: 48 })),
          }),
          { maxLength: 12 },
        ),
        (specs) => {
          const codes = new Map<string, AccessCode>();
          const rows = specs.map((x, i): LockCodeState => {
            const id = `c${i}`;
            codes.set(id, {
              id,
              name: id,
              code: "583920",
              generated: false,
              personId: null,
              commonCodeKey: null,
              siteId: "s",
              lockIds: ["a"],
              startsAtMs: null,
              endsAtMs: x.endH === null ? null : T0 + x.endH * HOUR,
              weekly: null,
              maxUses: null,
              usesCount: 0,
              leadTimeMs: HOUR,
              createdAtMs: T0 - 100 * HOUR,
              deletedAtMs: x.deleted ? T0 - HOUR : null,
              warnings: [],
            });
            return {
              accessCodeId: id,
              lockId: "a",
              slot: x.slot,
              status: x.status,
              errors: [],
              warnings: [],
              attempts: 2,
              nextAttemptAtMs: T0 + HOUR,
              appliedKey: x.status === "set" ? "k" : null,
              changeSeq: i,
              updatedAtMs: T0 - HOUR,
            };
          });
          const lock = {
            lockId: "a",
            online: true,
            paired: true,
            capacity: 30,
            unmanagedSlots: [],
            timeZone: "UTC",
          };
          const plan = reconcileLock({ ...lock, removed: true }, codes, rows, T0);
          expect(plan.commands).toEqual([]);
          expect(plan.states).toHaveLength(rows.length);
          for (const st of plan.states) {
            expect(st.slot).toBeNull();
            expect(st.appliedKey).toBeNull();
            const wanted = codePhase(codes.get(st.accessCodeId)!, T0) !== "after";
            expect(st.status).toBe(wanted ? "setting" : "removed");
            expect(st.errors.map((e) => e.code)).toEqual(wanted ? ["lock.removed"] : []);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
