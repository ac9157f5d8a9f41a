/** The hub API's answers as the companion app reads them (docs/hub.md; snake_case as sent). */
export type Role = "owner" | "manager" | "guest";
export type CodeStatus = "setting" | "set" | "removing" | "removed" | "failed";

export interface Issue {
  readonly code: string;
  readonly message: string;
  readonly slot?: number;
}

export interface Me {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly site_ids: readonly string[];
}

export interface Person extends Me {
  readonly created_at?: string | null;
  /** When their access was ended (POST /people/{id}/revoke); null while they have it. */
  readonly revoked_at?: string | null;
}

export interface Site {
  readonly id: string;
  readonly name: string;
  readonly time_zone: string;
}

export interface Setting {
  readonly name: string;
  readonly label: string;
  readonly value: number | boolean;
  readonly allowed?: readonly number[] | { readonly min: number; readonly max: number };
}

/** A lock a person took off the hub's care (`GET /locks?managed=false`): no codes, no alerts, no sync. */
export interface OffCareLock {
  readonly lock_id: string;
  readonly site_id: string;
  readonly name: string;
  readonly unmanaged_at: string | null;
}

export interface LockState {
  readonly lock_id: string;
  readonly site_id: string;
  readonly name: string;
  readonly model: string | null;
  readonly online: boolean;
  readonly paired: boolean;
  /** When the host deleted the lock (it holds no codes); null while the host has it. */
  readonly removed_at: string | null;
  readonly battery: { readonly percent: number; readonly volts: number; readonly level: string } | null;
  readonly bolt: string | null;
  readonly code_rules: {
    readonly minLength: number;
    readonly maxLength: number;
    readonly capacity: number;
  } | null;
  readonly unmanaged_codes: readonly { readonly slot: number; readonly detected_at: string | null }[];
  readonly door: "open" | "closed" | null;
  readonly mode: string | null;
  readonly lockout_until: string | null;
  readonly firmware_version: string | null;
  /** The newest release for the lock's model when the lock runs older (issue 14), else null. */
  readonly firmware_update_available: string | null;
  /** The version the lock last told the hub it runs; null until the hub could ask it. */
  readonly firmware_reported: string | null;
  readonly radio: string | null;
  readonly battery_forecast: { readonly stops_locking_at: string | null; readonly samples: number };
  readonly last_activity: {
    readonly at: string | null;
    readonly kind: string;
    readonly source: string;
    readonly person_id: string | null;
  } | null;
  readonly one_touch_locking: boolean | null;
  readonly modes: readonly string[];
  readonly settings: readonly Setting[];
}

export interface HostLock {
  readonly lock_id: string;
  readonly name: string;
  readonly model: string;
  readonly online: boolean;
  readonly paired: boolean;
}

export interface LockCode {
  readonly lock_id: string;
  /** The lock's name (a guest cannot list locks, so the code carries it); null once the hub no longer manages it. */
  readonly lock_name: string | null;
  readonly status: CodeStatus;
  readonly slot: number | null;
  readonly errors: readonly Issue[];
  readonly warnings: readonly Issue[];
}

export interface Weekly {
  readonly days: readonly string[];
  readonly start_time: string;
  readonly end_time: string;
}

export interface AccessCode {
  readonly id: string;
  readonly name: string;
  readonly code: string;
  readonly status: CodeStatus;
  readonly is_generated: boolean;
  readonly starts_at: string | null;
  readonly ends_at: string | null;
  readonly weekly: Weekly | null;
  readonly max_uses: number | null;
  readonly uses: number;
  readonly person_id: string | null;
  readonly site_id: string;
  /** The site's IANA zone: the code's times are shown in it (a guest lists no site). */
  readonly site_time_zone: string;
  readonly deleted_at: string | null;
  readonly warnings: readonly Issue[];
  readonly locks: readonly LockCode[];
}

export interface CodeBody {
  lock_ids: string[];
  name: string;
  code?: string;
  starts_at?: string;
  ends_at?: string;
  weekly?: Weekly;
  max_uses?: number;
  person_id?: string;
}

export interface HubEvent {
  readonly id: number;
  readonly at: string;
  readonly site_id: string | null;
  readonly lock_id: string | null;
  readonly person_id: string | null;
  readonly access_code_id: string | null;
  readonly kind: string;
  readonly source: string;
  readonly slot: number | null;
  readonly detail: string | null;
  /** Read from the lock's own log after its radio came back (B-NET-5); `at` is when it happened. */
  readonly delivered_late?: boolean;
}

export interface EventFilter {
  lock_id?: string;
  person_id?: string;
  kind?: string;
  since?: string;
  until?: string;
  limit?: number;
}

export interface Alert {
  readonly id: number;
  readonly at: string;
  readonly lock_id: string | null;
  readonly site_id: string | null;
  readonly kind: string;
  readonly message: string;
  readonly resolved_at: string | null;
}

/** One lock's firmware update through the hub (GET/POST /locks/{id}/firmware_update). */
export interface FirmwareUpdate {
  readonly id: string;
  readonly lock_id: string;
  readonly version: string;
  readonly status: "pending" | "sending" | "verifying" | "updated" | "rolled-back" | "failed" | "skipped";
  readonly error: Issue | null;
  readonly previous_version: string | null;
  readonly rollout_id: string | null;
  readonly created_at: string;
  readonly started_at: string | null;
  readonly finished_at: string | null;
}
