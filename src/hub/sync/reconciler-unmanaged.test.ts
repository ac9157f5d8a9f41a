/**
 * The reconciler's plan for a lock a person took off the hub's care (docs/hub.md, "Taking a
 * lock off the hub's care"): every code it may hold is deleted while it can be reached, a
 * refused delete is tried a few times, and a lock that cannot be told is sent nothing — its
 * rows end `removed` saying the code may still be in its slot. Nothing is ever set on it.
 */
import { describe, expect, it } from "vitest";
import type { AccessCode, LockCodeState } from "../model.ts";
import { applyResult, reconcileLock, UNMANAGED_DELETE_ATTEMPTS } from "./reconciler.ts";
import type { ReportedLock } from "./reconciler.ts";

const T0 = Date.UTC(2026, 11, 8, 9);

const code = (id: string): AccessCode => ({
  id,
  name: id,
  code: "583920",
  generated: false,
  personId: null,
  commonCodeKey: null,
  siteId: "s",
  lockIds: ["front", "back"],
  startsAtMs: null,
  endsAtMs: null,
  weekly: null,
  maxUses: null,
  usesCount: 0,
  leadTimeMs: 0,
  createdAtMs: T0,
  deletedAtMs: null,
  warnings: [],
});

const row = (id: string, patch: Partial<LockCodeState>): LockCodeState => ({
  accessCodeId: id,
  lockId: "front",
  slot: null,
  status: "setting",
  errors: [],
  warnings: [],
  attempts: 0,
  nextAttemptAtMs: null,
  appliedKey: null,
  changeSeq: Number(id.slice(1)),
  updatedAtMs: T0,
  ...patch,
});

const lock = (patch: Partial<ReportedLock>): ReportedLock => ({
  lockId: "front",
  online: true,
  paired: true,
  capacity: 30,
  unmanagedSlots: [],
  timeZone: "UTC",
  unmanaged: true,
  ...patch,
});

const codes = new Map(["c1", "c2", "c3"].map((id) => [id, code(id)]));
const rows = [
  row("c1", { slot: 3, status: "set", appliedKey: "k" }),
  row("c2", {
    status: "failed",
    errors: [{ code: "code.conflict", message: "first 4 digits match slot 9" }],
  }),
  row("c3", { slot: 5, status: "setting" }),
];

describe("a lock taken off the hub's care", () => {
  it("B-NET-2: reachable, every code in a slot is deleted (never set), and one that never reached it is removed at once", () => {
    const plan = reconcileLock(lock({}), codes, rows, T0);
    expect(plan.commands.map((c) => c.command)).toEqual([
      { type: "deleteCode", slot: 3 },
      { type: "deleteCode", slot: 5 },
    ]);
    expect(plan.states.map((s) => [s.accessCodeId, s.status, s.slot])).toEqual([
      ["c1", "removing", 3],
      ["c2", "removed", null],
      ["c3", "removing", 5],
    ]);
    const done = applyResult(plan.states[0]!, plan.commands[0]!, { ok: true }, T0);
    expect([done.status, done.slot, done.warnings]).toEqual(["removed", null, []]);
  });

  it("B-NET-1, B-NET-2: away, unpaired or deleted by the host, nothing is sent and each code in a slot ends removed with lock.unmanaged-unreached naming it", () => {
    for (const reach of [{ online: false }, { paired: false }, { removed: true }] as const) {
      const plan = reconcileLock(lock(reach), codes, rows, T0);
      expect(plan.commands).toEqual([]);
      expect(plan.nextDueAtMs).toBeNull();
      expect(plan.states.map((s) => [s.status, s.slot, s.warnings.map((w) => w.code)])).toEqual([
        ["removed", null, ["lock.unmanaged-unreached"]],
        ["removed", null, []],
        ["removed", null, ["lock.unmanaged-unreached"]],
      ]);
      expect(plan.states[0]!.warnings[0]!.message).toContain("slot 3");
    }
  });

  it("B-NET-2: a delete the lock keeps refusing is retried with backoff, then left removed saying so", () => {
    let state = row("c1", { slot: 3, status: "set", appliedKey: "k" });
    let at = T0;
    for (let attempt = 1; attempt <= UNMANAGED_DELETE_ATTEMPTS; attempt++) {
      const plan = reconcileLock(lock({}), codes, [state], at);
      expect(plan.commands).toHaveLength(1);
      state = applyResult(
        plan.states[0]!,
        plan.commands[0]!,
        { ok: false, code: "lock.busy", reason: "busy" },
        at,
      );
      expect([state.status, state.attempts]).toEqual(["removing", attempt]);
      at = state.nextAttemptAtMs!;
      if (attempt === UNMANAGED_DELETE_ATTEMPTS) break;
      // Waiting for the backoff: nothing sent, due when it ends.
      const waiting = reconcileLock(lock({}), codes, [state], at - 1);
      expect(waiting.commands).toEqual([]);
      expect(waiting.nextDueAtMs).toBe(at);
    }
    const last = reconcileLock(lock({}), codes, [state], at);
    expect(last.commands).toEqual([]);
    expect(last.states[0]).toMatchObject({
      status: "removed",
      slot: null,
      warnings: [{ code: "lock.unmanaged-unreached" }],
    });
    expect(last.states[0]!.warnings[0]!.message).toContain(`refused ${UNMANAGED_DELETE_ATTEMPTS} deletes`);
  });

  it("a code already off the lock is left as it is (the plan changes nothing)", () => {
    const gone = row("c1", { status: "removed" });
    expect(reconcileLock(lock({}), codes, [gone], T0).states).toEqual([gone]);
  });
});
