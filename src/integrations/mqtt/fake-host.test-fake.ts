/**
 * A test double for the edge of the bridge's unit tests only: a host of locks shaped like
 * HOST-API's LockHost, with just enough lock behaviour (one stored code, five wrong codes
 * → lockout, B-SEC-1; the radio's `mode` command as core's radio-commands.ts answers it,
 * B-SEC-2) to see the bridge pass commands and answers through unchanged. The real proof is
 * test/mqtt-home-assistant.test.ts against hosted twins.
 */
import type { LockMode } from "../../core/radio-types.ts";
import { LOCK_MODES } from "../../core/radio-types.ts";
import type { BridgeHost, BridgeLink, BridgeLinkResult } from "./home-assistant-bridge.ts";
import type { ObservedLock, ReportLike } from "./entity-states.ts";

type Change = { type: "added" | "changed"; lock: ObservedLock } | { type: "removed"; id: string };

export class FakeLock implements BridgeLink {
  view: ObservedLock;
  code = "2947";
  wrongCount = 0;
  readonly sent: Parameters<BridgeLink["send"]>[0][] = [];
  readonly #listeners = new Set<(report: ReportLike) => void>();
  readonly #host: FakeHost;
  atMs = 0;

  constructor(host: FakeHost, view: ObservedLock) {
    this.#host = host;
    this.view = view;
  }

  subscribe(listener: (report: ReportLike) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  report(event: ReportLike["event"]): void {
    this.atMs += 1000;
    for (const listener of this.#listeners) listener({ atMs: this.atMs, event });
  }

  change(patch: Partial<ObservedLock>): void {
    this.view = { ...this.view, ...patch };
    this.#host.emit({ type: "changed", lock: this.view });
  }

  /**
   * The lock's mode changed (B-SEC-2), as core does it: the view says so, and `mode-changed` is
   * reported only when the mode really changed; passage draws the bolt back (reported as an
   * unlock from the same source).
   */
  setMode(mode: LockMode, source: "keypad" | "remote" = "remote"): void {
    const before = this.view.mode;
    if (mode !== before) this.report({ kind: "mode-changed", source, mode });
    const unlocks = mode === "passage" && this.view.bolt !== "unlocked";
    if (unlocks) this.report({ kind: "unlocked", source });
    this.change({ mode, ...(unlocks ? { bolt: "unlocked" as const } : {}) });
  }

  async send(command: Parameters<BridgeLink["send"]>[0]): Promise<BridgeLinkResult> {
    this.sent.push(command);
    if (!this.view.online) return { ok: false, code: "lock.offline", reason: "out of reach" };
    if (command.type === "mode") {
      // Core checks only the mode: a keypad lockout does not stop a controller setting it.
      if (!(LOCK_MODES as readonly string[]).includes(command.mode))
        return { ok: false, code: "command.invalid", reason: "mode is normal, vacation, privacy or passage" };
      this.setMode(command.mode);
      return { ok: true };
    }
    if (this.view.lockout !== null) return { ok: false, code: "keypad.lockout", reason: "locked out" };
    if (command.code !== undefined && command.code !== this.code) {
      this.wrongCount += 1;
      this.report({ kind: "wrong-code", count: this.wrongCount, source: "remote" });
      if (this.wrongCount >= 5) {
        this.report({ kind: "wrong-code-limit" });
        this.change({ lockout: { untilMs: this.atMs + 300_000 } });
      }
      return { ok: false, code: "code.wrong", reason: "the code is not stored" };
    }
    const slot = command.code === undefined ? undefined : 1;
    this.wrongCount = 0;
    this.change({ bolt: command.type === "lock" ? "locked" : "unlocked" });
    this.report({ kind: command.type === "lock" ? "locked" : "unlocked", source: "remote", slot });
    return { ok: true };
  }
}

export function fakeView(id: string, patch: Partial<ObservedLock> = {}): ObservedLock {
  return {
    id,
    name: `Lock ${id}`,
    profileId: "halo",
    model: "Kwikset Halo (Wi-Fi)",
    radio: "wifi",
    hasDoorSensor: true,
    firmwareVersion: "1.2.3",
    codeRules: { minLength: 4, maxLength: 8 },
    bolt: "locked",
    door: "closed",
    battery: { percent: 87, volts: 5.91, level: "ok" },
    online: true,
    paired: true,
    lockout: null,
    mode: "normal",
    ...patch,
  };
}

export class FakeHost implements BridgeHost {
  readonly locks = new Map<string, FakeLock>();
  readonly #listeners = new Set<(change: Change) => void>();

  add(view: ObservedLock): FakeLock {
    const lock = new FakeLock(this, view);
    this.locks.set(view.id, lock);
    this.emit({ type: "added", lock: view });
    return lock;
  }

  remove(id: string): void {
    this.locks.delete(id);
    this.emit({ type: "removed", id });
  }

  emit(change: Change): void {
    for (const listener of this.#listeners) listener(change);
  }

  list(): readonly ObservedLock[] {
    return [...this.locks.values()].map((lock) => lock.view);
  }

  link(id: string): BridgeLink | undefined {
    return this.locks.get(id);
  }

  subscribe(listener: (change: Change) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
