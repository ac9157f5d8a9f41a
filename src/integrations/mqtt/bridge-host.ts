/**
 * The host as the Home Assistant bridge reads it: views come with each change, and the
 * radio's reports are events `{ kind, … }` (core's LockEvent) with the lock's time.
 */
import type { LockSource } from "../../host/index.ts";
import type { BridgeHost, BridgeLink } from "./home-assistant-bridge.ts";
import type { ReportLike } from "./entity-states.ts";

export function bridgeHostOf(source: LockSource): BridgeHost {
  return {
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
