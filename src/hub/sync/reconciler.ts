/**
 * The pure heart of sync: `(desired, reported, now) → { commands, states }` for one lock.
 * The hub holds the desired state (access codes); the lock's reported state is what it
 * acknowledged (each row's slot and `appliedKey`), its link status and the slots it holds
 * that the hub did not fill. A row is `set` only after the lock said ok to exactly this code,
 * slot and window (never on send); commands come out in the order the changes were made.
 */
import type { AccessCode, Issue, LockCodeState } from "../model.ts";
import type { HubRadioCommand } from "../host-port.ts";
import { toLockWeekly } from "../site-time.ts";
import { siteTime } from "../alert-words.ts";

/** What the hub knows of the lock right now. */
export interface ReportedLock {
  readonly lockId: string;
  readonly online: boolean;
  readonly paired: boolean;
  readonly capacity: number;
  /** Slots holding codes the hub did not put there (keypad codes): never overwritten. */
  readonly unmanagedSlots: readonly number[];
  /** The site's time zone (weekly hours are in it). */
  readonly timeZone: string;
  /**
   * The host deleted the lock: it holds nothing, so no code is `set` or `removing` on it and
   * nothing is sent; a code still wanted waits, slotless, for a lock made again under the id.
   */
  readonly removed?: boolean;
  /**
   * A person took the lock off the hub's care: every code the hub holds on it leaves — deleted
   * while the lock can be reached, else `removed` with nothing sent and a warning that it may
   * still be in its slot (the hub will not come back for it).
   */
  readonly unmanaged?: boolean;
}

/** Failed deletes in a row after which a lock taken off the hub's care is left as it is. */
export const UNMANAGED_DELETE_ATTEMPTS = 3;

export type CodePhase = "before" | "active" | "after";

/** Where a code is in its life at `nowMs`: before its lead time, wanted on the lock, or done. */
export function codePhase(code: AccessCode, nowMs: number): CodePhase {
  if (code.deletedAtMs !== null) return "after";
  if (code.maxUses !== null && code.usesCount >= code.maxUses) return "after";
  if (code.endsAtMs !== null && nowMs >= code.endsAtMs) return "after";
  if (code.startsAtMs !== null && nowMs < code.startsAtMs - code.leadTimeMs) return "before";
  return "active";
}

export interface PlannedCommand {
  readonly accessCodeId: string;
  readonly command: Extract<HubRadioCommand, { type: "setCode" | "deleteCode" }>;
  /** Fingerprint of what the lock will hold once it says ok (setCode only). */
  readonly key: string | null;
}

export interface Reconciliation {
  /** Every row's state after planning (persist these before sending anything). */
  readonly states: readonly LockCodeState[];
  /** Commands in the order to send them (by change order). */
  readonly commands: readonly PlannedCommand[];
  /** When this lock next needs a look even if nothing changes (a window opens or ends, a retry). */
  readonly nextDueAtMs: number | null;
}

/** Refusals that will not go away by trying again with the same code. */
const PERMANENT = new Set([
  "code.conflict",
  "code.duplicate-prefix",
  "code.length",
  "code.digits",
  "code.slot",
  "code.capacity",
]);

/** Backoff after `attempts` failed sends: 5 s doubling to at most 10 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 600_000);
}

/** What the lock will be told for this code at `nowMs`: the setCode and its fingerprint. */
export function lockCommandFor(
  code: AccessCode,
  slot: number,
  timeZone: string,
  nowMs: number,
): { command: Extract<HubRadioCommand, { type: "setCode" }>; key: string; warnings: Issue[] } {
  const warnings: Issue[] = [];
  let weekly: { dayMask: number; fromMinute: number; untilMinute: number } | undefined;
  if (code.weekly) {
    const w = toLockWeekly(code.weekly, timeZone, nowMs);
    weekly = w.window;
    if (w.approximated) {
      warnings.push({
        code: "code.schedule-narrowed",
        message: "the hours cross the lock's midnight; the lock holds the larger part only, never more",
      });
    }
  }
  const uses = code.maxUses === null ? undefined : Math.max(0, code.maxUses - code.usesCount);
  const command = {
    type: "setCode" as const,
    slot,
    code: code.code,
    ...(code.startsAtMs === null ? {} : { validFromMs: code.startsAtMs }),
    ...(code.endsAtMs === null ? {} : { validUntilMs: code.endsAtMs }),
    ...(weekly ? { weekly } : {}),
    ...(uses === undefined ? {} : { uses }),
  };
  // Uses left is not part of the fingerprint: the lock counts down itself.
  const key = JSON.stringify([slot, code.code, code.startsAtMs, code.endsAtMs, weekly ?? null, code.maxUses]);
  return { command, key, warnings };
}

const issue = (code: string, message: string, slot?: number): Issue =>
  slot === undefined ? { code, message } : { code, message, slot };

/**
 * Plans one lock. `codes` are the access codes that have a row on this lock (`rows`).
 * `maxCommands` bounds one pass (the loop comes back for the rest).
 */
export function reconcileLock(
  lock: ReportedLock,
  codes: ReadonlyMap<string, AccessCode>,
  rows: readonly LockCodeState[],
  nowMs: number,
  options: { maxCommands?: number } = {},
): Reconciliation {
  if (lock.unmanaged) return reconcileUnmanaged(lock, rows, nowMs, options.maxCommands ?? 64);
  if (lock.removed) return reconcileRemoved(codes, rows, nowMs);
  const maxCommands = options.maxCommands ?? 64;
  const ordered = [...rows].sort((a, b) => a.changeSeq - b.changeSeq);
  const used = new Set<number>(lock.unmanagedSlots);
  for (const r of ordered) if (r.slot !== null) used.add(r.slot);
  const states: LockCodeState[] = [];
  const commands: PlannedCommand[] = [];
  let nextDue: number | null = null;
  const due = (t: number | null): void => {
    if (t !== null && (nextDue === null || t < nextDue)) nextDue = t;
  };
  const reachable = lock.online && lock.paired;
  const linkIssue = !lock.paired
    ? issue("lock.unpaired", "the lock is not paired with the hub; re-pair it (a factory reset unpairs it)")
    : issue("lock.offline", "the lock is offline; the change goes out when it is back");

  for (const row of ordered) {
    const code = codes.get(row.accessCodeId);
    const base = { ...row, updatedAtMs: nowMs };
    if (!code) {
      states.push(row);
      continue;
    }
    const phase = codePhase(code, nowMs);
    const waiting = row.nextAttemptAtMs !== null && row.nextAttemptAtMs > nowMs;

    if (phase !== "active") {
      if (row.slot === null) {
        // Never reached the lock (or already gone): nothing to take back.
        if (phase === "before") {
          const at = (code.startsAtMs ?? nowMs) - code.leadTimeMs;
          due(at);
          states.push({
            ...base,
            status: "setting",
            errors: [],
            warnings: [
              issue(
                "code.scheduled",
                `goes to the lock at ${siteTime(at, lock.timeZone, nowMs)}, site time, ahead of its window`,
              ),
            ],
          });
        } else {
          states.push({
            ...base,
            status: "removed",
            errors: [],
            warnings: [],
            appliedKey: null,
            nextAttemptAtMs: null,
          });
        }
        continue;
      }
      if (!reachable) {
        const errors = lock.paired ? [] : [linkIssue];
        const warnings = lock.paired ? [linkIssue] : [];
        states.push({ ...base, status: "removing", errors, warnings });
        continue;
      }
      if (waiting) {
        due(row.nextAttemptAtMs);
        states.push({ ...base, status: "removing" });
        continue;
      }
      if (commands.length >= maxCommands) {
        due(nowMs);
        states.push({ ...base, status: "removing" });
        continue;
      }
      commands.push({
        accessCodeId: row.accessCodeId,
        command: { type: "deleteCode", slot: row.slot },
        key: null,
      });
      states.push({ ...base, status: "removing" });
      continue;
    }

    // Active: the lock should hold exactly this code, in this slot, with this window.
    if (code.endsAtMs !== null) due(code.endsAtMs);
    if (code.weekly) due(nowMs + 3_600_000); // the zone's offset may change (daylight saving)
    let slot = row.slot;
    let candidate = slot;
    if (candidate === null) {
      for (let s = 1; s <= lock.capacity; s++) {
        if (!used.has(s)) {
          candidate = s;
          break;
        }
      }
      if (candidate === null) {
        states.push({
          ...base,
          status: "failed",
          errors: [issue("code.capacity", `every one of the lock's ${lock.capacity} slots is taken`)],
          warnings: [],
        });
        continue;
      }
      // A slot is claimed only when the command can leave now: while the lock is away, a code
      // typed at its keypad may take that very slot unheard (B-NET-5), and the hub reads the
      // table again when the lock is back before it claims one (lock-sync.ts).
      if (reachable) {
        slot = candidate;
        used.add(slot);
      }
    }
    const plan = lockCommandFor(code, candidate, lock.timeZone, nowMs);
    if (row.status === "set" && row.appliedKey === plan.key) {
      states.push(row);
      continue;
    }
    if (row.status === "failed" && row.errors.some((e) => e.code !== "code.capacity")) {
      states.push(row); // a refusal stays until the person changes or retries the code
      continue;
    }
    if (!reachable) {
      states.push({
        ...base,
        slot,
        status: "setting",
        errors: lock.paired ? [] : [linkIssue],
        warnings: [...(lock.paired ? [linkIssue] : []), ...plan.warnings],
      });
      continue;
    }
    if (waiting || commands.length >= maxCommands) {
      due(waiting ? row.nextAttemptAtMs : nowMs);
      states.push({ ...base, slot, status: "setting" });
      continue;
    }
    commands.push({ accessCodeId: row.accessCodeId, command: plan.command, key: plan.key });
    states.push({ ...base, slot, status: "setting", errors: [], warnings: plan.warnings });
  }
  return { states, commands, nextDueAtMs: nextDue };
}

/**
 * A lock the host deleted: its table went with it. A code that should leave is gone
 * (`removed`); one still wanted is `setting` without a slot, with the error `lock.removed`
 * (a person decides: make the lock again under its id, and the hub puts the code back).
 */
function reconcileRemoved(
  codes: ReadonlyMap<string, AccessCode>,
  rows: readonly LockCodeState[],
  nowMs: number,
): Reconciliation {
  const gone = issue(
    "lock.removed",
    "the host deleted this lock, so it holds no codes; the hub puts the code on a lock made again under its id",
  );
  const states = rows.map((row): LockCodeState => {
    const code = codes.get(row.accessCodeId);
    const cleared = { ...row, slot: null, appliedKey: null, attempts: 0, nextAttemptAtMs: null };
    if (!code || codePhase(code, nowMs) === "after") {
      if (row.status === "removed" && row.slot === null) return row;
      return { ...cleared, status: "removed", errors: [], warnings: [], updatedAtMs: nowMs };
    }
    if (
      row.status === "setting" &&
      row.slot === null &&
      row.errors.length === 1 &&
      row.errors[0]?.code === gone.code
    )
      return row;
    return { ...cleared, status: "setting", errors: [gone], warnings: [], updatedAtMs: nowMs };
  });
  return { states, commands: [], nextDueAtMs: null };
}

/**
 * A lock taken off the hub's care (B-NET-2: codes are deleted over the radio): each code the
 * lock may hold is deleted while the lock is reachable (retried a few times); one it cannot be
 * told about — host-deleted, away, unpaired, or refusing every try — ends `removed` with nothing
 * sent and the warning `lock.unmanaged-unreached` naming the slot, since the digits may still
 * open the door. A code that never reached it is simply `removed`. Nothing is ever set.
 */
function reconcileUnmanaged(
  lock: ReportedLock,
  rows: readonly LockCodeState[],
  nowMs: number,
  maxCommands: number,
): Reconciliation {
  const reachable = lock.online && lock.paired && !lock.removed;
  const commands: PlannedCommand[] = [];
  let nextDue: number | null = null;
  const ordered = [...rows].sort((a, b) => a.changeSeq - b.changeSeq);
  const states = ordered.map((row): LockCodeState => {
    const done = {
      ...row,
      status: "removed" as const,
      slot: null,
      appliedKey: null,
      errors: [],
      attempts: 0,
      nextAttemptAtMs: null,
      updatedAtMs: nowMs,
    };
    if (row.slot === null) {
      if (row.status === "removed") return row;
      return { ...done, warnings: [] };
    }
    if (!reachable || row.attempts >= UNMANAGED_DELETE_ATTEMPTS) {
      const why = lock.removed
        ? "the host deleted the lock"
        : !reachable
          ? lock.paired
            ? "the lock did not answer"
            : "the lock is not paired"
          : `the lock refused ${row.attempts} deletes`;
      return {
        ...done,
        warnings: [
          issue(
            "lock.unmanaged-unreached",
            `the lock was taken off the hub's care and ${why}, so nothing was sent: the code may still be in slot ${row.slot}`,
            row.slot,
          ),
        ],
      };
    }
    const waiting = row.nextAttemptAtMs !== null && row.nextAttemptAtMs > nowMs;
    if (waiting || commands.length >= maxCommands) {
      const at = waiting ? (row.nextAttemptAtMs as number) : nowMs;
      if (nextDue === null || at < nextDue) nextDue = at;
      return { ...row, status: "removing", updatedAtMs: nowMs };
    }
    commands.push({
      accessCodeId: row.accessCodeId,
      command: { type: "deleteCode", slot: row.slot },
      key: null,
    });
    return { ...row, status: "removing", errors: [], updatedAtMs: nowMs };
  });
  return { states, commands, nextDueAtMs: nextDue };
}

/** Maps a lock's refusal to the hub's stable codes (the core says `code.duplicate-prefix` or `code.conflict`). */
export function lockIssue(result: { code: string; reason: string }): Issue {
  const slotMatch = /slot (\d+)/.exec(result.reason);
  const code =
    result.code === "code.duplicate-prefix"
      ? "code.conflict"
      : result.code === "radio.unpaired"
        ? "lock.unpaired"
        : result.code === "lock.timeout"
          ? "lock.offline"
          : result.code;
  return slotMatch
    ? { code, message: result.reason, slot: Number(slotMatch[1]) }
    : { code, message: result.reason };
}

/** The row after the lock answered a planned command. Pure: the loop persists it. */
export function applyResult(
  row: LockCodeState,
  planned: PlannedCommand,
  result: { ok: true } | { ok: false; code: string; reason: string },
  nowMs: number,
): LockCodeState {
  if (result.ok) {
    if (planned.command.type === "deleteCode") {
      return {
        ...row,
        slot: null,
        status: "removed",
        appliedKey: null,
        errors: [],
        warnings: [],
        attempts: 0,
        nextAttemptAtMs: null,
        updatedAtMs: nowMs,
      };
    }
    return {
      ...row,
      status: "set",
      appliedKey: planned.key,
      errors: [],
      attempts: 0,
      nextAttemptAtMs: null,
      updatedAtMs: nowMs,
    };
  }
  const found = lockIssue(result);
  if (PERMANENT.has(result.code) && planned.command.type === "setCode") {
    // The lock kept nothing new; the slot goes back unless an earlier version still sits there.
    return {
      ...row,
      status: "failed",
      slot: row.appliedKey === null ? null : row.slot,
      errors: [found],
      attempts: row.attempts + 1,
      nextAttemptAtMs: null,
      updatedAtMs: nowMs,
    };
  }
  const attempts = row.attempts + 1;
  const transient =
    found.code === "lock.offline" ||
    found.code === "lock.unpaired" ||
    found.code.startsWith("lock.") ||
    found.code.startsWith("radio.");
  return {
    ...row,
    status: planned.command.type === "deleteCode" ? "removing" : "setting",
    errors: transient && found.code !== "lock.unpaired" ? [] : [found],
    warnings: transient && found.code !== "lock.unpaired" ? [found] : row.warnings,
    attempts,
    nextAttemptAtMs: nowMs + backoffMs(attempts),
    updatedAtMs: nowMs,
  };
}
