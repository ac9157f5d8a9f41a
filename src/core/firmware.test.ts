/**
 * B-PWR-8 through the firmware shell: a real sequence of programming changes, with the
 * power cut at every byte of every store commit; after power returns the lock holds the
 * state before that change or after it, never a mix and never garbage.
 */
import { describe, expect, it } from "vitest";
import { PROFILES } from "./profiles/index.ts";
import { LockFirmware } from "./firmware.ts";
import { FakeNonVolatileMemory, PowerCut } from "./storage/fake-non-volatile-memory.ts";
import { readLatestRecord } from "./storage/record-slots.ts";
import { decodePersistent } from "./storage/persistent-codec.ts";
import { deviceSecretFromBytes } from "./security/device-secret.ts";
import type { FirmwarePorts } from "./ports/firmware-ports.ts";
import type { CoreEvent } from "./events.ts";
import type { KeyName } from "./keys.ts";
import type { PersistentState } from "./state.ts";

const profile = PROFILES["halo"]!;

/** The bytes a fixed entropy source gives: every lock made here has the same secret, so runs compare. */
const entropyBytes = (n: number): Uint8Array =>
  Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 0xff);

/** Ideal ports: a clock that only moves when told, a bolt that is never asked to move here. */
function ports(nvm: FakeNonVolatileMemory, draws: number[] = []): FirmwarePorts & { now: { ms: number } } {
  const now = { ms: 0 };
  return {
    now,
    clock: { nowMs: () => now.ms, startTimer: () => {}, cancelTimer: () => {} },
    motor: { drive: () => {} },
    indicator: { show: () => {} },
    battery: { measureRestV: () => 6.4 },
    store: nvm,
    radio: { send: () => {} },
    history: { append: () => {} },
    entropy: {
      randomBytes: (n) => {
        draws.push(n);
        return entropyBytes(n);
      },
    },
  };
}

const keys = (s: string): CoreEvent[] =>
  s
    .split(" ")
    .flatMap((t) => (/^\d+$/.test(t) ? [...t] : [t]))
    .flatMap((k) => [
      { type: "key.down", key: k as KeyName },
      { type: "key.up", key: k as KeyName },
    ]);

/** The person's actions: each one ends in (at most) one store commit. */
const ACTIONS: CoreEvent[][] = [
  keys("program 1357 lock"), // create the master code (B-PRG-2)
  keys("program 1357 lock program 2947 lock"), // add a user code (B-PRG-3)
  keys("program 1357 lock program 81630 lock"),
  [{ type: "radio.command", command: { type: "pair" }, requestId: "r" }],
  [
    {
      type: "radio.command",
      command: { type: "setCode", slot: 7, code: "5821", validUntilMs: 9e12 },
      requestId: "r",
    },
  ],
  [{ type: "radio.command", command: { type: "deleteCode", slot: 1 }, requestId: "r" }],
  [
    {
      type: "radio.command",
      command: { type: "settings", settings: { autoLockSeconds: 90 } },
      requestId: "r",
    },
  ],
];

function boot(nvm: FakeNonVolatileMemory, draws: number[] = []): LockFirmware {
  const fw = new LockFirmware(profile, ports(nvm, draws));
  fw.powerUp([], "ccw-end");
  return fw;
}

describe("power-loss-safe storage through the firmware", () => {
  it("B-PWR-8: a power cut at every byte of every store commit leaves the old or the new state", () => {
    // First a clean run, to learn the state after each action and the bytes each commit writes.
    const clean = new FakeNonVolatileMemory(8192);
    const fw = boot(clean);
    const states: PersistentState[] = [fw.state.persistent];
    const bytesBefore: number[] = [];
    for (const action of ACTIONS) {
      bytesBefore.push(clean.bytesWritten);
      for (const e of action) fw.dispatch(e);
      states.push(fw.state.persistent);
    }
    bytesBefore.push(clean.bytesWritten);
    expect(new Set(states.map((s) => JSON.stringify(s))).size).toBe(ACTIONS.length + 1);

    let cuts = 0;
    for (let a = 0; a < ACTIONS.length; a++) {
      const commitBytes = (bytesBefore[a + 1] ?? 0) - (bytesBefore[a] ?? 0);
      expect(commitBytes).toBeGreaterThan(0);
      for (let k = 0; k < commitBytes; k++) {
        const nvm = new FakeNonVolatileMemory(8192);
        const live = boot(nvm);
        for (const action of ACTIONS.slice(0, a)) for (const e of action) live.dispatch(e);
        nvm.cutPowerAfterBytes(k);
        expect(() => {
          for (const e of ACTIONS[a] ?? []) live.dispatch(e);
        }).toThrow(PowerCut);
        nvm.cutPowerAfterBytes(null);
        const after = boot(nvm).state.persistent;
        const seen = JSON.stringify(after);
        expect([JSON.stringify(states[a]), JSON.stringify(states[a + 1])]).toContain(seen);
        cuts++;
      }
    }
    expect(cuts).toBe((bytesBefore.at(-1) ?? 0) - (bytesBefore[0] ?? 0));
  });

  it("B-SET-1: an empty or unreadable store powers up as the factory lock", () => {
    const nvm = new FakeNonVolatileMemory(8192);
    const fw = boot(nvm);
    expect(fw.state.persistent.codes.every((c) => c === null)).toBe(true);
    expect(fw.state.persistent.handing).toBeNull();
    expect(fw.state.persistent.paired).toBe(false);
  });

  it("B-SEC-7: a lock made on an empty store draws its own secret from the Entropy port and commits it at once", () => {
    const nvm = new FakeNonVolatileMemory(8192);
    const draws: number[] = [];
    const fw = boot(nvm, draws);
    expect(draws).toEqual([16]);
    const made = deviceSecretFromBytes(entropyBytes(16));
    expect(fw.state.persistent.secret).toBe(made);
    const record = readLatestRecord(nvm);
    expect(record && decodePersistent(record.payload, profile.codes.capacity)?.secret).toBe(made);
    // Powered up again, it reads its secret back and draws nothing.
    const again = boot(nvm, draws);
    expect(draws).toEqual([16]);
    expect(again.state.persistent.secret).toBe(made);
  });
});
