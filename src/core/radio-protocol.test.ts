import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { PROFILES } from "./profiles/index.ts";
import { SimulatedLock, TEST_SECRET } from "./testing/simulated-lock.ts";
import { checkNewCode, withSlot } from "./code-book.ts";
import { codeTableChecksum } from "./code-table-checksum.ts";
import { factoryPersistentState } from "./factory-state.ts";
import type { LockEventKind, SlotInfo } from "./radio-types.ts";
import { LOCK_EVENT_KINDS, RADIO_COMMAND_TYPES, REFUSAL_CODES } from "./radio-types.ts";
import type { PersistentState } from "./state.ts";

const halo = PROFILES["halo"]!;
const p914 = PROFILES["smartcode-914"]!;

const kinds = (lock: SimulatedLock, from = 0): LockEventKind[] => lock.radioEvents(from).map((e) => e.kind);

describe("results: one per request, carrying its id", () => {
  it("B-NET-2: a remote unlock is answered only when the bolt run ended, with the request's id", () => {
    const lock = new SimulatedLock(halo, { codes: ["2947"], travelMs: 400 });
    lock.turn("extended", "key");
    const id = lock.radio({ type: "unlock" });
    expect(lock.resultsFor(id)).toEqual([]); // the motor is still running
    lock.advance(1000);
    expect(lock.resultsFor(id)).toEqual([{ type: "result", requestId: id, ok: true }]);
    expect(lock.isExtended).toBe(false);
    expect(lock.radioEvents().at(-1)).toEqual({ kind: "unlocked", source: "remote" });
  });

  it("B-BOLT-6: a remote lock on a blocked bolt is answered bolt.jammed after the retries, and a jam is reported", () => {
    const lock = new SimulatedLock(halo, { codes: ["2947"], blocked: true });
    const id = lock.radio({ type: "lock" });
    lock.advance(20_000);
    expect(lock.resultsFor(id)).toMatchObject([{ requestId: id, ok: false, code: "bolt.jammed" }]);
    expect(lock.radioEvents()).toContainEqual({ kind: "jammed", target: "locked" });
  });

  it("B-NET-2: two requests in flight each get their own answer: the first interrupted, the second done", () => {
    const lock = new SimulatedLock(halo, { codes: ["2947"], travelMs: 400 });
    const first = lock.radio({ type: "lock" });
    lock.advance(100);
    const second = lock.radio({ type: "unlock" });
    lock.advance(2000);
    expect(lock.resultsFor(first)).toMatchObject([{ ok: false, code: "bolt.interrupted" }]);
    expect(lock.resultsFor(second)).toMatchObject([{ ok: true }]);
  });

  it("B-SET-2: a remote unlock on a lock that is not handed is refused at once with its code", () => {
    const lock = new SimulatedLock(halo, { codes: ["2947"], handed: false });
    const id = lock.radio({ type: "unlock" });
    expect(lock.resultsFor(id)).toMatchObject([{ ok: false, code: "bolt.not-handed" }]);
  });

  it("B-NET-1: every refusal code the lock answers with is one of the declared codes", () => {
    const lock = new SimulatedLock(halo, { codes: ["29475"] });
    const ids = [
      lock.radio({ type: "setCode", slot: 2, code: "29476" }),
      lock.radio({ type: "setCode", slot: 99, code: "8163" }),
      lock.radio({ type: "setCode", slot: 2, code: "12a4" }),
      lock.radio({ type: "setCode", slot: 2, code: "8163", uses: 0 }),
      lock.radio({ type: "setCode", slot: 2, code: "8163", validFromMs: 10, validUntilMs: 5 }),
      lock.radio({ type: "readSlot", slot: 0 }),
      lock.radio({ type: "settings", settings: { nope: 1 } }),
      lock.radio({ type: "pair" }),
    ];
    for (const id of ids) {
      const [r] = lock.resultsFor(id);
      expect(r?.ok).toBe(false);
      if (r && !r.ok) expect(REFUSAL_CODES).toContain(r.code);
    }
    expect(RADIO_COMMAND_TYPES).toContain("readChecksum");
  });

  it("B-NET-1: a malformed command is refused command.invalid and changes nothing", () => {
    const lock = new SimulatedLock(halo, { codes: ["2947"] });
    const before = lock.state.persistent;
    for (const junk of [null, 7, { type: 3 }, { type: "explode" }, { type: "mode", mode: "party" }]) {
      const id = lock.radio(junk as never);
      expect(lock.resultsFor(id)).toMatchObject([{ ok: false, code: "command.invalid" }]);
    }
    expect(lock.state.persistent).toBe(before);
  });
});

describe("reading slots and the table's checksum", () => {
  it("B-NET-1, B-SEC-4: readSlot tells occupied or empty, window, schedule and uses left — never the code", () => {
    const lock = new SimulatedLock(halo, { codes: ["2947"] });
    const weekly = { dayMask: 1 | 16, fromMinute: 480, untilMinute: 1050 };
    lock.radio({
      type: "setCode",
      slot: 4,
      code: "58213",
      validFromMs: 1_000,
      validUntilMs: 9_000_000,
      weekly,
      uses: 3,
    });
    const read = (slot: number): unknown => lock.resultsFor(lock.radio({ type: "readSlot", slot }))[0];
    expect(read(4)).toMatchObject({
      ok: true,
      data: { slot: 4, occupied: true, validFromMs: 1_000, validUntilMs: 9_000_000, weekly, usesLeft: 3 },
    });
    expect(read(1)).toMatchObject({ ok: true, data: { slot: 1, occupied: true } });
    expect(read(2)).toMatchObject({ ok: true, data: { slot: 2, occupied: false } });
    expect(read(31)).toMatchObject({ ok: false, code: "code.slot" });
    const reports = JSON.stringify(lock.effectsOf("radio.report"));
    expect(reports).not.toContain("58213");
    expect(reports).not.toContain("2947");
  });

  it("B-NET-1: the checksum changes with every change to any slot and comes back when the table does", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"] });
    const checksum = (): string => {
      const [r] = lock.resultsFor(lock.radio({ type: "readChecksum" }));
      if (!r?.ok || !r.data || !("checksum" in r.data)) throw new Error("no checksum");
      return r.data.checksum;
    };
    const start = checksum();
    expect(start).toMatch(/^[0-9a-f]{16}$/);
    lock.radio({ type: "setCode", slot: 5, code: "5821" });
    const withFive = checksum();
    expect(withFive).not.toBe(start);
    lock.radio({ type: "setCode", slot: 5, code: "5821", uses: 2 });
    expect(checksum()).not.toBe(withFive); // uses are part of the table
    lock.radio({ type: "setCode", slot: 5, code: "5821" });
    expect(checksum()).toBe(withFive); // the same table again: the same checksum
    lock.keys("program 5 lock lock"); // deleted at the keypad
    expect(checksum()).toBe(start);
  });
});

describe("limited-use codes (B-CODE-1: one use)", () => {
  it("B-CODE-1: a one-time code opens once, is reported used up, then is refused like an expired code", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"] });
    lock.radio({ type: "setCode", slot: 3, code: "5821", uses: 1 });
    lock.turn("extended", "key");
    const from = lock.effects.length;
    lock.keys("5821");
    lock.advance(3000);
    expect(lock.isExtended).toBe(false);
    expect(lock.radioEvents(from)).toEqual(
      expect.arrayContaining([
        { kind: "code-used-up", slot: 3 },
        { kind: "unlocked", source: "keypad", slot: 3 },
      ]),
    );
    expect(lock.state.persistent.codes[2]?.usesLeft).toBe(0);
    lock.turn("extended", "key");
    const usedFrom = lock.effects.length;
    lock.keys("5821");
    lock.advance(3000);
    expect(lock.isExtended).toBe(true);
    expect(lock.effectsOf("history").at(-1)?.entry.detail).toContain("no use left");
    // The wrong-code report names the slot and why (never the digits), so a controller can say whose.
    expect(lock.radioEvents(usedFrom)).toEqual([
      { kind: "wrong-code", count: 1, source: "keypad", slot: 3, denial: "used-up" },
    ]);
    const [slot] = lock.resultsFor(lock.radio({ type: "readSlot", slot: 3 }));
    expect(slot).toMatchObject({ ok: true, data: { occupied: true, usesLeft: 0 } });
  });

  it("B-CODE-1: a code with three uses counts down by one a use and is kept across a power cut", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"] });
    lock.radio({ type: "setCode", slot: 3, code: "5821", uses: 3 });
    lock.keys("5821");
    lock.advance(3000);
    lock.powerCycle();
    expect(lock.state.persistent.codes[2]?.usesLeft).toBe(2);
    lock.turn("extended", "key");
    lock.keys("5821");
    lock.advance(3000);
    expect(lock.isExtended).toBe(false);
    expect(lock.state.persistent.codes[2]?.usesLeft).toBe(1);
  });

  it("B-NET-2: with requirePinForRemote a remote unlock needs a user code; a right one-time code is spent", () => {
    const lock = new SimulatedLock(halo, { codes: ["2947"], settings: { requirePinForRemote: true } });
    lock.radio({ type: "setCode", slot: 2, code: "58213", uses: 1 });
    lock.turn("extended", "key");
    expect(lock.resultsFor(lock.radio({ type: "unlock" }))).toMatchObject([{ code: "code.required" }]);
    expect(lock.resultsFor(lock.radio({ type: "unlock", code: "11111" }))).toMatchObject([
      { code: "code.wrong" },
    ]);
    expect(lock.isExtended).toBe(true);
    const id = lock.radio({ type: "unlock", code: "58213" });
    lock.advance(2000);
    expect(lock.resultsFor(id)).toMatchObject([{ ok: true }]);
    expect(lock.isExtended).toBe(false);
    expect(lock.radioEvents()).toContainEqual({ kind: "unlocked", source: "remote", slot: 2 });
    lock.turn("extended", "key");
    expect(lock.resultsFor(lock.radio({ type: "unlock", code: "58213" }))).toMatchObject([
      { code: "code.uses" },
    ]);
  });
});

describe("codes sent with a remote lock or unlock (B-SEC-1 holds over the radio too)", () => {
  it("B-SEC-1, B-SEC-6: wrong codes sent with a remote unlock count towards the keypad's lockout, and during it every code is refused", () => {
    const lock = new SimulatedLock(halo, { codes: ["2947"] });
    lock.turn("extended", "key");
    const from = lock.effects.length;
    for (let i = 0; i < 5; i++)
      expect(lock.resultsFor(lock.radio({ type: "unlock", code: "11111" }))).toMatchObject([
        { code: "code.wrong" },
      ]);
    expect(lock.state.lockedOutUntilMs).not.toBeNull();
    expect(kinds(lock, from)).toContain("lockout-started");
    expect(lock.effectsOf("signal", from)).toEqual([]); // nobody at the keypad to show it to
    expect(lock.resultsFor(lock.radio({ type: "unlock", code: "2947" }))).toMatchObject([
      { code: "code.lockout" },
    ]);
    expect(lock.isExtended).toBe(true);
    lock.keys("2947"); // the keypad is locked out as well
    lock.advance(3000);
    expect(lock.isExtended).toBe(true);
  });

  it("B-SEC-1: a right remote code resets the count, and the ok result names the code's slot", () => {
    const lock = new SimulatedLock(halo, { codes: ["2947"] });
    lock.turn("extended", "key");
    for (let i = 0; i < 4; i++) lock.radio({ type: "unlock", code: "11111" });
    const id = lock.radio({ type: "unlock", code: "2947" });
    lock.advance(2000);
    expect(lock.resultsFor(id)).toEqual([{ type: "result", requestId: id, ok: true, data: { slot: 1 } }]);
    expect(lock.state.wrongCount).toBe(0);
  });
});

describe("setSchedule: a slot's window and switch without its code", () => {
  it("B-CODE-8, B-NET-1: a schedule set later keeps the code; switched off it opens nothing; back on it opens", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947", "5821"] });
    const checksum = (): unknown => lock.resultsFor(lock.radio({ type: "readChecksum" }))[0];
    const before = checksum();
    const off = lock.radio({ type: "setSchedule", slot: 2, enabled: false });
    expect(lock.resultsFor(off)).toMatchObject([{ ok: true }]);
    expect(checksum()).not.toEqual(before);
    lock.turn("extended", "key");
    const offFrom = lock.effects.length;
    lock.keys("5821");
    lock.advance(3000);
    expect(lock.isExtended).toBe(true);
    expect(lock.radioEvents(offFrom)).toEqual([
      { kind: "wrong-code", count: 1, source: "keypad", slot: 2, denial: "switched-off" },
    ]);
    expect(lock.resultsFor(lock.radio({ type: "readSlot", slot: 2 }))).toMatchObject([
      { ok: true, data: { occupied: true, enabled: false } },
    ]);
    lock.radio({ type: "setSchedule", slot: 2, enabled: true, validUntilMs: 9e12 });
    expect(lock.resultsFor(lock.radio({ type: "readSlot", slot: 2 }))).toEqual([
      expect.objectContaining({ data: { slot: 2, occupied: true, validUntilMs: 9e12 } }),
    ]);
    lock.keys("5821");
    lock.advance(3000);
    expect(lock.isExtended).toBe(false);
    lock.radio({ type: "setSchedule", slot: 2, validUntilMs: null });
    expect(lock.state.persistent.codes[1]?.validUntilMs).toBeUndefined();
    expect(lock.radioEvents().filter((e) => e.kind === "code-changed")).toHaveLength(3);
  });

  it("B-NET-1: setSchedule on a free slot is refused code.empty, and a bad window changes nothing", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"] });
    expect(lock.resultsFor(lock.radio({ type: "setSchedule", slot: 3, enabled: false }))).toMatchObject([
      { code: "code.empty" },
    ]);
    const stored = lock.state.persistent;
    lock.radio({ type: "setSchedule", slot: 1, validFromMs: 5_000, validUntilMs: 1_000 });
    expect(lock.state.persistent).toBe(stored);
  });
});

describe("reports of changes made at the lock (B-NET-1, B-NET-2)", () => {
  it("B-NET-1: codes added, changed and deleted at the keypad are reported with their slot", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"] });
    lock.keys("program 3 lock 5821 lock");
    lock.keys("program 3 lock 6931 lock");
    lock.keys("program 3 lock lock");
    expect(lock.radioEvents()).toEqual([
      { kind: "code-added", source: "keypad", slot: 3 },
      { kind: "code-changed", source: "keypad", slot: 3 },
      { kind: "code-deleted", source: "keypad", slot: 3 },
    ]);
  });

  it("B-NET-1: a programming code set at the keypad is reported, and codes set from the app are too", () => {
    const lock = new SimulatedLock(halo, {});
    lock.keys("program 1357 lock");
    lock.radio({ type: "setCode", slot: 2, code: "58213" });
    lock.radio({ type: "deleteCode", slot: 2 });
    expect(lock.radioEvents()).toEqual([
      { kind: "programming-code-changed", source: "keypad" },
      { kind: "code-added", source: "remote", slot: 2 },
      { kind: "code-deleted", source: "remote", slot: 2 },
    ]);
  });

  it("B-SEC-5: each lock and unlock is reported with its source and slot", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"], settings: { autoLockSeconds: 30 } });
    lock.turn("extended", "key"); // manual
    lock.keys("2947"); // keypad, slot 1
    lock.advance(3000);
    lock.advance(31_000); // auto-lock
    lock.turn("retracted", "thumbturn"); // manual
    lock.keys("lock"); // one-touch
    lock.advance(2000);
    const turns = lock.radioEvents().filter((e) => e.kind === "locked" || e.kind === "unlocked");
    expect(turns).toEqual([
      { kind: "locked", source: "manual" },
      { kind: "unlocked", source: "keypad", slot: 1 },
      { kind: "locked", source: "auto" },
      { kind: "unlocked", source: "manual" },
      { kind: "locked", source: "one-touch" },
    ]);
  });

  it("B-SEC-1, B-SEC-6: wrong codes, the limit, the lockout's start (with its end time) and its end are reported", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"] });
    for (let i = 0; i < 5; i++) {
      lock.keys("1111");
      lock.advance(3000);
    }
    const until = lock.state.lockedOutUntilMs;
    expect(until).not.toBeNull();
    expect(lock.radioEvents().slice(-3)).toEqual([
      { kind: "wrong-code", count: 5, source: "keypad" },
      { kind: "wrong-code-limit", count: 5 },
      { kind: "lockout-started", untilMs: until },
    ]);
    const from = lock.effects.length;
    lock.advance(5 * 60_000);
    expect(kinds(lock, from)).toEqual(["lockout-ended"]);
  });

  it("B-PWR-2, B-PWR-3: low and critical battery are reported with the pack's level in percent", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"] });
    lock.dispatch({ type: "battery.sample", restV: 5.0 });
    lock.dispatch({ type: "battery.sample", restV: 4.5 });
    expect(lock.radioEvents()).toEqual([
      { kind: "battery-low", percent: 45 },
      { kind: "battery-critical", percent: 24 },
    ]);
  });

  it("B-SET-4: handing done is reported with the direction learned", () => {
    const lock = new SimulatedLock(halo, { handed: false });
    lock.keys("program 9 lock");
    lock.advance(10_000);
    expect(lock.radioEvents()).toContainEqual({ kind: "handing-done", extendsWith: "cw" });
  });

  it("B-NET-3, B-RST-1: a factory reset is reported with the pairing it dropped, then the lock is silent", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"] });
    lock.dispatch({ type: "key.down", key: "reset" });
    lock.advance(10_100);
    expect(lock.radioEvents()).toEqual([
      { kind: "factory-reset", pairingDropped: true },
      { kind: "unpaired", reason: "factory-reset" },
    ]);
    expect(lock.state.persistent.paired).toBe(false);
    const from = lock.effects.length;
    lock.turn("extended", "key");
    lock.keys("program 3 lock 5821 lock");
    expect(lock.effectsOf("radio.report", from)).toEqual([]); // only a paired lock transmits
  });

  it("B-NET-2: a settings change is reported to every listener with every setting as it now is; a refused one is not", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"] });
    const from = lock.effects.length;
    lock.radio({ type: "settings", settings: { autoLock: true, autoLockSeconds: 30 } });
    expect(lock.radioEvents(from)).toEqual([
      {
        kind: "settings-changed",
        source: "remote",
        settings: { ...p914.defaultSettings, autoLock: true, autoLockSeconds: 30 },
      },
    ]);
    const later = lock.effects.length;
    const [refused] = lock.resultsFor(lock.radio({ type: "settings", settings: { noSuchSetting: 1 } }));
    expect(refused).toMatchObject({ ok: false, code: "settings.invalid" });
    expect(lock.radioEvents(later)).toEqual([]);
  });

  it("B-SEC-2, B-NET-2: a mode change is reported to every listener with the new mode, before its answer; the same mode again or a refused one is not", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"] });
    const from = lock.effects.length;
    const id = lock.radio({ type: "mode", mode: "vacation" });
    expect(lock.radioEvents(from)).toEqual([{ kind: "mode-changed", source: "remote", mode: "vacation" }]);
    const reports = lock.effectsOf("radio.report", from).map((e) => e.report.type);
    expect(reports).toEqual(["event", "result"]);
    expect(lock.resultsFor(id)).toEqual([{ type: "result", requestId: id, ok: true }]);
    // Already in vacation: answered ok (a retried command is harmless), nothing reported.
    const again = lock.effects.length;
    const same = lock.radio({ type: "mode", mode: "vacation" });
    expect(lock.resultsFor(same)).toMatchObject([{ ok: true }]);
    expect(lock.radioEvents(again)).toEqual([]);
    const bad = lock.effects.length;
    const refused = lock.radio({ type: "mode", mode: "party" as "normal" });
    expect(lock.resultsFor(refused)).toMatchObject([{ ok: false, code: "command.invalid" }]);
    expect(lock.radioEvents(bad)).toEqual([]);
    expect(lock.state.persistent.mode).toBe("vacation");
    const back = lock.effects.length;
    lock.radio({ type: "mode", mode: "normal" });
    expect(lock.radioEvents(back)).toEqual([{ kind: "mode-changed", source: "remote", mode: "normal" }]);
  });

  it("B-SEC-2, B-BOLT-7: passage mode is reported, and its bolt run follows as its own report", () => {
    const lock = new SimulatedLock(halo, { codes: ["2947"] });
    lock.turn("extended", "key");
    const from = lock.effects.length;
    lock.radio({ type: "mode", mode: "passage" });
    lock.advance(3000);
    expect(lock.radioEvents(from)).toEqual([
      { kind: "mode-changed", source: "remote", mode: "passage" },
      { kind: "unlocked", source: "remote" },
    ]);
  });

  it("B-NET-2, B-SEC-2: with requirePinForRemote, passage (which unlocks) needs a right user code like a remote unlock", () => {
    const lock = new SimulatedLock(halo, { codes: ["2947"], settings: { requirePinForRemote: true } });
    lock.radio({ type: "setCode", slot: 2, code: "58213", uses: 1 });
    lock.turn("extended", "key");
    const from = lock.effects.length;
    expect(lock.resultsFor(lock.radio({ type: "mode", mode: "passage" }))).toMatchObject([
      { code: "code.required" },
    ]);
    expect(lock.resultsFor(lock.radio({ type: "mode", mode: "passage", code: "11111" }))).toMatchObject([
      { code: "code.wrong" },
    ]);
    lock.advance(3000);
    // Refused: the mode unchanged, the bolt still; the wrong code counts as one at the keypad would (B-SEC-6).
    expect(lock.state.persistent.mode).toBe("normal");
    expect(lock.isExtended).toBe(true);
    expect(lock.radioEvents(from)).toEqual([{ kind: "wrong-code", count: 1, source: "remote" }]);
    // Other modes do not unlock and need no code.
    expect(lock.resultsFor(lock.radio({ type: "mode", mode: "vacation" }))).toMatchObject([{ ok: true }]);
    const right = lock.radio({ type: "mode", mode: "passage", code: "58213" });
    lock.advance(3000);
    expect(lock.resultsFor(right)).toMatchObject([{ ok: true }]);
    expect(lock.state.persistent.mode).toBe("passage");
    expect(lock.isExtended).toBe(false);
    expect(lock.state.persistent.codes[1]?.usesLeft).toBe(0); // a one-time code, spent on this unlock
  });

  it("B-NET-3, B-RST-1: a factory reset in vacation mode puts the lock back in normal, said by factory-reset alone", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"] });
    lock.radio({ type: "mode", mode: "vacation" });
    const from = lock.effects.length;
    lock.dispatch({ type: "key.down", key: "reset" });
    lock.advance(10_100);
    expect(kinds(lock, from)).toEqual(["factory-reset", "unpaired"]);
    expect(lock.state.persistent.mode).toBe("normal");
  });

  it("B-NET-2, B-SEC-2: status answers the mode and every setting as they now are", () => {
    const lock = new SimulatedLock(p914, { codes: ["2947"] });
    const [fresh] = lock.resultsFor(lock.radio({ type: "status" }));
    expect(fresh).toMatchObject({ ok: true, data: { mode: "normal", settings: p914.defaultSettings } });
    lock.radio({ type: "settings", settings: { autoLock: true, autoLockSeconds: 30 } });
    lock.radio({ type: "mode", mode: "privacy" });
    const [status] = lock.resultsFor(lock.radio({ type: "status" }));
    expect(status).toMatchObject({
      ok: true,
      data: {
        mode: "privacy",
        settings: { ...p914.defaultSettings, autoLock: true, autoLockSeconds: 30 },
        codes: 1,
      },
    });
  });

  it("B-NET-1, B-NET-2, B-NET-3: one life at the lock reports every declared event kind", () => {
    const seen = new Set<LockEventKind>();
    const a = new SimulatedLock(p914, { codes: ["2947"] });
    a.keys("program 3 lock 5821 lock program 3 lock 6931 lock program 3 lock lock");
    a.radio({ type: "setCode", slot: 4, code: "7777", uses: 1 });
    a.radio({ type: "settings", settings: { audio: false } });
    a.radio({ type: "mode", mode: "privacy" });
    a.radio({ type: "mode", mode: "normal" });
    a.turn("extended", "key");
    a.keys("7777");
    a.advance(3000);
    a.blocked = true;
    a.radio({ type: "lock" });
    a.advance(20_000);
    a.blocked = false;
    for (let i = 0; i < 5; i++) {
      a.keys("1111");
      a.advance(3000);
    }
    a.advance(5 * 60_000);
    a.dispatch({ type: "battery.sample", restV: 5.0 });
    a.dispatch({ type: "battery.sample", restV: 4.5 });
    a.dispatch({ type: "key.down", key: "reset" });
    a.advance(10_100);
    a.dispatch({ type: "key.up", key: "reset" });
    a.dispatch({ type: "radio.button" });
    a.radio({ type: "pair" });
    const b = new SimulatedLock(halo, { handed: false });
    b.keys("program 9 lock");
    b.advance(10_000);
    b.keys("program 1357 lock");
    for (const e of [...a.radioEvents(), ...b.radioEvents()]) seen.add(e.kind);
    // Reported by the boot after an update, not the reducer (update/bootloader.ts; proven in
    // update/update-agent.test.ts and twin/firmware-update.test.ts).
    seen.add("firmware-updated").add("firmware-rolled-back");
    expect(new Set(LOCK_EVENT_KINDS).size).toBe(LOCK_EVENT_KINDS.length);
    expect([...seen].sort()).toEqual([...LOCK_EVENT_KINDS].sort());
  });
});

describe("pairing as each profile describes it (B-HW-7, B-NET-3)", () => {
  const radioProfiles = Object.values(PROFILES).filter((p) => p.pairing !== null);

  it("B-HW-7: exactly the models with a radio have a pairing procedure", () => {
    for (const p of Object.values(PROFILES)) expect(p.pairing === null).toBe(p.radio === null);
  });

  it.each(radioProfiles.map((p) => [p.id, p] as const))(
    "B-NET-3: %s pairs as its profile says, reports it, and leaves when removed",
    (_id, profile) => {
      const lock = new SimulatedLock(profile, { codes: ["2947"], paired: false });
      const needsButton = profile.pairing?.atLock === "press-radio-button";
      if (needsButton) {
        const early = lock.radio({ type: "pair" });
        expect(lock.resultsFor(early)).toMatchObject([{ ok: false, code: "pair.not-ready" }]);
        expect(lock.state.persistent.paired).toBe(false);
        const from = lock.effects.length;
        lock.dispatch({ type: "radio.button" });
        expect(lock.effectsOf("radio.report", from).map((e) => e.report)).toEqual([
          { type: "announce", profileId: profile.id, method: "zwave-inclusion" },
        ]);
      }
      const id = lock.radio({ type: "pair" });
      expect(lock.resultsFor(id)).toEqual([{ type: "result", requestId: id, ok: true }]);
      expect(lock.radioEvents().at(-1)).toEqual({ kind: "paired", method: profile.pairing?.method });
      expect(lock.state.persistent.paired).toBe(true);
      expect(lock.resultsFor(lock.radio({ type: "pair" }))).toMatchObject([{ code: "pair.already" }]);
      if (profile.pairing?.removeNeedsLockStep) {
        const early = lock.radio({ type: "unpair" });
        expect(lock.resultsFor(early)).toMatchObject([{ ok: false, code: "pair.not-ready" }]);
        lock.advance(profile.pairing.listenMs + 1);
        lock.dispatch({ type: "radio.button" });
      }
      const gone = lock.radio({ type: "unpair" });
      expect(lock.resultsFor(gone)).toMatchObject([{ ok: true }]);
      expect(lock.radioEvents().at(-1)).toEqual({ kind: "unpaired", reason: "removed" });
      expect(lock.state.persistent.paired).toBe(false);
    },
  );

  it("B-NET-3: a Z-Wave lock's button press is good for its listening time only", () => {
    const lock = new SimulatedLock(p914, { paired: false });
    lock.dispatch({ type: "radio.button" });
    lock.advance(p914.pairing!.listenMs + 1);
    expect(lock.resultsFor(lock.radio({ type: "pair" }))).toMatchObject([{ code: "pair.not-ready" }]);
  });
});

describe("read-back agrees with what was programmed (property)", () => {
  type Op =
    | { by: "keypad-add"; slot: number; code: string }
    | { by: "keypad-delete"; slot: number }
    | { by: "radio-set"; slot: number; code: string; uses?: number; untilMs?: number }
    | { by: "radio-delete"; slot: number };
  const slot = fc.integer({ min: 1, max: 6 });
  const code = fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, "0"));
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ by: fc.constant("keypad-add" as const), slot, code }),
    fc.record({ by: fc.constant("keypad-delete" as const), slot }),
    fc.record(
      {
        by: fc.constant("radio-set" as const),
        slot,
        code,
        uses: fc.integer({ min: 1, max: 5 }),
        untilMs: fc.integer({ min: 1e9, max: 2e12 }),
      },
      { requiredKeys: ["by", "slot", "code"] },
    ),
    fc.record({ by: fc.constant("radio-delete" as const), slot }),
  );

  it("B-NET-1: after random programming at the keypad and over the radio, readSlot and readChecksum agree with the stored codes", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), (ops) => {
        const lock = new SimulatedLock(p914, {});
        // The model: what the slots should hold, built with the same secret but not by the lock.
        let model: PersistentState = factoryPersistentState(p914, TEST_SECRET);
        let lastChecksum = codeTableChecksum(model);
        let prevCodes = model.codes;
        for (const o of ops) {
          if (o.by === "keypad-add") lock.keys(`program ${o.slot} lock ${o.code} lock`);
          else if (o.by === "keypad-delete") lock.keys(`program ${o.slot} lock lock`);
          else if (o.by === "radio-delete") lock.radio({ type: "deleteCode", slot: o.slot });
          else
            lock.radio({
              type: "setCode",
              slot: o.slot,
              code: o.code,
              ...(o.uses === undefined ? {} : { uses: o.uses }),
              ...(o.untilMs === undefined ? {} : { validUntilMs: o.untilMs }),
            });
          lock.advance(11_000); // let any refused sequence lapse
          if (o.by === "keypad-delete" || o.by === "radio-delete") model = withSlot(model, o.slot, null);
          else {
            const extras = {
              ...(o.by === "radio-set" && o.uses !== undefined ? { usesLeft: o.uses } : {}),
              ...(o.by === "radio-set" && o.untilMs !== undefined ? { validUntilMs: o.untilMs } : {}),
            };
            const check = checkNewCode(p914, model, o.code, "user", o.slot - 1, extras);
            if (check.ok) model = withSlot(model, o.slot, check.stored);
          }
          const [r] = lock.resultsFor(lock.radio({ type: "readChecksum" }));
          const seen = r?.ok && r.data && "checksum" in r.data ? r.data.checksum : undefined;
          const expected = codeTableChecksum(model);
          expect(seen).toBe(expected);
          // It moves exactly when the table does.
          expect(seen === lastChecksum).toBe(JSON.stringify(model.codes) === JSON.stringify(prevCodes));
          lastChecksum = expected;
          prevCodes = model.codes;
        }
        for (let s = 1; s <= p914.codes.capacity; s++) {
          const [r] = lock.resultsFor(lock.radio({ type: "readSlot", slot: s }));
          const want = model.codes[s - 1];
          const info = r?.ok ? (r.data as SlotInfo) : undefined;
          expect(info?.occupied).toBe(want != null);
          expect(info?.usesLeft).toBe(want?.usesLeft);
          expect(info?.validUntilMs).toBe(want?.validUntilMs);
        }
        expect(lock.state.persistent.codes).toEqual(model.codes);
      }),
      { numRuns: 60, seed: 9 },
    );
  });
});
