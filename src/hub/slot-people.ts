/**
 * Who a lock's slot belongs to, answered at once (issue 13: Home Assistant's operation event
 * names "the person from the hub"): the lock reports `unlocked` by slot, and the bridge that
 * tells Home Assistant cannot wait for a database. A copy of the hub's slot → name table, kept
 * current from the hub's own status changes (a code placed, moved or removed), refreshed per
 * lock in batches so one code on 10,000 locks is a few queries, not 10,000.
 */
import type { Hub } from "./hub.ts";

const BATCH = 500;

export class SlotPeople {
  private readonly names = new Map<string, Map<number, string>>();
  private readonly dirty = new Set<string>();
  private refreshing: Promise<void> | null = null;
  private readonly unsubscribe: () => void;

  constructor(private readonly hub: Hub) {
    this.unsubscribe = hub.subscribe((change) => {
      if (change.type !== "lock-code") return;
      this.dirty.add(change.state.lockId);
      this.refreshing ??= this.refreshDirty();
    });
  }

  /** Reads every lock's slots (at start). */
  async load(): Promise<void> {
    const rows = await this.hub.repo.slotNames();
    this.names.clear();
    for (const r of rows) this.put(r.lockId, r.slot, r.name);
  }

  /** The person's name (or the code's) in this slot of this lock, if the hub put a code there. */
  personForSlot(lockId: string, slot: number): string | undefined {
    return this.names.get(lockId)?.get(slot);
  }

  /** Waits for refreshes under way (tests). */
  async idle(): Promise<void> {
    while (this.refreshing) await this.refreshing;
  }

  close(): void {
    this.unsubscribe();
  }

  private put(lockId: string, slot: number, name: string): void {
    let slots = this.names.get(lockId);
    if (!slots) this.names.set(lockId, (slots = new Map()));
    slots.set(slot, name);
  }

  private async refreshDirty(): Promise<void> {
    try {
      // Let a burst of changes gather, then read their locks in batches.
      await new Promise((resolve) => setTimeout(resolve, 10));
      while (this.dirty.size > 0) {
        const ids = [...this.dirty].slice(0, BATCH);
        for (const id of ids) this.dirty.delete(id);
        const rows = await this.hub.repo.slotNames(ids);
        for (const id of ids) this.names.delete(id);
        for (const r of rows) this.put(r.lockId, r.slot, r.name);
      }
    } catch {
      // A database hiccup: the next change refreshes again; a stale name is all it costs.
    } finally {
      this.refreshing = null;
    }
  }
}
