// What the lock recorded (B-SEC-5), and every signal it gave, newest first.
import type { LockSnapshot } from "../api-types.ts";
import { clockTime, signalWords } from "../format.ts";
import { signalMeaning, withoutRuleIds } from "../words.ts";

export function HistoryPanel({ lock }: { lock: LockSnapshot }) {
  const rows = [...lock.history].reverse().slice(0, 40);
  const signals = [...lock.signals].reverse().slice(0, 12);
  return (
    <section class="panel history" aria-labelledby={`${lock.id}-history`}>
      <h3 id={`${lock.id}-history`}>History</h3>
      {/* It scrolls: focusable, so the keyboard can scroll it too (axe: scrollable-region-focusable). */}
      <div class="scroll" tabIndex={0} role="region" aria-label="History entries, newest first">
        <table class="history-table">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Event</th>
              <th scope="col">Source</th>
              <th scope="col">Slot</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((h, i) => (
              <tr key={`${h.atMs}-${i}`} data-kind={h.kind} data-source={h.source}>
                <td>{clockTime(h.atMs)}</td>
                <td>{h.kind}</td>
                <td>{h.source}</td>
                <td>{h.slot ?? ""}</td>
                <td title={h.detail}>{h.detail ? withoutRuleIds(h.detail) : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h4>Signals</h4>
      {/* It scrolls too: focusable, as the history box. */}
      <ol class="signal-log" tabIndex={0} aria-label="Signals, newest first">
        {signals.map((s) => (
          <li key={s.seq} data-seq={s.seq} data-signal={s.name} title={s.name}>
            <span
              class={`dot ${s.green ? "dot-green" : s.red ? "dot-red" : s.amber ? "dot-amber" : ""}`}
              aria-hidden="true"
            />
            {clockTime(s.atMs)} {signalWords(s)} <span class="muted">— {signalMeaning(s.name)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
