import { describe, expect, it } from "vitest";
import { PROFILES } from "./profiles/index.ts";
import { SimulatedLock } from "./testing/simulated-lock.ts";
import { countCodes } from "./code-book.ts";
import type { RadioReport } from "./radio-types.ts";

const halo = PROFILES["halo"]!;

function lastResult(lock: SimulatedLock): RadioReport | undefined {
  // the newest result of any request
  return lock
    .effectsOf("radio.report")
    .map((e) => e.report)
    .filter((r) => r.type === "result")
    .at(-1);
}

describe("radio commands", () => {
  it("B-NET-2: remote lock and unlock move the bolt and are recorded as remote", () => {
    const lock = new SimulatedLock(halo, { codes: ["2947"] });
    lock.radio({ type: "lock" });
    lock.advance(1000);
    expect(lock.isExtended).toBe(true);
    expect(lock.effectsOf("history").at(-1)?.entry).toMatchObject({ kind: "lock", source: "remote" });
  });

  it("B-NET-1: codes set from the app obey the same rules as the keypad", () => {
    const lock = new SimulatedLock(halo, { codes: ["29475"] });
    lock.radio({ type: "setCode", slot: 2, code: "29476" });
    expect(lastResult(lock)).toMatchObject({ ok: false, code: "code.conflict" });
    lock.radio({ type: "setCode", slot: 2, code: "8163" });
    expect(lastResult(lock)).toMatchObject({ ok: true });
    lock.radio({ type: "deleteCode", slot: 1 });
    expect(countCodes(lock.state.persistent)).toBe(1);
  });

  it("B-NET-1, B-CODE-3: a slot beyond capacity is refused with a stable code", () => {
    const lock = new SimulatedLock(PROFILES["aura"]!, {});
    lock.radio({ type: "setCode", slot: 17, code: "8163" });
    expect(lastResult(lock)).toMatchObject({ ok: false, code: "code.slot" });
  });

  it("B-SEC-2: vacation mode disables keypad codes until turned off from the app", () => {
    const lock = new SimulatedLock(halo, { codes: ["2947"] });
    lock.turn("extended", "key");
    lock.radio({ type: "mode", mode: "vacation" });
    lock.keys("2947");
    lock.advance(3000);
    expect(lock.isExtended).toBe(true);
    lock.radio({ type: "mode", mode: "normal" });
    lock.keys("2947");
    lock.advance(3000);
    expect(lock.isExtended).toBe(false);
  });

  it("B-NET-3: a lock that is not paired hears nothing but pairing, answers nothing and changes nothing", () => {
    const lock = new SimulatedLock(halo, { codes: ["2947"], paired: false });
    lock.turn("extended", "key");
    const before = lock.effects.length;
    const id = lock.radio({ type: "unlock" });
    lock.advance(3000);
    expect(lock.resultsFor(id)).toEqual([]);
    expect(lock.effectsOf("radio.report", before)).toEqual([]);
    expect(lock.isExtended).toBe(true);
    const pairing = lock.radio({ type: "pair" });
    expect(lock.resultsFor(pairing)).toEqual([{ type: "result", requestId: pairing, ok: true }]);
    expect(lock.state.persistent.paired).toBe(true);
  });

  it("B-BOLT-7: auto-lock takes 0 (off) or 30–180 s, refused otherwise", () => {
    const lock = new SimulatedLock(halo, {});
    lock.radio({ type: "settings", settings: { autoLockSeconds: 10 } });
    expect(lastResult(lock)).toMatchObject({ ok: false, code: "settings.invalid" });
    lock.radio({ type: "settings", settings: { autoLockSeconds: 60 } });
    expect(lock.state.persistent.settings["autoLockSeconds"]).toBe(60);
  });

  it("B-NET-1: a name every object inherits (toString, constructor) is no setting of the lock", () => {
    const lock = new SimulatedLock(halo, {});
    for (const name of ["toString", "constructor", "hasOwnProperty"]) {
      lock.radio({ type: "settings", settings: { [name]: true } });
      const r = lastResult(lock);
      expect(r).toMatchObject({ ok: false, code: "settings.invalid" });
      expect(JSON.stringify(r)).toContain(`has no setting \\"${name}\\"`);
    }
  });
});

describe("security of codes", () => {
  it("B-SEC-4: codes are never shown: no history entry, radio report or stored byte holds a code's digits", () => {
    const lock = new SimulatedLock(halo, { codes: ["29475831"], programmingCode: "61738204" });
    lock.keys("program 61738204 lock program 58213907 lock");
    lock.radio({ type: "setCode", slot: 5, code: "90817263" });
    lock.keys("29475831");
    lock.advance(3000);
    const shown = JSON.stringify([
      lock.effectsOf("history"),
      lock.effectsOf("radio.report"),
      lock.effectsOf("store.commit"),
      lock.state,
    ]);
    for (const code of ["29475831", "61738204", "58213907", "90817263"]) expect(shown).not.toContain(code);
    expect(countCodes(lock.state.persistent)).toBe(3);
  });

  it("B-BOLT-7: autoLock: true turns auto-lock on with the 30 s default", () => {
    const lock = new SimulatedLock(halo, { codes: ["2947"], settings: { autoLock: true } });
    lock.turn("extended", "key");
    lock.turn("retracted", "thumbturn");
    lock.advance(29_000);
    expect(lock.isExtended).toBe(false);
    lock.advance(2_000);
    expect(lock.isExtended).toBe(true);
  });

  it("B-SEC-6: a settings change from the app does not reset the lockout escalation", () => {
    const lock = new SimulatedLock(halo, { codes: ["2947"] });
    for (let i = 0; i < 5; i++) {
      lock.keys("1111");
      lock.advance(3000);
    }
    lock.radio({ type: "settings", settings: { autoLockSeconds: 60 } });
    expect(lock.state.persistent.lockoutLevel).toBe(1);
  });
});

describe("radios", () => {
  it("B-HW-7: Z-Wave on the 914 and 955, Wi-Fi on Halo, Bluetooth on Aura, none on the 264 and 275", () => {
    const radio = (id: string) => PROFILES[id]!.radio;
    expect([radio("smartcode-914"), radio("smartcode-955"), radio("halo"), radio("aura")]).toEqual([
      "zwave",
      "zwave",
      "wifi",
      "bluetooth",
    ]);
    expect([radio("smartcode-264"), radio("smartcode-275")]).toEqual([null, null]);
  });
});
