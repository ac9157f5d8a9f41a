/**
 * A data folder SQLite cannot open or write: the start stops with the file and what to check,
 * not SQLite's bare words ("disk I/O error" for a read-only file, "unable to open database
 * file" for a folder that cannot hold it), and nothing is written.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDataFolder } from "./data-folder.ts";
import { SqliteHostStore } from "./storage/sqlite-host-store.ts";

const folders: string[] = [];
afterEach(() => {
  for (const d of folders.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("a data folder SQLite cannot use", () => {
  it("is refused with the file and what to check", () => {
    const dir = mkdtempSync(join(tmpdir(), "latchkey-folder-problems-"));
    folders.push(dir);
    writeFileSync(join(dir, "a-file"), "not a folder");
    const file = join(dir, "a-file", "locks.sqlite");
    expect(() => new SqliteHostStore(file)).toThrow(
      `cannot open or write ${file} (unable to open database file): the data folder and the file must be writable`,
    );
  });

  it("a data folder that is a file is refused in words, with nothing made", () => {
    const dir = mkdtempSync(join(tmpdir(), "latchkey-folder-problems-"));
    folders.push(dir);
    const file = join(dir, "data");
    writeFileSync(file, "a file");
    expect(() => openDataFolder({ LATCHKEY_DATA: file })).toThrow(`${file} is a file, not a folder`);
    expect(readdirSync(dir)).toEqual(["data"]);
  });
});
