/**
 * The companion app's small hash router: `#/locks`, `#/locks/front-door`, `#/codes/new` …
 * Hash addresses need nothing from the server (it serves /app/index.html), and back/forward
 * and links just work. The lock page (/) keeps its own `#lock-id` addresses.
 */
import { useEffect, useState } from "preact/hooks";

export interface Route {
  readonly path: readonly string[];
  readonly query: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const [path = "", query = ""] = hash.replace(/^#\/?/, "").split("?");
  return {
    path: path
      .split("/")
      .filter((p) => p.length > 0)
      .map((p) => decodeURIComponent(p)),
    query: new URLSearchParams(query),
  };
}

export function href(...parts: string[]): string {
  return `#/${parts.map((p) => encodeURIComponent(p)).join("/")}`;
}

export function go(...parts: string[]): void {
  location.hash = href(...parts);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const on = (): void => setRoute(parseHash(location.hash));
    addEventListener("hashchange", on);
    return () => removeEventListener("hashchange", on);
  }, []);
  return route;
}
