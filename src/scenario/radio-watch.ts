/**
 * What a scenario's hub or app hears from the lock (`expect: { radio, result, slot }`): it
 * listens to the twin's radio, keeps the events since the last `expect`, and follows the
 * newest command it sent until the result that carries its request id comes back. Bounded: a
 * scenario may wait days between expectations.
 */
import type { LockEvent, RadioCommand, RadioReport, SlotInfo } from "../core/radio-types.ts";
import type { LockTwin, RadioDelivery } from "../twin/lock-twin.ts";
import type { PairingOutcome } from "../twin/pairing-actions.ts";

/** Events kept between two expectations; more than this is a scenario no person reads. */
const MAX_EVENTS = 1_000;
/** Reports kept in one step's trace. */
const MAX_STEP_REPORTS = 50;

export interface RadioSeen {
  /** Events reported since the last `expect`, oldest first. */
  readonly events: readonly LockEvent[];
  /** The newest command's answer: none sent yet, waiting, `ok`, or its refusal code. */
  readonly result: "none" | "pending" | string;
  /** The newest `readSlot` answer, or null. */
  readonly slot: SlotInfo | null;
}

export class RadioWatch {
  private events: LockEvent[] = [];
  private step: RadioReport[] = [];
  private waitingFor: { requestId: string; command: RadioCommand } | null = null;
  private result: RadioSeen["result"] = "none";
  private slot: SlotInfo | null = null;
  private readonly unsubscribe: () => void;

  constructor(twin: LockTwin) {
    this.unsubscribe = twin.onRadioReport((r) => this.heard(r));
  }

  private heard(r: RadioReport): void {
    if (this.step.length < MAX_STEP_REPORTS) this.step.push(r);
    if (r.type === "event") {
      if (this.events.length < MAX_EVENTS) this.events.push(r.event);
      return;
    }
    this.takeResult(r);
  }

  /** A result that answers the command being followed settles it. */
  private takeResult(r: RadioReport): void {
    if (r.type !== "result" || this.waitingFor === null || r.requestId !== this.waitingFor.requestId) return;
    this.result = r.ok ? "ok" : r.code;
    if (r.ok && this.waitingFor.command.type === "readSlot" && r.data !== undefined && "occupied" in r.data)
      this.slot = r.data;
    this.waitingFor = null;
  }

  /** A `remote` step sent a command (or the link refused it). */
  sent(command: RadioCommand, delivery: RadioDelivery): void {
    if (!delivery.sent) {
      this.waitingFor = null;
      this.result = delivery.code;
      return;
    }
    // The result may already have come (most commands are answered at once): look back first.
    this.waitingFor = { requestId: delivery.requestId, command };
    this.result = "pending";
    for (const r of this.step) this.takeResult(r);
  }

  /** A `pair` or `unpair` step finished with this outcome. */
  answered(outcome: PairingOutcome): void {
    this.waitingFor = null;
    this.result = outcome.ok ? "ok" : outcome.code;
  }

  stepStarts(): void {
    this.step = [];
  }

  duringStep(): readonly RadioReport[] {
    return this.step;
  }

  seen(): RadioSeen {
    return { events: this.events, result: this.result, slot: this.slot };
  }

  /** An `expect` step looked: events start over (the newest result and slot stay). */
  expectationChecked(): void {
    this.events = [];
  }

  stop(): void {
    this.unsubscribe();
  }
}
