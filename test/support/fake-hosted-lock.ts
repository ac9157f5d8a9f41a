/**
 * FakeHostedLock: a unit-test edge for the Matter node before the host runs real locks
 * (HOST-API.md's LockLink and LockView, with a few code rules of the core). Not a lock:
 * the real proof is test/matter-hosted-lock.test.ts against hosted twins.
 */
import type {
  LinkCommand,
  LinkResult,
  LockEvent,
  LockEventReport,
  LockView,
  MatterLockSource,
  WeeklyWindow,
} from "../../src/integrations/matter/lock-port.ts";
import { isWithinWindow } from "../../src/core/code-book.ts";

interface Slot {
  code: string;
  validFromMs?: number;
  validUntilMs?: number;
  weekly?: WeeklyWindow;
  /** Switched off by another controller (setSchedule enabled: false): kept, opens nothing. */
  off?: true;
}

export class FakeHostedLock implements MatterLockSource {
  readonly slots = new Map<number, Slot>();
  state: LockView;
  jamNext = false;
  /** How long the fake link takes to answer (0: next tick, for benchmarks). */
  replyDelayMs = 5;
  wrongCount = 0;
  settings: Record<string, number | boolean> = {
    autoLock: false,
    autoLockSeconds: 0,
    requirePinForRemote: false,
  };
  /** Real milliseconds per lock second for the auto-lock timer (tests run it fast). */
  msPerLockSecond = 1;
  readonly sent: LinkCommand[] = [];
  /** A refusal for a command instead of carrying it out (a lock that went out of reach mid-way). */
  refuse: ((command: LinkCommand) => LinkResult | undefined) | undefined;
  private readonly reportListeners = new Set<(r: LockEventReport) => void>();
  private readonly viewListeners = new Set<(v: LockView) => void>();

  constructor(
    readonly id: string,
    overrides: Partial<LockView> = {},
  ) {
    (this.link as { lockId: string }).lockId = id;
    this.state = {
      id,
      name: `Front door ${id}`,
      profileId: "smartcode-914",
      model: "SmartCode 914",
      radio: "zwave",
      bolt: "locked",
      door: "closed",
      hasDoorSensor: true,
      battery: { percent: 80, volts: 6.1, level: "ok" },
      online: true,
      paired: true,
      lockout: null,
      mode: "normal",
      firmwareVersion: "1.0.0",
      firmware: { version: "1.0.0", slot: "A", pending: null, last: null },
      codeRules: { minLength: 4, maxLength: 8, capacity: 30, uniquePrefixDigits: 4 },
      lockTimeMs: Date.UTC(2026, 11, 7, 10, 0), // a Monday, 10:00
      ...overrides,
    };
  }

  view(): LockView {
    return this.state;
  }

  onViewChange(listener: (v: LockView) => void): () => void {
    this.viewListeners.add(listener);
    return () => this.viewListeners.delete(listener);
  }

  readonly link = {
    lockId: "",
    send: (command: LinkCommand) => this.receive(command),
    subscribe: (listener: (r: LockEventReport) => void) => {
      this.reportListeners.add(listener);
      return () => this.reportListeners.delete(listener);
    },
    status: () => ({ online: this.state.online, paired: this.state.paired }),
  };

  change(patch: Partial<LockView>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.viewListeners) l(this.state);
  }

  private seq = 0;

  report(event: LockEvent): void {
    const atMs = this.state.lockTimeMs;
    const seq = ++this.seq;
    for (const l of this.reportListeners)
      l({ atMs, seq, run: "fake", report: { type: "event", atMs, event } as LockEventReport["report"] });
  }

  private matching(code: string): number | null {
    for (const [slot, s] of this.slots) {
      if (s.code === code && !s.off && isWithinWindow(windowOf(s), this.state.lockTimeMs)) {
        return slot;
      }
    }
    return null;
  }

  /** A person types a code and presses the lock key. */
  typeCode(code: string): void {
    if (this.state.mode === "vacation" || this.state.mode === "privacy") return;
    const slot = this.matching(code);
    if (slot === null) {
      this.wrongCount++;
      this.report({ kind: "wrong-code", count: this.wrongCount, source: "keypad" });
      if (this.wrongCount === 5) {
        this.report({ kind: "wrong-code-limit" });
        this.report({ kind: "lockout-started", untilMs: this.state.lockTimeMs + 60_000 });
      }
      return;
    }
    this.wrongCount = 0;
    this.change({ bolt: "unlocked" });
    this.report({ kind: "unlocked", source: "keypad", slot });
    this.armAutoLock();
  }

  /** A person programs a code at the keypad. */
  addAtKeypad(slot: number, code: string): void {
    this.slots.set(slot, { code });
    this.report({ kind: "code-added", source: "keypad", slot });
  }

  deleteAtKeypad(slot: number): void {
    this.slots.delete(slot);
    this.report({ kind: "code-deleted", source: "keypad", slot });
  }

  private armAutoLock(): void {
    if (this.settings["autoLock"] !== true) return;
    const seconds = Number(this.settings["autoLockSeconds"]);
    setTimeout(() => {
      if (this.state.bolt !== "unlocked") return;
      this.change({ bolt: "locked" });
      this.report({ kind: "locked", source: "auto" });
    }, seconds * this.msPerLockSecond).unref();
  }

  private async receive(command: LinkCommand): Promise<LinkResult> {
    this.sent.push(command);
    if (this.replyDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.replyDelayMs));
    else await null;
    if (!this.state.online) return { ok: false, code: "lock.offline", reason: "out of reach" };
    const refused = this.refuse?.(command);
    if (refused) return refused;
    switch (command.type) {
      case "lock":
      case "unlock": {
        let slot: number | null = null;
        if (command.code === undefined && this.settings["requirePinForRemote"] === true) {
          return { ok: false, code: "code.required", reason: "this lock asks for a user code" };
        }
        if (command.code !== undefined) {
          slot = this.matching(command.code);
          // As the firmware: a code the lock holds that opens nothing now is its own refusal
          // (code.window: switched off or outside its window). Unlike the firmware's, this reason
          // names no slot.
          const held = [...this.slots.values()].some((s) => s.code === command.code);
          if (slot === null && held)
            return {
              ok: false,
              code: "code.window",
              reason: "that code is switched off or outside its window",
            };
          if (slot === null) return { ok: false, code: "code.wrong", reason: "no slot holds that code" };
        }
        if (this.jamNext) {
          this.jamNext = false;
          this.change({ bolt: "jammed" });
          this.report({ kind: "jammed" });
          return { ok: false, code: "bolt.jammed", reason: "the bolt stalled" };
        }
        this.change({ bolt: command.type === "lock" ? "locked" : "unlocked" });
        if (command.type === "unlock") this.armAutoLock();
        this.report({
          kind: command.type === "lock" ? "locked" : "unlocked",
          source: "remote",
          ...(slot ? { slot } : {}),
        });
        return { ok: true, ...(slot ? { data: { slot } } : {}) };
      }
      case "setCode": {
        const rules = this.state.codeRules;
        if (!this.slots.has(command.slot) && this.slots.size >= rules.capacity) {
          return { ok: false, code: "code.capacity", reason: "every slot is taken" };
        }
        if (!/^[0-9]+$/.test(command.code)) return { ok: false, code: "code.digits", reason: "digits only" };
        if (command.slot < 1 || command.slot > rules.capacity)
          return { ok: false, code: "code.slot", reason: "no such slot" };
        if (command.code.length < rules.minLength || command.code.length > rules.maxLength) {
          return { ok: false, code: "code.length", reason: "4 to 8 digits" };
        }
        for (const [slot, s] of this.slots) {
          if (slot !== command.slot && s.code.slice(0, 4) === command.code.slice(0, 4)) {
            return { ok: false, code: "code.conflict", reason: `first 4 digits match slot ${slot}` };
          }
        }
        // As the firmware (radio-commands.ts extrasProblem): an empty window is refused, not stored.
        if (
          command.validFromMs !== undefined &&
          command.validUntilMs !== undefined &&
          command.validUntilMs <= command.validFromMs
        )
          return {
            ok: false,
            code: "command.invalid",
            reason: "validUntilMs must be later than validFromMs",
          };
        const existed = this.slots.has(command.slot);
        const { type: _t, slot, ...rest } = command;
        this.slots.set(slot, rest);
        this.report({ kind: existed ? "code-changed" : "code-added", source: "remote", slot });
        return { ok: true };
      }
      case "setSchedule": {
        const slot = this.slots.get(command.slot);
        if (!slot) return { ok: false, code: "code.empty", reason: "no code in that slot" };
        const next: Slot = { code: slot.code };
        const from =
          command.validFromMs === undefined ? slot.validFromMs : (command.validFromMs ?? undefined);
        const until =
          command.validUntilMs === undefined ? slot.validUntilMs : (command.validUntilMs ?? undefined);
        const weekly = command.weekly === undefined ? slot.weekly : (command.weekly ?? undefined);
        if (from !== undefined) next.validFromMs = from;
        if (until !== undefined) next.validUntilMs = until;
        if (weekly !== undefined) next.weekly = weekly;
        const off = command.enabled === undefined ? slot.off : command.enabled ? undefined : true;
        if (off) next.off = off;
        if (from !== undefined && until !== undefined && until <= from)
          return {
            ok: false,
            code: "command.invalid",
            reason: "validUntilMs must be later than validFromMs",
          };
        this.slots.set(command.slot, next);
        // As the firmware: every controller hears that the slot changed.
        this.report({ kind: "code-changed", source: "remote", slot: command.slot });
        return { ok: true };
      }
      case "readSlot":
        return {
          ok: true,
          data: {
            slot: command.slot,
            occupied: this.slots.has(command.slot),
            ...windowOf(this.slots.get(command.slot) ?? { code: "" }),
            ...(this.slots.get(command.slot)?.off ? { enabled: false as const } : {}),
          },
        };
      case "deleteCode":
        this.slots.delete(command.slot);
        this.report({ kind: "code-deleted", source: "remote", slot: command.slot });
        return { ok: true };
      // As the lock's firmware: every controller hears a settings change, and a mode change
      // (only when the mode changed); status answers both (radio-commands.ts).
      case "settings":
        this.settings = { ...this.settings, ...command.settings };
        this.report({ kind: "settings-changed", source: "remote", settings: { ...this.settings } });
        return { ok: true };
      case "mode": {
        const changed = command.mode !== this.state.mode;
        this.change({ mode: command.mode });
        if (changed) this.report({ kind: "mode-changed", source: "remote", mode: command.mode });
        // As the firmware: passage draws the bolt back, reported when the run ends (after the answer).
        if (command.mode === "passage" && this.state.bolt !== "unlocked") {
          setTimeout(() => {
            this.change({ bolt: "unlocked" });
            this.report({ kind: "unlocked", source: "remote" });
          }, 20);
        }
        return { ok: true };
      }
      case "status":
        return { ok: true, data: { mode: this.state.mode, settings: { ...this.settings } } };
      default:
        return { ok: true };
    }
  }
}

function windowOf(s: Slot) {
  return {
    ...(s.validFromMs === undefined ? {} : { validFromMs: s.validFromMs }),
    ...(s.validUntilMs === undefined ? {} : { validUntilMs: s.validUntilMs }),
    ...(s.weekly === undefined ? {} : { weekly: s.weekly }),
  };
}
