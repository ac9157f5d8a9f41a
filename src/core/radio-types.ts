/**
 * Commands a hub or app sends over the lock's radio (B-NET-1/2/3/5), and what the lock
 * reports back. The link itself (paired, online) is physical and lives in the twin.
 */
export type LockMode = "normal" | "vacation" | "privacy" | "passage";

/** A weekly window in the lock's clock (B-CODE-8): day bits Monday=1 … Sunday=64. */
export interface WeeklyWindow {
  readonly dayMask: number;
  readonly fromMinute: number;
  readonly untilMinute: number;
}

export type RadioCommand =
  | { readonly type: "lock" }
  | { readonly type: "unlock" }
  | {
      readonly type: "setCode";
      readonly slot: number;
      readonly code: string;
      readonly validFromMs?: number;
      readonly validUntilMs?: number;
      readonly weekly?: WeeklyWindow;
    }
  | { readonly type: "deleteCode"; readonly slot: number }
  | { readonly type: "mode"; readonly mode: LockMode }
  | { readonly type: "settings"; readonly settings: Readonly<Record<string, number | boolean>> }
  /** Inclusion: the hub adds the lock (press A on a Z-Wave lock). Only while unpaired. */
  | { readonly type: "pair" }
  | { readonly type: "status" };

export type RadioReport =
  | { readonly type: "result"; readonly requestId?: string; readonly ok: true }
  | {
      readonly type: "result";
      readonly requestId?: string;
      readonly ok: false;
      readonly code: string;
      readonly reason: string;
    }
  | {
      readonly type: "alert";
      readonly alert: "lockout" | "jammed" | "low-battery" | "critical-battery" | "factory-reset";
    }
  | { readonly type: "bolt"; readonly reported: "locked" | "unlocked" | "jammed" | "unknown" };
