/**
 * Programming sequences (BEHAVIOR.md section 5), matched key by key against every
 * procedure of the profile at once. Each live candidate is a position in one procedure's
 * tokens; a key advances, keeps or drops each candidate; the first to finish is done;
 * when none is left the sequence failed (B-FB-2). An unfinished sequence is dropped
 * after the profile's timeout with nothing saved (B-PRG-9).
 */
import type { KeyName } from "./keys.ts";
import { isDigitKey } from "./keys.ts";
import type { Procedure, ProcedureCondition, Token } from "./profile-types.ts";
import type { Signal } from "./signals.ts";
import { isSilent } from "./signals.ts";
import type { Candidate } from "./state.ts";
import type { StepContext } from "./step-context.ts";
import { cancelTimer, emitSignal, startTimer } from "./step-context.ts";
import { isProgrammingCode, normalizeDigits } from "./code-book.ts";
import { runProcedure } from "./procedure-actions.ts";
import { isLockedOut, wrongEntry } from "./lockout.ts";

/** More digits than any code has: the rest is ignored, and the entry can never match. */
const MAX_DIGITS = 12;

type Advance =
  | { readonly kind: "live"; readonly cand: Candidate; readonly signal?: Signal; readonly commit?: boolean }
  | { readonly kind: "done"; readonly cand: Candidate; readonly signal?: Signal }
  | {
      readonly kind: "fail";
      readonly authFailed?: boolean;
      readonly overCapacity?: boolean;
      /** The candidate at the token where the key failed it. */
      readonly at?: Candidate;
    };

function conditionHolds(ctx: StepContext, when: ProcedureCondition): boolean {
  switch (when) {
    case "always":
      return true;
    case "programming-code-set":
      return ctx.s.persistent.programmingCode !== null;
    case "no-programming-code":
      return ctx.s.persistent.programmingCode === null;
    case "programming-switch-on":
      return ctx.s.persistent.settings["programmingSwitch"] === true;
  }
}

function candidatesFor(ctx: StepContext, start: Procedure["start"]["kind"]): Candidate[] {
  const out: Candidate[] = [];
  ctx.profile.procedures.forEach((p, i) => {
    if (p.start.kind === start && conditionHolds(ctx, p.when))
      out.push({ procedure: i, token: 0, presses: 0, digits: "" });
  });
  return out;
}

/** The Program key was pressed with no sequence going: start one. */
export function startWithProgramKey(ctx: StepContext): void {
  const candidates = candidatesFor(ctx, "program-key");
  if (candidates.length === 0) return;
  ctx.s.session = { candidates };
  feedSession(ctx, "program");
}

/** The programming code was entered and confirmed (264/275, B-PRG-7/8). Returns false if no procedure starts that way. */
export function startWithProgrammingCode(ctx: StepContext): boolean {
  const candidates = candidatesFor(ctx, "programming-code");
  if (candidates.length === 0) return false;
  ctx.s.session = { candidates };
  const first = ctx.profile.procedures[candidates[0]?.procedure ?? 0];
  if (first && first.start.kind === "programming-code") emitSignal(ctx, first.start.signal);
  startTimer(ctx, "sequence", ctx.profile.sequenceTimeoutMs);
  return true;
}

/** Program held (910 master code): switch to the hold procedures, if any apply. */
export function startWithProgramHold(ctx: StepContext): void {
  const candidates = candidatesFor(ctx, "hold-program");
  if (candidates.length === 0) return;
  ctx.s.session = { candidates };
  const first = ctx.profile.procedures[candidates[0]?.procedure ?? 0];
  if (first && first.start.kind === "hold-program") emitSignal(ctx, first.start.signal);
  startTimer(ctx, "sequence", ctx.profile.sequenceTimeoutMs);
}

/** Shortest hold time of the profile's hold-started procedures, or null. */
export function programHoldMs(ctx: StepContext): number | null {
  let best: number | null = null;
  for (const p of ctx.profile.procedures) {
    if (p.start.kind === "hold-program" && (best === null || p.start.holdMs < best)) best = p.start.holdMs;
  }
  return best;
}

/** A key while a sequence is going. */
export function feedSession(ctx: StepContext, key: KeyName): void {
  const session = ctx.s.session;
  if (!session) return;
  if (session.refused) {
    // B-CODE-3: more presses past the last slot are the same refused attempt, silently.
    if (key === "program") startTimer(ctx, "sequence", ctx.profile.sequenceTimeoutMs);
    else endSession(ctx);
    return;
  }
  if (session.shadow) {
    feedShadow(ctx, session.shadow, key, session.retryWithProgrammingCode === true);
    return;
  }
  const live: Candidate[] = [];
  let sig: Signal | undefined;
  let authFailed = false;
  let overCapacity = false;
  let furthest: Candidate | undefined;
  let authAt: Candidate | undefined;
  let firstFailed: Procedure | undefined;
  for (const cand of session.candidates) {
    const proc = ctx.profile.procedures[cand.procedure];
    if (!proc) continue;
    const r = advance(ctx, proc, cand, key);
    if (r.kind === "fail") {
      authFailed ||= r.authFailed === true;
      overCapacity ||= r.overCapacity === true;
      firstFailed ??= proc;
      if (r.at && (!furthest || r.at.token > furthest.token)) furthest = r.at;
      if (r.authFailed) authAt ??= r.at;
      continue;
    }
    if (sig === undefined && r.signal && !isSilent(r.signal)) sig = r.signal;
    if (r.kind === "done") {
      emitSignal(ctx, sig);
      endSession(ctx);
      runProcedure(ctx, proc, r.cand);
      return;
    }
    if (r.commit) {
      live.length = 0;
      live.push(r.cand);
      sig = r.signal;
      break;
    }
    live.push(r.cand);
  }
  if (live.length === 0) {
    endSession(ctx);
    if (authFailed) {
      wrongEntry(ctx, "wrong programming code");
      if (authAt && !isLockedOut(ctx)) shadowAfterWrongProgrammingCode(ctx, authAt, key);
    } else emitSignal(ctx, firstFailed?.failure ?? ctx.profile.signals.programFailure);
    if (overCapacity && !authFailed) {
      ctx.s.session = { candidates: [], refused: true };
      startTimer(ctx, "sequence", ctx.profile.sequenceTimeoutMs);
    } else if (!authFailed && furthest && key !== "program") {
      shadowRefusedAttempt(ctx, furthest, key);
    }
    return;
  }
  emitSignal(ctx, sig);
  ctx.s.session = { candidates: live };
  startTimer(ctx, "sequence", ctx.profile.sequenceTimeoutMs);
}

/**
 * B-FB-2: a sequence refused before its end (a code of the wrong length at a `lock` in the
 * middle, a slot number that cannot be) gives its failure signal once. The keys a person types
 * on without a pause to finish the procedure as written belong to that refused attempt: they
 * are followed loosely along the procedure's tokens and swallowed, so they are not a second
 * refusal, nor a wrong code counted toward the lockout (B-SEC-1). The shadow ends at the
 * procedure's last token, after a pause, or at a Program press it does not expect (a new start).
 * A wrong programming code is a wrong entry as before (see shadowAfterWrongProgrammingCode).
 */
function shadowRefusedAttempt(ctx: StepContext, at: Candidate, key: KeyName): void {
  const proc = ctx.profile.procedures[at.procedure];
  if (!proc) return;
  const next = looseStep(proc, at, key);
  if (next === "done" || next === "abandon") return;
  ctx.s.session = { candidates: [], shadow: next };
  startTimer(ctx, "sequence", refusedAttemptPauseMs(ctx));
}

/**
 * B-PRG-3 (Halo, Aura): Program, master code, lock, **Program, new code, lock**. A wrong master
 * code is refused at its `lock` (a wrong entry, as before); the Program, code, lock typed on
 * to finish the procedure are then part of that refused attempt, swallowed — unless the code
 * typed after that Program is the programming code: then the person started over, and it is
 * a new attempt. Only where the procedure goes on with a Program press after the code, so the
 * two can be told apart at the `lock`.
 */
function shadowAfterWrongProgrammingCode(ctx: StepContext, at: Candidate, key: KeyName): void {
  const proc = ctx.profile.procedures[at.procedure];
  if (!proc) return;
  const next = looseStep(proc, at, key);
  if (next === "done" || next === "abandon") return;
  const tok = proc.tokens[next.token];
  if (tok?.t !== "key" || tok.key !== "program") return;
  ctx.s.session = { candidates: [], shadow: next, retryWithProgrammingCode: true };
  startTimer(ctx, "sequence", refusedAttemptPauseMs(ctx));
}

function feedShadow(ctx: StepContext, shadow: Candidate, key: KeyName, retry: boolean): void {
  const proc = ctx.profile.procedures[shadow.procedure];
  if (retry && proc && key !== "program" && !isDigitKey(key)) {
    const tok = proc.tokens[shadow.token];
    const before = proc.tokens[shadow.token - 1];
    if (
      tok?.t === "digits" &&
      before?.t === "key" &&
      before.key === "program" &&
      isProgrammingCode(ctx.profile, ctx.s.persistent, shadow.digits)
    ) {
      // Program, the programming code, lock: the person started over. A new attempt.
      const typed = shadow.digits;
      endSession(ctx);
      startWithProgramKey(ctx);
      for (const d of typed) feedSession(ctx, d as KeyName);
      feedSession(ctx, key);
      return;
    }
  }
  const next = proc ? looseStep(proc, shadow, key) : "done";
  if (next === "abandon") {
    endSession(ctx);
    startWithProgramKey(ctx);
    return;
  }
  if (next === "done") {
    endSession(ctx);
    return;
  }
  ctx.s.session = {
    candidates: [],
    shadow: next,
    ...(retry ? { retryWithProgrammingCode: true as const } : {}),
  };
  startTimer(ctx, "sequence", refusedAttemptPauseMs(ctx));
}

/** The pause that ends a refused attempt: the keypad's entry pause, 2 s on keypads without one. */
function refusedAttemptPauseMs(ctx: StepContext): number {
  return Math.min(ctx.profile.keypad.entryPauseMs || 2_000, ctx.profile.sequenceTimeoutMs);
}

/** One key along a procedure's tokens without checking anything: where a person would be. */
function looseStep(proc: Procedure, start: Candidate, key: KeyName): Candidate | "done" | "abandon" {
  let cand = start;
  const moved = (): Candidate | "done" => {
    const c = { ...cand, token: cand.token + 1 };
    return c.token >= proc.tokens.length ? "done" : c;
  };
  for (;;) {
    const tok: Token | undefined = proc.tokens[cand.token];
    if (!tok) return "done";
    switch (tok.t) {
      case "key":
        if (key === tok.key) return moved();
        return key === "program" ? "abandon" : cand; // a stray key stays in the attempt
      case "digit":
        return key === "program" ? "abandon" : moved();
      case "presses":
        if (key === tok.key) return cand;
        cand = { ...cand, token: cand.token + 1 };
        continue;
      case "slot-number":
      case "digits":
        if (isDigitKey(key))
          return cand.digits.length > MAX_DIGITS ? cand : { ...cand, digits: cand.digits + key };
        cand = { ...cand, token: cand.token + 1, digits: "" };
        continue;
    }
  }
}

export function endSession(ctx: StepContext): void {
  ctx.s.session = null;
  cancelTimer(ctx, "sequence");
}

/** B-PRG-9: nothing saved, no signal. */
export function sequenceTimedOut(ctx: StepContext): void {
  ctx.s.session = null;
}

function advance(ctx: StepContext, proc: Procedure, start: Candidate, key: KeyName): Advance {
  let cand = start;
  // A token that ends on a key it does not consume (digits, presses, slot number) passes
  // the same key on to the next token, so this loops at most once per token.
  for (;;) {
    const tok: Token | undefined = proc.tokens[cand.token];
    if (!tok) return { kind: "fail", at: cand };
    const next = (c: Candidate, signal?: Signal, commit?: boolean): Advance => {
      const moved = { ...c, token: c.token + 1 };
      return moved.token >= proc.tokens.length
        ? { kind: "done", cand: moved, signal }
        : { kind: "live", cand: moved, signal, commit };
    };
    switch (tok.t) {
      case "key":
        return key === tok.key ? next(cand, tok.signal) : { kind: "fail", at: cand };
      case "digit":
        return key === tok.digit ? next(cand, tok.signal, tok.commit) : { kind: "fail", at: cand };
      case "presses":
        if (key === tok.key) {
          const s = cand.presses === 0 ? (tok.firstSignal ?? tok.eachSignal) : tok.eachSignal;
          if (cand.presses + 1 > ctx.profile.codes.capacity) return { kind: "fail", overCapacity: true };
          return { kind: "live", cand: { ...cand, presses: cand.presses + 1 }, signal: s };
        }
        if (cand.presses === 0) return { kind: "fail", at: cand };
        cand = { ...cand, token: cand.token + 1, slot: cand.presses, presses: 0 };
        continue;
      case "slot-number":
        if (isDigitKey(key)) {
          if (cand.digits.length >= tok.maxDigits) return { kind: "fail", at: cand };
          return { kind: "live", cand: { ...cand, digits: cand.digits + key } };
        }
        if (cand.digits.length === 0) return { kind: "fail", at: cand };
        cand = { ...cand, token: cand.token + 1, slot: Number(cand.digits), digits: "" };
        continue;
      case "digits": {
        if (isDigitKey(key)) {
          const digits = cand.digits.length > MAX_DIGITS ? cand.digits : cand.digits + key;
          return { kind: "live", cand: { ...cand, digits } };
        }
        const closed = closeDigits(ctx, tok, cand);
        if (closed.kind === "fail") return { ...closed, at: cand };
        cand = { ...closed.cand, token: cand.token + 1, digits: "" };
        continue;
      }
    }
  }
}

function closeDigits(
  ctx: StepContext,
  tok: Extract<Token, { t: "digits" }>,
  cand: Candidate,
): { kind: "ok"; cand: Candidate } | { kind: "fail"; authFailed?: boolean } {
  const d = cand.digits;
  if (d.length === 0) return { kind: "fail" };
  switch (tok.role) {
    case "new-user":
    case "new-programming": {
      // A code of an impossible length ends this candidate at once, so that a longer
      // procedure sharing its start (the 955's "Program, 2, lock" delete) can go on.
      // The other rules are checked when the procedure finishes, where a failure can say why.
      const c = ctx.profile.codes;
      const [min, max] =
        tok.role === "new-user"
          ? [c.userLengthMin, c.userLengthMax]
          : [c.programmingLengthMin, c.programmingLengthMax];
      if (d.length < min || d.length > max) return { kind: "fail" };
      return { kind: "ok", cand: { ...cand, newCode: d } };
    }
    case "existing":
      return { kind: "ok", cand: { ...cand, newCode: d } };
    case "confirm":
      return cand.newCode !== undefined &&
        normalizeDigits(ctx.profile, d) === normalizeDigits(ctx.profile, cand.newCode)
        ? { kind: "ok", cand }
        : { kind: "fail" };
    case "auth":
      return isProgrammingCode(ctx.profile, ctx.s.persistent, d)
        ? { kind: "ok", cand }
        : { kind: "fail", authFailed: true };
    case "literal":
      return normalizeDigits(ctx.profile, d) === normalizeDigits(ctx.profile, tok.equals ?? "")
        ? { kind: "ok", cand }
        : { kind: "fail" };
  }
}
