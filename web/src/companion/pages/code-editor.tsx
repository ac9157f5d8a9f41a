/**
 * Making or editing a code: whom it is for, which locks, a generated or chosen code (with its
 * weak-code warnings as the digits are typed, B-CODE-9), and when it works — permanent, from–
 * until, weekly days and hours, one-time, or N uses. Times are the site's wall clock (the hub
 * reads an ISO time without an offset in the site's zone); weekly hours and uses may also be
 * held to a from–until window. Editing replaces the code (docs/web.md).
 */
import { useEffect, useState } from "preact/hooks";
import { hub, HubError } from "../hub-client.ts";
import type { AccessCode, CodeBody, Issue, Me } from "../hub-types.ts";
import { go, href } from "../router.ts";
import { useLoad } from "../use-load.ts";
import { Loading, PageTitle, Problem } from "../ui.tsx";
import { DAYS, issueText } from "../words.ts";

type Kind = "permanent" | "window" | "weekly" | "once" | "uses";

/** An instant as the site's wall clock, for a datetime-local input. */
function wallClock(iso: string | null, zone: string): string {
  if (!iso) return "";
  const text = new Intl.DateTimeFormat("sv-SE", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(iso));
  return text.replace(" ", "T");
}

function kindOf(c: AccessCode): Kind {
  if (c.weekly) return "weekly";
  if (c.max_uses === 1) return "once";
  if (c.max_uses !== null) return "uses";
  if (c.starts_at || c.ends_at) return "window";
  return "permanent";
}

export function CodeEditor({ me, editId, query }: { me: Me; editId?: string; query: URLSearchParams }) {
  const locks = useLoad(() => hub.lockStates(), []);
  const people = useLoad(() => hub.people(), []);
  const sites = useLoad(() => hub.sites(), []);
  const editing = useLoad(() => (editId ? hub.code(editId) : Promise.resolve(undefined)), [editId]);
  const [name, setName] = useState("");
  const [personId, setPersonId] = useState(query.get("person") ?? "");
  const [lockIds, setLockIds] = useState<string[]>(query.get("lock") ? [query.get("lock")!] : []);
  const [choose, setChoose] = useState(false);
  const [digits, setDigits] = useState("");
  const [kind, setKind] = useState<Kind>("permanent");
  const [startsAt, setStartsAt] = useState("");
  const [endsAt, setEndsAt] = useState("");
  const [days, setDays] = useState<string[]>(["mon", "tue", "wed", "thu", "fri"]);
  const [startTime, setStartTime] = useState("09:00");
  const [endTime, setEndTime] = useState("17:00");
  const [uses, setUses] = useState(5);
  // Weekly hours may also have a number of uses ("" is no limit), as the hub takes them.
  const [weeklyUses, setWeeklyUses] = useState("");
  const [warnings, setWarnings] = useState<Issue[]>([]);
  const [error, setError] = useState<HubError | undefined>();
  const [busy, setBusy] = useState(false);

  const siteId = locks.data?.find((l) => lockIds.includes(l.lock_id))?.site_id;
  const zone = sites.data?.find((s) => s.id === siteId)?.time_zone ?? "UTC";

  // Editing: start from the code as it is.
  const old = editing.data;
  useEffect(() => {
    if (!old) return;
    const z = sites.data?.find((s) => s.id === old.site_id)?.time_zone ?? "UTC";
    setName(old.name);
    setPersonId(old.person_id ?? "");
    setLockIds(old.locks.map((l) => l.lock_id));
    setChoose(true);
    setDigits(old.code);
    setKind(kindOf(old));
    setStartsAt(wallClock(old.starts_at, z));
    setEndsAt(wallClock(old.ends_at, z));
    if (old.weekly) {
      setDays([...old.weekly.days]);
      setStartTime(old.weekly.start_time);
      setEndTime(old.weekly.end_time);
    }
    if (old.max_uses !== null && old.max_uses > 1) setUses(old.max_uses);
    if (old.weekly && old.max_uses !== null) setWeeklyUses(String(old.max_uses));
  }, [old, sites.data]);

  // Weak-code warnings as the person types (nothing is made).
  useEffect(() => {
    if (!choose || !/^\d{4,12}$/.test(digits)) {
      setWarnings([]);
      return;
    }
    const t = setTimeout(() => {
      hub
        .checkCode(digits, siteId)
        .then(setWarnings)
        .catch(() => setWarnings([]));
    }, 250);
    return () => clearTimeout(t);
  }, [digits, choose, siteId]);

  if (me.role === "guest")
    return (
      <p class="problem" role="alert">
        You are not allowed to make codes.
      </p>
    );
  if (editing.error) return <Problem error={editing.error} />;
  if (!locks.data || (editId && !old)) return <Loading what="the form" />;

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const body: CodeBody = { lock_ids: lockIds, name };
    if (personId) body.person_id = personId;
    if (choose) body.code = digits;
    // A window may come with weekly hours or a number of uses too (docs/hub.md: "or a mix"):
    // editing such a code dropped its window, so a stay's code worked at once and for good.
    if (kind !== "permanent") {
      if (startsAt) body.starts_at = startsAt;
      if (endsAt) body.ends_at = endsAt;
    }
    if (kind === "weekly") {
      body.weekly = { days, start_time: startTime, end_time: endTime };
      if (weeklyUses) body.max_uses = Number(weeklyUses);
    }
    if (kind === "once") body.max_uses = 1;
    if (kind === "uses") body.max_uses = uses;
    setBusy(true);
    try {
      const made = editId ? await hub.replaceCode(editId, body) : await hub.createCode(body);
      setError(undefined);
      go("codes", made.id);
    } catch (err) {
      setError(err instanceof HubError ? err : undefined);
    } finally {
      setBusy(false);
    }
  };

  const length = locks.data
    .filter((l) => lockIds.includes(l.lock_id))
    .reduce(
      (acc, l) => ({
        min: Math.max(acc.min, l.code_rules?.minLength ?? 4),
        max: Math.min(acc.max, l.code_rules?.maxLength ?? 8),
      }),
      { min: 4, max: 8 },
    );

  // A property's locks by site (one code covers one site's locks, as the hub says): a flat
  // list of sixty doors over three buildings let a manager pick across sites, refused only
  // at _Make the code_, and two sites' "Front door" could not be told apart.
  const siteName = (id: string): string => sites.data?.find((s) => s.id === id)?.name ?? id;
  const bySite = [...new Set(locks.data.map((l) => l.site_id))]
    .map((id) => ({ id, name: siteName(id), locks: locks.data!.filter((l) => l.site_id === id) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const pickedSites = [
    ...new Set(locks.data.filter((l) => lockIds.includes(l.lock_id)).map((l) => l.site_id)),
  ];
  const mixed = pickedSites.length > 1;
  const lockBox = (l: (typeof locks.data)[number]) => (
    <label class="check" key={l.lock_id}>
      <input
        type="checkbox"
        name="locks"
        value={l.lock_id}
        checked={lockIds.includes(l.lock_id)}
        onChange={(e) =>
          setLockIds(
            e.currentTarget.checked ? [...lockIds, l.lock_id] : lockIds.filter((x) => x !== l.lock_id),
          )
        }
      />
      {l.name}
    </label>
  );

  return (
    <>
      <PageTitle>{editId ? `Edit ${old?.name ?? "code"}` : "New code"}</PageTitle>
      <form class="form code-form" onSubmit={(e) => void submit(e)}>
        <label>
          Name
          <input
            name="name"
            required
            maxLength={100}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <label>
          For
          <select
            aria-label="For"
            name="person"
            value={personId}
            onChange={(e) => setPersonId(e.currentTarget.value)}
          >
            <option value="">No one in particular</option>
            {people.data
              ?.filter((p) => !p.revoked_at || p.id === old?.person_id)
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
          </select>
        </label>
        <fieldset>
          <legend>Which locks</legend>
          {bySite.length > 1
            ? bySite.map((g) => (
                <fieldset key={g.id} class="site-locks" data-site={g.id}>
                  <legend>{g.name}</legend>
                  {g.locks.map(lockBox)}
                </fieldset>
              ))
            : locks.data.map(lockBox)}
          {locks.data.length === 0 && <p>No lock yet.</p>}
        </fieldset>
        <fieldset>
          <legend>The code</legend>
          <label class="check">
            <input type="radio" name="how" checked={!choose} onChange={() => setChoose(false)} />
            Let the hub make one that suits every lock
          </label>
          <label class="check">
            <input type="radio" name="how" checked={choose} onChange={() => setChoose(true)} />
            Choose the digits
          </label>
          {choose && (
            <label>
              Digits ({length.min}–{length.max})
              <input
                name="code"
                inputMode="numeric"
                autoComplete="off"
                required
                pattern={`\\d{${length.min},${length.max}}`}
                value={digits}
                onInput={(e) => setDigits(e.currentTarget.value.replace(/\D/g, ""))}
                aria-describedby="code-warnings"
              />
            </label>
          )}
          <div id="code-warnings" aria-live="polite">
            {warnings.length > 0 && (
              <ul class="issues">
                {warnings.map((w) => (
                  <li key={w.code} class="warn-text" data-issue={w.code} title={w.code}>
                    Weak code: {issueText(w)}
                  </li>
                ))}
              </ul>
            )}
          </div>
        </fieldset>
        <fieldset>
          <legend>When it works</legend>
          {(
            [
              ["permanent", "Always (permanent)"],
              ["window", "From – until"],
              ["weekly", "Weekly: days and hours"],
              ["once", "One time"],
              ["uses", "A number of uses"],
            ] as const
          ).map(([k, label]) => (
            <label class="check" key={k}>
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              {label}
            </label>
          ))}
          {kind === "window" && (
            <div class="row">
              <label>
                From ({zone})
                <input
                  type="datetime-local"
                  value={startsAt}
                  onInput={(e) => setStartsAt(e.currentTarget.value)}
                />
              </label>
              <label>
                Until ({zone})
                <input
                  type="datetime-local"
                  required
                  value={endsAt}
                  onInput={(e) => setEndsAt(e.currentTarget.value)}
                />
              </label>
            </div>
          )}
          {kind === "weekly" && (
            <>
              <fieldset class="days">
                <legend>Days</legend>
                {DAYS.map(([d, label]) => (
                  <label class="check" key={d}>
                    <input
                      type="checkbox"
                      checked={days.includes(d)}
                      onChange={(e) =>
                        setDays(e.currentTarget.checked ? [...days, d] : days.filter((x) => x !== d))
                      }
                    />
                    {label}
                  </label>
                ))}
              </fieldset>
              <div class="row">
                <label>
                  From ({zone})
                  <input
                    type="time"
                    required
                    value={startTime}
                    onInput={(e) => setStartTime(e.currentTarget.value)}
                  />
                </label>
                <label>
                  Until
                  <input
                    type="time"
                    required
                    value={endTime}
                    onInput={(e) => setEndTime(e.currentTarget.value)}
                  />
                </label>
              </div>
              <label>
                At most this many uses (optional)
                <input
                  type="number"
                  min={1}
                  max={250}
                  value={weeklyUses}
                  onInput={(e) => setWeeklyUses(e.currentTarget.value)}
                />
              </label>
            </>
          )}
          {kind === "uses" && (
            <label>
              Number of uses
              <input
                type="number"
                min={2}
                max={250}
                value={uses}
                onInput={(e) => setUses(Number(e.currentTarget.value))}
              />
            </label>
          )}
          {(kind === "weekly" || kind === "once" || kind === "uses") && (
            <div class="row">
              <label>
                Only from ({zone}, optional)
                <input
                  type="datetime-local"
                  value={startsAt}
                  onInput={(e) => setStartsAt(e.currentTarget.value)}
                />
              </label>
              <label>
                Only until ({zone}, optional)
                <input
                  type="datetime-local"
                  value={endsAt}
                  onInput={(e) => setEndsAt(e.currentTarget.value)}
                />
              </label>
            </div>
          )}
        </fieldset>
        <div class="actions">
          <button type="submit" class="primary" disabled={busy || lockIds.length === 0 || mixed}>
            {editId ? "Save the code" : "Make the code"}
          </button>
          <a href={editId ? href("codes", editId) : href("codes")}>Cancel</a>
        </div>
        {lockIds.length === 0 && <p class="muted small">Pick at least one lock.</p>}
        <div role="status">
          {mixed && (
            <p class="problem" data-mixed-sites="">
              One code covers the locks of one site: these are on {pickedSites.map(siteName).join(" and ")}.
              Make a code for each site.
            </p>
          )}
        </div>
        <Problem error={error} />
      </form>
    </>
  );
}
