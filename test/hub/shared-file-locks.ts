/**
 * Stand-in locks for the two-hub test only: each lock's code table lives in one SQLite file
 * that several processes open, so two hub processes (and the test) see the same locks, and a
 * hub killed with SIGKILL leaves the locks as a real lock would be left. Every write is logged
 * (who sent what), so the test can count what was done twice. The lock's rules are the
 * core's: length, first four digits unique, capacity.
 */
import Database from "better-sqlite3";
import type {
  HubHostChange,
  HubLockLink,
  HubLockSource,
  HubLockView,
  HubRadioCommand,
  LinkResult,
} from "../../src/hub/host-port.ts";

export class SharedFileLocks implements HubLockSource {
  private readonly db: Database.Database;

  constructor(
    file: string,
    private readonly owner: string,
    private readonly delayMs = 0,
  ) {
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("busy_timeout = 10000");
    this.db.exec(`CREATE TABLE IF NOT EXISTS locks (id TEXT PRIMARY KEY, capacity INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS slots (lock_id TEXT NOT NULL, slot INTEGER NOT NULL, code TEXT NOT NULL, PRIMARY KEY (lock_id, slot));
      CREATE TABLE IF NOT EXISTS log (n INTEGER PRIMARY KEY AUTOINCREMENT, lock_id TEXT, op TEXT, slot INTEGER, code TEXT, by TEXT);`);
  }

  addLock(id: string, capacity = 30): void {
    this.db.prepare("INSERT OR IGNORE INTO locks (id, capacity) VALUES (?, ?)").run(id, capacity);
  }

  codesOn(id: string): string[] {
    return (
      this.db.prepare("SELECT code FROM slots WHERE lock_id = ? ORDER BY slot").all(id) as { code: string }[]
    ).map((r) => r.code);
  }

  writes(): { lock_id: string; op: string; slot: number; code: string | null; by: string }[] {
    return this.db.prepare("SELECT lock_id, op, slot, code, by FROM log ORDER BY n").all() as never;
  }

  close(): void {
    this.db.close();
  }

  list(): readonly HubLockView[] {
    return (this.db.prepare("SELECT id FROM locks ORDER BY id").all() as { id: string }[]).map((r) =>
      this.view(r.id)!,
    );
  }

  view(id: string): HubLockView | undefined {
    const row = this.db.prepare("SELECT capacity FROM locks WHERE id = ?").get(id) as
      { capacity: number } | undefined;
    if (!row) return undefined;
    return {
      id,
      name: id,
      profileId: "shared-file",
      model: "Shared-file stand-in",
      online: true,
      paired: true,
      battery: null,
      bolt: "locked",
      codeRules: { minLength: 4, maxLength: 8, capacity: row.capacity, uniquePrefixDigits: 4 },
    };
  }

  link(id: string): HubLockLink | undefined {
    if (!this.view(id)) return undefined;
    return {
      lockId: id,
      status: () => ({ online: true, paired: true }),
      subscribe: () => () => {},
      send: async (command) => {
        if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
        return this.apply(id, command);
      },
    };
  }

  subscribe(_listener: (c: HubHostChange) => void): () => void {
    return () => {};
  }

  private apply(id: string, command: HubRadioCommand): LinkResult {
    const db = this.db;
    return db.transaction((): LinkResult => {
      const capacity = (db.prepare("SELECT capacity FROM locks WHERE id = ?").get(id) as { capacity: number })
        .capacity;
      switch (command.type) {
        case "setCode": {
          if (command.slot < 1 || command.slot > capacity)
            return { ok: false, code: "code.slot", reason: `slot ${command.slot} does not exist` };
          const others = db
            .prepare("SELECT slot, code FROM slots WHERE lock_id = ? AND slot <> ?")
            .all(id, command.slot) as { slot: number; code: string }[];
          const clash = others.find((o) => o.code.slice(0, 4) === command.code.slice(0, 4));
          if (clash)
            return {
              ok: false,
              code: "code.conflict",
              reason: `first 4 digits match slot ${clash.slot} (B-CODE-4)`,
            };
          db.prepare(
            "INSERT INTO slots (lock_id, slot, code) VALUES (?, ?, ?) ON CONFLICT (lock_id, slot) DO UPDATE SET code = excluded.code",
          ).run(id, command.slot, command.code);
          db.prepare("INSERT INTO log (lock_id, op, slot, code, by) VALUES (?, 'set', ?, ?, ?)").run(
            id,
            command.slot,
            command.code,
            this.owner,
          );
          return { ok: true };
        }
        case "deleteCode":
          db.prepare("DELETE FROM slots WHERE lock_id = ? AND slot = ?").run(id, command.slot);
          db.prepare("INSERT INTO log (lock_id, op, slot, code, by) VALUES (?, 'delete', ?, NULL, ?)").run(
            id,
            command.slot,
            this.owner,
          );
          return { ok: true };
        case "readSlot": {
          const row = db.prepare("SELECT 1 FROM slots WHERE lock_id = ? AND slot = ?").get(id, command.slot);
          return { ok: true, data: { slot: command.slot, occupied: !!row } };
        }
        case "readChecksum": {
          const rows = db.prepare("SELECT slot, code FROM slots WHERE lock_id = ? ORDER BY slot").all(id);
          return {
            ok: true,
            data: { checksum: JSON.stringify(rows).length.toString(16) + ":" + rows.length },
          };
        }
        default:
          return { ok: true };
      }
    })();
  }
}
