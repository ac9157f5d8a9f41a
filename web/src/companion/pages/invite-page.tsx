/**
 * The page an invite link opens (`#/invite/<token>`, hub-invite-routes.ts): the person chooses
 * their own password, then signs in with their id. It works whoever is signed in on this
 * browser (it sets nothing but that person's password, and signs no one in or out).
 */
import { useState } from "preact/hooks";
import { hub, HubError } from "../hub-client.ts";
import { NewPasswordField } from "../new-password-field.tsx";
import { PageTitle, Problem } from "../ui.tsx";

export function InvitePage({ token }: { token: string }) {
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [error, setError] = useState<HubError | undefined>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ id: string; name: string } | null>(null);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (password !== again) {
      setError(new HubError("request.invalid", "the two passwords differ: type the same one twice", 400));
      return;
    }
    setBusy(true);
    try {
      setDone(await hub.acceptInvite(token, password));
      setError(undefined);
    } catch (err) {
      setError(err instanceof HubError ? err : undefined);
    } finally {
      setBusy(false);
    }
  };
  if (done)
    return (
      <section class="card" data-invite-done="">
        <PageTitle>Welcome, {done.name}</PageTitle>
        <p role="status">
          Your password is set. Sign in as <strong>{done.id}</strong> with it.
        </p>
        <p>
          <a class="button-link primary" href="#/">
            Go to sign in
          </a>
        </p>
      </section>
    );
  return (
    <section class="card">
      <PageTitle>Choose your password</PageTitle>
      <p class="muted">
        You were invited to the hub. The link works once: choose the password you will sign in with (10
        characters or more).
      </p>
      <form class="form" onSubmit={(e) => void submit(e)}>
        <NewPasswordField label="Password" name="password" value={password} onChange={setPassword} />
        <NewPasswordField
          label="The same password again"
          name="password-again"
          value={again}
          onChange={setAgain}
        />
        <button type="submit" class="primary" disabled={busy}>
          Set my password
        </button>
        <Problem error={error} />
      </form>
    </section>
  );
}
