/**
 * The lock ids the Home Assistant bridge has discovered, per broker, prefix and base topic,
 * in the data folder (`mqtt-discovered.json`): a lock removed while the bridge was away from
 * that broker leaves retained configs there, and the next start empties them (docs/mqtt.md).
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DiscoveredLocksStore } from "./home-assistant-bridge.ts";

export const DISCOVERED_LOCKS_FILE = "mqtt-discovered.json";

type DiscoveredFile = { v: 1; brokers: Record<string, string[]> };

function readFile(path: string): DiscoveredFile {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as unknown;
    if (
      typeof parsed === "object" &&
      parsed !== null &&
      (parsed as DiscoveredFile).v === 1 &&
      typeof (parsed as DiscoveredFile).brokers === "object" &&
      (parsed as DiscoveredFile).brokers !== null
    )
      return parsed as DiscoveredFile;
  } catch {
    // No file yet, or not ours: nothing was discovered before (nothing is removed).
  }
  return { v: 1, brokers: {} };
}

/** `key` names the broker and topics (never a password): the ids of one are not another's. */
export function discoveredLocksFile(dataFolder: string, key: string): DiscoveredLocksStore {
  const path = join(dataFolder, DISCOVERED_LOCKS_FILE);
  let warned = false;
  return {
    load: () => {
      const ids = readFile(path).brokers[key];
      return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === "string") : [];
    },
    save: (ids) => {
      const file = readFile(path);
      file.brokers[key] = [...ids];
      const temporary = `${path}.tmp`;
      try {
        writeFileSync(temporary, JSON.stringify(file), { mode: 0o600 });
        renameSync(temporary, path);
      } catch (error) {
        // Saved from a timer and at close: a folder gone or full must not stop the server. Said
        // once; what is lost is only the clean-up of a lock removed while the bridge is away.
        if (!warned) {
          warned = true;
          const why = error instanceof Error ? error.message : String(error);
          process.emitWarning(
            `could not save ${path} (${why}): a lock removed while the bridge is away from the broker may stay in Home Assistant`,
          );
        }
      }
    },
  };
}
