/**
 * Alerts to acknowledge (battery with its forecast, jam, lockout, offline, factory reset, a
 * code that failed to sync) and Care: the guides' reminders (test every code monthly with the
 * door open, change the batteries, delete a guest's code after they leave).
 */
import { useEffect, useState } from "preact/hooks";
import { hub, HubError } from "../hub-client.ts";
import type { Alert, Me } from "../hub-types.ts";
import { href } from "../router.ts";
import { useLoad } from "../use-load.ts";
import { heard, live } from "../live.ts";
import { Notice, PageTitle, Problem } from "../ui.tsx";
import { alertSymptom, alertTitle, when } from "../words.ts";

const CARE_HOW: Record<string, string> = {
  "care.test-codes":
    "With the door open, type every code at the keypad and check the bolt moves each time (the guides ask for this monthly).",
  "care.battery-change":
    "Put in a fresh set of batteries of one brand, all at once, even without a low-battery warning.",
};

export function AlertsPage({ me, care }: { me: Me; care: boolean }) {
  const alerts = useLoad(() => hub.alerts(), [], { pollMs: 10_000, hears: heard.alerts });
  const locks = useLoad(() => hub.lockStates(), []);
  const [error, setError] = useState<HubError | undefined>();
  const [notice, setNotice] = useState<string | null>(null);
  // An alert that closed (the lock is fine again, or someone else acknowledged it) leaves the
  // list the moment the socket says so; the reload that follows confirms it.
  const [closed, setClosed] = useState<ReadonlySet<number>>(new Set());
  useEffect(
    () =>
      live.listen((m) => {
        if (m.type === "hub-alert-resolved") setClosed((c) => new Set(c).add(m.alert.id));
      }),
    [],
  );
  const names = new Map((locks.data ?? []).map((l) => [l.lock_id, l.name]));
  const shown = (alerts.data ?? []).filter((a) => a.kind.startsWith("care.") === care && !closed.has(a.id));
  const ack = async (a: Alert): Promise<void> => {
    try {
      await hub.acknowledge(a.id);
      setError(undefined);
      setNotice(`${care ? "Done" : "Acknowledged"}: ${alertTitle(a.kind)}.`);
      await alerts.reload();
    } catch (e) {
      setError(e instanceof HubError ? e : undefined);
    }
  };
  void me;
  return (
    <>
      <PageTitle>{care ? "Care" : "Alerts"}</PageTitle>
      <p class="muted">
        {care
          ? "Reminders from the lock guides, so a lock keeps working."
          : "What needs a look. Acknowledge an alert once you have dealt with it."}
      </p>
      <Problem error={alerts.error ?? error} />
      <Notice text={notice} />
      {alerts.data && shown.length === 0 && <p>{care ? "Nothing to do now." : "No open alert."}</p>}
      <ul class="plain alert-list">
        {shown.map((a) => {
          const titleId = `alert-${a.id}`;
          const lockName = a.lock_id ? (names.get(a.lock_id) ?? a.lock_id) : null;
          return (
            <li key={a.id} class="card alert-card" data-alert-kind={a.kind} aria-labelledby={titleId}>
              <h2 id={titleId} title={a.kind}>
                {alertTitle(a.kind)}
                {lockName ? ` — ${lockName}` : ""}
              </h2>
              <p>
                {/* Most of the hub's messages start with the lock's name already ("Porch's battery is low"). */}
                {lockName && !a.message.startsWith(lockName) ? `${lockName}: ` : ""}
                {a.message}
              </p>
              {CARE_HOW[a.kind] && <p>{CARE_HOW[a.kind]}</p>}
              <p class="muted small">Since {when(a.at)}</p>
              <div class="actions">
                <button type="button" class="primary" onClick={() => void ack(a)} aria-describedby={titleId}>
                  {care ? "Mark done" : "Acknowledge"}
                </button>
                {a.lock_id && !care && alertSymptom(a.kind) && (
                  <a
                    class="button-link"
                    href={troubleshootHref(a.lock_id, a.kind)}
                    data-action="troubleshoot"
                  >
                    Troubleshoot {lockName}
                  </a>
                )}
                {a.lock_id && <a href={href("locks", a.lock_id)}>Open {lockName}</a>}
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}

/** The troubleshooter on the alert's lock, with the symptom the alert points to chosen. */
function troubleshootHref(lockId: string, kind: string): string {
  const q = new URLSearchParams({ alert: kind });
  const symptom = alertSymptom(kind);
  if (symptom) q.set("symptom", symptom);
  return `${href("locks", lockId, "troubleshoot")}?${q.toString()}`;
}
