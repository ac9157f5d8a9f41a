/**
 * A data folder with a lock the host cannot read (a damaged row, a state from another
 * version): the host starts, names it, leaves it in place untouched, and keeps its id taken —
 * before, a damaged row stopped the start with a stack trace, and a state from another
 * version was skipped silently and overwritten by the next lock made under its id (with its
 * history rows then read as the new lock's).
 */
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LockHost } from "./lock-host.ts";
import { valueOrThrow } from "./outcome.ts";
import { readyLockSetup } from "./ready-lock-setup.ts";
import { SqliteHostStore } from "./storage/sqlite-host-store.ts";

const SETUP = readyLockSetup("smartcode-914", Date.parse("2026-03-02T08:00:00Z"), {
  codes: [{ slot: 1, code: "1357" }],
});

const folders: string[] = [];
afterEach(() => {
  for (const d of folders.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A folder with three locks, closed cleanly. */
async function folderWithThreeLocks(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "latchkey-unreadable-"));
  folders.push(dir);
  const file = join(dir, "locks.sqlite");
  const host = new LockHost({ store: new SqliteHostStore(file), pacing: false });
  host.open();
  for (const id of ["front", "old", "broken"]) valueOrThrow(host.create({ id, setup: SETUP }));
  await host.close();
  return file;
}

function rows(file: string): Map<string, { record: string; state: string }> {
  const db = new Database(file, { readonly: true });
  const all = db.prepare("SELECT id, record, state FROM locks").all() as {
    id: string;
    record: string;
    state: string;
  }[];
  db.close();
  return new Map(all.map((r) => [r.id, { record: r.record, state: r.state }]));
}

describe("stored locks the host cannot read", () => {
  it("are named at the start, left in place untouched, and their ids stay taken", async () => {
    const file = await folderWithThreeLocks();
    const db = new Database(file);
    // A state written by another version, and a row cut short.
    db.prepare(
      `UPDATE locks SET state = replace(state, '"version":1', '"version":0') WHERE id = 'old'`,
    ).run();
    db.prepare("UPDATE locks SET record = '{' WHERE id = 'broken'").run();
    db.close();
    const before = rows(file);

    const host = new LockHost({ store: new SqliteHostStore(file), pacing: false });
    expect(host.open()).toEqual({ resumed: 1, skipped: ["old", "broken"] });
    expect(host.all().map((l) => l.id)).toEqual(["front"]);
    expect(host.unreadableLocks().get("old")).toMatch(/state version 0, this one reads 1/);
    expect(host.unreadableLocks().get("broken")).toMatch(/damaged/);
    // A new lock under either id is refused, the stored one is not overwritten.
    for (const id of ["old", "broken"]) {
      const made = host.create({ id, setup: SETUP });
      expect(made).toMatchObject({ ok: false, code: "lock.exists" });
      expect(made.ok ? "" : made.reason).toMatch(/left in place/);
    }
    valueOrThrow(host.create({ id: "other", setup: SETUP }));
    await host.close();

    const after = rows(file);
    expect(after.get("old")).toEqual(before.get("old"));
    expect(after.get("broken")).toEqual(before.get("broken"));
    expect(after.has("other")).toBe(true);
  });
});
