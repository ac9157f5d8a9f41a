/** Every code the person may see (a guest: their own), with its sync status. */
import { hub } from "../hub-client.ts";
import type { LockCode, Me } from "../hub-types.ts";
import { href } from "../router.ts";
import { useLoad } from "../use-load.ts";
import { heard } from "../live.ts";
import { Loading, PageTitle, Problem } from "../ui.tsx";
import { scheduleText, StatusBadge } from "./code-status.tsx";
import { usePeopleNames } from "./locks-page.tsx";
import { FindBox, useFind } from "../find-box.tsx";

export function CodesPage({ me }: { me: Me }) {
  const codes = useLoad(() => hub.codes(), [], { pollMs: 10_000, hears: heard.code() });
  const names = usePeopleNames();
  const guest = me.role === "guest";
  const live = (codes.data ?? []).filter((c) => c.deleted_at === null);
  // Hundreds of codes (a property's guests and staff): a filter by the code's name, whom it
  // is for or a lock's name, as Locks has for its doors. Before, the page was one long grid.
  const find = useFind(live, (c) => [
    c.name,
    c.person_id ? (names.get(c.person_id) ?? "") : "",
    ...c.locks.map((l) => l.lock_name ?? l.lock_id),
  ]);
  return (
    <>
      <PageTitle>{guest ? "My codes" : "Codes"}</PageTitle>
      {!guest && (
        <p>
          <a class="button-link primary" href={href("codes", "new")}>
            New code
          </a>
        </p>
      )}
      <Problem error={codes.error} />
      {!codes.data && !codes.error && <Loading what="codes" />}
      {codes.data && live.length === 0 && <p>{guest ? "You have no code yet." : "No code yet."}</p>}
      <FindBox find={find} label="Find a code by name, person or lock" noun="code" />
      <ul class="plain grid">
        {find.matching.map((c) => (
          <li key={c.id} class="card" data-code={c.id} aria-labelledby={`code-${c.id}`}>
            <h2 id={`code-${c.id}`}>
              <a href={href("codes", c.id)}>{c.name}</a>
            </h2>
            <p>
              <StatusBadge status={c.status} /> <span class="small">{scheduleText(c)}</span>
            </p>
            {!guest && c.person_id && <p class="muted small">For {names.get(c.person_id) ?? c.person_id}</p>}
            <p class="muted small lock-names">{onLocks(c.locks)}</p>
          </li>
        ))}
      </ul>
    </>
  );
}

/** Which doors a code opens, by name (a guest cannot list locks: the code carries them); a count past three. */
function onLocks(locks: readonly LockCode[]): string {
  if (locks.length === 0 || locks.length > 3) return `On ${locks.length} locks`;
  const names = locks.map((l) => l.lock_name ?? l.lock_id);
  const last = names.pop()!;
  return `On ${names.length > 0 ? `${names.join(", ")} and ${last}` : last}`;
}
