/** History with filters (lock, person, kind, time range) and a CSV export of the same filter. */
import { useState } from "preact/hooks";
import { hub } from "../hub-client.ts";
import type { EventFilter, HubEvent } from "../hub-types.ts";
import { useLoad } from "../use-load.ts";
import { PageTitle, Problem } from "../ui.tsx";
import { EVENT_KINDS, eventText, sourceText, when } from "../words.ts";
import { usePeopleNames } from "./locks-page.tsx";

export function EventTable({
  events,
  names,
  lockNames,
  label = "History",
}: {
  events: readonly HubEvent[];
  names: ReadonlyMap<string, string>;
  lockNames: ReadonlyMap<string, string>;
  /** The scrolling box's name: a page whose section is already "History" gives another. */
  label?: string;
}) {
  if (events.length === 0) return <p>Nothing recorded yet.</p>;
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={label}>
      <table class="events">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What</th>
            <th scope="col">Lock</th>
            <th scope="col">Who / how</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id} data-kind={e.kind}>
              <td>
                {when(e.at)}
                {e.delivered_late ? (
                  <span
                    class="muted small"
                    title="The lock's radio was down: the hub read this from the lock's own log later"
                  >
                    {" "}
                    · heard later
                  </span>
                ) : null}
              </td>
              <td title={e.kind}>
                {eventText(e.kind)}
                {e.slot !== null ? <span class="muted small"> · slot {e.slot}</span> : null}
              </td>
              <td>{e.lock_id ? (lockNames.get(e.lock_id) ?? e.lock_id) : "—"}</td>
              <td>
                {e.person_id && !e.source.startsWith("person:")
                  ? `${names.get(e.person_id) ?? "someone"}, `
                  : ""}
                {sourceText(e.source, names)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const toIso = (local: string, end: boolean): string | undefined =>
  local ? new Date(`${local}T${end ? "23:59:59" : "00:00:00"}`).toISOString() : undefined;

export function HistoryPage({ query }: { query: URLSearchParams }) {
  const [lockId, setLockId] = useState(query.get("lock_id") ?? "");
  const [personId, setPersonId] = useState("");
  const [kind, setKind] = useState("");
  const [from, setFrom] = useState("");
  const [until, setUntil] = useState("");
  const filter: EventFilter = {
    ...(lockId ? { lock_id: lockId } : {}),
    ...(personId ? { person_id: personId } : {}),
    ...(kind ? { kind } : {}),
    ...(from ? { since: toIso(from, false)! } : {}),
    ...(until ? { until: toIso(until, true)! } : {}),
  };
  const key = JSON.stringify(filter);
  const events = useLoad(() => hub.events({ ...filter, limit: 200 }), [key]);
  const locks = useLoad(() => hub.lockStates(), []);
  const people = useLoad(() => hub.people().catch(() => []), []);
  const names = usePeopleNames();
  const lockNames = new Map((locks.data ?? []).map((l) => [l.lock_id, l.name]));
  return (
    <>
      <PageTitle>History</PageTitle>
      <form class="form filters" aria-label="Filter the history" onSubmit={(e) => e.preventDefault()}>
        <label>
          Lock
          <select aria-label="Lock" value={lockId} onChange={(e) => setLockId(e.currentTarget.value)}>
            <option value="">Every lock</option>
            {locks.data?.map((l) => (
              <option key={l.lock_id} value={l.lock_id}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Person
          <select aria-label="Person" value={personId} onChange={(e) => setPersonId(e.currentTarget.value)}>
            <option value="">Everyone</option>
            {people.data?.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          What
          <select aria-label="What" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
            <option value="">Everything</option>
            {EVENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {eventText(k)}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          Until
          <input type="date" value={until} onInput={(e) => setUntil(e.currentTarget.value)} />
        </label>
        <a
          class="button-link"
          href={hub.eventsCsvUrl({ ...filter, limit: 10000 })}
          download="latchkey-history.csv"
        >
          Export CSV
        </a>
      </form>
      <Problem error={events.error} />
      <p class="muted small" role="status">
        {events.data ? `${events.data.length} entr${events.data.length === 1 ? "y" : "ies"}` : "Loading…"}
      </p>
      <EventTable events={events.data ?? []} names={names} lockNames={lockNames} />
    </>
  );
}
