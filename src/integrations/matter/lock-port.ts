/**
 * What a Matter node needs of one hosted lock: its view (bolt, door, pack, mode…), its
 * radio link (commands in, reports out) and a way to hear that the view changed. These
 * are the host's own types (HOST-API.md, issue 9); the Matter layer reaches a lock only
 * through them, so the lock's core stays the source of truth.
 */
import type { LinkResult, LockEventReport, LockLink, LockView, RadioCommand } from "../../host/index.ts";
import type { LockMode, SlotInfo, WeeklyWindow } from "../../core/radio-types.ts";

export type { LinkResult, LockEventReport, LockLink, LockView, LockMode, WeeklyWindow };

/** What a slot holds as `readSlot` answers it (never the code), read loosely. */
export type SlotState = Partial<Omit<SlotInfo, "slot" | "occupied">>;

/** A command over the lock's radio (core's RadioCommand, through the host). */
export type LinkCommand = RadioCommand;

/**
 * One event the lock reported (core's LockEvent), read loosely: `locked` / `unlocked` with
 * source and slot, code changes with theirs, `wrong-code`, `wrong-code-limit`,
 * `lockout-started` {untilMs}, `jammed`, `factory-reset`, battery levels, `mode-changed`
 * {mode} and `settings-changed` {settings}. A kind this layer does not know is ignored.
 */
export interface LockEvent {
  readonly kind: string;
  readonly source?: string;
  readonly slot?: number;
  /** A `wrong-code`'s reason when the code was a slot's (switched-off, used-up, outside-window). */
  readonly denial?: string;
  readonly untilMs?: number;
  readonly count?: number;
  readonly percent?: number;
  readonly mode?: unknown;
  readonly settings?: unknown;
}

/** One hosted lock as the Matter node sees it. */
export interface MatterLockSource {
  readonly id: string;
  view(): LockView | undefined;
  readonly link: LockLink;
  /**
   * Called whenever the host says this lock changed (read the view with `view()` when
   * needed: several changes in a row need not make a view each).
   */
  onViewChange(listener: () => void): () => void;
}
