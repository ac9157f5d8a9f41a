/**
 * The host as the Home Assistant bridge reads it: views come with each change, and the
 * radio's reports are events `{ kind, … }` (core's LockEvent) with the lock's time.
 */
import type { LockHost, LockSource } from "../../host/index.ts";
import type { BridgeHost, BridgeLink } from "./home-assistant-bridge.ts";
import type { ReportLike } from "./entity-states.ts";
import { installOverLink } from "./remote-install.ts";

export interface BridgeHostExtras {
  /**
   * Installs the maker's latest release on a lock (the `update-firmware` fix), for Home
   * Assistant's Install button; without it the button is refused.
   */
  readonly installFirmware?: BridgeHost["installFirmware"];
}

export function bridgeHostOf(source: LockSource, extras: BridgeHostExtras = {}): BridgeHost {
  return {
    ...(extras.installFirmware === undefined ? {} : { installFirmware: extras.installFirmware }),
    list: () => source.list(),
    link: (id) => {
      const link = source.link(id);
      if (link === undefined) return undefined;
      const bridged: BridgeLink = {
        send: (command, options) => link.send(command, options),
        subscribe: (listener) =>
          link.subscribe((told) => {
            const report = told.report as { type: string; event?: ReportLike["event"] };
            // Only events are operations; announcements and the like are not for Home Assistant.
            if (report.type === "event" && report.event !== undefined)
              listener({ atMs: told.atMs, event: report.event });
          }),
      };
      return bridged;
    },
    subscribe: (listener) =>
      source.subscribe((change) => {
        if (change.type === "removed") {
          listener({ type: "removed", id: change.id });
          return;
        }
        const view = source.view(change.id);
        if (view !== undefined) listener({ type: change.type, lock: view });
      }),
  };
}

/**
 * Install on this process's hosted locks: the `update-firmware` fix the server's fix route
 * applies (the maker's latest release over the lock's radio, logged in the lock's history).
 * Locks of other processes are not in this host: their Install answers `lock.not-found`
 * (installFirmwareAnywhere reaches them).
 */
export function installFirmwareOn(host: LockHost): NonNullable<BridgeHost["installFirmware"]> {
  return async (id) => {
    const done = host.act(id, (lock) => lock.fix({ fix: "update-firmware" }));
    return done.ok ? { ok: true } : { ok: false, code: done.code, reason: done.reason };
  };
}

/**
 * Install on every lock the bridge shows: the fix on this process's hosted locks (as above),
 * and for a lock another process serves, the same release sent over the lock link
 * (remote-install.ts).
 */
export function installFirmwareAnywhere(
  locks: LockSource,
  local: LockHost | undefined,
): NonNullable<BridgeHost["installFirmware"]> {
  const onLocal = local === undefined ? undefined : installFirmwareOn(local);
  return (id) =>
    onLocal !== undefined && local!.view(id) !== undefined ? onLocal(id) : installOverLink(locks, id);
}
