/**
 * Commands over the lock's radio (B-NET-1/2/3/5): remote lock and unlock, codes with a
 * validity window or weekly schedule, modes, settings, pairing. A lock that is not paired
 * answers nothing but a pairing request; the link being down is physical and never
 * reaches the firmware (B-NET-5), so the keypad is never affected.
 */
import type { RadioCommand } from "./radio-types.ts";
import type { StepContext } from "./step-context.ts";
import { persist, record, report } from "./step-context.ts";
import { checkNewCode, withSlot } from "./code-book.ts";
import { requestBolt } from "./bolt-control.ts";
import { cancelAutoLock } from "./auto-lock.ts";

export function onRadioCommand(ctx: StepContext, command: RadioCommand, requestId?: string): void {
  if (ctx.profile.radio === null) return;
  const ok = (): void => report(ctx, { type: "result", ok: true, ...(requestId ? { requestId } : {}) });
  const refuse = (code: string, reason: string): void =>
    report(ctx, { type: "result", ok: false, code, reason, ...(requestId ? { requestId } : {}) });
  const p = ctx.s.persistent;
  if (!p.paired && command.type !== "pair")
    return refuse("radio.unpaired", "the lock is not paired with a hub");
  const capacity = ctx.profile.codes.capacity;
  switch (command.type) {
    case "pair":
      if (p.paired) return refuse("radio.paired", "the lock is already paired");
      persist(ctx, { ...p, paired: true });
      record(ctx, "paired", "remote");
      return ok();
    case "lock":
    case "unlock": {
      const why = requestBolt(ctx, command.type === "lock" ? "extended" : "retracted", "remote");
      return why === null ? ok() : refuse("bolt.refused", why);
    }
    case "setCode": {
      if (!Number.isInteger(command.slot) || command.slot < 1 || command.slot > capacity) {
        return refuse("code.slot", `slot ${command.slot} does not exist (1–${capacity})`);
      }
      const extras = {
        ...(command.validFromMs === undefined ? {} : { validFromMs: command.validFromMs }),
        ...(command.validUntilMs === undefined ? {} : { validUntilMs: command.validUntilMs }),
        ...(command.weekly === undefined ? {} : { weekly: command.weekly }),
      };
      const check = checkNewCode(ctx.profile, p, command.code, "user", command.slot - 1, extras);
      if (!check.ok) return refuse(check.code, check.reason);
      persist(ctx, withSlot(p, command.slot, check.stored));
      record(ctx, "code-added", "remote", { slot: command.slot });
      return ok();
    }
    case "deleteCode":
      if (!Number.isInteger(command.slot) || command.slot < 1 || command.slot > capacity) {
        return refuse("code.slot", `slot ${command.slot} does not exist (1–${capacity})`);
      }
      persist(ctx, withSlot(p, command.slot, null));
      record(ctx, "code-deleted", "remote", { slot: command.slot });
      return ok();
    case "mode":
      persist(ctx, { ...p, mode: command.mode });
      record(ctx, "mode", "remote", { detail: command.mode });
      if (command.mode === "passage") {
        cancelAutoLock(ctx);
        requestBolt(ctx, "retracted", "remote");
      }
      return ok();
    case "settings": {
      const problem = checkSettings(ctx, command.settings);
      if (problem) return refuse("settings.invalid", problem);
      persist(ctx, { ...p, settings: { ...p.settings, ...command.settings } });
      record(ctx, "settings", "remote", { detail: Object.keys(command.settings).join(", ") });
      return ok();
    }
    case "status":
      report(ctx, { type: "bolt", reported: ctx.s.reported });
      return ok();
  }
}

/** Which settings a profile knows, and their allowed values; null when all are fine. */
export function checkSettings(
  ctx: Pick<StepContext, "profile">,
  settings: Readonly<Record<string, number | boolean | string>>,
): string | null {
  for (const [name, value] of Object.entries(settings)) {
    if (!(name in ctx.profile.defaultSettings)) {
      return `${ctx.profile.id} has no setting "${name}" (it has: ${Object.keys(ctx.profile.defaultSettings).join(", ")})`;
    }
    const expected = typeof ctx.profile.defaultSettings[name];
    if (typeof value !== expected) return `setting "${name}" takes a ${expected}`;
    if (name === "autoLockSeconds" && value !== 0) {
      const allowed = ctx.profile.autoLock.allowedSeconds;
      const fine = Array.isArray(allowed)
        ? allowed.includes(value as number)
        : (value as number) >= (allowed as { min: number }).min &&
          (value as number) <= (allowed as { max: number }).max;
      if (!fine) {
        const text = Array.isArray(allowed)
          ? allowed.join(", ")
          : `${(allowed as { min: number }).min}–${(allowed as { max: number }).max}`;
        return `autoLockSeconds is 0 (off) or ${text} (B-BOLT-7)`;
      }
    }
  }
  return null;
}
