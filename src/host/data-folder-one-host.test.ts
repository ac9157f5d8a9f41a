/**
 * One host per data folder. Two `latchkey serve` (or a serve and a `latchkey locks`) started on
 * the same LATCHKEY_DATA used to run the same locks side by side, each saving its own copy over
 * the other's: a code one of them acknowledged was gone after a restart (seen with two real
 * servers: keypad codes in slots 3 and 4, one on each, and only one of them kept). The second
 * opener is now refused with the reason, and the folder opens again once the first has closed
 * (or died: the lock is the operating system's).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDataFolder } from "./data-folder.ts";
import { LockHost } from "./lock-host.ts";
import { valueOrThrow } from "./outcome.ts";
import { readyLockSetup } from "./ready-lock-setup.ts";

const folders: string[] = [];
afterEach(() => {
  for (const d of folders.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("a data folder", () => {
  it("B-PWR-8: is used by one host at a time: a second is refused with the reason and changes nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "latchkey-one-host-"));
    folders.push(dir);
    const env = { LATCHKEY_DATA: dir };
    const first = new LockHost({ store: openDataFolder(env).store, pacing: false });
    first.open();
    valueOrThrow(
      first.create({
        id: "front",
        setup: readyLockSetup("smartcode-914", Date.now(), { codes: [{ slot: 1, code: "1357" }] }),
      }),
    );
    expect(() => openDataFolder(env)).toThrow(/another Latchkey is using .*locks\.sqlite/);
    // The first goes on saving: what it acknowledges after the refusal is kept.
    valueOrThrow(first.act("front", (l) => l.radio({ type: "setCode", slot: 2, code: "2468" })));
    await first.close();

    const second = new LockHost({ store: openDataFolder(env).store, pacing: false });
    expect(second.open()).toEqual({ resumed: 1, skipped: [] });
    expect(
      second
        .get("front")
        ?.twin.persistent()
        ?.codes.filter((c) => c !== null),
    ).toHaveLength(2);
    await second.close();
  }, 20_000);
});
