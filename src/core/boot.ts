/**
 * Power-up (B-PWR-7) and what a person does by holding a key while the pack goes in:
 * door handing (B-SET-3, the 910's Lock hold) and factory reset (B-RST-2 and its
 * per-model confirmations, B-FB-4). Also the reset hole (B-RST-3).
 */
import type { CoreEvent } from "./events.ts";
import type { BootHold } from "./profile-types.ts";
import type { StepContext } from "./step-context.ts";
import { cancelTimer, emitSignal, persist, record, reportEvent, signal, startTimer } from "./step-context.ts";
import { NO_TIMERS, factoryPersistentState } from "./factory-state.ts";
import { reportedFrom, startHanding } from "./bolt-control.ts";
import { batteryCheckIntervalMs, levelFor } from "./battery-monitor.ts";
import { packPercent } from "./pack-charge.ts";
import { cancelAutoLock } from "./auto-lock.ts";
import { isDeviceSecret } from "./security/device-secret.ts";

/** The pack went in: persistent state from the store, everything transient cleared. */
export function powerUp(ctx: StepContext, e: Extract<CoreEvent, { type: "power.up" }>): void {
  const s = ctx.s;
  s.powered = true;
  const made = e.stored === null;
  if (e.stored !== null) s.persistent = e.stored;
  else {
    // Nothing stored: the lock is made now (or remade: its memory was lost, and the codes
    // keyed by the old secret with it). Its new secret is committed at once (B-SEC-7).
    if (!isDeviceSecret(e.freshSecret)) {
      throw new Error("power.up on an empty store needs a freshSecret from the Entropy port");
    }
    persist(ctx, factoryPersistentState(ctx.profile, e.freshSecret));
  }
  s.entry = null;
  s.session = null;
  s.wrongCount = 0;
  s.wrongTimesMs = [];
  s.lockedOutUntilMs = null; // B-PWR-7: pulling the pack clears a running lockout
  s.programHeldSinceMs = e.heldKeys.includes("program") ? ctx.now : null;
  s.resetHeldSinceMs = null;
  s.boot = null;
  s.boltPosition = e.boltPosition;
  s.run = null;
  s.handing = null;
  s.batteryRestV = e.restV;
  s.batteryMeasuredMs = ctx.now;
  s.batteryMinLoadV = null;
  s.sourceOhm = null;
  s.sourceLearnedMs = null;
  s.temperatureC = e.temperatureC ?? null;
  s.lastRun = null;
  s.battery = levelFor(ctx.profile, e.restV);
  // B-PWR-2, B-NET-2: a pack that goes in already low or critical is told to the app as one
  // that falls there is (else a weak pack put in never reaches the app); not again after a
  // brown-out, which would repeat it at every sag.
  if (s.battery !== "ok" && e.resetCause !== "brown-out")
    reportEvent(ctx, {
      kind: s.battery === "low" ? "battery-low" : "battery-critical",
      percent: packPercent(e.restV),
    });
  s.doorClosed = e.doorClosed ?? null;
  s.autoLockWaiting = false;
  s.pairingUntilMs = null;
  s.timers = NO_TIMERS;
  s.reported = reportedFrom(s);
  startTimer(ctx, "batteryCheck", batteryCheckIntervalMs(ctx.profile, e.restV));
  record(ctx, "power-up", "system", {
    detail: `pack ${e.restV.toFixed(2)} V${e.resetCause === "brown-out" ? ", after a brown-out" : ""}${made ? ", nothing stored: starts as from the factory" : ""}`,
  });
  if (e.resetCause === "brown-out") persist(ctx, { ...s.persistent, brownOuts: s.persistent.brownOuts + 1 });
  const held = e.heldKeys.includes("program") ? "program" : e.heldKeys.includes("lock") ? "lock" : null;
  const holds = held === null ? [] : holdsFor(ctx, held);
  const first = holds[0];
  if (held !== null && first) {
    s.boot = { poweredUpMs: ctx.now, key: held, held: true, reached: -1, awaitingPress: -1 };
    startTimer(ctx, "bootHold", first.hold.holdMs);
  }
}

function holdsFor(ctx: StepContext, key: "program" | "lock"): { hold: BootHold; index: number }[] {
  return ctx.profile.boot
    .map((hold, index) => ({ hold, index }))
    .filter((h) => h.hold.key === key)
    .sort((a, b) => a.hold.holdMs - b.hold.holdMs);
}

/** The bootHold timer: the held key reached the next hold time. */
export function bootHoldReached(ctx: StepContext): void {
  const boot = ctx.s.boot;
  if (!boot || !boot.held) return;
  const heldMs = ctx.now - boot.poweredUpMs;
  const holds = holdsFor(ctx, boot.key);
  const reached = holds.filter((h) => h.hold.holdMs <= heldMs).pop();
  if (!reached) return;
  ctx.s.boot = { ...boot, reached: reached.index };
  emitSignal(ctx, reached.hold.signalAtHold);
  if (reached.hold.complete === "at-hold") {
    ctx.s.boot = null;
    perform(ctx, reached.hold);
    return;
  }
  const later = holds.find((h) => h.hold.holdMs > heldMs);
  if (later) startTimer(ctx, "bootHold", boot.poweredUpMs + later.hold.holdMs - ctx.now);
}

/** The boot key came up. */
export function bootKeyReleased(ctx: StepContext, key: string): void {
  const boot = ctx.s.boot;
  if (!boot || !boot.held || boot.key !== key) return;
  cancelTimer(ctx, "bootHold");
  // The longest hold reached by now: by its timer, or at once for a hold of 0 ms (seed 001's
  // handing, released the moment the pack is in, before any timer could run).
  const heldMs = ctx.now - boot.poweredUpMs;
  const byTime = holdsFor(ctx, boot.key)
    .filter((h) => h.hold.holdMs <= heldMs)
    .pop();
  const timed = ctx.profile.boot[boot.reached];
  const reached = byTime && (!timed || byTime.hold.holdMs > timed.holdMs) ? byTime.index : boot.reached;
  const hold = ctx.profile.boot[reached];
  if (!hold) {
    ctx.s.boot = null; // released too soon: an ordinary power-up
    return;
  }
  if (hold.complete === "on-release") {
    ctx.s.boot = null;
    perform(ctx, hold);
    return;
  }
  ctx.s.boot = { ...boot, held: false, reached, awaitingPress: reached };
  startTimer(ctx, "bootWindow", hold.windowMs ?? 10_000);
}

/** A Program press: the confirming press of a boot procedure? */
export function onBootProgramPress(ctx: StepContext): boolean {
  const boot = ctx.s.boot;
  if (!boot || boot.awaitingPress < 0) return false;
  const hold = ctx.profile.boot[boot.awaitingPress];
  ctx.s.boot = null;
  cancelTimer(ctx, "bootWindow");
  if (hold) perform(ctx, hold);
  return true;
}

export function bootWindowClosed(ctx: StepContext): void {
  ctx.s.boot = null;
}

function perform(ctx: StepContext, hold: BootHold): void {
  if (hold.then === "refuse") {
    signal(ctx, "refused");
    record(ctx, "refused", "interior", {
      detail: `${hold.source ?? "that"} procedure is not this model's (hold ${hold.key} at power-up)`,
    });
    return;
  }
  if (hold.then === "hand-door") {
    emitSignal(ctx, hold.completeSignal);
    startHanding(ctx);
    return;
  }
  factoryReset(ctx, "interior");
  emitSignal(ctx, hold.completeSignal);
}

/** B-RST-1: codes, programming code, handing, settings and pairing are gone. */
export function factoryReset(ctx: StepContext, source: "interior" | "system"): void {
  const s = ctx.s;
  // B-NET-3: the hub hears it, then the lock leaves the network (nothing is sent after).
  const wasPaired = s.persistent.paired;
  reportEvent(ctx, { kind: "factory-reset", pairingDropped: wasPaired });
  if (wasPaired) reportEvent(ctx, { kind: "unpaired", reason: "factory-reset" });
  s.pairingUntilMs = null;
  // The same lock, its own secret kept: only what it keyed is gone (B-SEC-7).
  persist(ctx, factoryPersistentState(ctx.profile, s.persistent.secret));
  s.entry = null;
  s.session = null;
  s.wrongCount = 0;
  s.wrongTimesMs = [];
  s.lockedOutUntilMs = null;
  cancelTimer(ctx, "lockout");
  cancelTimer(ctx, "sequence");
  cancelTimer(ctx, "entryPause");
  cancelAutoLock(ctx);
  s.reported = reportedFrom(s);
  record(ctx, "factory-reset", source);
}

/** B-RST-3: the reset hole held long enough. */
export function resetHoleHeld(ctx: StepContext): void {
  if (!ctx.profile.resetHole || ctx.s.resetHeldSinceMs === null) return;
  factoryReset(ctx, "interior");
  emitSignal(ctx, ctx.profile.resetHole.signal);
}
