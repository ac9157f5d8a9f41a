// The page: the lock tabs (several locks at once, each its own state), the shown lock,
// and the form to add another.
import { useRef, useState } from "preact/hooks";
import { LockView } from "./components/lock-view.tsx";
import { ImportLock } from "./components/import-lock.tsx";
import { NewLockForm } from "./components/new-lock-form.tsx";
import { StartHere, rememberStartHere, startHereHidden } from "./components/start-here.tsx";
import { store, useStore } from "./store.ts";

export function App() {
  const s = useStore();
  const [adding, setAdding] = useState(false);
  const addButton = useRef<HTMLButtonElement>(null);
  // The form goes away under the keyboard's focus: it goes to the new lock's tab, or back to
  // Add a lock (Cancel, Escape), not to the top of the page.
  const closeForm = (made?: string) => {
    setAdding(false);
    setTimeout(() => {
      const tab = made ? document.querySelector<HTMLElement>(`[data-tab="${CSS.escape(made)}"]`) : null;
      (tab ?? addButton.current)?.focus();
    });
  };
  const [startHere, setStartHere] = useState(() => !startHereHidden());
  const showStartHere = (on: boolean) => {
    setStartHere(on);
    rememberStartHere(!on);
  };
  const locks = [...s.locks.values()];
  const shown = s.selectedId ? s.locks.get(s.selectedId) : undefined;
  // The tabs are one stop for the keyboard, the arrows (and Home, End) move between them, as
  // ARIA's tab pattern has it: with sixty locks, Tab went through sixty tabs to reach the lock.
  const tabKeys = (e: KeyboardEvent): void => {
    const at = locks.findIndex((l) => l.id === shown?.id);
    const last = locks.length - 1;
    const to =
      e.key === "ArrowRight" || e.key === "ArrowDown"
        ? at >= last
          ? 0
          : at + 1
        : e.key === "ArrowLeft" || e.key === "ArrowUp"
          ? at <= 0
            ? last
            : at - 1
          : e.key === "Home"
            ? 0
            : e.key === "End"
              ? last
              : -1;
    const next = locks[to];
    if (!next) return;
    e.preventDefault();
    store.select(next.id);
    (e.currentTarget as HTMLElement)
      .querySelector<HTMLElement>(`[data-tab="${CSS.escape(next.id)}"]`)
      ?.focus();
  };
  return (
    <div class="app">
      <header class="app-head">
        <h1>
          <span class="logo" aria-hidden="true" /> Latchkey
        </h1>
        <p class="tagline">A simulated Kwikset-style smart deadbolt: press it, hear it, break it, fix it.</p>
        <div class="app-tools">
          <span class={`live live-${s.live}`} role="status">
            {s.live === "live" ? "live" : s.live === "connecting" ? "connecting…" : "offline — reconnecting"}
          </span>
          <button
            type="button"
            class="quiet"
            aria-expanded={startHere}
            data-action="start-here"
            onClick={() => showStartHere(!startHere)}
          >
            Start here
          </button>
          <button
            type="button"
            class="toggle"
            aria-pressed={s.soundOn}
            onClick={() => store.setSound(!s.soundOn)}
          >
            Sound
          </button>
        </div>
      </header>
      <nav class="tabs" aria-label="Locks">
        <div role="tablist" aria-label="Locks" onKeyDown={tabKeys}>
          {locks.map((l) => (
            <button
              type="button"
              role="tab"
              key={l.id}
              aria-selected={l.id === s.selectedId}
              tabIndex={l.id === (shown?.id ?? locks[0]?.id) ? 0 : -1}
              data-tab={l.id}
              onClick={() => store.select(l.id)}
            >
              <span class={`tab-dot bolt-${l.bolt}`} aria-hidden="true" />
              {l.name} <span class="muted tab-model">{l.profile.name}</span>
            </button>
          ))}
        </div>
        <button
          type="button"
          class="primary"
          ref={addButton}
          data-action="add-lock"
          aria-expanded={adding}
          onClick={() => setAdding(!adding)}
        >
          Add a lock
        </button>
        <ImportLock />
      </nav>
      <div class="alert-slot" role="alert">
        {s.error && (
          <p class="alert">
            {s.error.message}{" "}
            <button type="button" class="quiet" onClick={() => store.clearError()}>
              Dismiss
            </button>
          </p>
        )}
      </div>
      {startHere && <StartHere lock={shown} onHide={() => showStartHere(false)} />}
      {adding && <NewLockForm onDone={closeForm} />}
      <main>
        {shown ? (
          <LockView key={shown.id} lock={shown} />
        ) : (
          <p class="empty">
            {s.live === "live" ? "No lock yet: add one." : "Connecting to the lock server…"}
          </p>
        )}
      </main>
      <footer class="app-foot muted">
        <a href="/app/">Companion app</a> (your locks, codes and people, through the hub) · API:{" "}
        <a href="/api/openapi.json">/api/openapi.json</a> · the locks run in the server; reload or open a
        second tab, they stay as they are.
      </footer>
    </div>
  );
}
