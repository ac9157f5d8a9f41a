/**
 * The page's view of the server's locks: the newest snapshot of each (by revision, whether
 * it came over HTTP or the WebSocket), the profiles, which lock is shown, and the last error.
 */
import { useEffect, useState } from "preact/hooks";
import type { LockSnapshot, ProfileSummary } from "./api-types.ts";

type Listener = () => void;

class Store {
  locks = new Map<string, LockSnapshot>();
  profiles: ProfileSummary[] = [];
  selectedId: string | null = null;
  error: { message: string; at: number } | null = null;
  live: "connecting" | "live" | "offline" = "connecting";
  soundOn = localStorage.getItem("latchkey.sound") !== "off";
  private listeners = new Set<Listener>();
  /** Locks whose next snapshot is taken whatever its revision (see `resync`). */
  private unconfirmed = new Set<string>();
  private errorTimer: ReturnType<typeof setTimeout> | null = null;

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }

  putLock(snap: LockSnapshot): void {
    const known = this.locks.get(snap.id);
    if (known && known.rev > snap.rev && !this.unconfirmed.has(snap.id)) return;
    this.unconfirmed.delete(snap.id);
    this.locks.set(snap.id, snap);
    if (this.selectedId === null) this.select(snap.id);
    this.emit();
  }

  /**
   * The WebSocket connected again: the server may have restarted meanwhile, and a new server
   * counts revisions from 1, so the page's newer-looking snapshots can be older than the
   * server's. The next snapshot of each known lock is taken whatever its revision.
   */
  resync(): void {
    this.unconfirmed = new Set(this.locks.keys());
  }

  /** The server's list of locks after a `resync`: a lock it no longer has is gone. */
  keepOnly(ids: readonly string[], resyncedFrom: ReadonlySet<string>): void {
    const have = new Set(ids);
    for (const id of resyncedFrom) if (!have.has(id) && this.locks.has(id)) this.removeLock(id);
  }

  removeLock(id: string): void {
    this.locks.delete(id);
    if (this.selectedId === id) this.select(this.locks.keys().next().value ?? null);
    this.emit();
  }

  select(id: string | null): void {
    this.selectedId = id;
    if (id !== null && location.hash !== `#${id}`) history.replaceState(null, "", `#${id}`);
    this.emit();
  }

  setProfiles(p: ProfileSummary[]): void {
    this.profiles = p;
    this.emit();
  }

  setSound(on: boolean): void {
    this.soundOn = on;
    localStorage.setItem("latchkey.sound", on ? "on" : "off");
    this.emit();
  }

  setLive(state: Store["live"]): void {
    this.live = state;
    this.emit();
  }

  showError(message: string): void {
    this.error = { message, at: Date.now() };
    if (this.errorTimer) clearTimeout(this.errorTimer);
    this.errorTimer = setTimeout(() => {
      this.error = null;
      this.emit();
    }, 8_000);
    this.emit();
  }

  clearError(): void {
    this.error = null;
    this.emit();
  }
}

export const store = new Store();

/** Re-renders the calling component whenever the store changes. */
export function useStore(): Store {
  const [, setTick] = useState(0);
  useEffect(() => store.subscribe(() => setTick((t) => t + 1)), []);
  return store;
}
