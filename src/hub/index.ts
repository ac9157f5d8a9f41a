/**
 * The hub's public face (ARCHITECTURE.md v2): integrations and the server import the hub only
 * from here.
 */
export {
  Hub,
  overallStatus,
  hashToken,
  MAX_REGENERATIONS,
  MAX_API_TOKENS_PER_PERSON,
  DEFAULT_HUB_LIMITS,
} from "./hub.ts";
export { SlotPeople } from "./slot-people.ts";
export { InviteBook, INVITE_TTL_MS, MAX_OPEN_INVITES } from "./invite-book.ts";
export type { OpenInvite } from "./invite-book.ts";
export type {
  Actor,
  AccessCodeView,
  ApiTokenInfo,
  HubLockSummary,
  HubOptions,
  IssuedApiToken,
} from "./hub.ts";
export type { NewAccessCode } from "./access-code-rules.ts";
export type {
  AccessCode,
  Alert,
  HubEvent,
  HubLock,
  Issue,
  LockCodeState,
  LockCodeStatus,
  Outcome,
  Person,
  Role,
  Site,
  UnmanagedCode,
  WeeklySchedule,
  Weekday,
} from "./model.ts";
export { LOCK_CODE_STATUSES, ROLES, WEEKDAYS, DEFAULT_LEAD_TIME_MS } from "./model.ts";
export type { HubAction } from "./permissions.ts";
export { authorize } from "./permissions.ts";
export type {
  HubLockLink,
  HubLockSource,
  HubLockView,
  HubLockEventReport,
  HubHostChange,
  LinkResult,
} from "./host-port.ts";
export {
  openSigningKey,
  ephemeralSigningKey,
  publicKeyHex,
  SIGNING_KEY_FILE,
} from "./firmware/signing-key.ts";
export type { HubSigningKey } from "./firmware/signing-key.ts";
export type {
  HubFirmware,
  LockFirmwareSummary,
  NewRelease,
  NewRollout,
  RolloutReport,
} from "./firmware/hub-firmware.ts";
export type { CatalogRelease } from "./firmware/release-catalog.ts";
export type { FirmwareUpdateRow, RolloutRow, UpdateStatus } from "./firmware/firmware-store.ts";
export { UPDATE_STATUSES } from "./firmware/firmware-store.ts";
export { sendImage } from "./firmware/send-image.ts";
export type { SendOutcome } from "./firmware/send-image.ts";
export { HubRepository } from "./storage/hub-repository.ts";
export type { EventFilter } from "./storage/hub-repository.ts";
export { openHubRepository, describeStorage } from "./storage/open-repository.ts";
export type { StorageOptions } from "./storage/open-repository.ts";
export { weakCodeWarnings } from "./codes/weak-codes.ts";
export { parseSiteTime } from "./site-time.ts";
export { generateCode } from "./codes/code-generator.ts";
export { reconcileLock, codePhase } from "./sync/reconciler.ts";
export { forecastStopMs } from "./sync/battery-forecast.ts";
export { knownMode, knownSettings } from "./sync/lock-settings.ts";
export type { SyncChange } from "./sync/lock-sync.ts";
export { signPayload, verifySignature, SIGNATURE_HEADER } from "./webhooks.ts";
export type { Webhook, Delivery } from "./webhooks.ts";
