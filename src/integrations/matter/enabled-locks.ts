/**
 * `<data>/matter/enabled.json`: which locks are Matter nodes and the UDP port each had (reused
 * at restart, so a controller that knows the address finds it again). Kept apart from the
 * service so the server can read it at start without loading matter.js.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface EnabledLock {
  port: number;
}

/** The Matter folder of a data folder. */
export function matterFolder(dataDir: string): string {
  return join(dataDir, "matter");
}

export function readEnabledLocks(folder: string | null): Map<string, EnabledLock> {
  const map = new Map<string, EnabledLock>();
  if (folder === null) return map;
  const file = join(folder, "enabled.json");
  if (!existsSync(file)) return map;
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (typeof parsed === "object" && parsed !== null) {
      for (const [id, value] of Object.entries(parsed)) {
        const port = (value as { port?: unknown } | null)?.port;
        map.set(id, {
          port: typeof port === "number" && Number.isInteger(port) && port >= 0 && port < 65536 ? port : 0,
        });
      }
    }
  } catch (error) {
    console.error(`matter: ${file} is unreadable, starting with no Matter locks:`, error);
  }
  return map;
}

export function writeEnabledLocks(folder: string | null, enabled: ReadonlyMap<string, EnabledLock>): void {
  if (folder === null) return;
  mkdirSync(folder, { recursive: true });
  const file = join(folder, "enabled.json");
  writeFileSync(`${file}.tmp`, JSON.stringify(Object.fromEntries(enabled), null, 1));
  renameSync(`${file}.tmp`, file);
}
