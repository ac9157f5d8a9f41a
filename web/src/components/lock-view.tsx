// One lock: its root element carries the lock's state as data-* attributes (data-bolt,
// data-led, data-keypad, data-motor, …) for tests and assistive tools; inside are the outside,
// the door, the inside, the how-to, time, the troubleshooter, faults, history and telemetry.
// Signals and the motor are announced in an aria-live log; digits typed on the keyboard
// press the keypad.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { api } from "../api-client.ts";
import type { KeyName, LockSnapshot } from "../api-types.ts";
import { signalWords } from "../format.ts";
import { MotorSound } from "../motor-sound.ts";
import { SignalPlayer, unlockAudio } from "../signal-player.ts";
import type { LedColor } from "../signal-player.ts";
import { useStore } from "../store.ts";
import { signalMeaning } from "../words.ts";
import { HowToPanel } from "./how-to.tsx";
import { motorState } from "./motor-view.tsx";
import type { MotorState } from "./motor-view.tsx";
import { SupportReportButton, SupportReportView } from "./support-report.tsx";
import type { SupportReport } from "../api-types.ts";
import { DoorView } from "./door-view.tsx";
import { Exterior } from "./exterior.tsx";
import { FaultsPanel } from "./faults-panel.tsx";
import { HistoryPanel } from "./history-panel.tsx";
import { Interior } from "./interior.tsx";
import { MatterPanel } from "./matter-panel.tsx";
import { TelemetryPanel } from "./telemetry-panel.tsx";
import { TimeControls } from "./time-controls.tsx";
import { TroubleshooterPanel } from "./troubleshooter.tsx";

/** What the page announces to screen readers: the newest few sentences, in a log. */
function useAnnouncer(): { said: readonly { n: number; text: string }[]; say: (text: string) => void } {
  const [said, setSaid] = useState<{ n: number; text: string }[]>([]);
  const n = useRef(0);
  const say = useMemo(
    () => (text: string) => setSaid((old) => [...old.slice(-4), { n: ++n.current, text }]),
    [],
  );
  return { said, say };
}

function useSignals(
  lock: LockSnapshot,
  soundOn: boolean,
  say: (text: string) => void,
): { led: LedColor; beeping: boolean } {
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
    for (const sig of fresh.slice(-3)) {
      const words = signalWords(sig);
      say(`The lock: ${words === "silent" ? "no flash or beep" : words} (${signalMeaning(sig.name)}).`);
    }
  }, [lock.signalCount, lock.signals, player, say]);
  useEffect(() => () => player.stop(), [player]);
  return { led, beeping };
}

/** The motor heard (a whirr while it runs, if the sound is on) and announced when it starts and stops. */
function useMotor(lock: LockSnapshot, soundOn: boolean, say: (text: string) => void): MotorState {
  const state = motorState(lock);
  const sound = useMemo(() => new MotorSound(), []);
  const last = useRef<MotorState>(state);
  useEffect(() => {
    if (state !== "still" && soundOn) sound.start(state === "free-spin");
    else sound.stop();
    if (last.current !== state) {
      if (state === "free-spin") say("The motor is running, but the bolt is not moving.");
      else if (state === "driving") say("The motor is running.");
      else say(`The motor stopped. The bolt is ${lock.bolt}.`);
      last.current = state;
    }
  }, [state, soundOn, sound, say, lock.bolt]);
  useEffect(() => () => sound.stop(), [sound]);
  return state;
}

/** Digits typed anywhere on the page (not in a text field) press the shown lock's keypad. */
function useTypedDigits(lock: LockSnapshot): void {
  const id = useRef(lock.id);
  id.current = lock.id;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.repeat || !/^[0-9]$/.test(e.key)) return;
      const target = e.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable]")) return;
      const root = document.querySelector(`section.lock[data-lock-id="${CSS.escape(id.current)}"]`);
      const button = root?.querySelector<HTMLButtonElement>(`.keypad button[data-keys~="${e.key}"]`);
      if (!button?.dataset["key"]) return;
      e.preventDefault();
      unlockAudio();
      button.classList.add("is-typed");
      setTimeout(() => button.classList.remove("is-typed"), 160);
      void api.key(id.current, { key: button.dataset["key"] as KeyName, action: "tap" });
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
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
  const { said, say } = useAnnouncer();
  const { led, beeping } = useSignals(lock, s.soundOn, say);
  const motor = useMotor(lock, s.soundOn, say);
  useTypedDigits(lock);
  const [report, setReport] = useState<SupportReport | null>(null);
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
      data-motor={motor}
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
          <SupportReportButton lock={lock} onReport={setReport} />
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
                void api
                  .removeLock(lock.id)
                  // The lock's page goes away under the keyboard's focus: it goes to the tab of
                  // the lock shown now (or Add a lock when none is left).
                  .then(() =>
                    setTimeout(() =>
                      document
                        .querySelector<HTMLElement>(
                          '[role="tab"][aria-selected="true"], [data-action="add-lock"]',
                        )
                        ?.focus(),
                    ),
                  )
                  .catch(() => undefined);
            }}
          >
            Remove this lock
          </button>
        </div>
      </header>
      {report && <SupportReportView lock={lock} report={report} onClose={() => setReport(null)} />}
      <div
        class="sr-only"
        role="log"
        aria-live="polite"
        aria-label="What the lock does"
        data-announcements=""
      >
        {said.map((x) => (
          <p key={x.n}>{x.text}</p>
        ))}
      </div>
      <StatusSummary lock={lock} />
      <TimeControls lock={lock} />
      <div class="lock-body">
        <Exterior lock={lock} led={led} beeping={beeping} />
        <DoorView lock={lock} />
        <Interior lock={lock} led={led} />
      </div>
      <HowToPanel lock={lock} />
      <div class="panels">
        <TroubleshooterPanel lock={lock} />
        <HistoryPanel lock={lock} />
        <TelemetryPanel lock={lock} />
        <FaultsPanel lock={lock} />
        <MatterPanel lock={lock} />
      </div>
    </section>
  );
}
