// The API's types, imported from the server's zod schemas as types only: nothing of the
// simulation runs in the browser (dependency-cruiser checks it).
export type {
  CreateLockBody,
  DoctorAnswerBody,
  DoctorDoBody,
  DoctorResult,
  DoctorSession,
  DoctorStartBody,
  DoctorStep,
  DoorBody,
  FaultCatalogue,
  FaultBody,
  FixBody,
  ImportLockBody,
  KeyActionBody,
  LiveServerMessage,
  LockSnapshot,
  MatterPairing,
  PackBody,
  PairingResult,
  ProfileSummary,
  SignalRecordDto,
  Speed,
  SymptomList,
  TimeBody,
  TurnBody,
} from "../../src/server/api-schemas.ts";

/** Key names are the core's (src/core/keys.ts), declared once. */
export type { KeyName } from "../../src/core/keys.ts";
export type PackKind =
  "fresh" | "low" | "critical" | "dead" | "rechargeable" | "lithium" | "mixed" | "reversed";
export const PACK_KINDS: readonly PackKind[] = [
  "fresh",
  "low",
  "critical",
  "dead",
  "rechargeable",
  "lithium",
  "mixed",
  "reversed",
];

/** GET /api/locks/:id/support-report (src/server/support-report.ts). */
export type { SupportReport } from "../../src/server/support-report.ts";
