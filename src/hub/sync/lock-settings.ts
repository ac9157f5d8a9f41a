/**
 * A lock's settings and mode as the hub knows them (B-NET-2, B-SEC-2). The lock reports only
 * changes, so the hub folds its history: the factory's values, then every
 * `lock.settings-changed` (what a person sent through the hub, what the lock reported when any
 * controller changed them, what a `status` read found) and `lock.mode-changed`, back to the
 * factory at every `lock.factory-reset`. A `status` read when the hub inventories a lock (first
 * seen, or its code table drifted) records what differs, so a hub that joined late or missed
 * reports heals (lock-sync.ts).
 */
import type { LockMode } from "../../core/radio-types.ts";
import { LOCK_MODES } from "../../core/radio-types.ts";
import type { HubRepository } from "../storage/hub-repository.ts";

export type SettingValues = Record<string, number | boolean>;

/** How far back the hub folds (a setting changed more often than this is still the newest). */
const SETTINGS_HISTORY = 200;

/**
 * Reported settings as the detail history keeps: at most 32 names of at most 40 characters,
 * numbers and booleans only (the lock's reports are read, never trusted).
 */
export function settingsDetail(raw: unknown): string {
  const kept: SettingValues = {};
  if (typeof raw === "object" && raw !== null) {
    for (const [k, v] of Object.entries(raw).slice(0, 32)) {
      if (k.length <= 40 && (typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v))))
        kept[k] = v;
    }
  }
  return JSON.stringify(kept);
}

/** A reported mode when it is one of the lock's modes, else null. */
export function modeOf(raw: unknown): LockMode | null {
  return typeof raw === "string" && (LOCK_MODES as readonly string[]).includes(raw)
    ? (raw as LockMode)
    : null;
}

/** The settings the hub knows a lock has: `defaults` (the profile's), then its history. */
export async function knownSettings(
  repo: HubRepository,
  lockId: string,
  defaults: Readonly<SettingValues>,
): Promise<SettingValues> {
  const values: SettingValues = { ...defaults };
  const events = await repo.listEvents({
    lockIds: [lockId],
    kinds: ["lock.settings-changed", "lock.factory-reset"],
    limit: SETTINGS_HISTORY,
  });
  for (const e of [...events].reverse()) {
    if (e.kind === "lock.factory-reset") Object.assign(values, defaults);
    else {
      try {
        const changed = JSON.parse(e.detail ?? "{}") as Record<string, unknown>;
        // Only the profile's names, with the profile's types.
        for (const [k, v] of Object.entries(changed))
          if (k in values && typeof v === typeof values[k]) values[k] = v as number | boolean;
      } catch {
        // A detail that is not JSON was not written here: ignored.
      }
    }
  }
  return values;
}

/** The mode the hub knows a lock is in: the newest change in its history, `normal` from the factory. */
export async function knownMode(repo: HubRepository, lockId: string): Promise<LockMode> {
  const events = await repo.listEvents({
    lockIds: [lockId],
    kinds: ["lock.mode-changed", "lock.factory-reset"],
    limit: 20,
  });
  for (const e of events) {
    if (e.kind === "lock.factory-reset") return "normal";
    const mode = modeOf(e.detail);
    if (mode !== null) return mode; // a report that named no mode of ours says nothing
  }
  return "normal";
}

/**
 * The settings of a `status` answer that differ from what the hub knows (only the names it
 * knows, with their types), or null when none do.
 */
export function settingsThatDiffer(known: Readonly<SettingValues>, reported: unknown): SettingValues | null {
  const read = JSON.parse(settingsDetail(reported)) as SettingValues;
  const differ: SettingValues = {};
  for (const [k, v] of Object.entries(read))
    if (k in known && typeof v === typeof known[k] && v !== known[k]) differ[k] = v;
  return Object.keys(differ).length === 0 ? null : differ;
}
