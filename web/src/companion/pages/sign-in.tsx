/** Signing in (id and password), and the first start's setup link that makes the owner. */
import { useRef, useState } from "preact/hooks";
import { hub, HubError } from "../hub-client.ts";
import { NewPasswordField } from "../new-password-field.tsx";
import { PageTitle, Problem } from "../ui.tsx";

export function SignIn({ onDone }: { onDone: () => void }) {
  const [id, setId] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<HubError | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    try {
      await hub.signIn(id.trim(), password);
      setError(undefined);
      onDone();
    } catch (err) {
      setError(err instanceof HubError ? err : undefined);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card">
      <PageTitle>Sign in</PageTitle>
      <p class="muted">Your locks, codes and the people who use them.</p>
      <form onSubmit={(e) => void submit(e)} class="form">
        <label>
          Your id
          <input
            name="person_id"
            autoComplete="username"
            required
            value={id}
            onInput={(e) => setId(e.currentTarget.value)}
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="primary" disabled={busy}>
          Sign in
        </button>
        <Problem error={error} />
      </form>
      <p class="muted small">
        First start? Open the setup link the server printed (it ends in <code>#/setup/…</code>).
      </p>
    </section>
  );
}

const slug = (name: string): string =>
  name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63);

export function SetUp({ token, onDone }: { token: string; onDone: () => void }) {
  const [name, setName] = useState("");
  const [id, setId] = useState("");
  const [password, setPassword] = useState("");
  const [setupToken, setToken] = useState(token);
  const [error, setError] = useState<HubError | undefined>();
  const [made, setMade] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const sending = useRef(false); // set at once: a second click comes before the re-render
  const personId = id || slug(name);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    // One setup at a time: a double click sent a second, which the hub refused ("already has
    // an owner") and the page showed as an error for a moment before it moved on.
    if (sending.current) return;
    sending.current = true;
    setBusy(true);
    try {
      const p = await hub.setUp({
        token: setupToken.trim(),
        name,
        password,
        ...(personId ? { id: personId } : {}),
      });
      await hub.signIn(p.id, password);
      setMade(p.id);
      location.hash = "#/locks";
      onDone();
    } catch (err) {
      setError(err instanceof HubError ? err : undefined);
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };
  return (
    <section class="card">
      <PageTitle>Set up your hub</PageTitle>
      <p class="muted">
        This makes the owner: the one person who may do everything. The setup link works once.
      </p>
      <form onSubmit={(e) => void submit(e)} class="form">
        {!token && (
          <label>
            Setup token (from the server's first start)
            <input
              name="token"
              required
              value={setupToken}
              onInput={(e) => setToken(e.currentTarget.value)}
            />
          </label>
        )}
        <label>
          Your name
          <input
            name="name"
            autoComplete="name"
            required
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <label>
          Your id (you sign in with it)
          <input
            name="id"
            autoComplete="username"
            pattern="[a-z0-9][a-z0-9\-]{0,62}"
            placeholder={slug(name) || "e.g. olivia"}
            value={id}
            onInput={(e) => setId(e.currentTarget.value)}
            aria-describedby="id-help"
          />
        </label>
        <p id="id-help" class="muted small">
          Small letters, digits and dashes. Left empty: {slug(name) || "made from your name"}.
        </p>
        <NewPasswordField
          label="Password (10 characters or more)"
          name="password"
          value={password}
          onChange={setPassword}
        />
        <button type="submit" class="primary" disabled={busy}>
          Make me the owner
        </button>
        <Problem error={error} />
        {made && <p role="status">Welcome, {made}.</p>}
      </form>
    </section>
  );
}
