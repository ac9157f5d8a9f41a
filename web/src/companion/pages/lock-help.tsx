/**
 * A lock's help and pairing in the companion app. Help: the troubleshooter (its own page, on
 * this lock, with its telemetry) and seed 000's support report in one click — the lock page's
 * own components and the lock server's routes (GET /api/locks/:id/support-report), not a
 * second copy. Pairing: whether the hub reaches the lock, and for one that is not paired the
 * model's own two steps (the hub's, then the lock's) and a button that does them on the
 * simulated lock (POST /api/locks/:id/pairing); the hub then restores the lock's codes.
 */
import { useState } from "preact/hooks";
import { api } from "../../api-client.ts";
import type { PairingResult, SupportReport } from "../../api-types.ts";
import { SupportReportButton, SupportReportView } from "../../components/support-report.tsx";
import type { LockState } from "../hub-types.ts";
import { useLockSnapshot } from "../live.ts";
import { href } from "../router.ts";
import { LockServerProblem } from "../ui.tsx";

export function HelpCard({ lock }: { lock: LockState }) {
  const [report, setReport] = useState<SupportReport | null>(null);
  const target = { id: lock.lock_id };
  return (
    <section class="card" aria-labelledby="help-title" data-help="">
      <h2 id="help-title">Something wrong?</h2>
      <p>
        The troubleshooter asks what you notice, reads what {lock.name} reports about itself, and leads you to
        the cheapest fix, step by step. Before calling support, make the report: it holds what they ask for.
      </p>
      <div class="actions">
        <a class="button-link primary" href={href("locks", lock.lock_id, "troubleshoot")}>
          Troubleshoot {lock.name}
        </a>
        <SupportReportButton lock={target} onReport={setReport} />
      </div>
      <LockServerProblem />
      {report && <SupportReportView lock={target} report={report} onClose={() => setReport(null)} />}
    </section>
  );
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function PairingPart({ lock }: { lock: LockState }) {
  const snap = useLockSnapshot(lock.lock_id);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<PairingResult["pairing"] | null>(null);
  const pairing = snap?.profile.pairing ?? null;
  const radio = snap?.link.radio ?? null;
  const pair = (): void => {
    setBusy(true);
    void api.pairing(lock.lock_id, "pair").then((r) => {
      setBusy(false);
      setDone(r);
    });
  };
  return (
    <div data-pairing={lock.paired ? "paired" : "unpaired"}>
      <h3>Pairing</h3>
      {lock.paired ? (
        <p>Paired with the hub: codes and commands reach it over its radio.</p>
      ) : (
        <>
          <p class="warn-text">
            Not paired: the hub cannot send it codes. The hub restores its codes once it is paired.
          </p>
          {pairing && radio ? (
            <>
              <p>To pair it, as its guide says:</p>
              <ol>
                <li>{capital(pairing.controllerStep)}.</li>
                <li>{capital(pairing.lockStep)}.</li>
              </ol>
              <button type="button" class="primary" data-action="pair" disabled={busy} onClick={pair}>
                {radio === "zwave"
                  ? "Start inclusion (I press button A on the lock)"
                  : "Add it now (I am at the lock)"}
              </button>
            </>
          ) : (
            <p>
              Pair it at the lock (a factory reset unpairs it): open{" "}
              <a href={`/#${encodeURIComponent(lock.lock_id)}`}>this lock on the lock page</a> and follow the
              phone-app panel's pairing steps.
            </p>
          )}
        </>
      )}
      {done && (
        <ol class="small" data-pairing-steps="" aria-label="What happened">
          {done.steps.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ol>
      )}
    </div>
  );
}
