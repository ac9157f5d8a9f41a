/**
 * Limited-use codes (B-CODE-1 "temporary codes valid for one use", seed 004 "one-time
 * access"): the lock keeps the count and spends one use each time the code opens it. At 0 the
 * code stays in its slot, opens nothing more (rejected like an expired code, B-CODE-8) and is
 * reported used up, so the hub sees the same table the lock holds.
 */
import type { StepContext } from "./step-context.ts";
import { persist, record, reportEvent } from "./step-context.ts";
import { withSlot } from "./code-book.ts";

/** The code in `slot` was accepted: one use fewer, stored at once (B-PWR-8). */
export function spendUse(ctx: StepContext, slot: number): void {
  const p = ctx.s.persistent;
  const code = p.codes[slot - 1];
  if (!code || code.usesLeft === undefined) return;
  const left = Math.max(0, code.usesLeft - 1);
  persist(ctx, withSlot(p, slot, { ...code, usesLeft: left }));
  if (left > 0) return;
  record(ctx, "code-used-up", "system", { slot, detail: "a limited-use code has no use left" });
  reportEvent(ctx, { kind: "code-used-up", slot });
}
