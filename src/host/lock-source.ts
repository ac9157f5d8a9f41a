/**
 * What the layers above need of "the locks": their views, each one's radio link and a feed
 * of changes. The in-process LockHost is one; RemoteLocks (locks behind a broker, in other
 * processes) is another; combineLockSources makes one out of several, so the hub, the Home
 * Assistant bridge and Matter manage locks the same way wherever they run.
 */
import type { HostChange } from "./lock-host.ts";
import type { LockLink } from "./lock-link.ts";
import type { LockView } from "./lock-view.ts";

export interface LockSource {
  list(): readonly LockView[];
  view(id: string): LockView | undefined;
  link(id: string): LockLink | undefined;
  subscribe(listener: (change: HostChange) => void): () => void;
}

/**
 * One source made of several. A lock id is looked up in order: if two sources hold the same
 * id, the first one's lock is the one seen (lock ids are the fleet's keys; `latchkey locks`
 * prefixes its ids with its node id so they do not clash).
 */
export function combineLockSources(...sources: readonly LockSource[]): LockSource {
  const owner = (id: string): LockSource | undefined => sources.find((s) => s.view(id) !== undefined);
  return {
    list: () => {
      const seen = new Set<string>();
      const views: LockView[] = [];
      for (const source of sources) {
        for (const view of source.list()) {
          if (seen.has(view.id)) continue;
          seen.add(view.id);
          views.push(view);
        }
      }
      return views;
    },
    view: (id) => owner(id)?.view(id),
    link: (id) => owner(id)?.link(id),
    subscribe: (listener) => {
      const stops = sources.map((s) => s.subscribe(listener));
      return () => {
        for (const stop of stops) stop();
      };
    },
  };
}
