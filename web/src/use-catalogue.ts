// What the twin can do to a lock of this model — faults, fixes, and the packs a person can put
// in — fetched once per model and shared by the panels that show it.
import { useEffect, useState } from "preact/hooks";
import { api } from "./api-client.ts";
import type { FaultCatalogue, LockSnapshot } from "./api-types.ts";

const catalogues = new Map<string, Promise<FaultCatalogue>>();

export function useCatalogue(lock: LockSnapshot): FaultCatalogue | null {
  const [cat, setCat] = useState<FaultCatalogue | null>(null);
  useEffect(() => {
    let live = true;
    let p = catalogues.get(lock.profile.id);
    if (!p) {
      p = api.faults(lock.id);
      catalogues.set(lock.profile.id, p);
      p.catch(() => catalogues.delete(lock.profile.id));
    }
    p.then(
      (c) => live && setCat(c),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [lock.profile.id, lock.id]);
  return cat;
}
