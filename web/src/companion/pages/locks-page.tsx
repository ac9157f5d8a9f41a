/** Every lock the person may see, and (owner, manager) putting one of the host's locks under the hub. */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { hub, HubError } from "../hub-client.ts";
import type { LockState, Me } from "../hub-types.ts";
import { useLoad } from "../use-load.ts";
import { heard, live } from "../live.ts";
import { Loading, Notice, PageTitle, Problem } from "../ui.tsx";
import { when } from "../words.ts";
import { LockCard } from "./lock-card.tsx";
import { FindBox, useFind } from "../find-box.tsx";

export function usePeopleNames() {
  const people = useLoad(() => hub.people().catch(() => []), []);
  return new Map((people.data ?? []).map((p) => [p.id, p.name]));
}

export function LocksPage({ me }: { me: Me }) {
  // The whole list loads once, and again only after the socket comes back (or overflowed) or,
  // while it is down, by the slow poll; a lock's own change reloads that lock alone.
  const locks = useLoad(() => hub.lockStates(), [], { pollMs: 10_000, hears: heard.nothingMore });
  const fresh = useLockUpdates(locks.data, locks.reload);
  const names = usePeopleNames();
  const shown = (locks.data ?? []).map((l) => fresh.states[l.lock_id] ?? l);
  // Several sites: each card names its site, and the filter finds a site's locks by its name.
  const sites = useLoad(() => hub.sites().catch(() => []), []);
  const siteNames = new Map((sites.data ?? []).map((s) => [s.id, s.name]));
  const severalSites = new Set(shown.map((l) => l.site_id)).size > 1;
  const find = useFind(shown, (l) => [l.name, severalSites ? (siteNames.get(l.site_id) ?? "") : ""]);
  return (
    <>
      <PageTitle>Locks</PageTitle>
      <Problem error={locks.error} />
      {!locks.data && !locks.error && <Loading what="locks" />}
      {locks.data && locks.data.length === 0 && <p>No lock under the hub yet: add one below.</p>}
      <FindBox find={find} label="Find a lock by name" noun="lock" />
      <div class="grid">
        {find.matching.map((l) => (
          <LockCard
            key={l.lock_id}
            lock={l}
            names={names}
            onChange={(n) => fresh.put(n)}
            siteName={severalSites ? siteNames.get(l.site_id) : undefined}
          />
        ))}
      </div>
      {me.role !== "guest" && <OffCare onBack={() => void locks.reload()} />}
      <AddLock me={me} onAdded={() => void locks.reload()} />
    </>
  );
}

/** The locks taken off the hub's care, each with a way to bring it back (read afresh by the hub). */
function OffCare({ onBack }: { onBack: () => void }) {
  const off = useLoad(() => hub.offCareLocks(), [], { hears: heard.nothingMore });
  const [error, setError] = useState<HubError | undefined>();
  const [notice, setNotice] = useState<string | null>(null);
  if (!off.data || off.data.length === 0) return null;
  const back = async (id: string, name: string): Promise<void> => {
    try {
      await hub.setManaged(id, true);
      setError(undefined);
      setNotice(
        `${name} is back under the hub: it reads the lock afresh. Its old codes stay off; add new ones.`,
      );
      await off.reload();
      onBack();
    } catch (err) {
      setError(err instanceof HubError ? err : undefined);
    }
  };
  return (
    <section class="card" aria-labelledby="off-care-title">
      <h2 id="off-care-title">Taken off the hub</h2>
      <ul class="plain">
        {off.data.map((l) => (
          <li key={l.lock_id} data-off-care={l.lock_id}>
            {l.name} <span class="muted small">{l.unmanaged_at ? `since ${when(l.unmanaged_at)}` : ""}</span>{" "}
            <button
              type="button"
              aria-label={`Bring back ${l.name}`}
              onClick={() => void back(l.lock_id, l.name)}
            >
              Bring back
            </button>
          </li>
        ))}
      </ul>
      <Problem error={error} />
      <Notice text={notice} />
    </section>
  );
}

/** Locks changed within this long are fetched together (a burst is one round). */
const LOCK_SETTLE_MS = 150;
/** A lock's rounds come at most this often; what changes meanwhile waits for the next. */
const LOCK_ROUND_GAP_MS = 1000;
/** More changed locks than this in one round and the whole list is one request instead. */
export const LOCK_ROUND_MAX = 20;

interface LockUpdates {
  readonly states: Readonly<Record<string, LockState>>;
  /** A lock's state the page already has (a Lock or Unlock's answer); fetched again once the bolt stops. */
  readonly put: (l: LockState) => void;
}

/**
 * The live socket's per-lock changes applied to the one lock: a lock's `state` (`hub-lock`, its
 * bolt, battery or door changed), or an alert about it, fetches `GET /locks/:id/state` for that
 * lock only (changes within 150 ms are one round, rounds at most once a second; more than
 * LOCK_ROUND_MAX locks in a round reload the list once instead). Only the locks on the page are
 * fetched (the hub's socket already leaves out what the person may not see). A lock added to
 * the hub, renamed or removed (the other `hub-lock` changes) reloads the list. A new list drops
 * what was kept. (Before 8 December 2026 the app heard the lab's `/api/live` snapshots of every
 * host lock, which off loopback needed the server's token.)
 */
function useLockUpdates(list: readonly LockState[] | undefined, reloadAll: () => Promise<void>): LockUpdates {
  const [states, setStates] = useState<Record<string, LockState>>({});
  const known = useRef(new Set<string>());
  known.current = new Set((list ?? []).map((l) => l.lock_id));
  const reloadAllRef = useRef(reloadAll);
  reloadAllRef.current = reloadAll;
  useEffect(() => {
    setStates({});
  }, [list]);
  const fetchOne = useCallback(async (id: string): Promise<void> => {
    try {
      const l = await hub.lockState(id);
      setStates((s) => ({ ...s, [id]: l }));
    } catch {
      // Gone or not allowed any more: the next list (reconnect, poll) says so.
    }
  }, []);
  useEffect(() => {
    const dirty = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastRound = 0;
    const round = (): void => {
      timer = null;
      lastRound = Date.now();
      const ids = [...dirty];
      dirty.clear();
      if (ids.length > LOCK_ROUND_MAX) void reloadAllRef.current();
      else for (const id of ids) void fetchOne(id);
    };
    const off = live.listen((m) => {
      // A lock added to the hub (another device, a colleague), renamed or removed: the list
      // itself changed. A lock's `state` (bolt, battery, door): that card alone.
      if (m.type === "hub-lock" && m.lock.change !== "state") {
        void reloadAllRef.current();
        return;
      }
      const id =
        m.type === "hub-lock"
          ? m.lock.id
          : m.type === "hub-alert" || m.type === "hub-alert-resolved"
            ? m.alert.lock_id
            : null;
      if (id === null || !known.current.has(id)) return;
      dirty.add(id);
      // Hidden: nothing is fetched; the tab shown again reloads the list (useLoad).
      if (document.visibilityState === "hidden" || timer) return;
      const wait = Math.max(LOCK_SETTLE_MS, lastRound + LOCK_ROUND_GAP_MS - Date.now());
      timer = setTimeout(round, wait);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [fetchOne]);
  const put = useCallback(
    (l: LockState): void => {
      setStates((s) => ({ ...s, [l.lock_id]: l }));
      // The answer may come before the bolt stops; the lock's `state` notices fetch it again, and
      // this once more in case the socket is down.
      setTimeout(() => void fetchOne(l.lock_id), 1500);
    },
    [fetchOne],
  );
  return { states, put };
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
  // A lock taken off the hub's care is brought back from its own list, not added again.
  const offCare = useLoad(() => hub.offCareLocks().catch(() => []), []);
  const off = new Set((offCare.data ?? []).map((l) => l.lock_id));
  const available = (host.data ?? []).filter((l) => !off.has(l.lock_id));
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
