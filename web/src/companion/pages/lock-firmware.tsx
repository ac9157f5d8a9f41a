/**
 * A lock's firmware in the companion app (issue 14's hub routes): the version it runs, whether
 * a newer release exists for its model, and **Update** — the hub sends it over the lock's radio
 * (POST /locks/{id}/firmware_update answers 202); the status is read back while it runs
 * (pending → sending → verifying → updated, or rolled back / failed with the reason), only
 * while the tab is shown. Seed 004: "the app tells you when a firmware update exists".
 */
import { useEffect, useState } from "preact/hooks";
import { hub, HubError } from "../hub-client.ts";
import type { FirmwareUpdate, LockState } from "../hub-types.ts";
import { Problem } from "../ui.tsx";
import { issueText } from "../words.ts";
import { useVisibleInterval } from "../../use-visible.ts";

const STATUS_WORDS: Record<FirmwareUpdate["status"], string> = {
  pending: "Waiting to start",
  sending: "Sending the new firmware to the lock over its radio",
  verifying: "The lock is checking and installing it",
  updated: "Updated",
  "rolled-back": "Rolled back: the lock went back to the version it ran",
  failed: "Failed",
  skipped: "Skipped",
};
const RUNNING = new Set<FirmwareUpdate["status"]>(["pending", "sending", "verifying"]);
/** How often a running update's status is read back. */
const FIRMWARE_POLL_MS = 2000;

export function FirmwareFacts({ lock, onUpdated }: { lock: LockState; onUpdated: () => void }) {
  const [update, setUpdate] = useState<FirmwareUpdate | null>(null);
  const [error, setError] = useState<HubError | undefined>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void hub.firmwareUpdate(lock.lock_id).then(setUpdate, () => undefined);
  }, [lock.lock_id]);
  const running = update !== null && RUNNING.has(update.status);
  useVisibleInterval(
    () =>
      void hub.firmwareUpdate(lock.lock_id).then(
        (u) => {
          setUpdate(u);
          if (u && !RUNNING.has(u.status)) onUpdated();
        },
        () => undefined,
      ),
    running ? FIRMWARE_POLL_MS : null,
  );
  const start = async (): Promise<void> => {
    setBusy(true);
    try {
      setUpdate(await hub.updateFirmware(lock.lock_id));
      setError(undefined);
    } catch (e) {
      setError(e instanceof HubError ? e : undefined);
    } finally {
      setBusy(false);
    }
  };
  const available = lock.firmware_update_available;
  return (
    <div class="wide" data-firmware-facts="">
      <dt>Firmware</dt>
      <dd>
        <span data-firmware>{lock.firmware_version ?? "—"}</span>
        {available && !running ? (
          <>
            {" "}
            <span class="warn-text" data-update-available={available}>
              · update available: {available}
            </span>
            <span class="block">
              <button type="button" class="primary" disabled={busy} onClick={() => void start()}>
                Update to {available}
              </button>
            </span>
          </>
        ) : (
          lock.firmware_reported !== null && !running && <span class="muted"> · up to date</span>
        )}
        {update && (
          <span class="block small" role="status" data-firmware-status={update.status}>
            {update.previous_version ? `${update.previous_version} → ` : ""}
            {update.version}: {STATUS_WORDS[update.status]}
            {update.error ? ` (${issueText(update.error)})` : ""}
            {RUNNING.has(update.status) ? "…" : "."}
          </span>
        )}
        <Problem error={error} />
      </dd>
    </div>
  );
}
