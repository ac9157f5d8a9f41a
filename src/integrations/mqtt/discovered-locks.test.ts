/**
 * The bridge's record of the locks it announced (discovered-locks.ts) is saved from a timer and
 * at close: a data folder that has gone (or cannot be written) must not throw there, where
 * nothing catches it and the whole server would stop.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DISCOVERED_LOCKS_FILE, discoveredLocksFile } from "./discovered-locks.ts";

describe("the discovered locks' file", () => {
  it("keeps the ids per broker key across a save and a load", () => {
    const folder = mkdtempSync(join(tmpdir(), "lk-discovered-"));
    try {
      const one = discoveredLocksFile(folder, "mqtt://a|homeassistant|latchkey");
      const other = discoveredLocksFile(folder, "mqtt://b|homeassistant|latchkey");
      one.save(["front", "back"]);
      other.save(["shed"]);
      expect(one.load()).toEqual(["front", "back"]);
      expect(other.load()).toEqual(["shed"]);
      expect(JSON.parse(readFileSync(join(folder, DISCOVERED_LOCKS_FILE), "utf8"))).toMatchObject({ v: 1 });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("a save into a folder that has gone does not throw, and loads as nothing discovered", () => {
    const folder = mkdtempSync(join(tmpdir(), "lk-discovered-"));
    rmSync(folder, { recursive: true, force: true });
    const store = discoveredLocksFile(folder, "mqtt://a|homeassistant|latchkey");
    expect(() => store.save(["front"])).not.toThrow();
    expect(() => store.save(["front", "back"])).not.toThrow();
    expect(store.load()).toEqual([]);
  });
});
