/**
 * Decision 0022: the host gathers the saves of one event-loop turn (a lock's own clock, radio
 * commands) into one commit, and answers a command, tells a report or a change only after
 * the commit that holds it; what a person does through a call is saved before it returns; a
 * commit that fails is answered as such, never as done.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { slotOfCode } from "../core/code-book.ts";
import { getProfile } from "../core/profiles/index.ts";
import { LockTwin } from "../twin/lock-twin.ts";
import { LockHost, STORAGE_FAILED } from "./lock-host.ts";
import type { HostWrite } from "./storage/host-store.ts";
import { MemoryHostStore } from "./storage/host-store.ts";
import { TrackedMemory } from "./tracked-memory.ts";
import { readyLockSetup } from "./ready-lock-setup.ts";

const SETUP = readyLockSetup("smartcode-914", Date.parse("2026-03-02T08:00:00Z"), { paired: true });

/** A memory store that counts its commits and can be told to fail the next one. */
class CountingStore extends MemoryHostStore {
  readonly commitsSaving: string[][] = [];
  failNext = false;

  override commit(write: HostWrite): void {
    if (this.failNext) {
      this.failNext = false;
      throw new Error("disk I/O error");
    }
    super.commit(write);
    this.commitsSaving.push(write.saves.map((s) => s.record.id));
  }

  /** The slot `code` is in on the lock as stored (0: not stored). */
  storedSlot(id: string, code: string): number {
    const stored = this.loadAll().find((s) => s.record.id === id);
    if (!stored) return 0;
    const twin = LockTwin.resume(getProfile(stored.profileId)!, stored.state, new TrackedMemory());
    const p = twin.persistent();
    return p ? slotOfCode(twin.profile, p, code) : 0;
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

function fleet(store: CountingStore, n: number): { host: LockHost; ids: string[] } {
  const host = new LockHost({ store, pacing: false });
  host.open();
  const ids = Array.from({ length: n }, (_, i) => `door-${i}`);
  for (const id of ids) {
    const r = host.create({ id, setup: SETUP });
    if (!r.ok) throw new Error(r.reason);
  }
  return { host, ids };
}

describe("saves batched per turn (decision 0022)", () => {
  it("B-PWR-8: setCode sent to ten locks in one turn is one commit, and each answer comes only once its code is stored", async () => {
    const store = new CountingStore();
    const { host, ids } = fleet(store, 10);
    const before = store.commitsSaving.length;
    const answers = ids.map((id, i) =>
      host
        .link(id)!
        .send({ type: "setCode", slot: 1, code: `${4820 + i}` })
        .then((r) => ({ id, r, storedAtAnswer: store.storedSlot(id, `${4820 + i}`) })),
    );
    // Nothing is answered, and nothing committed, until the turn ends.
    expect(store.commitsSaving.length).toBe(before);
    const done = await Promise.all(answers);
    for (const { r, storedAtAnswer } of done) {
      expect(r).toEqual({ ok: true });
      expect(storedAtAnswer).toBe(1);
    }
    const during = store.commitsSaving.slice(before);
    expect(during).toHaveLength(1);
    expect([...(during[0] ?? [])].sort()).toEqual([...ids].sort());
    await host.close();
  });

  it("B-PWR-8: the lock's report of the code and the host's change notice are heard only after the commit that holds the code", async () => {
    const store = new CountingStore();
    const { host } = fleet(store, 1);
    const heard: string[] = [];
    host.link("door-0")!.subscribe(({ report }) => {
      if (report.type === "event")
        heard.push(`${report.event.kind} stored=${store.storedSlot("door-0", "7391")}`);
    });
    host.subscribe((change) => {
      if (change.type === "changed") heard.push(`changed stored=${store.storedSlot("door-0", "7391")}`);
    });
    const answer = host.link("door-0")!.send({ type: "setCode", slot: 4, code: "7391" });
    expect(heard).toEqual([]);
    expect(await answer).toEqual({ ok: true });
    expect(heard).toContain("code-added stored=4");
    expect(heard.filter((h) => h.startsWith("changed")).at(-1)).toBe("changed stored=4");
    await host.close();
  });

  it("B-PWR-8: what a person does through a call is stored before the call returns", async () => {
    const store = new CountingStore();
    const { host } = fleet(store, 1);
    expect(await host.link("door-0")!.send({ type: "setCode", slot: 2, code: "5826" })).toEqual({ ok: true });
    expect(store.storedSlot("door-0", "5826")).toBe(2);
    const reset = host.act("door-0", (lock) => lock.fix({ fix: "factory-reset", confirmErase: true }));
    expect(reset.ok).toBe(true);
    // No await: the wiped table is on disk already.
    expect(store.storedSlot("door-0", "5826")).toBe(0);
    await host.close();
  });

  it("a commit that fails answers the command host.storage-failed, never ok, and the next commit stores the lock", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const store = new CountingStore();
    const { host } = fleet(store, 1);
    store.failNext = true;
    const r = await host.link("door-0")!.send({ type: "setCode", slot: 3, code: "6194" });
    expect(r).toMatchObject({ ok: false, code: STORAGE_FAILED });
    expect(store.storedSlot("door-0", "6194")).toBe(0);
    host.flush();
    expect(store.storedSlot("door-0", "6194")).toBe(3);
    await host.close();
  });

  it("B-PWR-8: a person's call whose commit fails answers host.storage-failed, not the lock as if saved; the next commit stores it", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const store = new CountingStore();
    const { host } = fleet(store, 1);
    const tap = (key: "program" | "lock" | "4" | "7" | "3" | "9" | "1") =>
      host.act("door-0", (lock) => lock.key({ key, action: "tap" }));
    for (const key of ["program", "4", "lock", "7", "3", "9", "1"] as const) expect(tap(key).ok).toBe(true);
    store.failNext = true; // the disk fails as the code is stored
    expect(tap("lock")).toMatchObject({ ok: false, code: STORAGE_FAILED, reason: /could not save it/ });
    expect(store.storedSlot("door-0", "7391")).toBe(0);
    // The lock did it (the code is in its memory), and the next commit writes it.
    expect(
      host
        .get("door-0")
        ?.twin.persistent()
        ?.codes.filter((c) => c !== null),
    ).toHaveLength(1);
    host.flush();
    expect(store.storedSlot("door-0", "7391")).toBe(4);
    await host.close();
  });

  it("B-PWR-8: locks made in one batch are one commit, and no one hears of them before it", () => {
    const store = new CountingStore();
    const host = new LockHost({ store, pacing: false });
    host.open();
    const before = store.commitsSaving.length;
    const heard: string[] = [];
    host.subscribe((change) => {
      // Told only once the lock is in the store: its row is there when we hear of it.
      if (change.type === "added" && store.loadAll().some((s) => s.record.id === change.id))
        heard.push(change.id);
    });
    const ids = ["door-a", "door-b", "door-c"];
    host.batch(() => {
      for (const id of ids) {
        const r = host.create({ id, setup: SETUP });
        if (!r.ok) throw new Error(r.reason);
        expect(heard).toEqual([]);
      }
    });
    expect(store.commitsSaving.slice(before)).toEqual([ids]);
    expect(heard).toEqual(ids);
  });
});
