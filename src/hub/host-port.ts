/**
 * The part of the host (issue 9, /work/coord/HOST-API.md) the hub relies on: a list of locks
 * with their views, each reached through its radio link. The hub never touches a twin; a lock
 * in another process (the MQTT link) looks the same from here. Structural types, so the real
 * `LockHost` from src/host/ satisfies them as it is.
 */
import type { RadioCommand } from "../core/radio-types.ts";

export type { RadioCommand };

export type LinkResult = { ok: true; data?: unknown } | { ok: false; code: string; reason: string };

/** A lock event as the hub reads it (core's LockEvent: `kind`, and `source`/`slot` where they apply). */
export interface HubLockEventReport {
  readonly atMs: number;
  /**
   * The host's stamp (`{ run, seq }`, docs/host.md) when the link gives one: the same report
   * heard by several hubs is one event.
   */
  readonly stamp?: { readonly run: string; readonly seq: number };
  readonly event: {
    readonly kind: string;
    readonly source?: string;
    readonly slot?: number;
    readonly [key: string]: unknown;
  };
}

/**
 * A link's report in either shape the host may give: HOST-API.md's `{ atMs, event }` or the
 * radio's `{ atMs, report: { type: "event", atMs, event } }`. Anything else (an announce, a
 * bolt report, garbage from a hostile peer) is not an event: null.
 */
export function readLockEvent(raw: unknown): HubLockEventReport | null {
  if (typeof raw !== "object" || raw === null) return null;
  const r = raw as { atMs?: unknown; event?: unknown; report?: unknown; run?: unknown; seq?: unknown };
  let event = r.event;
  let atMs = r.atMs;
  if (event === undefined && typeof r.report === "object" && r.report !== null) {
    const inner = r.report as { type?: unknown; atMs?: unknown; event?: unknown };
    if (inner.type !== "event") return null;
    event = inner.event;
    atMs = inner.atMs ?? atMs;
  }
  if (typeof event !== "object" || event === null) return null;
  const kind = (event as { kind?: unknown }).kind;
  if (typeof kind !== "string" || kind.length === 0 || kind.length > 40) return null;
  const stamped =
    typeof r.run === "string" &&
    r.run.length > 0 &&
    r.run.length <= 64 &&
    typeof r.seq === "number" &&
    Number.isSafeInteger(r.seq) &&
    r.seq >= 0;
  return {
    atMs: typeof atMs === "number" && Number.isFinite(atMs) ? atMs : 0,
    event: event as HubLockEventReport["event"],
    ...(stamped ? { stamp: { run: r.run as string, seq: r.seq as number } } : {}),
  };
}

export interface HubLockLink {
  readonly lockId: string;
  send(command: HubRadioCommand, options?: { timeoutMs?: number }): Promise<LinkResult>;
  /** Reports as the link gives them; the hub reads them with `readLockEvent`. */
  subscribe(listener: (report: unknown) => void): () => void;
  status(): { online: boolean; paired: boolean };
}

/** The radio commands the hub sends, as HOST-API.md widens core's RadioCommand. */
export type HubRadioCommand =
  | RadioCommand
  | {
      readonly type: "setCode";
      readonly slot: number;
      readonly code: string;
      readonly validFromMs?: number;
      readonly validUntilMs?: number;
      readonly weekly?: { dayMask: number; fromMinute: number; untilMinute: number };
      readonly uses?: number;
    }
  | { readonly type: "readSlot"; readonly slot: number }
  | { readonly type: "readChecksum" };

export interface HubLockView {
  readonly id: string;
  readonly name: string;
  readonly profileId: string;
  readonly model: string;
  readonly online: boolean;
  readonly paired: boolean;
  readonly battery: { percent: number; volts: number; level: string } | null;
  readonly bolt: string;
  /** The keypad's wrong-code lockout now (its end in the lock's time), null when none; absent: unknown. */
  readonly lockout?: { readonly untilMs: number } | null;
  readonly codeRules: {
    readonly minLength: number;
    readonly maxLength: number;
    readonly capacity: number;
    /** B-CODE-4's unique leading digits; null: only whole codes clash. Absent: assume 4. */
    readonly uniquePrefixDigits?: number | null;
  };
}

/** The host's notice of a change: `{ type, id }` (or HOST-API.md's `{ type, lock }`). */
export interface HubHostChange {
  readonly type: string;
  readonly id?: string;
  readonly lock?: { readonly id: string };
}

/** The lock id a change notice is about. */
export function changedLockId(change: HubHostChange): string | undefined {
  return change.id ?? change.lock?.id;
}

/** Where the hub finds locks: the host, in this process or behind a broker. */
export interface HubLockSource {
  list(): readonly HubLockView[];
  view(id: string): HubLockView | undefined;
  link(id: string): HubLockLink | undefined;
  subscribe(listener: (change: HubHostChange) => void): () => void;
}
