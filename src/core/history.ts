/**
 * History entries (B-SEC-5): every lock, unlock, refusal, lockout and programming change,
 * with its source and the lock's time. The core emits them; hosts keep them.
 */
export type HistorySource =
  | "keypad" // a user code, or the lock button
  | "one-touch" // the lock button with no code (shown as `keypad` in scenarios)
  | "key"
  | "thumbturn"
  | "remote"
  | "auto-lock"
  | "interior" // the Program button and boot procedures
  | "system";

export type HistoryKind =
  | "lock"
  | "unlock"
  | "refused"
  | "lockout"
  | "jammed"
  | "code-added"
  | "code-deleted"
  | "programming-code-set"
  | "handing"
  | "factory-reset"
  | "mode"
  | "settings"
  | "paired"
  | "unpaired"
  | "code-used-up"
  | "power-up";

export interface HistoryEntry {
  readonly atMs: number;
  readonly kind: HistoryKind;
  readonly source: HistorySource;
  readonly slot?: number;
  /** A short reason a person understands ("wrong code", "outside its window"). */
  readonly detail?: string;
}
