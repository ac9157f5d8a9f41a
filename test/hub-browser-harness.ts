/**
 * The companion app's browser tests share this: the browser harness (its own Vite build) over
 * the server `npm start` runs, with a real hub on an in-memory SQLite store caring for a real
 * lock host — and one call that closes all of it.
 */
import type { HubSigningKey } from "../src/hub/index.ts";
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
