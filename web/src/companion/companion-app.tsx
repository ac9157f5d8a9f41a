/**
 * The companion app's shell: who is signed in (GET /me), the navigation a role may use, and
 * the page the address names. A guest gets only their own codes; a signed-out person the
 * sign-in page (or the first-start setup when the address carries a setup token).
 */
import { useEffect, useState } from "preact/hooks";
import { hub, HubError } from "./hub-client.ts";
import type { Me } from "./hub-types.ts";
import { href, useRoute } from "./router.ts";
import type { Route } from "./router.ts";
import { SignIn, SetUp } from "./pages/sign-in.tsx";
import { LocksPage } from "./pages/locks-page.tsx";
import { LockPage } from "./pages/lock-page.tsx";
import { PeoplePage } from "./pages/people-page.tsx";
import { CodesPage } from "./pages/codes-page.tsx";
import { CodePage } from "./pages/code-page.tsx";
import { CodeEditor } from "./pages/code-editor.tsx";
import { HistoryPage } from "./pages/history-page.tsx";
import { AlertsPage } from "./pages/alerts-page.tsx";
import { TroubleshootPage } from "./pages/troubleshoot-page.tsx";
import { InvitePage } from "./pages/invite-page.tsx";
import { live, useLiveState } from "./live.ts";
import { ROLE_WORDS } from "./words.ts";

type Session = { state: "loading" } | { state: "out" } | { state: "in"; me: Me };

const NAV: readonly { path: string; label: string; roles: readonly Me["role"][] }[] = [
  { path: "locks", label: "Locks", roles: ["owner", "manager"] },
  { path: "codes", label: "Codes", roles: ["owner", "manager"] },
  { path: "codes", label: "My codes", roles: ["guest"] },
  { path: "people", label: "People", roles: ["owner", "manager"] },
  { path: "history", label: "History", roles: ["owner", "manager"] },
  { path: "alerts", label: "Alerts", roles: ["owner", "manager"] },
  { path: "care", label: "Care", roles: ["owner", "manager"] },
];

export function CompanionApp() {
  const route = useRoute();
  const [session, setSession] = useState<Session>({ state: "loading" });
  const check = async (): Promise<void> => {
    try {
      setSession({ state: "in", me: await hub.me() });
    } catch (e) {
      if (e instanceof HubError && e.status === 401) setSession({ state: "out" });
      else setSession({ state: "out" });
    }
  };
  useEffect(() => void check(), []);
  // The live socket is opened once signed in: the server checks the session cookie when it opens.
  const signedIn = session.state === "in";
  useEffect(() => {
    if (!signedIn) return;
    live.start();
    return () => live.stop();
  }, [signedIn]);

  if (session.state === "loading")
    return (
      <main class="c-app" id="main">
        <p role="status">Loading…</p>
      </main>
    );
  // An invite link opens its page whoever is signed in here: it only sets that person's password.
  if (route.path[0] === "invite")
    return (
      <div class="c-app">
        <main id="main" class="c-main narrow">
          <InvitePage token={route.path[1] ?? ""} />
        </main>
      </div>
    );
  if (session.state === "out") {
    const setup = route.path[0] === "setup";
    return (
      <div class="c-app">
        <main id="main" class="c-main narrow">
          {setup ? (
            <SetUp token={route.path[1] ?? route.query.get("token") ?? ""} onDone={check} />
          ) : (
            <SignIn onDone={check} />
          )}
        </main>
      </div>
    );
  }
  const me = session.me;
  const home = me.role === "guest" ? "codes" : "locks";
  const page = route.path[0] && route.path[0] !== "setup" ? route.path[0] : home;
  const signOut = async (): Promise<void> => {
    await hub.signOut().catch(() => undefined);
    location.hash = "";
    setSession({ state: "out" });
  };
  return (
    <div class="c-app" data-role={me.role}>
      <a
        class="skip"
        href="#main"
        onClick={(e) => (e.preventDefault(), document.getElementById("main")?.focus())}
      >
        Skip to the page
      </a>
      <header class="c-head">
        <p class="c-brand">
          <span class="logo" aria-hidden="true" /> Latchkey
        </p>
        <nav aria-label="Companion app">
          <ul class="c-nav">
            {NAV.filter((n) => n.roles.includes(me.role)).map((n) => (
              <li key={n.label}>
                <a href={href(n.path)} aria-current={page === n.path ? "page" : undefined}>
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="c-who">
          <LiveBadge />
          <span>
            {me.name} <span class="muted">({ROLE_WORDS[me.role]})</span>
          </span>
          <button type="button" class="quiet" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" class="c-main" tabIndex={-1}>
        <Page route={route} page={page} me={me} />
      </main>
      <footer class="c-foot muted">
        <a href="/">The lock page</a> (the simulated locks themselves) · API: <code>/api/hub/v1</code>
      </footer>
    </div>
  );
}

function Page({ route, page, me }: { route: Route; page: string; me: Me }) {
  const id = route.path[1];
  switch (page) {
    case "locks":
      if (id && route.path[2] === "troubleshoot")
        return (
          <TroubleshootPage
            key={`doctor-${id}`}
            lockId={id}
            symptom={route.query.get("symptom") ?? undefined}
            alert={route.query.get("alert") ?? undefined}
          />
        );
      return id ? <LockPage key={id} lockId={id} me={me} /> : <LocksPage me={me} />;
    case "codes":
      if (id === "new") return <CodeEditor key="new" me={me} query={route.query} />;
      if (id && route.path[2] === "edit")
        return <CodeEditor key={`edit-${id}`} me={me} editId={id} query={route.query} />;
      return id ? <CodePage key={id} codeId={id} me={me} /> : <CodesPage me={me} />;
    case "people":
      return <PeoplePage me={me} />;
    case "history":
      return <HistoryPage query={route.query} />;
    case "alerts":
      return <AlertsPage me={me} care={false} />;
    case "care":
      return <AlertsPage me={me} care={true} />;
    default:
      return (
        <p class="problem" role="alert">
          No such page. <a href={href(me.role === "guest" ? "codes" : "locks")}>Go home</a>
        </p>
      );
  }
}

/** Whether changes arrive as they happen (the socket) or by a slow poll while it reconnects. */
function LiveBadge() {
  const state = useLiveState();
  if (state === "off") return null;
  return (
    <span class={`live-badge live-${state}`} data-live={state} title="Updates from the hub">
      {state === "live" ? "Live" : state === "connecting" ? "Connecting…" : "Offline — retrying"}
    </span>
  );
}
