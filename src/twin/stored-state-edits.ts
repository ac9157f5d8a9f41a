/**
 * Changes to what the lock's memory holds, made the way the world makes them — a sync that
 * wiped codes, a reset nobody remembers, bit rot — followed by the brief restart that
 * makes the firmware read its memory again (clearing, as any restart does, a running lockout).
 * The firmware decides nothing differently; it
 * only finds different data (FAULTS.md no-user-codes, not-handed, code-deleted, code-expired,
 * code-capacity-full, memory-corrupted).
 */
import type { PersistentState } from "../core/state.ts";
import { checkNewCode, withSlot } from "../core/code-book.ts";
import type { LockTwin } from "./lock-twin.ts";

export function editStoredState(twin: LockTwin, edit: (p: PersistentState) => PersistentState): boolean {
  const p = twin.persistent();
  if (!p) return false;
  twin.writeStore(edit(p));
  twin.glitch();
  return true;
}

/** Fills every free slot with household codes that obey the profile's rules; returns them. */
export function fillFreeSlots(twin: LockTwin): { code: string; slot: number }[] {
  const added: { code: string; slot: number }[] = [];
  editStoredState(twin, (p0) => {
    let p = p0;
    let seed = 3_100;
    p.codes.forEach((c, i) => {
      if (c) return;
      for (let tries = 0; tries < 500; tries++) {
        const code = String(seed++).padStart(4, "0") + "7";
        const check = checkNewCode(twin.profile, p, code, "user", i);
        if (check.ok) {
          p = withSlot(p, i + 1, check.stored);
          added.push({ code, slot: i + 1 });
          break;
        }
      }
    });
    return p;
  });
  return added;
}

/** Flips bytes in both record slots of the store, then glitches the power. */
export function corruptMemory(twin: LockTwin): void {
  const half = Math.floor(twin.nvm.sizeBytes / 2);
  for (const base of [0, half]) {
    const at = base + 12; // inside the record, past its header
    const b = twin.nvm.read(at, 4);
    twin.nvm.write(
      at,
      b.map((x) => x ^ 0x5a),
    );
  }
  twin.glitch();
}
