/**
 * Privacy mode ends when the bolt is unlocked by hand (Matter DoorLock §5.2.6.15.3,
 * OperatingModeEnum Privacy: "Manual unlocking changes the mode to Normal operating mode";
 * B-SEC-2: modes that turn the keypad off last "until turned off from inside"). The person
 * inside who turned the thumbturn (or a key) is leaving or letting someone in: the keypad
 * works again, and every controller hears the change as it hears the Program button's.
 * Vacation is not ended this way (the spec says so of Privacy only).
 */
import type { StepContext } from "./step-context.ts";
import { persist, record, reportEvent } from "./step-context.ts";

/** After a manual unlock (key or thumbturn): a lock in privacy mode goes back to normal. */
export function endPrivacyByHand(ctx: StepContext, by: "key" | "thumbturn"): void {
  const p = ctx.s.persistent;
  if (p.mode !== "privacy") return;
  persist(ctx, { ...p, mode: "normal" });
  record(ctx, "mode", by, { detail: "normal" });
  // "keypad" is the radio's word for a change made at the lock rather than over the air.
  reportEvent(ctx, { kind: "mode-changed", source: "keypad", mode: "normal" });
}
