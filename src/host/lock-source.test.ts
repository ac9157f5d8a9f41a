/** combineLockSources: one view of the locks of several sources (in-process and behind a broker). */
import { describe, expect, it } from "vitest";
import { LockHost } from "./lock-host.ts";
import type { HostChange } from "./lock-host.ts";
import { combineLockSources } from "./lock-source.ts";
import { readyLockSetup } from "./ready-lock-setup.ts";

const SETUP = readyLockSetup("smartcode-914", Date.parse("2026-03-02T08:00:00Z"));

describe("combined lock sources", () => {
  it("lists, finds and links the locks of every source; changes of each reach one listener; the first wins a shared id", async () => {
    const a = new LockHost({ pacing: false });
    const b = new LockHost({ pacing: false });
    a.open();
    b.open();
    const both = combineLockSources(a, b);
    const changes: HostChange[] = [];
    const stop = both.subscribe((c) => changes.push(c));
    expect(a.create({ id: "front", name: "A front", setup: SETUP }).ok).toBe(true);
    expect(b.create({ id: "back", setup: SETUP }).ok).toBe(true);
    expect(b.create({ id: "front", name: "B front", setup: SETUP }).ok).toBe(true);
    expect(both.list().map((v) => v.id)).toEqual(["front", "back"]);
    expect(both.view("front")!.name).toBe("A front");
    expect(both.link("back")!.lockId).toBe("back");
    expect(both.link("nowhere")).toBeUndefined();
    expect(changes.filter((c) => c.type === "added").map((c) => c.id)).toEqual(["front", "back", "front"]);
    stop();
    b.remove("back");
    expect(changes.some((c) => c.type === "removed")).toBe(false);
    await a.close();
    await b.close();
  });
});
