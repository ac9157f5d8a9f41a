/** Loads something from the hub for a page, with its error, a reload, and an optional poll. */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { HubError } from "./hub-client.ts";

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: HubError | undefined;
  readonly reload: () => Promise<void>;
}

export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[], pollMs?: number): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<HubError | undefined>(undefined);
  const latest = useRef(load);
  latest.current = load;
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
    if (!pollMs) return;
    const t = setInterval(() => void reload(), pollMs);
    return () => clearInterval(t);
  }, deps);
  return { data, error, reload };
}
