/**
 * A lock's radio link as a hub or app sees it (issue 9, "The link"; docs/decisions/0010):
 * `send` answers once, correlated by request id, with a timeout; `subscribe` hears what the
 * lock reports by itself. A lock out of reach answers `lock.offline` after the time a radio
 * waits for an acknowledgement; an unpaired lock `lock.unpaired`; never "delivered".
 *
 * The in-process link is the only kind today; a link over MQTT (issue 13) keeps this shape.
 */
import type { RadioCommand, RadioReport } from "../core/radio-types.ts";

export type LinkResult =
  | { readonly ok: true; readonly data?: unknown }
  | { readonly ok: false; readonly code: string; readonly reason: string };

/** What a lock reports without being asked (everything but a command's result). */
export type LockReport = Exclude<RadioReport, { type: "result" }>;

export interface LockEventReport {
  /** The lock's clock when it reported. */
  readonly atMs: number;
  /**
   * Stamped by the host: grows by one with every report of this lock within one run of the
   * host (`run`, new at every start). A listener that sees a new `run` or a gap in `seq` has
   * missed something and should verify (readChecksum) rather than trust its copy.
   */
  readonly seq: number;
  readonly run: string;
  readonly report: LockReport;
}

export interface SendOptions {
  /** Wall milliseconds to wait for the lock's answer (default DEFAULT_TIMEOUT_MS). */
  readonly timeoutMs?: number;
}

export interface LockLink {
  readonly lockId: string;
  send(command: RadioCommand, options?: SendOptions): Promise<LinkResult>;
  subscribe(listener: (report: LockEventReport) => void): () => void;
  status(): { readonly online: boolean; readonly paired: boolean };
}

/** How long a command waits for its answer (wall time; a paused lock never answers). */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** How long a radio waits for an acknowledgement before it calls the lock out of reach. */
export const ACK_TIMEOUT_MS = 300;
/** Longest wait a caller may ask for. */
export const MAX_TIMEOUT_MS = 120_000;

/** The lock's refusal codes that mean something about the link, in the link's words. */
export function linkRefusal(code: string, reason: string): LinkResult {
  if (code === "radio.unpaired") return { ok: false, code: "lock.unpaired", reason };
  return { ok: false, code, reason };
}
