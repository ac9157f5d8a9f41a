/**
 * Sends one signed image to one lock through its link (issue 14): what the firmware's update
 * commands ask for — `updateBegin`, the image chunk by chunk in order at the size the lock's
 * radio carries, `updateFinish` — and reads the answer the lock gives after the boot that tried
 * the new image. Honest about where it stopped: every outcome says updated, rolled back (the
 * new image failed its self-test, the old one runs), or failed with the lock's or the link's
 * stable code.
 */
import type { FirmwareStatus, UpdateProgress } from "../../core/radio-types.ts";
import { toBase64 } from "../../core/update/image-store.ts";
import type { HubLockLink, LinkResult } from "../host-port.ts";

export type SendOutcome =
  | { readonly status: "updated"; readonly version: string }
  | {
      readonly status: "rolled-back";
      readonly running: string;
      readonly code: string;
      readonly reason: string;
    }
  | { readonly status: "failed"; readonly code: string; readonly reason: string };

export interface SendOptions {
  readonly allowDowngrade?: boolean;
  /**
   * Told when the transfer starts and when the image is being verified and booted. `false`
   * at "sending" withdraws the update before its first byte (a rollout cancelled meanwhile).
   */
  readonly onPhase?: (phase: "sending" | "verifying") => Promise<boolean | void> | boolean | void;
  /** Wall ms for one chunk's answer (a Z-Wave fragment takes 150 ms of lock time). */
  readonly chunkTimeoutMs?: number;
  /** Wall ms for the finish: the read-back, the restart and the boot (2 s of lock time). */
  readonly finishTimeoutMs?: number;
}

function isStatus(data: unknown): data is FirmwareStatus {
  const d = data as Partial<FirmwareStatus> | null;
  return typeof d === "object" && d !== null && typeof d.version === "string";
}

function isProgress(data: unknown): data is UpdateProgress {
  const d = data as Partial<UpdateProgress> | null;
  return typeof d === "object" && d !== null && typeof d.chunkBytes === "number" && d.chunkBytes > 0;
}

const failed = (r: Extract<LinkResult, { ok: false }>): SendOutcome => ({
  status: "failed",
  code: r.code,
  reason: r.reason,
});

/** Asks the lock what it runs: its FirmwareStatus, or the link's refusal. */
export async function askStatus(
  link: HubLockLink,
): Promise<FirmwareStatus | Extract<LinkResult, { ok: false }>> {
  const r = await link.send({ type: "firmwareStatus" });
  if (!r.ok) return r;
  if (!isStatus(r.data))
    return {
      ok: false,
      code: "firmware.status-unreadable",
      reason: "the lock's answer is not a firmware status",
    };
  return r.data;
}

export async function sendImage(
  link: HubLockLink,
  image: Uint8Array,
  target: string,
  opts: SendOptions = {},
): Promise<SendOutcome> {
  const chunkTimeoutMs = opts.chunkTimeoutMs ?? 10_000;
  if ((await opts.onPhase?.("sending")) === false)
    return { status: "failed", code: "update.withdrawn", reason: "withdrawn before anything was sent" };
  const begun = await link.send({ type: "updateBegin", size: image.length }, { timeoutMs: chunkTimeoutMs });
  if (!begun.ok) return failed(begun);
  if (!isProgress(begun.data))
    return {
      status: "failed",
      code: "firmware.protocol",
      reason: "the lock's answer to updateBegin has no chunk size",
    };
  // Never more than the lock says its radio carries, nor more than core's largest chunk.
  const chunk = Math.min(begun.data.chunkBytes, 4096);
  for (let at = 0; at < image.length; at += chunk) {
    const bytes = image.subarray(at, at + chunk);
    const r = await link.send(
      { type: "updateChunk", offset: at, data: toBase64(bytes) },
      { timeoutMs: chunkTimeoutMs },
    );
    if (!r.ok) return failed(r);
  }
  await opts.onPhase?.("verifying");
  const finished = await link.send(
    { type: "updateFinish", ...(opts.allowDowngrade ? { allowDowngrade: true } : {}) },
    { timeoutMs: opts.finishTimeoutMs ?? 60_000 },
  );
  if (!finished.ok) return failed(finished);
  const status = finished.data;
  if (!isStatus(status))
    return {
      status: "failed",
      code: "firmware.protocol",
      reason: "the lock's answer to updateFinish is not a firmware status",
    };
  return outcomeOf(status, target);
}

/** What a lock's status after the boot says about the update to `target`. */
export function outcomeOf(status: FirmwareStatus, target: string): SendOutcome {
  if (status.version === target && status.last?.version === target && status.last.outcome === "updated")
    return { status: "updated", version: target };
  if (status.last?.version === target && status.last.outcome === "rolled-back")
    return {
      status: "rolled-back",
      running: status.version,
      code: "update.rolled-back",
      reason: status.last.reason ?? "the new image failed its self-test at its first boot",
    };
  if (status.version === target) return { status: "updated", version: target };
  return {
    status: "failed",
    code: "update.unconfirmed",
    reason: `the lock runs ${status.version} after the restart and says nothing of ${target}`,
  };
}
