// One lock: its root element carries the lock's state as data-* attributes (data-bolt,
// data-led, data-keypad, …) for tests and assistive tools; inside are the outside, the door,
// the inside, time, the troubleshooter, faults, history and telemetry.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { api } from "../api-client.ts";
import type { LockSnapshot } from "../api-types.ts";
import { SignalPlayer } from "../signal-player.ts";
import type { LedColor } from "../signal-player.ts";
import { useStore } from "../store.ts";
import { DoorView } from "./door-view.tsx";
import { Exterior } from "./exterior.tsx";
import { FaultsPanel } from "./faults-panel.tsx";
import { HistoryPanel } from "./history-panel.tsx";
import { Interior } from "./interior.tsx";
import { MatterPanel } from "./matter-panel.tsx";
import { ProceduresPanel, TelemetryPanel } from "./telemetry-panel.tsx";
import { TimeControls } from "./time-controls.tsx";
import { TroubleshooterPanel } from "./troubleshooter.tsx";

function useSignals(lock: LockSnapshot, soundOn: boolean): { led: LedColor; beeping: boolean } {
  const [led, setLed] = useState<LedColor>("off");
  const [beeping, setBeeping] = useState(false);
  const player = useMemo(() => new SignalPlayer({ led: setLed, beeping: setBeeping }), []);
  player.soundOn = soundOn;
  // Signals given before this page saw the lock are history, not to be replayed.
  const played = useRef(lock.signalCount);
  useEffect(() => {
    const fresh = lock.signals.filter((s) => s.seq > played.current);
    played.current = Math.max(played.current, lock.signalCount);
    if (fresh.length > 0) player.play(fresh);
  }, [lock.signalCount, lock.signals, player]);
  useEffect(() => () => player.stop(), [player]);
  return { led, beeping };
}

function StatusSummary({ lock }: { lock: LockSnapshot }) {
  const items: [string, string][] = [
    ["Bolt", lock.bolt],
    ["Lock reports", lock.reported],
    ["Keypad", lock.keypad],
    ["Handed", lock.handed ? "yes" : "no"],
    ["User codes", String(lock.codes)],
    ["Battery (lock's reading)", lock.battery],
    ["Door", lock.doorClosed ? "closed" : "open"],
    ["Air", `${lock.temperatureC} °C`],
  ];
  const last = lock.lastEvent;
  return (
    <div class="status">
      <dl class="status-grid">
        {items.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd data-status={k}>{v}</dd>
          </div>
        ))}
      </dl>
      <p class="sr-only" aria-live="polite">
        Bolt {lock.bolt}. The lock reports {lock.reported}. Keypad {lock.keypad}.
        {last ? ` Last: ${last.type} by ${last.source}${last.slot ? `, slot ${last.slot}` : ""}.` : ""}
      </p>
    </div>
  );
}

export function LockView({ lock }: { lock: LockSnapshot }) {
  const s = useStore();
  const { led, beeping } = useSignals(lock, s.soundOn);
  return (
    <section
      class="lock"
      aria-label={`Lock: ${lock.name}`}
      data-lock-id={lock.id}
      data-profile={lock.profile.id}
      data-bolt={lock.bolt}
      data-bolt-mm={lock.boltMm.toFixed(1)}
      data-led={led}
      data-beeping={beeping ? "true" : "false"}
      data-keypad={lock.keypad}
      data-reported={lock.reported}
      data-handed={String(lock.handed)}
      data-codes={lock.codes}
      data-powered={String(lock.powered)}
      data-door={lock.doorClosed ? "closed" : "open"}
      data-pack={lock.pack.inserted ? "in" : "out"}
      data-battery={lock.battery}
      data-clutch={lock.clutch}
      data-speed={lock.speed}
      data-signal-count={lock.signalCount}
      data-paired={String(lock.link.paired)}
      data-online={String(lock.link.online)}
    >
      <header class="lock-head">
        <div>
          <h2>{lock.name}</h2>
          <p class="muted">
            {lock.profile.name} · models {lock.profile.models.join(", ")} · {lock.profile.radio ?? "no radio"}
          </p>
        </div>
        <div class="lock-tools">
          <a
            class="button-like quiet"
            href={`/api/locks/${encodeURIComponent(lock.id)}/scenario`}
            download={`${lock.id}.scenario.yaml`}
            data-action="export-lock"
          >
            Save as a scenario file
          </a>
          <button
            type="button"
            class="quiet"
            onClick={() => {
              if (confirm(`Remove the lock "${lock.name}"?`))
                void api.removeLock(lock.id).catch(() => undefined);
            }}
          >
            Remove this lock
          </button>
        </div>
      </header>
      <StatusSummary lock={lock} />
      <TimeControls lock={lock} />
      <div class="lock-body">
        <Exterior lock={lock} led={led} beeping={beeping} />
        <DoorView lock={lock} />
        <Interior lock={lock} led={led} />
      </div>
      <div class="panels">
        <TroubleshooterPanel lock={lock} />
        <HistoryPanel lock={lock} />
        <TelemetryPanel lock={lock} />
        <FaultsPanel lock={lock} />
        <ProceduresPanel lock={lock} />
        <MatterPanel lock={lock} />
      </div>
    </section>
  );
}
