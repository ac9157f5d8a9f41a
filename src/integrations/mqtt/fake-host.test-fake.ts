/**
 * A test double for the edge of the bridge's unit tests only: a host of locks shaped like
 * HOST-API's LockHost, with just enough lock behaviour (one stored code, five wrong codes
 * → lockout, B-SEC-1) to see the bridge pass commands and answers through unchanged. The
 * real proof is test/mqtt-home-assistant.test.ts against hosted twins.
 */
import type { BridgeHost, BridgeLink, BridgeLinkResult } from "./home-assistant-bridge.ts";
import type { ObservedLock, ReportLike } from "./entity-states.ts";

type Change = { type: "added" | "changed"; lock: ObservedLock } | { type: "removed"; id: string };

export class FakeLock implements BridgeLink {
  view: ObservedLock;
  code = "2947";
  wrongCount = 0;
  readonly sent: { type: string; code?: string }[] = [];
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

  async send(command: { type: "lock" | "unlock"; code?: string }): Promise<BridgeLinkResult> {
    this.sent.push(command);
    if (!this.view.online) return { ok: false, code: "lock.offline", reason: "out of reach" };
    if (this.view.lockout !== null) return { ok: false, code: "keypad.lockout", reason: "locked out" };
    if (command.code !== undefined && command.code !== this.code) {
      this.wrongCount += 1;
      this.report({ kind: "wrong-code", count: this.wrongCount });
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
