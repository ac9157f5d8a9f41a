/**
 * What a Matter node needs of one hosted lock: its view (bolt, door, pack, mode…), its
 * radio link (commands in, reports out) and a way to hear that the view changed. These
 * are the host's own types (HOST-API.md, issue 9); the Matter layer reaches a lock only
 * through them, so the lock's core stays the source of truth.
 */
import type { LockMode, RadioCommand, WeeklyWindow } from "../../core/radio-types.ts";

export type { LockMode, WeeklyWindow };

export interface LockView {
  readonly id: string;
  readonly name: string;
  readonly profileId: string;
  readonly model: string;
  readonly radio: "zwave" | "wifi" | "bluetooth" | null;
  readonly bolt: "locked" | "unlocked" | "locking" | "unlocking" | "jammed" | "unknown";
  readonly door: "open" | "closed" | null;
  readonly hasDoorSensor: boolean;
  readonly battery: {
    readonly percent: number;
    readonly volts: number;
    readonly level: "ok" | "low" | "critical" | "dead";
  } | null;
  readonly online: boolean;
  readonly paired: boolean;
  readonly lockout: { readonly untilMs: number } | null;
  readonly mode: LockMode;
  readonly firmwareVersion: string;
  readonly codeRules: { readonly minLength: number; readonly maxLength: number; readonly capacity: number };
  readonly lockTimeMs: number;
}

/**
 * A command over the lock's radio: core's RadioCommand, plus `setSchedule` (changes an
 * occupied slot's window keeping its code; null clears a field) until core declares it.
 */
export type LinkCommand =
  | RadioCommand
  | {
      readonly type: "setSchedule";
      readonly slot: number;
      readonly validFromMs?: number | null;
      readonly validUntilMs?: number | null;
      readonly weekly?: WeeklyWindow | null;
      readonly enabled?: boolean;
    };

export type LinkResult =
  | { readonly ok: true; readonly data?: unknown }
  | { readonly ok: false; readonly code: string; readonly reason: string };

export type ReportSource = "keypad" | "manual" | "button" | "auto" | "remote" | "one-touch";

/**
 * What the lock reports of itself (HOST-API.md LockEvent, declared in core): `locked` and
 * `unlocked` with their source and slot, code changes with theirs, `wrong-code`,
 * `wrong-code-limit`, `lockout-started` {untilMs}, `jammed`, `factory-reset`, battery
 * levels. Read loosely: a kind this layer does not know is ignored.
 */
export interface LockEvent {
  readonly kind: string;
  readonly source?: string;
  readonly slot?: number;
  readonly untilMs?: number;
  readonly count?: number;
  readonly percent?: number;
}

/** What the link hears the lock report unasked (the host's shape): events, announcements. */
export interface LockEventReport {
  readonly atMs: number;
  readonly report: { readonly type: string; readonly event?: LockEvent };
}

export interface LockLink {
  readonly lockId: string;
  send(command: LinkCommand, options?: { timeoutMs?: number }): Promise<LinkResult>;
  subscribe(listener: (report: LockEventReport) => void): () => void;
  status(): { online: boolean; paired: boolean };
}

/** One hosted lock as the Matter node sees it. */
export interface MatterLockSource {
  readonly id: string;
  view(): LockView | undefined;
  readonly link: LockLink;
  /** Called with the new view whenever the host says this lock changed. */
  onViewChange(listener: (view: LockView) => void): () => void;
}
