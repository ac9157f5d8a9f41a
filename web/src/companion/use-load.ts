/**
 * Loads something from the hub for a page, with its error and a reload. It stays current by
 * the live socket where it can (`hears`: the messages that are about it reload it, a burst at
 * most once a second) and by a slow poll only while the socket is down (`pollMs`); neither
 * runs while the tab is hidden, and a tab shown again reloads once.
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { HubError } from "./hub-client.ts";
import type { HeardMessage } from "./live.ts";
import { live, useLiveState } from "./live.ts";
import { useVisibleInterval } from "../use-visible.ts";

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: HubError | undefined;
  readonly reload: () => Promise<void>;
}

export interface LoadOptions {
  /** Reload every this long while the live socket is down (the fallback). */
  readonly pollMs?: number;
  /** Which live messages are about what this loads; each one reloads it. */
  readonly hears?: (message: HeardMessage) => boolean;
}

/** Messages heard within this long of a reload wait for the next one (a burst is one reload). */
const LIVE_RELOAD_GAP_MS = 1000;
/** A message is acted on after this long, so the hub has written what it is about. */
const LIVE_SETTLE_MS = 150;

export function useLoad<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
  options: LoadOptions = {},
): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<HubError | undefined>(undefined);
  const latest = useRef(load);
  latest.current = load;
  const hears = useRef(options.hears);
  hears.current = options.hears;
  const reload = useCallback(async () => {
    try {
      setData(await latest.current());
      setError(undefined);
    } catch (e) {
      setError(e instanceof HubError ? e : new HubError("network", "the hub did not answer", 0));
    }
  }, []);
  useEffect(() => {
    setData(undefined);
    setError(undefined);
    void reload();
  }, deps);

  // Live: a message about this reloads it, at most once a second; none while hidden (the
  // reload on being shown again catches up).
  const lastLiveReload = useRef(0);
  useEffect(() => {
    if (!options.hears) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = live.listen((m) => {
      const about = m.type === "reconnected" || m.type === "hub-overflow" || (hears.current?.(m) ?? false);
      if (!about) return;
      if (document.visibilityState === "hidden" || timer) return;
      const wait = Math.max(LIVE_SETTLE_MS, lastLiveReload.current + LIVE_RELOAD_GAP_MS - Date.now());
      timer = setTimeout(() => {
        timer = null;
        lastLiveReload.current = Date.now();
        void reload();
      }, wait);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [...deps, options.hears !== undefined]);

  // The fallback: polled only while the socket is not live (or for what the socket does not carry).
  const liveState = useLiveState();
  const polling = options.pollMs && !(options.hears && liveState === "live") ? options.pollMs : null;
  const kept = options.pollMs !== undefined || options.hears !== undefined;
  useVisibleInterval(() => kept && void reload(), polling);
  return { data, error, reload };
}
