/**
 * FAULTS.md faults that live in the person (programming-code-used, wrong-code, …) injected on a
 * hosted lock, as the API's POST /api/locks/:id/faults does. The outside audit found
 * programming-code-used refused on every lock ("this lock has no programming code to misuse")
 * even on a 264 whose programming code is the default 0000 (B-SET-1): the host handed the twin
 * a throwaway person, not the one who knows the lock.
 */
import { describe, expect, it } from "vitest";
import { LockHost } from "./index.ts";
import { readyLockSetup } from "./ready-lock-setup.ts";

function hostWith(profile: string, codes: { slot: number; code: string }[]): LockHost {
  const host = new LockHost({ pacing: false });
  host.open();
  const setup = readyLockSetup(profile, Date.parse("2026-03-02T08:00:00Z"));
  expect(host.create({ id: "door", setup: { ...setup, codes } }).ok).toBe(true);
  return host;
}

describe("faults that live in the person", () => {
  it("B-SEC-3, B-SET-1: programming-code-used takes on a 264 (default 0000): the person now types it", async () => {
    const host = hostWith("smartcode-264", [{ slot: 1, code: "29475" }]);
    expect(host.act("door", (l) => l.fault({ fault: "programming-code-used" })).ok).toBe(true);
    const lock = host.get("door")!;
    expect(lock.personKnows.typed).toBe("0000");
    expect(lock.faultLog.map((e) => e.id)).toEqual(["programming-code-used"]);
    await host.close();
  });

  it("B-CODE-8: wrong-code makes the person type another code; a refused fault leaves what they know alone", async () => {
    const host = hostWith("smartcode-914", [{ slot: 1, code: "2947" }]);
    const before = { ...host.get("door")!.personKnows };
    expect(host.act("door", (l) => l.fault({ fault: "master-code-forgotten" })).ok).toBe(false);
    expect(host.get("door")!.personKnows).toEqual(before);
    expect(host.act("door", (l) => l.fault({ fault: "wrong-code" })).ok).toBe(true);
    const knows = host.get("door")!.personKnows;
    expect(knows.code).toBe("2947");
    expect(knows.typed).toBeDefined();
    expect(knows.typed).not.toBe("2947");
    await host.close();
  });
});
