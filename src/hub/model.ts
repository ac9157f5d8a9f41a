/**
 * The hub's nouns: sites, locks, people and roles, access codes and, per code and lock, how
 * far the lock has got with it. Statuses and error codes follow Seam's access codes
 * (`setting | set | removing`, errors and warnings with a stable code and one message), with
 * `removed` and `failed` made explicit so a person never has to guess.
 */

export type Role = "owner" | "manager" | "guest";
export const ROLES: readonly Role[] = ["owner", "manager", "guest"];

export interface Site {
  readonly id: string;
  readonly name: string;
  /** IANA time zone: starts, ends and weekly hours of codes on this site are in it. */
  readonly timeZone: string;
  readonly createdAtMs: number;
}

export interface Person {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  /** Sites a manager manages (ignored for an owner, who has every site). */
  readonly siteIds: readonly string[];
  readonly createdAtMs: number;
  /** When the person's access was revoked (their codes left every lock, their sign-ins ended). */
  readonly revokedAtMs?: number | null;
}

/** A lock the hub manages. Its id is the host's lock id. */
export interface HubLock {
  readonly id: string;
  readonly siteId: string;
  readonly name: string;
  readonly addedAtMs: number;
  /**
   * When a person took the lock off the hub's care (Seam's unmanaged device, migration 15):
   * the hub holds no codes on it, sends it nothing once they are off, and raises nothing for it.
   * Null or absent while the hub manages it.
   */
  readonly unmanagedAtMs?: number | null;
}

export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";
export const WEEKDAYS: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** Days and hours in the site's time zone; `endTime` 24:00 is the end of the day. */
export interface WeeklySchedule {
  readonly days: readonly Weekday[];
  readonly startTime: string; // "HH:MM"
  readonly endTime: string; // "HH:MM", after startTime
}

/** What a person asked for: one code, on one or more locks. */
export interface AccessCode {
  readonly id: string;
  readonly name: string;
  readonly code: string;
  /** True when the hub chose the digits (it then satisfies every target lock's rules). */
  readonly generated: boolean;
  readonly personId: string | null;
  /** Seam's common_code_key: codes sharing it share their digits. */
  readonly commonCodeKey: string | null;
  readonly siteId: string;
  readonly lockIds: readonly string[];
  readonly startsAtMs: number | null;
  readonly endsAtMs: number | null;
  readonly weekly: WeeklySchedule | null;
  /** One-time is 1; null is unlimited. */
  readonly maxUses: number | null;
  readonly usesCount: number;
  /** How long before `startsAtMs` the code goes to the lock (a failure shows before the guest arrives). */
  readonly leadTimeMs: number;
  readonly createdAtMs: number;
  readonly deletedAtMs: number | null;
  /** Warnings about the code itself (weak digits, reuse across sites), B-CODE-9. */
  readonly warnings: readonly Issue[];
}

export type LockCodeStatus = "setting" | "set" | "removing" | "removed" | "failed";
export const LOCK_CODE_STATUSES: readonly LockCodeStatus[] = [
  "setting",
  "set",
  "removing",
  "removed",
  "failed",
];

/** An error or warning with a stable code (`code.conflict`, `lock.offline`…) and one message. */
export interface Issue {
  readonly code: string;
  readonly message: string;
  /** The slot a conflict names, when known. */
  readonly slot?: number;
}

/** Where one access code stands on one lock. */
export interface LockCodeState {
  readonly accessCodeId: string;
  readonly lockId: string;
  readonly slot: number | null;
  readonly status: LockCodeStatus;
  readonly errors: readonly Issue[];
  readonly warnings: readonly Issue[];
  /** Failed sends in a row, for backoff. */
  readonly attempts: number;
  readonly nextAttemptAtMs: number | null;
  /** Fingerprint of what the lock acknowledged last (code, slot, window); null when nothing. */
  readonly appliedKey: string | null;
  /** Order of changes on this lock: applied in this order when the lock comes back. */
  readonly changeSeq: number;
  readonly updatedAtMs: number;
}

/** A slot that holds a code the hub did not put there (added at the keypad): adoptable. */
export interface UnmanagedCode {
  readonly lockId: string;
  readonly slot: number;
  readonly detectedAtMs: number;
  readonly source: string;
}

/** What the hub knows of a lock's state, beyond its rows of codes. */
export interface LockSyncState {
  readonly lockId: string;
  readonly paired: boolean;
  /** The lock's code-table checksum after the hub's last verified change; null when unknown. */
  readonly checksum: string | null;
  /** True once every slot has been read (the hub knows which slots it does not own). */
  readonly inventoried: boolean;
  readonly lastVerifiedAtMs: number | null;
  /**
   * The last record of the lock's event log the hub has read (B-NET-5, sync/log-catch-up.ts);
   * null until the hub first looked where the log stands.
   */
  readonly logSeq: number | null;
  /**
   * When the host said it deleted the lock (its `removed` notice); null while the host has it.
   * A removed lock holds no codes and the hub sends it nothing until a lock is made again
   * under its id (migration 14).
   */
  readonly hostRemovedAtMs: number | null;
}

export interface HubEvent {
  readonly id: number;
  readonly atMs: number;
  readonly siteId: string | null;
  readonly lockId: string | null;
  readonly personId: string | null;
  readonly accessCodeId: string | null;
  readonly kind: string;
  /** Who or what did it: keypad, remote, hub, api, manual… */
  readonly source: string;
  readonly slot: number | null;
  readonly detail: string | null;
  /**
   * True for an event the hub learned from the lock's own log after the link came back, not
   * as it happened (B-NET-5); `atMs` is then when the lock recorded it, in the hub's clock.
   */
  readonly deliveredLate?: boolean;
}

export type NewHubEvent = Omit<HubEvent, "id"> & {
  /** The lock's clock when it happened (its report's or log record's time). */
  readonly lockAtMs?: number;
  /** The lock's log record this event is (caught up): stored once however often it is read. */
  readonly lockSeq?: number;
  /**
   * The link's stamp of the report this event records (`run`, `seq`): the same report heard by
   * several hubs on one database is stored once.
   */
  readonly linkStamp?: { readonly run: string; readonly seq: number };
};

export interface Alert {
  readonly id: number;
  readonly atMs: number;
  readonly lockId: string | null;
  readonly siteId: string | null;
  readonly kind: string;
  readonly message: string;
  readonly resolvedAtMs: number | null;
}

/** Outcomes are values for anything a caller can get wrong (ARCHITECTURE.md conventions). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; code: string; reason: string };

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const refuse = <T = never>(code: string, reason: string): Outcome<T> => ({ ok: false, code, reason });

/** Default lead time: codes reach the lock a day before their window opens. */
export const DEFAULT_LEAD_TIME_MS = 86_400_000;
