/**
 * The companion app's browser tests share this: the browser harness (its own Vite build) over
 * the server `npm start` runs, with a real hub on an in-memory SQLite store caring for a real
 * lock host — and one call that closes all of it.
 */
import type { HubSigningKey, Person } from "../src/hub/index.ts";
import type { FaultId } from "../src/twin/fault-ids.ts";
import { Hub, HubRepository } from "../src/hub/index.ts";
import { openSqliteDb } from "../src/hub/storage/sqlite-db.ts";
import { LockHost } from "../src/host/index.ts";
import { createServer } from "../src/server/create-server.ts";
import type { Harness } from "./browser-harness.ts";
import { startHarness } from "./browser-harness.ts";

export interface HubHarness {
  readonly harness: Harness;
  readonly hub: Hub;
  readonly host: LockHost;
  close(): Promise<void>;
}

/** `firmwareKey`: the hub signs firmware with it and the hosted locks trust it (issue 14). */
export async function startHubHarness(
  opts: { firmwareKey?: HubSigningKey; listen?: { host: string; port: number } } = {},
): Promise<HubHarness> {
  let hub: Hub | undefined;
  let host: LockHost | undefined;
  const harness = await startHarness({
    ownBuild: true,
    ...(opts.listen ? { listen: opts.listen } : {}),
    makeServer: async (webDist) => {
      const { firmwareKey } = opts;
      host = new LockHost(firmwareKey ? { updateKeys: [firmwareKey.publicKey] } : {});
      host.open();
      const repo = await HubRepository.open(openSqliteDb(":memory:"));
      hub = new Hub({ repo, source: host, ...(firmwareKey ? { firmwareKey } : {}) });
      await hub.start(300);
      return createServer({ webDist, host, hub });
    },
  });
  return {
    harness,
    // Getters: a harness.restart() makes the server, hub and host again.
    get hub() {
      return hub!;
    },
    get host() {
      return host!;
    },
    async close() {
      await harness.close();
      await hub?.close();
      await hub?.repo.close();
      await host?.close();
    },
  };
}

/** The hub's first owner, Olivia (id `olivia`), set up with the hub's setup token. */
export async function setUpOwner(hub: Hub, password: string): Promise<Person> {
  const made = await hub.setUp((await hub.sessions.setupToken())!, {
    name: "Olivia",
    id: "olivia",
    password,
  });
  if (!made.ok) throw new Error(made.reason);
  return made.value;
}

/** A ready, paired smartcode-914 made on the host (with `faults`), then put under the hub at `siteId`. */
export async function addReadyLock(
  hosted: HubHarness,
  owner: Person,
  lock: { id: string; name: string; siteId: string; faults?: readonly FaultId[] },
): Promise<void> {
  await hosted.harness.makeLock({
    id: lock.id,
    name: lock.name,
    lock: { profile: "smartcode-914", state: "ready", paired: true, faults: [...(lock.faults ?? [])] },
  });
  const added = await hosted.hub.addLock(owner, { lockId: lock.id, siteId: lock.siteId });
  if (!added.ok) throw new Error(added.reason);
}
