/**
 * What a person reads: the hub's statuses, error and warning codes and event kinds in words
 * (issue 11: no internal ids in what a person reads; the codes stay in tooltips and data-*).
 */
import type { CodeStatus, Issue } from "./hub-types.ts";

export const STATUS_WORDS: Record<CodeStatus, string> = {
  setting: "Being set",
  set: "On the lock",
  removing: "Being removed",
  removed: "Removed",
  failed: "Failed",
};

const ISSUE_WORDS: Record<string, string> = {
  // hub-client.ts: the request never reached the hub (server stopped, network down).
  network: "The hub does not answer: is the server still running? Try again once it is back",
  "code.conflict": "The lock refused it: it clashes with another code on this lock",
  "code.capacity": "The lock is full: free a slot and it is sent again",
  "code.length": "The lock refused its length",
  "code.digits": "The lock refused its characters",
  "code.slot": "The lock refused the slot",
  "lock.unpaired": "The lock is not paired with the hub: pair it again",
  "lock.offline": "The lock is offline: the change goes out when it is back",
  "lock.removed":
    "The lock was deleted from the host: no code is on it; it goes to a lock made again under its id",
  "lock.busy": "The lock was busy: it is tried again shortly",
  "lock.timeout": "The lock did not answer in time: it is tried again shortly",
  "code.scheduled": "Waiting: it goes to the lock a day before it starts",
  "code.removed-at-lock": "It was removed at the keypad: the hub puts it back",
  "code.overwritten-at-lock": "Its slot was reprogrammed at the keypad",
  "code.schedule-narrowed": "The lock keeps only part of the weekly hours (they cross its midnight)",
  "code.weak-common": "A code people try first",
  "code.weak-repeated": "Repeated digits are easy to guess",
  "code.weak-sequence": "Digits in a row are easy to guess",
  "code.weak-year": "Looks like a year (a birth year is easy to guess)",
  "code.weak-date": "Looks like a date",
  "code.reused-across-sites": "The same digits open another site",
  "auth.forbidden": "You are not allowed to do this",
  "auth.invalid": "Wrong id or password",
  "auth.rate-limited": "Too many failed sign-ins: wait 15 minutes",
  "auth.password": "A password has 10 to 200 characters",
  "code.required": "This lock asks for a user code to lock or unlock from the app",
  "code.wrong": "That code is not one of the lock's",
  "bolt.jammed": "The bolt jammed",
  "bolt.battery-critical": "The batteries are too low to move the bolt",
  "bolt.busy": "The bolt is already moving",
  "bolt.not-handed": "The lock has not learnt its door's handing yet",
  "settings.invalid": "The lock does not take that setting",
  "code.sites": "One code covers the locks of one site: pick locks of the same site",
  "code.window": "The times do not make a window: the end must come after the start, and not in the past",
  "code.schedule": "The weekly days and hours are not valid",
  "code.uses": "The number of uses is not valid",
  "request.invalid": "Something in the form is not valid",
  "person.exists": "Someone already has that id",
  "access_code.deleted": "The code is already deleted",
  "alert.resolved": "That alert was already dealt with",
};

/** An issue in words, with the lock's own message after it when it adds something. */
export function issueText(i: Issue): string {
  const words = ISSUE_WORDS[i.code];
  const slot = i.slot === undefined ? "" : ` (slot ${i.slot})`;
  return words ? `${words}${slot}.` : `${i.message}${slot}.`;
}

const EVENT_WORDS: Record<string, string> = {
  "lock.locked": "Locked",
  "lock.unlocked": "Unlocked",
  "lock.code-added": "Code added",
  "lock.code-changed": "Code changed",
  "lock.code-deleted": "Code taken off the lock", // the lock's report; "Code deleted" is the hub's own
  "lock.code-used-up": "Code used up",
  "lock.factory-reset": "Factory reset",
  "lock.paired": "Paired",
  "lock.unpaired": "Unpaired",
  "lock.lockout-started": "Keypad locked out",
  "lock.lockout-ended": "Lockout over",
  "lock.wrong-code": "Wrong code",
  "lock.wrong-code-limit": "Too many wrong codes",
  "lock.jammed": "Jammed",
  "lock.battery-low": "Battery low",
  "lock.battery-critical": "Battery critical",
  "lock.settings-changed": "Settings changed",
  "lock.mode-changed": "Mode changed",
  // Short: the History page's What list is as wide as its longest entry, and fits 390 px.
  "lock.programming-code-changed": "Programming code changed",
  "lock.handing-done": "Door handing learned",
  "lock.firmware-updated": "Firmware updated",
  "lock.firmware-rolled-back": "Firmware rolled back",
  "lock.log-overwritten": "Log overwritten",
  "lock.removed": "Deleted from the host",
  "lock.recreated": "Made again on the host",
  "lock.unmanaged": "Taken off the hub",
  "lock.managed": "Brought back to the hub",
  "app.lock": "Lock asked from the app",
  "app.unlock": "Unlock asked from the app",
  "access-code.created": "Code made",
  "access-code.deleted": "Code deleted",
  "access-code.replaced": "Code edited",
  "access-code.adopted": "Keypad code adopted",
  "access-code.regenerated": "Code given new digits",
  "alert.acknowledged": "Alert acknowledged",
  "person.revoked": "Access ended",
  "firmware.update-requested": "Update asked for",
  "firmware.update-failed": "Update failed",
  "firmware.rollout-started": "Rollout started",
  "firmware.rollout-cancelled": "Rollout cancelled",
};

export const EVENT_KINDS = Object.keys(EVENT_WORDS);

export function eventText(kind: string): string {
  return EVENT_WORDS[kind] ?? kind.replace(/^lock\./, "").replace(/[-.]/g, " ");
}

/** Where an event came from, in words: a person's name when it was a person. */
export function sourceText(source: string, names: ReadonlyMap<string, string>): string {
  if (source.startsWith("person:")) return `by ${names.get(source.slice(7)) ?? "someone"}`;
  const words: Record<string, string> = {
    keypad: "at the keypad",
    manual: "by hand (thumb-turn or key)",
    button: "with the lock's button",
    auto: "auto-lock",
    remote: "from the app",
    "one-touch": "one-touch at the keypad",
    hub: "the hub",
    // The hub read it from the lock (status) when it first saw the lock or its codes drifted.
    status: "read from the lock",
    host: "by the host that runs the lock",
  };
  return words[source] ?? source;
}

const ALERT_WORDS: Record<string, string> = {
  "lock.offline": "Offline",
  "lock.factory-reset": "Factory reset",
  "lock.unpaired": "Not paired",
  "lock.removed": "Deleted from the host",
  "lock.jammed": "Jammed",
  "lock.lockout": "Keypad lockout",
  "lock.brute-force": "Many wrong codes",
  "battery.low": "Low battery",
  "firmware.update-available": "Firmware update available",
  "battery.critical": "Critical battery",
  "care.test-codes": "Test every code",
  "care.battery-change": "Change the batteries",
};

export function alertTitle(kind: string): string {
  if (kind.startsWith("code.sync-failed")) return "A code failed to sync";
  if (kind.startsWith("care.code-past-end")) return "A guest code is past its end";
  return ALERT_WORDS[kind] ?? kind;
}

export const ROLE_WORDS = { owner: "Owner", manager: "Manager", guest: "Guest" } as const;

export const DAYS = [
  ["mon", "Mon"],
  ["tue", "Tue"],
  ["wed", "Wed"],
  ["thu", "Thu"],
  ["fri", "Fri"],
  ["sat", "Sat"],
  ["sun", "Sun"],
] as const;

export function when(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function day(iso: string | null | undefined): string {
  if (!iso) return "—";
  return new Date(iso).toLocaleDateString(undefined, { dateStyle: "medium" });
}

export function boltText(bolt: string | null): string {
  const words: Record<string, string> = {
    locked: "Locked",
    unlocked: "Unlocked",
    locking: "Locking…",
    unlocking: "Unlocking…",
    jammed: "Jammed",
  };
  return (bolt && words[bolt]) ?? "Unknown";
}

/**
 * The troubleshooter's symptom (src/diagnostics/knowledge/symptoms.ts) an alert points to, so
 * "Troubleshoot" from an alert starts with it chosen. Seed 000's title case: a low battery
 * unlocks but will not lock; a critical one answers with three red flashes and beeps. A jam is
 * the bolt not reaching its place (the strike, FAULTS.md), a lockout a silent keypad, and a
 * lock the hub cannot reach or sync is "the app can't reach the lock". A factory reset erased
 * the codes: "my code doesn't open the door". Alerts with no symptom (care reminders) start
 * with none chosen.
 */
const ALERT_SYMPTOMS: Record<string, string> = {
  "battery.low": "wont-lock-unlocks-fine",
  "battery.critical": "red-flashes-beeps",
  "lock.jammed": "wont-lock-unlocks-fine",
  "lock.lockout": "keypad-stopped-responding",
  "lock.brute-force": "keypad-stopped-responding",
  "lock.offline": "app-cannot-reach-lock",
  "lock.unpaired": "app-cannot-reach-lock",
  "lock.factory-reset": "wont-unlock-with-code",
};

export function alertSymptom(kind: string): string | undefined {
  if (kind.startsWith("code.sync-failed")) return "app-cannot-reach-lock";
  return ALERT_SYMPTOMS[kind];
}
