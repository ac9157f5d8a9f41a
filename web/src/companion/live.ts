/**
 * The companion app's live socket: the hub's own, `/api/hub/v1/live` (src/server/hub-live.ts,
 * routes/hub-live-route.ts). Once a person is signed in, the socket carries the session cookie
 * (path /api) — no server token, so a manager's or a guest's app off loopback hears the hub too —
 * and the server pushes the hub's alerts and each code's status on a lock as they happen
 * (`hub-alert`, `hub-alert-resolved`, `hub-access-code`, `hub-overflow`), locks coming under the
 * hub or renamed, and a visible lock's bolt, battery or door changing (`hub-lock`, `state`). Pages
 * reload what a message is about at once (`useLoad`'s `hears`; the Locks page fetches only the
 * lock that changed), so a code goes from "setting" to "set" without waiting for a poll; while
 * the socket is down they fall back to the 10 s poll, and it reconnects by itself.
 *
 * The lab's socket (`/api/live`, the simulator's, behind the server's token off loopback) is
 * opened only while a page shows a lock's telemetry (the troubleshooter, the lock's help:
 * `useLockSnapshot`), for its snapshots.
 */
import { useEffect, useState } from "preact/hooks";
import type { LiveServerMessage, LockSnapshot } from "../api-types.ts";

export type LiveState = "off" | "connecting" | "live" | "down";
type Listener = (message: LiveServerMessage | { type: "reconnected" }) => void;

/** The hub's own live socket (the lab's `/api/live` carries the simulator's snapshots). */
const HUB_LIVE_PATH = "/api/hub/v1/live";

function socketUrl(path: string): string {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${path}`;
}

/** The longest wait before reconnecting (it starts at half a second and doubles). */
const MAX_RETRY_MS = 10_000;

class CompanionLive {
  state: LiveState = "off";
  private socket: WebSocket | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private retryMs = 500;
  private wasLive = false;
  private readonly listeners = new Set<Listener>();
  private readonly stateListeners = new Set<(s: LiveState) => void>();

  /** Opens the socket (after sign-in: the server checks the session when the socket opens). */
  start(): void {
    if (this.state !== "off") return;
    this.open();
  }

  /** Closes it for good (sign out): no reconnecting, and nothing heard is kept. */
  stop(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const s = this.socket;
    this.socket = null;
    s?.close();
    this.wasLive = false;
    this.setState("off");
  }

  /** Calls `fn` with every message (and `reconnected` after the socket comes back); returns the unsubscribe. */
  listen(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  onState(fn: (s: LiveState) => void): () => void {
    this.stateListeners.add(fn);
    return () => this.stateListeners.delete(fn);
  }

  private setState(s: LiveState): void {
    this.state = s;
    for (const fn of this.stateListeners) fn(s);
  }

  private open(): void {
    this.setState("connecting");
    const ws = new WebSocket(socketUrl(HUB_LIVE_PATH));
    this.socket = ws;
    ws.onopen = () => {
      if (this.socket !== ws) return;
      this.retryMs = 500;
      this.setState("live");
      // What changed while the socket was down was not heard: pages reload once.
      if (this.wasLive) this.emit({ type: "reconnected" });
      this.wasLive = true;
    };
    ws.onmessage = (ev: MessageEvent<unknown>) => {
      const message = this.socket === ws ? liveMessage(ev.data) : null;
      if (message) this.emit(message);
    };
    ws.onclose = () => {
      if (this.socket !== ws) return; // stopped on purpose
      this.socket = null;
      this.setState("down");
      this.retry = setTimeout(() => {
        this.retry = null;
        this.open();
      }, this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    };
  }

  private emit(message: LiveServerMessage | { type: "reconnected" }): void {
    for (const fn of [...this.listeners]) fn(message);
  }
}

export const live = new CompanionLive();

/** A socket's message as the server sends it (JSON text), or null: anything else is not for us. */
function liveMessage(data: unknown): LiveServerMessage | null {
  if (typeof data !== "string") return null;
  try {
    return JSON.parse(data) as LiveServerMessage;
  } catch {
    return null;
  }
}

/**
 * The lab's socket, for lock snapshots (telemetry, pairing, radio): open while at least one page
 * uses it, closed when the last one goes; it reconnects by itself meanwhile. Off loopback it needs
 * the server's token (the owner's cookie from the printed address); without it the pages say the
 * telemetry is not there, and everything else comes from the hub.
 */
class LabSnapshots {
  readonly snapshots = new Map<string, LockSnapshot>();
  private readonly listeners = new Set<(m: LiveServerMessage) => void>();
  private socket: WebSocket | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private retryMs = 500;

  /** Hears every lab message while `fn` is kept; returns the release. */
  use(fn: (m: LiveServerMessage) => void): () => void {
    this.listeners.add(fn);
    if (this.listeners.size === 1) this.open();
    return () => {
      this.listeners.delete(fn);
      if (this.listeners.size === 0) this.close();
    };
  }

  private open(): void {
    const ws = new WebSocket(socketUrl("/api/live"));
    this.socket = ws;
    ws.onopen = () => {
      if (this.socket === ws) this.retryMs = 500;
    };
    ws.onmessage = (ev: MessageEvent<unknown>) => {
      const message = this.socket === ws ? liveMessage(ev.data) : null;
      if (!message) return;
      if (message.type === "lock") this.snapshots.set(message.lock.id, message.lock);
      else if (message.type === "removed") this.snapshots.delete(message.id);
      for (const fn of [...this.listeners]) fn(message);
    };
    ws.onclose = () => {
      if (this.socket !== ws) return; // closed on purpose
      this.socket = null;
      this.retry = setTimeout(() => {
        this.retry = null;
        this.open();
      }, this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    };
  }

  private close(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const s = this.socket;
    this.socket = null;
    s?.close();
    this.snapshots.clear();
  }
}

const lab = new LabSnapshots();
export type HeardMessage = Parameters<Listener>[0];

/** The socket's state, for the pages that say whether they are live. */
export function useLiveState(): LiveState {
  const [state, setState] = useState(live.state);
  useEffect(() => {
    setState(live.state);
    return live.onState(setState);
  }, []);
  return state;
}

/** A lock's latest snapshot from the socket (bolt, pack, telemetry), or undefined before the first. */
export function useLockSnapshot(lockId: string): LockSnapshot | undefined {
  const [snap, setSnap] = useState(() => lab.snapshots.get(lockId));
  useEffect(() => {
    setSnap(lab.snapshots.get(lockId));
    return lab.use((m) => {
      if (m.type === "lock" && m.lock.id === lockId) setSnap(m.lock);
      else if (m.type === "removed" && m.id === lockId) setSnap(undefined);
    });
  }, [lockId]);
  return snap;
}

/** What a message is about, for `useLoad`'s `hears`. */
export const heard = {
  /** Any change on this lock: its state, a code's status on it, an alert about it. */
  lock:
    (lockId: string) =>
    (m: HeardMessage): boolean =>
      (m.type === "hub-lock" && m.lock.id === lockId) ||
      (m.type === "hub-access-code" && m.lock_code.lock_id === lockId) ||
      ((m.type === "hub-alert" || m.type === "hub-alert-resolved") && m.alert.lock_id === lockId),
  /**
   * Nothing but a reconnect or an overflow, which every hearing page reloads on: the Locks
   * page's list. Its locks' own changes are applied to the one lock (locks-page.tsx's
   * useLockUpdates); before 7 December 2026 any lock's change reloaded every lock's state.
   */
  nothingMore: (_m: HeardMessage): boolean => false,
  /** A code's status on a lock: one code, or any. */
  code:
    (codeId?: string) =>
    (m: HeardMessage): boolean =>
      m.type === "hub-access-code" && (codeId === undefined || m.lock_code.access_code_id === codeId),
  /**
   * Alerts raised and closed. (Before 7 December 2026 a closing was not pushed, so every lock
   * snapshot reloaded the list too: with many doors, a reload a second.)
   */
  alerts: (m: HeardMessage): boolean => m.type === "hub-alert" || m.type === "hub-alert-resolved",
} as const;
