/** Every lock the person may see, and (owner, manager) putting one of the host's locks under the hub. */
import { useState } from "preact/hooks";
import { hub, HubError } from "../hub-client.ts";
import type { LockState, Me } from "../hub-types.ts";
import { useLoad } from "../use-load.ts";
import { heard } from "../live.ts";
import { Loading, PageTitle, Problem } from "../ui.tsx";
import { LockCard } from "./lock-card.tsx";

export function usePeopleNames() {
  const people = useLoad(() => hub.people().catch(() => []), []);
  return new Map((people.data ?? []).map((p) => [p.id, p.name]));
}

export function LocksPage({ me }: { me: Me }) {
  const locks = useLoad(() => hub.lockStates(), [], { pollMs: 10_000, hears: heard.anyLock });
  const names = usePeopleNames();
  const [override, setOverride] = useState<Record<string, LockState>>({});
  return (
    <>
      <PageTitle>Locks</PageTitle>
      <Problem error={locks.error} />
      {!locks.data && !locks.error && <Loading what="locks" />}
      {locks.data && locks.data.length === 0 && <p>No lock under the hub yet: add one below.</p>}
      <div class="grid">
        {locks.data?.map((l) => (
          <LockCard
            key={l.lock_id}
            lock={override[l.lock_id] ?? l}
            names={names}
            onChange={(n) => {
              setOverride({ ...override, [n.lock_id]: n });
              void locks.reload().then(() => setOverride({}));
            }}
          />
        ))}
      </div>
      <AddLock me={me} onAdded={() => void locks.reload()} />
    </>
  );
}

const ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
/** The IANA zones this browser knows, offered as the new site's time zone (the hub checks it). */
const ZONES: readonly string[] =
  typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [ZONE];
/** The Site list's last choice: a new site (the owner's; a manager adds locks to their sites). */
const NEW_SITE = "\u0000new";

function AddLock({ me, onAdded }: { me: Me; onAdded: () => void }) {
  const host = useLoad(() => hub.hostLocks(), []);
  const sites = useLoad(() => hub.sites(), []);
  const [lockId, setLockId] = useState("");
  const [siteId, setSiteId] = useState("");
  const [siteName, setSiteName] = useState("Home");
  const [zone, setZone] = useState(ZONE);
  const [error, setError] = useState<HubError | undefined>();
  const available = host.data ?? [];
  if (available.length === 0) return null;
  // The lock the list shows: the one chosen while it is still offered, else the first. Once a
  // lock is added it leaves the list, and a kept choice sent it again ("already manages").
  const chosen = available.some((l) => l.lock_id === lockId) ? lockId : available[0]!.lock_id;
  const noSites = (sites.data ?? []).length === 0;
  const canAddSite = me.role === "owner";
  // A property manager's second building: the owner picks "A new site…" and names it.
  const newSite = canAddSite && (noSites || siteId === NEW_SITE);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    try {
      let site = siteId && siteId !== NEW_SITE ? siteId : sites.data?.[0]?.id || "";
      if (newSite) site = (await hub.addSite({ name: siteName, time_zone: zone.trim() })).id;
      await hub.addLock({ lock_id: chosen, site_id: site });
      setError(undefined);
      if (newSite) setSiteId(site);
      await Promise.all([host.reload(), sites.reload()]);
      onAdded();
    } catch (err) {
      setError(err instanceof HubError ? err : undefined);
    }
  };
  return (
    <section class="card" aria-labelledby="add-lock-title">
      <h2 id="add-lock-title">Add a lock</h2>
      <form class="form row-form" onSubmit={(e) => void submit(e)}>
        <label>
          Lock
          <select aria-label="Lock" value={chosen} onChange={(e) => setLockId(e.currentTarget.value)}>
            {available.map((l) => (
              <option key={l.lock_id} value={l.lock_id}>
                {l.name} ({l.model})
              </option>
            ))}
          </select>
        </label>
        {!noSites && (
          <label>
            Site
            <select aria-label="Site" value={siteId} onChange={(e) => setSiteId(e.currentTarget.value)}>
              {sites.data?.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
              {canAddSite && <option value={NEW_SITE}>A new site…</option>}
            </select>
          </label>
        )}
        {newSite && (
          <>
            <label>
              New site's name
              <input
                value={siteName}
                required
                maxLength={100}
                onInput={(e) => setSiteName(e.currentTarget.value)}
              />
            </label>
            <label>
              Its time zone
              <input
                value={zone}
                required
                list="time-zones"
                autocomplete="off"
                onInput={(e) => setZone(e.currentTarget.value)}
              />
              <datalist id="time-zones">
                {ZONES.map((z) => (
                  <option key={z} value={z} />
                ))}
              </datalist>
            </label>
          </>
        )}
        <button type="submit" class="primary">
          Add the lock
        </button>
      </form>
      <Problem error={error} />
    </section>
  );
}
