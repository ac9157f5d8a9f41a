/**
 * Timers that stop while the tab is hidden (document.visibilityState): a poll or a ticking
 * countdown in a tab nobody looks at only spends the phone's battery and the hub's time.
 * Coming back runs the callback once at once (so what shows is current), then on the interval.
 */
import { useEffect, useRef, useState } from "preact/hooks";

const visible = (): boolean => document.visibilityState !== "hidden";

/** Whether the page is shown now, updated as the person switches tabs. */
export function usePageVisible(): boolean {
  const [shown, setShown] = useState(visible);
  useEffect(() => {
    const on = (): void => setShown(visible());
    document.addEventListener("visibilitychange", on);
    return () => document.removeEventListener("visibilitychange", on);
  }, []);
  return shown;
}

/**
 * Calls `fn` every `ms` while the page is shown, and once when it is shown again after being
 * hidden; `ms` null (or 0) stops it.
 */
export function useVisibleInterval(fn: () => void, ms: number | null): void {
  const latest = useRef(fn);
  latest.current = fn;
  const shown = usePageVisible();
  const wasHidden = useRef(false);
  useEffect(() => {
    if (!shown) {
      wasHidden.current = true;
      return;
    }
    if (wasHidden.current) {
      wasHidden.current = false;
      latest.current();
    }
    if (!ms) return;
    const t = setInterval(() => latest.current(), ms);
    return () => clearInterval(t);
  }, [shown, ms]);
}
