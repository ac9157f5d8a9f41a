/**
 * The keypad outside programming sequences: gathering an entry and ending it
 * (B-CODE-6), one-touch locking, and the interior Program and reset keys. An entry is
 * compared only when it ends — by `lock`, or by a pause on button keypads — never while
 * digits are still coming, so a rolling sweep of digits cannot try every code.
 */
import type { KeyName } from "./keys.ts";
import { isDigitKey } from "./keys.ts";
import { isSilent } from "./signals.ts";
import type { StepContext } from "./step-context.ts";
import { cancelTimer, persist, record, reportEvent, signal, startTimer } from "./step-context.ts";
import { codeIdleDenial, countCodes, matchEntry, normalizeDigits, whyCodeIdle } from "./code-book.ts";
import { spendUse } from "./code-uses.ts";
import { isLockedOut, resetWrongEntries, wrongEntry } from "./lockout.ts";
import { requestBolt } from "./bolt-control.ts";
import {
  endSession,
  feedSession,
  programHoldMs,
  startWithProgramKey,
  startWithProgrammingCode,
} from "./programming-session.ts";
import { onBootProgramPress } from "./boot.ts";

export function onKeyDown(ctx: StepContext, key: KeyName): void {
  const s = ctx.s;
  if (key === "program") {
    s.programHeldSinceMs = ctx.now;
    if (onBootProgramPress(ctx)) return;
    if (!s.session && endKeypadModeFromInside(ctx)) return;
    const holdMs = programHoldMs(ctx);
    if (holdMs !== null) startTimer(ctx, "holdProgram", holdMs);
    // A half-typed exterior entry is dropped when someone starts programming inside.
    s.entry = null;
    cancelTimer(ctx, "entryPause");
    if (s.session) feedSession(ctx, "program");
    else startWithProgramKey(ctx);
    return;
  }
  if (key === "reset") {
    if (!ctx.profile.resetHole) return;
    s.resetHeldSinceMs = ctx.now;
    startTimer(ctx, "holdReset", ctx.profile.resetHole.holdMs);
    return;
  }
  if (s.boot?.held) return; // keys held at power-up belong to the boot procedure
  if (isLockedOut(ctx)) return; // B-SEC-1: all input ignored, silently
  // A refused attempt (B-CODE-3) swallows only Program presses: this key is the person's next.
  if (s.session?.refused) endSession(ctx);
  if (s.session) {
    feedSession(ctx, key);
    return;
  }
  if (isDigitKey(key)) {
    const max = Math.max(ctx.profile.codes.userLengthMax, ctx.profile.codes.programmingLengthMax);
    const entry = s.entry ?? "";
    // Past the longest code the entry can match nothing; keep it one digit too long.
    s.entry = entry.length > max ? entry : entry + normalizeDigits(ctx.profile, key);
    if (ctx.profile.keypad.entryEnds === "lock-or-pause")
      startTimer(ctx, "entryPause", ctx.profile.keypad.entryPauseMs);
    else startTimer(ctx, "sequence", ctx.profile.sequenceTimeoutMs);
    return;
  }
  if (key === "lock") {
    if (s.entry !== null) endEntry(ctx, "lock");
    else oneTouchLock(ctx);
  }
}

export function onKeyUp(ctx: StepContext, key: KeyName): void {
  if (key === "program") {
    ctx.s.programHeldSinceMs = null;
    cancelTimer(ctx, "holdProgram");
  } else if (key === "reset") {
    ctx.s.resetHeldSinceMs = null;
    cancelTimer(ctx, "holdReset");
  }
}

/** The entry pause passed (button keypads) — the entry ends. */
export function entryPaused(ctx: StepContext): void {
  if (ctx.s.entry !== null) endEntry(ctx, "pause");
}

/** An entry on a lock-to-confirm keypad was never confirmed: dropped, nothing counted. */
export function entryAbandoned(ctx: StepContext): void {
  ctx.s.entry = null;
}

function endEntry(ctx: StepContext, endedBy: "lock" | "pause"): void {
  const s = ctx.s;
  const typed = s.entry ?? "";
  s.entry = null;
  cancelTimer(ctx, "entryPause");
  cancelTimer(ctx, "sequence");
  const p = s.persistent;
  const match = matchEntry(ctx.profile, p, typed, ctx.now);
  if (match.kind === "programming") {
    // B-SEC-3: the programming code never unlocks; on some models it opens the menu.
    if (endedBy === "lock" && startWithProgrammingCode(ctx)) return;
    signal(ctx, "refused");
    record(ctx, "refused", "keypad", { detail: "the programming code never unlocks (B-SEC-3)" });
    return;
  }
  if (countCodes(p) === 0) {
    // The 910 answers any keypad use with its no-codes alert (red ×3 + 3 beeps). On the guide
    // models B-SET-7 silences only the lock button: a code typed with none stored — the last
    // one deleted, say — is rejected like a wrong code (B-CODE-8), so the person sees an answer
    // and a powered lock never looks dead (B-FB-3).
    if (isSilent(ctx.profile.signals.noCodes)) wrongEntry(ctx, "no user code is stored");
    else signal(ctx, "noCodes");
    return;
  }
  if (p.mode === "vacation" || p.mode === "privacy") {
    signal(ctx, "keypadDisabled");
    record(ctx, "refused", "keypad", { detail: `keypad codes are off in ${p.mode} mode (B-SEC-2)` });
    return;
  }
  const stored = match.kind === "user" ? p.codes[match.slot - 1] : null;
  const denial = match.kind === "user" && stored ? codeIdleDenial(stored) : null;
  if (match.kind === "user" && stored && denial !== null) {
    // B-CODE-1: a used-up or switched-off code is rejected like an expired one (B-CODE-8); the
    // report names its slot (not its digits), so a controller can say whose it was.
    wrongEntry(ctx, whyCodeIdle(stored, match.slot) ?? denial, "keypad", { slot: match.slot, denial });
    return;
  }
  if (match.kind === "user" && match.inWindow) {
    resetWrongEntries(ctx);
    if (requestBolt(ctx, "retracted", "keypad", match.slot) === null) {
      signal(ctx, "codeAccepted");
      spendUse(ctx, match.slot);
    }
    return;
  }
  if (match.kind === "user")
    wrongEntry(ctx, `slot ${match.slot} is outside its window (B-CODE-8)`, "keypad", {
      slot: match.slot,
      denial: "outside-window",
    });
  else wrongEntry(ctx, "wrong code");
}

/**
 * B-SEC-2: vacation (or privacy) mode disables keypad codes "until turned off from inside or
 * from the app". From inside is the Program button: one press, with no sequence going, puts
 * the lock back in normal mode (success signal, history, reported to every controller as the
 * app's change is) and does nothing else, so a lock whose radio is out of reach is never stuck
 * with its codes off. The next press starts programming as usual.
 */
function endKeypadModeFromInside(ctx: StepContext): boolean {
  const p = ctx.s.persistent;
  if (p.mode !== "vacation" && p.mode !== "privacy") return false;
  persist(ctx, { ...p, mode: "normal" });
  record(ctx, "mode", "interior", { detail: "normal" });
  reportEvent(ctx, { kind: "mode-changed", source: "keypad", mode: "normal" });
  signal(ctx, "programSuccess");
  return true;
}

/** `lock` with no digits pending (B-CODE-6): one-touch locking. */
function oneTouchLock(ctx: StepContext): void {
  if (countCodes(ctx.s.persistent) === 0) {
    signal(ctx, "noCodes"); // B-SET-7: silent on the guide models
    return;
  }
  if (ctx.s.persistent.mode === "passage") {
    signal(ctx, "refused");
    return;
  }
  if (requestBolt(ctx, "extended", "one-touch") === null) signal(ctx, "oneTouchLock");
}
