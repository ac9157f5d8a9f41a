// "Support report" in one click: what seed 000 says to have ready before calling support,
// filled in from the lock (GET /api/locks/:id/support-report), shown on the page with the
// number and hours, and offered as a download (Markdown for a person, JSON for a tool) with
// the scenario file that rebuilds the lock.
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api-client.ts";
import type { SupportReport } from "../api-types.ts";
import type { TroubleshootLock } from "./troubleshooter.tsx";
import "./troubleshooter.css";

export function SupportReportButton(props: { lock: TroubleshootLock; onReport: (r: SupportReport) => void }) {
  const [busy, setBusy] = useState(false);
  const make = () => {
    setBusy(true);
    api
      .supportReport(props.lock.id)
      .then(props.onReport, () => undefined)
      .finally(() => setBusy(false));
  };
  return (
    <button type="button" data-action="support-report" disabled={busy} onClick={make}>
      Support report
    </button>
  );
}

export function SupportReportView(props: {
  lock: TroubleshootLock;
  report: SupportReport;
  onClose: () => void;
}) {
  const { report: r, lock } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [r]);
  // Closed (Escape, Close the report), the report goes away under the keyboard's focus: it
  // goes back to the lock's Support report button, not to the top of the page.
  useEffect(() => {
    const opener = document.querySelector<HTMLElement>(
      `section.lock[data-lock-id="${CSS.escape(lock.id)}"] [data-action="support-report"]`,
    );
    return () =>
      setTimeout(() => {
        if (document.activeElement === document.body || document.activeElement === null) opener?.focus();
      });
  }, [lock.id]);
  const base = `/api/locks/${encodeURIComponent(lock.id)}`;
  return (
    <section
      class="support-report panel"
      role="dialog"
      aria-modal="false"
      aria-labelledby={`${lock.id}-support-title`}
      data-support-report=""
      onKeyDown={(e) => e.key === "Escape" && props.onClose()}
    >
      <h3 id={`${lock.id}-support-title`} tabIndex={-1} ref={heading}>
        Support report: {r.lock.name}
      </h3>
      <p>
        Call {r.call.label}: <strong>{r.call.phone}</strong> — {r.call.hours}. {r.call.warranty}
      </p>
      <h4>Have these ready</h4>
      <ol class="support-items">
        {r.gather.map((g, i) => (
          <li key={i} data-item={i + 1}>
            <strong>{g.item}</strong>: {g.answer}.
          </li>
        ))}
      </ol>
      {r.stepsTried.length > 0 && (
        <>
          <h4>Steps already tried</h4>
          <ol>
            {r.stepsTried.map((s, i) => (
              <li key={i}>
                {s.text} → {s.outcome}
              </li>
            ))}
          </ol>
        </>
      )}
      <p class="muted">
        Also in the download: the recording ({r.recording.trace.length} entries), telemetry,{" "}
        {r.history.length} history entries and the lock as a scenario file.
      </p>
      <div class="step-actions">
        <a
          class="button-like primary"
          href={`${base}/support-report.md`}
          download
          data-action="download-report"
        >
          Download the report
        </a>
        <a
          class="button-like"
          href={`${base}/support-report`}
          download={`${lock.id}.support-report.json`}
          data-action="download-report-json"
        >
          Download as JSON
        </a>
        <a class="button-like" href={`${base}/scenario`} download={r.scenario.filename}>
          Download the scenario file
        </a>
        <button type="button" class="quiet" onClick={props.onClose}>
          Close the report
        </button>
      </div>
    </section>
  );
}
