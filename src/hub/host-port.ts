/**
 * The part of the host (issue 9, /work/coord/HOST-API.md) the hub relies on: a list of locks
 * with their views, each reached through its radio link. The hub never touches a twin; a lock
 * in another process (the MQTT link) looks the same from here. Structural types, so the real
 * `LockHost` from src/host/ satisfies them as it is.
 */
import type { RadioCommand } from "../core/radio-types.ts";

export type { RadioCommand };

export type LinkResult = { ok: true; data?: unknown } | { ok: false; code: string; reason: string };

/** A lock event as the link reports it (lock time). `kind` values per core's LOCK_EVENT_KINDS. */
export interface HubLockEventReport {
  readonly atMs: number;
  readonly event: {
    readonly kind: string;
    readonly source?: string;
    readonly slot?: number;
    readonly [key: string]: unknown;
  };
}

export interface HubLockLink {
  readonly lockId: string;
  send(command: HubRadioCommand, options?: { timeoutMs?: number }): Promise<LinkResult>;
  subscribe(listener: (report: HubLockEventReport) => void): () => void;
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
  readonly codeRules: { minLength: number; maxLength: number; capacity: number };
}

export type HubHostChange =
  | { type: "added"; lock: HubLockView }
  | { type: "removed"; id: string }
  | { type: "changed"; lock: HubLockView };

/** Where the hub finds locks: the host, in this process or behind a broker. */
export interface HubLockSource {
  list(): readonly HubLockView[];
  view(id: string): HubLockView | undefined;
  link(id: string): HubLockLink | undefined;
  subscribe(listener: (change: HubHostChange) => void): () => void;
}
