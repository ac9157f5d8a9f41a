/**
 * The WebSocket to the server (`/api/live`): snapshots of every lock as they change, so a
 * second tab or a reload sees the same locks. Reconnects by itself when the server comes back.
 */
import { api } from "./api-client.ts";
import type { LiveServerMessage } from "./api-types.ts";
import { store } from "./store.ts";

export function connectLive(): void {
  const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/live`;
  let retryMs = 500;
  let wasClosed = false;
  const open = (): void => {
    const ws = new WebSocket(url);
    ws.onopen = () => {
      retryMs = 500;
      store.setLive("live");
      if (wasClosed) resync();
      // The profiles are asked once at load: a page opened while the server was down had none
      // (Add a lock offered no model) until it was reloaded.
      if (store.profiles.length === 0)
        void api
          .profiles()
          .then((p) => store.setProfiles(p))
          .catch(() => undefined);
    };
    ws.onmessage = (ev: MessageEvent<string>) => {
      const msg = JSON.parse(ev.data) as LiveServerMessage;
      if (msg.type === "lock") store.putLock(msg.lock);
      else if (msg.type === "removed") store.removeLock(msg.id);
      else if (msg.type === "error") store.showError(`${msg.error.message} (${msg.error.code})`);
      // hub-alert, hub-alert-resolved, hub-access-code, hub-overflow: for the hub's page (docs/hub.md), not this one.
    };
    ws.onclose = () => {
      wasClosed = true;
      store.setLive("offline");
      setTimeout(open, retryMs);
      retryMs = Math.min(retryMs * 2, 5_000);
    };
  };
  open();
}

/**
 * Back after a drop: the server may be a new one (a restart), whose revisions start again
 * from 1, and locks may have gone meanwhile. The socket's first snapshots and the server's
 * list are taken as they are, and a lock the server no longer has leaves the page.
 */
function resync(): void {
  store.resync();
  const known = new Set(store.locks.keys());
  void api
    .locks()
    .then((locks) => {
      for (const l of locks) store.putLock(l);
      store.keepOnly(
        locks.map((l) => l.id),
        known,
      );
    })
    .catch(() => undefined);
}
