import { describe, expect, it } from "vitest";
import { PROFILES } from "./profiles/index.ts";
import { SimulatedLock } from "./testing/simulated-lock.ts";

const p914 = PROFILES["smartcode-914"]!;

describe("privacy mode ends by hand", () => {
  for (const by of ["thumbturn", "key"] as const) {
    it(`B-SEC-2 (Matter DoorLock §5.2.6.15.3 Privacy: manual unlocking changes the mode to Normal): a ${by} unlock in privacy mode puts the lock back in normal mode, recorded and reported after the unlock; codes work again`, () => {
      const lock = new SimulatedLock(p914, { codes: ["2947"] });
      lock.turn("extended", "thumbturn");
      lock.radio({ type: "mode", mode: "privacy" });
      expect(lock.state.persistent.mode).toBe("privacy");
      const from = lock.effects.length;
      lock.turn("retracted", by);
      expect(lock.state.persistent.mode).toBe("normal");
      expect(lock.radioEvents(from)).toEqual([
        { kind: "unlocked", source: "manual" },
        { kind: "mode-changed", source: "keypad", mode: "normal" },
      ]);
      expect(lock.effectsOf("history", from).map((e) => e.entry)).toMatchObject([
        { kind: "unlock", source: by },
        { kind: "mode", source: by, detail: "normal" },
      ]);
      lock.turn("extended", "thumbturn");
      lock.keys("2947");
      lock.advance(p914.keypad.entryPauseMs + 3000);
      expect(lock.isExtended).toBe(false);
    });
  }

  it("B-SEC-2: a manual lock in privacy mode, and a manual unlock in vacation or passage mode, leave the mode as it is", () => {
    const privacy = new SimulatedLock(p914, { codes: ["2947"] });
    privacy.turn("extended", "thumbturn");
    privacy.radio({ type: "mode", mode: "privacy" });
    privacy.turn("retracted", "thumbturn");
    privacy.radio({ type: "mode", mode: "privacy" });
    const from = privacy.effects.length;
    privacy.turn("extended", "thumbturn");
    expect(privacy.state.persistent.mode).toBe("privacy");
    expect(privacy.radioEvents(from).map((e) => e.kind)).toEqual(["locked"]);
    for (const mode of ["vacation", "passage"] as const) {
      const lock = new SimulatedLock(p914, { codes: ["2947"] });
      lock.turn("extended", "thumbturn");
      lock.radio({ type: "mode", mode });
      lock.advance(5000);
      lock.turn("extended", "thumbturn");
      lock.turn("retracted", "thumbturn");
      expect(lock.state.persistent.mode).toBe(mode);
    }
  });
});
