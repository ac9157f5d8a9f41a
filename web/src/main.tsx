// Entry of the browser app: load the profiles and locks, keep up with the server over the
// WebSocket, render.
import { render } from "preact";
import { api } from "./api-client.ts";
import { App } from "./app.tsx";
import { connectLive } from "./live-connection.ts";
import { store } from "./store.ts";
import "./styles.css";

const wanted = location.hash.slice(1);
if (wanted) store.selectedId = wanted;

// The shown lock is in the address (#lock-2): links, back and forward pick it.
addEventListener("hashchange", () => {
  const id = location.hash.slice(1);
  if (id && id !== store.selectedId) store.select(id);
});

render(<App />, document.getElementById("app")!);

void api
  .profiles()
  .then((p) => store.setProfiles(p))
  .catch(() => undefined);
void api
  .locks()
  .then((locks) => {
    for (const l of locks) store.putLock(l);
    if (store.selectedId && !store.locks.has(store.selectedId)) store.select(locks[0]?.id ?? null);
  })
  .catch(() => undefined);
connectLive();
