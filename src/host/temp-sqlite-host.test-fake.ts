/**
 * Tests of what a host keeps across a restart: a folder of its own for each test (removed with
 * `removeTempHostDirs` after it), and a host opened on that folder's SQLite file as `latchkey
 * serve` opens it, on virtual time.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LockHost, SqliteHostStore } from "./index.ts";

const dirs: string[] = [];

/** A new empty folder, removed by `removeTempHostDirs`. */
export function tempHostDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** For `afterEach`: removes every folder `tempHostDir` made. */
export function removeTempHostDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** A host on `dir`'s locks.sqlite, not paced (the test moves time), opened. */
export function openHostIn(dir: string): LockHost {
  const host = new LockHost({ store: new SqliteHostStore(join(dir, "locks.sqlite")), pacing: false });
  host.open();
  return host;
}
