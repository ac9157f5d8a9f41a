/**
 * One lock as a person checks it: bolt, door, battery with its forecast, online and paired,
 * last activity; lock, and unlock after a confirmation (the door opens for anyone there).
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { useConfirm } from "../../use-confirm.ts";
import { hub, HubError } from "../hub-client.ts";
import type { LockState } from "../hub-types.ts";
import { href } from "../router.ts";
import { Problem } from "../ui.tsx";
import { boltText, day, eventText, sourceText, when } from "../words.ts";

export function batteryText(l: LockState): string {
  if (!l.battery) return "No batteries";
  const level = l.battery.level === "ok" ? "" : ` — ${l.battery.level}`;
  return `${l.battery.percent}%${level}`;
}

export function forecastText(l: LockState): string {
  const at = l.battery_forecast.stops_locking_at;
  if (at) return `stops locking around ${day(at)}`;
  return l.battery_forecast.samples < 3 ? "forecast after a few more readings" : "no drop seen yet";
}

export function LockCard({
  lock,
  names,
  onChange,
  linkName = true,
  siteName,
}: {
  lock: LockState;
  names: ReadonlyMap<string, string>;
  onChange: (l: LockState) => void;
  linkName?: boolean;
  /** The lock's site, shown when the page lists several (three buildings each have a "Unit 1"). */
  siteName?: string;
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<HubError | undefined>();
  const [pin, setPin] = useState("");
  const confirm = useConfirm(confirming, () => setConfirming(false));
  // What a screen reader hears after Lock or Unlock: the bolt in words once it has moved (the
  // card's Bolt line changes silently, and the hub's answer may come before the bolt stops).
  const [said, setSaid] = useState("");
  const asked = useRef(false);
  useEffect(() => {
    if (!asked.current || lock.bolt === "locking" || lock.bolt === "unlocking") return;
    asked.current = false;
    setSaid(`${lock.name}: ${boltText(lock.bolt)}.`);
  }, [lock.bolt, busy]);
  const needsPin = lock.settings.some((s) => s.name === "requirePinForRemote" && s.value === true);
  const run = async (action: "lock" | "unlock"): Promise<void> => {
    setBusy(true);
    setError(undefined);
    setSaid("");
    try {
      const next = await hub.remote(lock.lock_id, action, needsPin ? pin : undefined);
      asked.current = true;
      onChange(next);
      setConfirming(false);
    } catch (e) {
      setError(e instanceof HubError ? e : undefined);
    } finally {
      setBusy(false);
    }
  };
  const last = lock.last_activity;
  const titleId = `lock-${lock.lock_id}-name`;
  return (
    <article
      class="card lock-card"
      aria-labelledby={titleId}
      data-lock={lock.lock_id}
      data-bolt={lock.bolt ?? ""}
    >
      <h2 id={titleId}>
        {linkName ? <a href={href("locks", lock.lock_id)}>{lock.name}</a> : lock.name}{" "}
        <span class="muted small">{lock.model}</span>
      </h2>
      {siteName && (
        <p class="muted small site-name" data-site-name="">
          {siteName}
        </p>
      )}
      <dl class="facts">
        <div>
          <dt>Bolt</dt>
          <dd class={`bolt bolt-${lock.bolt ?? "unknown"}`}>{boltText(lock.bolt)}</dd>
        </div>
        <div>
          <dt>Door</dt>
          <dd>{lock.door === null ? "No door sensor" : lock.door === "open" ? "Open" : "Closed"}</dd>
        </div>
        <div>
          <dt>Battery</dt>
          <dd>
            <span data-battery>{batteryText(lock)}</span>
            <span class="muted small block">{forecastText(lock)}</span>
          </dd>
        </div>
        <div>
          <dt>Connection</dt>
          {lock.removed_at ? (
            <dd class="warn-text" data-removed="">
              Deleted from the host {when(lock.removed_at)}: it holds no codes
            </dd>
          ) : (
            <dd>
              {lock.online ? "Online" : "Offline"} · {lock.paired ? "Paired" : "Not paired"}
            </dd>
          )}
        </div>
        <div class="wide">
          <dt>Last activity</dt>
          <dd>
            {last ? (
              <>
                {eventText(last.kind)}{" "}
                {last.person_id && !last.source.startsWith("person:")
                  ? `by ${names.get(last.person_id) ?? "someone"} `
                  : ""}
                {sourceText(last.source, names)}, {when(last.at)}
              </>
            ) : (
              "None yet"
            )}
          </dd>
        </div>
        {lock.mode && lock.mode !== "normal" && (
          <div class="wide">
            <dt>Mode</dt>
            <dd class="warn-text">
              {lock.mode === "vacation" ? "Vacation: keypad codes are off" : lock.mode}
            </dd>
          </div>
        )}
      </dl>
      {needsPin && (
        <label class="inline">
          Your code (this lock asks for one)
          <input
            inputMode="numeric"
            autoComplete="off"
            type="password"
            value={pin}
            onInput={(e) => setPin(e.currentTarget.value)}
          />
        </label>
      )}
      <div class="actions">
        <button
          type="button"
          class="primary"
          disabled={busy}
          aria-label={`Lock ${lock.name}`}
          onClick={() => void run("lock")}
        >
          Lock
        </button>
        {!confirming && (
          <button
            type="button"
            ref={confirm.openerRef}
            disabled={busy}
            aria-label={`Unlock ${lock.name}`}
            onClick={() => setConfirming(true)}
          >
            Unlock…
          </button>
        )}
      </div>
      {confirming && (
        <div
          class="confirm"
          role="group"
          aria-label={`Confirm unlocking ${lock.name}`}
          onKeyDown={confirm.onKeyDown}
        >
          <p>Unlock {lock.name}? Anyone at the door can then open it.</p>
          <div class="actions">
            <button type="button" class="danger" disabled={busy} onClick={() => void run("unlock")}>
              Yes, unlock
            </button>
            <button type="button" ref={confirm.safeRef} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <Problem error={error} />
      <p class="sr-only" role="status" data-said="">
        {said}
      </p>
    </article>
  );
}
