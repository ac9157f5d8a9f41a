/**
 * A stand-in for the host at the edge of the hub's unit tests only (HOST-API.md types): locks
 * that keep a code table by the core's rules (length, first four unique, the programming code,
 * capacity, windows), go offline, get factory reset and have codes typed at their keypad. The
 * hub's end-to-end proof runs on real hosted locks (test/hub-*.test.ts).
 */
import type {
  HubHostChange,
  HubLockEventReport,
  HubLockLink,
  HubLockSource,
  HubLockView,
  HubRadioCommand,
  LinkResult,
} from "./host-port.ts";

interface FakeSlot {
  code: string;
  validFromMs?: number;
  validUntilMs?: number;
  weekly?: { dayMask: number; fromMinute: number; untilMinute: number };
  usesLeft?: number;
}

export class FakeLock implements HubLockLink {
  slots: (FakeSlot | null)[];
  online = true;
  paired = true;
  programmingCode = "97531";
  battery: { percent: number; level: "ok" | "low" | "critical" } | null = { percent: 90, level: "ok" };
  /** Refusals to give to the next commands (a lock with other ideas). */
  refuseNext: { code: string; reason: string }[] = [];
  /** The mode and the settings a `status` answers; `mode` and `settings` commands change them. */
  mode = "normal";
  settings: Record<string, number | boolean> = {};
  /** Commands received, in order (what the hub sent). */
  readonly received: HubRadioCommand[] = [];
  private readonly listeners = new Set<(r: HubLockEventReport) => void>();

  constructor(
    readonly lockId: string,
    readonly capacity = 30,
    readonly minLength = 4,
    readonly maxLength = 8,
    private readonly clock: () => number = () => 0,
  ) {
    this.slots = Array.from({ length: capacity }, () => null);
  }

  status(): { online: boolean; paired: boolean } {
    return { online: this.online, paired: this.paired };
  }

  subscribe(listener: (r: HubLockEventReport) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private report(kind: string, extra: Record<string, unknown> = {}): void {
    for (const l of this.listeners) l({ atMs: this.clock(), event: { kind, ...extra } });
  }

  private conflict(code: string, exceptSlot: number): string | null {
    if (code.slice(0, 4) === this.programmingCode.slice(0, 4))
      return "first 4 digits match the programming code (B-CODE-4)";
    for (let i = 0; i < this.slots.length; i++) {
      const s = this.slots[i];
      if (!s || i + 1 === exceptSlot) continue;
      if (s.code === code) return `the same code is already slot ${i + 1} (B-CODE-4)`;
      if (s.code.slice(0, 4) === code.slice(0, 4)) return `first 4 digits match slot ${i + 1} (B-CODE-4)`;
    }
    return null;
  }

  async send(command: HubRadioCommand): Promise<LinkResult> {
    await Promise.resolve();
    // A stand-in keeps no event log (the hosted lock's is read in test/hub/hub-log-catch-up.test.ts);
    // not counted with the commands tests look at.
    if (command.type === "readLog")
      return { ok: false, code: "command.invalid", reason: "this stand-in lock keeps no event log" };
    this.received.push(command);
    if (!this.online) return { ok: false, code: "lock.offline", reason: "the lock does not answer" };
    if (!this.paired)
      return { ok: false, code: "lock.unpaired", reason: "the lock is not paired with a hub" };
    const refusal = this.refuseNext.shift();
    if (refusal) return { ok: false, ...refusal };
    switch (command.type) {
      case "setCode": {
        if (command.slot < 1 || command.slot > this.capacity)
          return { ok: false, code: "code.slot", reason: `slot ${command.slot} does not exist` };
        if (command.code.length < this.minLength || command.code.length > this.maxLength) {
          return {
            ok: false,
            code: "code.length",
            reason: `a user code has ${this.minLength} to ${this.maxLength} digits (B-CODE-2)`,
          };
        }
        const clash = this.conflict(command.code, command.slot);
        if (clash) return { ok: false, code: "code.conflict", reason: clash };
        const c = command as FakeSlot & { uses?: number };
        this.slots[command.slot - 1] = {
          code: command.code,
          ...(c.validFromMs === undefined ? {} : { validFromMs: c.validFromMs }),
          ...(c.validUntilMs === undefined ? {} : { validUntilMs: c.validUntilMs }),
          ...(c.weekly === undefined ? {} : { weekly: c.weekly }),
          ...(c.uses === undefined ? {} : { usesLeft: c.uses }),
        };
        this.report("code-added", { source: "remote", slot: command.slot });
        return { ok: true };
      }
      case "deleteCode":
        if (command.slot < 1 || command.slot > this.capacity)
          return { ok: false, code: "code.slot", reason: `slot ${command.slot} does not exist` };
        this.slots[command.slot - 1] = null;
        this.report("code-deleted", { source: "remote", slot: command.slot });
        return { ok: true };
      case "readSlot": {
        const s = this.slots[command.slot - 1];
        return { ok: true, data: { slot: command.slot, occupied: !!s } };
      }
      case "readChecksum":
        return { ok: true, data: { checksum: this.checksum() } };
      case "mode":
        this.mode = command.mode;
        return { ok: true };
      case "settings":
        this.settings = { ...this.settings, ...command.settings };
        return { ok: true };
      case "status":
        return { ok: true, data: { mode: this.mode, settings: { ...this.settings } } };
      default:
        return { ok: true };
    }
  }

  checksum(): string {
    let h = 2166136261;
    for (const ch of JSON.stringify(this.slots)) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    return h.toString(16);
  }

  /** True when typing `code` at `nowMs` would open the door (the lock's own window rules). */
  opens(code: string, nowMs: number): boolean {
    const i = this.slots.findIndex((s) => s?.code === code);
    const s = this.slots[i];
    if (!s) return false;
    if (s.validFromMs !== undefined && nowMs < s.validFromMs) return false;
    if (s.validUntilMs !== undefined && nowMs >= s.validUntilMs) return false;
    if (s.usesLeft !== undefined && s.usesLeft <= 0) return false;
    if (s.weekly) {
      const day = Math.floor(nowMs / 86_400_000);
      const weekday = (((day + 3) % 7) + 7) % 7;
      const minute = Math.floor((nowMs - day * 86_400_000) / 60_000);
      if ((s.weekly.dayMask & (1 << weekday)) === 0) return false;
      if (!(minute >= s.weekly.fromMinute && minute < s.weekly.untilMinute)) return false;
    }
    return true;
  }

  /** A person types a code at the keypad; returns whether the bolt opened. */
  type(code: string, nowMs: number): boolean {
    const ok = this.opens(code, nowMs);
    if (ok) {
      const i = this.slots.findIndex((s) => s?.code === code);
      const s = this.slots[i]!;
      if (s.usesLeft !== undefined) s.usesLeft -= 1;
      this.report("unlocked", { source: "keypad", slot: i + 1 });
    } else this.report("wrong-code", { count: 1 });
    return ok;
  }

  keypadAdd(slot: number, code: string): void {
    this.slots[slot - 1] = { code };
    this.report("code-added", { source: "keypad", slot });
  }

  keypadDelete(slot: number): void {
    this.slots[slot - 1] = null;
    this.report("code-deleted", { source: "keypad", slot });
  }

  factoryReset(): void {
    this.slots = this.slots.map(() => null);
    this.paired = false;
    this.mode = "normal";
    this.settings = {};
    this.report("factory-reset");
  }

  /** Passes on an event exactly as a lock reported it (e.g. one the real core produced). */
  relay(event: { readonly kind: string }): void {
    this.report(event.kind, { ...event });
  }

  pair(): void {
    this.paired = true;
    this.report("paired");
  }

  codes(): string[] {
    return this.slots.filter((s): s is FakeSlot => s !== null).map((s) => s.code);
  }
}

export class FakeLockSource implements HubLockSource {
  readonly locks = new Map<string, FakeLock>();
  private readonly listeners = new Set<(c: HubHostChange) => void>();

  constructor(private readonly clock: () => number = () => 0) {}

  add(id: string, options: { capacity?: number; minLength?: number; maxLength?: number } = {}): FakeLock {
    const lock = new FakeLock(
      id,
      options.capacity ?? 30,
      options.minLength ?? 4,
      options.maxLength ?? 8,
      this.clock,
    );
    this.locks.set(id, lock);
    const view = this.view(id)!;
    for (const l of this.listeners) l({ type: "added", id: view.id });
    return lock;
  }

  get(id: string): FakeLock {
    const l = this.locks.get(id);
    if (!l) throw new Error(`no fake lock ${id}`);
    return l;
  }

  list(): readonly HubLockView[] {
    return [...this.locks.keys()].map((id) => this.view(id)!);
  }

  view(id: string): HubLockView | undefined {
    const l = this.locks.get(id);
    if (!l) return undefined;
    return {
      id,
      name: `Fake ${id}`,
      profileId: "fake",
      model: "Fake lock",
      online: l.online,
      paired: l.paired,
      battery: l.battery ? { ...l.battery, volts: 6 * (0.9 + l.battery.percent / 500) } : null,
      bolt: "locked",
      codeRules: {
        minLength: l.minLength,
        maxLength: l.maxLength,
        capacity: l.capacity,
        uniquePrefixDigits: 4,
      },
    };
  }

  link(id: string): HubLockLink | undefined {
    return this.locks.get(id);
  }

  subscribe(listener: (c: HubHostChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The lock's radio came back or went (the host says so). */
  setOnline(id: string, online: boolean): void {
    this.get(id).online = online;
    for (const l of this.listeners) l({ type: "changed", id });
  }
}
