/**
 * One lock: its state and remote buttons, its codes with each one's sync status, settings
 * (auto-lock, sound, LED, modes), firmware, pairing (and pairing it), its history, and help:
 * the troubleshooter on it and its support report. Kept current by the live socket.
 */
import { useEffect, useState } from "preact/hooks";
import { useConfirm } from "../../use-confirm.ts";
import { hub, HubError } from "../hub-client.ts";
import type { LockState, Me, Setting } from "../hub-types.ts";
import { go, href } from "../router.ts";
import { useLoad } from "../use-load.ts";
import { heard } from "../live.ts";
import { Loading, Notice, PageTitle, Problem } from "../ui.tsx";
import { LockCard } from "./lock-card.tsx";
import { LockCodeLine } from "./code-status.tsx";
import { usePeopleNames } from "./locks-page.tsx";
import { EventTable } from "./history-page.tsx";
import { HelpCard, PairingPart } from "./lock-help.tsx";
import { FirmwareFacts } from "./lock-firmware.tsx";

export function LockPage({ lockId, me }: { lockId: string; me: Me }) {
  const lock = useLoad(() => hub.lockState(lockId), [lockId], { pollMs: 10_000, hears: heard.lock(lockId) });
  const codes = useLoad(() => hub.codes({ lock_id: lockId }), [lockId], {
    pollMs: 10_000,
    hears: heard.lock(lockId),
  });
  const events = useLoad(() => hub.events({ lock_id: lockId, limit: 20 }), [lockId], {
    pollMs: 10_000,
    hears: heard.lock(lockId),
  });
  const names = usePeopleNames();
  const [fresh, setFresh] = useState<LockState | undefined>();
  const l = fresh ?? lock.data;
  if (lock.error)
    return (
      <>
        <PageTitle>Lock</PageTitle>
        <Problem error={lock.error} />
      </>
    );
  if (!l) return <Loading what="the lock" />;
  const live = (codes.data ?? []).filter((c) => c.deleted_at === null);
  return (
    <>
      <PageTitle>{l.name}</PageTitle>
      <p>
        <a href={href("locks")}>All locks</a>
      </p>
      <div class="two-col">
        <div>
          <LockCard
            lock={l}
            names={names}
            linkName={false}
            onChange={(n) => {
              setFresh(n);
              void Promise.all([lock.reload(), events.reload()]).then(() => setFresh(undefined));
            }}
          />
          <section class="card" aria-labelledby="codes-title">
            <h2 id="codes-title">Codes on this lock</h2>
            <Problem error={codes.error} />
            {live.length === 0 && codes.data && <p>No code yet.</p>}
            <ul class="plain">
              {live.map((c) => {
                const row = c.locks.find((r) => r.lock_id === lockId);
                return (
                  <li key={c.id} class="code-line">
                    <a href={href("codes", c.id)}>{c.name}</a>
                    {c.person_id && (
                      <span class="muted small"> · {names.get(c.person_id) ?? c.person_id}</span>
                    )}
                    {row && <LockCodeLine row={row} />}
                  </li>
                );
              })}
            </ul>
            {l.unmanaged_codes.length > 0 && (
              <p class="warn-text">
                {l.unmanaged_codes.length} code{l.unmanaged_codes.length > 1 ? "s" : ""} typed in at the
                keypad (slot {l.unmanaged_codes.map((u) => u.slot).join(", ")}): not managed by the hub.
              </p>
            )}
            <p>
              <a class="button-link" href={`${href("codes", "new")}?lock=${encodeURIComponent(lockId)}`}>
                Add a code to this lock
              </a>
            </p>
          </section>
        </div>
        <div>
          <HelpCard lock={l} />
          <SettingsCard lock={l} me={me} onSaved={(n) => setFresh(n)} />
          <section class="card" aria-labelledby="about-title">
            <h2 id="about-title">About this lock</h2>
            <dl class="facts">
              <div>
                <dt>Model</dt>
                <dd>{l.model ?? "—"}</dd>
              </div>
              <FirmwareFacts lock={l} onUpdated={() => void lock.reload()} />
              <div>
                <dt>Radio</dt>
                <dd>
                  {l.radio
                    ? ({ zwave: "Z-Wave", wifi: "Wi-Fi", bluetooth: "Bluetooth" }[l.radio] ?? l.radio)
                    : "None"}
                </dd>
              </div>
              <div>
                <dt>Codes</dt>
                <dd>
                  {l.code_rules
                    ? `${l.code_rules.minLength}–${l.code_rules.maxLength} digits, ${l.code_rules.capacity} slots`
                    : "—"}
                </dd>
              </div>
            </dl>
            <PairingPart lock={l} />
            <p>
              <a href={`/#${encodeURIComponent(lockId)}`}>Open {l.name} on the lock page</a>
            </p>
          </section>
          {me.role !== "guest" && <TakeOffCard lock={l} codesOnIt={live.length} />}
        </div>
      </div>
      <section class="card" aria-labelledby="lock-history-title">
        <h2 id="lock-history-title">History</h2>
        <EventTable
          events={events.data ?? []}
          names={names}
          lockNames={new Map([[l.lock_id, l.name]])}
          label={`${l.name}'s last events, newest first`}
        />
        <p>
          <a href={`${href("history")}?lock_id=${encodeURIComponent(lockId)}`}>All of this lock's history</a>
        </p>
      </section>
    </>
  );
}

function SettingsCard({ lock, me, onSaved }: { lock: LockState; me: Me; onSaved: (l: LockState) => void }) {
  const [values, setValues] = useState<Record<string, number | boolean>>({});
  const [mode, setMode] = useState(lock.mode ?? "normal");
  const [error, setError] = useState<HubError | undefined>();
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => setMode(lock.mode ?? "normal"), [lock.mode]);
  const value = (s: Setting) => values[s.name] ?? s.value;
  const shown = lock.settings.filter((s) => s.name !== "programmingSwitch");
  const save = async (e: Event): Promise<void> => {
    e.preventDefault();
    try {
      const changed = Object.fromEntries(
        Object.entries(values).filter(([k, v]) => lock.settings.find((s) => s.name === k)?.value !== v),
      );
      const body = {
        ...(Object.keys(changed).length ? { settings: changed } : {}),
        ...(mode !== lock.mode ? { mode } : {}),
      };
      if (Object.keys(body).length === 0) {
        setNotice("Nothing changed.");
        return;
      }
      onSaved(await hub.settings(lock.lock_id, body));
      setValues({});
      setError(undefined);
      setNotice("Saved: the lock took the new settings.");
    } catch (err) {
      setError(err instanceof HubError ? err : undefined);
      setNotice(null);
    }
  };
  void me;
  return (
    <section class="card" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <form class="form" onSubmit={(e) => void save(e)}>
        {shown.map((s) =>
          typeof s.value === "boolean" ? (
            <label class="check" key={s.name}>
              <input
                type="checkbox"
                name={s.name}
                checked={value(s) as boolean}
                onChange={(e) => setValues({ ...values, [s.name]: e.currentTarget.checked })}
              />
              {s.label}
            </label>
          ) : s.name === "autoLockSeconds" && Array.isArray(s.allowed) ? (
            <label key={s.name}>
              {s.label}
              <select
                aria-label={s.label}
                name={s.name}
                value={String(value(s))}
                onChange={(e) => setValues({ ...values, [s.name]: Number(e.currentTarget.value) })}
              >
                {(s.allowed as number[]).map((n) => (
                  <option key={n} value={n}>
                    {n === 0 ? "Off" : `${n} seconds`}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <label key={s.name}>
              {s.label}
              <input
                type="number"
                name={s.name}
                min={0}
                value={String(value(s))}
                onInput={(e) => setValues({ ...values, [s.name]: Number(e.currentTarget.value) })}
              />
            </label>
          ),
        )}
        <p class="muted small">
          One-touch locking: {lock.one_touch_locking ? "on — press the lock key with no code typed" : "—"}.
          Settings show what the hub last knew: what it sent, and what the lock reported when it or another
          controller changed one.
        </p>
        {lock.modes.length > 0 && (
          <fieldset>
            <legend>Mode</legend>
            {lock.modes.map((m) => (
              <label class="check" key={m}>
                <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} />
                {{
                  normal: "Normal",
                  vacation: "Vacation (keypad codes off)",
                  privacy: "Privacy (keypad codes off)",
                  passage: "Passage (stays unlocked)",
                }[m] ?? m}
              </label>
            ))}
          </fieldset>
        )}
        <button type="submit" class="primary">
          Save settings
        </button>
        <Problem error={error} />
        <Notice text={notice} />
      </form>
    </section>
  );
}

/**
 * Taking the lock off the hub's care (a door retired, a lock deleted for good), after a
 * confirmation that says what it does: its codes leave it, its alerts close, it leaves the
 * list. The Locks page brings it back.
 */
function TakeOffCard({ lock, codesOnIt }: { lock: LockState; codesOnIt: number }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<HubError | undefined>();
  const confirm = useConfirm(confirming, () => setConfirming(false));
  const takeOff = async (): Promise<void> => {
    setBusy(true);
    try {
      await hub.setManaged(lock.lock_id, false);
      go("locks");
    } catch (err) {
      setError(err instanceof HubError ? err : undefined);
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="take-off-title">
      <h2 id="take-off-title">Take off the hub</h2>
      <p class="muted small">
        For a door you retire or a lock gone for good: the hub stops caring for it. Its history stays.
      </p>
      {!confirming && (
        <button type="button" ref={confirm.openerRef} onClick={() => setConfirming(true)}>
          Take {lock.name} off the hub…
        </button>
      )}
      {confirming && (
        <div
          class="confirm"
          role="group"
          aria-label={`Confirm taking ${lock.name} off the hub`}
          onKeyDown={confirm.onKeyDown}
        >
          <p>
            Take {lock.name} off the hub?{" "}
            {codesOnIt > 0
              ? `The hub deletes its ${codesOnIt} code${codesOnIt > 1 ? "s" : ""} from the lock (one it cannot reach keeps them: the code then says so), `
              : "It has no code of the hub's; "}
            its alerts close, and it leaves your list of locks. You can bring it back from the Locks page.
          </p>
          <div class="actions">
            <button type="button" class="danger" disabled={busy} onClick={() => void takeOff()}>
              Yes, take it off
            </button>
            <button type="button" ref={confirm.safeRef} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <Problem error={error} />
    </section>
  );
}
