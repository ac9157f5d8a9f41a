/**
 * The troubleshooter for one of the hub's locks: the lock page's own panel
 * (components/troubleshooter.tsx, the server's session on that lock, docs/troubleshooter.md),
 * opened at once, with the symptom an alert points to already chosen, and beside it what the
 * lock reports about itself now (its telemetry from the live socket: the pack's voltage, the
 * last motor run). The session is the lock's: the lock page shows the same one.
 */
import { hub } from "../hub-client.ts";
import { href } from "../router.ts";
import { useLoad } from "../use-load.ts";
import { heard, useLockSnapshot } from "../live.ts";
import { Loading, LockServerProblem, PageTitle, Problem } from "../ui.tsx";
import { alertTitle } from "../words.ts";
import { TroubleshooterPanel } from "../../components/troubleshooter.tsx";
import { TelemetryPanel } from "../../components/telemetry-panel.tsx";

export function TroubleshootPage(props: {
  lockId: string;
  symptom?: string | undefined;
  alert?: string | undefined;
}) {
  const { lockId } = props;
  const lock = useLoad(() => hub.lockState(lockId), [lockId], { hears: heard.lock(lockId) });
  const snapshot = useLockSnapshot(lockId);
  if (lock.error)
    return (
      <>
        <PageTitle>Troubleshoot</PageTitle>
        <Problem error={lock.error} />
      </>
    );
  if (!lock.data) return <Loading what="the lock" />;
  const l = lock.data;
  return (
    <>
      <PageTitle>Troubleshoot {l.name}</PageTitle>
      <p>
        <a href={href("locks", lockId)}>Back to {l.name}</a>
      </p>
      {props.alert && (
        <p class="notice" data-from-alert={props.alert}>
          From the alert: <strong>{alertTitle(props.alert)}</strong>.{" "}
          {props.symptom
            ? "What people notice with it is chosen below: change it if you see something else."
            : "Pick what you notice below."}
        </p>
      )}
      <LockServerProblem />
      <div class="doctor-page">
        <div class="card">
          <TroubleshooterPanel lock={{ id: lockId }} startOpen={true} symptom={props.symptom} />
        </div>
        <div class="card" data-telemetry="">
          {snapshot ? (
            <TelemetryPanel lock={snapshot} />
          ) : (
            <p class="muted">The lock's telemetry shows here once the live connection has it.</p>
          )}
          <p class="muted small">
            Battery {l.battery ? `${l.battery.percent} %` : "unknown"} · {l.online ? "online" : "offline"} ·{" "}
            {l.paired ? "paired" : "not paired"}
          </p>
        </div>
      </div>
    </>
  );
}
