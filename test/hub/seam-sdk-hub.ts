/**
 * A hub on real hosted locks with its server, for tests that drive it with Seam's own SDK
 * (`@seamapi/http`): two locks (front, back) of a SmartCode 914 on site "home", the owner's
 * token as the SDK's `seam_` API key, and a way to wait on real time.
 */
import { SeamHttp } from "@seamapi/http/connect";
import { LockHost } from "../../src/host/index.ts";
import { Hub } from "../../src/hub/index.ts";
import type { Person } from "../../src/hub/index.ts";
import type { backends } from "../../src/hub/storage/test-backends.test-fake.ts";
import { createServer } from "../../src/server/create-server.ts";
import { SEAM_RPC_PREFIX } from "../../src/server/routes/seam-rpc.ts";
import { readyLockSetup } from "../../src/host/ready-lock-setup.ts";
import { valueOrThrow } from "../../src/host/outcome.ts";

export const TOKEN = "integrator-token-0123456789abcdef";
const SETUP = readyLockSetup("smartcode-914", 0, { door: "closed", paired: true });

/** Polls `read` until `done` holds (real time: the locks are paced), at most `ms`. */
export async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface SeamSdkHub {
  readonly host: LockHost;
  readonly hub: Hub;
  readonly owner: Person;
  /** The SDK with the owner's key. */
  readonly seam: SeamHttp;
  readonly endpoint: string;
  /** The SDK with a key of a new person of `role` (a manager of `siteIds`). */
  as(role: "manager" | "guest", siteIds?: readonly string[]): Promise<SeamHttp>;
}

/** Opens the backend, hosts the locks, starts hub and server; `cleanups` undoes it (last first). */
export async function seamSdkHub(
  backend: ReturnType<typeof backends>[number],
  cleanups: (() => Promise<unknown> | void)[],
): Promise<SeamSdkHub> {
  const opened = await backend.open();
  cleanups.push(opened.cleanup);
  const host = new LockHost({ pacing: true });
  host.open();
  cleanups.push(() => host.close());
  for (const id of ["front", "back"])
    valueOrThrow(host.create({ id, setup: { ...SETUP, timeMs: Date.now(), codes: [] } }));
  const hub = new Hub({ repo: opened.repo, source: host });
  const owner = await hub.ensureAdminToken(TOKEN);
  await hub.start(200);
  cleanups.push(() => hub.close());
  valueOrThrow(await hub.createSite(owner, { id: "home", name: "Home", timeZone: "Europe/Berlin" }));
  for (const lockId of ["front", "back"]) valueOrThrow(await hub.addLock(owner, { lockId, siteId: "home" }));
  const server = await createServer({ hub, host, webDist: null, initialLocks: [] });
  const endpoint = `${await server.listen(0, "127.0.0.1")}${SEAM_RPC_PREFIX}`;
  cleanups.push(() => server.close());
  const seam = SeamHttp.fromApiKey(`seam_${TOKEN}`, { endpoint });
  let people = 0;
  const as = async (role: "manager" | "guest", siteIds: readonly string[] = []) => {
    const person = valueOrThrow(
      await hub.addPerson(owner, { name: `${role} ${++people}`, role, siteIds: [...siteIds] }),
    );
    const token = valueOrThrow(await hub.createApiToken(owner, person.id, "seam"));
    return SeamHttp.fromApiKey(`seam_${token}`, { endpoint });
  };
  return { host, hub, owner, seam, endpoint, as };
}
