/**
 * B-SEC-7 across the layers (issue 16, item 2): every lock is made with its own secret, kept
 * in its store (so it survives a power cut, a factory reset and a copy of the store's bytes),
 * and never reported — not over the radio, in the history, the telemetry, what a person sees,
 * a scenario trace or the web app's snapshot.
 */
import { describe, expect, it } from "vitest";
import { deviceSecretBytes } from "../src/core/security/device-secret.ts";
import { fullHashHex } from "../src/core/code-book.ts";
import { hashCode } from "../src/core/security/code-hash.ts";
import type { StoredCode } from "../src/core/state.ts";
import { FakeNonVolatileMemory } from "../src/core/storage/fake-non-volatile-memory.ts";
import { readLatestRecord } from "../src/core/storage/record-slots.ts";
import { getProfile } from "../src/core/profiles/index.ts";
import { buildTwin } from "../src/scenario/build-twin.ts";
import { runScenario } from "../src/scenario/run-scenario.ts";
import { parseScenario } from "../src/scenario/parse-scenario.ts";
import type { LockSetup } from "../src/scenario/scenario-types.ts";
import { LockTwin } from "../src/twin/lock-twin.ts";
import { injectFault } from "../src/twin/faults.ts";
import { observe, markNow } from "../src/twin/observe-lock.ts";
import { enterCode, runFactoryReset, settleLock, tap } from "../src/twin/person-actions.ts";
import { readTelemetry } from "../src/twin/telemetry.ts";
import { LockRegistry } from "../src/server/lock-registry.ts";
import { snapshotOf } from "../src/server/lock-snapshot.ts";
import { LockHost } from "../src/host/index.ts";

const SETUP: LockSetup = {
  line: 1,
  profile: "smartcode-914",
  state: "ready",
  door: "open",
  batteries: "fresh",
  codes: [{ slot: 1, code: "2947" }],
  faults: [],
  temperatureC: 20,
  settings: {},
  timeMs: 0,
};

function built(seed?: number): LockTwin {
  const b = buildTwin(SETUP, "test", seed === undefined ? {} : { seed });
  if ("problems" in b) throw new Error(b.problems[0]?.reason);
  return b.twin;
}

const secretOf = (twin: LockTwin): string => twin.persistent()?.secret ?? "";

/** Every form the secret could leak in: as stored, as hex, as standard base64. */
function forms(secret: string): string[] {
  const bytes = Buffer.from(deviceSecretBytes(secret));
  return [secret, bytes.toString("hex"), bytes.toString("base64").replace(/=+$/, "")];
}

describe("each lock's own secret (B-SEC-7)", () => {
  it("B-SEC-7: locks are made with their own secrets: seeded twins repeat, the server's are random", () => {
    const secrets = [1, 2, 3, 4, 5].map((seed) => secretOf(built(seed)));
    expect(new Set(secrets).size).toBe(5);
    expect(secretOf(built(3))).toBe(secrets[2]); // the same seed, the same lock
    const registry = new LockRegistry(new LockHost({ pacing: false }));
    const { profile: _p, line: _l, ...setup } = SETUP;
    const a = registry.create({ ...setup, profile: "smartcode-914" });
    const b = registry.create({ ...setup, profile: "smartcode-914" });
    expect(secretOf(a.twin)).not.toBe(secretOf(b.twin));
    expect(secrets).not.toContain(secretOf(a.twin));
  });

  it("B-SEC-7: the same code is stored under different hashes on two locks, so one lock's dump says nothing of another", () => {
    const hashOf = (c: StoredCode | null | undefined): string | undefined => (c ? fullHashHex(c) : undefined);
    const one = hashOf(built(1).persistent()?.codes[0]);
    const two = hashOf(built(2).persistent()?.codes[0]);
    expect(one).toMatch(/^[0-9a-f]{16}$/);
    expect(two).toMatch(/^[0-9a-f]{16}$/);
    expect(one).not.toBe(two);
  });

  it("B-SEC-7: the secret is in the store's record, and a copy of the store's bytes is the same lock", () => {
    const twin = built(7);
    const secret = secretOf(twin);
    const record = readLatestRecord(twin.nvm);
    // The record holds the secret's 16 bytes (the binary layout, decision 0023), never the codes.
    expect(Buffer.from(record?.payload ?? []).includes(Buffer.from(deviceSecretBytes(secret)))).toBe(true);
    // The host keeps a lock's store bytes and loads them into a new twin after a restart.
    const image = new Uint8Array(twin.nvm.sizeBytes);
    image.set(twin.nvm.read(0, twin.nvm.sizeBytes));
    const again = new LockTwin({
      profile: twin.profile,
      nvm: FakeNonVolatileMemory.fromSnapshot(image),
      secret: secretOf(built(8)), // ignored: a store carried over keeps its own secret
    });
    again.insertPack("fresh");
    expect(secretOf(again)).toBe(secret);
    const stored = again.persistent()?.codes[0];
    expect(stored && fullHashHex(stored)).toBe(hashCode(secret, "full", "2947"));
    again.turnByHand("lock", "key");
    enterCode(again, "2947");
    settleLock(again);
    expect(again.boltState()).toBe("retracted");
  });

  it("B-SEC-7, B-RST-1: a factory reset erases the codes and keeps the lock's secret; a power cut keeps both", () => {
    const twin = built(9);
    const secret = secretOf(twin);
    twin.removePack();
    twin.insertPack();
    expect(secretOf(twin)).toBe(secret);
    expect(twin.persistent()?.codes[0]).not.toBeNull();
    expect(runFactoryReset(twin)).toBe(true);
    expect(twin.persistent()?.codes.every((c) => c === null)).toBe(true);
    expect(secretOf(twin)).toBe(secret);
  });

  it("B-SEC-7: a lock whose memory is lost is made again, with a new secret drawn through its Entropy port", () => {
    const twin = built(10);
    const secret = secretOf(twin);
    injectFault(twin, "memory-corrupted");
    expect(twin.persistent()?.codes.every((c) => c === null)).toBe(true);
    const remade = secretOf(twin);
    expect(remade).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(remade).not.toBe(secret);
  });

  it("B-SEC-7: the secret is never reported: radio, history, signals, telemetry, observations, scenario trace, web snapshot", () => {
    const registry = new LockRegistry(new LockHost({ pacing: false }));
    const { line: _l, ...setup } = SETUP;
    const lock = registry.create({ ...setup, profile: "halo" });
    const twin = lock.twin;
    const secret = secretOf(twin);
    expect(secret).not.toBe("");
    // A life: codes, wrong codes to a lockout, radio commands, a reset, a power cut.
    twin.radio({ type: "pair" });
    twin.radio({ type: "setCode", slot: 2, code: "58213" });
    for (let i = 0; i < 6; i++) {
      enterCode(twin, "1111");
      tap(twin, "lock");
      settleLock(twin);
    }
    twin.advance(3_600_000);
    twin.radio({ type: "deleteCode", slot: 2 });
    twin.removePack();
    twin.insertPack();
    const everything = JSON.stringify({
      radio: twin.recentRadioReports,
      history: twin.history,
      signals: twin.signals,
      telemetry: readTelemetry(twin),
      observed: observe(twin, markNow(twin)),
      snapshot: snapshotOf(lock, 1),
    });
    expect(twin.recentRadioReports.length).toBeGreaterThan(0);
    expect(twin.history.length).toBeGreaterThan(5);
    for (const form of forms(secret)) expect(everything).not.toContain(form);
    // A scenario's trace (`scenario run --json`).
    const parsed = parseScenario(
      [
        "scenario: a life",
        "lock: { profile: smartcode-914, codes: [{ slot: 1, code: '2947' }] }",
        "steps:",
        "  - keys: '2947'",
        "  - wait: 5",
        "  - expect: { bolt: retracted }",
      ].join("\n"),
      "life.yaml",
      { profileIds: ["smartcode-914"] },
    );
    if (!parsed.ok) throw new Error(parsed.problems[0]?.reason);
    const run = runScenario(parsed.scenario);
    if (run.kind !== "ran") throw new Error("scenario did not run");
    const scenarioSecret = secretOf(built());
    for (const form of forms(scenarioSecret)) expect(JSON.stringify(run.trace)).not.toContain(form);
  });

  it("B-SEC-7: a twin given a secret is made with it", () => {
    const profile = getProfile("smartcode-914");
    if (!profile) throw new Error("profile");
    const secret = secretOf(built(11));
    expect(secretOf(new LockTwin({ profile, secret }))).toBe(secret);
  });
});
