/**
 * What a finished programming procedure does (BEHAVIOR.md sections 4 and 5): store,
 * delete or replace codes under the code rules, set the programming code, or start the
 * door-handing runs. Every change is committed to the store in one record (B-PWR-8).
 */
import type { Procedure } from "./profile-types.ts";
import type { Candidate, PersistentState } from "./state.ts";
import type { StepContext } from "./step-context.ts";
import { emitSignal, persist, record, reportEvent } from "./step-context.ts";
import { checkNewCode, firstFreeSlot, slotOfCode, withSlot } from "./code-book.ts";
import { startHanding } from "./bolt-control.ts";
import { dropAutoLockWithoutCodes } from "./auto-lock.ts";

export function runProcedure(ctx: StepContext, proc: Procedure, cand: Candidate): void {
  const fail = (why: string): void => {
    emitSignal(ctx, proc.failure ?? ctx.profile.signals.programFailure);
    record(ctx, "refused", "interior", { detail: `${proc.id}: ${why}` });
  };
  const done = (
    next: PersistentState,
    kind: "code-added" | "code-deleted" | "programming-code-set",
    slot?: number,
  ): void => {
    // A code change from inside also ends the lockout escalation and the count (B-SEC-6).
    ctx.s.wrongCount = 0;
    ctx.s.wrongTimesMs = [];
    persist(ctx, { ...next, lockoutLevel: 0 });
    emitSignal(ctx, proc.success);
    record(ctx, kind, "interior", slot === undefined ? {} : { slot });
    reportChanges(ctx, p, next);
    if (kind === "code-deleted") dropAutoLockWithoutCodes(ctx);
  };
  const p = ctx.s.persistent;
  const capacity = ctx.profile.codes.capacity;
  switch (proc.action) {
    case "add-code": {
      const slot = cand.slot ?? firstFreeSlot(p);
      if (slot === 0) return fail(`all ${capacity} slots are used (B-CODE-3)`);
      if (slot < 1 || slot > capacity) return fail(`slot ${slot} does not exist (1–${capacity})`);
      const check = checkNewCode(ctx.profile, p, cand.newCode ?? "", "user", slot - 1);
      if (!check.ok) return fail(check.reason);
      return done(withSlot(p, slot, check.stored), "code-added", slot);
    }
    case "delete-slot": {
      const slot = cand.slot ?? 0;
      if (slot < 1 || slot > capacity) return fail(`slot ${slot} does not exist (1–${capacity})`);
      return done(withSlot(p, slot, null), "code-deleted", slot);
    }
    case "delete-by-code": {
      const slot = slotOfCode(ctx.profile, p, cand.newCode ?? "");
      if (slot === 0) return fail("no user code matches");
      return done(withSlot(p, slot, null), "code-deleted", slot);
    }
    case "delete-all":
      return done({ ...p, codes: p.codes.map(() => null) }, "code-deleted");
    case "set-programming-code": {
      const check = checkNewCode(ctx.profile, p, cand.newCode ?? "", "programming", null);
      if (!check.ok) return fail(check.reason);
      return done({ ...p, programmingCode: check.stored }, "programming-code-set");
    }
    case "hand-door":
      startHanding(ctx);
      return;
  }
}

/**
 * Reports to the hub every change a procedure made at the keypad (B-NET-1: both views stay
 * the same): each slot added, changed or deleted, and a new programming code.
 */
function reportChanges(ctx: StepContext, before: PersistentState, after: PersistentState): void {
  after.codes.forEach((code, i) => {
    const old = before.codes[i] ?? null;
    if (code === old) return;
    const kind = code === null ? "code-deleted" : old === null ? "code-added" : "code-changed";
    reportEvent(ctx, { kind, source: "keypad", slot: i + 1 });
  });
  if (after.programmingCode !== before.programmingCode)
    reportEvent(ctx, { kind: "programming-code-changed", source: "keypad" });
}
