/**
 * People: who they are, their role and their codes; an owner invites someone (name, role,
 * sites) with a one-time link they open to choose their own password (hub-invite-routes.ts),
 * or with a first password the owner passes on; and makes a new link for anyone later.
 */
import { useState } from "preact/hooks";
import { useConfirm } from "../../use-confirm.ts";
import { hub, HubError } from "../hub-client.ts";
import { NewPasswordField } from "../new-password-field.tsx";
import type { Me, Role } from "../hub-types.ts";
import { href } from "../router.ts";
import { useLoad } from "../use-load.ts";
import { Loading, Notice, PageTitle, Problem } from "../ui.tsx";
import { ROLE_WORDS, when } from "../words.ts";
import { StatusBadge } from "./code-status.tsx";

export function PeoplePage({ me }: { me: Me }) {
  const people = useLoad(() => hub.people(), []);
  const codes = useLoad(() => hub.codes(), []);
  const sites = useLoad(() => hub.sites(), []);
  const siteNames = new Map((sites.data ?? []).map((s) => [s.id, s.name]));
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <>
      <PageTitle>People</PageTitle>
      <Problem error={people.error} />
      <Notice text={notice} />
      {!people.data && !people.error && <Loading what="people" />}
      <ul class="plain grid">
        {people.data?.map((p) => {
          const theirs = (codes.data ?? []).filter((c) => c.person_id === p.id && c.deleted_at === null);
          return (
            <li key={p.id} class="card person" data-person={p.id} aria-labelledby={`person-${p.id}`}>
              <h2 id={`person-${p.id}`} tabIndex={-1}>
                {p.name}
              </h2>
              <p>
                {ROLE_WORDS[p.role]} <span class="muted small">· signs in as {p.id}</span>
                {p.role === "manager" && (
                  <span class="block small">
                    Manages: {p.site_ids.map((s) => siteNames.get(s) ?? s).join(", ") || "no site yet"}
                  </span>
                )}
              </p>
              {p.revoked_at && (
                <p class="muted" data-revoked={p.revoked_at}>
                  Access ended {when(p.revoked_at)}: their codes were taken off the locks; history keeps their
                  name.
                </p>
              )}
              {theirs.length > 0 ? (
                <ul class="plain">
                  {theirs.map((c) => (
                    <li key={c.id}>
                      <a href={href("codes", c.id)}>{c.name}</a> <StatusBadge status={c.status} />
                    </li>
                  ))}
                </ul>
              ) : (
                <p class="muted small">No code.</p>
              )}
              {!p.revoked_at && (
                <a href={`${href("codes", "new")}?person=${encodeURIComponent(p.id)}`}>
                  Give {p.name} a code
                </a>
              )}
              {!p.revoked_at && me.role === "owner" && p.id !== me.id && (
                <InviteLink personId={p.id} name={p.name} />
              )}
              {!p.revoked_at &&
                p.id !== me.id &&
                (me.role === "owner" || (me.role === "manager" && p.role === "guest")) && (
                  <Revoke
                    personId={p.id}
                    name={p.name}
                    onDone={() => {
                      setNotice(
                        `${p.name}'s access is ended: their codes leave each lock as soon as it can.`,
                      );
                      void Promise.all([people.reload(), codes.reload()]).then(() =>
                        // The button is gone: the keyboard's focus goes to the person it was on.
                        document.getElementById(`person-${p.id}`)?.focus(),
                      );
                    }}
                  />
                )}
            </li>
          );
        })}
      </ul>
      {me.role === "owner" && <Invite onDone={() => void people.reload()} />}
    </>
  );
}

function Invite({ onDone }: { onDone: () => void }) {
  const sites = useLoad(() => hub.sites(), []);
  const [name, setName] = useState("");
  const [id, setId] = useState("");
  const [role, setRole] = useState<Role>("guest");
  const [siteIds, setSiteIds] = useState<string[]>([]);
  const [password, setPassword] = useState("");
  const [how, setHow] = useState<"link" | "password">("link");
  const [link, setLink] = useState<Link | null>(null);
  const [error, setError] = useState<HubError | undefined>();
  const [notice, setNotice] = useState<string | null>(null);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    // The hub checks the password only once the person is made: a refused one left them made,
    // and sending the form again answered "Someone already has that id".
    if (how === "password" && (password.length < 10 || password.length > 200)) {
      setError(new HubError("auth.password", "a password has 10 to 200 characters", 400));
      setNotice(null);
      return;
    }
    try {
      const p = await hub.addPerson({
        name,
        role,
        ...(id ? { id } : {}),
        ...(role === "manager" ? { site_ids: siteIds } : {}),
      });
      setError(undefined);
      if (how === "password") {
        await hub.setPassword(p.id, password);
        setLink(null);
        setNotice(
          `${p.name} is invited. Tell them: open ${location.origin}/app/, sign in as "${p.id}" with the password you chose.`,
        );
      } else {
        const made = await hub.invite(p.id);
        setLink({ url: `${location.origin}${made.path}`, expiresAt: made.expires_at });
        setNotice(`${p.name} is invited. Send them the link below: they choose their password with it.`);
      }
      setName("");
      setId("");
      setPassword("");
      onDone();
    } catch (err) {
      setError(err instanceof HubError ? err : undefined);
      setNotice(null);
    }
  };
  return (
    <section class="card" aria-labelledby="invite-title">
      <h2 id="invite-title">Invite someone</h2>
      <form class="form" onSubmit={(e) => void submit(e)}>
        <label>
          Name
          <input name="name" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label>
          Their id (they sign in with it)
          <input
            name="id"
            required
            pattern="[a-z0-9][a-z0-9\-]{0,62}"
            value={id}
            onInput={(e) => setId(e.currentTarget.value)}
          />
        </label>
        <fieldset>
          <legend>Role</legend>
          {(["guest", "manager", "owner"] as const).map((r) => (
            <label class="check" key={r}>
              <input type="radio" name="role" value={r} checked={role === r} onChange={() => setRole(r)} />
              {ROLE_WORDS[r]}
              <span class="muted small">
                {" "}
                —{" "}
                {r === "guest"
                  ? "sees only their own codes"
                  : r === "manager"
                    ? "codes, locks and history of their sites"
                    : "everything"}
              </span>
            </label>
          ))}
        </fieldset>
        {role === "manager" && (
          <fieldset>
            <legend>Sites they manage</legend>
            {sites.data?.map((s) => (
              <label class="check" key={s.id}>
                <input
                  type="checkbox"
                  checked={siteIds.includes(s.id)}
                  onChange={(e) =>
                    setSiteIds(
                      e.currentTarget.checked ? [...siteIds, s.id] : siteIds.filter((x) => x !== s.id),
                    )
                  }
                />
                {s.name}
              </label>
            ))}
          </fieldset>
        )}
        <fieldset>
          <legend>How they sign in the first time</legend>
          <label class="check">
            <input type="radio" name="how" checked={how === "link"} onChange={() => setHow("link")} />A
            one-time link they open to choose their own password
          </label>
          <label class="check">
            <input type="radio" name="how" checked={how === "password"} onChange={() => setHow("password")} />
            A first password I pass on
          </label>
        </fieldset>
        {how === "password" && (
          <NewPasswordField
            label="First password (10 characters or more)"
            name="password"
            value={password}
            onChange={setPassword}
          />
        )}
        <button type="submit" class="primary">
          Invite
        </button>
        <Problem error={error} />
        <Notice text={notice} />
        {link && <LinkShown link={link} />}
      </form>
    </section>
  );
}

interface Link {
  readonly url: string;
  readonly expiresAt: string;
}

/** An invite link to pass on: shown whole, selectable, with how long it works. */
function LinkShown({ link }: { link: Link }) {
  return (
    <p class="invite-link" data-invite-link={link.url}>
      <label>
        Invite link (works once, until {when(link.expiresAt)})
        <input readOnly value={link.url} onFocus={(e) => e.currentTarget.select()} />
      </label>
    </p>
  );
}

/** A new one-time link for someone already here (a forgotten password; the older link stops working). */
function InviteLink({ personId, name }: { personId: string; name: string }) {
  const [link, setLink] = useState<Link | null>(null);
  const [error, setError] = useState<HubError | undefined>();
  const make = async (): Promise<void> => {
    try {
      const made = await hub.invite(personId);
      setLink({ url: `${location.origin}${made.path}`, expiresAt: made.expires_at });
      setError(undefined);
    } catch (err) {
      setError(err instanceof HubError ? err : undefined);
    }
  };
  return (
    <div class="actions">
      <button type="button" class="quiet" onClick={() => void make()}>
        New invite link for {name}
      </button>
      <Problem error={error} />
      {link && <LinkShown link={link} />}
    </div>
  );
}

/**
 * Ending someone's access (a guest who left early, a cleaner who no longer comes): asked first,
 * the focus on Cancel, Escape keeps them. The hub deletes their codes (each leaves its locks)
 * and ends their sessions, password and links; the person stays, so history names them.
 */
function Revoke({ personId, name, onDone }: { personId: string; name: string; onDone: () => void }) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<HubError | undefined>();
  const confirm = useConfirm(asking, () => setAsking(false));
  const revoke = async (): Promise<void> => {
    try {
      await hub.revokePerson(personId);
      setError(undefined);
      onDone();
    } catch (err) {
      setError(err instanceof HubError ? err : undefined);
    }
  };
  return (
    <div class="actions">
      {!asking ? (
        <button type="button" class="danger" ref={confirm.openerRef} onClick={() => setAsking(true)}>
          End {name}'s access…
        </button>
      ) : (
        <span
          role="group"
          aria-label={`Confirm ending ${name}'s access`}
          class="confirm inline-confirm"
          onKeyDown={confirm.onKeyDown}
        >
          <span>End {name}'s access? Their codes leave every lock and they are signed out for good.</span>
          <button type="button" class="danger" onClick={() => void revoke()}>
            Yes, end their access
          </button>
          <button type="button" ref={confirm.safeRef} onClick={() => setAsking(false)}>
            Cancel
          </button>
        </span>
      )}
      <Problem error={error} />
    </div>
  );
}
